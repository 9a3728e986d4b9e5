//! `check --jsonl`: JSON-lines records on stdin, one output line per record, in input order.
//!
//! Scorers depend on this exact shape: `{"id": …, "findings": […]}` (the `id` echoed when the
//! record has one). Records are checked in parallel a batch at a time and printed in order; a bad
//! record stops the run with exit code 2 after the records before it are printed.

use crate::args::CheckArgs;
use crate::check::Configs;
use crate::fail;
use crate::render::json::findings;
use hipaa_lint::{CheckOptions, InputFormat, Linter, Report, Severity};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Records per parallel batch: enough to keep both cores busy, small enough to stream.
const BATCH: usize = 256;

pub fn run(a: &CheckArgs) -> ExitCode {
    let near = a
        .paths
        .first()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let mut configs = match Configs::new(a.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let resolved = match configs.for_path(Some(&near)) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let fail_on: Severity = a
        .fail_on
        .map(Into::into)
        .or(resolved.config.fail_on)
        .unwrap_or(Severity::Warning);
    let base = CheckOptions {
        kind: a.kind.map(Into::into).unwrap_or_default(),
        practice_type: a.practice_type.clone(),
        redact: a.redact,
        ..Default::default()
    };
    let forced_format = a.input_format.map(InputFormat::from);
    // Our own buffer so we can see when no more input is buffered: a batch is cut there rather
    // than blocking on a read, so a caller that writes one record and waits for its line works.
    let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin().lock());
    let mut n = 0usize;
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    loop {
        // Parse a batch sequentially so an error is reported at its line, after the records
        // before it have been printed.
        let mut batch: Vec<(serde_json::Value, CheckOptions)> = Vec::with_capacity(BATCH);
        let mut error = None;
        let mut done = false;
        let mut line = String::new();
        loop {
            line.clear();
            n += 1;
            match reader.read_line(&mut line) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    error = Some(format!("<stdin>:{n}: {e}"));
                    break;
                }
            }
            if !line.trim().is_empty() {
                match record(line.trim_end_matches(['\n', '\r']), &base, forced_format) {
                    Ok(r) => batch.push(r),
                    Err(e) => {
                        error = Some(format!("<stdin>:{n}: {e}"));
                        break;
                    }
                }
            }
            if batch.len() == BATCH || (!batch.is_empty() && reader.buffer().is_empty()) {
                break;
            }
        }
        let reports: Vec<Report> = batch
            .par_iter()
            .map(|(rec, opts)| check(&resolved.linter, rec, opts))
            .collect();
        for ((rec, _), report) in batch.iter().zip(&reports) {
            failed |= report.has_at_least(fail_on);
            let mut obj = serde_json::Map::new();
            if let Some(id) = rec.get("id") {
                obj.insert("id".into(), id.clone());
            }
            obj.insert("findings".into(), findings(&report.findings));
            if writeln!(stdout, "{}", serde_json::Value::Object(obj)).is_err() {
                return ExitCode::from(2);
            }
        }
        if let Some(e) = error {
            let _ = stdout.flush();
            return fail(e);
        }
        if stdout.flush().is_err() {
            return ExitCode::from(2);
        }
        if done {
            break;
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(linter: &Linter, rec: &serde_json::Value, opts: &CheckOptions) -> Report {
    let text = rec.get("text").and_then(|t| t.as_str()).unwrap_or("");
    linter.check_with(text, opts)
}

/// Parses one record and its per-record options.
fn record(
    line: &str,
    base: &CheckOptions,
    forced_format: Option<InputFormat>,
) -> Result<(serde_json::Value, CheckOptions), String> {
    let rec: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Some(text) = rec.get("text").and_then(|t| t.as_str()) else {
        return Err("key `text`: missing or not a string".into());
    };
    let mut opts = base.clone();
    if let Some(k) = rec.get("kind").and_then(|k| k.as_str()) {
        opts.kind = k.parse().map_err(|e| format!("key `kind`: {e}"))?;
    }
    if let Some(p) = rec.get("practice_type").and_then(|k| k.as_str()) {
        opts.practice_type = Some(p.to_string());
    }
    opts.format = if let Some(f) = forced_format {
        f
    } else if let Some(f) = rec.get("format").and_then(|k| k.as_str()) {
        match f {
            "markdown" | "md" => InputFormat::Markdown,
            "html" => InputFormat::Html,
            _ => InputFormat::Text,
        }
    } else if looks_like_html(text) {
        InputFormat::Html
    } else {
        InputFormat::Text
    };
    Ok((rec, opts))
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
