//! Inputs shared by the benches: the dev corpus, single documents of a given size, and the bare
//! pipeline that `../shared/perf/LIMIT.md` measures (the ceiling our engine is compared with).

#![allow(dead_code)] // each bench uses part of this module

use aho_corasick::{AhoCorasick, MatchKind};
use hipaa_lint::{CheckOptions, DraftKind};
use regex::RegexSet;
use std::path::PathBuf;
use unicode_segmentation::UnicodeSegmentation;

/// One draft of the dev corpus with the options its record asks for.
pub struct Draft {
    pub text: String,
    pub opts: CheckOptions,
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The dev corpus (`../shared/corpus/dev.jsonl`, or `HIPAA_LINT_CORPUS`); a few built-in drafts
/// when it is missing, so the benches still run from a bare checkout.
pub fn corpus() -> Vec<Draft> {
    let path = std::env::var_os("HIPAA_LINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../shared/corpus/dev.jsonl"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("bench: {} not found; using built-in drafts", path.display());
        return FALLBACK
            .iter()
            .map(|t| Draft {
                text: t.to_string(),
                opts: CheckOptions::default(),
            })
            .collect();
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line is JSON");
            let kind = match v["draft"].as_str() {
                Some("reply") => DraftKind::Reply,
                Some("solicitation") => DraftKind::Solicitation,
                Some("post") => DraftKind::Post,
                _ => DraftKind::Auto,
            };
            Draft {
                text: v["text"].as_str().expect("text").to_string(),
                opts: CheckOptions {
                    kind,
                    practice_type: v["practice_type"].as_str().map(str::to_string),
                    ..Default::default()
                },
            }
        })
        .collect()
}

const FALLBACK: &[&str] = &[
    "Hi there, we hate to hear the root canal you had with us on 3/4 left you so sore. Dr. Lee did everything she could. Please call us at (555) 010-2000.",
    "Thank you for your kind words! We love seeing our neighbours smile.",
    "We're sorry your visit was not what you hoped. Please contact our office manager at office@smile.example so we can talk.",
    "Leave us a 5-star review and get $20 off your next cleaning!",
    "This patient never paid her bill and ignored three reminders.",
];

/// One document of about `size` bytes: corpus drafts joined by blank lines, cut on a char
/// boundary.
pub fn document(drafts: &[Draft], size: usize) -> String {
    let mut doc = String::with_capacity(size + 1024);
    'outer: loop {
        for d in drafts {
            if doc.len() >= size {
                break 'outer;
            }
            doc.push_str(&d.text);
            doc.push_str("\n\n");
        }
    }
    let mut cut = size.min(doc.len());
    while !doc.is_char_boundary(cut) {
        cut -= 1;
    }
    doc.truncate(cut);
    doc
}

/// The phrases of the built-in lexicons (`rules/lexicons/*.txt`), padded with phrases that never
/// match to the 5,000 of LIMIT.md so the baseline automaton has the measured size.
fn phrases() -> Vec<String> {
    let mut out = Vec::new();
    let dir = manifest_dir().join("rules/lexicons");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
    {
        let body = std::fs::read_to_string(f).unwrap_or_default();
        for line in body.lines() {
            let t = line.split('#').next().unwrap_or("").trim();
            if !t.is_empty() && !t.starts_with("re:") && !t.contains(':') {
                out.push(t.to_lowercase());
            }
        }
    }
    out.sort();
    out.dedup();
    let mut i = 0;
    while out.len() < 5_000 {
        out.push(format!("zqx{i} padding phrase"));
        i += 1;
    }
    out
}

/// 62 regexes of the kinds LIMIT.md measured (phones, e-mails, URLs, dates, times, money, IDs,
/// all-caps runs, `!!!`), ASCII word boundaries as LIMIT.md says a hot regex must have.
fn regexes() -> Vec<String> {
    let mut v: Vec<String> = vec![
        r"(?-u:\b)\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?-u:\b)".into(),
        r"(?-u:\b)\d{3}-\d{4}(?-u:\b)".into(),
        r"\+1[ .-]?\d{3}[ .-]?\d{3}[ .-]?\d{4}".into(),
        r"(?-u:\b)[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}(?-u:\b)".into(),
        r"https?://[^\s<>]+".into(),
        r"(?-u:\b)www\.[a-z0-9-]+\.[a-z]{2,}[^\s<>]*".into(),
        r"(?-u:\b)[a-z0-9-]+\.(?:com|org|net|health|clinic|dental|example)(?-u:\b)".into(),
        r"(?-u:\b)\d{1,2}/\d{1,2}(?:/\d{2,4})?(?-u:\b)".into(),
        r"(?-u:\b)\d{4}-\d{2}-\d{2}(?-u:\b)".into(),
        r"(?-u:\b)\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)".into(),
        r"(?-u:\b)\d{1,2}:\d{2}(?-u:\b)".into(),
        r"\$\s?\d[\d,]*(?:\.\d{2})?".into(),
        r"(?-u:\b)\d+(?:\.\d+)?\s?(?:dollars|usd|percent)(?-u:\b)".into(),
        r"(?-u:\b)\d{1,3}%".into(),
        r"(?-u:\b)\d{3}-\d{2}-\d{4}(?-u:\b)".into(),
        r"(?-u:\b)(?:mrn|member id|account|acct|chart|policy|claim)\s*(?:#|no\.?|number)?\s*:?\s*[a-z0-9-]{4,}".into(),
        r"(?-u:\b)\d{5}(?:-\d{4})?(?-u:\b)".into(),
        r"(?-u:\b)\d+\s+[a-z]+\s+(?:st|street|ave|avenue|rd|road|blvd|dr|drive|ln|lane)(?-u:\b)".into(),
        r"[A-Z]{4,}(?:\s+[A-Z]{2,}){2,}".into(),
        r"!{3,}".into(),
        r"\?{3,}".into(),
        r"[!?]{4,}".into(),
    ];
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    for m in MONTHS {
        v.push(format!(
            r"(?-u:\b){m}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?-u:\b)"
        ));
    }
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tomorrow",
        "last week",
        "last month",
        "this morning",
        "tonight",
        "last night",
        "this week",
    ];
    for d in DAYS {
        v.push(format!(r"(?-u:\b){d}(?-u:\b)"));
    }
    v.truncate(62);
    v
}

/// The bare pipeline of LIMIT.md: lower-case, sentences, words, one automaton and a RegexSet, hits
/// in a Vec — every stage our engine has, no rule logic.
pub struct Bare {
    automaton: AhoCorasick,
    set: RegexSet,
}

impl Bare {
    pub fn new() -> Bare {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(phrases())
            .expect("phrases compile");
        let set = RegexSet::new(regexes()).expect("regexes compile");
        Bare { automaton, set }
    }

    /// Runs every stage over `text`; returns a count so nothing is optimised away.
    pub fn run(&self, text: &str) -> usize {
        let lower = text.to_lowercase();
        let sentences: Vec<(usize, usize)> = lower
            .split_sentence_bound_indices()
            .map(|(i, s)| (i, i + s.len()))
            .collect();
        let words: Vec<usize> = lower.unicode_word_indices().map(|(i, _)| i).collect();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&lower) {
            hits.push((m.pattern().as_usize(), m.start(), m.end()));
        }
        for i in self.set.matches(&lower).iter() {
            hits.push((i, 0, 0));
        }
        sentences.len() + words.len() + hits.len()
    }
}
