//! Inline suppression comments.
//!
//! A draft may carry comments that silence named rules where a human has decided a finding is
//! acceptable (a signed authorization, a published testimonial). Rule ids are always required:
//! there is no blanket "allow everything".
//!
//! # Grammar
//!
//! A directive is the text `hipaa-lint:` followed by a verb, one or more rule ids separated by
//! commas or spaces, and an optional `reason="…"` (or `reason=word`):
//!
//! ```text
//! hipaa-lint: allow phi.patient-name, phi.date reason="signed authorization on file"
//! ```
//!
//! It must sit inside a comment: `<!-- … -->` (HTML and Markdown), `{# … #}` (Jinja),
//! `{{!-- … --}}` or `{{! … }}` (Handlebars), or on a line of its own that starts with `#` or `//`
//! (plain-text templates). A rule id is exact (`phi.procedure`) or a category prefix
//! (`phi.*`).
//!
//! | verb | silences the named rules in |
//! |---|---|
//! | `allow` | the next paragraph (up to the next blank line, or in HTML the next closing block tag); a comment that ends a line of prose applies to that paragraph instead |
//! | `disable` | everything after it, up to an `enable` naming the same rule, or the end of the draft |
//! | `enable` | ends a `disable` of the same rule |
//! | `disable-file` | the whole draft, wherever the comment sits |
//!
//! Silenced findings move to [`Report::suppressed`](crate::Report::suppressed) with the
//! comment's reason. A directive that silences nothing is reported as the info finding
//! [`UNUSED`] (with a safe fix that deletes the comment), and a malformed one (no rule ids, an
//! unknown verb, an unterminated comment) as the warning [`INVALID`]; both can be turned off or
//! re-levelled in the config like any rule. Directive comments are blanked before the draft is
//! linted, so their rule ids and reasons are never mistaken for prose.

use crate::config::{Config, RuleSetting};
use crate::finding::{
    Applicability, Category, Edit, Finding, Severity, Span, Suggestion, Suppressed,
};
use crate::pack::{Rule, Scope};
use crate::{CheckOptions, InputFormat};
use std::borrow::Cow;
use std::ops::Range;

/// Rule id of the finding for a suppression comment that silences nothing.
pub const UNUSED: &str = "suppress.unused";
/// Rule id of the finding for a suppression comment that cannot be read.
pub const INVALID: &str = "suppress.invalid";

const MARKER: &str = "hipaa-lint:";

/// Comment delimiters a directive may sit in: (opener, closer).
const BLOCK_COMMENTS: [(&str, &str); 4] = [
    ("<!--", "-->"),
    ("{{!--", "--}}"),
    ("{{!", "}}"),
    ("{#", "#}"),
];

