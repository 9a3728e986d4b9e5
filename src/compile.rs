//! Packs → matchers, once per [`Linter`](crate::Linter): every phrase of every enabled rule in
//! one aho-corasick automaton, every regex behind one literal gate ([`RegexBank`]), the entity
//! finders a pack names.

use crate::config::{Config, RuleSetting};
use crate::draft::normalise_phrase;
use crate::entities::{EntityFinder, EntityKind};
use crate::error::{Error, Origin, Result};
use crate::finding::Severity;
use crate::hash::Fx;
use crate::pack::{
    lexicon_terms, DraftKind, Pack, PhraseMode, Rule, Scope, Side, Term, PLACEHOLDER_CLASSES,
};
use crate::regexes::{RegexBank, REGEX_SIZE_LIMIT};
use crate::rows::Rows;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub(crate) type AtomId = usize;
pub(crate) type MatcherId = usize;

/// What one compiled term looks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum AtomKey {
    Phrase {
        text: String,
        mode: PhraseMode,
        lexicon: bool,
    },
    Regex(String),
    Entity(EntityKind),
    Placeholder(&'static str),
    /// A config `allow_terms` entry: hides lexicon hits it overlaps.
    Allow(String),
}

/// How an automaton hit is accepted for one atom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tail {
    /// Followed by a non-word char.
    Exact,
    /// Followed by an inflection suffix then a non-word char.
    Inflect,
    /// Anything may follow.
    Prefix,
}

/// A condition compiled against matchers.
#[derive(Debug)]
pub(crate) struct CondC {
    pub matcher: Option<MatcherId>,
    /// `kind:` terms: the condition holds outright for these kinds.
    pub kind_terms: Vec<DraftKind>,
    pub within: Option<usize>,
    pub side: Side,
    pub scope: Option<Scope>,
    pub kinds: Vec<DraftKind>,
    pub practice_types: Vec<String>,
    pub not_with: Vec<CondC>,
    /// `@rule:` cues as written, and the rules they resolve to.
    pub rule_refs: Vec<String>,
    pub rules: Vec<usize>,
}

/// A rule ready to run.
#[derive(Debug)]
pub(crate) struct RuleC {
    pub rule: Rule,
    /// Severity after config overrides (before escalation).
    pub severity: Severity,
    /// Config forces this severity, even over escalation.
    pub forced: bool,
    pub trigger: MatcherId,
    pub requires: Vec<CondC>,
    pub unless: Vec<CondC>,
    pub escalate: Vec<(Vec<String>, Option<MatcherId>, Severity)>,
    /// The suggestion's text with the practice's details filled in, and whether a detail fell
    /// back to a generic phrase.
    pub filled: (String, bool),
    /// Other rules this rule's findings hide (its `suppresses` list, resolved).
    pub suppresses: Vec<usize>,
    /// Rules whose findings are also this rule's triggers (`@rule:` terms).
    pub derived_from: Vec<usize>,
    /// Runs after the other rules: it triggers on or is conditioned by their findings.
    pub second_pass: bool,
}

/// Everything `check` needs, built once.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub rules: Vec<RuleC>,
    /// Over the ASCII view: the ASCII phrase patterns, then the regex gate's literals.
    pub automaton: Option<AhoCorasick>,
    /// Per phrase pattern of `automaton`: the atoms it serves.
    pub pattern_atoms: Rows<(AtomId, Tail)>,
    /// Patterns of `automaton` below this are phrases; the rest are gate literals.
    pub phrase_patterns: usize,
    /// Over the view itself: phrases with non-ASCII characters.
    pub unicode_automaton: Option<AhoCorasick>,
    pub unicode_pattern_atoms: Rows<(AtomId, Tail)>,
    /// The ASCII-mode regexes, gated by literals and compiled on first use.
    pub regexes: RegexBank,
    /// Patterns that need Unicode (a non-ASCII literal, `\p{..}`, `\x{..}`): run on the view itself.
    pub unicode_set: regex::RegexSet,
    pub unicode_regexes: Vec<(regex::Regex, AtomId)>,
    pub entities: EntityFinder,
    pub entity_atoms: Vec<Option<AtomId>>,
    /// Atom per placeholder class (index into `PLACEHOLDER_CLASSES`).
    pub placeholder_atoms: Vec<Option<AtomId>>,
    pub atom_is_lexicon: Vec<bool>,
    pub atom_is_allow: Vec<bool>,
    /// Matchers each atom belongs to.
    pub atom_matchers: Rows<MatcherId>,
    /// Matchers used as some rule's trigger: only these see longest-match hiding.
    pub is_trigger: Vec<bool>,
}

