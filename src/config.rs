//! The user's configuration (`.hipaa-lint.toml`): packs, severities, the practice's own details.
//!
//! # Which config applies
//!
//! 1. `hipaa-lint check --config FILE` uses FILE for every draft.
//! 2. Otherwise each draft gets the closest `.hipaa-lint.toml` in its directory or above
//!    ([`Config::find`]); stdin uses the directory of `--stdin-filename`, else the current one.
//! 3. No file found: [`Config::default`], the built-in packs and behaviour.
//!
//! A file with `extend = "../base.toml"` is read on top of that base (paths relative to the file
//! that names them, chains up to 16 deep): a key the file sets wins; lists replace the base's
//! list rather than adding to it; `[rules]` entries merge, the file's winning per rule.
//!
//! # Precedence of per-draft settings
//!
//! - Draft kind: `--kind` (or a JSONL record's `kind`), then the first matching `[[kinds]]` glob
//!   ([`Config::kind_for`]), then `kind`, then `auto`.
//! - Practice type: `--practice-type` (or the record's `practice_type`), then `practice_type`.
//! - Exit threshold: `--fail-on`, then `fail_on`, then `warning`.
//! - Size cap: `--max-file-size`, then `max_file_size`, then [`DEFAULT_MAX_FILE_SIZE`].
//! - A rule's severity: an exact id in `[rules]`, then the longest matching `prefix.*`, then the
//!   pack's (with its escalations).
//!
//! Unknown keys anywhere are errors naming the file, line and key. A config file larger than
//! [`MAX_CONFIG_SIZE`] is an error naming it, and is never read in full.

use crate::error::{Error, Origin, Result};
use crate::finding::Severity;
use crate::pack::DraftKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The config file name looked for when walking up from a linted path.
pub const CONFIG_FILE: &str = ".hipaa-lint.toml";

/// The largest draft, in bytes, the CLI reads when neither `--max-file-size` nor
/// `max_file_size` says otherwise: far above any real reply, low enough that a stray log or
/// dump is refused before it is read into memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The largest config file read, in bytes (1 MiB): a real one is a few hundred bytes, so a
/// larger file is a mistake (a log or dump named `.hipaa-lint.toml`) and is refused unread.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// Reads a UTF-8 file of at most `cap` bytes (`what` names the kind of file in the error). The
/// size is checked first, so a large regular file is refused without reading it; the read is
/// bounded with [`Read::take`] too, for files that grow or report no size (FIFOs, devices).
///
/// Over the cap: an [`Error::Io`] naming the file, of kind
/// [`std::io::ErrorKind::FileTooLarge`].
pub(crate) fn read_file_capped(path: &Path, cap: u64, what: &str) -> Result<String> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // The size when the file system knows it; past the bounded read, only that it is larger.
    let too_large = |size: Option<u64>| {
        let size = size.map_or_else(String::new, |n| format!(" ({n} bytes)"));
        io(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("{what} larger than the size cap of {cap} bytes{size}, not read"),
        ))
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > cap {
        return Err(too_large(Some(len)));
    }
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(None));
    }
    String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// A resolved configuration. Every field has a default, so `Config::default()` is the built-in
/// behaviour.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// A base config to extend, relative to this file; this file's keys win.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extend: Option<String>,
    /// Packs: `builtin` (all built-in packs), a built-in pack id, or a path to a pack file.
    /// Empty means `["builtin"]`.
    pub packs: Vec<String>,
    /// Lowest severity that fails a check (CLI exit code 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Severity>,
    /// Default draft kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DraftKind>,
    /// The practice's type (`dental`, `behavioral`, `sud`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice_type: Option<String>,
    /// Largest draft in bytes the CLI reads (a positive integer); `None` means
    /// [`DEFAULT_MAX_FILE_SIZE`].
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "positive_size"
    )]
    pub max_file_size: Option<u64>,
    /// The practice's own details: never flagged in contact or sign-off context.
    pub practice: Practice,
    /// Per-rule or per-category (`"phi.*"`) severity or `off`.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Which placeholder names are safe.
    pub placeholders: Placeholders,
    /// Draft kind per file glob.
    pub kinds: Vec<KindGlob>,
    /// Where this config was read from (not a key).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// The practice's own contact details and names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Practice {
    /// Practice name, used to fill `{practice_name}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone numbers (compared by their last 10 digits).
    pub phone: Vec<String>,
    /// Fax numbers.
    pub fax: Vec<String>,
    /// E-mail addresses.
    pub email: Vec<String>,
    /// Website hosts (`smile.example`) or URLs.
    pub url: Vec<String>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The review link sent in requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_link: Option<String>,
    /// Staff who sign replies or take calls (`Dr. Lee`, `Maria`).
    pub allow_names: Vec<String>,
    /// Brand or program names that look clinical (`Healthy Smiles Plan`).
    pub allow_terms: Vec<String>,
}

