//! Bad packs fail with a typed error naming the file, the line and the key or rule.

use hipaa_lint::{Error, Pack};

const HEADER: &str = "id = \"mine\"\nname = \"Mine\"\n";

fn err(body: &str) -> String {
    Pack::from_toml(&format!("{HEADER}{body}"))
        .unwrap_err()
        .to_string()
}

#[test]
fn unknown_rule_key_names_line_and_key() {
    let e = err("[[rule]]\nid = \"mine.x\"\ncategory = \"mine\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"x\"]\ncolour = 1\n");
    assert!(e.contains("colour") && e.contains("<pack>:9"), "{e}");
}

#[test]
fn bad_regex_names_rule_and_pattern() {
    let e = Pack::from_toml(&format!("{HEADER}[[rule]]\nid = \"mine.x\"\ncategory = \"mine\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"re:(unclosed\"]\n")).unwrap_err();
    assert!(matches!(e, Error::Regex { .. }), "{e}");
    assert!(
        e.to_string().contains("mine.x") && e.to_string().contains("(unclosed"),
        "{e}"
    );
}

#[test]
fn duplicate_rule_id_is_an_error() {
    let rule = "[[rule]]\nid = \"mine.x\"\ncategory = \"mine\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"x\"]\n";
    let e = err(&format!("{rule}{rule}"));
    assert!(e.contains("duplicate rule id `mine.x`"), "{e}");
}

#[test]
fn missing_lexicon_names_rule_and_key() {
    let e = err("[[rule]]\nid = \"mine.x\"\ncategory = \"mine\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"@lexicon:no-such-list\"]\n");
    assert!(
        e.contains("mine.x") && e.contains("triggers") && e.contains("no-such-list"),
        "{e}"
    );
}

#[test]
fn unknown_condition_key_is_named() {
    let e = err("[[rule]]\nid = \"mine.x\"\ncategory = \"mine\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"x\"]\nrequires = [{ any = [\"y\"], within = 3 }]\n");
    assert!(e.contains("requires.within"), "{e}");
}

#[test]
fn category_must_match_id_prefix() {
    let e = err("[[rule]]\nid = \"mine.x\"\ncategory = \"tone\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"x\"]\n");
    assert!(e.contains("category"), "{e}");
}

#[test]
fn a_users_pack_runs_its_own_cases() {
    let pack = Pack::from_toml(&format!(
        "{HEADER}[cues]\nyou = [\"=you\", \"=your\"]\n[[rule]]\nid = \"mine.brace\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [\"brace\"]\nrequires = [{{ any = [\"you\"], within_words = 2 }}]\n[[test]]\ntext = \"Your braces look great.\"\nexpect = [\"mine.brace\"]\n[[test]]\ntext = \"We fit braces.\"\nexpect = []\n[[test]]\ntext = \"We fit braces for all of you.\"\nexpect = [\"mine.brace\"]\n"
    ))
    .unwrap();
    let r = pack.run_tests().unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(
        r.failures.len(),
        1,
        "the third case is wrong on purpose: {r:?}"
    );
    assert_eq!(r.failures[0].actual, Vec::<String>::new());
}

#[test]
fn cue_sets_naming_each_other_build_and_match() {
    let pack = Pack::from_toml(&format!(
        "{HEADER}[cues]\na = [\"@cue:b\", \"alpha\"]\nb = [\"@cue:a\", \"beta\"]\n[[rule]]\nid = \"mine.a\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [\"@cue:a\"]\n[[rule]]\nid = \"mine.b\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [\"@cue:b\"]\n[[test]]\ntext = \"beta\"\nexpect = [\"mine.a\", \"mine.b\"]\n[[test]]\ntext = \"alpha\"\nexpect = [\"mine.a\", \"mine.b\"]\n"
    ))
    .unwrap();
    let r = pack.run_tests().unwrap();
    assert!(r.failures.is_empty(), "{r:?}");
}

/// Writes `files` (paths relative to a temporary directory) and the pack `mine.toml` (HEADER +
/// `body`) there, loads the pack from its file and asserts all its own cases pass.
fn pack_file_cases_pass(files: &[(&str, &str)], body: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let pack_path = dir.path().join("mine.toml");
    std::fs::write(&pack_path, format!("{HEADER}{body}")).unwrap();
    let r = Pack::from_file(&pack_path).unwrap().run_tests().unwrap();
    assert!(r.failures.is_empty(), "{r:?}");
}

#[test]
fn lexicon_naming_itself_builds_and_matches() {
    pack_file_cases_pass(
        &[("loop.txt", "@lexicon:loop\nalpha\n")],
        "[lexicons]\nloop = \"loop.txt\"\n[[rule]]\nid = \"mine.a\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [\"@lexicon:loop\"]\n[[test]]\ntext = \"alpha\"\nexpect = [\"mine.a\"]\n",
    );
}

#[test]
fn pack_file_uses_lexicons_from_its_lexicons_folder_over_built_in_ones() {
    pack_file_cases_pass(
        &[("lexicons/symptoms.txt", "zorblax\n")],
        "[[rule]]\nid = \"mine.a\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [\"@lexicon:symptoms\"]\n[[test]]\ntext = \"Sorry about the zorblax.\"\nexpect = [\"mine.a\"]\n[[test]]\ntext = \"Sorry about the toothache.\"\nexpect = []\n",
    );
}

#[test]
fn a_phrase_ending_consonant_vowel_consonant_matches_its_doubled_forms() {
    pack_file_cases_pass(
        &[],
        "[[rule]]\nid = \"mine.chat\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = [\"chat\", \"upset\", \"=stop\"]\n[[test]]\ntext = \"We chatted on the phone.\"\nexpect = [\"mine.chat\"]\n[[test]]\ntext = \"That was upsetting.\"\nexpect = [\"mine.chat\"]\n[[test]]\ntext = \"Chats are welcome.\"\nexpect = [\"mine.chat\"]\n[[test]]\ntext = \"The chatter was loud, and stopping was hard.\"\nexpect = []\n[[test]]\ntext = \"We chattted.\"\nexpect = []\n",
    );
}

#[test]
fn a_regex_anchored_on_the_previous_sentence_end_belongs_to_its_own_sentence() {
    pack_file_cases_pass(
        &[],
        "[[rule]]\nid = \"mine.remove\"\ncategory = \"mine\"\nseverity = \"warning\"\nmessage = \"m\"\ntriggers = ['''re:(?:^|[.!?]\\s+)please remove''']\nrequires = [{ any = [\"=lawyer\"] }]\n[[test]]\ntext = \"Thanks for writing. Please remove this post or our lawyer will call.\"\nexpect = [\"mine.remove\"]\n[[test]]\ntext = \"Our lawyer agrees. Please remove this post.\"\nexpect = []\n",
    );
}