/// The atoms and `kind:` terms one `@lexicon:`/`@cue:` term expands to.
type Expansion = (Vec<AtomId>, Vec<DraftKind>);

/// How deep `@lexicon:` and `@cue:` terms expand inside each other.
const MAX_DEPTH: usize = 8;

/// The terms a lexicon or cue set expands to: a pack's own, borrowed, or a built-in lexicon's,
/// parsed once and shared by every pack that names it.
enum TermList<'p> {
    Pack(&'p [String]),
    Builtin(Arc<[String]>),
}

impl std::ops::Deref for TermList<'_> {
    type Target = [String];

    fn deref(&self) -> &[String] {
        match self {
            TermList::Pack(t) => t,
            TermList::Builtin(t) => t,
        }
    }
}

/// Builds matchers from packs.
struct Builder<'p> {
    /// Each atom once, numbered in the order first seen.
    atoms: crate::hash::Ids<AtomKey>,
    matchers: HashMap<Vec<AtomId>, MatcherId, Fx>,
    matcher_atoms: Vec<Vec<AtomId>>,
    lexicon_cache: HashMap<String, Arc<[String]>, Fx>,
    /// The atoms and kinds of each `@lexicon:`/`@cue:` term already expanded: the built-in
    /// packs name the same lexicons from dozens of rules. Keyed by the pack (its cues and
    /// lexicons), the term and whether it expands as lexicon lines.
    expansions: HashMap<(usize, String, bool), Expansion, Fx>,
    /// An expansion stopped at the depth limit (a cue cycle): what it gave is not cached.
    cut_short: bool,
    pack: Option<&'p Pack>,
}

impl<'p> Builder<'p> {
    fn atom(&mut self, key: AtomKey) -> AtomId {
        crate::hash::intern(&mut self.atoms, key)
    }

    fn matcher(&mut self, mut atoms: Vec<AtomId>) -> MatcherId {
        atoms.sort_unstable();
        atoms.dedup();
        if let Some(&m) = self.matchers.get(&atoms) {
            return m;
        }
        let id = self.matcher_atoms.len();
        self.matcher_atoms.push(atoms.clone());
        self.matchers.insert(atoms, id);
        id
    }

