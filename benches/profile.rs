//! A fixed amount of work for `valgrind --tool=callgrind`, which counts instructions
//! repeatably on a shared machine where wall-clock timings wander:
//!
//! ```text
//! cargo bench --bench profile --no-run
//! valgrind --tool=callgrind target/release/deps/profile-<hash> corpus 3
//! ```
//!
//! Modes: `build` (one `Linter::default()`), `corpus N` (build, then N passes over the dev
//! corpus), `steady N` (one warm-up pass, then N passes inside `steady`), `document BYTES` (build, then one check of a document of that size), `bare N` (N
//! passes of the bare pipeline over the corpus), `dump` (every corpus finding, for diffing).

mod common;

use hipaa_lint::Linter;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mode = args.first().map(String::as_str).unwrap_or("corpus");
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let drafts = common::corpus();
    match mode {
        "build" => drop(black_box(Linter::default())),
        "corpus" => {
            let linter = Linter::default();
            println!("{} findings", passes(&linter, &drafts, n));
        }
        "steady" => {
            // One warm-up pass (lazy DFA caches fill), then N measured passes: profile with
            // `--toggle-collect=profile::steady` to see only the steady state.
            let linter = Linter::default();
            let warm = passes(&linter, &drafts, 1);
            println!("{} findings", warm + steady(&linter, &drafts, n));
        }
        "dump" => {
            // Every finding of the corpus, to diff before and after an engine change.
            let linter = Linter::default();
            for (i, d) in drafts.iter().enumerate() {
                for f in linter.check_with(&d.text, &d.opts).findings {
                    println!("{i} {} {:?} {:?}", f.rule, f.span, f.severity);
                }
            }
        }
        "document" => {
            let linter = Linter::default();
            let doc = common::document(&drafts, n);
            println!("{} findings", linter.check(&doc).findings.len());
        }
        "bare" => {
            let bare = common::Bare::new();
            let mut total = 0;
            for _ in 0..n {
                for d in &drafts {
                    total += bare.run(&d.text);
                }
            }
            println!("{total}");
        }
        other => {
            eprintln!("unknown mode {other}: build | corpus N | steady N | document BYTES | bare N")
        }
    }
}

fn passes(linter: &Linter, drafts: &[common::Draft], n: usize) -> usize {
    let mut findings = 0;
    for _ in 0..n {
        for d in drafts {
            findings += linter.check_with(&d.text, &d.opts).findings.len();
        }
    }
    findings
}

#[inline(never)]
fn steady(linter: &Linter, drafts: &[common::Draft], n: usize) -> usize {
    passes(linter, drafts, n)
}
