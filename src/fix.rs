//! Suggestions, applying their edits, and the whole-reply safe rewrite (catalog §8).

use crate::config::Config;
use crate::finding::{Applicability, Category, Edit, Report, Severity, Span, Suggestion};
use crate::pack::{DraftKind, Pattern, Rule, SuggestionSpec};

/// What the draft was answering, for choosing a whole-reply template (catalog §8.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyTone {
    /// A negative or mixed review: template A.
    Negative,
    /// A positive review: template B.
    Positive,
    /// Behavioral health, SUD or another sensitive practice: template C.
    Sensitive,
}

/// Fills `{practice_*}` and `{review_link}` from the config. Unset values fall back to neutral
/// wording; returns whether any did.
pub(crate) fn fill(text: &str, config: &Config) -> (String, bool) {
    let p = &config.practice;
    let mut out = text.to_string();
    let mut fell_back = false;
    // A contact pair first, so a missing value does not leave "at our office or our office".
    let phone = p.phone.first().map(String::as_str);
    let email = p.email.first().map(String::as_str);
    if out.contains("{practice_phone} or {practice_email}") {
        let both = match (phone, email) {
            (Some(ph), Some(em)) => format!("{ph} or {em}"),
            (Some(x), None) | (None, Some(x)) => x.to_string(),
            (None, None) => {
                fell_back = true;
                "our office".to_string()
            }
        };
        out = out.replace("{practice_phone} or {practice_email}", &both);
    }
    let vars: [(&str, Option<&str>, &str); 5] = [
        ("{practice_name}", p.name.as_deref(), "our practice"),
        ("{practice_phone}", phone, "our office"),
        ("{practice_email}", email, "our office"),
        (
            "{practice_url}",
            p.url.first().map(String::as_str),
            "our website",
        ),
        ("{review_link}", p.review_link.as_deref(), "our review page"),
    ];
    for (var, value, fallback) in vars {
        if out.contains(var) {
            fell_back |= value.is_none();
            out = out.replace(var, value.unwrap_or(fallback));
        }
    }
    // "… manager at our office." reads oddly; "… manager." says the same.
    out = out
        .replace(" at our office.", ".")
        .replace(" at our office ", " ");
    (capitalise_sentences(&out), fell_back)
}

/// Upper-cases the first letter of the text and of every sentence in it. A stop counts only
/// when whitespace follows it, so "hello@smile.example" and "smile.com" keep their case.
fn capitalise_sentences(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    let mut after_stop = false;
    for c in s.chars() {
        if std::mem::take(&mut after_stop) && c.is_whitespace() {
            start = true;
        }
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            after_stop = true;
        } else if !c.is_whitespace() && !matches!(c, '"' | '\'' | '(' | '\u{201C}') {
            start = false;
        }
        out.push(c);
    }
    out
}

/// The whole compliant reply (catalog §8.4), or the compliant review request (§8.5) for a
/// solicitation, filled from the config. Returns the text and whether a fallback was used.
pub fn safe_reply(config: &Config, kind: DraftKind, tone: ReplyTone) -> (String, bool) {
    let template = match (kind, tone) {
        (DraftKind::Solicitation, _) => {
            "Thank you for choosing {practice_name}. If you'd like to share your experience, you can leave an honest review here: {review_link}. We welcome all feedback, good or bad. Please don't include personal health details in a public review. If you'd rather talk to us directly, call {practice_phone}."
        }
        (_, ReplyTone::Sensitive) => {
            "Thank you for your message. To protect everyone's privacy, we do not comment on or confirm whether any individual, patient or non-patient, has received services here. If you would like to talk with someone, please call {practice_phone}."
        }
        (_, ReplyTone::Positive) => {
            "Thank you for taking the time to leave a review. We appreciate your kind words and will share them with our team. If there is ever anything we can do, please call {practice_phone}."
        }
        (_, ReplyTone::Negative) => {
            "Thank you for sharing your feedback. {practice_name} is committed to respectful, high-quality care for everyone we serve, and we take every concern seriously. Privacy laws prevent us from discussing any individual's care online, but we would welcome the chance to talk with you directly. Please contact our office manager at {practice_phone} or {practice_email}."
        }
    };
    fill(template, config)
}

