#![no_main]
//! Draft parsing (text, Markdown, HTML) through a linter with no rules: only the parser runs.
use hipaa_lint::{CheckOptions, InputFormat, Linter};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static L: OnceLock<Linter> = OnceLock::new();
    let linter = L.get_or_init(|| Linter::builder().without_builtins().build().unwrap());
    let text = String::from_utf8_lossy(data);
    for format in [InputFormat::Text, InputFormat::Markdown, InputFormat::Html] {
        let r = linter.check_with(&text, &CheckOptions { format, ..Default::default() });
        assert!(r.findings.is_empty());
    }
});
