//! Suggestions and applying their edits: the safe rewrite of a draft.

use crate::config::Config;
use crate::finding::{Applicability, Edit, Report, Span, Suggestion};
use crate::pack::{Pattern, Rule, SuggestionSpec};

/// Fills `{practice_*}` variables from the config; unset ones fall back to neutral wording.
/// Returns the text and whether a fallback was used.
pub(crate) fn fill(text: &str, config: &Config) -> (String, bool) {
    let p = &config.practice;
    let first = |v: &[String]| v.first().cloned();
    let vars: [(&str, Option<String>, &str); 5] = [
        ("{practice_name}", p.name.clone(), "our practice"),
        ("{practice_phone}", first(&p.phone), "our office"),
        ("{practice_email}", first(&p.email), "our office"),
        ("{practice_url}", first(&p.url), "our website"),
        ("{review_link}", p.review_link.clone(), "our review page"),
    ];
    let mut out = text.to_string();
    let mut fell_back = false;
    for (var, value, fallback) in vars {
        if out.contains(var) {
            fell_back |= value.is_none();
            out = out.replace(var, value.as_deref().unwrap_or(fallback));
        }
    }
    // "at our office or our office" reads badly: collapse the doubled fallback.
    out = out.replace("our office or our office", "our office");
    (out, fell_back)
}

/// Builds the suggestion of `rule` for a finding at `span` in `sentence` (original bytes).
pub(crate) fn suggestion(
    spec: &SuggestionSpec,
    rule: &Rule,
    config: &Config,
    original: &str,
    span: Span,
    sentence: std::ops::Range<usize>,
) -> Suggestion {
    let (text, fell_back) = fill(&spec.text, config);
    let applicability = if fell_back {
        Applicability::HasPlaceholders
    } else {
        spec.applicability
    };
    let edits = match spec.pattern {
        Pattern::RedactSpan => vec![redact(original, span, &text)],
        Pattern::ReplaceSentence => {
            let (s, e) = trim_range(original, sentence);
            let replacement = if text.is_empty() {
                String::new()
            } else {
                text.clone()
            };
            let end = if replacement.is_empty() {
                eat_space(original, e)
            } else {
                e
            };
            vec![Edit {
                start: s,
                end,
                replacement,
            }]
        }
        Pattern::ReplaceReply => vec![Edit {
            start: 0,
            end: original.len(),
            replacement: text.clone(),
        }],
    };
    let message = match spec.pattern {
        Pattern::RedactSpan if text.is_empty() => format!("Remove `{}`.", rule_short(rule)),
        Pattern::RedactSpan => format!("Replace with \"{text}\"."),
        Pattern::ReplaceSentence if text.is_empty() => "Delete this sentence.".to_string(),
        Pattern::ReplaceSentence => format!("Replace the sentence with: \"{text}\""),
        Pattern::ReplaceReply => format!("Replace the whole reply with: \"{text}\""),
    };
    Suggestion {
        message,
        applicability,
        edits,
    }
}

fn rule_short(rule: &Rule) -> &str {
    rule.id.split('.').nth(1).unwrap_or(&rule.id)
}

fn trim_range(s: &str, r: std::ops::Range<usize>) -> (usize, usize) {
    let t = &s[r.clone()];
    let start = r.start + (t.len() - t.trim_start().len());
    let end = r.end - (t.len() - t.trim_end().len());
    (start, end.max(start))
}

fn eat_space(s: &str, mut e: usize) -> usize {
    while s[e..].starts_with(' ') {
        e += 1;
    }
    e
}

/// Deletes (or replaces) a span and mends what is around it: a greeting word before a name and the
/// comma after it go with it ("Hi Jane, thanks" → "Hello, thanks" when `text` is "Hello,").
fn redact(original: &str, span: Span, text: &str) -> Edit {
    let mut start = span.start;
    let mut end = span.end;
    let before = &original[..start];
    let lower_before = before.to_ascii_lowercase();
    let greeting = [
        "hi ",
        "hello ",
        "hey ",
        "dear ",
        "good morning ",
        "thank you, ",
        "thanks, ",
        "thank you ",
        "thanks ",
    ]
    .iter()
    .find(|g| lower_before.ends_with(*g));
    if !text.is_empty() {
        if let Some(g) = greeting {
            start -= g.len();
        }
        if original[end..].starts_with([',', '!', ':']) {
            end += 1;
        }
        return Edit {
            start,
            end,
            replacement: text.to_string(),
        };
    }
    // Plain deletion: take one neighbouring space so no double space is left.
    if original[..start].ends_with(' ')
        && (original[end..].starts_with([' ', ',', '.', '!', '?', ';', ':'])
            || end == original.len())
    {
        start -= 1;
    } else if original[end..].starts_with(' ') {
        end += 1;
    }
    Edit {
        start,
        end,
        replacement: String::new(),
    }
}

impl Report {
    /// Applies the non-overlapping edits of the first suggestion of each finding whose
    /// applicability is `safe` (and `review` too when `include_review`), in position order.
    pub fn rewrite(&self, original: &str, include_review: bool) -> String {
        let mut edits: Vec<&Edit> = self
            .findings
            .iter()
            .filter_map(|f| f.suggestions.first())
            .filter(|s| {
                s.applicability == Applicability::Safe
                    || include_review && s.applicability != Applicability::HasPlaceholders
            })
            .flat_map(|s| s.edits.iter())
            .filter(|e| {
                e.end <= original.len()
                    && original.is_char_boundary(e.start)
                    && original.is_char_boundary(e.end)
            })
            .collect();
        edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(original.len());
        let mut at = 0;
        for e in edits {
            if e.start < at {
                continue; // overlaps an edit already applied
            }
            out.push_str(&original[at..e.start]);
            out.push_str(&e.replacement);
            at = e.end;
        }
        out.push_str(&original[at..]);
        out
    }
}
