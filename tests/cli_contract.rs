//! CLI contract tests that need more than a snapshot: SARIF schema validity, the GitHub
//! workflow-command grammar, `--redact` in every format, the practice allow-list end to end, a
//! generated tree of a few hundred templates, and the size cap at its edges.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hipaa-lint"))
}

fn tree(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/trees")
        .join(name)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

/// `check --jsonl` and then `args`, in `dir`, with `input` on stdin. The input is written from a
/// thread so that one larger than a pipe buffer cannot deadlock against unread output.
fn run_jsonl(dir: &Path, args: &[&str], input: String) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = bin()
        .current_dir(dir)
        .args(["check", "--jsonl"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().expect("stdin piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let o = child.wait_with_output().expect("binary ends");
    writer.join().expect("writer ends").expect("input written");
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("stdout is JSON")
}

/// Each line of stdout as JSON (`--jsonl` output).
fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The `path` of each entry of a JSON document's `files`, in order.
fn file_paths(doc: &serde_json::Value) -> Vec<&str> {
    doc["files"]
        .as_array()
        .expect("files is a list")
        .iter()
        .map(|f| f["path"].as_str().expect("path is a string"))
        .collect()
}

/// A scratch directory whose `.hipaa-lint.toml` loads the CLI fixture pack and then says
/// `config` (more keys and tables), holding `drafts` (directories created as needed).
/// A temporary directory holding `files` (name, contents).
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn fixture_dir(config: &str, drafts: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".hipaa-lint.toml"),
        format!(
            "packs = [{:?}]\n{config}",
            tree("../fixture-pack.toml").canonicalize().unwrap()
        ),
    )
    .unwrap();
    for (name, text) in drafts {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn sarif_schema() -> jsonschema::JSONSchema {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-schema-2.1.0.json"),
    )
    .expect("schema vendored");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::JSONSchema::options()
        .should_validate_formats(true)
        .compile(&schema)
        .expect("schema compiles")
}

fn assert_valid_sarif(doc: &serde_json::Value) {
    let schema = sarif_schema();
    if let Err(errors) = schema.validate(doc) {
        let msgs: Vec<String> = errors
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        panic!("SARIF does not validate:\n{}", msgs.join("\n"));
    };
}

/// `check --format sarif` on the templates tree: findings of every severity, skipped files.
fn templates_sarif() -> serde_json::Value {
    let o = run_in(&tree("templates"), &["check", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    json(&o)
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let doc = templates_sarif();
    assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty());
    assert_valid_sarif(&doc);
}

#[test]
fn sarif_with_suppressions_and_fixes_validates() {
    let o = run_in(&tree("suppress"), &["check", "--format", "sarif"]);
    let doc = json(&o);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r.get("suppressions").is_some()));
    assert!(results.iter().any(|r| r.get("fixes").is_some()));
    assert_valid_sarif(&doc);
}

#[test]
fn a_schema_violation_is_caught_by_the_validator() {
    // Guards the test above against a validator that accepts anything.
    let mut doc = templates_sarif();
    doc["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!sarif_schema().is_valid(&doc));
}

#[test]
fn sarif_regions_and_rule_indexes_point_at_the_findings() {
    let o = run_in(
        &tree("templates"),
        &["check", "--format", "sarif", "replies/called.txt"],
    );
    let doc = json(&o);
    let run = &doc["runs"][0];
    let r = &run["results"][0];
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(18),
            &serde_json::json!(32)
        )
    );
    let index = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], r["ruleId"]);
    assert!(r["partialFingerprints"]["hipaaLint/v1"].is_string());
}

#[test]
fn github_lines_follow_the_workflow_command_grammar() {
    let o = run_in(&tree("templates"), &["check", "--format", "github"]);
    let out = stdout(&o);
    let grammar = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:\r\n]+,line=\d+(,col=\d+,endLine=\d+,endColumn=\d+|,endLine=\d+),title=[^,:\r\n]+::[^\r\n]+$",
    )
    .unwrap();
    assert!(out.lines().count() >= 5, "{out}");
    for line in out.lines() {
        assert!(grammar.is_match(line), "not a workflow command: {line}");
    }
}

