//! The catalog's own safe wording stays clean: the §8.3 sentence bank, the §8.4 whole-reply
//! templates and the §8.5 review request, filled with a practice's name and phone.

use hipaa_lint::{safe_reply, CheckOptions, Config, DraftKind, Linter, ReplyTone, Severity};

fn config() -> Config {
    Config::from_toml(
        "[practice]\nname = \"Bright Smiles Dental\"\nphone = [\"(555) 010-2000\"]\nemail = [\"hello@brightsmiles.example\"]\nreview_link = \"https://g.page/brightsmiles/review\"\n",
    )
    .unwrap()
}

fn problems(text: &str, kind: DraftKind, practice_type: &str) -> Vec<String> {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    let linter = LINTER.get_or_init(|| Linter::builder().config(config()).build().unwrap());
    let opts = CheckOptions {
        kind,
        practice_type: Some(practice_type.into()),
        ..Default::default()
    };
    linter
        .check_with(text, &opts)
        .findings
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| format!("{} {:?}", f.rule, f.text))
        .collect()
}

const SENTENCE_BANK: &[&str] = &[
    "Our team is committed to providing respectful, high-quality care to everyone we serve.",
    "We take feedback like this seriously and use it to improve.",
    "Privacy laws prevent us from discussing any individual's care in a public forum.",
    "We can't confirm or discuss whether any person has received care from us.",
    "We'd welcome the chance to talk with you directly — please contact our office manager at (555) 010-2000 or hello@brightsmiles.example.",
    "Thank you for taking the time to share your feedback; we'll pass your kind words on to our team.",
    "We know waiting is frustrating, and we're always working to keep our schedule on time.",
    "Billing questions can be complicated; our billing team would be glad to help at (555) 010-2000.",
];

#[test]
fn sentence_bank_lines_are_clean_in_a_reply() {
    for s in SENTENCE_BANK {
        assert_eq!(
            problems(s, DraftKind::Reply, "dental"),
            Vec::<String>::new(),
            "{s}"
        );
    }
}

#[test]
fn whole_reply_templates_are_clean_for_every_tone_and_practice() {
    for (tone, practice) in [
        (ReplyTone::Negative, "dental"),
        (ReplyTone::Positive, "medical"),
        (ReplyTone::Sensitive, "behavioral"),
        (ReplyTone::Sensitive, "sud"),
    ] {
        let (text, fell_back) = safe_reply(&config(), DraftKind::Reply, tone);
        assert!(!fell_back, "{text}");
        assert!(text.contains("(555) 010-2000"), "{text}");
        assert_eq!(
            problems(&text, DraftKind::Reply, practice),
            Vec::<String>::new(),
            "{text}"
        );
    }
}

#[test]
fn neutral_review_request_to_a_patient_is_clean() {
    let (text, _) = safe_reply(&config(), DraftKind::Solicitation, ReplyTone::Positive);
    let text = format!("Hi {{first_name}}, {}", text.replacen("Thank", "thank", 1));
    assert_eq!(
        problems(&text, DraftKind::Solicitation, "dental"),
        Vec::<String>::new(),
        "{text}"
    );
}
