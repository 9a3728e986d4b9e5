//! Rewrites converge: the rewritten draft lints clean, keeps a way to talk offline, and a second
//! rewrite changes nothing. Declared `safe` suggestions must hold up on their own.

use hipaa_lint::{Applicability, CheckOptions, Config, DraftKind, Linter, Pack, Severity};
use std::sync::OnceLock;

fn config() -> Config {
    Config::from_toml(
        r#"
[practice]
name = "Bright Smiles Dental"
phone = ["(555) 010-2000"]
email = ["hello@brightsmiles.example"]
review_link = "https://g.page/brightsmiles/review"
"#,
    )
    .unwrap()
}

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builder().config(config()).build().unwrap())
}

fn opts(kind: Option<DraftKind>, practice_type: Option<&str>) -> CheckOptions {
    CheckOptions {
        kind: kind.unwrap_or(DraftKind::Reply),
        practice_type: practice_type.map(str::to_string),
        ..Default::default()
    }
}

/// Rewrites, then checks the three convergence properties; returns a description on failure.
fn converges(text: &str, o: &CheckOptions) -> Result<(), String> {
    let first = linter().rewrite(text, o, true);
    let problems: Vec<String> = first
        .report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| format!("{} {:?}", f.rule, f.text))
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "rewrite still has {problems:?}\n    in: {text}\n   out: {}",
            first.text
        ));
    }
    let second = linter().rewrite(&first.text, o, true);
    if second.text != first.text {
        return Err(format!(
            "second rewrite changed the text\n  1st: {}\n  2nd: {}",
            first.text, second.text
        ));
    }
    let lower = first.text.to_lowercase();
    let is_reply = o.kind == DraftKind::Reply;
    if is_reply
        && first.changed
        && !(lower.contains("555")
            || lower.contains('@')
            || lower.contains("call")
            || lower.contains("contact"))
    {
        return Err(format!("no offline invitation in: {}", first.text));
    }
    if first.text.contains("[REDACTED]") || first.text.contains("  ") {
        return Err(format!(
            "left a redaction mark or double space: {}",
            first.text
        ));
    }
    Ok(())
}

#[test]
fn every_firing_pack_case_rewrites_to_a_clean_draft() {
    let mut failures = Vec::new();
    for pack in Pack::builtins() {
        for t in pack.tests.iter().filter(|t| !t.expect.is_empty()) {
            let o = CheckOptions {
                format: t.format.unwrap_or_default(),
                ..opts(t.kind, t.practice_type.as_deref())
            };
            if let Err(e) = converges(&t.text, &o) {
                failures.push(format!("{}:{}: {e}", pack.origin, t.line));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases do not converge:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_violating_corpus_draft_rewrites_to_a_clean_draft() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev.jsonl");
    let Ok(body) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} not found (CI provides ../shared)");
        return;
    };
    let mut failures = Vec::new();
    let mut n = 0;
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["labels"].as_array().is_none_or(|a| a.is_empty()) {
            continue;
        }
        n += 1;
        let kind = v["draft"].as_str().and_then(|k| k.parse().ok());
        let text = v["text"].as_str().unwrap();
        let format = if text.trim_start().starts_with('<') {
            hipaa_lint::InputFormat::Html
        } else {
            hipaa_lint::InputFormat::Text
        };
        let o = CheckOptions {
            format,
            ..opts(kind, v["practice_type"].as_str())
        };
        if let Err(e) = converges(text, &o) {
            failures.push(format!("{}: {e}", v["id"]));
        }
    }
    assert!(n > 100, "corpus has violating drafts");
    assert!(
        failures.is_empty(),
        "{} of {n} drafts do not converge:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn declared_safe_suggestions_remove_their_finding_without_adding_problems() {
    let mut failures = Vec::new();
    for pack in Pack::builtins() {
        for t in &pack.tests {
            let o = CheckOptions {
                format: t.format.unwrap_or_default(),
                ..opts(t.kind, t.practice_type.as_deref())
            };
            let report = linter().check_with(&t.text, &o);
            let before = report
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .count();
            for f in report.findings.iter().filter(|f| {
                f.suggestions
                    .first()
                    .is_some_and(|s| s.applicability == Applicability::Safe)
            }) {
                let single = hipaa_lint::Report {
                    findings: vec![f.clone()],
                    ..Default::default()
                };
                let fixed = single.rewrite(&t.text, false);
                let after = linter().check_with(&fixed, &o);
                let still = after.findings.iter().any(|g| g.rule == f.rule);
                let worse = after
                    .findings
                    .iter()
                    .filter(|f| f.severity >= Severity::Warning)
                    .count()
                    >= before;
                if still || worse && before > 0 {
                    failures.push(format!(
                        "{}:{} {}: {:?} -> {:?}",
                        pack.origin, t.line, f.rule, t.text, fixed
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "safe suggestions that do not hold:\n{}",
        failures.join("\n")
    );
}

#[test]
fn hostile_reply_becomes_a_short_clean_reply_with_the_practice_phone() {
    let text = "Mr. Thompson, our records show you came in on March 3rd for a root canal and your Delta Dental \
                plan denied the claim. You are lying about the wait, and our attorney will be in touch.";
    let out = linter().rewrite(text, &opts(Some(DraftKind::Reply), Some("dental")), true);
    assert!(!out.report.has_problems(), "{:?}", out.report.findings);
    for gone in [
        "Thompson",
        "March",
        "root canal",
        "Delta",
        "lying",
        "attorney",
    ] {
        assert!(!out.text.contains(gone), "{gone} still in {}", out.text);
    }
    assert!(out.text.contains("(555) 010-2000"), "{}", out.text);
}

#[test]
fn greeting_name_redaction_keeps_the_sentence_readable() {
    let text = "Hi Jane, thanks for the kind words!";
    let r = linter().check_with(text, &opts(Some(DraftKind::Reply), None));
    assert_eq!(r.rewrite(text, false), "Hello, thanks for the kind words!");
}

#[test]
fn name_addressed_at_a_sentence_end_goes_with_its_comma() {
    let text = "We hear you, Sarah. Please call us at (555) 010-2000.";
    let r = linter().check_with(text, &opts(Some(DraftKind::Reply), None));
    assert_eq!(
        r.rewrite(text, false),
        "We hear you. Please call us at (555) 010-2000."
    );
}

#[test]
fn surname_initial_goes_with_the_first_name() {
    let text = "Thanks so much, Maria S.! Your new crown looks great.";
    let out = linter().rewrite(text, &opts(Some(DraftKind::Reply), Some("dental")), true);
    assert!(
        !out.text.contains("Maria") && !out.text.contains("S."),
        "{}",
        out.text
    );
}

#[test]
fn clean_draft_is_returned_unchanged() {
    let text =
        "Thank you for taking the time to share your feedback. Please call us at (555) 010-2000.";
    let out = linter().rewrite(text, &opts(Some(DraftKind::Reply), None), true);
    assert!(!out.changed);
    assert_eq!(out.text, text);
}