#[test]
fn github_finding_across_lines_has_no_columns() {
    // A regex trigger is the one kind of trigger that can match across a line break.
    let dir = dir_with(&[
        ("p.toml", "id = \"t\"\n[[rule]]\nid = \"tone.defensive\"\ncategory = \"tone\"\nseverity = \"warning\"\nmessage = \"Argues.\"\ntriggers = ['re:nothing\\s+wrong']\n"),
        (".hipaa-lint.toml", "packs = [\"p.toml\"]\n"),
        ("a.txt", "We did nothing\nwrong, we think.\n"),
    ]);
    let out = stdout(&run_in(dir.path(), &["check", "--format", "github"]));
    assert_eq!(
        out,
        "::warning file=a.txt,line=1,endLine=2,title=hipaa-lint tone.defensive::Argues.\n"
    );
}

/// The draft texts the redact tree's findings match (and one suppression reason).
const SECRETS: [&str; 6] = [
    "filling",
    "010-7777",
    "You are lying",
    "!!!",
    "crown",
    "Jane Roe",
];

#[test]
fn without_redact_the_matched_texts_are_in_the_output() {
    let out = stdout(&run_in(&tree("redact"), &["check", "--format", "json"]));
    for s in SECRETS {
        assert!(
            out.contains(s),
            "{s:?} missing: the redact test would prove nothing"
        );
    }
}

#[test]
fn redact_keeps_matched_text_out_of_every_format() {
    for format in ["text", "concise", "json", "json-lines", "sarif", "github"] {
        for extra in [&[][..], &["--statistics"][..]] {
            let mut args = vec!["check", "--redact", "--format", format];
            args.extend_from_slice(extra);
            let o = run_in(&tree("redact"), &args);
            assert_eq!(o.status.code(), Some(1), "{format}");
            let out = stdout(&o) + &stderr(&o);
            for s in SECRETS {
                assert!(
                    !out.contains(s),
                    "--format {format} {extra:?} leaks {s:?}:\n{out}"
                );
            }
        }
    }
}

#[test]
fn redact_keeps_matched_text_out_of_jsonl_output() {
    let o = run_jsonl(
        &tree("redact"),
        &["--redact", "-"],
        "{\"id\":1,\"text\":\"We're sorry your filling came loose.\"}\n".into(),
    );
    let out = stdout(&o);
    assert!(
        out.contains("phi.procedure") && !out.contains("filling"),
        "{out}"
    );
}

fn practice_dir() -> tempfile::TempDir {
    fixture_dir(
        "[practice]\nname = \"Smile Dental\"\nphone = [\"(555) 010-2000\"]\nemail = [\"office@smile.example\"]\nallow_names = [\"Dr. Lee\"]\n",
        &[],
    )
}

/// The practice's own phone and e-mail in contact sentences, and a staff sign-off.
const CONTACT_AND_SIGN_OFF: &str = "Thank you for the kind words! Please call us at (555) 010-2000 or write to office@smile.example.\n\n— Dr. Lee\n";

fn rules_for(dir: &Path, text: &str) -> Vec<String> {
    std::fs::write(dir.join("draft.md"), text).unwrap();
    rules_fired(&run_in(dir, &["check", "--format", "json", "draft.md"]))
}

