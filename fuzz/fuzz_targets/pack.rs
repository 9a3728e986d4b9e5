#![no_main]
//! `Pack::from_toml`: any input is a pack or an error; a pack that parses builds or errors, and
//! its linter checks its own test texts.
use hipaa_lint::{Linter, Pack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(pack) = Pack::from_toml(text) else { return };
    let texts: Vec<String> = pack.tests.iter().map(|t| t.text.clone()).collect();
    if let Ok(linter) = Linter::builder().without_builtins().pack(pack).build() {
        for t in &texts {
            linter.check(t);
        }
    }
});
