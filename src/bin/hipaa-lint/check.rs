//! The subcommands.

use crate::args::{CheckArgs, ExplainArgs, Format, RulesArgs, TestArgs};
use crate::render;
use hipaa_lint::{CheckOptions, Config, InputFormat, Linter, Pack, Report, Severity};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("hipaa-lint: {msg}");
    ExitCode::from(2)
}

fn load_config(explicit: Option<&Path>, near: &Path) -> Result<Config, hipaa_lint::Error> {
    match explicit {
        Some(p) => Config::from_file(p),
        None => Ok(Config::discover(near)?.unwrap_or_default()),
    }
}

pub fn run(a: CheckArgs) -> ExitCode {
    let near = a
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let near = if near.as_os_str() == "-" {
        PathBuf::from(".")
    } else {
        near
    };
    let config = match load_config(a.config.as_deref(), &near) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let fail_on: Severity = a
        .fail_on
        .map(Into::into)
        .or(config.fail_on)
        .unwrap_or(Severity::Warning);
    let linter = match Linter::builder().config(config).build() {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let opts = CheckOptions {
        kind: a.kind.map(Into::into).unwrap_or_default(),
        practice_type: a.practice_type.clone(),
        redact: a.redact,
        ..Default::default()
    };
    if a.jsonl {
        return jsonl(&linter, &opts, fail_on);
    }
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let mut files = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                return fail(format!("<stdin>: {e}"));
            }
            files.push(("<stdin>".to_string(), s, InputFormat::Text));
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            for f in found {
                match std::fs::read_to_string(&f) {
                    Ok(s) => files.push((f.display().to_string(), s, InputFormat::from_path(&f))),
                    Err(e) => eprintln!("hipaa-lint: skipping {}: {e}", f.display()),
                }
            }
        } else {
            match std::fs::read_to_string(p) {
                Ok(s) => files.push((p.display().to_string(), s, InputFormat::from_path(p))),
                Err(e) => return fail(format!("{}: {e}", p.display())),
            }
        }
    }
    let mut failed = false;
    let mut out = String::new();
    let mut docs = Vec::new();
    for (path, text, format) in &files {
        let report = linter.check_with(
            text,
            &CheckOptions {
                format: *format,
                ..opts.clone()
            },
        );
        failed |= report.has_at_least(fail_on);
        match a.format {
            Format::Text => render::text(path, &report, &mut out),
            Format::Json | Format::JsonLines => docs.push((path.clone(), report)),
        }
    }
    match a.format {
        Format::Text => {}
        Format::Json => out = json_doc(&docs),
        Format::JsonLines => {
            for (path, r) in &docs {
                out.push_str(&serde_json::json!({"path": path, "findings": render::findings_json(&r.findings)}).to_string());
                out.push('\n');
            }
        }
    }
    if !a.quiet {
        print!("{out}");
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn json_doc(docs: &[(String, Report)]) -> String {
    let count = |s: Severity| {
        docs.iter()
            .flat_map(|(_, r)| &r.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let v = serde_json::json!({
        "version": 1,
        "files": docs.iter().map(|(p, r)| serde_json::json!({"path": p, "findings": render::findings_json(&r.findings)})).collect::<Vec<_>>(),
        "summary": {
            "files": docs.len(),
            "findings": docs.iter().map(|(_, r)| r.findings.len()).sum::<usize>(),
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
        }
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&v).expect("serialises")
    )
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some(
                "txt"
                    | "md"
                    | "markdown"
                    | "html"
                    | "htm"
                    | "liquid"
                    | "hbs"
                    | "mustache"
                    | "j2"
                    | "tmpl"
            )
        ) {
            out.push(p);
        }
    }
}

/// `--jsonl`: one output line per input record, in order.
fn jsonl(linter: &Linter, base: &CheckOptions, fail_on: Severity) -> ExitCode {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => return fail(format!("<stdin>:{}: {e}", n + 1)),
        };
        if line.trim().is_empty() {
            continue;
        }
        let rec: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => return fail(format!("<stdin>:{}: not JSON: {e}", n + 1)),
        };
        let Some(text) = rec.get("text").and_then(|t| t.as_str()) else {
            return fail(format!(
                "<stdin>:{}: key `text`: missing or not a string",
                n + 1
            ));
        };
        let mut opts = base.clone();
        if let Some(k) = rec.get("kind").and_then(|k| k.as_str()) {
            match k.parse() {
                Ok(k) => opts.kind = k,
                Err(e) => return fail(format!("<stdin>:{}: key `kind`: {e}", n + 1)),
            }
        }
        if let Some(p) = rec.get("practice_type").and_then(|k| k.as_str()) {
            opts.practice_type = Some(p.to_string());
        }
        if let Some(f) = rec.get("format").and_then(|k| k.as_str()) {
            opts.format = match f {
                "markdown" | "md" => InputFormat::Markdown,
                "html" => InputFormat::Html,
                _ => InputFormat::Text,
            };
        } else if looks_like_html(text) {
            opts.format = InputFormat::Html;
        }
        let report = linter.check_with(text, &opts);
        failed |= report.has_at_least(fail_on);
        let mut obj = serde_json::Map::new();
        if let Some(id) = rec.get("id") {
            obj.insert("id".into(), id.clone());
        }
        obj.insert("findings".into(), render::findings_json(&report.findings));
        if writeln!(stdout, "{}", serde_json::Value::Object(obj)).is_err() {
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A record without a format that starts with a tag is HTML.
fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('<')
        && [
            "<p", "<div", "<br", "<span", "<ul", "<h", "<a ", "<strong", "<em",
        ]
        .iter()
        .any(|tag| t.to_ascii_lowercase().contains(tag))
}

