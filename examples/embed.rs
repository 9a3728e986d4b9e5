//! Embedding the library: check a draft, print findings and the safe rewrite.
//!
//! `cargo run --example embed --no-default-features`

use hipaa_lint::{CheckOptions, DraftKind, Linter};

fn main() {
    let linter = Linter::default();
    let text = "We're sorry your root canal on 3/4 hurt, Jane.";
    let report = linter.check_with(
        text,
        &CheckOptions {
            kind: DraftKind::Reply,
            ..Default::default()
        },
    );
    for f in &report.findings {
        println!(
            "{}:{} {} [{}] {:?}",
            f.line,
            f.column,
            f.severity,
            f.rule,
            f.span.slice(text)
        );
    }
    println!("rewrite: {}", report.rewrite(text, true));
}