#[test]
fn practice_phone_email_and_sign_off_from_config_are_not_flagged() {
    let dir = practice_dir();
    let got = rules_for(dir.path(), CONTACT_AND_SIGN_OFF);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn without_the_practice_config_the_same_contact_lines_and_sign_off_are_flagged() {
    // Proves the test above passes because of the allow-list, not because nothing matches.
    let dir = fixture_dir("", &[]);
    let got = rules_for(dir.path(), CONTACT_AND_SIGN_OFF);
    assert_eq!(
        got,
        [
            "phi.contact-detail",
            "phi.contact-detail",
            "phi.patient-name"
        ]
    );
}

#[test]
fn practice_phone_about_the_reviewer_is_still_flagged() {
    let dir = practice_dir();
    let got = rules_for(
        dir.path(),
        "We called you at (555) 010-2000 twice last week.\n",
    );
    assert_eq!(got, ["phi.contact-detail"]);
}

#[test]
fn an_unknown_phone_in_a_contact_sentence_is_flagged_without_the_allow_list() {
    let dir = practice_dir();
    let got = rules_for(dir.path(), "Please call us at (555) 010-3333.\n");
    assert_eq!(got, ["phi.contact-detail"]);
}

/// A tree of a few hundred templates: nested, mixed formats, a `.gitignore`.
fn big_tree() -> (tempfile::TempDir, Vec<String>) {
    let dir = fixture_dir(
        "",
        &[
            (".gitignore", "archive/\n*.draft.md\n"),
            ("archive/old.md", "Sorry your root canal hurt.\n"),
            ("region-0/x.draft.md", "Sorry your crown hurt.\n"),
        ],
    );
    let root = dir.path();
    let mut bad = Vec::new();
    for i in 0..300 {
        let sub = format!("region-{}/office-{}", i % 5, i % 7);
        std::fs::create_dir_all(root.join(&sub)).unwrap();
        let (ext, body) = match i % 3 {
            0 => ("md", "Thank you for the **kind** words.\n".to_string()),
            1 => ("html", "<p>We offer crowns and fillings.</p>\n".to_string()),
            _ => ("txt", "Thanks for visiting us!\n".to_string()),
        };
        let body = if i % 10 == 0 {
            format!("{body}\nWe're sorry your root canal hurt.\n")
        } else {
            body
        };
        let path = format!("{sub}/reply-{i:03}.{ext}");
        std::fs::write(root.join(&path), body).unwrap();
        if i % 10 == 0 {
            bad.push(path);
        }
    }
    (dir, bad)
}

#[test]
fn a_tree_of_hundreds_of_templates_reports_path_line_col_skips_ignored_and_exits_1() {
    let (dir, bad) = big_tree();
    let o = run_in(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for path in &bad {
        // The bad sentence follows a blank line.
        assert!(
            out.contains(&format!(" --> {path}:3:")),
            "no finding at {path}:3:\n{out}"
        );
    }
    assert!(
        !out.contains("archive/") && !out.contains(".draft.md"),
        "{out}"
    );
    assert!(out.ends_with(&format!("in {} files.\n", 300)), "{out}");
}

#[test]
fn output_order_is_sorted_by_path_whatever_the_thread_timing() {
    let (dir, _) = big_tree();
    let doc = json(&run_in(dir.path(), &["check", "--format", "json"]));
    let paths = file_paths(&doc);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 300);
}

#[test]
fn a_clean_tree_exits_0() {
    let (dir, _) = big_tree();
    let o = run_in(
        dir.path(),
        &["check", "--fail-on", "error", "region-1/office-1"],
    );
    // region-1/office-1 holds i ≡ 1 (mod 5) and ≡ 1 (mod 7): none is a multiple of 10.
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn jsonl_output_keeps_input_order_across_parallel_batches() {
    let mut input = String::new();
    for i in 0..1000 {
        let text = if i % 3 == 0 {
            "We're sorry your root canal hurt."
        } else {
            "Thank you!"
        };
        input.push_str(&format!("{{\"id\":{i},\"text\":{text:?}}}\n"));
    }
    let lines = json_lines(&run_jsonl(&tree("clean"), &["-"], input));
    assert_eq!(lines.len(), 1000);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], i);
        assert_eq!(
            l["findings"].as_array().unwrap().is_empty(),
            i % 3 != 0,
            "record {i}"
        );
    }
}