    fn lexicon(&mut self, name: &str) -> TermList<'p> {
        if let Some(t) = self.pack.and_then(|p| p.lexicons.get(name)) {
            return TermList::Pack(t);
        }
        let terms = self
            .lexicon_cache
            .entry(name.to_string())
            .or_insert_with(|| {
                crate::builtin::lexicon(name)
                    .map(lexicon_terms)
                    .unwrap_or_default()
                    .into()
            });
        TermList::Builtin(Arc::clone(terms))
    }

    /// Adds the atoms of the terms `list` gives for `term` (a lexicon or cue set), expanding
    /// them once per pack.
    fn expand(
        &mut self,
        term: &str,
        lexicon: bool,
        out: &mut Vec<AtomId>,
        kinds: &mut Vec<DraftKind>,
        depth: usize,
        list: impl FnOnce(&mut Self) -> TermList<'p>,
    ) {
        let pack = self.pack.map_or(0, |p| p as *const Pack as usize);
        let key = (pack, term.to_string(), lexicon);
        if let Some((atoms, k)) = self.expansions.get(&key) {
            out.extend_from_slice(atoms);
            kinds.extend_from_slice(k);
            return;
        }
        let outer = std::mem::replace(&mut self.cut_short, false);
        let list = list(self);
        let (mut atoms, mut k) = (Vec::new(), Vec::new());
        self.terms(&list, lexicon, &mut atoms, &mut k, depth + 1);
        out.extend_from_slice(&atoms);
        kinds.extend_from_slice(&k);
        if !self.cut_short {
            self.expansions.insert(key, (atoms, k));
        }
        self.cut_short |= outer;
    }

    /// Adds the atoms of `terms` to `out`; `kinds` collects `kind:` terms.
    fn terms(
        &mut self,
        terms: &[String],
        lexicon: bool,
        out: &mut Vec<AtomId>,
        kinds: &mut Vec<DraftKind>,
        depth: usize,
    ) {
        for t in terms {
            match Term::parse(t) {
                Term::Phrase(p, mode) => {
                    let text = normalise_phrase(p);
                    if !text.is_empty() {
                        out.push(self.atom(AtomKey::Phrase {
                            text,
                            mode,
                            lexicon,
                        }));
                    }
                }
                // Lexicons and cue sets may name each other in a cycle: stop at a depth.
                Term::Lexicon(name) if depth < MAX_DEPTH => {
                    self.expand(t, true, out, kinds, depth, |b| b.lexicon(name));
                }
                Term::Entity(name) => {
                    if let Some(k) = EntityKind::from_name(name) {
                        out.push(self.atom(AtomKey::Entity(k)));
                    }
                }
                Term::Placeholder(class) => {
                    if let Some(c) = PLACEHOLDER_CLASSES.iter().find(|c| **c == class) {
                        out.push(self.atom(AtomKey::Placeholder(c)));
                    }
                }
                Term::Cue(name) if depth < MAX_DEPTH => {
                    self.expand(t, lexicon, out, kinds, depth, |b| {
                        TermList::Pack(b.pack.and_then(|p| p.cues.get(name)).map_or(&[], |v| v))
                    });
                }
                Term::Lexicon(_) | Term::Cue(_) => self.cut_short = true,
                Term::Regex(re) => out.push(self.atom(AtomKey::Regex(re.to_string()))),
                Term::Kind(k) => kinds.extend(k.parse::<DraftKind>().ok()),
                // Resolved against the loaded rules after every pack is read.
                Term::Rule(_) => {}
            }
        }
    }

    /// A condition's `any` list: cue-set names expand to their terms.
    fn cond_terms(&mut self, any: &[String]) -> (Vec<AtomId>, Vec<DraftKind>) {
        let mut atoms = Vec::new();
        let mut kinds = Vec::new();
        let pack = self.pack;
        for a in any {
            match pack.and_then(|p| p.cues.get(a.as_str())) {
                // Dozens of rules name the same cue sets: expand each once per pack.
                Some(list) => self.expand(a, false, &mut atoms, &mut kinds, 0, |_| {
                    TermList::Pack(list)
                }),
                None => self.terms(std::slice::from_ref(a), false, &mut atoms, &mut kinds, 0),
            }
        }
        (atoms, kinds)
    }
}

/// A pack regex that needs Unicode, run on the lower-cased view itself (slower: keep them few).
pub(crate) fn unicode_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// Whether a pattern mentions anything beyond ASCII.
pub(crate) fn needs_unicode(pattern: &str) -> bool {
    !pattern.is_ascii()
        || pattern.contains("\\x{")
        || pattern.contains("\\u{")
        || pattern.contains("\\p")
        || pattern.contains("\\P")
}

/// Compiles a pack regex the way the engine will run it (an ASCII-mode `regex::bytes` regex
/// is what [`RegexBank`] builds), for an error at load time rather than a silent non-match.
pub(crate) fn check_regex(pattern: &str) -> Result<(), regex::Error> {
    if needs_unicode(pattern) {
        unicode_regex(pattern).map(|_| ())
    } else {
        regex::bytes::RegexBuilder::new(pattern)
            .unicode(false)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(|_| ())
    }
}

