//! The pack regexes: gated by literals, compiled on first use, searched only where they can
//! match.
//!
//! The built-in packs hold hundreds of regexes with bounded repeats (`[^.?!]{0,60}`). One set of
//! them blows up the lazy DFA (its cache thrashes and the search falls back to the PikeVM), and
//! compiling each one up front is most of a `Linter`'s build time. Instead:
//!
//! - every match of most regexes begins with one of a finite set of literals (`we'll`, `sue`,
//!   …). One aho-corasick automaton finds those literals; the regex then runs *anchored* at
//!   each literal hit, so a search costs the length of the match attempt, not of the draft;
//! - a regex whose matches instead end with known literals runs only when one occurs, over the
//!   text up to the last one;
//! - the rare regex with neither runs on every draft;
//! - on top of that, a regex waits for its *factors*: rarer literals every match contains
//!   (`patient` in `you were (a|our) patient`), found by the same automaton. Most drafts say
//!   "you" and few say "patient", so most anchored attempts never happen;
//! - each regex compiles the first time a draft needs it (start-up pays only for the gate).
//!
//! Regexes run in ASCII mode over the ASCII view of the lower-cased text (non-ASCII bytes read as
//! spaces), so `\b`, `\w` and `\d` stay byte-sized and fast.

use crate::compile::AtomId;
use crate::gate::{analyse, Gate};
use crate::rows::Rows;
use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Compiled size cap per pack regex, so a pathological user pattern fails to build instead of
/// eating memory.
pub(crate) const REGEX_SIZE_LIMIT: usize = 10 << 20;

/// More distinct gate hits than this for one regex in one text, and it runs unanchored instead.
const MAX_ANCHORED: usize = 16;

#[derive(Debug)]
struct LazyRegex {
    source: String,
    atom: AtomId,
    gate: Gate,
    /// The forward lazy DFA alone, for anchored searches (no reverse automaton, no other
    /// engines: half the memory of a full regex). `None` inside when the pattern fails to build
    /// (packs validate theirs on load, so only an unvalidated pattern gets here; it then never
    /// matches rather than panicking).
    forward: OnceLock<Option<Forward>>,
    /// The full regex, for unanchored searches (suffix gates, no gate, a regex hit often).
    compiled: OnceLock<Option<Regex>>,
}

/// A forward lazy DFA and its per-thread caches.
struct Forward {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync>;

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forward").finish_non_exhaustive()
    }
}

impl LazyRegex {
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| ascii_regex(&self.source).ok())
            .as_ref()
    }

    /// The forward lazy DFA, built on first use.
    fn forward(&self) -> Option<&Forward> {
        self.forward
            .get_or_init(|| {
                let dfa = forward_dfa(&self.source).ok()?;
                let for_cache = dfa.clone();
                Some(Forward {
                    dfa,
                    caches: Pool::new(Box::new(move || for_cache.create_cache()) as CacheFn),
                })
            })
            .as_ref()
    }

    /// The matches starting at `starts` (ascending), as `find_iter` would report them: each
    /// leftmost-first match anchored at a start, skipping starts inside the previous match.
    /// One cache checkout serves them all.
    fn anchored_matches(
        &self,
        hay: &[u8],
        starts: impl Iterator<Item = usize>,
        out: &mut Vec<RegexHit>,
    ) {
        let Some(fwd) = self.forward() else {
            return;
        };
        let mut cache = fwd.caches.get();
        let mut cursor = 0;
        for at in starts {
            if at < cursor {
                continue;
            }
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            // Never gives up (no minimum cache clear count) and quits on no byte.
            let end = fwd.dfa.try_search_fwd(&mut cache, &input).ok().flatten();
            if let Some(end) = end.map(|m| m.offset()).filter(|&e| e > at) {
                out.push((self.atom, at, end));
                cursor = end;
            }
        }
    }
}