/// The rules the suppression machinery itself reports, for `rules` and `explain`.
pub fn rules() -> Vec<Rule> {
    let rule =
        |id: &str, severity, message: &str, explanation: &str, example: &str, instead: &str| Rule {
            id: id.to_string(),
            category: Category::Other("suppress".to_string()),
            severity,
            kinds: Vec::new(),
            practice_types: Vec::new(),
            scope: Scope::Draft,
            message: message.to_string(),
            explanation: explanation.to_string(),
            example: example.to_string(),
            instead: instead.to_string(),
            references: Vec::new(),
            triggers: Vec::new(),
            requires: Vec::new(),
            unless: Vec::new(),
            suppresses: Vec::new(),
            escalate: Vec::new(),
            suggestion: None,
            line: 0,
        };
    vec![
        rule(
            INVALID,
            Severity::Warning,
            "This hipaa-lint comment cannot be read, so it silences nothing.",
            "A suppression comment needs a verb (allow, disable, enable, disable-file) and at least one rule id; a typo would otherwise leave a finding silently active or an author believing it was reviewed.",
            "<!-- hipaa-lint: allow -->",
            "<!-- hipaa-lint: allow phi.patient-name reason=\"signed authorization\" -->",
        ),
        rule(
            UNUSED,
            Severity::Info,
            "This suppression comment silences nothing here; remove it.",
            "A stale allow hides the next real finding of that rule in the same place without anyone reviewing it again.",
            "<!-- hipaa-lint: allow phi.procedure -->\nThank you for the kind words!",
            "Thank you for the kind words!",
        ),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verb {
    Allow,
    Disable,
    Enable,
    DisableFile,
}

impl Verb {
    fn as_str(self) -> &'static str {
        match self {
            Verb::Allow => "allow",
            Verb::Disable => "disable",
            Verb::Enable => "enable",
            Verb::DisableFile => "disable-file",
        }
    }
}

/// A directive as read: its verb, rule ids and reason, or why it cannot be read.
type Parsed = Result<(Verb, Vec<String>, Option<String>), String>;

/// One comment holding a directive.
#[derive(Clone, Debug)]
struct Directive {
    /// The whole comment (for line forms: the line without its newline), original bytes.
    span: Range<usize>,
    /// Whether prose precedes the comment on its line (an end-of-line `allow`).
    trailing: bool,
    /// `Err(why)` when the directive cannot be read.
    parsed: Parsed,
}

/// The suppression comments of one draft.
#[derive(Clone, Debug, Default)]
pub(crate) struct Directives {
    list: Vec<Directive>,
}

impl Directives {
    /// Finds every directive comment in `text`.
    pub(crate) fn parse(text: &str) -> Self {
        let mut list = Vec::new();
        let mut from = 0;
        while let Some(i) = text[from..].find(MARKER) {
            let at = from + i;
            from = at + MARKER.len();
            if let Some(d) = directive_at(text, at) {
                from = from.max(d.span.end);
                list.push(d);
            }
        }
        Directives { list }
    }

    /// `text` with every directive comment replaced by spaces (newlines kept), so offsets are
    /// unchanged. Borrows when there is none.
    pub(crate) fn mask<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.list.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut bytes = text.as_bytes().to_vec();
        for d in &self.list {
            for b in &mut bytes[d.span.clone()] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        // Whole UTF-8 sequences inside a span are replaced byte for byte by ASCII spaces, and
        // spans start and end on ASCII delimiters, so the result stays valid UTF-8.
        Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
    }

    /// Moves the findings the directives silence into the returned list, and adds
    /// [`UNUSED`] / [`INVALID`] findings for directives that silence nothing or cannot be read.
    pub(crate) fn apply(
        &self,
        config: &Config,
        text: &str,
        opts: &CheckOptions,
        findings: &mut Vec<Finding>,
    ) -> Vec<Suppressed> {
        if self.list.is_empty() {
            return Vec::new();
        }
        let html = opts.format == InputFormat::Html;
        // (directive index, rule pattern, region) for every silencing unit.
        let mut units: Vec<(usize, &str, Range<usize>)> = Vec::new();
        let mut enable_used = vec![false; self.list.len()];
        for (di, d) in self.list.iter().enumerate() {
            let Ok((verb, ids, _)) = &d.parsed else {
                continue;
            };
            for id in ids {
                let region = match verb {
                    Verb::Allow if d.trailing => paragraph_around(text, d.span.clone(), html),
                    Verb::Allow => next_paragraph(text, d.span.end, html),
                    Verb::DisableFile => 0..text.len(),
                    Verb::Disable => {
                        let end =
                            self.list[di + 1..].iter().enumerate().find_map(|(k, e)| {
                                match &e.parsed {
                                    Ok((Verb::Enable, eids, _)) if eids.contains(id) => {
                                        Some((di + 1 + k, e.span.start))
                                    }
                                    _ => None,
                                }
                            });
                        if let Some((k, _)) = end {
                            enable_used[k] = true;
                        }
                        d.span.end..end.map_or(text.len(), |(_, s)| s)
                    }
                    Verb::Enable => continue,
                };
                units.push((di, id.as_str(), region));
            }
        }
        let mut used = vec![false; self.list.len()];
        let mut suppressed = Vec::new();
        let mut kept = Vec::with_capacity(findings.len());
        for f in findings.drain(..) {
            let hit = units.iter().find(|(_, id, region)| {
                rule_matches(id, &f.rule) && region.contains(&f.span.start)
            });
            match hit {
                Some(&(di, _, _)) => {
                    used[di] = true;
                    let reason = match &self.list[di].parsed {
                        Ok((_, _, r)) if !opts.redact => r.clone(),
                        Ok((_, _, Some(_))) => Some("[redacted]".to_string()),
                        _ => None,
                    };
                    suppressed.push(Suppressed { finding: f, reason });
                }
                None => kept.push(f),
            }
        }
        *findings = kept;
        for (di, d) in self.list.iter().enumerate() {
            let problem = match &d.parsed {
                Err(why) => Some((INVALID, why.clone())),
                Ok((Verb::Enable, ids, _)) if !enable_used[di] => Some((
                    UNUSED,
                    format!(
                        "`enable {}` ends no earlier `disable`; remove it.",
                        ids.join(", ")
                    ),
                )),
                Ok((Verb::Enable, ..)) => None,
                Ok((verb, ids, _)) if !used[di] => Some((
                    UNUSED,
                    format!(
                        "`{} {}` silences nothing here; remove it.",
                        verb.as_str(),
                        ids.join(", ")
                    ),
                )),
                Ok(_) => None,
            };
            let Some((rule, message)) = problem else {
                continue;
            };
            let default = if rule == INVALID {
                Severity::Warning
            } else {
                Severity::Info
            };
            let severity = match config.rule_setting(rule) {
                Some(RuleSetting::Off) => continue,
                Some(RuleSetting::Info) => Severity::Info,
                Some(RuleSetting::Warning) => Severity::Warning,
                Some(RuleSetting::Error) => Severity::Error,
                None => default,
            };
            findings.push(meta_finding(text, d, rule, severity, message, opts.redact));
        }
        findings.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
        suppressed
    }
}

/// A finding about a directive itself, with a safe fix that deletes the comment.
fn meta_finding(
    text: &str,
    d: &Directive,
    rule: &str,
    severity: Severity,
    message: String,
    redact: bool,
) -> Finding {
    let span = Span::new(d.span.start, d.span.end);
    let (line, column) = crate::error::LineIndex::new(text).line_col(text, span.start);
    // Take the whole line when the comment is alone on it, so no blank line is left behind.
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let alone = text[line_start..span.start].trim().is_empty()
        && text[span.end..line_end].trim().is_empty();
    let (start, end) = if alone {
        (line_start, (line_end + 1).min(text.len()))
    } else {
        (span.start, span.end)
    };
    Finding {
        rule: rule.to_string(),
        category: Category::Other("suppress".to_string()),
        severity,
        message,
        span,
        line,
        column,
        text: (!redact).then(|| span.slice(text).to_string()),
        references: Vec::new(),
        suggestions: vec![Suggestion {
            // Deleting an unused allow changes nothing; deleting an unreadable one may drop what
            // its author meant to say, so a human decides.
            message: if rule == UNUSED {
                "Delete the comment.".to_string()
            } else {
                "Fix or delete the comment.".to_string()
            },
            applicability: if rule == UNUSED {
                Applicability::Safe
            } else {
                Applicability::Review
            },
            edits: vec![Edit {
                start,
                end,
                replacement: String::new(),
            }],
        }],
    }
}

/// `phi.procedure` matches itself; `phi.*` (or `phi`) matches every rule of the category.
fn rule_matches(pattern: &str, rule: &str) -> bool {
    if pattern == rule {
        return true;
    }
    let prefix = pattern.strip_suffix('*').unwrap_or(pattern);
    let prefix = prefix.strip_suffix('.').unwrap_or(prefix);
    pattern != prefix
        && rule
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with('.'))
}

