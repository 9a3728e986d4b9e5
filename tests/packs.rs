//! Every built-in pack runs its own cases, and every rule carries what `explain` and the
//! rewrites need, with enough firing and clean cases to pin it down.

use hipaa_lint::{Pack, TestReport};

fn diff(report: &TestReport) -> String {
    report
        .failures
        .iter()
        .map(|f| {
            format!(
                "{}:{}\n  text:     {}\n  expected: {:?}\n  actual:   {:?}{}\n",
                report.origin,
                f.line,
                f.text,
                f.expected,
                f.actual,
                if f.missing_spans.is_empty() {
                    String::new()
                } else {
                    format!("\n  spans not covered: {:?}", f.missing_spans)
                }
            )
        })
        .collect()
}

fn run_pack(id: &str) {
    let pack = Pack::builtin(id).unwrap_or_else(|| panic!("built-in pack `{id}` exists"));
    let report = pack.run_tests().expect("pack compiles");
    assert!(report.total > 0, "pack `{id}` has no test cases");
    assert!(
        report.passed(),
        "{} of {} cases failed:\n{}",
        report.failures.len(),
        report.total,
        diff(&report)
    );
}

fn check_rule_coverage(id: &str) {
    let pack = Pack::builtin(id).expect("exists");
    let mut problems = Vec::new();
    for r in &pack.rules {
        let firing = pack
            .tests
            .iter()
            .filter(|t| t.expect.contains(&r.id))
            .count();
        let clean = pack
            .tests
            .iter()
            .filter(|t| !t.expect.contains(&r.id))
            .count();
        if firing < 3 {
            problems.push(format!("{}: {firing} firing cases (need 3)", r.id));
        }
        if clean < 2 {
            problems.push(format!("{}: {clean} clean cases (need 2)", r.id));
        }
        for (field, value) in [
            ("explanation", &r.explanation),
            ("example", &r.example),
            ("instead", &r.instead),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("{}: no {field}", r.id));
            }
        }
        if r.references.is_empty() {
            problems.push(format!("{}: no references", r.id));
        }
        if r.suggestion.is_none() {
            problems.push(format!("{}: no suggestion", r.id));
        }
    }
    assert!(problems.is_empty(), "pack `{id}`:\n{}", problems.join("\n"));
}

macro_rules! pack_tests {
    ($($name:ident => $id:literal),* $(,)?) => {
        mod cases {
            $( #[test] fn $name() { super::run_pack($id); } )*
        }
        mod coverage {
            $( #[test] fn $name() { super::check_rule_coverage($id); } )*
        }
    };
}

pack_tests! {
    phi => "phi",
    patient_status => "patient-status",
    tone => "tone",
    solicitation => "solicitation",
}

#[test]
fn builtin_packs_are_the_four_categories() {
    let ids: Vec<String> = Pack::builtins().into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["phi", "patient-status", "tone", "solicitation"]);
}
