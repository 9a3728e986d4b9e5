//! What a check returns: findings with spans, severities and suggestions.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How loud a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice.
    Info,
    /// Risky; a human should look.
    Warning,
    /// A likely violation.
    Error,
}

impl Severity {
    /// The lowercase name used in TOML, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity `{s}` (expected error, warning or info)"
            )),
        }
    }
}

/// A rule's category: the four built-in ones, or a custom pack's own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Category {
    /// Health information about the reviewer (`phi`).
    Phi,
    /// Confirms the reviewer is or was a patient (`patient-status`).
    PatientStatus,
    /// Arguing, threatening or insulting tone (`tone`).
    Tone,
    /// Review solicitation problems (`solicitation`).
    Solicitation,
    /// A custom pack's category.
    Other(String),
}

impl Category {
    /// The name used in TOML and JSON.
    pub fn as_str(&self) -> &str {
        match self {
            Category::Phi => "phi",
            Category::PatientStatus => "patient-status",
            Category::Tone => "tone",
            Category::Solicitation => "solicitation",
            Category::Other(s) => s,
        }
    }
}

impl From<String> for Category {
    fn from(s: String) -> Self {
        match s.as_str() {
            "phi" => Category::Phi,
            "patient-status" => Category::PatientStatus,
            "tone" => Category::Tone,
            "solicitation" => Category::Solicitation,
            _ => Category::Other(s),
        }
    }
}

impl From<Category> for String {
    fn from(c: Category) -> Self {
        c.as_str().to_string()
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range into the caller's original text, always on char boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The covered text.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
    /// Whether two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Whether a suggestion can be applied without a human reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Meaning-preserving; the result re-lints clean.
    Safe,
    /// A human should read it before it is used.
    Review,
    /// Uses a value (e.g. the practice phone) the config does not supply.
    HasPlaceholders,
}

/// One replacement of a byte range of the original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced.
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// How to say it safely instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// What the suggestion does, for people.
    pub message: String,
    /// When it can be applied.
    pub applicability: Applicability,
    /// The edits, non-overlapping, sorted by position.
    pub edits: Vec<Edit>,
}

/// One problem found in a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id, e.g. `phi.procedure`.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// Severity after escalation and config overrides.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
    /// Bytes of the original text the finding is about.
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column of `span.start`, counted in characters.
    pub column: usize,
    /// The covered text (omitted when redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Regulation or policy citations, short form.
    pub references: Vec<String>,
    /// Safe rewrites.
    pub suggestions: Vec<Suggestion>,
}

/// The result of checking one draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Findings sorted by position, then rule id.
    pub findings: Vec<Finding>,
    /// Findings silenced by inline suppression comments, with the comment's reason, in
    /// position order. They never count towards a check's outcome but are kept for audit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
}

/// A finding silenced by an inline `hipaa-lint: allow|disable|disable-file` comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    /// The finding as it would have been reported.
    #[serde(flatten)]
    pub finding: Finding,
    /// The comment's `reason="…"`, if it gave one (`None` when redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Report {
    /// The highest severity among the findings, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
    /// Whether any finding is at or above `level`.
    pub fn has_at_least(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
    }
    /// Findings of one rule.
    pub fn of_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.rule == rule)
    }
}
