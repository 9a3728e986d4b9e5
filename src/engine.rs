//! One scan over a parsed draft, then rules → findings.

use crate::compile::{AtomId, Compiled, CondC, Tail, SUFFIXES};
use crate::config::Config;
use crate::draft::{Draft, Placeholder};
use crate::entities::{phone_digits, Entity, EntityKind};
use crate::error::LineIndex;
use crate::finding::{Finding, Report, Severity, Span};
use crate::fix;
use crate::pack::{DraftKind, Scope, Side, PLACEHOLDER_CLASSES};
use crate::CheckOptions;
use std::collections::HashSet;
use std::ops::Range;

/// A hit of one atom, in view bytes.
#[derive(Clone, Copy, Debug)]
struct Hit {
    atom: usize,
    start: usize,
    end: usize,
    /// Inside a longer lexicon hit: not a trigger, still a cue.
    hidden: bool,
}

/// A rule match before it becomes a finding.
#[derive(Clone, Debug)]
struct Candidate {
    rule: usize,
    span: Range<usize>,
    sentence: usize,
    paragraph: usize,
    severity: Severity,
}

/// Everything known about one draft during a check.
struct Ctx<'d, 'a> {
    draft: &'d Draft<'a>,
    kind: DraftKind,
    practice_type: Option<&'d str>,
    /// Per rule, the (start, end) of its findings, sorted, once the rules that do not depend on
    /// other rules have run.
    first_pass: std::cell::OnceCell<Vec<Vec<(usize, usize)>>>,
    /// Hits per matcher, sorted by start.
    by_matcher: HitTable,
}

/// Per matcher, its hits `(start, end)`, sorted and deduplicated. A draft hits a few dozen of
/// the packs' thousands of matchers, so the table is sparse: sorted by matcher and searched,
/// never sized by the matcher count.
struct HitTable {
    /// `matchers[i]` owns `spans[i]`; both sorted by (matcher, span).
    matchers: Vec<usize>,
    spans: Vec<(usize, usize)>,
}

impl HitTable {
    /// A hit packed so that integer order is (matcher, start, end) order: a draft has hundreds
    /// of hits, and sorting `u128`s is half the work of sorting triples.
    fn key(matcher: usize, start: usize, end: usize) -> u128 {
        const SPAN: u32 = 48;
        debug_assert!(start < 1 << SPAN && end < 1 << SPAN);
        ((matcher as u128) << (2 * SPAN)) | ((start as u128) << SPAN) | end as u128
    }

    fn new(mut hits: Vec<u128>) -> HitTable {
        const MASK: u128 = (1 << 48) - 1;
        hits.sort_unstable();
        hits.dedup();
        let matchers = hits.iter().map(|&k| (k >> 96) as usize).collect();
        let spans = hits
            .into_iter()
            .map(|k| (((k >> 48) & MASK) as usize, (k & MASK) as usize))
            .collect();
        HitTable { matchers, spans }
    }
}

impl std::ops::Index<usize> for HitTable {
    type Output = [(usize, usize)];

    fn index(&self, m: usize) -> &[(usize, usize)] {
        let from = self.matchers.partition_point(|&x| x < m);
        let len = self.matchers[from..].partition_point(|&x| x == m);
        &self.spans[from..from + len]
    }
}

