//! Which literals gate a pack regex: the analysis behind [`crate::regexes::RegexBank`].
//!
//! Parsing and literal extraction for the built-in packs' hundreds of regexes was half of a
//! `Linter`'s build time, so `build.rs` runs this same module over them and embeds the results
//! (`crate::builtin::gate_literals`); only a user pack's regexes are analysed at run time. This file depends on
//! `regex_syntax` and `std` alone, so that the build script can include it.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Prefix-gate literals keep at most this many bytes.
pub(crate) const PREFIX_GATE_LEN: usize = 6;

/// A regex waits for hits of at most this many factors (see [`Literals`]).
const MAX_FACTORS: usize = 2;

/// A factor gathered from an alternation's branches keeps at most this many literals.
const MAX_FACTOR_LITERALS: usize = 64;

/// Where a regex's matches are known to start or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Every match starts where one of its literals starts.
    Prefix,
    /// Every match ends where one of its literals ends.
    Suffix,
    /// No finite literal set: run on every draft.
    None,
}

/// What the literal analysis of a regex found: owned literals from [`analyse`], borrowed ones
/// from the built-in packs' embedded table.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Literals<L = Vec<u8>> {
    /// A prefix set when every match starts with one of a finite set of literals, else such a
    /// suffix set; `None` when neither exists (the regex can start and end anywhere, or the
    /// extractor gave up).
    pub(crate) gate: Option<(Gate, Vec<L>)>,
    /// Rarer sets of which one literal each occurs inside every match (`patient` in
    /// `you were (a|our) patient`): without a hit of each, the regex need not run at all.
    pub(crate) factors: Vec<Vec<L>>,
}

impl<L> Default for Literals<L> {
    fn default() -> Self {
        Literals {
            gate: None,
            factors: Vec::new(),
        }
    }
}

impl<L> Literals<L> {
    /// The same analysis with each literal converted by `f`.
    #[allow(dead_code)] // build.rs includes this module and does not convert
    pub(crate) fn map<M>(self, f: impl Fn(L) -> M) -> Literals<M> {
        Literals {
            gate: self.gate.map(|(g, v)| (g, v.into_iter().map(&f).collect())),
            factors: self
                .factors
                .into_iter()
                .map(|v| v.into_iter().map(&f).collect())
                .collect(),
        }
    }
}

/// Words too common in replies to make a factor worth its bookkeeping.
const COMMON_WORDS: &[&[u8]] = &[
    b"about", b"after", b"all", b"and", b"any", b"are", b"been", b"but", b"can", b"did", b"for",
    b"from", b"had", b"has", b"have", b"her", b"him", b"his", b"just", b"make", b"more", b"must",
    b"not", b"only", b"our", b"over", b"please", b"she", b"some", b"than", b"thank", b"thanks",
    b"that", b"the", b"their", b"them", b"then", b"there", b"these", b"they", b"this", b"those",
    b"very", b"want", b"was", b"we're", b"were", b"what", b"when", b"where", b"which", b"while",
    b"who", b"will", b"with", b"would", b"you", b"you're", b"your",
];

/// The gate and factor of `src`, parsed as the engine runs it: ASCII mode, so `\d` is ten bytes,
/// not every Unicode digit.
pub(crate) fn analyse(src: &str) -> Literals {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(src)
    else {
        return Literals::default();
    };
    // A prefix gate even with short literals: the anchored search it allows is cheap. The
    // extractor crosses alternations into hundreds of long literals per regex; their first
    // bytes gate just as well (the anchored search checks the rest) in a far smaller automaton.
    let gate = literal_set(&hir, ExtractKind::Prefix)
        .map(|v| (Gate::Prefix, truncated(v)))
        .or_else(|| literal_set(&hir, ExtractKind::Suffix).map(|v| (Gate::Suffix, v)));
    let gate_strength = gate.as_ref().map_or(0, |(_, v)| strength(v));
    let mut candidates = Vec::new();
    required_parts(&hir, &mut candidates);
    let mut factors: Vec<(usize, Vec<Vec<u8>>)> = candidates
        .iter()
        .filter_map(|part| factor_of(part))
        .filter(|(s, _)| *s > gate_strength.max(1))
        .collect();
    // Strongest first, then fewest literals; two distinct ones at most.
    factors.sort_by_key(|(s, v)| (std::cmp::Reverse(*s), v.len()));
    factors.dedup_by(|a, b| a.1 == b.1);
    let factors = factors
        .into_iter()
        .take(MAX_FACTORS)
        .map(|(_, v)| v)
        .collect();
    Literals { gate, factors }
}