/// Decides which §8.4 template fits a draft: sensitive practice or finding, else negative when the
/// draft expresses regret or argues, else positive.
pub(crate) fn reply_tone(
    lower: &str,
    practice_type: Option<&str>,
    sensitive_fired: bool,
    tone_fired: bool,
) -> ReplyTone {
    const SENSITIVE: &[&str] = &[
        "behavioral",
        "sud",
        "mental-health",
        "substance-use",
        "reproductive",
    ];
    if sensitive_fired || practice_type.is_some_and(|p| SENSITIVE.contains(&p)) {
        return ReplyTone::Sensitive;
    }
    const REGRET: &[&str] = &[
        "sorry",
        "apolog",
        "disappoint",
        "concern",
        "frustrat",
        "unhappy",
        "upset",
        "complain",
        "regret",
        "not what",
        "fell short",
    ];
    if tone_fired || REGRET.iter().any(|r| lower.contains(r)) {
        ReplyTone::Negative
    } else {
        ReplyTone::Positive
    }
}

/// Rules whose errors call for replacing the whole reply (catalog §8.1).
const WHOLE_REPLY_RULES: &[&str] = &[
    "phi.sensitive-category",
    "tone.legal-threat",
    "tone.retaliation",
    "solicitation.review-suppression-threat",
    "solicitation.incentive-for-removal",
];

/// Whether a report calls for the whole-reply template: an error of a §8.1 rule, or two or more
/// errors of `phi.*`/`patient-status.*`.
pub(crate) fn needs_whole_reply(report: &Report) -> bool {
    let errors = || {
        report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    };
    errors().any(|f| WHOLE_REPLY_RULES.contains(&f.rule.as_str()))
        || errors()
            .filter(|f| matches!(f.category, Category::Phi | Category::PatientStatus))
            .count()
            >= 2
}

/// The offline invitation of catalog §8.3, filled from the config.
pub(crate) fn offline_sentence(config: &Config) -> String {
    fill(
        "We'd welcome the chance to talk with you directly; please contact our office manager at {practice_phone} or {practice_email}.",
        config,
    )
    .0
}

/// Builds the suggestion of `rule` for a finding at `span` in `sentence` (original bytes).
/// `filled` is the spec's text through [`fill`] (once per `Linter`); `whole` is the safe reply
/// used by `replace-reply` rules that give no text of their own.
pub(crate) fn suggestion(
    spec: &SuggestionSpec,
    rule: &Rule,
    filled: &(String, bool),
    original: &str,
    span: Span,
    sentence: std::ops::Range<usize>,
    whole: &dyn Fn() -> (String, bool),
) -> Suggestion {
    let (text, fell_back) = if spec.pattern == Pattern::ReplaceReply && spec.text.is_empty() {
        whole()
    } else {
        filled.clone()
    };
    // A name addressed at a sentence's end ("We hear you, Jane.") goes with its comma: a
    // greeting's replacement ("Hello,") would read "We hear you, Hello."
    let text = if spec.pattern == Pattern::RedactSpan && trailing_vocative(original, span) {
        String::new()
    } else {
        text
    };
    let applicability = if fell_back {
        Applicability::HasPlaceholders
    } else {
        spec.applicability
    };
    let edits = match spec.pattern {
        Pattern::RedactSpan => vec![redact(original, span, &text)],
        Pattern::ReplaceSentence => {
            let (s, e) = trim_range(original, sentence);
            if text.is_empty() {
                vec![Edit {
                    start: s,
                    end: eat_space(original, e),
                    replacement: String::new(),
                }]
            } else {
                vec![Edit {
                    start: s,
                    end: e,
                    replacement: text.clone(),
                }]
            }
        }
        Pattern::ReplaceReply => vec![Edit {
            start: 0,
            end: original.len(),
            replacement: text.clone(),
        }],
    };
    let message = match spec.pattern {
        Pattern::RedactSpan if text.is_empty() => format!("Remove the {}.", what(rule)),
        Pattern::RedactSpan => format!("Replace with \"{text}\"."),
        Pattern::ReplaceSentence if text.is_empty() => "Delete this sentence.".to_string(),
        Pattern::ReplaceSentence => format!("Say instead: \"{text}\""),
        Pattern::ReplaceReply => format!("Replace the whole reply with: \"{text}\""),
    };
    Suggestion {
        message,
        applicability,
        edits,
    }
}