/// Checks `text` with compiled rules.
pub(crate) fn check(
    compiled: &Compiled,
    config: &Config,
    text: &str,
    opts: &CheckOptions,
) -> Report {
    // Suppression comments are read from the caller's text and blanked (same byte offsets) so
    // their rule ids and reasons are never linted as prose.
    let directives = crate::suppress::Directives::parse(text);
    let masked = directives.mask(text);
    let draft = Draft::parse(&masked, opts.format);
    let kind = resolve_kind(config, &draft, opts);
    let practice_type = opts
        .practice_type
        .as_deref()
        .or(config.practice_type.as_deref());
    let hits = scan(compiled, config, &draft);
    let mut matcher_hits = Vec::with_capacity(hits.len() * 2);
    let mut trigger_hits = Vec::with_capacity(hits.len());
    for h in &hits {
        for &m in &compiled.atom_matchers[h.atom] {
            let key = HitTable::key(m, h.start, h.end);
            matcher_hits.push(key);
            if compiled.is_trigger[m] && !h.hidden {
                trigger_hits.push(key);
            }
        }
    }
    let by_matcher = HitTable::new(matcher_hits);
    let by_trigger = HitTable::new(trigger_hits);
    let ctx = Ctx {
        draft: &draft,
        kind,
        practice_type,
        first_pass: std::cell::OnceCell::new(),
        by_matcher,
    };
    let mut cands: Vec<Candidate> = Vec::new();
    // Rules that derive from other rules' findings run second, on the first pass's candidates.
    let order = compiled
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.second_pass)
        .chain(
            compiled
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.second_pass),
        );
    for (ri, rule) in order {
        if rule.second_pass && ctx.first_pass.get().is_none() {
            let mut first = vec![Vec::new(); compiled.rules.len()];
            for c in &cands {
                first[c.rule].push((c.span.start, c.span.end));
            }
            for spans in &mut first {
                spans.sort_unstable();
            }
            let _ = ctx.first_pass.set(first);
        }
        let r = &rule.rule;
        if !r.kinds.is_empty() && !r.kinds.contains(&kind) {
            continue;
        }
        if !r.practice_types.is_empty()
            && !practice_type.is_some_and(|p| r.practice_types.iter().any(|t| t == p))
        {
            continue;
        }
        // Most rules derive from none: skip the scan of the candidates.
        let derived: Vec<(usize, usize)> = if rule.derived_from.is_empty() {
            Vec::new()
        } else {
            cands
                .iter()
                .filter(|c: &&Candidate| rule.derived_from.contains(&c.rule))
                .map(|c| (c.span.start, c.span.end))
                .collect()
        };
        for &(start, end) in by_trigger[rule.trigger].iter().chain(&derived) {
            let sentence = draft.sentence_of(start);
            let paragraph = draft.sentences[sentence].1;
            let scope_of =
                |s: Option<Scope>| scope_range(&draft, s.unwrap_or(r.scope), sentence, paragraph);
            let holds = |c: &CondC| cond_holds(&ctx, c, start..end, scope_of(c.scope));
            let applies = |c: &&CondC| applies(c, kind, practice_type);
            if !rule.requires.iter().filter(applies).all(holds) {
                continue;
            }
            if rule.unless.iter().filter(applies).any(holds) {
                continue;
            }
            let mut severity = rule.severity;
            if !rule.forced {
                for (types, when, sev) in &rule.escalate {
                    let type_ok = types.is_empty()
                        || practice_type.is_some_and(|p| types.iter().any(|t| t == p));
                    let when_ok = when.is_none_or(|m| {
                        let sr = scope_range(&draft, Scope::Sentence, sentence, paragraph);
                        any_in(&ctx.by_matcher[m], &sr)
                    });
                    if type_ok && when_ok && *sev > severity {
                        severity = *sev;
                    }
                }
            }
            cands.push(Candidate {
                rule: ri,
                span: start..end,
                sentence,
                paragraph,
                severity,
            });
        }
    }
    apply_suppression(compiled, &mut cands);
    let cands = merge_same_rule(cands);
    let sensitive = cands
        .iter()
        .any(|c| compiled.rules[c.rule].rule.id == "phi.sensitive-category");
    let tone_fired = cands
        .iter()
        .any(|c| compiled.rules[c.rule].rule.category == crate::finding::Category::Tone);
    let tone = fix::reply_tone(&draft.lower, practice_type, sensitive, tone_fired);
    let whole = || fix::safe_reply(config, kind, tone);
    // A clean draft needs no line numbers: skip indexing it.
    let lines = LineIndex::new(if cands.is_empty() { "" } else { text });
    let mut findings: Vec<Finding> = cands
        .into_iter()
        .map(|c| to_finding(compiled, &draft, &c, opts, &whole, &lines))
        .collect();
    findings.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    let suppressed = directives.apply(config, text, opts, &mut findings);
    Report {
        findings,
        suppressed,
    }
}

/// The draft kind: the caller's, else the config's, else detected from the text.
pub(crate) fn resolve_kind(config: &Config, draft: &Draft<'_>, opts: &CheckOptions) -> DraftKind {
    match opts.kind {
        DraftKind::Auto => match config.kind {
            Some(k) if k != DraftKind::Auto => k,
            _ => detect_kind(draft),
        },
        k => k,
    }
}