/// Reads the directive whose marker is at `at`, if the marker sits in a comment.
fn directive_at(text: &str, at: usize) -> Option<Directive> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..at].trim_end();
    let body_start = at + MARKER.len();
    // Line forms: `# hipaa-lint: …` or `// hipaa-lint: …` alone on the line.
    let lead = before.trim_start();
    if lead == "#" || lead == "//" {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        let open = line_start + (before.len() - lead.len());
        return Some(Directive {
            span: open..end,
            trailing: false,
            parsed: parse_body(&text[body_start..end]),
        });
    }
    let (opener, closer) = BLOCK_COMMENTS.iter().find(|(o, _)| before.ends_with(o))?;
    let open = line_start + before.len() - opener.len();
    let trailing = {
        let prose = text[line_start..open].trim();
        !prose.is_empty() && !prose.ends_with('>')
    };
    match text[body_start..].find(closer) {
        Some(i) => Some(Directive {
            span: open..body_start + i + closer.len(),
            trailing,
            parsed: parse_body(&text[body_start..body_start + i]),
        }),
        // Unterminated: report it rather than guess where it ends.
        None => {
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            Some(Directive {
                span: open..end,
                trailing,
                parsed: Err(format!(
                    "This hipaa-lint comment is never closed with `{closer}`."
                )),
            })
        }
    }
}

