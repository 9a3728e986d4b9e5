//! Speed of the library against the bare-pipeline ceiling of `../shared/perf/LIMIT.md`.
//!
//! Criterion groups: `build` (a `Linter` with the built-in packs, and build + first check),
//! `corpus` (every dev-corpus draft, ours and the bare pipeline), `document` (single documents of
//! 10 KB to 10 MB, ours and bare). Under `cargo bench` a summary follows: drafts/s, MB/s, our
//! figure as a ratio of the bare pipeline rebuilt here, and MB/s on 10 MB against 10 KB.
//!
//! Run with `nice -n 15 cargo bench --bench lint`; `-- corpus` etc. filters criterion groups,
//! `HIPAA_LINT_BENCH_SUMMARY=0` skips the summary.

mod common;

use common::{Bare, Draft};
use criterion::{black_box, BenchmarkId, Criterion, Throughput};
use hipaa_lint::Linter;
use std::time::{Duration, Instant};

const SIZES: &[(&str, usize)] = &[
    ("10KB", 10_000),
    ("100KB", 100_000),
    ("1MB", 1_000_000),
    ("10MB", 10_000_000),
];

fn lint_corpus(linter: &Linter, drafts: &[Draft]) -> usize {
    drafts
        .iter()
        .map(|d| linter.check_with(&d.text, &d.opts).findings.len())
        .sum()
}

fn bare_corpus(bare: &Bare, drafts: &[Draft]) -> usize {
    drafts.iter().map(|d| bare.run(&d.text)).sum()
}

fn bench_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(20);
    g.bench_function("linter", |b| b.iter(|| black_box(Linter::default())));
    g.bench_function("linter+first_check", |b| {
        b.iter(|| {
            let l = Linter::default();
            black_box(l.check("We're sorry your root canal on 3/4 hurt, Jane."))
        })
    });
    g.finish();
}

fn bench_corpus(c: &mut Criterion, linter: &Linter, bare: &Bare, drafts: &[Draft]) {
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Elements(drafts.len() as u64));
    g.bench_function("hipaa-lint", |b| b.iter(|| lint_corpus(linter, drafts)));
    g.bench_function("bare", |b| b.iter(|| bare_corpus(bare, drafts)));
    g.finish();
}

fn bench_documents(c: &mut Criterion, linter: &Linter, bare: &Bare, docs: &[(&str, String)]) {
    let mut g = c.benchmark_group("document");
    for (name, doc) in docs {
        g.throughput(Throughput::Bytes(doc.len() as u64));
        if doc.len() >= 1_000_000 {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::new("hipaa-lint", name), doc, |b, d| {
            b.iter(|| linter.check(d).findings.len())
        });
        g.bench_with_input(BenchmarkId::new("bare", name), doc, |b, d| {
            b.iter(|| bare.run(d))
        });
    }
    g.finish();
}

/// Seconds per call of `f`: the median of 5 repetitions of at least 250 ms each (LIMIT.md's
/// method, so the figures compare).
fn seconds_per_call(mut f: impl FnMut()) -> f64 {
    let mut reps = Vec::with_capacity(5);
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(250) {
            f();
            n += 1;
        }
        reps.push(start.elapsed().as_secs_f64() / f64::from(n));
    }
    reps.sort_by(f64::total_cmp);
    reps[2]
}

fn summary(linter: &Linter, bare: &Bare, drafts: &[Draft], docs: &[(&str, String)]) {
    let bytes: usize = drafts.iter().map(|d| d.text.len()).sum();
    let n = drafts.len() as f64;
    let mb = bytes as f64 / 1e6;
    println!();
    println!(
        "== summary: {} rules, {} drafts, mean {:.0} bytes; one thread ==",
        linter.rules().count(),
        drafts.len(),
        bytes as f64 / n
    );
    let build = seconds_per_call(|| {
        black_box(Linter::default());
    });
    let first = seconds_per_call(|| {
        black_box(Linter::default().check("We're sorry your root canal on 3/4 hurt, Jane."));
    });
    println!(
        "build: Linter::default() {:.1} ms; build + first check {:.1} ms (target <= 30 ms)",
        build * 1e3,
        first * 1e3
    );
    let ours = seconds_per_call(|| {
        black_box(lint_corpus(linter, drafts));
    });
    let base = seconds_per_call(|| {
        black_box(bare_corpus(bare, drafts));
    });
    println!(
        "corpus: hipaa-lint {:.0} drafts/s, {:.2} MB/s | bare {:.0} drafts/s, {:.2} MB/s | ratio {:.2} (target >= 0.50, >= 130000 drafts/s)",
        n / ours,
        mb / ours,
        n / base,
        mb / base,
        base / ours
    );
    let mut first_mbs = None;
    for (name, doc) in docs {
        let mb = doc.len() as f64 / 1e6;
        let ours = seconds_per_call(|| {
            black_box(linter.check(doc).findings.len());
        });
        let base = seconds_per_call(|| {
            black_box(bare.run(doc));
        });
        let mbs = mb / ours;
        let vs_small = *first_mbs.get_or_insert(mbs);
        println!(
            "document {name:>5}: hipaa-lint {:.2} MB/s | bare {:.2} MB/s | ratio {:.2} | vs 10KB {:.2} (target >= 0.50)",
            mbs,
            mb / base,
            base / ours,
            mbs / vs_small
        );
    }
}

fn main() {
    let drafts = common::corpus();
    let linter = Linter::default();
    let bare = Bare::new();
    let docs: Vec<(&str, String)> = SIZES
        .iter()
        .map(|&(name, size)| (name, common::document(&drafts, size)))
        .collect();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench_build(&mut c);
    bench_corpus(&mut c, &linter, &bare, &drafts);
    bench_documents(&mut c, &linter, &bare, &docs);
    c.final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not and needs no summary.
    let benching = std::env::args().any(|a| a == "--bench");
    if benching && std::env::var("HIPAA_LINT_BENCH_SUMMARY").as_deref() != Ok("0") {
        summary(&linter, &bare, &drafts, &docs);
    }
}
