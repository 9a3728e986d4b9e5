//! Policy packs: the TOML schema, its validation, and a pack's own test cases.

use crate::config::read_file_capped;
use crate::error::{line_of, Error, LineIndex, Origin, Result};
use crate::finding::{Applicability, Category, Severity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;

/// The largest pack or lexicon file read, in bytes (16 MiB): the built-in packs and lexicons are
/// a few dozen KiB each, so a larger file is refused before it is read in full.
pub const MAX_PACK_SIZE: u64 = 16 * 1024 * 1024;

/// The kind of draft being checked (catalog §0.2).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DraftKind {
    /// Decide from the text: a draft that asks for a review is a solicitation, else a reply.
    #[default]
    Auto,
    /// A public reply to a review or comment.
    Reply,
    /// A private review request sent to the patient (or an internal memo about reviews).
    Solicitation,
    /// Public marketing copy: a social post, website text, an ad, a published policy.
    Post,
}

impl DraftKind {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Auto => "auto",
            DraftKind::Reply => "reply",
            DraftKind::Solicitation => "solicitation",
            DraftKind::Post => "post",
        }
    }
}

impl std::str::FromStr for DraftKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(DraftKind::Auto),
            "reply" => Ok(DraftKind::Reply),
            "solicitation" => Ok(DraftKind::Solicitation),
            "post" => Ok(DraftKind::Post),
            _ => Err(format!(
                "unknown draft kind `{s}` (expected auto, reply, solicitation or post)"
            )),
        }
    }
}

/// Where a rule looks for its conditions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The trigger's sentence.
    #[default]
    Sentence,
    /// The trigger's paragraph.
    Paragraph,
    /// The whole draft.
    Draft,
}

/// Which side of the trigger a condition's cue must be on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Before or after.
    #[default]
    Either,
    /// Before the trigger.
    Before,
    /// After the trigger.
    After,
}

/// A context condition: one of `any` occurs in scope (and within `within_words`, on `side`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// Cue-set names or terms.
    pub any: Vec<String>,
    /// At most this many words between the cue and the trigger.
    pub within_words: Option<usize>,
    /// Which side of the trigger.
    pub side: Side,
    /// Overrides the rule's scope.
    pub scope: Option<Scope>,
    /// Only applies to these draft kinds (empty: all).
    pub kinds: Vec<DraftKind>,
    /// Only applies to these practice types (empty: all).
    pub practice_types: Vec<String>,
    /// The condition holds only when none of these holds (a stronger cue voids an exception).
    pub not_with: Vec<Condition>,
}

/// Raise a rule's severity for some practice types or when a cue occurs in the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Practice types that escalate (empty: any).
    #[serde(default)]
    pub practice_types: Vec<String>,
    /// Cue sets or terms that escalate when present in the finding's sentence (empty: always).
    #[serde(default)]
    pub when: Vec<String>,
    /// The raised severity.
    pub severity: Severity,
}

/// How a rule's finding is rewritten (catalog §8.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    /// Delete the span and mend spacing and commas.
    RedactSpan,
    /// Replace the sentence with the suggestion text (empty text: delete it).
    ReplaceSentence,
    /// Replace the whole draft.
    ReplaceReply,
}

/// A rule's suggestion template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionSpec {
    /// The rewrite pattern.
    pub pattern: Pattern,
    /// Replacement text; may use `{practice_phone}` and friends.
    #[serde(default)]
    pub text: String,
    /// `safe` or `review`.
    #[serde(default = "review")]
    pub applicability: Applicability,
}

fn review() -> Applicability {
    Applicability::Review
}

/// One rule of a pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// `category.name`.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Default severity.
    pub severity: Severity,
    /// Draft kinds the rule runs on (empty: all).
    pub kinds: Vec<DraftKind>,
    /// Practice types the rule runs on (empty: all).
    pub practice_types: Vec<String>,
    /// Where conditions are evaluated.
    pub scope: Scope,
    /// What is wrong and what to do.
    pub message: String,
    /// Why, in the catalog's terms.
    pub explanation: String,
    /// A bad example.
    pub example: String,
    /// The good version of the example.
    pub instead: String,
    /// Citations, short form.
    pub references: Vec<String>,
    /// Terms whose hits become findings.
    pub triggers: Vec<String>,
    /// Conditions that must all hold.
    pub requires: Vec<Condition>,
    /// Conditions any of which suppresses the finding.
    pub unless: Vec<Condition>,
    /// Rules whose findings in the same scope this rule replaces.
    pub suppresses: Vec<String>,
    /// Severity raises.
    pub escalate: Vec<Escalation>,
    /// The rewrite.
    pub suggestion: Option<SuggestionSpec>,
    /// 1-based line of the rule in its pack.
    pub line: usize,
}

