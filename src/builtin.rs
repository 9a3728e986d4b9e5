//! The built-in packs and lexicons, embedded at build time from `rules/`.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// A built-in lexicon's text by name.
pub(crate) fn lexicon(name: &str) -> Option<&'static str> {
    LEXICONS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The gate analysis of a built-in pack regex, as `build.rs` ran [`crate::gate::analyse`] on it;
/// `None` for any other source.
pub(crate) fn gate_literals(source: &str) -> Option<crate::gate::Literals<&'static [u8]>> {
    let i = GATES.binary_search_by(|g| g.0.cmp(source)).ok()?;
    let (_, gate, literals, factors) = GATES[i];
    let gate = match gate {
        1 => Some((crate::gate::Gate::Prefix, literals.to_vec())),
        2 => Some((crate::gate::Gate::Suffix, literals.to_vec())),
        _ => None,
    };
    Some(crate::gate::Literals {
        gate,
        factors: factors.iter().map(|f| f.to_vec()).collect(),
    })
}
