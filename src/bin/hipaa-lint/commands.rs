//! `rules`, `explain`, `test`, `init` and `rewrite`.

use crate::args::{ExplainArgs, InitArgs, ListFormat, RewriteArgs, RulesArgs, TestArgs};
use crate::check::Configs;
use crate::fix::Encoding;
use crate::inputs::{self, Input, Loaded, Source};
use crate::{emit, fail, notice};
use hipaa_lint::{Pack, Rule, Severity};
use std::fmt::Write as _;
use std::process::ExitCode;

/// The rules of the current directory's config (built-in packs by default) plus the
/// suppression rules, sorted by id.
fn all_rules() -> Result<Vec<Rule>, String> {
    let r = Configs::new(None, &[])?.for_path(None)?;
    let mut v: Vec<Rule> = r.linter.rules().cloned().collect();
    v.extend(hipaa_lint::suppress::rules());
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v.dedup_by(|a, b| a.id == b.id);
    Ok(v)
}

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// A rule's documentation as `rules --format json` and `explain --format json` print it: the
/// user-facing fields only, so pack-schema internals (triggers, conditions) can change freely.
fn doc(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "category": r.category,
        "severity": r.severity,
        "kinds": r.kinds,
        "practice_types": r.practice_types,
        "message": r.message,
        "explanation": r.explanation,
        "example": r.example,
        "instead": r.instead,
        "references": r.references,
    })
}

pub fn rules(a: RulesArgs) -> ExitCode {
    let rules = match all_rules() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut out = String::new();
    match a.format {
        ListFormat::Text => {
            let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &rules {
                let _ = writeln!(
                    out,
                    "{:<w$}  {:<7}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.message
                );
            }
        }
        ListFormat::Json => {
            let docs: Vec<serde_json::Value> = rules.iter().map(doc).collect();
            let _ = writeln!(out, "{}", json(&docs));
        }
    }
    emit(&out);
    ExitCode::SUCCESS
}

pub fn explain(a: ExplainArgs) -> ExitCode {
    let rules = match all_rules() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let Some(r) = rules.iter().find(|r| r.id == a.rule) else {
        let near: Vec<&str> = rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| {
                let cat = a.rule.split('.').next().unwrap_or("");
                id.starts_with(&format!("{cat}.")) || id.contains(a.rule.as_str())
            })
            .collect();
        let hint = if near.is_empty() {
            "see `hipaa-lint rules`".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        return fail(format!("no rule `{}` ({hint})", a.rule));
    };
    let mut out = String::new();
    if a.format == ListFormat::Json {
        let _ = writeln!(out, "{}", json(&doc(r)));
        emit(&out);
        return ExitCode::SUCCESS;
    }
    let _ = writeln!(
        out,
        "{} ({}, {})\n\n{}\n",
        r.id, r.category, r.severity, r.message
    );
    if !r.explanation.is_empty() {
        let _ = writeln!(out, "Why: {}\n", r.explanation);
    }
    if !r.example.is_empty() {
        let _ = writeln!(out, "Example:  {}", r.example);
    }
    if !r.instead.is_empty() {
        let _ = writeln!(out, "Instead:  {}", r.instead);
    }
    if !r.references.is_empty() {
        let _ = writeln!(out, "\nReferences: {}", r.references.join("; "));
    }
    emit(&out);
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
        let mut out = String::new();
        for f in &report.failures {
            out.push_str(&diff(&report.origin, f));
        }
        let _ = writeln!(
            out,
            "{}: {} cases, {} failed",
            report.origin,
            report.total,
            report.failures.len()
        );
        // Pack by pack, so a long run shows progress.
        emit(&out);
    }
    emit(&format!("{} passed, {} failed\n", total - failed, failed));
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One failing case as a small diff of rule ids: `-` expected but did not fire, `+` fired but not
/// expected, ` ` as expected.
fn diff(origin: &str, f: &hipaa_lint::pack::TestFailure) -> String {
    let mut s = format!("FAIL {origin}:{}\n", f.line);
    for (i, line) in f.text.lines().enumerate() {
        s.push_str(if i == 0 { "  text: " } else { "        " });
        s.push_str(line);
        s.push('\n');
    }
    let mut ids: Vec<&String> = f.expected.iter().chain(&f.actual).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        s.push_str("    (no rule expected, none fired)\n");
    }
    for id in ids {
        let (mark, note) = match (f.expected.contains(id), f.actual.contains(id)) {
            (true, false) => ('-', "expected, did not fire"),
            (false, true) => ('+', "fired, not expected"),
            _ => (' ', "as expected"),
        };
        s.push_str(&format!("  {mark} {id:<40} {note}\n"));
    }
    for span in &f.missing_spans {
        s.push_str(&format!(
            "  - span {span:?}: no finding covers exactly this text\n"
        ));
    }
    s
}