#[test]
fn jsonl_bad_record_exits_2_naming_the_line_after_earlier_records() {
    let o = run_jsonl(
        &tree("clean"),
        &["-"],
        "{\"id\":1,\"text\":\"Thanks!\"}\n{\"id\":2}\n".into(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "{\"id\":1,\"findings\":[]}\n");
    assert!(stderr(&o).contains("<stdin>:2: key `text`"));
}

#[test]
fn init_writes_a_config_that_check_accepts_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init"]).status.code(), Some(0));
    assert!(dir.path().join(".hipaa-lint.toml").is_file());
    assert_eq!(
        run_in(dir.path(), &["check", "--dump-config"])
            .status
            .code(),
        Some(0)
    );
    let again = run_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn a_file_named_on_the_command_line_that_is_not_utf8_is_skipped_with_a_notice() {
    let o = run_in(&tree("templates"), &["check", "replies/latin1.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("replies/latin1.txt: not UTF-8"));
}

#[test]
fn text_is_plain_when_piped() {
    let o = run_in(&tree("templates"), &["check", "replies/called.txt"]);
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn clicolor_force_colours_text_and_no_color_wins_over_it() {
    let run = |no_color: bool| {
        let mut c = bin();
        c.current_dir(tree("templates"))
            .args(["check", "replies/called.txt"])
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        stdout(&c.output().unwrap())
    };
    assert!(run(false).contains('\u{1b}'));
    assert!(!run(true).contains('\u{1b}'));
}

#[test]
fn json_formats_never_carry_colour_codes() {
    let o = bin()
        .current_dir(tree("templates"))
        .args(["check", "--format", "json"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn redacted_sarif_leaves_rule_examples_out() {
    let plain = stdout(&run_in(&tree("redact"), &["check", "--format", "sarif"]));
    let redacted = stdout(&run_in(
        &tree("redact"),
        &["check", "--format", "sarif", "--redact"],
    ));
    let example = "We're sorry your root canal was uncomfortable.";
    assert!(plain.contains(example));
    assert!(!redacted.contains(example));
}

#[test]
fn a_closed_stdout_pipe_does_not_panic() {
    // 300 findings of text output are far larger than a pipe buffer, so writing hits EPIPE.
    let dir = fixture_dir("", &[]);
    for i in 0..300 {
        std::fs::write(
            dir.path().join(format!("r{i}.txt")),
            "We're sorry your root canal hurt.\n",
        )
        .unwrap();
    }
    let mut child = bin()
        .current_dir(dir.path())
        .args(["check"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_directory_without_drafts_says_so_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.docx"), "not a draft").unwrap();
    let o = run_in(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("no drafts found"));
}

/// A directory governed by the fixture pack with `max_file_size = cap`, holding the drafts given.
fn capped_dir(cap: u64, drafts: &[(&str, &str)]) -> tempfile::TempDir {
    fixture_dir(&format!("max_file_size = {cap}\n"), drafts)
}

const CALLED: &str = "We called you at (555) 010-2000 twice and left a message.\n";

/// `big.txt` (three times [`CALLED`]) over a cap of 100 bytes, beside `small.txt` (one finding)
/// within it.
fn one_draft_over_the_cap() -> tempfile::TempDir {
    capped_dir(
        100,
        &[("big.txt", &CALLED.repeat(3)), ("small.txt", CALLED)],
    )
}

#[test]
fn a_file_of_exactly_the_cap_is_checked_and_one_byte_more_is_not() {
    let cap = CALLED.len() as u64;
    let dir = capped_dir(cap, &[("at.txt", CALLED)]);
    let o = run_in(dir.path(), &["check", "--format", "json", "at.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["files"][0]["path"], "at.txt");

    let o = run_in(
        dir.path(),
        &["check", "--max-file-size", &(cap - 1).to_string(), "at.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("at.txt: larger than the size cap of {}", cap - 1)),
        "{err}"
    );
}

#[test]
fn an_over_cap_file_is_left_out_of_json_output_and_exits_2() {
    let dir = one_draft_over_the_cap();
    let o = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(file_paths(&json(&o)), ["small.txt"]);
    assert!(stderr(&o).contains("big.txt: larger than the size cap"));
}

#[test]
fn json_lists_an_over_cap_file_under_errors_with_its_path_and_message() {
    let dir = one_draft_over_the_cap();
    let o = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let errors = json(&o)["errors"].as_array().unwrap().clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], "big.txt");
    let message = errors[0]["message"].as_str().unwrap();
    // The same line as on stderr.
    assert!(
        message.starts_with("big.txt: larger than the size cap of 100 bytes"),
        "{message}"
    );
    assert!(stderr(&o).contains(message));
}

#[test]
fn json_errors_is_an_empty_list_when_every_file_was_checked() {
    let dir = capped_dir(100, &[("small.txt", CALLED)]);
    let o = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["errors"], serde_json::json!([]));
}

#[test]
fn sarif_reports_an_over_cap_file_as_an_error_notification() {
    let dir = one_draft_over_the_cap();
    let o = run_in(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(2));
    let doc = json(&o);
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(note["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("big.txt: larger than the size cap of 100 bytes"));
    assert_valid_sarif(&doc);
}

#[test]
fn fix_leaves_an_over_cap_file_untouched_and_fixes_the_rest() {
    let dir = one_draft_over_the_cap();
    let o = run_in(dir.path(), &["check", "--fix"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("big.txt")).unwrap(),
        CALLED.repeat(3)
    );
    let small = std::fs::read_to_string(dir.path().join("small.txt")).unwrap();
    assert!(!small.contains("010-2000"), "{small}");
}

#[cfg(unix)]
#[test]
fn a_file_that_never_ends_is_read_no_further_than_the_cap() {
    // /dev/zero reports size 0 and never ends: only a bounded read stops it.
    let o = run_in(
        &tree("templates"),
        &["check", "--max-file-size", "1000", "/dev/zero"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/dev/zero: larger than the size cap of 1000 bytes"));
}

#[test]
fn jsonl_line_too_long_for_any_text_within_the_cap_is_refused_and_the_run_goes_on() {
    // Far past six bytes per byte of text plus room for other fields: never parsed.
    let huge = format!(
        "{{\"id\":2,\"text\":\"x\",\"pad\":\"{}\"}}\n",
        "p".repeat(200_000)
    );
    let input =
        format!("{{\"id\":1,\"text\":\"Thanks!\"}}\n{huge}{{\"id\":3,\"text\":\"Thanks!\"}}\n");
    let o = run_jsonl(&tree("clean"), &["--max-file-size", "100", "-"], input);
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], serde_json::json!({"id": 1, "findings": []}));
    assert_eq!(lines[1]["findings"], serde_json::json!([]));
    assert!(lines[1].get("id").is_none());
    let want = format!(
        "<stdin>:2: a line of {} bytes cannot hold a text within the size cap of 100 bytes",
        huge.len()
    );
    let err = lines[1]["error"].as_str().unwrap();
    assert!(err.starts_with(&want), "{err}");
    assert_eq!(lines[2], serde_json::json!({"id": 3, "findings": []}));
}

#[test]
fn an_oversized_config_file_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: over the cap on paper, nothing written to disk.
    std::fs::File::create(dir.path().join(".hipaa-lint.toml"))
        .and_then(|f| f.set_len(hipaa_lint::config::MAX_CONFIG_SIZE + 1))
        .unwrap();
    std::fs::write(dir.path().join("a.txt"), "Thanks!\n").unwrap();
    let o = run_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(".hipaa-lint.toml: config file larger than the size cap of 1048576 bytes"),
        "{err}"
    );
}

/// A directory with the default config (built-in packs), a draft that calls the reviewer a liar
/// and says "zorblax", and a pack `tone.toml` with the built-in tone pack's id and one rule.
fn liar_and_zorblax() -> tempfile::TempDir {
    dir_with(&[
        (".hipaa-lint.toml", ""),
        ("reply.txt", "You are a liar and a zorblax.\n"),
        ("tone.toml", "id = \"tone\"\nname = \"Mine\"\n[[rule]]\nid = \"tone.zorblax\"\ncategory = \"tone\"\nseverity = \"error\"\nmessage = \"Says zorblax.\"\ntriggers = [\"zorblax\"]\n"),
    ])
}

/// The rule ids of the first file's findings in `--format json` output.
fn rules_fired(o: &Output) -> Vec<String> {
    json(o)["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn without_pack_flag_the_built_in_tone_pack_runs() {
    let dir = liar_and_zorblax();
    let o = run_in(dir.path(), &["check", "reply.txt", "--format", "json"]);
    let rules = rules_fired(&o);
    assert!(rules.iter().any(|r| r.starts_with("tone.")), "{rules:?}");
    assert!(!rules.contains(&"tone.zorblax".to_string()), "{rules:?}");
}

#[test]
fn pack_flag_with_a_built_in_id_replaces_that_pack() {
    let dir = liar_and_zorblax();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "reply.txt",
            "--pack",
            "tone.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(rules_fired(&o), vec!["tone.zorblax".to_string()]);
}

#[test]
fn pack_flag_naming_a_missing_file_is_an_error_naming_it() {
    let dir = liar_and_zorblax();
    let o = run_in(dir.path(), &["check", "reply.txt", "--pack", "nope.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.toml"), "{}", stderr(&o));
}