/// Reply vs solicitation when nobody said: a draft that asks for a review and does not answer one.
fn detect_kind(draft: &Draft<'_>) -> DraftKind {
    const ASKS: &[&str] = &[
        "leave us a review",
        "leave a review",
        "review us",
        "rate us",
        "write a review",
        "post a review",
        "write us a review",
        "leave us a google review",
        "share your experience",
        "share your feedback on",
        "review link",
        "leave a quick review",
        "a google review",
        "a review on google",
    ];
    const ANSWERS: &[&str] = &[
        "for your review",
        "for the review",
        "your feedback",
        "sorry to hear",
        "for your kind words",
        "this review",
        "your review",
        "for sharing",
        "for writing",
    ];
    let l = draft.lower.as_str();
    let asks = ASKS.iter().any(|a| l.contains(a))
        || draft
            .placeholders
            .iter()
            .any(|p| p.name == "review_link" || p.name == "survey_link");
    if asks && !ANSWERS.iter().any(|a| l.contains(a)) {
        DraftKind::Solicitation
    } else {
        DraftKind::Reply
    }
}

fn scope_range(draft: &Draft<'_>, scope: Scope, sentence: usize, paragraph: usize) -> Range<usize> {
    match scope {
        Scope::Sentence => draft.sentences[sentence].0.clone(),
        Scope::Paragraph => draft.paragraphs[paragraph].clone(),
        Scope::Draft => 0..draft.text.len(),
    }
}

fn any_in(hits: &[(usize, usize)], r: &Range<usize>) -> bool {
    let i = hits.partition_point(|h| h.0 < r.start);
    hits.get(i).is_some_and(|h| h.0 < r.end)
}

/// Whether a condition group applies to this draft (its `kinds` and `practice_types`).
fn applies(c: &CondC, kind: DraftKind, practice_type: Option<&str>) -> bool {
    (c.kinds.is_empty() || c.kinds.contains(&kind))
        && (c.practice_types.is_empty()
            || practice_type.is_some_and(|p| c.practice_types.iter().any(|t| t == p)))
}

/// Whether a cue of the condition occurs in `scope`, within its word distance and on its side,
/// and none of its `not_with` conditions holds.
fn cond_holds(ctx: &Ctx<'_, '_>, c: &CondC, trig: Range<usize>, scope: Range<usize>) -> bool {
    if !cond_base(ctx, c, trig.clone(), scope.clone()) {
        return false;
    }
    !c.not_with
        .iter()
        .filter(|n| applies(n, ctx.kind, ctx.practice_type))
        .any(|n| {
            let sc = n.scope.map_or(scope.clone(), |s| {
                scope_range(
                    ctx.draft,
                    s,
                    ctx.draft.sentence_of(trig.start),
                    ctx.draft.sentences[ctx.draft.sentence_of(trig.start)].1,
                )
            });
            cond_holds(ctx, n, trig.clone(), sc)
        })
}

fn cond_base(ctx: &Ctx<'_, '_>, c: &CondC, trig: Range<usize>, scope: Range<usize>) -> bool {
    if c.kind_terms.contains(&ctx.kind) {
        return true;
    }
    if let Some(m) = c.matcher {
        if near(ctx, c, &ctx.by_matcher[m], &trig, &scope) {
            return true;
        }
    }
    if !c.rules.is_empty() {
        // `@rule:` cues: findings of the first pass (only derived rules run after it).
        if let Some(first) = ctx.first_pass.get() {
            return c
                .rules
                .iter()
                .any(|&r| near(ctx, c, &first[r], &trig, &scope));
        }
    }
    false
}

