//! `check --fix`, `--diff` and `rewrite` behaviours that a snapshot cannot show: exact bytes
//! (CRLF, BOM), permissions, files left alone. Each test builds its own scratch tree with the
//! CLI fixture pack, so the built-in packs can change without moving these. (A crash during the
//! write is covered by the unit tests of the binary's `fix` module, which inject a failure just
//! before the rename.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hipaa-lint"))
}

/// A scratch directory with a config using the CLI fixture pack and the given files.
fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixture-pack.toml");
    let config = format!(
        "packs = [{:?}]\n[practice]\nname = \"Smile Dental\"\nphone = [\"(555) 010-2000\"]\n",
        pack.display().to_string()
    );
    std::fs::write(dir.path().join(".hipaa-lint.toml"), config).expect("config");
    for (name, body) in files {
        let p = dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, body).expect("write");
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).expect("read")
}

fn make_read_only(p: &Path) {
    let mut perm = std::fs::metadata(p).expect("meta").permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(p, perm).expect("chmod");
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn crlf_line_endings_and_a_bom_survive_fix() {
    let body = b"\xef\xbb\xbfHi Jane,\r\n\r\nWe called you at 555-010-9999 twice.\r\n";
    let t = tree(&[("reply.txt", body)]);
    let o = run(t.path(), &["check", "--fix", "reply.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        read(t.path(), "reply.txt"),
        b"\xef\xbb\xbfHello,\r\n\r\nWe called you twice.\r\n".to_vec()
    );
    // The temp file was renamed, not left behind.
    let mut names: Vec<String> = std::fs::read_dir(t.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".hipaa-lint.toml", "reply.txt"]);
}

#[test]
fn crlf_survives_fix_in_markdown_too() {
    let t = tree(&[(
        "reply.md",
        b"Hi Jane,\r\n\r\n**Thanks** for the review.\r\n",
    )]);
    let o = run(t.path(), &["check", "--fix"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        read(t.path(), "reply.md"),
        b"Hello,\r\n\r\n**Thanks** for the review.\r\n".to_vec()
    );
}

#[test]
fn check_without_fix_never_touches_a_file() {
    let body: &[u8] = b"Hi Jane, we called you at 555-010-9999.\n";
    let t = tree(&[("reply.txt", body)]);
    let before = std::fs::metadata(t.path().join("reply.txt"))
        .and_then(|m| m.modified())
        .expect("mtime");
    for args in [
        &["check"][..],
        &["check", "--unsafe-fixes"],
        &["rewrite", "reply.txt"],
    ] {
        let o = run(t.path(), args);
        assert_ne!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(read(t.path(), "reply.txt"), body);
    let after = std::fs::metadata(t.path().join("reply.txt"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
}

#[test]
fn diff_changes_no_file_and_exits_1_only_when_there_is_a_diff() {
    let body: &[u8] = b"We called you at 555-010-9999.\n";
    let t = tree(&[
        ("reply.txt", body),
        ("clean.txt", b"Thanks for the review.\n"),
    ]);
    let o = run(t.path(), &["check", "--diff", "--fix"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).expect("UTF-8");
    assert!(out.contains("--- a/reply.txt\n+++ b/reply.txt\n"), "{out}");
    assert!(!out.contains("clean.txt"), "{out}");
    assert_eq!(read(t.path(), "reply.txt"), body);
    let o = run(t.path(), &["check", "--diff", "clean.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn a_read_only_file_gives_exit_2_naming_it_and_stays_intact() {
    let body: &[u8] = b"Hi Jane, thanks.\n";
    let t = tree(&[("locked.txt", body), ("open.txt", body)]);
    make_read_only(&t.path().join("locked.txt"));
    let o = run(t.path(), &["check", "--fix"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("locked.txt"), "{}", stderr(&o));
    assert_eq!(read(t.path(), "locked.txt"), body);
    // The other file is still fixed.
    assert_eq!(read(t.path(), "open.txt"), b"Hello, thanks.\n".to_vec());
}

#[test]
fn the_text_summary_counts_a_file_that_could_not_be_fixed() {
    let body: &[u8] = b"Hi Jane, thanks.\n";
    let t = tree(&[("locked.txt", body)]);
    make_read_only(&t.path().join("locked.txt"));
    let o = run(t.path(), &["check", "--fix"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    // Checked all the same: its findings are reported, then that it was not fixed.
    assert!(
        out.ends_with("Found 1 problem (1 error) in 1 file; 1 file could not be fixed.\n"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_gives_exit_2_naming_the_file_and_leaves_no_temp_file() {
    use std::os::unix::fs::PermissionsExt;
    let body: &[u8] = b"Hi Jane, thanks.\n";
    let t = tree(&[("sub/reply.txt", body)]);
    let sub: PathBuf = t.path().join("sub");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let o = run(t.path(), &["check", "--fix"]);
    // Restore so the temp dir can be removed.
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sub/reply.txt"), "{}", stderr(&o));
    assert_eq!(read(t.path(), "sub/reply.txt"), body);
    let names: Vec<_> = std::fs::read_dir(&sub)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let t = tree(&[("reply.txt", b"Hi Jane, thanks.\n")]);
    let p = t.path().join("reply.txt");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o604)).expect("chmod");
    let o = run(t.path(), &["check", "--fix"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = std::fs::metadata(&p).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o604);
}

#[test]
fn fix_on_stdin_prints_the_fixed_draft() {
    let t = tree(&[]);
    let mut child = bin()
        .current_dir(t.path())
        .args(["check", "--fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"Hi Jane, we called you at 555-010-9999.\n")
            .expect("write");
    }
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, b"Hello, we called you.\n".to_vec());
}

#[test]
fn unsafe_fixes_never_put_a_whole_reply_template_into_markup() {
    let body = "# Reply\n\nWe're sorry your root canal hurt. Thanks for visiting!\n";
    let t = tree(&[("reply.md", body.as_bytes())]);
    let o = run(t.path(), &["check", "--fix", "--unsafe-fixes"]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    let after = String::from_utf8(read(t.path(), "reply.md")).expect("UTF-8");
    // The heading and the untouched sentence are still there; the procedure is not.
    assert!(after.starts_with("# Reply\n\n"), "{after}");
    assert!(after.contains("Thanks for visiting!"), "{after}");
    assert!(!after.contains("root canal"), "{after}");
}

#[test]
fn rewrite_of_a_hostile_reply_names_none_of_its_details_and_offers_the_phone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/trees/rewrite");
    let o = run(&dir, &["rewrite", "hostile.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).expect("UTF-8");
    let lower = out.to_lowercase();
    for detail in [
        "jane",
        "doe",
        "march",
        "root canal",
        "patel",
        "delta",
        "insurance",
        "liar",
        "lying",
        "lawyer",
        "sue",
        "defamation",
    ] {
        assert!(!lower.contains(detail), "names {detail:?}: {out}");
    }
    assert!(out.contains("(555) 010-2000"), "{out}");
    let again = bin()
        .current_dir(&dir)
        .args(["check", "--kind", "reply", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("stdin").write_all(out.as_bytes())?;
            c.wait()
        })
        .expect("binary runs");
    assert_eq!(
        again.code(),
        Some(0),
        "the rewrite does not lint clean: {out}"
    );
}

#[test]
fn killing_fix_midway_leaves_every_file_old_or_new_never_half_written() {
    let tail = "Thank you for the review.\n".repeat(400);
    let old = format!("Hi Jane, we called you at 555-010-9999.\n{tail}");
    let new = format!("Hello, we called you.\n{tail}");
    let names: Vec<String> = (0..40).map(|i| format!("r{i:02}.txt")).collect();
    let mut killed_midway = 0;
    // Kill once the first file, a few files and half of them are fixed: the kill lands while
    // other files are being checked and written (the threads write in parallel).
    for fixed_before_kill in [1usize, 5, 20] {
        let files: Vec<(&str, &[u8])> =
            names.iter().map(|n| (n.as_str(), old.as_bytes())).collect();
        let t = tree(&files);
        let mut child = bin()
            .current_dir(t.path())
            .args(["check", "--fix", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let count_new = || {
            names
                .iter()
                .filter(|n| std::fs::read(t.path().join(n)).is_ok_and(|b| b == new.as_bytes()))
                .count()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while count_new() < fixed_before_kill
            && child.try_wait().ok().flatten().is_none()
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let exited = child.try_wait().ok().flatten().is_some();
        let _ = child.kill();
        let _ = child.wait();
        for n in &names {
            let got = read(t.path(), n);
            assert!(
                got == old.as_bytes() || got == new.as_bytes(),
                "{n} is neither the original nor the fixed draft ({} bytes)",
                got.len()
            );
        }
        if !exited && count_new() < names.len() {
            killed_midway += 1;
        }
    }
    assert!(
        killed_midway > 0,
        "no kill landed while files were still being fixed"
    );
}

#[test]
fn findings_left_after_fix_match_a_rerun_byte_for_byte_in_a_crlf_file() {
    let t = tree(&[(
        "reply.txt",
        b"\xef\xbb\xbfHi Jane,\r\n\r\nWe did nothing wrong.\r\n",
    )]);
    let findings = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        v["files"][0]["findings"].clone()
    };
    let fixed = run(t.path(), &["check", "--fix", "--format", "json"]);
    assert_eq!(fixed.status.code(), Some(1), "{}", stderr(&fixed));
    let rerun = run(t.path(), &["check", "--format", "json"]);
    assert_eq!(rerun.status.code(), Some(1), "{}", stderr(&rerun));
    let after = findings(&fixed);
    assert_eq!(after.as_array().map(Vec::len), Some(1), "{after}");
    assert_eq!(after, findings(&rerun));
}
