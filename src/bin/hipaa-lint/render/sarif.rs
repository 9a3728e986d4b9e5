//! SARIF 2.1.0 for code-scanning uploads.
//!
//! SARIF files are uploaded and kept, so nothing from a draft is written: no `snippet`, no
//! matched text, and fingerprints hash the rule and its occurrence count, never the text.
//! Suppressed findings are kept as results with an `inSource` suppression.

use super::{line_col, region, FileResult, RenderOptions, REDACTED};
use hipaa_lint::{Applicability, Finding, Linter, Rule, Severity};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: forward slashes, reserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut s = String::new();
    for c in path.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => s.push(c),
            _ => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    s.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    s
}

/// FNV-1a, 64 bit: stable across platforms and Rust versions, unlike `DefaultHasher`.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A rule's descriptor. Under `--redact` the example and its safe version are left out: they are
/// sample drafts, and a reader of a kept SARIF file should find no draft-like text in it.
fn rule_descriptor(r: &Rule, redact: bool) -> Value {
    let mut help = r.explanation.clone();
    if !r.example.is_empty() && !redact {
        help.push_str(&format!("\n\nExample: {}", r.example));
    }
    if !r.instead.is_empty() && !redact {
        help.push_str(&format!("\nInstead: {}", r.instead));
    }
    if !r.references.is_empty() {
        help.push_str(&format!("\n\nReferences: {}", r.references.join("; ")));
    }
    let help = help.trim().to_string();
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": {"text": r.message},
        "fullDescription": {"text": if r.explanation.is_empty() { &r.message } else { &r.explanation }},
        "help": {"text": if help.is_empty() { r.message.clone() } else { help }},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {"tags": [r.category.as_str()], "references": r.references},
    })
}

fn region_json(text: &str, start: usize, end: usize) -> Value {
    let (sl, sc) = line_col(text, start);
    let (el, ec) = line_col(text, end);
    json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
}

fn result(r: &FileResult, f: &Finding, index: &HashMap<&str, usize>, occurrence: usize) -> Value {
    let (sl, sc, el, ec) = region(&r.text, f);
    let location = json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(&r.path)},
        "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
    }});
    let mut v = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {
            "hipaaLint/v1": format!("{:016x}", fnv1a(&format!("{}\0{}\0{occurrence}", r.path, f.rule))),
        },
    });
    if let Some(i) = index.get(f.rule.as_str()) {
        v["ruleIndex"] = json!(i);
    }
    let fixes: Vec<Value> = f
        .suggestions
        .iter()
        .filter(|s| s.applicability == Applicability::Safe)
        .map(|s| {
            json!({
                "description": {"text": s.message},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri(&r.path)},
                    "replacements": s.edits.iter().map(|e| json!({
                        "deletedRegion": region_json(&r.text, e.start, e.end),
                        "insertedContent": {"text": e.replacement},
                    })).collect::<Vec<_>>(),
                }],
            })
        })
        .collect();
    if !fixes.is_empty() {
        v["fixes"] = Value::Array(fixes);
    }
    v
}

/// Whether every input could be read, with a notification per skipped or unreadable file so
/// code-scanning shows them.
fn invocation(o: &RenderOptions) -> Value {
    let note = |level: &str, text: &String| json!({"level": level, "message": {"text": text}});
    let notes: Vec<Value> = o
        .skipped
        .iter()
        .map(|m| note("note", m))
        .chain(o.errors.iter().map(|e| note("error", &e.message)))
        .collect();
    let mut v = json!({"executionSuccessful": o.errors.is_empty()});
    if !notes.is_empty() {
        v["toolExecutionNotifications"] = Value::Array(notes);
    }
    v
}

pub fn render(results: &[FileResult], linters: &[&Linter], o: &RenderOptions) -> String {
    // Every rule of every linter in use, once, sorted by id so the output is stable.
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    for l in linters {
        for r in l.rules() {
            rules.entry(r.id.clone()).or_insert_with(|| r.clone());
        }
    }
    for r in hipaa_lint::suppress::rules() {
        rules.entry(r.id.clone()).or_insert(r);
    }
    let index: HashMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for r in results {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut all: Vec<(&Finding, Option<Option<&String>>)> =
            r.report.findings.iter().map(|f| (f, None)).collect();
        all.extend(
            r.report
                .suppressed
                .iter()
                .map(|s| (&s.finding, Some(s.reason.as_ref()))),
        );
        all.sort_by_key(|(f, _)| (f.span.start, f.rule.clone()));
        for (f, suppression) in all {
            let n = seen.entry(f.rule.as_str()).or_insert(0);
            *n += 1;
            let mut v = result(r, f, &index, *n);
            if let Some(reason) = suppression {
                let mut s = json!({"kind": "inSource"});
                if let Some(reason) = reason {
                    s["justification"] = json!(if o.redact { REDACTED } else { reason.as_str() });
                }
                v["suppressions"] = json!([s]);
            }
            out.push(v);
        }
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hipaa-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.values().map(|r| rule_descriptor(r, o.redact)).collect::<Vec<_>>(),
            }},
            "invocations": [invocation(o)],
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_spaces_and_keeps_slashes() {
        assert_eq!(uri("replies/a b#1.md"), "replies/a%20b%231.md");
    }
}