/// A rule override: a severity, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    /// Do not run the rule.
    Off,
    /// Report as info.
    Info,
    /// Report as warning.
    Warning,
    /// Report as error.
    Error,
}

/// Placeholder settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Placeholders {
    /// Names (globs with `*`) that are always safe, e.g. `practice_*`, `review_link`.
    pub safe: Vec<String>,
}

/// A draft kind for files matching a glob.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindGlob {
    /// Glob relative to the config file (`requests/**`).
    pub glob: String,
    /// The kind.
    pub kind: DraftKind,
}

impl Config {
    /// Parses a config from TOML text (no `extend` resolution).
    pub fn from_toml(text: &str) -> Result<Config> {
        Self::parse(text, "<config>")
    }

    fn parse(text: &str, origin: &str) -> Result<Config> {
        let cfg: Config = toml::from_str(text).map_err(|e| Error::from_toml(origin, text, &e))?;
        for (key, _) in cfg.rules.iter() {
            if key.trim().is_empty() {
                return Err(Error::Toml {
                    origin: Origin {
                        file: origin.into(),
                        line: None,
                    },
                    message: "empty rule name in [rules]".into(),
                });
            }
        }
        Ok(cfg)
    }

    /// Reads a config file and the chain of files it extends (the closer file's keys win). A
    /// file over [`MAX_CONFIG_SIZE`] is an [`Error::Io`] naming it.
    pub fn from_file(path: &Path) -> Result<Config> {
        Self::from_file_depth(path, 0)
    }

    fn from_file_depth(path: &Path, depth: usize) -> Result<Config> {
        let text = read_file_capped(path, MAX_CONFIG_SIZE, "config file")?;
        let mut cfg = Self::parse(&text, &path.display().to_string())?;
        let dir = path.parent().unwrap_or(Path::new("."));
        // Pack paths are relative to the file that names them.
        for p in &mut cfg.packs {
            if p.ends_with(".toml") && Path::new(p).is_relative() {
                *p = dir.join(&*p).display().to_string();
            }
        }
        cfg.path = Some(path.to_path_buf());
        if let Some(base) = cfg.extend.clone() {
            if depth > 16 {
                return Err(Error::Toml {
                    origin: Origin {
                        file: path.display().to_string(),
                        line: None,
                    },
                    message: "`extend` chain is deeper than 16 files (a cycle?)".into(),
                });
            }
            let base = Self::from_file_depth(&dir.join(base), depth + 1)?;
            cfg = base.overlay(cfg);
        }
        Ok(cfg)
    }

    /// Finds the closest `.hipaa-lint.toml` at or above `start` and reads it.
    pub fn discover(start: &Path) -> Result<Option<Config>> {
        match Self::find(start) {
            Some(p) => Self::from_file(&p).map(Some),
            None => Ok(None),
        }
    }