/// Every ASCII-mode pack regex, with the literal gate that decides which of them run where.
#[derive(Debug)]
pub(crate) struct RegexBank {
    regexes: Vec<LazyRegex>,
    /// Per gate literal (each distinct byte string once): its users.
    users: Rows<(usize, Role)>,
    /// Per regex: a bit per factor, each of which needs a hit of one of its literals before the
    /// regex may run.
    factor_bits: Vec<u8>,
    /// Per regex: the length of its shortest gate literal (how often it runs, roughly).
    shortest_gate: Vec<usize>,
    ungated: Vec<usize>,
    /// Per-thread [`Slot`]s, one per regex, left as new after each search: a draft touches a
    /// few dozen of them, so neither allocating nor resetting all of them per draft.
    slots: Pool<Slots, SlotsFn>,
}

/// A [`Slot`] per regex, and the regexes a search has touched.
#[derive(Debug)]
struct Slots {
    slots: Vec<Slot>,
    touched: Vec<usize>,
}

type SlotsFn = Box<dyn Fn() -> Slots + Send + Sync>;

/// What a gate literal is to a regex that uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// One of its prefix or suffix literals (as the regex's [`Gate`] says).
    Gate,
    /// One of the literals of its factor `k`: one of them occurs in every text it matches.
    Factor(u8),
}

/// Per-regex state of one [`RegexBank::find`].
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The factors without a literal hit yet, a bit each: the regex runs only once none is left.
    missing: u8,
    /// Listed in [`Slots::touched`].
    touched: bool,
}

/// A gate literal: borrowed from the embedded table for the built-in packs.
pub(crate) type Literal = Cow<'static, [u8]>;

/// An occurrence of a gate literal: its index and byte range.
pub(crate) type GateHit = (usize, usize, usize);

/// A regex match in the ASCII view: the atom it serves and its byte range.
pub(crate) type RegexHit = (AtomId, usize, usize);

impl RegexBank {
    /// The bank for `(source, atom)` pairs and its gate literals, which the caller puts in its
    /// automaton and reports back to [`RegexBank::find`]; the regexes compile on first use.
    pub(crate) fn build(sources: Vec<(String, AtomId)>) -> (RegexBank, Vec<Literal>) {
        // Built-in literals borrow the embedded table; each distinct one is keyed once, never
        // copied (the packs hold some 20,000 uses of 10,000 literals).
        let mut literal_ids: crate::hash::Ids<Literal> = HashMap::default();
        let mut uses: Vec<(usize, usize, Role)> = Vec::new();
        let mut factor_bits = Vec::with_capacity(sources.len());
        let mut shortest_gate = Vec::with_capacity(sources.len());
        let mut ungated = Vec::new();
        let mut regexes = Vec::with_capacity(sources.len());
        for (i, (source, atom)) in sources.into_iter().enumerate() {
            let literals_of = match crate::builtin::gate_literals(&source) {
                Some(l) => l.map(Cow::Borrowed),
                None => analyse(&source).map(Cow::Owned),
            };
            let mut add = |lits: Vec<Literal>, role| {
                for lit in lits {
                    let l = crate::hash::intern(&mut literal_ids, lit);
                    uses.push((l, i, role));
                }
            };
            let gate = match literals_of.gate {
                Some((gate, lits)) => {
                    shortest_gate.push(lits.iter().map(|l| l.len()).min().unwrap_or(0));
                    add(lits, Role::Gate);
                    gate
                }
                None => {
                    shortest_gate.push(0);
                    ungated.push(i);
                    Gate::None
                }
            };
            factor_bits.push((1u8 << literals_of.factors.len()) - 1);
            for (k, lits) in literals_of.factors.into_iter().enumerate() {
                add(lits, Role::Factor(k as u8));
            }
            regexes.push(LazyRegex {
                source,
                atom,
                gate,
                forward: OnceLock::new(),
                compiled: OnceLock::new(),
            });
        }
        let literals = crate::hash::by_id(literal_ids);
        let users = Rows::from_pairs(
            literals.len(),
            uses.into_iter().map(|(l, i, role)| (l, (i, role))),
        );
        let fresh: Vec<Slot> = factor_bits
            .iter()
            .map(|&missing| Slot {
                missing,
                ..Slot::default()
            })
            .collect();
        let slots = Pool::new(Box::new(move || Slots {
            slots: fresh.clone(),
            touched: Vec::new(),
        }) as SlotsFn);
        let bank = RegexBank {
            regexes,
            users,
            slots,
            factor_bits,
            shortest_gate,
            ungated,
        };
        (bank, literals)
    }