/// The file `init` writes: every key, commented, with the defaults.
pub const INIT_TEMPLATE: &str = r#"# hipaa-lint configuration. The closest .hipaa-lint.toml above a checked file applies;
# `extend` pulls in a base file whose keys this file overrides.
# extend = "../.hipaa-lint.toml"

# Packs: "builtin" (all built-in packs), a built-in pack id, or a path to your own pack.
packs = ["builtin"]

# Lowest severity that makes `hipaa-lint check` exit 1: error | warning | info.
fail_on = "warning"

# Default draft kind: reply | solicitation | post | auto (auto: a draft asking for a review is
# a solicitation, anything else a reply).
kind = "auto"

# Practice type: dental, medical, behavioral, sud, … (behavioral and sud raise patient-status
# warnings to errors).
# practice_type = "dental"

# Largest draft, in bytes, that check and rewrite read (default 10 MiB = 10485760); a larger
# file, stdin or --jsonl text is an error, not checked. --max-file-size overrides it.
# max_file_size = 10485760

# The practice's own details: never flagged in contact or sign-off context, and used to fill
# {practice_name}, {practice_phone}, … in suggestions.
[practice]
# name = "Smile Dental"
# phone = ["(555) 010-2000"]
# email = ["office@smile.example"]
# url = ["smile.example"]
# address = "100 Main St, Springfield"
# review_link = "https://smile.example/review"
# allow_names = ["Dr. Lee", "Maria"]    # staff who sign replies or take calls
# allow_terms = ["Healthy Smiles Plan"] # brand or program names that look clinical

# Per-rule or per-category severity: "error", "warning", "info" or "off".
[rules]
# "tone.shouting" = "off"
# "phi.*" = "error"

# Template placeholders that are always safe (globs with *).
[placeholders]
safe = ["practice_*", "review_link"]

# Draft kind per file glob, relative to this file (a glob without / matches file names).
# [[kinds]]
# glob = "requests/**"
# kind = "solicitation"
"#;

pub fn init(a: InitArgs) -> ExitCode {
    let path = a.dir.join(hipaa_lint::config::CONFIG_FILE);
    if path.exists() && !a.force {
        return fail(format!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        ));
    }
    if let Err(e) = std::fs::write(&path, INIT_TEMPLATE) {
        return fail(format!("{}: {e}", path.display()));
    }
    emit(&format!("wrote {}\n", path.display()));
    ExitCode::SUCCESS
}

/// `rewrite`: prints the whole safe rewrite of one draft ([`hipaa_lint::Linter::rewrite`] with
/// review edits: whole-reply templates filled from the config, and an offline invitation).
/// The file is never changed; the line endings of the input are kept, a BOM is not printed.
pub fn rewrite(a: RewriteArgs) -> ExitCode {
    let stdin = a.path.as_os_str() == "-";
    let (display, path, source) = if stdin {
        (
            a.stdin_filename
                .as_ref()
                .map_or_else(|| "-".to_string(), |p| p.display().to_string()),
            a.stdin_filename.clone(),
            Source::Stdin,
        )
    } else {
        (
            a.path.display().to_string(),
            Some(a.path.clone()),
            Source::File(a.path.clone()),
        )
    };
    if !stdin && !a.path.is_file() {
        return fail(format!("{display}: no such file"));
    }
    let r = match Configs::new(a.config.as_deref(), &a.packs)
        .and_then(|mut c| c.for_path(path.as_deref()))
    {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let input = Input {
        display,
        path,
        source,
    };
    let cap = a.max_file_size.unwrap_or_else(|| r.config.max_file_size());
    let text = match inputs::read(&input, None, cap) {
        Loaded::Text(t, _bom) => t,
        Loaded::Skipped(m) | Loaded::Failed(m) => return fail(m),
    };
    let opts =
        crate::check::options_for(&input, &r, a.input_format, a.kind, &a.practice_type, false);
    let (lf, enc) = Encoding::decode(&text, false);
    let out = r.linter.rewrite(&lf, &opts, true);
    if out.report.has_at_least(Severity::Warning) {
        // Should not happen (convergence is tested), but say so rather than imply it is clean.
        notice(format!(
            "{}: the rewrite still has {} finding(s); run `hipaa-lint check` on it",
            input.display,
            out.report
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .count()
        ));
    }
    let mut text = out.text;
    // A template has no final newline; a terminal prompt or a file redirect wants one.
    if !text.ends_with('\n') {
        text.push('\n');
    }
    emit(&enc.encode(&text));
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_template_is_a_valid_config() {
        hipaa_lint::Config::from_toml(INIT_TEMPLATE).unwrap();
    }
}
