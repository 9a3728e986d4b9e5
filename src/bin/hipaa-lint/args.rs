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
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    JsonLines,
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
    /// Config file (default: the closest .hipaa-lint.toml).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum)]
    pub fail_on: Option<Level>,
    /// Draft kind.
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Practice type (dental, medical, behavioral, sud, …).
    #[arg(long)]
    pub practice_type: Option<String>,
    /// Never print matched text.
    #[arg(long)]
    pub redact: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, e.g. phi.procedure.
    pub rule: String,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    /// Pack files; none: the built-in packs.
    pub packs: Vec<PathBuf>,
}