    /// The closest config file at or above `start`.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        let abs = std::path::absolute(start).ok()?;
        abs.ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// `self` as a base with `top`'s keys on top.
    fn overlay(self, top: Config) -> Config {
        let mut rules = self.rules;
        rules.extend(top.rules);
        let pick = |a: Vec<String>, b: Vec<String>| if b.is_empty() { a } else { b };
        Config {
            extend: top.extend,
            packs: pick(self.packs, top.packs),
            fail_on: top.fail_on.or(self.fail_on),
            kind: top.kind.or(self.kind),
            practice_type: top.practice_type.or(self.practice_type),
            max_file_size: top.max_file_size.or(self.max_file_size),
            practice: Practice {
                name: top.practice.name.or(self.practice.name),
                phone: pick(self.practice.phone, top.practice.phone),
                fax: pick(self.practice.fax, top.practice.fax),
                email: pick(self.practice.email, top.practice.email),
                url: pick(self.practice.url, top.practice.url),
                address: top.practice.address.or(self.practice.address),
                review_link: top.practice.review_link.or(self.practice.review_link),
                allow_names: pick(self.practice.allow_names, top.practice.allow_names),
                allow_terms: pick(self.practice.allow_terms, top.practice.allow_terms),
            },
            rules,
            placeholders: Placeholders {
                safe: pick(self.placeholders.safe, top.placeholders.safe),
            },
            kinds: if top.kinds.is_empty() {
                self.kinds
            } else {
                top.kinds
            },
            path: top.path,
        }
    }

    /// The override for a rule: the exact id first, then the longest matching `prefix.*`.
    pub fn rule_setting(&self, rule: &str) -> Option<RuleSetting> {
        if let Some(s) = self.rules.get(rule) {
            return Some(*s);
        }
        self.rules
            .iter()
            .filter_map(|(k, v)| {
                let prefix = k.strip_suffix('*').unwrap_or(k);
                let prefix = prefix.strip_suffix('.').unwrap_or(prefix);
                let ok = rule == prefix
                    || rule
                        .strip_prefix(prefix)
                        .is_some_and(|r| r.starts_with('.'));
                ok.then_some((prefix.len(), *v))
            })
            .max_by_key(|(n, _)| *n)
            .map(|(_, v)| v)
    }

    /// The draft kind the config's `[[kinds]]` globs give `path`: the first glob that matches,
    /// relative to the config file's directory (or the current directory for a config that was
    /// not read from a file). A glob without `/` matches the file name in any directory; `**`
    /// matches any number of directories.
    pub fn kind_for(&self, path: &Path) -> Option<DraftKind> {
        if self.kinds.is_empty() {
            return None;
        }
        let base = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let file = abs(path);
        let rel = file.strip_prefix(abs(&base)).unwrap_or(&file);
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        self.kinds
            .iter()
            .find(|k| path_glob_match(&k.glob, &parts))
            .map(|k| k.kind)
    }

    /// The config as TOML, as `--dump-config` prints it.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# could not serialise: {e}\n"))
    }

    /// The size cap in bytes: `max_file_size`, else [`DEFAULT_MAX_FILE_SIZE`].
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }

    /// Whether a placeholder name is configured as safe.
    pub fn placeholder_is_safe(&self, name: &str) -> bool {
        self.placeholders.safe.iter().any(|g| glob_match(g, name))
    }
}

/// `max_file_size`: a positive integer of bytes. Zero would refuse every draft and a negative
/// size means nothing, so both are errors (at the key's line) rather than silently clamped; the
/// messages name the key because toml's own ("expected u64") would not.
fn positive_size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct Bytes;
    impl serde::de::Visitor<'_> for Bytes {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "max_file_size: a positive integer number of bytes (e.g. {DEFAULT_MAX_FILE_SIZE} for 10 MiB)"
            )
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<u64, E> {
            match u64::try_from(n) {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(E::invalid_value(serde::de::Unexpected::Signed(n), &self)),
            }
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<u64, E> {
            match n {
                0 => Err(E::invalid_value(serde::de::Unexpected::Unsigned(0), &self)),
                n => Ok(n),
            }
        }
    }
    d.deserialize_u64(Bytes).map(Some)
}

/// Matches path components against a glob: `**` spans any number of components, `*` any run of
/// characters within one; a glob without `/` is matched against the file name alone.
fn path_glob_match(glob: &str, parts: &[String]) -> bool {
    let glob = glob.trim_start_matches("./");
    if !glob.contains('/') {
        return parts.last().is_some_and(|name| glob_match(glob, name));
    }
    let segs: Vec<&str> = glob.split('/').filter(|s| !s.is_empty()).collect();
    fn go(segs: &[&str], parts: &[String]) -> bool {
        match segs.split_first() {
            None => parts.is_empty(),
            Some((&"**", rest)) => (0..=parts.len()).any(|k| go(rest, &parts[k..])),
            Some((seg, rest)) => parts
                .split_first()
                .is_some_and(|(p, tail)| glob_match(seg, p) && go(rest, tail)),
        }
    }
    go(&segs, parts)
}

