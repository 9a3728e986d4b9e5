//! CLI end-to-end cases as data: each `tests/cli/cmd/<behaviour>.toml` runs the binary in a
//! fixture tree under `tests/cli/trees/` and compares stdout, stderr and the exit code with the
//! files beside it. `TRYCMD=overwrite cargo test --test cli` rewrites the snapshots.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cli/cmd/*.toml");
}
