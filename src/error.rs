//! The crate's error type.

use std::path::PathBuf;

/// Where a problem was found: a file (or a built-in pack's name) and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File path, or `builtin:<name>` for an embedded pack.
    pub file: String,
    /// 1-based line, when the problem has a position.
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => f.write_str(&self.file),
        }
    }
}

/// Everything that can go wrong while loading packs or config, or reading drafts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The TOML does not parse or does not fit the schema (unknown key, wrong type, …).
    #[error("{origin}: {message}")]
    Toml {
        /// File and line.
        origin: Origin,
        /// What the parser said, including the key where it knows it.
        message: String,
    },
    /// A pack is well-formed TOML but says something invalid.
    #[error("{origin}: rule `{rule}`: {key}: {message}")]
    Rule {
        /// File and line of the rule.
        origin: Origin,
        /// Rule id (or the pack id for pack-level problems).
        rule: String,
        /// The offending key.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// A pattern in a pack does not compile.
    #[error("{origin}: rule `{rule}`: bad regex `{pattern}`: {source}")]
    Regex {
        /// File and line of the rule.
        origin: Origin,
        /// Rule id or cue-set name.
        rule: String,
        /// The pattern as written.
        pattern: String,
        /// The regex crate's error.
        #[source]
        source: Box<regex::Error>,
    },
    /// Two loaded rules share an id.
    #[error("{origin}: duplicate rule id `{rule}` (first defined in {first})")]
    DuplicateRule {
        /// Where the second definition is.
        origin: Origin,
        /// The id.
        rule: String,
        /// Where the first definition is.
        first: String,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The automaton could not be built (too many patterns, out of memory).
    #[error("could not build the phrase matcher: {0}")]
    Matcher(String),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds a [`Error::Toml`] from a `toml` deserialisation error, with the line computed from
    /// the error's byte span.
    pub(crate) fn from_toml(file: &str, text: &str, err: &toml::de::Error) -> Self {
        let line = err.span().map(|s| line_of(text, s.start));
        Error::Toml {
            origin: Origin {
                file: file.to_string(),
                line,
            },
            message: err.message().trim().to_string(),
        }
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Newline offsets of a text, for many line lookups: counting from the top each time is
/// quadratic in big packs and big documents.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line of byte `at`.
    pub(crate) fn line(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }

    /// 1-based line and character column of byte `at` of `text` (the text indexed).
    pub(crate) fn line_col(&self, text: &str, at: usize) -> (usize, usize) {
        let line = self.line(at);
        let line_start = self.starts[line - 1];
        (line, text[line_start..at].chars().count() + 1)
    }
}
