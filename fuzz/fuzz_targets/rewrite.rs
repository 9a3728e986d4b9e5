#![no_main]
//! `Report::rewrite`: the output is a String (valid UTF-8 by type) that re-lints without panic.
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some((format, text)) = common::split(data) {
        let report = common::check(&text, format);
        for include_review in [false, true] {
            let fixed = report.rewrite(&text, include_review);
            common::check(&fixed, hipaa_lint::InputFormat::Text);
        }
    }
});