/// One test case of a pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// The draft.
    pub text: String,
    /// Rule ids of this pack that must fire (exactly).
    pub expect: Vec<String>,
    /// Draft kind (default `reply`).
    #[serde(default)]
    pub kind: Option<DraftKind>,
    /// Practice type.
    #[serde(default)]
    pub practice_type: Option<String>,
    /// Input format (default text).
    #[serde(default)]
    pub format: Option<crate::draft::InputFormat>,
    /// Texts the findings must cover exactly.
    #[serde(default)]
    pub spans: Vec<String>,
    /// 1-based line of the case in its pack.
    #[serde(skip_deserializing)]
    pub line: usize,
}

/// A loaded, validated policy pack.
#[derive(Clone, Debug)]
pub struct Pack {
    /// Pack id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Version string.
    pub version: String,
    /// What the pack checks.
    pub description: String,
    /// Where it came from: a path or `builtin:<id>`.
    pub origin: String,
    pub(crate) source: String,
    /// Named cue sets.
    pub cues: BTreeMap<String, Vec<String>>,
    /// The pack's own lexicons, loaded.
    pub(crate) lexicons: BTreeMap<String, Vec<String>>,
    /// Rules in file order.
    pub rules: Vec<Rule>,
    /// Test cases in file order.
    pub tests: Vec<TestCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    lexicons: BTreeMap<String, String>,
    #[serde(default)]
    cues: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rule: Vec<Spanned<RuleFile>>,
    #[serde(default)]
    test: Vec<Spanned<TestCase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    category: String,
    severity: Severity,
    #[serde(default)]
    kinds: Vec<DraftKind>,
    #[serde(default)]
    practice_types: Vec<String>,
    #[serde(default)]
    scope: Scope,
    message: String,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    example: String,
    #[serde(default)]
    instead: String,
    #[serde(default)]
    references: Vec<String>,
    triggers: Vec<String>,
    #[serde(default)]
    requires: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    unless: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    suppresses: Vec<String>,
    #[serde(default)]
    escalate: Vec<Escalation>,
    #[serde(default)]
    suggestion: Option<SuggestionSpec>,
}

