//! The `hipaa-lint` command line.

mod args;
mod check;
mod render;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Rules(a) => check::rules(a),
        args::Command::Explain(a) => check::explain(a),
        args::Command::Test(a) => check::test(a),
    }
}