/// The finite literal set `kind` extraction gives for `hir`, if it has no empty literal.
fn literal_set(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    // Literals cut short as they are built, so that wide alternations stay finite sets.
    let seq = Extractor::new()
        .kind(kind)
        .limit_literal_len(PREFIX_GATE_LEN)
        .limit_total(2_000)
        .extract(hir);
    let lits = seq.literals()?;
    let shortest = lits.iter().map(|l| l.as_bytes().len()).min()?;
    (shortest > 0).then(|| {
        let mut v: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
        v.sort();
        v.dedup();
        v
    })
}

/// The strongest literal set (with its [`strength`]) one of whose literals every match of
/// `hir` contains: its own prefix set, or one found inside it. An alternation's branches each
/// give theirs, so `(you|he) (feel|felt) better|we (heal|treat)` yields `better`/`heal`/`treat`
/// where its prefix set (`you`, `he`, `we`) is common words.
fn factor_of(hir: &Hir) -> Option<(usize, Vec<Vec<u8>>)> {
    let own = literal_set(hir, ExtractKind::Prefix)
        .map(truncated)
        .map(|v| (strength(&v), v));
    let inner = match hir.kind() {
        HirKind::Concat(parts) => parts.iter().filter_map(factor_of).max_by(stronger),
        HirKind::Alternation(branches) => {
            let mut union: Vec<Vec<u8>> = Vec::new();
            for b in branches {
                union.extend(factor_of(b)?.1);
                if union.len() > MAX_FACTOR_LITERALS {
                    return own;
                }
            }
            union.sort();
            union.dedup();
            Some((strength(&union), union))
        }
        HirKind::Capture(c) => factor_of(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => factor_of(&r.sub),
        _ => None,
    };
    [own, inner].into_iter().flatten().max_by(stronger)
}

/// Orders factor candidates: the stronger, then the one with fewer literals.
fn stronger(a: &(usize, Vec<Vec<u8>>), b: &(usize, Vec<Vec<u8>>)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len()))
}

/// Each literal cut to [`PREFIX_GATE_LEN`] bytes (a prefix of a literal that must occur also
/// must), deduplicated.
fn truncated(mut v: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    for lit in &mut v {
        lit.truncate(PREFIX_GATE_LEN);
    }
    v.sort();
    v.dedup();
    v
}

/// How rarely a literal set is expected to occur: the shortest, over its literals, of the
/// longest word in the literal, a very common word counting as none.
fn strength(v: &[Vec<u8>]) -> usize {
    let literal = |l: &[u8]| {
        // A quote mark or `@` is as rare as a long word.
        if l.iter().any(|b| b"\"@=#$%&*+<>[]{}|~^".contains(b)) {
            return PREFIX_GATE_LEN;
        }
        l.split(|&b| !(b.is_ascii_alphanumeric() || b == b'\''))
            .filter(|w| !COMMON_WORDS.contains(w))
            .map(<[u8]>::len)
            .max()
            .unwrap_or(0)
    };
    v.iter().map(|l| literal(l)).min().unwrap_or(0)
}

/// The sub-expressions every match of `hir` must contain a match of: `hir`, and through its
/// groups, `+` repeats and concatenations, their parts. (The parser factors alternations, so
/// `(patient|pt)` is `p(atient|t)`: the group as a whole is the useful candidate.)
fn required_parts<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => return,
        HirKind::Repetition(r) if r.min == 0 => return,
        _ => out.push(hir),
    }
    match hir.kind() {
        HirKind::Concat(parts) => parts.iter().for_each(|p| required_parts(p, out)),
        HirKind::Capture(c) => required_parts(&c.sub, out),
        HirKind::Repetition(r) => required_parts(&r.sub, out),
        _ => {}
    }
}