/// What kind of thing a term string names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Term<'a> {
    /// A phrase with its match mode.
    Phrase(&'a str, PhraseMode),
    Lexicon(&'a str),
    Entity(&'a str),
    Placeholder(&'a str),
    Cue(&'a str),
    Regex(&'a str),
    Kind(&'a str),
    /// Another rule's findings (`@rule:phi.diagnosis`, `@rule:phi.*`), as triggers.
    Rule(&'a str),
}

/// How a phrase's last word matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PhraseMode {
    /// Base form and regular inflections.
    Inflect,
    /// Exactly as written.
    Exact,
    /// Any continuation of the last word.
    Prefix,
}

/// Placeholder classes of catalog §6.
pub(crate) const PLACEHOLDER_CLASSES: &[&str] = &[
    "patient-identity",
    "patient-data",
    "care-detail",
    "reviewer-display",
    "practice",
    "system",
    "unknown",
    "rating-condition",
];

impl<'a> Term<'a> {
    pub(crate) fn parse(s: &'a str) -> Term<'a> {
        if let Some(r) = s.strip_prefix("@lexicon:") {
            Term::Lexicon(r)
        } else if let Some(r) = s.strip_prefix("@entity:") {
            Term::Entity(r)
        } else if let Some(r) = s.strip_prefix("@placeholder:") {
            Term::Placeholder(r)
        } else if let Some(r) = s.strip_prefix("@cue:") {
            Term::Cue(r)
        } else if let Some(r) = s.strip_prefix("re:") {
            Term::Regex(r)
        } else if let Some(r) = s.strip_prefix("@rule:") {
            Term::Rule(r)
        } else if let Some(r) = s.strip_prefix("kind:") {
            Term::Kind(r)
        } else if let Some(r) = s.strip_prefix('=') {
            Term::Phrase(r, PhraseMode::Exact)
        } else if let Some(r) = s.strip_suffix('*') {
            Term::Phrase(r, PhraseMode::Prefix)
        } else {
            Term::Phrase(s, PhraseMode::Inflect)
        }
    }
}

impl Pack {
    /// Parses and validates a pack from TOML text. Lexicons it declares in `[lexicons]` cannot be
    /// read without a file location: use [`Pack::from_file`] for those.
    pub fn from_toml(text: &str) -> Result<Pack> {
        Self::parse(text, "<pack>", None)
    }

    /// Reads, parses and validates a pack file; `[lexicons]` paths are relative to it. A pack or
    /// lexicon file over [`MAX_PACK_SIZE`] is an [`Error::Io`] naming it.
    pub fn from_file(path: &Path) -> Result<Pack> {
        let text = read_file_capped(path, MAX_PACK_SIZE, "pack file")?;
        Self::parse(&text, &path.display().to_string(), path.parent())
    }

    /// One of the built-in packs by id (`phi`, `patient-status`, `tone`, `solicitation`).
    pub fn builtin(id: &str) -> Option<Pack> {
        crate::builtin::PACKS
            .iter()
            .find(|(name, ..)| *name == id)
            .map(|(name, text, _)| Self::parse_builtin(name, text))
    }

    /// Whether `id` names a built-in pack.
    pub fn is_builtin(id: &str) -> bool {
        crate::builtin::PACKS.iter().any(|(name, ..)| *name == id)
    }

    /// All built-in packs.
    pub fn builtins() -> Vec<Pack> {
        crate::builtin::PACKS
            .iter()
            .map(|(name, text, _)| Self::parse_builtin(name, text))
            .collect()
    }

    /// The built-in packs named `ids` (all of them for `None`) as a `Linter` runs them: without
    /// their `[[test]]` cases, which it never reads, and parsed side by side when there are
    /// cores to spare (parsing is a sixth of a `Linter`'s start-up).
    pub(crate) fn builtin_rules(ids: Option<&[&str]>) -> Vec<Pack> {
        let wanted: Vec<(&str, &str)> = crate::builtin::PACKS
            .iter()
            .filter(|(name, ..)| ids.is_none_or(|ids| ids.contains(name)))
            .map(|(name, _, rules)| (*name, *rules))
            .collect();
        // Two shares of about equal work, heaviest pack first into the lighter share; the packs
        // then go back into their given order (rule order follows it). TOML parsing costs per
        // string more than per byte (phi's 88 KB take three times tone's 74 KB), so quote marks
        // weigh the work.
        let weight = |text: &str| text.bytes().filter(|b| matches!(b, b'"' | b'\'')).count();
        let weights: Vec<usize> = wanted.iter().map(|(_, text)| weight(text)).collect();
        let mut heaviest: Vec<usize> = (0..wanted.len()).collect();
        heaviest.sort_by_key(|&i| std::cmp::Reverse(weights[i]));
        let (mut side, mut main, mut loads) = (Vec::new(), Vec::new(), [0, 0]);
        for i in heaviest {
            let share = usize::from(loads[1] < loads[0]);
            loads[share] += weights[i];
            [&mut side, &mut main][share].push(i);
        }
        let parse = |list: &[usize]| -> Vec<(usize, Pack)> {
            list.iter()
                .map(|&i| (i, Self::parse_builtin(wanted[i].0, wanted[i].1)))
                .collect()
        };
        let (mut packs, rest) = crate::side_by_side(|| parse(&side), || parse(&main));
        packs.extend(rest);
        packs.sort_by_key(|(i, _)| *i);
        packs.into_iter().map(|(_, p)| p).collect()
    }

    fn parse_builtin(name: &str, text: &str) -> Pack {
        Self::parse(text, &format!("builtin:{name}"), None)
            .expect("built-in packs are valid (tested)")
    }

    pub(crate) fn parse(text: &str, origin: &str, dir: Option<&Path>) -> Result<Pack> {
        let file: PackFile =
            toml::from_str(text).map_err(|e| Error::from_toml(origin, text, &e))?;
        let lines = LineIndex::new(text);
        let at = |line: usize| Origin {
            file: origin.to_string(),
            line: Some(line),
        };
        let mut lexicons = BTreeMap::new();
        for (name, rel) in &file.lexicons {
            let body = match dir {
                Some(dir) => read_file_capped(&dir.join(rel), MAX_PACK_SIZE, "lexicon file")?,
                // A pack read from a string (the built-ins) finds its lexicons among the embedded ones.
                None => {
                    let stem = Path::new(rel)
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or("");
                    crate::builtin::lexicon(stem)
                        .ok_or_else(|| Error::Rule {
                            origin: at(find_line(text, rel)),
                            rule: file.id.clone(),
                            key: format!("lexicons.{name}"),
                            message: format!("`{rel}` is not a built-in lexicon; load a pack with its own lexicon files with Pack::from_file"),
                        })?
                        .to_string()
                }
            };
            lexicons.insert(name.clone(), lexicon_terms(&body));
        }
        if let Some(dir) = dir {
            sibling_lexicons(text, &dir.join("lexicons"), &mut lexicons)?;
        }
        let mut rules = Vec::with_capacity(file.rule.len());
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for spanned in file.rule {
            let line = lines.line(spanned.span().start);
            let r = spanned.into_inner();
            let err = |key: &str, message: String| Error::Rule {
                origin: at(line),
                rule: r.id.clone(),
                key: key.to_string(),
                message,
            };
            if let Some(first) = seen.insert(r.id.clone(), line) {
                return Err(Error::DuplicateRule {
                    origin: at(line),
                    rule: r.id.clone(),
                    first: format!("{origin}:{first}"),
                });
            }
            let Some((cat, name)) = r.id.split_once('.') else {
                return Err(err("id", "must be `category.name`".into()));
            };
            if cat != r.category || name.is_empty() {
                return Err(err(
                    "category",
                    format!("`{}` does not match the id's prefix `{cat}`", r.category),
                ));
            }
            if r.message.trim().is_empty() {
                return Err(err("message", "must not be empty".into()));
            }
            if r.triggers.is_empty() {
                return Err(err("triggers", "a rule needs at least one trigger".into()));
            }
            if r.kinds.contains(&DraftKind::Auto) {
                return Err(err(
                    "kinds",
                    "`auto` is not a kind a draft ends up with; use reply, solicitation or post"
                        .into(),
                ));
            }
            let requires = conditions(&r.requires, &lines, &at, &r.id, "requires")?;
            let unless = conditions(&r.unless, &lines, &at, &r.id, "unless")?;
            let rule = Rule {
                category: Category::from(r.category),
                severity: r.severity,
                kinds: r.kinds,
                practice_types: r.practice_types,
                scope: r.scope,
                message: r.message,
                explanation: r.explanation,
                example: r.example,
                instead: r.instead,
                references: r.references,
                triggers: r.triggers,
                requires,
                unless,
                suppresses: r.suppresses,
                escalate: r.escalate,
                suggestion: r.suggestion,
                line,
                id: r.id,
            };
            rules.push(rule);
        }
        let tests = file
            .test
            .into_iter()
            .map(|s| {
                let line = lines.line(s.span().start);
                let mut t = s.into_inner();
                t.line = line;
                t
            })
            .collect();
        let pack = Pack {
            id: file.id,
            name: file.name,
            version: file.version,
            description: file.description,
            origin: origin.to_string(),
            source: text.to_string(),
            cues: file.cues,
            lexicons,
            rules,
            tests,
        };
        pack.validate_terms()?;
        Ok(pack)
    }

    /// Every term names something that exists, every regex compiles, every rule reference is known.
    fn validate_terms(&self) -> Result<()> {
        let known_rules: BTreeSet<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        for (name, terms) in &self.cues {
            for t in terms {
                self.check_term(t, name, "cues", 0, true)
                    .map_err(|e| match e {
                        // Found only on error: searching the source for every cue set is slow.
                        Error::Rule {
                            origin,
                            rule,
                            key,
                            message,
                        } => Error::Rule {
                            origin: Origin {
                                line: Some(find_line(&self.source, name)),
                                ..origin
                            },
                            rule,
                            key,
                            message,
                        },
                        other => other,
                    })?;
            }
        }
        for r in &self.rules {
            for t in &r.triggers {
                self.check_term(t, &r.id, "triggers", r.line, false)?;
            }
            for (key, conds) in [("requires", &r.requires), ("unless", &r.unless)] {
                let mut stack: Vec<&Condition> = conds.iter().collect();
                while let Some(c) = stack.pop() {
                    for t in &c.any {
                        // A bare name in a condition is a cue set when one exists, else a phrase.
                        if self.cues.contains_key(t.as_str()) {
                            continue;
                        }
                        self.check_term(t, &r.id, key, r.line, true)?;
                    }
                    stack.extend(&c.not_with);
                }
            }
            for e in &r.escalate {
                for t in &e.when {
                    if !self.cues.contains_key(t.as_str()) {
                        self.check_term(t, &r.id, "escalate.when", r.line, true)?;
                    }
                }
            }
            for s in &r.suppresses {
                // Rules of other packs may be named too; only an own-category id must exist here.
                if s.split('.').next() == r.id.split('.').next()
                    && !known_rules.contains(s.as_str())
                    && !s.contains('*')
                {
                    return Err(self.rule_err(
                        &r.id,
                        r.line,
                        "suppresses",
                        format!("no rule `{s}` in this pack"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn rule_err(&self, rule: &str, line: usize, key: &str, message: String) -> Error {
        Error::Rule {
            origin: Origin {
                file: self.origin.clone(),
                line: Some(line),
            },
            rule: rule.to_string(),
            key: key.to_string(),
            message,
        }
    }

    fn check_term(
        &self,
        t: &str,
        owner: &str,
        key: &str,
        line: usize,
        allow_kind: bool,
    ) -> Result<()> {
        let err = |m: String| self.rule_err(owner, line, key, m);
        match Term::parse(t) {
            Term::Phrase(p, _) => {
                if p.trim().is_empty() {
                    return Err(err(format!("empty phrase `{t}`")));
                }
            }
            Term::Lexicon(name) => {
                if !self.lexicons.contains_key(name) && crate::builtin::lexicon(name).is_none() {
                    return Err(err(format!(
                        "unknown lexicon `{name}` (not in [lexicons] nor built in)"
                    )));
                }
            }
            Term::Entity(name) => {
                if crate::entities::EntityKind::from_name(name).is_none() {
                    return Err(err(format!("unknown entity kind `{name}`")));
                }
            }
            Term::Placeholder(name) => {
                if !PLACEHOLDER_CLASSES.contains(&name) {
                    return Err(err(format!(
                        "unknown placeholder class `{name}` (expected one of {})",
                        PLACEHOLDER_CLASSES.join(", ")
                    )));
                }
            }
            Term::Cue(name) => {
                if !self.cues.contains_key(name) {
                    return Err(err(format!("unknown cue set `{name}`")));
                }
            }
            // Built-in regexes are compiled by every test run; checking them twice at start-up
            // would double the linter's build time.
            Term::Regex(_) if self.origin.starts_with("builtin:") => {}
            Term::Regex(re) => {
                if let Err(e) = crate::compile::check_regex(re) {
                    return Err(Error::Regex {
                        origin: Origin {
                            file: self.origin.clone(),
                            line: Some(line),
                        },
                        rule: owner.to_string(),
                        pattern: re.to_string(),
                        source: Box::new(e),
                    });
                }
            }
            Term::Kind(k) => {
                if !allow_kind {
                    return Err(err("`kind:` terms are only allowed in conditions".into()));
                }
                k.parse::<DraftKind>().map_err(err)?;
            }
            Term::Rule(id) => {
                // Whether the rule exists is known only once every pack is loaded (compile time).
                if key == "cues" || key == "escalate.when" {
                    return Err(err(
                        "`@rule:` terms are only allowed in triggers and conditions".into(),
                    ));
                }
                if !id.contains('.') {
                    return Err(err(format!(
                        "`@rule:{id}`: expected a rule id such as `phi.diagnosis` or `phi.*`"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Parses `requires`/`unless` entries: a cue-set name or a table.
fn conditions(
    raw: &[Spanned<toml::Value>],
    lines: &LineIndex,
    at: &dyn Fn(usize) -> Origin,
    rule: &str,
    key: &str,
) -> Result<Vec<Condition>> {
    raw.iter()
        .map(|s| {
            let line = lines.line(s.span().start);
            let err = |k: &str, m: String| Error::Rule {
                origin: at(line),
                rule: rule.to_string(),
                key: format!("{key}.{k}").trim_end_matches('.').to_string(),
                message: m,
            };
            condition(s.get_ref(), &err, 0)
        })
        .collect()
}

/// One condition: a cue-set name, or a table with `any` and its qualifiers.
fn condition(
    v: &toml::Value,
    err: &dyn Fn(&str, String) -> Error,
    depth: usize,
) -> Result<Condition> {
    let mut c = Condition {
        any: Vec::new(),
        within_words: None,
        side: Side::Either,
        scope: None,
        kinds: Vec::new(),
        practice_types: Vec::new(),
        not_with: Vec::new(),
    };
    let t = match v {
        toml::Value::String(name) => {
            c.any.push(name.clone());
            return Ok(c);
        }
        toml::Value::Table(t) => t,
        _ => {
            return Err(err(
                "",
                "expected a cue-set name or a table { any = [...], ... }".into(),
            ))
        }
    };
    fn conv<T: serde::de::DeserializeOwned>(
        v: &toml::Value,
        k: &str,
        err: &dyn Fn(&str, String) -> Error,
    ) -> Result<T> {
        v.clone()
            .try_into()
            .map_err(|e: toml::de::Error| err(k, e.message().to_string()))
    }
    for (k, v) in t {
        match k.as_str() {
            "any" => c.any = conv(v, k, err)?,
            "within_words" => {
                c.within_words = Some(
                    v.as_integer()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| err(k, "must be a non-negative integer".into()))? as usize,
                )
            }
            "side" => c.side = conv(v, k, err)?,
            "scope" => c.scope = Some(conv(v, k, err)?),
            "kinds" => c.kinds = conv(v, k, err)?,
            "practice_types" => c.practice_types = conv(v, k, err)?,
            "not_with" => {
                let Some(list) = v.as_array() else {
                    return Err(err(k, "expected a list of conditions".into()));
                };
                if depth > 4 {
                    return Err(err(k, "nested too deeply".into()));
                }
                c.not_with = list.iter().map(|x| condition(x, err, depth + 1)).collect::<Result<_>>()?;
            }
            other => {
                return Err(err(
                    other,
                    format!("unknown key `{other}` (expected any, within_words, side, scope, kinds, practice_types, not_with)"),
                ))
            }
        }
    }
    if c.any.is_empty() {
        return Err(err("any", "a condition needs at least one cue".into()));
    }
    Ok(c)
}

/// Loads `dir/NAME.txt` for every `@lexicon:NAME` the pack text (or a lexicon so loaded) names
/// and `[lexicons]` does not declare: a pack file beside a `lexicons/` folder, as the built-in
/// packs are laid out in `rules/`, uses its own copies over the built-in ones. So an edited
/// copy of `rules/` works without rebuilding.
fn sibling_lexicons(
    text: &str,
    dir: &Path,
    lexicons: &mut BTreeMap<String, Vec<String>>,
) -> Result<()> {
    let mut todo: Vec<String> = lexicon_names(text);
    while let Some(name) = todo.pop() {
        let path = dir.join(format!("{name}.txt"));
        if lexicons.contains_key(&name) || !path.is_file() {
            continue;
        }
        let body = read_file_capped(&path, MAX_PACK_SIZE, "lexicon file")?;
        todo.extend(lexicon_names(&body));
        lexicons.insert(name, lexicon_terms(&body));
    }
    Ok(())
}

/// The names in every `@lexicon:NAME` of `text`.
fn lexicon_names(text: &str) -> Vec<String> {
    text.match_indices("@lexicon:")
        .map(|(i, m)| {
            text[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// Terms of a lexicon file: one per line, `#` comments, blank lines ignored.
pub(crate) fn lexicon_terms(body: &str) -> Vec<String> {
    body.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle).map(|i| line_of(text, i)).unwrap_or(1)
}

/// The outcome of one failing test case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TestFailure {
    /// Line of the `[[test]]` table.
    pub line: usize,
    /// The case's text.
    pub text: String,
    /// Rule ids expected.
    pub expected: Vec<String>,
    /// Rule ids of this pack that fired.
    pub actual: Vec<String>,
    /// Expected span texts that no finding covered exactly.
    pub missing_spans: Vec<String>,
}

/// The result of running a pack's cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TestReport {
    /// Pack id.
    pub pack: String,
    /// Where the pack came from.
    pub origin: String,
    /// Cases run.
    pub total: usize,
    /// Failing cases.
    pub failures: Vec<TestFailure>,
}

impl TestReport {
    /// Whether every case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl Pack {
    /// Runs the pack's `[[test]]` cases against the pack alone (built-in lexicons available).
    /// A case passes when the set of this pack's rule ids that fire equals `expect` and every
    /// `spans` text is covered exactly by one of them.
    pub fn run_tests(&self) -> Result<TestReport> {
        // The other built-in packs load too (a pack may derive from their rules, and this pack
        // stands in for a built-in of the same id); only this pack's rule ids are compared.
        let mut builder = crate::Linter::builder().without_builtins();
        // A built-in pack that shares the id or any rule id with this one steps aside.
        let clashes = |p: &Pack| {
            p.id == self.id
                || p.rules
                    .iter()
                    .any(|r| self.rules.iter().any(|s| s.id == r.id))
        };
        for p in Pack::builtins().into_iter().filter(|p| !clashes(p)) {
            builder = builder.pack(p);
        }
        let linter = builder.pack(self.clone()).build()?;
        let own: BTreeSet<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        let mut failures = Vec::new();
        for t in &self.tests {
            let opts = crate::CheckOptions {
                kind: t.kind.unwrap_or(DraftKind::Reply),
                format: t.format.unwrap_or_default(),
                practice_type: t.practice_type.clone(),
                ..Default::default()
            };
            let report = linter.check_with(&t.text, &opts);
            let actual: BTreeSet<String> = report
                .findings
                .iter()
                .filter(|f| own.contains(f.rule.as_str()))
                .map(|f| f.rule.clone())
                .collect();
            let expected: BTreeSet<String> = t.expect.iter().cloned().collect();
            let missing_spans: Vec<String> = t
                .spans
                .iter()
                .filter(|s| {
                    !report.findings.iter().any(|f| {
                        own.contains(f.rule.as_str()) && f.span.slice(&t.text) == s.as_str()
                    })
                })
                .cloned()
                .collect();
            if actual != expected || !missing_spans.is_empty() {
                failures.push(TestFailure {
                    line: t.line,
                    text: t.text.clone(),
                    expected: expected.into_iter().collect(),
                    actual: actual.into_iter().collect(),
                    missing_spans,
                });
            }
        }
        Ok(TestReport {
            pack: self.id.clone(),
            origin: self.origin.clone(),
            total: self.tests.len(),
            failures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The copy a `Linter` parses has the same rules, cues and lexicons, on the same lines, and
    /// no cases.
    #[test]
    fn builtin_packs_without_cases_keep_every_rule_on_its_line() {
        let full = Pack::builtins();
        let rules_only = Pack::builtin_rules(None);
        assert_eq!(full.len(), rules_only.len());
        for (f, r) in full.iter().zip(&rules_only) {
            assert!(!f.tests.is_empty(), "{} has cases", f.id);
            assert!(r.tests.is_empty(), "{} lost its cases", r.id);
            assert_eq!(f.rules, r.rules, "{}", f.id);
            assert_eq!(f.cues, r.cues, "{}", f.id);
            assert_eq!(f.lexicons, r.lexicons, "{}", f.id);
            assert_eq!(f.source.lines().count(), r.source.lines().count());
        }
    }

    #[test]
    fn one_builtin_pack_by_id_comes_alone() {
        let packs = Pack::builtin_rules(Some(&["tone"]));
        assert_eq!(packs.len(), 1);
        assert_eq!(packs[0].id, "tone");
    }
}
