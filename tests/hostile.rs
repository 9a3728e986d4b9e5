//! Hostile inputs end in bounded time with a report or a clear error, never a panic.
//!
//! Sizes here keep each test quick in a debug build; the full sizes of the speed issue (10 MB,
//! 100,000 placeholders, 100,000 phrases) are the `#[ignore]`d `*_full_size` tests
//! (`cargo test --release --test hostile -- --ignored`) and the `document` bench group.

use hipaa_lint::{CheckOptions, Config, InputFormat, Linter, Pack};
use std::sync::OnceLock;

/// One linter with the built-in packs for the whole file: building it is the slow part in debug.
fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::default)
}

fn check(text: &str, format: InputFormat) -> hipaa_lint::Report {
    let report = linter().check_with(
        text,
        &CheckOptions {
            format,
            ..Default::default()
        },
    );
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    report
}

const PROSE: &str =
    "We're sorry your root canal on 3/4 hurt, Jane. Dr. Lee did everything she could. \
Please call us at (555) 010-2000 so we can talk.\n\n";

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

#[test]
fn large_draft_reports_findings_in_range() {
    let text = repeat_to(PROSE, 300_000);
    assert!(!check(&text, InputFormat::Text).findings.is_empty());
}

#[test]
#[ignore = "full size: run with --release -- --ignored"]
fn large_draft_full_size() {
    let text = repeat_to(PROSE, 10_000_000);
    assert!(!check(&text, InputFormat::Text).findings.is_empty());
}

#[test]
fn many_placeholders_are_each_a_token() {
    let text = "Hi {{first_name}}, ".repeat(10_000);
    check(&text, InputFormat::Text);
}

#[test]
#[ignore = "full size: run with --release -- --ignored"]
fn many_placeholders_full_size() {
    let text = "Hi {{first_name}}, ".repeat(100_000);
    check(&text, InputFormat::Text);
}

#[test]
fn unclosed_placeholder_openers_do_not_rescan_the_rest() {
    // Each opener used to search to the end for its closer: quadratic.
    for opener in ["{{", "{%", "{", "${", "[[", "[", "%", "*|", "<<"] {
        let text = format!("{} text", opener).repeat(20_000);
        check(&text, InputFormat::Text);
    }
}

#[test]
fn deeply_nested_html_is_prose() {
    let depth = 10_000;
    let text = format!(
        "{}Your root canal went well.{}",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    let report = check(&text, InputFormat::Html);
    assert!(report.findings.iter().any(|f| f.rule.starts_with("phi.")));
}

#[test]
fn deeply_nested_markdown_quotes_and_lists_parse() {
    let text = format!("{}Your root canal went well.", "> - ".repeat(2_000));
    check(&text, InputFormat::Markdown);
}

#[test]
fn unclosed_html_comments_and_tags_end() {
    check(&"<!-- ".repeat(5_000), InputFormat::Html);
    check(&"<a href=\"x ".repeat(5_000), InputFormat::Html);
    check(&"&amp".repeat(20_000), InputFormat::Html);
}

#[test]
fn binary_bytes_decoded_lossily_are_checked() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let text = String::from_utf8_lossy(&bytes);
    check(&text, InputFormat::Text);
    check(&text, InputFormat::Html);
    check(&text, InputFormat::Markdown);
}

#[test]
fn control_and_invisible_characters_are_checked() {
    let text = "\u{0}\u{200B}\u{FEFF}\u{00AD}\r\r\n\u{E000}\u{10FFFF}Your root\u{00A0}canal\u{2019}s fine."
        .repeat(1_000);
    check(&text, InputFormat::Text);
}

fn pack_with_trigger(trigger: &str) -> String {
    format!(
        "id = \"mine\"\nname = \"Mine\"\n[[rule]]\nid = \"mine.x\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [{trigger}]\n"
    )
}

#[test]
fn pathological_user_regex_is_refused_with_an_error() {
    // Compiles to far more than the size limit: refused, not built.
    let pack = pack_with_trigger("'re:(?:(?:a{100}){100}){100}'");
    let err = Pack::from_toml(&pack).unwrap_err().to_string();
    assert!(err.contains("mine.x"), "{err}");
}

#[test]
fn backtracking_shaped_user_regex_runs_in_linear_time() {
    // Catastrophic for a backtracking engine; the regex crate's automata keep it linear.
    let pack = Pack::from_toml(&pack_with_trigger("'re:(a+)+b'")).unwrap();
    let linter = Linter::builder()
        .without_builtins()
        .pack(pack)
        .build()
        .unwrap();
    let report = linter.check(&"a".repeat(200_000));
    assert!(report.findings.is_empty());
}

fn phrase_pack(n: usize) -> String {
    let phrases: Vec<String> = (0..n).map(|i| format!("\"phrase number {i}\"")).collect();
    pack_with_trigger(&phrases.join(", "))
}

#[test]
fn pack_with_many_phrases_builds_and_matches() {
    let pack = Pack::from_toml(&phrase_pack(10_000)).unwrap();
    let linter = Linter::builder()
        .without_builtins()
        .pack(pack)
        .build()
        .unwrap();
    let report = linter.check("We said phrase number 9999 twice.");
    assert_eq!(report.findings.len(), 1);
}

