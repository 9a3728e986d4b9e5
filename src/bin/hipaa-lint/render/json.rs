//! `--format json` (one document, DESIGN §CLI) and `--format json-lines` (one object per file).

use super::{counts, FileError, FileResult, RenderOptions};
use hipaa_lint::{Finding, Suppressed};
use serde_json::{json, Value};

/// Findings as a JSON array value. `Finding::text` is already absent under `--redact`.
pub fn findings(findings: &[Finding]) -> Value {
    serde_json::to_value(findings).unwrap_or(Value::Array(Vec::new()))
}

fn suppressed(s: &[Suppressed]) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Array(Vec::new()))
}

/// `{"path", "findings"}` plus `"suppressed"` (each a finding with its `reason`) when any.
fn file(r: &FileResult) -> Value {
    let mut v = json!({"path": r.path, "findings": findings(&r.report.findings)});
    if !r.report.suppressed.is_empty() {
        v["suppressed"] = suppressed(&r.report.suppressed);
    }
    v
}

/// `{"path", "message"}` for a path that could not be searched, checked or fixed; `path` is
/// null when the error is about none, and `message` is the line printed on stderr.
fn error(e: &FileError) -> Value {
    json!({"path": e.path, "message": e.message})
}

/// The document of DESIGN §CLI, plus `"errors"`: the paths that could not be searched, checked
/// or fixed (always present, empty when there were none).
pub fn document(results: &[FileResult], o: &RenderOptions) -> String {
    let (errors, warnings, infos) = counts(results);
    let v = json!({
        "version": 1,
        "files": results.iter().map(file).collect::<Vec<_>>(),
        "errors": o.errors.iter().map(error).collect::<Vec<_>>(),
        "summary": {
            "files": results.len(),
            "findings": errors + warnings + infos,
            "errors": errors,
            "warnings": warnings,
            "infos": infos,
            "suppressed": results.iter().map(|r| r.report.suppressed.len()).sum::<usize>(),
            "skipped": o.skipped.len(),
        }
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

pub fn lines(results: &[FileResult]) -> String {
    let mut s = String::new();
    for r in results {
        s.push_str(&file(r).to_string());
        s.push('\n');
    }
    s
}
