//! The library contract: spans into the caller's text, formats, options, threads.

use hipaa_lint::{CheckOptions, DraftKind, InputFormat, Linter, Report, Severity};
use proptest::prelude::*;
use std::sync::OnceLock;

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(Linter::default)
}

fn spans<'t>(text: &'t str, r: &Report) -> Vec<&'t str> {
    r.findings.iter().map(|f| f.span.slice(text)).collect()
}

fn check_as(text: &str, kind: DraftKind, format: InputFormat) -> Report {
    linter().check_with(
        text,
        &CheckOptions {
            kind,
            format,
            ..Default::default()
        },
    )
}

#[test]
fn spans_slice_the_original_to_procedure_date_and_name() {
    let text = "We're sorry your root canal on 3/4 hurt, Jane.";
    let got = spans(text, &linter().check(text));
    for want in ["root canal", "3/4", "Jane"] {
        assert!(got.contains(&want), "no finding on {want:?}: {got:?}");
    }
}

#[test]
fn spans_stay_exact_among_emoji_curly_quotes_nbsp_cjk_and_combining_marks() {
    let text =
        "😊 We\u{2019}re sorry\u{00A0}your root canal on 3/4 hurt, Jane\u{0301}. 谢谢 “thanks” 👍🏽";
    let r = linter().check(text);
    for f in &r.findings {
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{f:?}"
        );
    }
    assert!(
        spans(text, &r).contains(&"root canal"),
        "{:?}",
        spans(text, &r)
    );
}

#[test]
fn markdown_emphasis_span_points_into_the_original() {
    let text = "We hope **your root canal** went well";
    let r = check_as(text, DraftKind::Reply, InputFormat::Markdown);
    assert!(
        spans(text, &r).contains(&"root canal"),
        "{:?}",
        spans(text, &r)
    );
}

#[test]
fn markdown_code_block_and_link_url_are_not_prose() {
    let text = "Thanks for the review.\n\n```\nyour root canal\n```\n\nSee [our services](https://x.example/your-root-canal).";
    let r = check_as(text, DraftKind::Reply, InputFormat::Markdown);
    assert!(
        !r.findings.iter().any(|f| f.rule == "phi.procedure"),
        "{:?}",
        r.findings
    );
}

#[test]
fn html_entities_decode_and_script_text_is_ignored() {
    let text =
        "<p>We&rsquo;re sorry your root canal hurt.</p><script>var s = 'your root canal';</script>";
    let r = check_as(text, DraftKind::Reply, InputFormat::Html);
    let procs: Vec<_> = r.of_rule("phi.procedure").collect();
    assert_eq!(procs.len(), 1, "{:?}", r.findings);
    assert_eq!(procs[0].span.slice(text), "root canal");
}

#[test]
fn patient_placeholder_is_an_error_in_a_reply_and_fine_in_a_request() {
    let reply = check_as(
        "Hi {{patient_name}}, thanks for the review!",
        DraftKind::Reply,
        InputFormat::Text,
    );
    assert!(
        reply
            .findings
            .iter()
            .any(|f| f.rule == "phi.placeholder" && f.severity == Severity::Error),
        "{:?}",
        reply.findings
    );
    let request = check_as(
        "Hi {{first_name}}, we'd welcome your honest feedback: {{review_link}}",
        DraftKind::Solicitation,
        InputFormat::Text,
    );
    assert!(
        !request.findings.iter().any(|f| f.rule == "phi.placeholder"),
        "{:?}",
        request.findings
    );
}

#[test]
fn behavioral_practice_gets_an_error_for_thanking_a_visit_and_dental_a_warning() {
    let text = "Thanks for coming in to see us!";
    let sev = |pt: &str| {
        linter()
            .check_with(
                text,
                &CheckOptions {
                    kind: DraftKind::Reply,
                    practice_type: Some(pt.into()),
                    ..Default::default()
                },
            )
            .findings
            .iter()
            .filter(|f| f.category.as_str() == "patient-status")
            .map(|f| f.severity)
            .max()
    };
    assert_eq!(sev("behavioral"), Some(Severity::Error));
    assert_eq!(sev("dental"), Some(Severity::Warning));
}

#[test]
fn auto_kind_treats_a_review_request_as_a_solicitation() {
    let text = "Hi Sam, thanks for visiting today! Leave us a review: {review_link}";
    let auto = check_as(text, DraftKind::Auto, InputFormat::Text);
    assert!(
        !auto
            .findings
            .iter()
            .any(|f| f.category.as_str() == "patient-status"),
        "{:?}",
        auto.findings
    );
}

#[test]
fn redact_leaves_matched_text_out() {
    let r = linter().check_with(
        "Sorry your root canal hurt.",
        &CheckOptions {
            redact: true,
            ..Default::default()
        },
    );
    assert!(!r.findings.is_empty());
    assert!(r.findings.iter().all(|f| f.text.is_none()));
}

#[test]
fn one_linter_serves_many_threads_with_the_same_results() {
    let text = "We're sorry your root canal on 3/4 hurt, Jane.";
    let want = linter().check(text);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert_eq!(linter().check(text), want));
        }
    });
}

#[test]
fn findings_are_sorted_by_position() {
    let text = "Your balance of $240 is at collections. We diagnosed your diabetes on 3/4.";
    let r = linter().check(text);
    assert!(r
        .findings
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn check_never_panics_and_spans_are_on_char_boundaries(text in "\\PC{0,200}", fmt in 0u8..3) {
        let format = [InputFormat::Text, InputFormat::Markdown, InputFormat::Html][fmt as usize];
        let r = check_as(&text, DraftKind::Auto, format);
        for f in &r.findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }

    #[test]
    fn clinical_words_among_random_unicode_keep_exact_spans(pre in "[^a-zA-Z0-9]{0,12}", post in "[^a-zA-Z0-9]{0,12}") {
        let text = format!("{pre} your root canal {post}");
        let r = check_as(&text, DraftKind::Reply, InputFormat::Text);
        for f in r.of_rule("phi.procedure") {
            prop_assert_eq!(f.span.slice(&text), "root canal");
        }
    }
}

#[test]
fn a_pack_with_a_built_in_pack_id_replaces_that_pack() {
    let mine = hipaa_lint::Pack::from_toml(
        "id = \"tone\"\nname = \"Mine\"\n[[rule]]\nid = \"tone.zorblax\"\ncategory = \"tone\"\nseverity = \"error\"\nmessage = \"m\"\ntriggers = [\"zorblax\"]\n",
    )
    .unwrap();
    let linter = Linter::builder().pack(mine).build().unwrap();
    assert_eq!(linter.packs().iter().filter(|p| p.id == "tone").count(), 1);
    let rules: Vec<String> = linter
        .check("You are a liar and a zorblax.")
        .findings
        .iter()
        .map(|f| f.rule.to_string())
        .collect();
    assert_eq!(rules, vec!["tone.zorblax".to_string()]);
}