#[test]
#[ignore = "full size: run with --release -- --ignored"]
fn pack_with_many_phrases_full_size() {
    let pack = Pack::from_toml(&phrase_pack(100_000)).unwrap();
    let linter = Linter::builder()
        .without_builtins()
        .pack(pack)
        .build()
        .unwrap();
    assert_eq!(linter.check("phrase number 99999").findings.len(), 1);
}

#[test]
fn hostile_config_values_are_errors_or_ignored() {
    for text in [
        "packs = 1",
        "[rules]\n\"x\" = \"loud\"",
        "\u{0}",
        &"[".repeat(10_000),
    ] {
        let _ = Config::from_toml(text);
    }
}

#[test]
fn rewrite_of_a_hostile_draft_is_valid_and_relints() {
    let text = format!("{}{}", "{{first_name}} ".repeat(500), PROSE.repeat(50));
    let report = check(&text, InputFormat::Text);
    let fixed = report.rewrite(&text, true);
    check(&fixed, InputFormat::Text);
}

/// Asserts `result` is the error for a file over its size cap: an I/O error of kind
/// `FileTooLarge` whose message names `file` and the cap.
fn assert_too_large<T: std::fmt::Debug>(
    result: hipaa_lint::Result<T>,
    file: &std::path::Path,
    cap: u64,
) {
    let err = result.expect_err("a file over the cap is refused");
    let msg = err.to_string();
    match &err {
        hipaa_lint::Error::Io { path, source } => {
            assert_eq!(path, file, "{msg}");
            assert_eq!(source.kind(), std::io::ErrorKind::FileTooLarge, "{msg}");
        }
        other => panic!("not an I/O error: {other:?}"),
    }
    assert!(
        msg.starts_with(&file.display().to_string()) && msg.contains(&format!("{cap} bytes")),
        "{msg}"
    );
}

/// A file of `len` zero bytes on paper, with nothing written to disk.
fn sparse_file(path: &std::path::Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

/// A valid config of exactly `len` bytes: one key, then comment lines.
fn config_of_len(len: u64) -> String {
    let mut text = String::from("fail_on = \"error\"\n");
    while (text.len() as u64) < len {
        let room = (len as usize - text.len()).min(100);
        text.push_str(&"#".repeat(room.saturating_sub(1)));
        text.push('\n');
    }
    assert_eq!(text.len() as u64, len);
    text
}

#[test]
fn a_config_file_of_exactly_the_cap_is_read() {
    use hipaa_lint::config::MAX_CONFIG_SIZE;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".hipaa-lint.toml");
    std::fs::write(&path, config_of_len(MAX_CONFIG_SIZE)).unwrap();
    let config = Config::from_file(&path).unwrap();
    assert_eq!(config.fail_on, Some(hipaa_lint::Severity::Error));
}

#[test]
fn a_config_file_over_the_cap_is_refused_naming_the_file() {
    use hipaa_lint::config::MAX_CONFIG_SIZE;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".hipaa-lint.toml");
    // Valid TOML: refused for its size alone.
    std::fs::write(&path, config_of_len(MAX_CONFIG_SIZE + 1)).unwrap();
    assert_too_large(Config::from_file(&path), &path, MAX_CONFIG_SIZE);
}

#[test]
fn a_config_file_extended_by_another_is_capped_too() {
    use hipaa_lint::config::MAX_CONFIG_SIZE;
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.toml");
    sparse_file(&base, MAX_CONFIG_SIZE + 1);
    let top = dir.path().join(".hipaa-lint.toml");
    std::fs::write(&top, "extend = \"base.toml\"\n").unwrap();
    assert_too_large(Config::from_file(&top), &base, MAX_CONFIG_SIZE);
}

#[cfg(unix)]
#[test]
fn a_config_file_that_never_ends_is_read_no_further_than_the_cap() {
    // /dev/zero reports size 0 and never ends: only a bounded read stops it.
    let path = std::path::Path::new("/dev/zero");
    assert_too_large(
        Config::from_file(path),
        path,
        hipaa_lint::config::MAX_CONFIG_SIZE,
    );
}

#[test]
fn a_pack_file_over_the_cap_is_refused_naming_the_file() {
    use hipaa_lint::pack::MAX_PACK_SIZE;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    sparse_file(&path, MAX_PACK_SIZE + 1);
    assert_too_large(Pack::from_file(&path), &path, MAX_PACK_SIZE);
}

#[test]
fn a_lexicon_file_over_the_cap_is_refused_naming_the_file() {
    use hipaa_lint::pack::MAX_PACK_SIZE;
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("huge.txt");
    sparse_file(&lexicon, MAX_PACK_SIZE + 1);
    let pack = dir.path().join("pack.toml");
    std::fs::write(
        &pack,
        format!(
            "{}[lexicons]\nhuge = \"huge.txt\"\n",
            pack_with_trigger("\"@lexicon:huge\"")
        ),
    )
    .unwrap();
    assert_too_large(Pack::from_file(&pack), &lexicon, MAX_PACK_SIZE);
}