/// Whether `span` is a name addressed after a comma at a sentence's end: "hurt, Jane."
fn trailing_vocative(original: &str, span: Span) -> bool {
    original[..span.start].ends_with(", ") && original[span.end..].starts_with(['.', '!', '?'])
}

/// "identifier", "greeting name", … for messages.
fn what(rule: &Rule) -> String {
    rule.id
        .split('.')
        .nth(1)
        .unwrap_or(&rule.id)
        .replace('-', " ")
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

const GREETINGS: &[&str] = &[
    "hi ",
    "hello ",
    "hey ",
    "dear ",
    "good morning ",
    "good afternoon ",
    "thank you, ",
    "thanks, ",
    "thank you ",
    "thanks ",
];
const DANGLING: &[&str] = &[
    " at", " on", " to", " for", " from", " by", " in", " with", " of", " via",
];

/// The end of `s` lower-cased, long enough for every `ends_with` test against [`GREETINGS`] and
/// [`DANGLING`]: lower-casing everything before each finding was quadratic on large files.
fn ascii_lower_tail(s: &str) -> String {
    let longest = GREETINGS
        .iter()
        .chain(DANGLING)
        .map(|w| w.len())
        .max()
        .unwrap_or(0);
    let mut from = s.len().saturating_sub(longest);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    s[from..].to_ascii_lowercase()
}

/// Deletes (or replaces) a span and mends what is around it, so no "[REDACTED]", double space or
/// dangling fragment is left: "Hi Jane, thanks" → "Hello, thanks" (with text "Hello,"),
/// "hurt, Jane." → "hurt.", "a voicemail at 555-201-8844." → "a voicemail."
fn redact(original: &str, span: Span, text: &str) -> Edit {
    let mut start = span.start;
    let mut end = span.end;
    let lower_before = ascii_lower_tail(&original[..start]);
    let greeting = GREETINGS.iter().find(|g| lower_before.ends_with(*g));
    if let Some(g) = greeting {
        // A greeting name: the greeting and its comma go, the replacement greets no one.
        start -= g.len();
        if original[end..].starts_with([',', '!', ':', '\u{2014}']) {
            end += original[end..].chars().next().map_or(0, char::len_utf8);
        }
        let at_line_start = original[..start].trim_end_matches([' ', '\t']).is_empty()
            || original[..start].ends_with('\n');
        let replacement = if text.is_empty() {
            "Hello,".to_string()
        } else {
            text.to_string()
        };
        let replacement = if at_line_start {
            replacement
        } else {
            replacement.to_lowercase()
        };
        return Edit {
            start,
            end,
            replacement,
        };
    }
    if !text.is_empty() {
        return Edit {
            start,
            end,
            replacement: text.to_string(),
        };
    }
    let before = &original[..start];
    let after = &original[end..];
    if before.ends_with(", ") && after.starts_with(['.', '!', '?', ',']) {
        // "hurt, Jane." → "hurt."
        start -= 2;
    } else if before.ends_with(' ')
        && (after.starts_with([' ', ',', '.', '!', '?', ';', ':']) || after.is_empty())
    {
        start -= 1;
        let lb = ascii_lower_tail(&original[..start]);
        if let Some(prep) = DANGLING.iter().find(|p| lb.ends_with(*p)) {
            // "a voicemail at ." would dangle: the preposition goes too.
            start -= prep.len();
        }
    } else if after.starts_with(' ') {
        end += 1;
    }
    // "Your account #448812 shows" → "Shows": a determiner left before the gap goes too, and
    // the word that now opens the sentence gets a capital.
    // Only the tail matters: lowering all the text before every finding is quadratic.
    let trimmed = original[..start].trim_end_matches(' ');
    let mut from = trimmed
        .len()
        .saturating_sub(DETERMINERS.iter().map(|d| d.len()).max().unwrap_or(0) + 4);
    while !trimmed.is_char_boundary(from) {
        from -= 1;
    }
    let lb = trimmed[from..].to_ascii_lowercase();
    let det = DETERMINERS.iter().find(|d| {
        lb.ends_with(*d)
            && lb[..lb.len() - d.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    if let Some(det) = det {
        start = from + lb.len() - det.len();
        end = eat_space(original, end);
        let opens_sentence = original[..start].trim_end().is_empty()
            || original[..start]
                .trim_end()
                .ends_with(['.', '!', '?', '\n']);
        if opens_sentence {
            if let Some(c) = original[end..].chars().next() {
                return Edit {
                    start,
                    end: end + c.len_utf8(),
                    replacement: c.to_uppercase().collect(),
                };
            }
        }
    }
    Edit {
        start,
        end,
        replacement: String::new(),
    }
}

/// Words that cannot stand before nothing.
const DETERMINERS: &[&str] = &[
    "your", "his", "her", "their", "my", "our", "the", "a", "an", "this", "that",
];

/// Removes every sentence that carries a warning or error: the last resort when edits do not
/// converge (sentences are given as original byte ranges).
pub(crate) fn drop_sentences(original: &str, sentences: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(original.len());
    let mut at = 0;
    let mut sorted = sentences.to_vec();
    sorted.sort_by_key(|r| r.start);
    for r in sorted {
        if r.start < at {
            continue;
        }
        out.push_str(&original[at..r.start]);
        at = eat_space(original, r.end);
    }
    out.push_str(&original[at..]);
    tidy(out.trim())
}

/// Applies the non-overlapping edits of the first suggestion of each finding whose
/// applicability is `safe` (and `review` too when `include_review`), in position order.
pub(crate) fn apply(report: &Report, original: &str, include_review: bool) -> String {
    let mut edits: Vec<&Edit> = report
        .findings
        .iter()
        .filter_map(|f| f.suggestions.first())
        .filter(|s| s.applicability == Applicability::Safe || include_review)
        .flat_map(|s| s.edits.iter())
        .filter(|e| {
            e.start <= e.end
                && e.end <= original.len()
                && original.is_char_boundary(e.start)
                && original.is_char_boundary(e.end)
        })
        .collect();
    // Whole-reply replacements win over everything else.
    if let Some(whole) = edits
        .iter()
        .find(|e| e.start == 0 && e.end == original.len() && !original.is_empty())
    {
        return whole.replacement.clone();
    }
    edits.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
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
    tidy(&out)
}

/// Collapses the double spaces and empty lines edits can leave behind.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut prev_space = false;
        let lead: String = line.chars().take_while(|c| *c == ' ').collect();
        out.push_str(&lead);
        for c in line[lead.len()..].chars() {
            if c == ' ' && prev_space {
                continue;
            }
            prev_space = c == ' ';
            out.push(c);
        }
    }
    let trimmed = out.trim_end_matches([' ']).to_string();
    trimmed
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(",.", ".")
}

impl Report {
    /// The draft with the safe edits applied (and `review` edits too when `include_review`).
    /// `original` must be the text this report was made from.
    pub fn rewrite(&self, original: &str, include_review: bool) -> String {
        apply(self, original, include_review)
    }

    /// Whether any finding is at warning or error level.
    pub fn has_problems(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity >= Severity::Warning)
    }
}

#[cfg(test)]
mod tests {
    use super::capitalise_sentences;

    #[test]
    fn only_stops_before_whitespace_start_sentences() {
        assert_eq!(
            capitalise_sentences("call us. write to a@b.example or see smile.com. thanks!"),
            "Call us. Write to a@b.example or see smile.com. Thanks!"
        );
    }
}
