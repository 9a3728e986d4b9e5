#![no_main]
//! `Config::from_toml`: any input is a config or an error; a config builds a linter or errors.
use hipaa_lint::{Config, Linter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(config) = Config::from_toml(text) else { return };
    const BUILTIN: &[&str] = &["builtin", "phi", "patient-status", "tone", "solicitation"];
    if config.packs.iter().any(|p| !BUILTIN.contains(&p.as_str())) {
        return; // pack paths would read the file system
    }
    if let Ok(linter) = Linter::builder().config(config).without_builtins().build() {
        linter.check("Sorry your root canal hurt, call (555) 010-2000.");
    }
});
