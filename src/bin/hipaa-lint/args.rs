//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Checks drafted review replies, review requests and marketing copy for HIPAA and ethics problems.
#[derive(Parser, Debug)]
#[command(name = "hipaa-lint", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check files, directories or stdin (`-`).
    Check(CheckArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Explain a rule: what, why, an example and the safe version.
    Explain(ExplainArgs),
    /// Run packs' test cases (the built-in packs when none is given).
    Test(TestArgs),
    /// Write a commented .hipaa-lint.toml.
    Init(InitArgs),
    /// Print the safe rewrite of a draft (review edits and whole-reply templates included).
    Rewrite(RewriteArgs),
}

/// How `check` prints its findings.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style snippets, colour on a terminal.
    Text,
    /// One line per finding: `path:line:col: severity[rule] message` (for editors and grep).
    Concise,
    /// One JSON document.
    Json,
    /// One JSON object per file and line.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// `rules` and `explain` print text or JSON.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for hipaa_lint::Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Error => hipaa_lint::Severity::Error,
            Level::Warning => hipaa_lint::Severity::Warning,
            Level::Info => hipaa_lint::Severity::Info,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Auto,
    Reply,
    Solicitation,
    Post,
}

impl From<Kind> for hipaa_lint::DraftKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Auto => hipaa_lint::DraftKind::Auto,
            Kind::Reply => hipaa_lint::DraftKind::Reply,
            Kind::Solicitation => hipaa_lint::DraftKind::Solicitation,
            Kind::Post => hipaa_lint::DraftKind::Post,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    Text,
    Markdown,
    Html,
}

impl From<Markup> for hipaa_lint::InputFormat {
    fn from(m: Markup) -> Self {
        match m {
            Markup::Text => hipaa_lint::InputFormat::Text,
            Markup::Markdown => hipaa_lint::InputFormat::Markdown,
            Markup::Html => hipaa_lint::InputFormat::Html,
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads stdin. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Input is JSON lines with a "text" field; output is one JSON line per record.
    #[arg(long)]
    pub jsonl: bool,
    /// Config file (default: the closest .hipaa-lint.toml above each checked file).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A pack file to run besides the config's packs (repeatable). One with a loaded pack's id
    /// replaces it, so `--pack my/tone.toml` tries an edited copy of the built-in tone pack.
    #[arg(long = "pack", value_name = "PACK.toml")]
    pub packs: Vec<PathBuf>,
    /// Lowest severity that makes the exit code 1 (default: the config's, else warning).
    #[arg(long, value_enum)]
    pub fail_on: Option<Level>,
    /// Draft kind (default: per-glob kinds from the config, else the config's kind, else auto).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Practice type (dental, medical, behavioral, sud, …).
    #[arg(long)]
    pub practice_type: Option<String>,
    /// Markup of the inputs (default: by file extension).
    #[arg(long, value_enum)]
    pub input_format: Option<Markup>,
    /// Never print text from the drafts: findings and snippets show `[redacted]`.
    #[arg(long)]
    pub redact: bool,
    /// Print nothing but errors; the exit code tells the outcome.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// The file name to use for stdin: its extension picks the markup, its directory the config.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Largest draft to read, in bytes (default: the config's max_file_size, else 10 MiB). A
    /// larger file, stdin or --jsonl record is an error and is not checked.
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
    /// Print the resolved config for the first path (or the current directory) and exit.
    #[arg(long)]
    pub dump_config: bool,
    /// Write the safe fixes into the files (atomically; CRLF and a BOM are kept), then report
    /// what remains. On stdin, print the fixed draft instead.
    #[arg(long, conflicts_with = "jsonl")]
    pub fix: bool,
    /// With --fix or --diff: apply the edits marked `review` too (plain-text drafts may get the
    /// whole-reply template). Read the result before posting it.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, change no file; exit 1 when there is a
    /// diff.
    #[arg(long, conflicts_with = "jsonl")]
    pub diff: bool,
}

#[derive(Args, Debug)]
pub struct RewriteArgs {
    /// The draft to rewrite; `-` (the default) reads stdin.
    #[arg(default_value = "-")]
    pub path: PathBuf,
    /// Config file (default: the closest .hipaa-lint.toml above the file).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A pack file to run besides the config's packs (repeatable); one with a loaded pack's id
    /// replaces it.
    #[arg(long = "pack", value_name = "PACK.toml")]
    pub packs: Vec<PathBuf>,
    /// Draft kind (default: per-glob kinds from the config, else the config's kind, else auto).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Practice type (dental, medical, behavioral, sud, …).
    #[arg(long)]
    pub practice_type: Option<String>,
    /// Markup of the input (default: by file extension).
    #[arg(long, value_enum)]
    pub input_format: Option<Markup>,
    /// The file name to use for stdin: its extension picks the markup, its directory the config.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Largest draft to read, in bytes (default: the config's max_file_size, else 10 MiB). A
    /// larger file or stdin is an error and is not rewritten.
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, e.g. phi.procedure.
    pub rule: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    /// Pack files; none: the built-in packs.
    pub packs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Directory to write .hipaa-lint.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}
