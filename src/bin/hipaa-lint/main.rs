//! The `hipaa-lint` command line.
//!
//! Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 a usage, config,
//! pack or I/O error (the message on stderr names the file).

mod args;
mod check;
mod commands;
mod fix;
mod inputs;
mod jsonl;
mod render;

use clap::Parser;
use std::process::ExitCode;

/// Prints an error and returns exit code 2.
pub(crate) fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("hipaa-lint: error: {msg}");
    ExitCode::from(2)
}

/// Writes to stdout. A closed pipe (`hipaa-lint rules | head`) ends the output quietly instead of
/// panicking as `print!` would; the exit code is decided by the caller.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints a notice (a skipped file) on stderr.
pub(crate) fn notice(msg: impl std::fmt::Display) {
    eprintln!("hipaa-lint: {msg}");
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Rules(a) => commands::rules(a),
        args::Command::Explain(a) => commands::explain(a),
        args::Command::Test(a) => commands::test(a),
        args::Command::Init(a) => commands::init(a),
        args::Command::Rewrite(a) => commands::rewrite(a),
    }
}