/// The indices of the rules an `@rule:` pattern names (a trailing `*` is a prefix), except `own`.
fn rules_named(ids: &[String], want: &str, own: usize) -> Vec<usize> {
    ids.iter()
        .enumerate()
        .filter(|(j, id)| {
            *j != own
                && match want.strip_suffix('*') {
                    Some(prefix) => id.starts_with(prefix),
                    None => id.as_str() == want,
                }
        })
        .map(|(j, _)| j)
        .collect()
}

/// Resolves `@rule:` triggers and cues to rule indices. Rules that use them run in a second pass,
/// on the first pass's findings, and cannot feed each other.
/// Each rule's `suppresses` names (exact, or a `prefix*`) as the indices of the other rules.
fn resolve_suppresses(rules: &mut [RuleC]) {
    let ids: Vec<String> = rules.iter().map(|r| r.rule.id.clone()).collect();
    for (i, r) in rules.iter_mut().enumerate() {
        r.suppresses = ids
            .iter()
            .enumerate()
            .filter(|&(j, id)| {
                j != i
                    && r.rule.suppresses.iter().any(|s| match s.strip_suffix('*') {
                        Some(prefix) => id.starts_with(prefix),
                        None => s == id,
                    })
            })
            .map(|(j, _)| j)
            .collect();
    }
}

fn resolve_derived(rules: &mut [RuleC], packs: &[Pack]) -> Result<()> {
    fn conds_mut(c: &mut [CondC], f: &mut dyn FnMut(&mut CondC)) {
        for x in c {
            f(x);
            conds_mut(&mut x.not_with, f);
        }
    }
    let ids: Vec<String> = rules.iter().map(|r| r.rule.id.clone()).collect();
    for (i, r) in rules.iter_mut().enumerate() {
        let mut uses = r.rule.triggers.iter().any(|t| t.starts_with("@rule:"));
        for t in &r.rule.triggers {
            if let Some(want) = t.strip_prefix("@rule:") {
                r.derived_from.extend(rules_named(&ids, want, i));
            }
        }
        let mut resolve = |c: &mut CondC| {
            for t in &c.rule_refs {
                uses = true;
                let want = t.trim_start_matches("@rule:");
                c.rules.extend(rules_named(&ids, want, i));
            }
        };
        conds_mut(&mut r.requires, &mut resolve);
        conds_mut(&mut r.unless, &mut resolve);
        r.second_pass = uses;
    }
    for r in rules.iter() {
        if r.derived_from.iter().any(|&j| rules[j].second_pass) {
            let origin = packs
                .iter()
                .find(|p| p.rules.iter().any(|x| x.id == r.rule.id))
                .map_or_else(String::new, |p| p.origin.clone());
            return Err(Error::Rule {
                origin: Origin {
                    file: origin,
                    line: Some(r.rule.line),
                },
                rule: r.rule.id.clone(),
                key: "triggers".into(),
                message:
                    "an `@rule:` trigger names a rule that itself depends on other rules' findings"
                        .into(),
            });
        }
    }
    Ok(())
}

/// Inflection suffixes accepted after a phrase's last word.
pub(crate) const SUFFIXES: &[&str] = &["s", "es", "ed", "d", "ing", "'s", "s'"];

/// Pattern strings for a phrase: the base and the spelling changes a suffix check cannot see.
fn phrase_patterns(text: String, mode: PhraseMode, mut add: impl FnMut(String, Tail)) {
    let tail = match mode {
        PhraseMode::Exact => Tail::Exact,
        PhraseMode::Prefix => Tail::Prefix,
        PhraseMode::Inflect => Tail::Inflect,
    };
    let mut forms: [Option<String>; 4] = [None, None, None, None];
    let b = text.as_bytes();
    let n = b.len();
    if mode == PhraseMode::Inflect && n >= 3 && b[n - 1].is_ascii_alphabetic() {
        if b[n - 1] == b'y' && !b"aeiou".contains(&b[n - 2]) {
            let stem = &text[..n - 1];
            forms[0] = Some(format!("{stem}ies"));
            forms[1] = Some(format!("{stem}ied"));
        }
        if b[n - 1] == b'e' && !b"eoy".contains(&b[n - 2]) {
            forms[2] = Some(format!("{}ing", &text[..n - 1]));
        }
        if text.ends_with("ie") {
            forms[3] = Some(format!("{}ying", &text[..n - 2]));
        }
    }
    add(text, tail);
    for form in forms.into_iter().flatten() {
        add(form, Tail::Exact);
    }
}