    /// Builds forward DFAs ahead of their first use until `stop` is set, the regexes most
    /// drafts run first: prefix-gated ones with no factor to wait for, by their shortest gate
    /// literal (`we`, `you`: nearly every draft has one).
    pub(crate) fn warm(&self, stop: &AtomicBool) {
        let mut order: Vec<(usize, usize)> = (0..self.regexes.len())
            .filter(|&i| self.regexes[i].gate == Gate::Prefix && self.factor_bits[i] == 0)
            .map(|i| (self.shortest_gate[i], i))
            .collect();
        order.sort_unstable();
        for (_, i) in order {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            self.regexes[i].forward();
        }
    }

    /// Whether there is any regex to run.
    pub(crate) fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }

    fn users_of(&self, literal: usize) -> &[(usize, Role)] {
        &self.users[literal]
    }

    /// Every non-empty match of every regex in `ascii`, as `find_iter` of each would report them,
    /// given every occurrence `(literal, start, end)` of the gate literals in `ascii`.
    pub(crate) fn find(&self, ascii: &[u8], gate_hits: &[GateHit], out: &mut Vec<RegexHit>) {
        let mut guard = self.slots.get();
        let Slots { slots, touched } = &mut *guard;
        for &(lit, ..) in gate_hits {
            for &(i, role) in self.users_of(lit) {
                if let Role::Factor(k) = role {
                    if !slots[i].touched {
                        slots[i].touched = true;
                        touched.push(i);
                    }
                    slots[i].missing &= !(1 << k);
                }
            }
        }
        // Prefix gates: `regex << 32 | literal start`, sorted, so each regex sees its hits in
        // start order, all together. Suffix gates: (regex, literal end).
        let mut starts: Vec<u64> = Vec::with_capacity(gate_hits.len());
        let mut suffix_end: Vec<(usize, usize)> = Vec::new();
        for &(lit, start, end) in gate_hits {
            for &(i, role) in self.users_of(lit) {
                if role != Role::Gate || slots[i].missing != 0 {
                    continue;
                }
                if self.regexes[i].gate == Gate::Prefix {
                    starts.push(((i as u64) << 32) | start as u64);
                } else {
                    suffix_end.push((i, end));
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        // Anchored at each literal hit, left to right, skipping hits inside the regex's last
        // match, gives the matches `find_iter` would report, since every match starts at a hit.
        // Each anchored search may read to the end of the text (`a.*b`), so a regex hit many
        // times runs once unanchored instead: linear in the text either way.
        for run in starts.chunk_by(|a, b| a >> 32 == b >> 32) {
            let i = (run[0] >> 32) as usize;
            if run.len() > MAX_ANCHORED {
                self.find_all(i, ascii, ascii.len(), out);
            } else {
                let at = run.iter().map(|&k| (k & u64::from(u32::MAX)) as usize);
                self.regexes[i].anchored_matches(ascii, at, out);
            }
        }
        // Suffix-gated: every match ends by the last literal hit, so search up to there only.
        suffix_end.sort_unstable();
        let mut prev = None;
        for &(i, end) in suffix_end.iter().rev() {
            // Sorted by regex then end: the first seen per regex, backwards, is its last hit.
            if prev != Some(i) {
                prev = Some(i);
                self.find_all(i, ascii, end, out);
            }
        }
        for &i in &self.ungated {
            if slots[i].missing == 0 {
                self.find_all(i, ascii, ascii.len(), out);
            }
        }
        for i in touched.drain(..) {
            slots[i] = Slot {
                missing: self.factor_bits[i],
                ..Slot::default()
            };
        }
    }

    /// Unanchored matches of regex `i` ending by `end` (look-around still sees past it).
    fn find_all(&self, i: usize, ascii: &[u8], end: usize, out: &mut Vec<RegexHit>) {
        let lazy = &self.regexes[i];
        if let Some(re) = lazy.get() {
            let input = Input::new(ascii).range(..end);
            for m in re.find_iter(input).filter(|m| m.end() > m.start()) {
                out.push((lazy.atom, m.start(), m.end()));
            }
        }
    }
}

/// The forward lazy DFA of a pack regex, configured as [`ascii_regex`] is.
fn forward_dfa(pattern: &str) -> std::result::Result<hybrid::dfa::DFA, String> {
    hybrid::dfa::DFA::builder()
        .syntax(ascii_syntax())
        .thompson(
            thompson::Config::new()
                .utf8(false)
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build(pattern)
        .map_err(|e| e.to_string())
}

fn ascii_syntax() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .unicode(false)
        .utf8(false)
}

/// A pack regex as the engine runs it: ASCII mode over bytes, with a size cap.
pub(crate) fn ascii_regex(pattern: &str) -> std::result::Result<Regex, String> {
    Regex::builder()
        .syntax(ascii_syntax())
        .configure(
            // Only match bounds are read, by the lazy DFA: no capture groups, no one-pass DFA or
            // backtracker keeps each regex smaller and quicker to build.
            meta::Config::new()
                .utf8_empty(false)
                .which_captures(WhichCaptures::Implicit)
                .onepass(false)
                .backtrack(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build(pattern)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bank and an automaton over its gate literals, as `Compiled` pairs them.
    struct Gated {
        bank: RegexBank,
        gate: Option<aho_corasick::AhoCorasick>,
    }

    impl Gated {
        fn matches(&self, hay: &[u8]) -> Vec<RegexHit> {
            let hits: Vec<GateHit> = self
                .gate
                .iter()
                .flat_map(|g| g.find_overlapping_iter(hay))
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let mut out = Vec::new();
            self.bank.find(hay, &hits, &mut out);
            out
        }
    }

    /// Pattern `i` serves atom `i`.
    fn bank(patterns: &[&str]) -> Gated {
        let (bank, literals) = RegexBank::build(
            patterns
                .iter()
                .enumerate()
                .map(|(i, p)| (p.to_string(), i))
                .collect(),
        );
        let gate = (!literals.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&literals)
                .expect("builds")
        });
        Gated { bank, gate }
    }

    fn plain_find_iter(pattern: &str, hay: &[u8]) -> Vec<RegexHit> {
        let re = ascii_regex(pattern).expect("compiles");
        re.find_iter(hay)
            .filter(|m| m.end() > m.start())
            .map(|m| (0, m.start(), m.end()))
            .collect()
    }

    /// The gate only saves work: every built-in regex finds, on every pack case, exactly what an
    /// ungated `find_iter` finds.
    #[test]
    fn gated_search_finds_what_find_iter_finds() {
        let packs = crate::pack::Pack::builtins();
        let compiled =
            crate::compile::Compiled::build(&packs, &crate::config::Config::default()).unwrap();
        let sources: Vec<&str> = compiled
            .regexes
            .regexes
            .iter()
            .map(|r| r.source.as_str())
            .collect();
        let gated = bank(&sources);
        let plain: Vec<Regex> = sources
            .iter()
            .map(|s| ascii_regex(s).expect("compiles"))
            .collect();
        let mut texts: Vec<String> = packs
            .iter()
            .flat_map(|p| p.tests.iter().map(|t| t.text.clone()))
            .collect();
        texts.push("Dr. Lee saw you on 3/4 at 10:30 am; call (555) 010-2000.".into());
        for text in &texts {
            let draft = crate::draft::Draft::parse(text, crate::InputFormat::Text);
            let ascii = crate::engine::ascii_view(&draft.lower);
            let mut got = gated.matches(&ascii);
            got.sort_unstable();
            let mut want: Vec<RegexHit> = plain
                .iter()
                .enumerate()
                .flat_map(|(i, re)| {
                    re.find_iter(&*ascii)
                        .filter(|m| m.end() > m.start())
                        .map(move |m| (i, m.start(), m.end()))
                })
                .collect();
            want.sort_unstable();
            assert_eq!(got, want, "on {text:?}");
        }
    }

    #[test]
    fn prefix_gated_regex_finds_overlapping_literal_hits_once() {
        // "we we'll" holds literal hits at 0 and 3; the match starting at 3 is the only one.
        let b = bank(&[r"(?-u:\b)we'?ll[\s*_]+sue(?-u:\b)"]);
        assert_eq!(b.matches(b"we we'll sue"), vec![(0, 3, 12)]);
    }

    #[test]
    fn anchored_search_keeps_find_iter_non_overlapping() {
        let b = bank(&[r"ab(?:ab)*"]);
        assert_eq!(
            b.matches(b"ababab x ab"),
            plain_find_iter(r"ab(?:ab)*", b"ababab x ab")
        );
    }

    #[test]
    fn regex_hit_often_runs_once_unanchored_with_the_same_matches() {
        let pattern = r"a[a-z]*b";
        let hay = "ab ".repeat(MAX_ANCHORED) + &"a".repeat(1000) + "b";
        let b = bank(&[pattern]);
        assert_eq!(
            b.matches(hay.as_bytes()),
            plain_find_iter(pattern, hay.as_bytes())
        );
    }

    #[test]
    fn digit_classes_are_ascii_and_gate_as_prefix() {
        let (gate, lits) = analyse(r"(?-u:\b)\d{1,3}[ -]years?[ -]old")
            .gate
            .expect("gated");
        assert_eq!(gate, Gate::Prefix);
        assert_eq!(lits.len(), 10);
    }

    #[test]
    fn suffix_literals_gate_a_regex_with_open_prefix() {
        let (gate, lits) = analyse(r"(?-u:\b)\w+\s+drawings?").gate.expect("gated");
        assert_eq!(gate, Gate::Suffix);
        // Suffixes, cut to their last bytes.
        assert_eq!(lits, vec![b"awings".to_vec(), b"rawing".to_vec()]);
        let b = bank(&[r"(?-u:\b)\w+\s+drawings?"]);
        assert_eq!(
            b.matches(b"two drawings, three drawing"),
            vec![(0, 0, 12), (0, 14, 27)]
        );
    }

    #[test]
    fn regex_that_can_start_anywhere_runs_ungated() {
        assert!(analyse(r"[a-z]+ [a-z]+").gate.is_none());
        let b = bank(&[r"[a-z]+ [a-z]+"]);
        assert_eq!(b.matches(b"room b 12"), vec![(0, 0, 6)]);
    }

    #[test]
    fn invalid_unvalidated_pattern_never_matches() {
        let b = bank(&["ab(", "ab"]);
        assert_eq!(b.matches(b"ab"), vec![(1, 0, 2)]);
    }

    #[test]
    fn rare_word_inside_the_regex_becomes_its_factor() {
        let a = analyse(r"(?-u:\b)(you|u) (were|are) (a|our) (patient|client)(?-u:\b)");
        assert_eq!(a.factors[0], vec![b"client".to_vec(), b"patien".to_vec()]);
    }

    #[test]
    fn rare_words_inside_alternation_branches_make_one_factor() {
        let a = analyse(r"(?-u:\b)(you|he) (feel|felt) better|we (healed|treated) (you|him)");
        assert!(
            a.factors.contains(&vec![
                b" bette".to_vec(),
                b"healed".to_vec(),
                b"treate".to_vec()
            ]),
            "{:?}",
            a.factors
        );
    }

    #[test]
    fn common_words_are_never_factors() {
        let a = analyse(r"(?-u:\b)(we|i) (will|would|could) (report|sue)(?-u:\b)");
        assert_eq!(a.factors, vec![vec![b"report".to_vec(), b"sue".to_vec()]]);
    }

    #[test]
    fn regex_without_a_factor_hit_is_never_compiled() {
        let b = bank(&[r"(?-u:\b)you were (a|our) patient(?-u:\b)"]);
        assert!(b.matches(b"you were a friend to us").is_empty());
        assert!(b.bank.regexes[0].forward.get().is_none());
        assert_eq!(b.matches(b"you were a patient"), vec![(0, 0, 18)]);
    }

    #[test]
    fn factor_gates_an_ungated_regex_too() {
        let pattern = r"[a-z]+ (sued|suing) [a-z]+";
        let b = bank(&[pattern]);
        assert!(b.matches(b"they are here").is_empty());
        assert!(b.bank.regexes[0].compiled.get().is_none());
        assert_eq!(b.matches(b"they sued us"), vec![(0, 0, 12)]);
    }

    #[test]
    fn warming_builds_forward_dfas_until_told_to_stop() {
        let b = bank(&[r"(?-u:\b)we (will|would) (sue|report)"]);
        b.bank.warm(&AtomicBool::new(true));
        assert!(b.bank.regexes[0].forward.get().is_none());
        b.bank.warm(&AtomicBool::new(false));
        assert!(b.bank.regexes[0].forward.get().is_some());
        assert_eq!(b.matches(b"we will sue"), vec![(0, 0, 11)]);
    }

    /// `build.rs` analysed every built-in regex, as `analyse` would at run time.
    #[test]
    fn every_builtin_regex_has_its_gate_analysis_embedded() {
        let packs = crate::pack::Pack::builtins();
        let compiled =
            crate::compile::Compiled::build(&packs, &crate::config::Config::default()).unwrap();
        for r in &compiled.regexes.regexes {
            let cached = crate::builtin::gate_literals(&r.source).map(|l| l.map(<[u8]>::to_vec));
            assert_eq!(cached, Some(analyse(&r.source)), "{}", r.source);
        }
    }

    /// A regex built from pieces pack authors use: words, alternations, optional and repeated
    /// groups, word boundaries, bounded gaps, digits.
    fn regex_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = proptest::sample::select(vec![
            "you", "your", "patient", "we", "sue", "sued", "review", "the", "a", "visit", "visits",
            "this", "fake", "ab", "abab", "x",
        ]);
        let piece = prop_oneof![
            word.clone().prop_map(str::to_string),
            proptest::collection::vec(word.clone(), 1..4)
                .prop_map(|w| format!("({})", w.join("|"))),
            word.clone().prop_map(|w| format!("({w} )?")),
            // Branches of several words: where factors come from inside an alternation.
            proptest::collection::vec(proptest::collection::vec(word.clone(), 1..3), 1..4)
                .prop_map(|bs| {
                    let bs: Vec<String> = bs.iter().map(|b| b.join(" ")).collect();
                    format!("({})", bs.join("|"))
                }),
            word.clone().prop_map(|w| format!("(?:{w})+")),
            Just(r"(?-u:\b)".to_string()),
            Just(" ".to_string()),
            Just(" +".to_string()),
            Just(r"[^.!?]{0,12}".to_string()),
            Just(r"\d+".to_string()),
            Just(r"\w+".to_string()),
            Just("s?".to_string()),
        ];
        proptest::collection::vec(piece, 1..7).prop_map(|p| p.concat())
    }

    fn text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let part = proptest::sample::select(vec![
            "you", "your", "patient", "we", "sue", "sued", "review", "the", "a", "visit", "visits",
            "this", "fake", "ab", "x", " ", " ", "  ", ".", ",", "!", "3", "42", "s", "'",
        ]);
        proptest::collection::vec(part, 0..30).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        /// Gates and factors only save work: on any text, a gated regex finds what `find_iter`
        /// finds.
        #[test]
        fn gated_search_equals_find_iter_on_random_regexes(
            pattern in regex_strategy(),
            text in text_strategy(),
        ) {
            let b = bank(&[&pattern]);
            proptest::prop_assert_eq!(
                b.matches(text.as_bytes()),
                plain_find_iter(&pattern, text.as_bytes()),
                "{}", pattern
            );
        }
    }
}
