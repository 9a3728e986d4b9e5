//! The built-in packs and lexicons, embedded at build time from `rules/`.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// A built-in lexicon's text by name.
pub(crate) fn lexicon(name: &str) -> Option<&'static str> {
    LEXICONS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
