//! hipaa-lint checks a drafted reply to an online review, a review request or marketing copy of a
//! healthcare practice for what breaks HIPAA or healthcare ethics — disclosed health information,
//! confirming someone is a patient, arguing with the reviewer, buying or gating reviews — and says
//! how to say it safely instead.
//!
//! ```
//! use hipaa_lint::Linter;
//!
//! let linter = Linter::default();
//! let text = "We're sorry your root canal on 3/4 hurt, Jane.";
//! let report = linter.check(text);
//! for f in &report.findings {
//!     println!("{} {} {:?}: {}", f.severity, f.rule, f.span.slice(text), f.message);
//! }
//! assert!(report.findings.iter().any(|f| f.span.slice(text) == "root canal"));
//! ```
//!
//! A [`Linter`] compiles its packs once and is `Send + Sync`: build one and share it across
//! threads. Options per draft go through [`Linter::check_with`]:
//!
//! ```
//! use hipaa_lint::{CheckOptions, DraftKind, InputFormat, Linter};
//!
//! let linter = Linter::default();
//! let opts = CheckOptions { kind: DraftKind::Solicitation, format: InputFormat::Markdown, ..Default::default() };
//! let report = linter.check_with("Leave us a **5-star** review and get $20 off!", &opts);
//! assert!(report.findings.iter().any(|f| f.category.as_str() == "solicitation"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod builtin;
mod compile;
pub mod config;
mod draft;
mod engine;
mod entities;
pub mod error;
mod finding;
mod fix;
mod gate;
mod hash;
pub mod pack;
mod regexes;
mod rows;
pub mod suppress;

pub use config::Config;
pub use draft::InputFormat;
pub use error::{Error, Result};
pub use finding::{
    Applicability, Category, Edit, Finding, Report, Severity, Span, Suggestion, Suppressed,
};
pub use fix::{safe_reply, ReplyTone};
pub use pack::{DraftKind, Pack, Rule, TestReport};

use compile::Compiled;

/// Options for one check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Draft kind; `Auto` uses the config's kind, else decides from the text.
    pub kind: DraftKind,
    /// Markup of the text.
    pub format: InputFormat,
    /// Practice type for this draft (overrides the config's).
    pub practice_type: Option<String>,
    /// Leave matched text out of findings (`Finding::text` is `None`).
    pub redact: bool,
}

/// Compiled packs plus config: build once, check many drafts, share across threads.
#[derive(Debug)]
pub struct Linter {
    compiled: Compiled,
    config: Config,
    packs: Vec<Pack>,
}

impl Default for Linter {
    /// The built-in packs with the default config.
    fn default() -> Self {
        Linter::builder()
            .build()
            .expect("built-in packs compile (tested)")
    }
}

impl Linter {
    /// A builder: config, extra packs, built-ins on or off.
    pub fn builder() -> LinterBuilder {
        LinterBuilder {
            config: Config::default(),
            packs: Vec::new(),
            builtins: true,
        }
    }

    /// Checks a plain-text draft with default options.
    pub fn check(&self, text: &str) -> Report {
        self.check_with(text, &CheckOptions::default())
    }

    /// Checks a draft with options.
    pub fn check_with(&self, text: &str, opts: &CheckOptions) -> Report {
        engine::check(&self.compiled, &self.config, text, opts)
    }

