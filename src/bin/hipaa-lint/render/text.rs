//! rustc-style text: one snippet per finding, then a summary line.

use super::{counts, Failure, FileResult, RenderOptions, REDACTED};
use annotate_snippets::{Level, Renderer, Snippet};
use hipaa_lint::{Applicability, Finding, Severity};
use std::io::IsTerminal;

/// Colour only on a terminal, never with `NO_COLOR` set (https://no-color.org) or `TERM=dumb`;
/// `CLICOLOR_FORCE` forces it.
pub fn color_wanted() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    std::io::stdout().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

pub fn render(results: &[FileResult], o: &RenderOptions) -> String {
    let renderer = if o.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for r in results {
        for f in &r.report.findings {
            if o.redact {
                redacted(&r.path, f, &mut out);
            } else {
                snippet(&renderer, r, f, &mut out);
            }
            out.push_str("\n\n");
        }
    }
    out.push_str(&summary(results, o));
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The last line: what was found in how many files, then what was suppressed, skipped, or
/// could not be checked or fixed. When no file could be checked, it says so rather than
/// "No problems found".
fn summary(results: &[FileResult], o: &RenderOptions) -> String {
    let (e, w, i) = counts(results);
    let total = e + w + i;
    let files = results.len();
    let unchecked = o.failed(Failure::Read);
    let unwalked = o.failed(Failure::Walk);
    let mut clauses = Vec::new();
    if total > 0 {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (e, "error", "errors"),
            (w, "warning", "warnings"),
            (i, "info", "infos"),
        ] {
            if n > 0 {
                parts.push(plural(n, one, many));
            }
        }
        clauses.push(format!(
            "Found {} ({}) in {}",
            plural(total, "problem", "problems"),
            parts.join(", "),
            plural(files, "file", "files")
        ));
    } else if files > 0 || unchecked + unwalked == 0 {
        clauses.push(format!(
            "No problems found in {}",
            plural(files, "file", "files")
        ));
    }
    let suppressed: usize = results.iter().map(|r| r.report.suppressed.len()).sum();
    if suppressed > 0 {
        clauses.push(format!("{suppressed} suppressed"));
    }
    if !o.skipped.is_empty() {
        clauses.push(format!(
            "{} skipped",
            plural(o.skipped.len(), "file", "files")
        ));
    }
    for (n, one, many, what) in [
        (unchecked, "file", "files", "could not be checked"),
        (unwalked, "directory", "directories", "could not be read"),
        (
            o.failed(Failure::Fix),
            "file",
            "files",
            "could not be fixed",
        ),
    ] {
        if n > 0 {
            clauses.push(format!("{} {what}", plural(n, one, many)));
        }
    }
    format!("{}.\n", clauses.join("; "))
}

/// `path:line:col: severity[rule] message`, one line per finding. Never quotes the draft.
pub fn concise(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        for f in &r.report.findings {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                r.path, f.line, f.column, f.severity, f.rule, f.message
            ));
        }
    }
    out
}

fn help(f: &Finding) -> Option<String> {
    f.suggestions.first().map(|s| {
        let tag = match s.applicability {
            Applicability::Safe => "",
            Applicability::Review => " (review before use)",
            Applicability::HasPlaceholders => " (fill in the practice's details)",
        };
        format!("{}{tag}", s.message)
    })
}

/// A snippet of the lines the finding covers, with the span underlined.
fn snippet(renderer: &Renderer, r: &FileResult, f: &Finding, out: &mut String) {
    let text = &r.text;
    let first = text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
    let last = text[f.span.end..]
        .find('\n')
        .map_or(text.len(), |i| f.span.end + i);
    let source = text[first..last].trim_end_matches('\r');
    let start = f.span.start - first;
    let end = (f.span.end - first).min(source.len()).max(start);
    // annotate-snippets appends `:line:col` of the annotation to the origin itself.
    let help = help(f);
    let mut msg = level(f.severity).title(&f.message).id(&f.rule).snippet(
        Snippet::source(source)
            .line_start(f.line)
            .origin(&r.path)
            .annotation(level(f.severity).span(start..end)),
    );
    if let Some(h) = &help {
        msg = msg.footer(Level::Help.title(h));
    }
    out.push_str(&renderer.render(msg).to_string());
}

/// Without the draft's text: the position, the rule and the message only.
fn redacted(path: &str, f: &Finding, out: &mut String) {
    out.push_str(&format!(
        "{}[{}]: {}\n --> {path}:{}:{}\n  = note: {REDACTED}",
        f.severity, f.rule, f.message, f.line, f.column
    ));
    if let Some(h) = help(f) {
        out.push_str(&format!("\n  = help: {h}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(errors: &[(Failure, &str)], skipped: usize) -> RenderOptions {
        RenderOptions {
            redact: false,
            skipped: vec!["x: binary file, skipped".to_string(); skipped],
            errors: errors
                .iter()
                .map(|(failure, message)| crate::render::FileError {
                    failure: *failure,
                    path: None,
                    message: message.to_string(),
                })
                .collect(),
            color: false,
        }
    }

    #[test]
    fn summary_of_a_run_without_inputs_or_errors_finds_no_problems_in_0_files() {
        assert_eq!(
            summary(&[], &options(&[], 0)),
            "No problems found in 0 files.\n"
        );
    }

    #[test]
    fn summary_counts_directories_that_could_not_be_read_and_never_claims_no_problems() {
        let o = options(
            &[
                (Failure::Walk, "a: Permission denied"),
                (Failure::Walk, "b: Permission denied"),
            ],
            1,
        );
        assert_eq!(
            summary(&[], &o),
            "1 file skipped; 2 directories could not be read.\n"
        );
    }
}
