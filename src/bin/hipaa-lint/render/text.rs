//! rustc-style text: one snippet per finding, then a summary line.

use super::{counts, FileResult, RenderOptions, REDACTED};
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
    let (e, w, i) = counts(results);
    let total = e + w + i;
    let suppressed: usize = results.iter().map(|r| r.report.suppressed.len()).sum();
    let files = results.len();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if total == 0 {
        out.push_str(&format!(
            "No problems found in {}",
            plural(files, "file", "files")
        ));
    } else {
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
        out.push_str(&format!(
            "Found {} ({}) in {}",
            plural(total, "problem", "problems"),
            parts.join(", "),
            plural(files, "file", "files")
        ));
    }
    if suppressed > 0 {
        out.push_str(&format!("; {suppressed} suppressed"));
    }
    if !o.skipped.is_empty() {
        out.push_str(&format!(
            "; {} skipped",
            plural(o.skipped.len(), "file", "files")
        ));
    }
    out.push_str(".\n");
    out
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