/// Whether one of `hits` lies in `scope`, on the condition's side, within its word distance.
fn near(
    ctx: &Ctx<'_, '_>,
    c: &CondC,
    hits: &[(usize, usize)],
    trig: &Range<usize>,
    scope: &Range<usize>,
) -> bool {
    let from = hits.partition_point(|h| h.0 < scope.start);
    for &(s, e) in &hits[from..] {
        if s >= scope.end {
            break;
        }
        let before = e <= trig.start;
        let after = s >= trig.end;
        match c.side {
            Side::Before if !before => continue,
            Side::After if !after => continue,
            _ => {}
        }
        if let Some(n) = c.within {
            let gap = if before {
                ctx.draft
                    .word_index(trig.start)
                    .saturating_sub(ctx.draft.word_index(e - 1) + 1)
            } else if after {
                ctx.draft
                    .word_index(s)
                    .saturating_sub(ctx.draft.word_index(trig.end - 1) + 1)
            } else {
                0
            };
            if gap > n {
                continue;
            }
        }
        return true;
    }
    false
}

/// The one pass: automaton, regex set, entity finders, placeholders.
fn scan(compiled: &Compiled, config: &Config, draft: &Draft<'_>) -> Vec<Hit> {
    let lower = draft.lower.as_str();
    let bytes = lower.as_bytes();
    let mut hits = Vec::with_capacity(64.max(lower.len() / 8));
    // Regexes and the main automaton see ASCII only: every non-ASCII byte reads as a space
    // (offsets unchanged); boundaries are still judged on the view itself.
    let ascii = ascii_view(lower);
    let mut gate_hits = Vec::with_capacity(lower.len() / 2);
    let mut phrase_hit = |atoms: &[(AtomId, Tail)], s: usize, e: usize| {
        if !left_boundary(lower, s) {
            return;
        }
        for &(atom, tail) in atoms {
            if let Some(end) = accept_tail(lower, bytes, e, tail) {
                hits.push(Hit {
                    hidden: false,
                    atom,
                    start: s,
                    end,
                });
            }
        }
    };
    if let Some(ac) = &compiled.automaton {
        for m in ac.find_overlapping_iter(&*ascii) {
            let p = m.pattern().as_usize();
            match compiled.pattern_atoms.get(p) {
                Some(atoms) => phrase_hit(atoms, m.start(), m.end()),
                None => gate_hits.push((p - compiled.phrase_patterns, m.start(), m.end())),
            }
        }
    }
    if let Some(ac) = &compiled.unicode_automaton {
        for m in ac.find_overlapping_iter(lower) {
            phrase_hit(
                &compiled.unicode_pattern_atoms[m.pattern().as_usize()],
                m.start(),
                m.end(),
            );
        }
    }
    if !compiled.regexes.is_empty() {
        let mut found = Vec::with_capacity(16);
        compiled.regexes.find(&ascii, &gate_hits, &mut found);
        for (atom, mut s, mut e) in found {
            // Snap to char boundaries of the view (a match may end inside a non-ASCII char).
            while s > 0 && !lower.is_char_boundary(s) {
                s -= 1;
            }
            while e < lower.len() && !lower.is_char_boundary(e) {
                e += 1;
            }
            // A pattern anchored on the previous sentence's end (`[.!?]\s+please …`) starts
            // its hit in that sentence; the hit belongs to the words it matched.
            let lead = bytes[s..e]
                .iter()
                .take_while(|b| b.is_ascii_whitespace() || b".!?,;:*_".contains(b))
                .count();
            if lead > 0 && s + lead < e {
                s += lead;
            }
            if e > s {
                hits.push(Hit {
                    hidden: false,
                    atom,
                    start: s,
                    end: e,
                });
            }
        }
    }
    if !compiled.unicode_regexes.is_empty() {
        for i in compiled.unicode_set.matches(lower).iter() {
            let (re, atom) = &compiled.unicode_regexes[i];
            for m in re.find_iter(lower).filter(|m| m.end() > m.start()) {
                hits.push(Hit {
                    hidden: false,
                    atom: *atom,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
    if compiled.entity_atoms.iter().any(Option::is_some) {
        let mut ents = Vec::new();
        compiled.entities.find(&draft.text, &mut ents);
        drop_allowed_entities(config, draft, &mut ents);
        for e in ents {
            let i = EntityKind::ALL
                .iter()
                .position(|k| *k == e.kind)
                .expect("listed");
            if let Some(atom) = compiled.entity_atoms[i] {
                hits.push(Hit {
                    hidden: false,
                    atom,
                    start: e.start,
                    end: e.end,
                });
            }
        }
    }
    for p in &draft.placeholders {
        let class = placeholder_class(config, p);
        let atom = PLACEHOLDER_CLASSES
            .iter()
            .position(|c| *c == class)
            .and_then(|i| compiled.placeholder_atoms[i]);
        if let (Some(atom), false) = (atom, p.view.is_empty()) {
            hits.push(Hit {
                hidden: false,
                atom,
                start: p.view.start,
                end: p.view.end,
            });
        }
    }
    resolve_overlaps(compiled, &mut hits);
    hits
}

fn left_boundary(s: &str, at: usize) -> bool {
    let first = s[at..].chars().next();
    if !first.is_some_and(char::is_alphanumeric) {
        return true;
    }
    !s[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

/// End of an accepted hit, or None when the word goes on.
fn accept_tail(s: &str, bytes: &[u8], end: usize, tail: Tail) -> Option<usize> {
    let last_is_word = s[..end]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let word_follows = |at: usize| s[at..].chars().next().is_some_and(char::is_alphanumeric);
    match tail {
        Tail::Prefix => Some(end),
        _ if !last_is_word => Some(end),
        Tail::Exact => (!word_follows(end)).then_some(end),
        Tail::Inflect => {
            if !(word_follows(end)
                || bytes.get(end) == Some(&b'\'') && bytes.get(end + 1) == Some(&b's'))
            {
                return Some(end);
            }
            SUFFIXES
                .iter()
                .filter(|suf| bytes[end..].starts_with(suf.as_bytes()))
                .map(|suf| end + suf.len())
                .find(|&e2| !word_follows(e2))
                .or_else(|| doubled_tail(bytes, end).filter(|&e2| !word_follows(e2)))
        }
    }
}

/// The end of `-Xed`/`-Xing` after a phrase ending consonant-vowel-consonant whose last
/// consonant `X` doubles (`chat` → `chatted`, `upset` → `upsetting`). English doubles only
/// after a stressed syllable (`visit` → `visited`), which a pack cannot say; the doubled
/// spelling of an unstressed word is never written, so accepting it costs nothing.
fn doubled_tail(bytes: &[u8], end: usize) -> Option<usize> {
    let vowel = |c: u8| b"aeiou".contains(&c);
    let consonant = |c: u8| c.is_ascii_lowercase() && !vowel(c);
    let [c1, v, c2] = *bytes.get(end.checked_sub(3)?..end)? else {
        return None;
    };
    if !(consonant(c1) && vowel(v) && consonant(c2)) || b"hwxy".contains(&c2) {
        return None;
    }
    if bytes.get(end) != Some(&c2) {
        return None;
    }
    ["ed", "ing"]
        .iter()
        .find(|suf| bytes[end + 1..].starts_with(suf.as_bytes()))
        .map(|suf| end + 1 + suf.len())
}

/// The view regexes and their gate read: the lower-cased view with every non-ASCII byte read as
/// a space (same offsets), so ASCII-mode regexes stay small and fast.
pub(crate) fn ascii_view(lower: &str) -> std::borrow::Cow<'_, [u8]> {
    if lower.is_ascii() {
        std::borrow::Cow::Borrowed(lower.as_bytes())
    } else {
        std::borrow::Cow::Owned(
            lower
                .bytes()
                .map(|b| if b.is_ascii() { b } else { b' ' })
                .collect(),
        )
    }
}

/// Longest lexicon hit wins over lexicon hits inside it ("physical therapy" hides "therapy"), for
/// triggers only: the hidden hit still counts as a cue in conditions. Allow-terms remove the
/// lexicon hits they overlap outright.
fn resolve_overlaps(compiled: &Compiled, hits: &mut Vec<Hit>) {
    let allow: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| compiled.atom_is_allow[h.atom])
        .map(|h| (h.start, h.end))
        .collect();
    if !allow.is_empty() {
        hits.retain(|h| {
            !(compiled.atom_is_allow[h.atom]
                || compiled.atom_is_lexicon[h.atom]
                    && allow.iter().any(|&(s, e)| s < h.end && h.start < e))
        });
    }
    let mut lex: Vec<usize> = (0..hits.len())
        .filter(|&i| compiled.atom_is_lexicon[hits[i].atom])
        .collect();
    if lex.len() < 2 {
        return;
    }
    lex.sort_by_key(|&i| (hits[i].start, std::cmp::Reverse(hits[i].end)));
    let (mut best_start, mut best_end) = (0usize, 0usize);
    for i in lex {
        let h = hits[i];
        if best_end > h.end || best_end == h.end && best_start < h.start {
            hits[i].hidden = true;
        }
        if h.end > best_end {
            best_start = h.start;
            best_end = h.end;
        }
    }
}

/// The catalog §6 class of a placeholder, with the config's safe list first.
pub(crate) fn placeholder_class(config: &Config, p: &Placeholder) -> &'static str {
    if let Some(expr) = &p.block {
        const RATING: &[&str] = &[
            "rating",
            "score",
            "stars",
            "star",
            "nps",
            "satisf",
            "sentiment",
            "happy",
            "promoter",
        ];
        if RATING.iter().any(|r| expr.contains(r)) {
            return "rating-condition";
        }
    }
    let n = p.name.as_str();
    if n.is_empty() {
        return "system";
    }
    if config.placeholder_is_safe(n) {
        return "practice";
    }
    const IDENTITY: &[&str] = &[
        "patient_name",
        "name",
        "first_name",
        "firstname",
        "last_name",
        "lastname",
        "full_name",
        "fullname",
        "fname",
        "lname",
        "first",
        "last",
        "patient",
        "client_name",
        "client",
        "guardian_name",
        "parent_name",
        "customer_name",
        "middle_name",
        "nickname",
        "preferred_name",
        "surname",
        "given_name",
    ];
    const DATA: &[&str] = &[
        "dob",
        "birthdate",
        "birth_date",
        "date_of_birth",
        "birthday",
        "age",
        "phone",
        "mobile",
        "cell",
        "email",
        "address",
        "street",
        "city",
        "zip",
        "zipcode",
        "postal_code",
        "mrn",
        "chart_no",
        "chart_number",
        "account_no",
        "account_number",
        "account",
        "member_id",
        "insurance",
        "payer",
        "balance",
        "copay",
        "ssn",
        "policy_number",
        "amount_due",
        "invoice",
        "plan",
    ];
    const CARE: &[&str] = &[
        "appointment",
        "appointment_date",
        "appointment_time",
        "appt",
        "appt_date",
        "appt_time",
        "visit_date",
        "visit",
        "last_visit",
        "next_visit",
        "date",
        "time",
        "procedure",
        "treatment",
        "service",
        "diagnosis",
        "condition",
        "medication",
        "prescription",
        "rx",
        "provider",
        "provider_seen",
        "provider_name",
        "provider_last",
        "provider_first",
        "doctor",
        "doctor_name",
        "dr",
        "clinician",
        "therapist",
        "dentist",
        "hygienist",
        "location_seen",
        "location",
        "room",
        "unit",
        "test",
        "result",
        "results",
        "lab",
        "program",
        "counselor",
        "physician",
        "surgeon",
    ];
    const REVIEWER: &[&str] = &[
        "reviewer_name",
        "reviewer",
        "author",
        "display_name",
        "author_name",
        "username",
        "handle",
    ];
    const PRACTICE: &[&str] = &[
        "office_hours",
        "office_manager",
        "team_name",
        "clinic_name",
        "office_name",
        "office_phone",
        "office_email",
        "business_name",
        "company_name",
        "signature",
        "sender_name",
        "staff_name",
    ];
    const SYSTEM: &[&str] = &[
        "review_link",
        "unsubscribe_link",
        "survey_link",
        "portal_link",
        "link",
        "url",
        "review_url",
        "booking_link",
        "opt_out",
    ];
    let has = |list: &[&str]| list.contains(&n);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| n.starts_with(p));
    if n.starts_with("practice") || has(PRACTICE) {
        "practice"
    } else if has(SYSTEM) || n.ends_with("_link") || n.ends_with("_url") {
        "system"
    } else if has(REVIEWER) {
        "reviewer-display"
    } else if has(IDENTITY)
        || n.ends_with("_name") && !starts(&["provider", "doctor", "practice", "office", "staff"])
    {
        "patient-identity"
    } else if has(CARE)
        || starts(&[
            "appt",
            "appointment",
            "visit",
            "provider",
            "doctor",
            "procedure",
            "treatment",
            "diagnos",
        ])
    {
        "care-detail"
    } else if has(DATA) {
        "patient-data"
    } else {
        "unknown"
    }
}

/// Whether a draft gives a way to continue privately: a phone number, an e-mail address, a
/// practice contact placeholder or a contact verb aimed at the practice.
pub(crate) fn has_contact_path(text: &str) -> bool {
    const PATHS: &[&str] = &[
        "call us",
        "call our",
        "contact us",
        "contact our",
        "reach us",
        "reach out to us",
        "email us",
        "e-mail us",
        "please call",
        "please contact",
        "please reach",
        "please email",
        "message us",
        "text us",
        "practice_phone",
        "practice_email",
        "office_manager",
        "give us a call",
        "talk with you directly",
        "speak with you directly",
    ];
    let l = text.to_lowercase();
    let digits = text
        .as_bytes()
        .windows(12)
        .any(|w| w.iter().filter(|b| b.is_ascii_digit()).count() >= 10);
    digits || text.contains('@') || PATHS.iter().any(|p| l.contains(p))
}

/// Words that make a sentence a contact or sign-off line, where the practice's own details belong.
const CONTACT_CUES: &[&str] = &[
    "call",
    "text us",
    "email",
    "e mail",
    "reach",
    "contact",
    "ask for",
    "visit us",
    "book",
    "questions",
    "phone",
    "write to",
    "message us",
    "at our office",
    "office manager",
    "sincerely",
    "regards",
    "warmly",
    "fax",
    "speak with",
    "talk with",
    "talk to",
    "get in touch",
    "visit",
    "schedule",
    "find us",
    "dial",
];
/// Phrases that make a contact detail the reviewer's rather than the practice's.
const ABOUT_REVIEWER: &[&str] = &[
    "called you",
    "texted you",
    "emailed you",
    "we called",
    "left you",
    "your number",
    "your phone",
    "your email",
    "reached you",
    "messaged you",
];

/// Removes the practice's own phones, emails, URLs and staff names where they sit in a contact
/// or sign-off context, and name hits inside the practice's own name.
fn drop_allowed_entities(config: &Config, draft: &Draft<'_>, ents: &mut Vec<Entity>) {
    let p = &config.practice;
    let has_allow = !(p.phone.is_empty()
        && p.fax.is_empty()
        && p.email.is_empty()
        && p.url.is_empty()
        && p.allow_names.is_empty()
        && p.name.is_none());
    if ents.is_empty() || !has_allow {
        return;
    }
    let phones: Vec<String> = p
        .phone
        .iter()
        .chain(&p.fax)
        .map(|s| phone_digits(s))
        .filter(|d| d.len() >= 7)
        .collect();
    let hosts: Vec<String> = p.url.iter().map(|u| host_of(u)).collect();
    let names: Vec<String> = p.allow_names.iter().map(|n| n.to_lowercase()).collect();
    let practice_name = p.name.as_ref().map(|n| crate::draft::normalise_phrase(n));
    ents.retain(|e| {
        let text = &draft.text[e.start..e.end];
        let lower = &draft.lower[e.start..e.end];
        let own = match e.kind {
            EntityKind::Phone => phones.contains(&phone_digits(text)),
            EntityKind::Email => p.email.iter().any(|m| m.eq_ignore_ascii_case(text.trim())),
            EntityKind::Url => {
                let h = host_of(text);
                hosts
                    .iter()
                    .any(|c| !c.is_empty() && (h == *c || h.ends_with(&format!(".{c}"))))
            }
            EntityKind::GreetingName
            | EntityKind::TitledName
            | EntityKind::DoctorName
            | EntityKind::FullName
            | EntityKind::FirstName => {
                if practice_name.as_ref().is_some_and(|n| {
                    !n.is_empty()
                        && draft
                            .lower
                            .match_indices(n.as_str())
                            .any(|(i, m)| i <= e.start && e.end <= i + m.len())
                }) {
                    return false;
                }
                names.iter().any(|n| name_matches(n, lower))
            }
            _ => false,
        };
        !(own && contact_context(draft, e.start))
    });
}

fn host_of(u: &str) -> String {
    let u = u.trim().to_ascii_lowercase();
    let u = u.split("://").last().unwrap_or("").to_string();
    let u = u.strip_prefix("www.").unwrap_or(&u);
    u.split(['/', '?', '#']).next().unwrap_or("").to_string()
}

/// `dr. lee` allows `dr. lee`, `lee`; `maria lopez` allows `maria` and `maria lopez`.
fn name_matches(allowed: &str, hit: &str) -> bool {
    fn strip(s: &str) -> Vec<&str> {
        s.split_whitespace()
            .filter(|w| {
                !matches!(
                    w.trim_end_matches('.'),
                    "dr" | "doctor" | "mr" | "mrs" | "ms" | "mx" | "miss"
                )
            })
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect()
    }
    let a = strip(allowed);
    let h = strip(hit);
    !h.is_empty() && (a == h || h.iter().all(|w| a.contains(w)))
}

/// Whether the sentence at `pos` invites contact or signs off (and is not about the reviewer's details).
fn contact_context(draft: &Draft<'_>, pos: usize) -> bool {
    let si = draft.sentence_of(pos);
    let r = draft.sentences[si].0.clone();
    let s = &draft.lower[r.clone()];
    if ABOUT_REVIEWER.iter().any(|c| s.contains(c)) {
        return false;
    }
    let line_start = draft.lower[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = draft.lower[line_start..]
        .lines()
        .next()
        .unwrap_or("")
        .trim_start();
    let sign_off = line.starts_with(['-', '\u{2014}', '\u{2013}', '~'])
        || si + 1 == draft.sentences.len() && s.split_whitespace().count() <= 8;
    sign_off || CONTACT_CUES.iter().any(|c| s.contains(c))
}

/// Specific beats general: drop the findings a firing rule suppresses in its scope.
fn apply_suppression(compiled: &Compiled, cands: &mut Vec<Candidate>) {
    // What the suppressing findings hide, per scope: one pass to collect, one to drop (a
    // pairwise check is quadratic in the findings of a large document).
    let mut in_draft = vec![false; compiled.rules.len()];
    let mut in_sentence: HashSet<(usize, usize)> = HashSet::new();
    let mut in_paragraph: HashSet<(usize, usize)> = HashSet::new();
    for a in cands.iter() {
        let ra = &compiled.rules[a.rule];
        for &b in &ra.suppresses {
            match ra.rule.scope {
                Scope::Sentence => {
                    in_sentence.insert((a.sentence, b));
                }
                Scope::Paragraph => {
                    in_paragraph.insert((a.paragraph, b));
                }
                Scope::Draft => in_draft[b] = true,
            }
        }
    }
    cands.retain(|c| {
        !(in_draft[c.rule]
            || in_sentence.contains(&(c.sentence, c.rule))
            || in_paragraph.contains(&(c.paragraph, c.rule)))
    });
}

/// One rule's overlapping findings become one.
fn merge_same_rule(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by_key(|c| (c.rule, c.span.start, std::cmp::Reverse(c.span.end)));
    let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(last) = out.last_mut() {
            if last.rule == c.rule && c.span.start < last.span.end {
                last.span.end = last.span.end.max(c.span.end);
                last.severity = last.severity.max(c.severity);
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn to_finding(
    compiled: &Compiled,
    draft: &Draft<'_>,
    c: &Candidate,
    opts: &CheckOptions,
    whole: &dyn Fn() -> (String, bool),
    lines: &LineIndex,
) -> Finding {
    let rule = &compiled.rules[c.rule].rule;
    let orig = draft.to_original(c.span.clone());
    let span = Span::new(orig.start, orig.end);
    let (line, column) = lines.line_col(draft.original, span.start);
    let sentence = draft.to_original(draft.sentences[c.sentence].0.clone());
    let suggestions = rule
        .suggestion
        .as_ref()
        .map(|s| {
            let filled = &compiled.rules[c.rule].filled;
            fix::suggestion(s, rule, filled, draft.original, span, sentence, whole)
        })
        .into_iter()
        .collect();
    Finding {
        rule: rule.id.clone(),
        category: rule.category.clone(),
        severity: c.severity,
        message: rule.message.clone(),
        span,
        line,
        column,
        text: (!opts.redact).then(|| span.slice(draft.original).to_string()),
        references: rule.references.clone(),
        suggestions,
    }
}