/// `*` matches any run of characters; everything else matches itself (case-insensitive).
pub(crate) fn glob_match(glob: &str, s: &str) -> bool {
    let g = glob.to_ascii_lowercase();
    let s = s.to_ascii_lowercase();
    let parts: Vec<&str> = g.split('*').collect();
    if parts.len() == 1 {
        return g == s;
    }
    let mut rest = s.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(k) => rest = &rest[k + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_naming_line_and_key() {
        let e = Config::from_toml("fail_on = \"error\"\ncolour = true\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(":2") && msg.contains("colour"), "{msg}");
    }

    #[test]
    fn category_wildcard_applies_and_exact_id_wins() {
        let c =
            Config::from_toml("[rules]\n\"phi.*\" = \"warning\"\n\"phi.identifier\" = \"off\"\n")
                .unwrap();
        assert_eq!(c.rule_setting("phi.diagnosis"), Some(RuleSetting::Warning));
        assert_eq!(c.rule_setting("phi.identifier"), Some(RuleSetting::Off));
        assert_eq!(c.rule_setting("tone.insult"), None);
    }

    #[test]
    fn kind_globs_match_directories_and_file_names() {
        let c = Config::from_toml(
            "[[kinds]]\nglob = \"requests/**\"\nkind = \"solicitation\"\n\n[[kinds]]\nglob = \"*.post.md\"\nkind = \"post\"\n",
        )
        .unwrap();
        assert_eq!(
            c.kind_for(Path::new("requests/sms/a.txt")),
            Some(DraftKind::Solicitation)
        );
        assert_eq!(
            c.kind_for(Path::new("site/x.post.md")),
            Some(DraftKind::Post)
        );
        assert_eq!(c.kind_for(Path::new("replies/a.md")), None);
    }

    #[test]
    fn dumped_config_parses_back_to_the_same_config() {
        let c = Config::from_toml(
            "fail_on = \"error\"\n[practice]\nphone = [\"555-010-2000\"]\n[rules]\n\"phi.*\" = \"warning\"\n[[kinds]]\nglob = \"a/**\"\nkind = \"post\"\n",
        )
        .unwrap();
        assert_eq!(Config::from_toml(&c.to_toml()).unwrap(), c);
    }

    #[test]
    fn max_file_size_defaults_to_10_mib_and_the_closer_file_wins() {
        assert_eq!(Config::default().max_file_size(), 10 * 1024 * 1024);
        let base = Config::from_toml("max_file_size = 100\n").unwrap();
        assert_eq!(base.max_file_size(), 100);
        let top = Config::from_toml("max_file_size = 200\n").unwrap();
        assert_eq!(base.clone().overlay(top).max_file_size(), 200);
        assert_eq!(base.overlay(Config::default()).max_file_size(), 100);
    }

    #[test]
    fn max_file_size_zero_or_negative_is_an_error_naming_line_and_key() {
        for bad in ["0", "-5"] {
            let e = Config::from_toml(&format!("fail_on = \"error\"\nmax_file_size = {bad}\n"))
                .unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.contains(":2") && msg.contains("max_file_size") && msg.contains("positive"),
                "{msg}"
            );
        }
    }

    #[test]
    fn max_file_size_as_a_string_is_an_error_naming_the_key() {
        let msg = Config::from_toml("max_file_size = \"10MB\"\n")
            .unwrap_err()
            .to_string();
        assert!(msg.contains(":1") && msg.contains("max_file_size"), "{msg}");
    }

    #[test]
    fn safe_placeholder_globs_match() {
        let c = Config::from_toml("[placeholders]\nsafe = [\"practice_*\", \"review_link\"]\n")
            .unwrap();
        assert!(c.placeholder_is_safe("practice_phone"));
        assert!(c.placeholder_is_safe("review_link"));
        assert!(!c.placeholder_is_safe("first_name"));
    }
}
