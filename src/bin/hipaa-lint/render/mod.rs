//! Output formats. Each renderer turns the checked files, in input order, into one string; none
//! of them prints a draft's text when `--redact` is on.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use crate::args::Format;
use hipaa_lint::{Finding, Report, Severity};
use std::collections::BTreeMap;

/// What `--redact` hides.
pub const REDACTED: &str = "[redacted]";

/// One checked draft.
pub struct FileResult {
    /// The name printed.
    pub path: String,
    /// The draft (for snippets and end positions; never printed under `--redact`).
    pub text: String,
    pub report: Report,
}

/// What could not be done for a path (each makes the exit code 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A directory could not be searched for drafts.
    Walk,
    /// A draft could not be read, or was over the size cap: it was not checked.
    Read,
    /// `--fix` could not write a draft; it was checked and its findings are reported.
    Fix,
}

/// A path the run could not search, check or fix.
#[derive(Clone, Debug)]
pub struct FileError {
    pub failure: Failure,
    /// The path as printed, when the error is about one.
    pub path: Option<String>,
    /// The message as printed on stderr; it names the path itself.
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Options shared by the renderers.
pub struct RenderOptions {
    pub redact: bool,
    /// Notices for files skipped (binary, not UTF-8), for the summaries.
    pub skipped: Vec<String>,
    /// Paths that could not be searched, checked or fixed.
    pub errors: Vec<FileError>,
    pub color: bool,
}

impl RenderOptions {
    /// How many errors of one kind there are.
    pub fn failed(&self, failure: Failure) -> usize {
        self.errors.iter().filter(|e| e.failure == failure).count()
    }
}

/// 1-based line and character column of a byte offset (the column of the char at `at`, or one
/// past the last char of the line when `at` is a line end).
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = floor_char_boundary(text, at);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// Start and end (exclusive) line/column of a finding.
pub fn region(text: &str, f: &Finding) -> (usize, usize, usize, usize) {
    let (el, ec) = line_col(text, f.span.end);
    (f.line, f.column, el, ec)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Counts per severity over all files: (errors, warnings, infos).
pub fn counts(results: &[FileResult]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for f in results.iter().flat_map(|r| &r.report.findings) {
        match f.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

/// `--statistics`: findings per rule, most frequent first (ties by rule id). JSON for the JSON
/// formats, an aligned table otherwise.
pub fn statistics(results: &[FileResult], format: Format) -> String {
    let mut per: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for f in results.iter().flat_map(|r| &r.report.findings) {
        let e = per.entry(&f.rule).or_insert((0, f.severity));
        e.0 += 1;
        e.1 = e.1.max(f.severity);
    }
    let mut rows: Vec<(&str, usize, Severity)> =
        per.into_iter().map(|(r, (n, s))| (r, n, s)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match format {
        Format::Json | Format::JsonLines => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|(r, n, s)| serde_json::json!({"rule": r, "severity": s, "count": n}))
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        _ => {
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
            let mut s = String::new();
            for (r, n, sev) in &rows {
                s.push_str(&format!("{n:>5}  {r:<width$}  {sev}\n"));
            }
            let total: usize = rows.iter().map(|r| r.1).sum();
            s.push_str(&format!("{total:>5}  total\n"));
            s
        }
    }
}
