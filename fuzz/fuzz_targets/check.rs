#![no_main]
//! `check` with the built-in packs: spans in range and on char boundaries.
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some((format, text)) = common::split(data) {
        common::check(&text, format);
    }
});
