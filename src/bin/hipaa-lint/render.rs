//! Output formats.

use hipaa_lint::{Finding, Report};

/// `path:line:col: severity[rule] message` plus the matched text.
pub fn text(path: &str, report: &Report, out: &mut String) {
    for f in &report.findings {
        let shown = f
            .text
            .as_deref()
            .map(|t| format!(" `{t}`"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{path}:{}:{}: {}[{}]{shown} {}\n",
            f.line, f.column, f.severity, f.rule, f.message
        ));
        if let Some(s) = f.suggestions.first() {
            out.push_str(&format!("  = help: {}\n", s.message));
        }
    }
}

/// Findings as a JSON array value.
pub fn findings_json(findings: &[Finding]) -> serde_json::Value {
    serde_json::to_value(findings).expect("findings serialise")
}
