//! CLI end-to-end cases as data: each `tests/cli/cmd/<behaviour>.toml` runs the binary in a
//! fixture tree under `tests/cli/trees/` and compares stdout, stderr and the exit code with the
//! files beside it. `TRYCMD=overwrite cargo test --test cli` rewrites the snapshots.
//!
//! Most cases set `binary = true`: trycmd's text mode turns `\` into `/` (path separators),
//! which would mangle the escaped quotes of JSON output. The fixture trees use
//! `tests/cli/fixture-pack.toml`, not the built-in packs, so these snapshots move only when the
//! CLI or the engine changes. `trees/templates/` also holds files that must never be checked: a
//! `.gitignore`d directory and glob (force-added to git), a `.hipaa-lintignore`d file, a hidden
//! file, a binary file and a Latin-1 file.
//!
//! Cases that change files (`check --fix`) run in a sandbox: trycmd copies `<case>.in/` to a
//! temporary directory and afterwards compares it with `<case>.out/`. A `.trycmd` case runs
//! several commands in the same sandbox (fix, then rerun).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cli/cmd/*.toml")
        .case("tests/cli/cmd/*.trycmd");
}