pub fn rules(a: RulesArgs) -> ExitCode {
    let linter = Linter::default();
    match a.format {
        Format::Text => {
            for r in linter.rules() {
                println!("{:<48} {:<8} {}", r.id, r.severity, r.message);
            }
        }
        _ => {
            let v: Vec<_> = linter.rules().collect();
            println!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        }
    }
    ExitCode::SUCCESS
}

pub fn explain(a: ExplainArgs) -> ExitCode {
    let linter = Linter::default();
    let Some(r) = linter.rule(&a.rule) else {
        return fail(format!("no rule `{}` (see `hipaa-lint rules`)", a.rule));
    };
    println!(
        "{} ({}, {})\n\n{}\n",
        r.id, r.category, r.severity, r.message
    );
    if !r.explanation.is_empty() {
        println!("Why: {}\n", r.explanation);
    }
    if !r.example.is_empty() {
        println!("Example:  {}", r.example);
    }
    if !r.instead.is_empty() {
        println!("Instead:  {}", r.instead);
    }
    if !r.references.is_empty() {
        println!("\nReferences: {}", r.references.join("; "));
    }
    ExitCode::SUCCESS
}

pub fn test(a: TestArgs) -> ExitCode {
    let packs = if a.packs.is_empty() {
        Pack::builtins()
    } else {
        let mut v = Vec::new();
        for p in &a.packs {
            match Pack::from_file(p) {
                Ok(p) => v.push(p),
                Err(e) => return fail(e),
            }
        }
        v
    };
    let mut failed = 0;
    let mut total = 0;
    for pack in &packs {
        let report = match pack.run_tests() {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        total += report.total;
        failed += report.failures.len();
        for f in &report.failures {
            println!("FAIL {}:{}", report.origin, f.line);
            println!("  text:     {}", f.text);
            println!("  expected: [{}]", f.expected.join(", "));
            println!("  actual:   [{}]", f.actual.join(", "));
            let missing: Vec<&String> = f
                .expected
                .iter()
                .filter(|e| !f.actual.contains(e))
                .collect();
            let extra: Vec<&String> = f
                .actual
                .iter()
                .filter(|e| !f.expected.contains(e))
                .collect();
            if !missing.is_empty() {
                println!(
                    "  - missing: {}",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !extra.is_empty() {
                println!(
                    "  + extra:   {}",
                    extra
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !f.missing_spans.is_empty() {
                println!("  spans not covered: {:?}", f.missing_spans);
            }
        }
        println!(
            "{}: {} cases, {} failed",
            report.origin,
            report.total,
            report.failures.len()
        );
    }
    println!("{} passed, {} failed", total - failed, failed);
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