/// Parses `allow a.b, c.d reason="…"`.
fn parse_body(body: &str) -> Parsed {
    let body = body.trim();
    let (verb_word, rest) = body
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((body, ""));
    let verb = match verb_word {
        "allow" => Verb::Allow,
        "disable" => Verb::Disable,
        "enable" => Verb::Enable,
        "disable-file" => Verb::DisableFile,
        "" => {
            return Err(
                "This hipaa-lint comment has no verb (allow, disable, enable or disable-file)."
                    .into(),
            )
        }
        other => {
            return Err(format!(
            "Unknown hipaa-lint verb `{other}` (expected allow, disable, enable or disable-file)."
        ))
        }
    };
    let (ids_part, reason) = match rest.find("reason=") {
        Some(i) => {
            let value = &rest[i + "reason=".len()..];
            let reason = if let Some(q) = value.strip_prefix('"') {
                match q.find('"') {
                    Some(e) if q[e + 1..].trim().is_empty() => q[..e].to_string(),
                    Some(_) => return Err("Text after the reason's closing quote.".into()),
                    None => return Err("The reason's quote is never closed.".into()),
                }
            } else {
                value.trim().to_string()
            };
            (&rest[..i], Some(reason).filter(|r| !r.is_empty()))
        }
        None => (rest, None),
    };
    let mut ids = Vec::new();
    for id in ids_part.split(|c: char| c == ',' || c.is_whitespace()) {
        if id.is_empty() {
            continue;
        }
        let valid = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '*'))
            && !id.starts_with(['.', '*']);
        if !valid {
            return Err(format!(
                "`{id}` is not a rule id (e.g. phi.patient-name or phi.*)."
            ));
        }
        ids.push(id.to_string());
    }
    if ids.is_empty() {
        return Err(format!(
            "`{}` needs at least one rule id (e.g. `{} phi.patient-name`).",
            verb.as_str(),
            verb.as_str()
        ));
    }
    Ok((verb, ids, reason))
}

/// Closing tags that end a paragraph-like HTML block.
const BLOCK_ENDS: [&str; 12] = [
    "</p>",
    "</li>",
    "</div>",
    "</h1>",
    "</h2>",
    "</h3>",
    "</h4>",
    "</h5>",
    "</h6>",
    "</blockquote>",
    "</td>",
    "</section>",
];

/// Start of the blank line ending the paragraph that contains `from`, or the end of the text.
fn paragraph_end(text: &str, from: usize) -> usize {
    let mut pos = from;
    while let Some(i) = text[pos..].find('\n') {
        let line_start = pos + i + 1;
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |j| line_start + j);
        if text[line_start..line_end].trim().is_empty() {
            return pos + i;
        }
        pos = line_start;
    }
    text.len()
}

/// Start of the paragraph that contains `at` (just after the previous blank line).
fn paragraph_start(text: &str, at: usize) -> usize {
    let mut pos = text[..at].rfind('\n').map_or(0, |i| i + 1);
    while pos > 0 {
        let prev_start = text[..pos - 1].rfind('\n').map_or(0, |i| i + 1);
        if text[prev_start..pos - 1].trim().is_empty() {
            break;
        }
        pos = prev_start;
    }
    pos
}

fn first_block_end(text: &str, from: usize, to: usize) -> usize {
    let lower = text[from..to].to_ascii_lowercase();
    BLOCK_ENDS
        .iter()
        .filter_map(|t| lower.find(t).map(|i| from + i + t.len()))
        .min()
        .unwrap_or(to)
}

/// The paragraph after `from`: leading blank space skipped, up to the next blank line (and in
/// HTML the first closing block tag).
fn next_paragraph(text: &str, from: usize, html: bool) -> Range<usize> {
    let start = from + (text[from..].len() - text[from..].trim_start().len());
    let mut end = paragraph_end(text, start);
    if html {
        end = first_block_end(text, start, end);
    }
    start..end
}