/// An overlapping automaton over `patterns`, or none for none.
fn overlapping_automaton(patterns: &[&[u8]]) -> Result<Option<AhoCorasick>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .map(Some)
        .map_err(|e| Error::Matcher(e.to_string()))
}

impl Compiled {
    /// Compiles `packs` under `config`.
    pub(crate) fn build(packs: &[Pack], config: &Config) -> Result<Compiled> {
        let mut b = Builder {
            atoms: HashMap::default(),
            matchers: HashMap::default(),
            matcher_atoms: Vec::new(),
            lexicon_cache: HashMap::default(),
            expansions: HashMap::default(),
            cut_short: false,
            pack: None,
        };
        let mut rules = Vec::new();
        let mut trigger_matchers = Vec::new();
        let mut seen: HashMap<String, String, Fx> = HashMap::default();
        // The entity finders for every kind build beside the terms, where a core is idle; a
        // config that leaves some kinds unused gets its own finder later.
        let (all_entities, terms) = crate::side_by_side(
            || EntityFinder::new(&EntityKind::ALL),
            || -> Result<()> {
                for pack in packs {
                    b.pack = Some(pack);
                    for rule in &pack.rules {
                        if let Some(first) = seen.insert(rule.id.clone(), pack.origin.clone()) {
                            return Err(Error::DuplicateRule {
                                origin: Origin {
                                    file: pack.origin.clone(),
                                    line: Some(rule.line),
                                },
                                rule: rule.id.clone(),
                                first,
                            });
                        }
                        let setting = config.rule_setting(&rule.id);
                        let (severity, forced) = match setting {
                            Some(RuleSetting::Off) => continue,
                            Some(RuleSetting::Info) => (Severity::Info, true),
                            Some(RuleSetting::Warning) => (Severity::Warning, true),
                            Some(RuleSetting::Error) => (Severity::Error, true),
                            None => (rule.severity, false),
                        };
                        let mut atoms = Vec::new();
                        let mut kinds = Vec::new();
                        b.terms(&rule.triggers, false, &mut atoms, &mut kinds, 0);
                        let trigger = b.matcher(atoms);
                        fn conds(list: &[crate::pack::Condition], b: &mut Builder) -> Vec<CondC> {
                            list.iter()
                                .map(|c| {
                                    let (atoms, kind_terms) = b.cond_terms(&c.any);
                                    CondC {
                                        matcher: (!atoms.is_empty()).then(|| b.matcher(atoms)),
                                        kind_terms,
                                        within: c.within_words,
                                        side: c.side,
                                        scope: c.scope,
                                        kinds: c.kinds.clone(),
                                        practice_types: c.practice_types.clone(),
                                        not_with: conds(&c.not_with, b),
                                        rule_refs: c
                                            .any
                                            .iter()
                                            .filter(|t| t.starts_with("@rule:"))
                                            .cloned()
                                            .collect(),
                                        rules: Vec::new(),
                                    }
                                })
                                .collect()
                        }
                        let requires = conds(&rule.requires, &mut b);
                        let unless = conds(&rule.unless, &mut b);
                        let escalate = rule
                            .escalate
                            .iter()
                            .map(|e| {
                                let m = if e.when.is_empty() {
                                    None
                                } else {
                                    let (atoms, _) = b.cond_terms(&e.when);
                                    Some(b.matcher(atoms))
                                };
                                (e.practice_types.clone(), m, e.severity)
                            })
                            .collect();
                        trigger_matchers.push(trigger);
                        rules.push(RuleC {
                            rule: rule.clone(),
                            severity,
                            forced,
                            trigger,
                            requires,
                            unless,
                            escalate,
                            filled: rule
                                .suggestion
                                .as_ref()
                                .map(|s| crate::fix::fill(&s.text, config))
                                .unwrap_or_default(),
                            suppresses: Vec::new(),
                            derived_from: Vec::new(),
                            second_pass: false,
                        });
                    }
                }
                Ok(())
            },
        );
        terms?;
        b.pack = None;
        resolve_derived(&mut rules, packs)?;
        resolve_suppresses(&mut rules);
        for term in &config.practice.allow_terms {
            let text = normalise_phrase(term);
            if !text.is_empty() {
                b.atom(AtomKey::Allow(text));
            }
        }

        // The atoms in id order, moved out of their map rather than kept twice.
        let keys = crate::hash::by_id(std::mem::take(&mut b.atoms));
        let n_atoms = keys.len();
        let atom_matchers = Rows::from_pairs(
            n_atoms,
            b.matcher_atoms
                .iter()
                .enumerate()
                .flat_map(|(m, atoms)| atoms.iter().map(move |&a| (a, m))),
        );

        // Every phrase pattern, once, with the atoms it serves (the map's keys become the
        // pattern list, so no pattern is copied).
        let mut pattern_ids: crate::hash::Ids<String> = HashMap::default();
        let mut pattern_uses: Vec<(usize, (AtomId, Tail))> = Vec::new();
        let mut regex_src = Vec::new();
        let mut regex_atoms = Vec::new();
        let mut uni_src: Vec<String> = Vec::new();
        let mut uni_atoms = Vec::new();
        let mut entity_atoms = vec![None; EntityKind::ALL.len()];
        let mut placeholder_atoms = vec![None; PLACEHOLDER_CLASSES.len()];
        let mut atom_is_lexicon = vec![false; n_atoms];
        let mut atom_is_allow = vec![false; n_atoms];
        let mut add_pattern = |p: String, atom: AtomId, tail: Tail| {
            let pid = crate::hash::intern(&mut pattern_ids, p);
            pattern_uses.push((pid, (atom, tail)));
        };
        for (id, key) in keys.into_iter().enumerate() {
            match key {
                AtomKey::Phrase {
                    text,
                    mode,
                    lexicon,
                } => {
                    atom_is_lexicon[id] = lexicon;
                    phrase_patterns(text, mode, |p, tail| add_pattern(p, id, tail));
                }
                AtomKey::Allow(text) => {
                    atom_is_allow[id] = true;
                    add_pattern(text, id, Tail::Inflect);
                }
                AtomKey::Regex(re) => {
                    if needs_unicode(&re) {
                        uni_src.push(re);
                        uni_atoms.push(id);
                    } else {
                        regex_src.push(re);
                        regex_atoms.push(id);
                    }
                }
                AtomKey::Entity(k) => {
                    let i = EntityKind::ALL
                        .iter()
                        .position(|x| *x == k)
                        .expect("listed");
                    entity_atoms[i] = Some(id);
                }
                AtomKey::Placeholder(c) => {
                    let i = PLACEHOLDER_CLASSES
                        .iter()
                        .position(|x| *x == c)
                        .expect("listed");
                    placeholder_atoms[i] = Some(id);
                }
            }
        }
        let mut kinds: Vec<EntityKind> = EntityKind::ALL
            .iter()
            .zip(&entity_atoms)
            .filter(|(_, a)| a.is_some())
            .map(|(k, _)| *k)
            .collect();
        // Names are needed to keep the practice's own names out of other name hits.
        kinds.sort();
        // The Unicode regexes build beside the automaton, the longest step of a `Linter`'s
        // start-up; the builder's maps are freed there too.
        let mut is_trigger = vec![false; b.matcher_atoms.len()];
        for m in trigger_matchers {
            is_trigger[m] = true;
        }
        let pattern_atoms = Rows::from_pairs(pattern_ids.len(), pattern_uses);
        let patterns = crate::hash::by_id(pattern_ids);
        let scratch = b;
        let (bank, gate_literals) =
            RegexBank::build(regex_src.into_iter().zip(regex_atoms).collect());
        // Set when the automaton is built: the side thread, done first, compiles the regexes a
        // first check is likely to need until then (a one-file run's check compiled them
        // itself, about a third of its time). Not without a spare core: the side then runs
        // first, alone, and nothing would stop it.
        let automaton_built = AtomicBool::new(false);
        let warm = crate::spare_core();
        let (side, main) = crate::side_by_side(
            || -> Result<_> {
                drop(scratch);
                let set = regex::RegexSetBuilder::new(&uni_src)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| Error::Matcher(e.to_string()))?;
                let regexes = uni_src
                    .iter()
                    .zip(uni_atoms)
                    .map(|(s, a)| {
                        Ok((
                            unicode_regex(s).map_err(|e| Error::Matcher(e.to_string()))?,
                            a,
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?;
                let entities = if kinds.len() == EntityKind::ALL.len() {
                    all_entities
                } else {
                    EntityFinder::new(&kinds)
                };
                if warm {
                    bank.warm(&automaton_built);
                }
                Ok((entities, set, regexes))
            },
            || -> Result<_> {
                // One automaton over the ASCII view for the ASCII phrases and the regex gate's
                // literals (one scan instead of two); the rare non-ASCII phrase gets its own,
                // over the view.
                let mut ascii_patterns: Vec<&[u8]> = Vec::new();
                let mut ascii_atoms = Rows::default();
                let mut unicode_patterns: Vec<&[u8]> = Vec::new();
                let mut unicode_atoms = Rows::default();
                for (pid, p) in patterns.iter().enumerate() {
                    if p.is_ascii() {
                        ascii_patterns.push(p.as_bytes());
                        ascii_atoms.push_row(&pattern_atoms[pid]);
                    } else {
                        unicode_patterns.push(p.as_bytes());
                        unicode_atoms.push_row(&pattern_atoms[pid]);
                    }
                }
                let phrase_patterns = ascii_patterns.len();
                ascii_patterns.extend(gate_literals.iter().map(|l| &**l));
                let built = (
                    overlapping_automaton(&ascii_patterns),
                    overlapping_automaton(&unicode_patterns),
                );
                automaton_built.store(true, Ordering::Relaxed);
                Ok((
                    built.0?,
                    ascii_atoms,
                    phrase_patterns,
                    built.1?,
                    unicode_atoms,
                ))
            },
        );
        let (entities, unicode_set, unicode_regexes) = side?;
        let (automaton, ascii_atoms, phrase_patterns, unicode_automaton, unicode_atoms) = main?;
        Ok(Compiled {
            rules,
            automaton,
            pattern_atoms: ascii_atoms,
            phrase_patterns,
            unicode_automaton,
            unicode_pattern_atoms: unicode_atoms,
            regexes: bank,
            unicode_set,
            unicode_regexes,
            entities,
            entity_atoms,
            placeholder_atoms,
            atom_is_lexicon,
            atom_is_allow,
            atom_matchers,
            is_trigger,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str, mode: PhraseMode) -> Vec<(String, Tail)> {
        let mut v = Vec::new();
        phrase_patterns(text.to_string(), mode, |p, t| v.push((p, t)));
        v
    }

    #[test]
    fn an_inflected_phrase_comes_first_then_its_spelled_out_forms() {
        let exact = |s: &str| (s.to_string(), Tail::Exact);
        assert_eq!(
            forms("carry", PhraseMode::Inflect),
            vec![
                ("carry".to_string(), Tail::Inflect),
                exact("carries"),
                exact("carried")
            ]
        );
        assert_eq!(forms("carry", PhraseMode::Exact), vec![exact("carry")]);
    }

    #[test]
    fn ie_ending_phrase_gets_ying_form() {
        assert!(forms("tie", PhraseMode::Inflect).contains(&("tying".to_string(), Tail::Exact)));
    }

    #[test]
    fn y_ending_phrase_gets_ies_form() {
        let p = forms("cavity", PhraseMode::Inflect);
        assert!(p.iter().any(|(s, _)| s == "cavities"));
    }

    #[test]
    fn e_ending_phrase_gets_ing_form() {
        let p = forms("sue", PhraseMode::Inflect);
        assert!(p.iter().any(|(s, _)| s == "suing"));
    }
}