    /// Rewrites a draft until it lints clean: applies the suggestions (`safe` ones, plus
    /// `review` ones when `include_review`), re-checks, and repeats; a draft that calls for the
    /// whole-reply template (catalog §8.1) or does not converge gets the template (a post gets
    /// its offending sentences removed). A rewritten reply always ends with an invitation to
    /// continue offline. A draft with no warning or error comes back unchanged.
    pub fn rewrite(&self, text: &str, opts: &CheckOptions, include_review: bool) -> Rewrite {
        let draft = draft::Draft::parse(text, opts.format);
        let kind = engine::resolve_kind(&self.config, &draft, opts);
        let practice_type = opts
            .practice_type
            .as_deref()
            .or(self.config.practice_type.as_deref());
        let opts = CheckOptions {
            kind,
            ..opts.clone()
        };
        let first = self.check_with(text, &opts);
        if !first.has_problems() {
            return Rewrite {
                text: text.to_string(),
                changed: false,
                report: first,
            };
        }
        let whole = |r: &Report, cur: &str| {
            let lower = cur.to_lowercase();
            let sensitive = r
                .findings
                .iter()
                .any(|f| f.rule == "phi.sensitive-category");
            let tone = r.findings.iter().any(|f| f.category == Category::Tone);
            fix::safe_reply(
                &self.config,
                kind,
                fix::reply_tone(&lower, practice_type, sensitive, tone),
            )
            .0
        };
        let mut cur = text.to_string();
        let mut report = first;
        for _ in 0..4 {
            if !report.has_problems() {
                break;
            }
            let next =
                if include_review && kind != DraftKind::Post && fix::needs_whole_reply(&report) {
                    whole(&report, &cur)
                } else {
                    report.rewrite(&cur, include_review)
                };
            if next == cur {
                break;
            }
            // Later rounds see plain text: markup was dropped or kept as it was.
            cur = next;
            report = self.check_with(&cur, &opts);
        }
        if report.has_problems() && include_review {
            let d = draft::Draft::parse(&cur, opts.format);
            let bad: Vec<std::ops::Range<usize>> = report
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| {
                    let view = d.sentences[d.sentence_of(d.view_of_original(f.span.start))]
                        .0
                        .clone();
                    d.to_original(view)
                })
                .collect();
            let trimmed = fix::drop_sentences(&cur, &bad);
            let trimmed_report = self.check_with(&trimmed, &opts);
            cur = if kind == DraftKind::Post
                && !trimmed.trim().is_empty()
                && !trimmed_report.has_problems()
            {
                trimmed
            } else {
                whole(&report, &cur)
            };
            report = self.check_with(&cur, &opts);
        }
        if kind == DraftKind::Reply && include_review && !engine::has_contact_path(&cur) {
            let sep = if cur.ends_with('\n') || cur.is_empty() {
                ""
            } else {
                " "
            };
            cur = format!("{cur}{sep}{}", fix::offline_sentence(&self.config));
            report = self.check_with(&cur, &opts);
        }
        Rewrite {
            changed: cur != text,
            text: cur,
            report,
        }
    }

    /// The rules that run (after config `off` overrides), in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.compiled.rules.iter().map(|r| &r.rule)
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules().find(|r| r.id == id)
    }

    /// The packs loaded. Built-in packs come without their test cases (a `Linter` never runs
    /// them); [`Pack::builtins`] has them.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// The config in force.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// The result of [`Linter::rewrite`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// The rewritten draft.
    pub text: String,
    /// Whether it differs from the input.
    pub changed: bool,
    /// The check of the rewritten draft.
    pub report: Report,
}

/// Builds a [`Linter`].
#[derive(Debug)]
pub struct LinterBuilder {
    config: Config,
    packs: Vec<Pack>,
    builtins: bool,
}

impl LinterBuilder {
    /// Uses this config (its `packs` list picks built-in and file packs).
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Adds a pack.
    pub fn pack(mut self, pack: Pack) -> Self {
        self.packs.push(pack);
        self
    }

    /// Leaves the built-in packs out, whatever the config says.
    pub fn without_builtins(mut self) -> Self {
        self.builtins = false;
        self
    }

    /// Loads the packs the config names and compiles everything.
    pub fn build(self) -> Result<Linter> {
        let mut packs = Vec::new();
        let names: Vec<String> = if self.config.packs.is_empty() {
            vec!["builtin".to_string()]
        } else {
            self.config.packs.clone()
        };
        for name in &names {
            if name == "builtin" {
                if self.builtins {
                    packs.extend(Pack::builtin_rules(None));
                }
            } else if Pack::is_builtin(name) {
                if self.builtins {
                    packs.extend(Pack::builtin_rules(Some(&[name.as_str()])));
                }
            } else {
                packs.push(Pack::from_file(std::path::Path::new(name))?);
            }
        }
        packs.extend(self.packs);
        let packs = replace_same_id(packs);
        let compiled = Compiled::build(&packs, &self.config)?;
        Ok(Linter {
            compiled,
            config: self.config,
            packs,
        })
    }
}

/// Whether start-up work may spread over more than one core.
pub(crate) fn spare_core() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// `side()` on another thread while `main()` runs on this one, when a core is spare; one after
/// the other otherwise. A panic in `side` resumes here.
pub(crate) fn side_by_side<A: Send, B>(
    side: impl FnOnce() -> A + Send,
    main: impl FnOnce() -> B,
) -> (A, B) {
    if !spare_core() {
        return (side(), main());
    }
    std::thread::scope(|scope| {
        let handle = scope.spawn(side);
        let b = main();
        let a = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// A later pack with an earlier pack's id takes its place: `packs = ["builtin", "my/tone.toml"]`
/// runs an edited copy of the built-in tone pack instead of it.
fn replace_same_id(packs: Vec<Pack>) -> Vec<Pack> {
    let mut out: Vec<Pack> = Vec::with_capacity(packs.len());
    for p in packs {
        match out.iter().position(|q| q.id == p.id) {
            Some(i) => out[i] = p,
            None => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linter_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Linter>();
    }
}