/// The paragraph an end-of-line comment at `span` closes.
fn paragraph_around(text: &str, span: Range<usize>, html: bool) -> Range<usize> {
    let mut start = paragraph_start(text, span.start);
    let mut end = paragraph_end(text, span.end);
    if html {
        let lower = text[start..span.start].to_ascii_lowercase();
        if let Some(last) = BLOCK_ENDS
            .iter()
            .filter_map(|t| lower.rfind(t).map(|i| start + i + t.len()))
            .max()
        {
            start = last;
        }
        end = first_block_end(text, span.end, end);
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<Parsed> {
        Directives::parse(text)
            .list
            .into_iter()
            .map(|d| d.parsed)
            .collect()
    }

    #[test]
    fn html_comment_allow_reads_ids_and_quoted_reason() {
        let got = parsed("<!-- hipaa-lint: allow phi.a, phi.b reason=\"signed form\" -->\nHi");
        assert_eq!(
            got,
            vec![Ok((
                Verb::Allow,
                vec!["phi.a".to_string(), "phi.b".to_string()],
                Some("signed form".to_string())
            ))]
        );
    }

    #[test]
    fn hash_line_form_is_a_directive_but_prose_mention_is_not() {
        assert_eq!(parsed("# hipaa-lint: disable tone.*\nText").len(), 1);
        assert!(parsed("We use hipaa-lint: allow phi.a to check.").is_empty());
    }

    #[test]
    fn allow_without_rule_ids_is_invalid() {
        assert!(
            matches!(&parsed("<!-- hipaa-lint: allow -->")[0], Err(m) if m.contains("rule id"))
        );
    }

    #[test]
    fn unterminated_comment_is_invalid() {
        assert!(
            matches!(&parsed("<!-- hipaa-lint: allow phi.a\nmore")[0], Err(m) if m.contains("never closed"))
        );
    }

    #[test]
    fn mask_keeps_offsets_and_newlines() {
        let text = "a <!-- hipaa-lint: allow phi.a -->\nb";
        let d = Directives::parse(text);
        let m = d.mask(text);
        assert_eq!(m.len(), text.len());
        assert_eq!(m.as_ref(), format!("a {}\nb", " ".repeat(32)));
    }

    #[test]
    fn category_pattern_matches_its_rules_only() {
        assert!(rule_matches("phi.*", "phi.procedure"));
        assert!(!rule_matches("phi.*", "phiz.x"));
        assert!(!rule_matches("phi.procedure", "phi.procedures"));
    }

    /// A finding of `rule` on the first occurrence of `word` in `text`.
    fn finding(text: &str, rule: &str, word: &str) -> Finding {
        let start = text.find(word).expect("word in text");
        Finding {
            rule: rule.to_string(),
            category: Category::Other("t".into()),
            severity: Severity::Error,
            message: String::new(),
            span: Span::new(start, start + word.len()),
            line: 1,
            column: 1,
            text: Some(word.to_string()),
            references: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// Applies the directives of `text` to findings of (rule, word); returns the kept rule ids
    /// and the suppressed (rule, reason) pairs.
    fn run(
        text: &str,
        config: &str,
        redact: bool,
        found: &[(&str, &str)],
    ) -> (Vec<String>, Vec<(String, Option<String>)>) {
        let config = Config::from_toml(config).unwrap();
        let opts = CheckOptions {
            redact,
            ..Default::default()
        };
        let mut findings: Vec<Finding> = found.iter().map(|(r, w)| finding(text, r, w)).collect();
        let sup = Directives::parse(text).apply(&config, text, &opts, &mut findings);
        (
            findings.into_iter().map(|f| f.rule).collect(),
            sup.into_iter()
                .map(|s| (s.finding.rule, s.reason))
                .collect(),
        )
    }

    #[test]
    fn allow_silences_the_next_paragraph_only() {
        let text = "<!-- hipaa-lint: allow phi.a reason=\"ok\" -->\nfirst one\n\nsecond one";
        let (kept, sup) = run(text, "", false, &[("phi.a", "first"), ("phi.a", "second")]);
        assert_eq!(kept, ["phi.a"]);
        assert_eq!(sup, [("phi.a".to_string(), Some("ok".to_string()))]);
    }

    #[test]
    fn end_of_line_allow_silences_its_own_paragraph() {
        let text = "Thanks, Jane! <!-- hipaa-lint: allow phi.name -->\n\nJane again";
        let (kept, sup) = run(text, "", false, &[("phi.name", "Jane")]);
        assert!(kept.is_empty() && sup.len() == 1, "{kept:?}");
    }

    #[test]
    fn disable_runs_until_the_matching_enable() {
        let text =
            "# hipaa-lint: disable tone.x\nalpha\n\nbeta\n# hipaa-lint: enable tone.x\ngamma";
        let (kept, sup) = run(
            text,
            "",
            false,
            &[("tone.x", "alpha"), ("tone.x", "beta"), ("tone.x", "gamma")],
        );
        assert_eq!(kept, ["tone.x"]);
        assert_eq!(sup.len(), 2);
    }

    #[test]
    fn disable_file_silences_findings_before_the_comment_too() {
        let text = "alpha\n<!-- hipaa-lint: disable-file tone.* -->\n";
        let (kept, sup) = run(text, "", false, &[("tone.x", "alpha")]);
        assert!(kept.is_empty() && sup.len() == 1, "{kept:?}");
    }

    #[test]
    fn allow_of_another_rule_does_not_silence() {
        let text = "<!-- hipaa-lint: allow phi.b -->\nalpha";
        let (kept, _) = run(text, "", false, &[("phi.a", "alpha")]);
        assert_eq!(kept, [UNUSED, "phi.a"]);
    }

    #[test]
    fn unused_allow_becomes_an_info_finding() {
        let text = "<!-- hipaa-lint: allow phi.a -->\nalpha";
        let config = Config::default();
        let mut findings = Vec::new();
        Directives::parse(text).apply(&config, text, &CheckOptions::default(), &mut findings);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].rule.as_str(), findings[0].severity),
            (UNUSED, Severity::Info)
        );
        assert_eq!(
            findings[0].suggestions[0].applicability,
            Applicability::Safe
        );
    }

    #[test]
    fn enable_without_disable_is_reported_unused() {
        let (kept, _) = run("# hipaa-lint: enable phi.a\nalpha", "", false, &[]);
        assert_eq!(kept, [UNUSED]);
    }

    #[test]
    fn config_can_turn_unused_off() {
        let text = "<!-- hipaa-lint: allow phi.a -->\nalpha";
        let (kept, _) = run(text, "[rules]\n\"suppress.unused\" = \"off\"\n", false, &[]);
        assert!(kept.is_empty(), "{kept:?}");
    }

    #[test]
    fn redact_hides_the_reason() {
        let text = "<!-- hipaa-lint: allow phi.a reason=\"Jane Roe signed\" -->\nalpha";
        let (_, sup) = run(text, "", true, &[("phi.a", "alpha")]);
        assert_eq!(sup[0].1.as_deref(), Some("[redacted]"));
    }

    proptest::proptest! {
        /// Whatever the text, reading, masking and applying directives never panics, and the
        /// mask keeps every byte offset.
        #[test]
        fn any_text_with_directive_fragments_is_handled(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<!--", "-->", "hipaa-lint:", " allow ", " disable ", " enable ", "disable-file",
                    "phi.a", ",", "reason=\"", "\"", "\n", "\n\n", "# ", "// ", "{#", "#}", "{{!--",
                    "--}}", "</p>", "<p>", "é", "😊", "\r\n", " ", "x",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let d = Directives::parse(&text);
            proptest::prop_assert_eq!(d.mask(&text).len(), text.len());
            for html in [false, true] {
                let opts = CheckOptions {
                    format: if html { InputFormat::Html } else { InputFormat::Text },
                    ..Default::default()
                };
                let mut findings = if text.contains('x') {
                    vec![finding(&text, "phi.a", "x")]
                } else {
                    Vec::new()
                };
                d.apply(&Config::default(), &text, &opts, &mut findings);
            }
        }
    }

    #[test]
    fn next_paragraph_stops_at_blank_line() {
        let text = "<!-- c -->\nline one\nline two\n\nnext";
        let r = next_paragraph(text, 10, false);
        assert_eq!(&text[r], "line one\nline two");
    }

    #[test]
    fn html_next_paragraph_stops_at_closing_block_tag() {
        let text = "<!-- c --><p>one</p><p>two</p>";
        let r = next_paragraph(text, 10, true);
        assert_eq!(&text[r], "<p>one</p>");
    }
}
