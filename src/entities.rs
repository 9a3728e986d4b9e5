//! Built-in entity finders: phones, emails, URLs, dates, times, money, identifiers, addresses,
//! person names and shouting, found on the engine's matching view.
//!
//! Every regex-based finder sits in one `RegexSet`, so a draft is scanned once and only the
//! finders that matched run `find_iter`. Each hit then passes a validation step in code for what
//! a regex cannot say cheaply: a preposition before "3/4", a phone cue before a bare ten-digit
//! number, SSN validity, a label before an account number. Names and all-caps runs come from one
//! scan over the words. Precision is favoured over recall throughout: every entity can become a
//! finding that a person has to read.
//!
//! Names are checked against `rules/lexicons/first-names.txt` (embedded at build time) and the
//! word lists at the end of this file.
//!
//! All offsets are byte offsets into the text and always fall on char boundaries: regexes only
//! match whole chars, and every hand-written scan steps over ASCII bytes or whole chars.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// Kinds of entity the finders report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A US phone number: `(555) 010-2000`, `555.010.2000`, `+1 555 010 2000`.
    Phone,
    /// An email address.
    Email,
    /// A URL: with a scheme, starting `www.`, or a bare host with a known TLD.
    Url,
    /// A date or a relative day: `3/4`, `March 4th`, `last Tuesday`, `this morning`, or a
    /// year, month or weekday after a preposition (`2014` in "in 2014"). The span is the date
    /// itself; a preposition that made it one ("on", "since") stays outside.
    Date,
    /// A clock time: `2:30`, `8 am`, or `noon` after "at".
    Time,
    /// An amount of money: `$240`, `1,250 dollars`.
    Money,
    /// A percentage: `10%`, `20 percent`.
    Percent,
    /// A valid-looking social security number.
    Ssn,
    /// A labelled identifier (MRN, chart, account, member, policy, claim…), label included.
    IdNumber,
    /// A ZIP code after a state or the word "zip".
    Zip,
    /// A street address (`100 Main St`) or a PO box.
    Address,
    /// The name in a greeting (`Hi Jane,`); the span is the name only.
    GreetingName,
    /// `Mr./Mrs./Ms./Miss/Mx.` with a surname, title included.
    TitledName,
    /// `Dr. Patel`, `Doctor Smith`, title included.
    DoctorName,
    /// A known first name followed by a surname: `Maria Lopez`.
    FullName,
    /// A known first name on its own, mid-sentence.
    FirstName,
    /// Three or more all-caps words (acronyms not counted).
    CapsRun,
    /// `!!`, `??`, `?!` and longer runs.
    RepeatedPunct,
}

impl EntityKind {
    /// Every kind, in declaration order.
    pub const ALL: [EntityKind; 18] = [
        Self::Phone,
        Self::Email,
        Self::Url,
        Self::Date,
        Self::Time,
        Self::Money,
        Self::Percent,
        Self::Ssn,
        Self::IdNumber,
        Self::Zip,
        Self::Address,
        Self::GreetingName,
        Self::TitledName,
        Self::DoctorName,
        Self::FullName,
        Self::FirstName,
        Self::CapsRun,
        Self::RepeatedPunct,
    ];

    /// The name used in packs (`@entity:NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Url => "url",
            Self::Date => "date",
            Self::Time => "time",
            Self::Money => "money",
            Self::Percent => "percent",
            Self::Ssn => "ssn",
            Self::IdNumber => "id-number",
            Self::Zip => "zip",
            Self::Address => "address",
            Self::GreetingName => "greeting-name",
            Self::TitledName => "titled-name",
            Self::DoctorName => "doctor-name",
            Self::FullName => "full-name",
            Self::FirstName => "first-name",
            Self::CapsRun => "caps-run",
            Self::RepeatedPunct => "repeated-punct",
        }
    }

    /// The kind a pack name stands for, if any.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == s)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// One entity: its kind and byte span in the searched text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity {
    /// What was found.
    pub kind: EntityKind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// Compiled finders; built once (Send + Sync), used for every draft.
#[derive(Debug)]
pub struct EntityFinder {
    /// Bit set of the kinds asked for.
    wanted: u32,
    /// Prefilter over `regexes`: one pass tells which of them can match.
    set: Option<RegexSet>,
    /// Each compiled the first time the set reports it: most drafts need only a few of them.
    regexes: Vec<(Pat, String, OnceLock<Regex>)>,
    /// Word lists and the greeting regex, when any name kind is asked for.
    names: Option<Names>,
    acronyms: WordSet,
}

impl EntityFinder {
    /// Compiles only the finders for `kinds`.
    pub fn new(kinds: &[EntityKind]) -> Self {
        let wanted = kinds.iter().fold(0, |acc, k| acc | k.bit());
        let pats: Vec<Pat> = Pat::ALL
            .iter()
            .copied()
            .filter(|p| wanted & p.kind().bit() != 0)
            .collect();
        let sources: Vec<String> = pats.iter().map(|p| p.source()).collect();
        let set = if sources.is_empty() {
            None
        } else {
            Some(RegexSet::new(&sources).expect("built-in entity regexes compile as a set"))
        };
        let regexes = pats
            .into_iter()
            .zip(sources)
            .map(|(p, s)| (p, s, OnceLock::new()))
            .collect();
        let name_kinds = EntityKind::GreetingName.bit()
            | EntityKind::TitledName.bit()
            | EntityKind::DoctorName.bit()
            | EntityKind::FullName.bit()
            | EntityKind::FirstName.bit();
        let names = (wanted & name_kinds != 0).then(Names::new);
        let acronyms = if wanted & EntityKind::CapsRun.bit() != 0 {
            ACRONYMS.iter().copied().collect()
        } else {
            WordSet::default()
        };
        EntityFinder {
            wanted,
            set,
            regexes,
            names,
            acronyms,
        }
    }

    fn wants(&self, kind: EntityKind) -> bool {
        self.wanted & kind.bit() != 0
    }

    /// Appends every entity found in `text` to `out` (byte offsets into `text`, on char
    /// boundaries), in no particular order.
    pub fn find(&self, text: &str, out: &mut Vec<Entity>) {
        if text.is_empty() || self.wanted == 0 {
            return;
        }
        let base = out.len();
        if let Some(set) = &self.set {
            for i in set.matches(text).iter() {
                let (pat, source, re) = &self.regexes[i];
                let re = re.get_or_init(|| {
                    // The set compiled the same source, so this cannot fail.
                    Regex::new(source).expect("built-in entity regex compiles")
                });
                for m in re.find_iter(text) {
                    if let Some((start, end)) = pat.check(text, m.start(), m.end()) {
                        if start < end {
                            out.push(Entity {
                                kind: pat.kind(),
                                start,
                                end,
                            });
                        }
                    }
                }
            }
        }
        let wants_caps = self.wants(EntityKind::CapsRun);
        if self.names.is_some() || wants_caps {
            let mut words = Vec::with_capacity(text.len() / 5 + 1);
            tokenize(text, &mut words);
            if wants_caps {
                self.caps_runs(text, &words, out);
            }
            if let Some(names) = &self.names {
                names.find(text, &words, self.wanted, out);
            }
        }
        merge_overlaps(out, base);
    }

    /// Runs of ≥3 all-caps words of ≥2 letters. Acronyms, single letters and words with digits
    /// neither count nor break a run; a word with a lower-case letter, a line break or a
    /// placeholder does.
    fn caps_runs(&self, text: &str, words: &[Word], out: &mut Vec<Entity>) {
        let mut count = 0;
        let mut start = 0;
        let mut end = 0;
        let flush = |count: &mut usize, start: usize, end: usize, out: &mut Vec<Entity>| {
            if *count >= 3 {
                out.push(Entity {
                    kind: EntityKind::CapsRun,
                    start,
                    end,
                });
            }
            *count = 0;
        };
        for w in words {
            if count > 0 && text[end..w.start].contains(['\n', PLACEHOLDER]) {
                flush(&mut count, start, end, out);
            }
            if w.has(HAS_DIGIT) {
                continue;
            }
            if w.has(HAS_LOWER) || !w.has(HAS_UPPER) {
                flush(&mut count, start, end, out);
                continue;
            }
            let s = &text[w.start..w.name_end];
            if s.chars().count() < 2 || self.is_acronym(s) {
                continue;
            }
            if count == 0 {
                start = w.start;
            }
            count += 1;
            end = w.end;
        }
        flush(&mut count, start, end, out);
    }

    fn is_acronym(&self, s: &str) -> bool {
        self.acronyms.contains(s)
            || (s.len() > 2 && s.ends_with('S') && self.acronyms.contains(&s[..s.len() - 1]))
    }
}

/// Digits of a phone number, last 10 only (for comparing with the practice's configured phones).
pub fn phone_digits(s: &str) -> String {
    let mut d: String = s.chars().filter(char::is_ascii_digit).collect();
    if d.len() > 10 {
        d.drain(..d.len() - 10);
    }
    d
}

/// Sorts the entities pushed since `base` and merges overlapping spans of one kind, so that
/// "in March" and "March 4" become one date, without touching what the caller had in `out`.
fn merge_overlaps(out: &mut Vec<Entity>, base: usize) {
    let new = &mut out[base..];
    if new.len() < 2 {
        return;
    }
    new.sort_unstable_by_key(|e| (e.kind, e.start, e.end));
    let mut w = 0;
    for r in 1..new.len() {
        let e = new[r];
        if e.kind == new[w].kind && e.start < new[w].end {
            new[w].end = new[w].end.max(e.end);
        } else {
            w += 1;
            new[w] = e;
        }
    }
    out.truncate(base + w + 1);
}

/// The matching view's stand-in for a template placeholder; never part of an entity.
const PLACEHOLDER: char = '\u{E000}';

// ---------------------------------------------------------------------------------------------
// Regex finders
// ---------------------------------------------------------------------------------------------

const MONTHS_FULL: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTHS_ABBR: &str = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
/// Misspellings common enough in hurried replies to be worth catching.
const MONTHS_TYPO: &str = "Febuary|Feburary|Janurary|Januray|Agust|Setember|Ocotber|Novemeber";
const WEEKDAYS: &str = "(?i-u:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\
                        |Mon|Tues|Tue|Weds|Wed|Thurs|Thur|Thu|Fri|Sat|Sun";
/// Chars that end a URL: whitespace, quotes, brackets, and the placeholder char.
const URL_TAIL: &str = r#"[^\s<>"'`(){}\[\]|\\^\x{E000}]"#;
const STATES_ABBR: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|\
                           MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|\
                           VA|WA|WV|WI|WY|PR|VI|GU";
const STATES_FULL: &str = "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|\
                           Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|\
                           Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|\
                           Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|\
                           New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|\
                           Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|\
                           Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming";

/// One regex finder; `check` validates and trims each of its raw matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pat {
    Phone,
    PhoneBare,
    Email,
    UrlScheme,
    UrlWww,
    UrlBare,
    DateSlash,
    DateDash,
    DateDot,
    DateMonthDay,
    DateDayMonth,
    DateMonth,
    DateWeekday,
    DateRelative,
    DateOrdinal,
    DateYear,
    DateHoliday,
    TimeClock,
    TimeAmPm,
    TimeNoon,
    Money,
    MoneyWords,
    Percent,
    Ssn,
    SsnLabelled,
    IdNumber,
    Zip,
    Address,
    PoBox,
    RepeatedPunct,
}

impl Pat {
    const ALL: [Pat; 30] = [
        Pat::Phone,
        Pat::PhoneBare,
        Pat::Email,
        Pat::UrlScheme,
        Pat::UrlWww,
        Pat::UrlBare,
        Pat::DateSlash,
        Pat::DateDash,
        Pat::DateDot,
        Pat::DateMonthDay,
        Pat::DateDayMonth,
        Pat::DateMonth,
        Pat::DateWeekday,
        Pat::DateRelative,
        Pat::DateOrdinal,
        Pat::DateYear,
        Pat::DateHoliday,
        Pat::TimeClock,
        Pat::TimeAmPm,
        Pat::TimeNoon,
        Pat::Money,
        Pat::MoneyWords,
        Pat::Percent,
        Pat::Ssn,
        Pat::SsnLabelled,
        Pat::IdNumber,
        Pat::Zip,
        Pat::Address,
        Pat::PoBox,
        Pat::RepeatedPunct,
    ];

    fn kind(self) -> EntityKind {
        use EntityKind as K;
        match self {
            Pat::Phone | Pat::PhoneBare => K::Phone,
            Pat::Email => K::Email,
            Pat::UrlScheme | Pat::UrlWww | Pat::UrlBare => K::Url,
            Pat::DateSlash
            | Pat::DateDash
            | Pat::DateDot
            | Pat::DateMonthDay
            | Pat::DateDayMonth
            | Pat::DateMonth
            | Pat::DateWeekday
            | Pat::DateRelative
            | Pat::DateOrdinal
            | Pat::DateYear
            | Pat::DateHoliday => K::Date,
            Pat::TimeClock | Pat::TimeAmPm | Pat::TimeNoon => K::Time,
            Pat::Money | Pat::MoneyWords => K::Money,
            Pat::Percent => K::Percent,
            Pat::Ssn | Pat::SsnLabelled => K::Ssn,
            Pat::IdNumber => K::IdNumber,
            Pat::Zip => K::Zip,
            Pat::Address | Pat::PoBox => K::Address,
            Pat::RepeatedPunct => K::RepeatedPunct,
        }
    }

    /// The regex. ASCII word boundaries only (`(?-u:\b)`) and ASCII-only case folding
    /// (`(?i-u:…)`): the Unicode forms are far slower to build and to run and buy nothing for
    /// digits and English keywords. Prepositions are left to `check`, which looks back for them:
    /// optional prefixes in every date regex made the set's automaton several times larger.
    fn source(self) -> String {
        let month = format!("(?:{MONTHS_FULL}|{MONTHS_ABBR}|{MONTHS_TYPO})(?-u:\\b)");
        let b = r"(?-u:\b)";
        match self {
            Pat::Phone => format!(
                r"(?:\+1[ .-]?|{b}1[ .-])?(?:\([0-9]{{3}}\)[ ]?[0-9]{{3}}[ .-][0-9]{{4}}|{b}[0-9]{{3}}-[0-9]{{3}}-[0-9]{{4}}|{b}[0-9]{{3}}\.[0-9]{{3}}\.[0-9]{{4}}|{b}[0-9]{{3}} [0-9]{{3}} [0-9]{{4}})"
            ),
            Pat::PhoneBare => format!(r"(?:\+1[ ]?|{b}1?)[0-9]{{10}}{b}"),
            Pat::Email => format!(
                r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{{2,24}}{b}"
            ),
            Pat::UrlScheme => format!(r"(?i-u:https?|ftp)://{URL_TAIL}+"),
            Pat::UrlWww => {
                format!(r"{b}(?i-u:www)\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]{URL_TAIL}*)?")
            }
            // Lower-case TLDs only: "done.Next" or "Dr.Lee" are typos, not hosts.
            Pat::UrlBare => format!(
                r"{b}[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.(?:com|org|net|edu|gov|us|uk|io|co|info|biz|app|health|care|clinic|dental|doctor|md|example){b}(?:/{URL_TAIL}*)?"
            ),
            Pat::DateSlash => {
                format!(r"{b}[0-9]{{1,2}}/[0-9]{{1,2}}(?:/(?:[0-9]{{4}}|[0-9]{{2}}))?{b}")
            }
            Pat::DateDash => format!(
                r"{b}(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}-[0-9]{{1,2}}-(?:[0-9]{{4}}|[0-9]{{2}})){b}"
            ),
            Pat::DateDot => format!(r"{b}[0-9]{{1,2}}\.[0-9]{{1,2}}\.[0-9]{{4}}{b}"),
            Pat::DateMonthDay => {
                format!(r"{b}{month}\.?[ ]+[0-9]{{1,2}}(?:st|nd|rd|th)?{b}(?:,?[ ]+[0-9]{{4}}{b})?")
            }
            Pat::DateDayMonth => format!(
                r"{b}[0-9]{{1,2}}(?:st|nd|rd|th)?[ ]+(?:(?i-u:of)[ ]+)?{month}(?:,?[ ]+[0-9]{{4}}{b})?"
            ),
            Pat::DateMonth => format!(
                r"{b}(?:{MONTHS_FULL}|{MONTHS_TYPO}|Sept){b}(?:,?[ ]+(?:19|20)[0-9]{{2}}{b})?"
            ),
            Pat::DateWeekday => {
                format!(r"{b}(?:{WEEKDAYS}){b}(?:[ ]+(?i-u:morning|afternoon|evening|night){b})?")
            }
            Pat::DateRelative => format!(
                r"{b}(?i-u:(?:this|yesterday|tomorrow|that)[ ]+(?:morning|afternoon|evening)|that[ ]+night|last[ ]+(?:night|week|weekend|month|year|spring|summer|fall|autumn|winter)|earlier[ ]+(?:today|this[ ]+(?:morning|afternoon|week|month|year))|later[ ]+today|the[ ]+other[ ]+day|(?:the[ ]+)?day[ ]+before[ ]+yesterday|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|(?:a[ ]+)?few|(?:a[ ]+)?couple(?:[ ]+of)?|[0-9]{{1,2}})[ ]+(?:days?|weeks?|months?|years?)[ ]+ago|yesterday|today|tonight|tomorrow){b}"
            ),
            Pat::DateOrdinal => format!(r"{b}(?i-u:the)[ ]+[0-9]{{1,2}}(?:st|nd|rd|th){b}"),
            Pat::DateYear => format!(r"{b}(?:19|20)[0-9]{{2}}{b}"),
            Pat::DateHoliday => format!(
                r"{b}(?:(?i-u:the)[ ]+)?(?:New Year's(?:[ ]+(?:Day|Eve))?|Christmas(?:[ ]+(?:Day|Eve))?|Thanksgiving(?:[ ]+Day)?|Easter(?:[ ]+Sunday)?|Memorial Day|Labor Day|Independence Day|(?:Fourth|4th) of July|Halloween|Valentine's Day|Mother's Day|Father's Day|Veterans Day|Presidents' Day|Juneteenth|Black Friday){b}"
            ),
            Pat::TimeClock => format!(
                r"{b}[0-9]{{1,2}}:[0-5][0-9](?:[ ]?(?i-u:am|pm){b}|[ ]?(?i-u:a\.m\.|p\.m\.))?"
            ),
            Pat::TimeAmPm => {
                format!(r"{b}[0-9]{{1,2}}(?:[ ]?(?i-u:am|pm){b}|[ ]?(?i-u:a\.m\.|p\.m\.))")
            }
            Pat::TimeNoon => format!(r"{b}(?i-u:noon|midnight){b}"),
            Pat::Money => format!(
                r"\$[ ]?(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]{{2}})?{b}|[0-9]+(?:\.[0-9]{{1,2}})?(?:[ ]?(?i-u:k|million|thousand|billion){b})?)"
            ),
            Pat::MoneyWords => format!(
                r"{b}[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]{{1,2}})?[ ]+(?i-u:dollars?|bucks|cents|usd){b}"
            ),
            Pat::Percent => {
                format!(r"{b}[0-9]+(?:\.[0-9]+)?(?:[ ]?%|[ ]+(?i-u:percent|per[ ]+cent|pct){b})")
            }
            Pat::Ssn => format!(r"{b}[0-9]{{3}}-[0-9]{{2}}-[0-9]{{4}}{b}"),
            Pat::SsnLabelled => format!(
                r"{b}(?i-u:ssn|ss#|social[ ]+security(?:[ ]+(?:number|no\.?|#))?)(?:[ ]*[:#]|[ ]+(?i-u:is|of))?[ ]*(?:[0-9]{{9}}|[0-9]{{3}}[ ][0-9]{{2}}[ ][0-9]{{4}}|[0-9]{{3}}-[0-9]{{2}}-[0-9]{{4}}){b}"
            ),
            Pat::IdNumber => format!(
                r"{b}(?i-u:medical[ ]+record|mrn|chart|patient[ ]+(?:id|account)|member(?:[ ]+id)?|subscriber(?:[ ]+id)?|policy|claim|account|acct|invoice|statement|(?:medicaid|medicare|insurance)[ ]+id|id|rx|prescription|license|licence|serial|group|case){b}[ ]*(?:(?i-u:number|num|nbr|no)\.?[ ]*)?[#:]?[ ]*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            ),
            Pat::Zip => format!(
                r"{b}(?:(?:{STATES_ABBR})|(?:{STATES_FULL})|(?i-u:zip(?:[ ]*code)?|postal[ ]+code)[ ]*:?),?[ ]+[0-9]{{5}}(?:-[0-9]{{4}})?{b}"
            ),
            Pat::Address => format!(
                r"{b}[0-9]{{1,6}}[A-Za-z]?(?:-[0-9]{{1,4}})?[ ]+(?:(?:[NSEW]\.?|North|South|East|West)[ ]+)?(?:(?:[A-Z][A-Za-z'-]*|[0-9]{{1,3}}(?:st|nd|rd|th))[ ]+){{1,3}}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Plaza|Pike|Loop){b}\.?(?:,?[ ]+(?:(?:Apt|Suite|Ste|Unit|Bldg|Fl)\.?|#)[ ]*[A-Za-z0-9-]+)?"
            ),
            Pat::PoBox => {
                format!(r"{b}(?i-u:p\.?[ ]?o\.?[ ]+box|post[ ]+office[ ]+box)[ ]+[0-9]+{b}")
            }
            Pat::RepeatedPunct => r"[!?]{2,}|[\x{203C}\x{2047}-\x{2049}]+".into(),
        }
    }

    /// Validates one raw match and returns the span to report, or `None`. The span may be
    /// trimmed (URL punctuation), narrowed (a ZIP without its state) or widened to take in a
    /// deictic word ("last Tuesday", "early March"); prepositions are context, never span.
    fn check(self, text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
        let m = &text[s..e];
        match self {
            Pat::Phone => (num_left_ok(text, s) && num_right_ok(text, e)).then_some((s, e)),
            Pat::PhoneBare => {
                let ok = num_left_ok(text, s)
                    && num_right_ok(text, e)
                    && (m.starts_with('+') || cue_before(text, s, 32, PHONE_CUES));
                ok.then_some((s, e))
            }
            Pat::Email => {
                let left = prev_char(text, s).is_none_or(|c| !is_email_char(c));
                let right = next_char(text, e) != Some('@');
                (left && right).then_some((s, e))
            }
            Pat::UrlScheme => {
                let end = trim_url_tail(text, s, e);
                (end > s + m.find("://").unwrap_or(0) + 3).then_some((s, end))
            }
            Pat::UrlWww => {
                let left = prev_char(text, s).is_none_or(|c| !"/@.:-_".contains(c));
                left.then_some((s, trim_url_tail(text, s, e)))
            }
            Pat::UrlBare => {
                let left = prev_char(text, s).is_none_or(|c| !"/@.:-_".contains(c));
                let right = next_char(text, e) != Some('@');
                let www = m.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
                let host_end = m.find('/').unwrap_or(m.len());
                let tld_start = m[..host_end].rfind('.').unwrap_or(0);
                let lettered = m[..tld_start].bytes().any(|b| b.is_ascii_alphabetic());
                (left && right && !www && lettered).then(|| (s, trim_url_tail(text, s, e)))
            }
            Pat::DateSlash => check_numeric_date(text, s, e, b'/'),
            Pat::DateDash => check_numeric_date(text, s, e, b'-'),
            Pat::DateDot => check_numeric_date(text, s, e, b'.'),
            Pat::DateMonthDay => {
                let day = first_number(m)?;
                let right = match next_char(text, e) {
                    Some('%') => false,
                    Some(':') => !next_char(text, e + 1).is_some_and(|c| c.is_ascii_digit()),
                    _ => true,
                };
                ((1..=31).contains(&day) && right).then_some((s, e))
            }
            Pat::DateDayMonth => {
                let day = first_number(m)?;
                let start = prep_start(text, s, &["the"]).unwrap_or(s);
                (1..=31).contains(&day).then_some((start, e))
            }
            Pat::DateMonth => {
                // A bare month name ("May is…") is not a date; a preposition, a modifier
                // ("early March", "mid-March") or a year makes it one.
                let has_year = m.bytes().any(|b| b.is_ascii_digit());
                let modifier = prep_start(text, s, MONTH_MODIFIERS).or_else(|| {
                    (text[..s].ends_with('-')).then(|| prep_start(text, s - 1, MONTH_MODIFIERS))?
                });
                let lead = modifier.unwrap_or(s);
                let prep = prep_start(text, lead, MONTH_PREPS);
                let start = prep.map_or(lead, |p| date_start(text, p, lead));
                (has_year || modifier.is_some() || prep.is_some()).then_some((start, e))
            }
            Pat::DateWeekday => {
                if weekday_range_follows(text, e) {
                    return None;
                }
                if let Some(p) = prep_start(text, s, WEEKDAY_PREPS) {
                    // "this past Tuesday"
                    let p = if text[p..s].trim_end().eq_ignore_ascii_case("past") {
                        prep_start(text, p, &["this"]).unwrap_or(p)
                    } else {
                        p
                    };
                    return Some((date_start(text, p, s), e));
                }
                // Without a preposition only "Tuesday night" (not "every Tuesday night").
                let day_len = m.find(' ')?;
                (day_len >= 6 && !eq_any(word_before(text, s), RECURRING)).then_some((s, e))
            }
            Pat::DateRelative => Some((s, e)),
            Pat::DateHoliday => {
                prep_start(text, s, HOLIDAY_PREPS).map(|p| (date_start(text, p, s), e))
            }
            Pat::TimeNoon => prep_start(text, s, &["at", "around"]).map(|_| (s, e)),
            Pat::DateOrdinal => check_ordinal(text, s, e),
            Pat::DateYear => {
                prep_start(text, s, YEAR_PREPS)?;
                let ok = match next_char(text, e) {
                    Some('%' | '+') => false,
                    Some(',' | '.' | '-') => {
                        !next_char(text, e + 1).is_some_and(|c| c.is_ascii_digit())
                    }
                    _ => true,
                };
                let next = word_after(text, e);
                let plural_noun = next.len() > 3
                    && next.ends_with('s')
                    && !next.ends_with("ss")
                    && next.bytes().all(|b| b.is_ascii_lowercase())
                    && !eq_any(next, &["this", "thus", "always", "perhaps"]);
                (ok && !plural_noun).then_some((s, e))
            }
            Pat::TimeClock => {
                let hour = first_number(m)?;
                let ampm = m.bytes().any(|b| b.eq_ignore_ascii_case(&b'm'));
                let valid = if ampm {
                    (1..=12).contains(&hour)
                } else {
                    hour <= 23
                };
                let left = prev_char(text, s).is_none_or(|c| !":./,".contains(c));
                let right = match next_char(text, e) {
                    Some(':' | '%') => false,
                    Some(c) => !c.is_ascii_digit(),
                    None => true,
                };
                (valid && left && right).then_some((s, e))
            }
            Pat::TimeAmPm => {
                let hour = first_number(m)?;
                let left = prev_char(text, s).is_none_or(|c| !":./,$".contains(c));
                ((1..=12).contains(&hour) && left).then_some((s, e))
            }
            Pat::Money | Pat::MoneyWords | Pat::Percent | Pat::RepeatedPunct => Some((s, e)),
            Pat::Ssn => {
                let ok = num_left_ok(text, s)
                    && num_right_ok(text, e)
                    && valid_ssn(m)
                    && !cue_before(text, s, 28, NOT_SSN_LABELS);
                ok.then_some((s, e))
            }
            Pat::SsnLabelled => {
                let d = m.find(|c: char| c.is_ascii_digit())?;
                valid_ssn(&m[d..]).then_some((s + d, e))
            }
            Pat::IdNumber => check_id_number(m).then_some((s, e)),
            Pat::Zip => {
                let d = m.rfind(|c: char| !(c.is_ascii_digit() || c == '-'))? + 1;
                let zip = &m[d..];
                let right = !(next_char(text, e) == Some('-')
                    && next_char(text, e + 1).is_some_and(|c| c.is_ascii_digit()));
                (right && !zip.starts_with("00000")).then_some((s + d, e))
            }
            Pat::Address => {
                let left = prev_char(text, s).is_none_or(|c| !":./,$#-".contains(c));
                left.then_some((s, e))
            }
            Pat::PoBox => Some((s, e)),
        }
    }
}

/// Words before a date that make it one: without one, a bare month, weekday, year, holiday
/// or "noon" is not a date or time, and a bare "3/4" has to pass the score and fraction checks.
#[rustfmt::skip]
const NUM_DATE_PREPS: &[&str] = &[
    "on", "by", "since", "until", "till", "before", "after", "from", "dated", "of",
];
#[rustfmt::skip]
const MONTH_PREPS: &[&str] = &[
    "in", "since", "during", "until", "till", "by", "before", "after", "from", "of", "last",
    "this", "next", "through", "thru",
];
const MONTH_MODIFIERS: &[&str] = &["early", "late", "mid"];
#[rustfmt::skip]
const WEEKDAY_PREPS: &[&str] = &[
    "on", "last", "this", "next", "past", "since", "by", "until", "till", "before", "after", "that",
];
#[rustfmt::skip]
const ORDINAL_PREPS: &[&str] = &[
    "on", "by", "since", "until", "till", "before", "after", "from",
];
#[rustfmt::skip]
const YEAR_PREPS: &[&str] = &[
    "in", "since", "from", "during", "until", "till", "by", "before", "after", "of", "around",
    "circa", "through",
];
#[rustfmt::skip]
const HOLIDAY_PREPS: &[&str] = &[
    "on", "over", "at", "before", "after", "since", "during", "by", "until", "around", "this",
    "last", "for",
];

/// Words before a bare ten-digit number that make it a phone number.
#[rustfmt::skip]
const PHONE_CUES: &[&str] = &[
    "call", "calling", "text", "txt", "phone", "tel", "cell", "mobile", "number", "fax", "reach",
    "at", "dial", "contact", "voicemail", "sms", "ph",
];
/// Labels that make ddd-dd-dddd something other than an SSN.
#[rustfmt::skip]
const NOT_SSN_LABELS: &[&str] = &[
    "order", "confirmation", "tracking", "invoice", "ref", "reference", "item", "part", "sku",
    "model", "serial", "ticket", "case", "claim", "policy", "account", "acct", "member", "lot",
    "batch", "rx", "mrn", "chart", "po",
];
/// Words before a weekday that make it a schedule, not a date.
#[rustfmt::skip]
const RECURRING: &[&str] = &[
    "every", "each", "any", "most", "some", "all", "weekly",
];
/// Words before an un-prepositioned m/d that make it a score or fraction ("rated 5/5").
#[rustfmt::skip]
const SCORE_PREV: &[&str] = &[
    "a", "an", "rated", "rate", "rating", "ratings", "score", "scored", "scores", "gave", "give",
    "given", "giving", "got", "get", "approximately", "nearly", "almost", "only", "roughly",
    "solid", "perfect", "out", "pain", "level", "just", "step", "steps", "page", "pages", "part",
    "question", "item", "number", "no", "phase", "round", "size",
];
/// Words after an un-prepositioned m/d that make it a score, fraction or ratio.
#[rustfmt::skip]
const SCORE_NEXT: &[&str] = &[
    "stars", "star", "points", "point", "pts", "rating", "score", "of", "off", "hour", "hours",
    "hr", "hrs", "minute", "minutes", "inch", "inches", "in", "mile", "miles", "lb", "lbs", "oz",
    "cup", "cups", "tsp", "tbsp", "mg", "ml", "cc", "dose", "doses", "tablet", "tablets", "pill",
    "pills", "teaspoon", "pain", "would", "recommend", "vision", "split", "chance", "odds", "ratio",
    "times", "majority", "patients", "people", "dentists", "doctors", "adults", "kids", "children",
    "parents", "reviews", "scale", "service", "experience", "care", "visit", "stars!",
];
/// Nouns after "the 4th" that make it an ordinal, not a day of the month.
#[rustfmt::skip]
const ORDINAL_NOUNS: &[&str] = &[
    "floor", "time", "times", "grade", "grader", "year", "years", "century", "street", "st",
    "avenue", "ave", "road", "rd", "place", "birthday", "anniversary", "row", "round", "day",
    "week", "month", "visit", "appointment", "session", "attempt", "edition", "annual", "largest",
    "best", "most", "percentile", "inning", "quarter", "trimester", "tooth", "molar", "patient",
    "person", "caller", "amendment", "ward", "district", "level", "step", "generation", "chapter",
    "page", "period", "hole", "cycle", "dose", "shot", "child", "baby", "kid", "opinion", "place",
    "procedure", "surgery", "degree",
];

fn is_email_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-".contains(c)
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn next_char(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|t| t.chars().next())
}

/// Nothing number-like glued to the left of a number: letters, digits, or `-./$#_@`
/// (so order numbers "A5550102000", "#555-010-2000" and longer digit strings stay out).
fn num_left_ok(text: &str, s: usize) -> bool {
    match prev_char(text, s) {
        None => true,
        Some(c) if c.is_alphanumeric() || "-./$#_@".contains(c) => false,
        Some(',') => !prev_char(text, s - 1).is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Nothing number-like glued to the right: letters, digits, `%`, `@`, or a separator that
/// continues with a digit ("2000-1", "2000.5").
fn num_right_ok(text: &str, e: usize) -> bool {
    match next_char(text, e) {
        None => true,
        // A phone extension: "555-123-4567x3".
        Some('x') => next_char(text, e + 1).is_some_and(|c| c.is_ascii_digit()),
        Some(c) if c.is_alphanumeric() || c == '%' || c == '@' || c == '_' => false,
        Some(c) if "-/.,:".contains(c) => {
            !next_char(text, e + 1).is_some_and(|d| d.is_alphanumeric())
        }
        Some(_) => true,
    }
}

/// Drops sentence punctuation and unbalanced closing brackets from the end of a URL.
fn trim_url_tail(text: &str, s: usize, mut e: usize) -> usize {
    let b = text.as_bytes();
    while e > s {
        let c = b[e - 1];
        let unbalanced = c == b')' && !text[s..e].contains('(');
        if b".,;:!?'\"*_]}".contains(&c) || unbalanced {
            e -= 1;
        } else {
            break;
        }
    }
    e
}

/// The first run of ASCII digits in `s`, parsed (at most 9 digits, so no overflow).
fn first_number(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    let i = b.iter().position(u8::is_ascii_digit)?;
    let mut n: u32 = 0;
    for &d in b[i..].iter().take_while(|d| d.is_ascii_digit()).take(9) {
        n = n * 10 + u32::from(d - b'0');
    }
    Some(n)
}

/// Byte span of the ASCII word (letters and apostrophes) that ends just before `pos`, spaces
/// skipped; empty when something else comes first.
fn word_before_span(text: &str, pos: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut e = pos;
    while e > 0 && (b[e - 1] == b' ' || b[e - 1] == b'\t') {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && (b[s - 1].is_ascii_alphabetic() || b[s - 1] == b'\'') {
        s -= 1;
    }
    (s, e)
}

/// The ASCII word that ends just before `pos`, spaces skipped.
fn word_before(text: &str, pos: usize) -> &str {
    let (s, e) = word_before_span(text, pos);
    &text[s..e]
}

/// Where a date or time span starts once its context word at `p` is known: deictic words
/// ("last Tuesday", "this morning", "early March") belong to the date; prepositions ("on 3/4",
/// "since 2013") only qualify it and stay out, so the span is the date itself.
fn date_start(text: &str, p: usize, s: usize) -> usize {
    if eq_any(word_after(text, p), DEICTIC) {
        p
    } else {
        s
    }
}

/// Words that are part of a relative date, not just context for it.
#[rustfmt::skip]
const DEICTIC: &[&str] = &[
    "last", "this", "next", "past", "that", "early", "late", "mid",
];

/// Where the word before `pos` starts, when it is one of `preps` and a word boundary precedes it.
fn prep_start(text: &str, pos: usize, preps: &[&str]) -> Option<usize> {
    let (s, e) = word_before_span(text, pos);
    let bounded = !prev_char(text, s).is_some_and(char::is_alphanumeric);
    (bounded && eq_any(&text[s..e], preps)).then_some(s)
}

/// The ASCII word (letters and apostrophes) that starts just after `pos`, spaces skipped.
fn word_after(text: &str, pos: usize) -> &str {
    let b = text.as_bytes();
    let mut s = pos;
    while s < b.len() && (b[s] == b' ' || b[s] == b'\t') {
        s += 1;
    }
    let mut e = s;
    while e < b.len() && (b[e].is_ascii_alphabetic() || b[e] == b'\'') {
        e += 1;
    }
    &text[s..e]
}

fn eq_any(word: &str, list: &[&str]) -> bool {
    !word.is_empty() && list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// True when one of `cues` appears as a whole word in the `window` bytes before `pos`.
fn cue_before(text: &str, pos: usize, window: usize, cues: &[&str]) -> bool {
    let mut s = pos.saturating_sub(window);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    text[s..pos]
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '#'))
        .any(|w| eq_any(w, cues))
}

fn days_in_month(m: u32) -> u32 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn valid_md(m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(m)
}

/// `3/4`, `03/04/2025`, `2025-03-04`, `03.04.2025`: valid parts, nothing number-like glued on,
/// and for a bare m/d (no year, no preposition) no sign of a score or fraction.
fn check_numeric_date(text: &str, s: usize, e: usize, sep: u8) -> Option<(usize, usize)> {
    let has_prep = prep_start(text, s, NUM_DATE_PREPS).is_some();
    if prev_char(text, s).is_some_and(|c| "/.:-$#,".contains(c)) {
        return None;
    }
    match next_char(text, e) {
        Some('/' | '%') => return None,
        Some('.' | ',' | '-' | ':')
            if next_char(text, e + 1).is_some_and(|c| c.is_ascii_digit()) =>
        {
            return None
        }
        _ => {}
    }
    let mut parts = [0u32; 3];
    let mut lens = [0usize; 3];
    let mut n = 0;
    for p in text[s..e].split(sep as char) {
        if n == 3 {
            return None;
        }
        parts[n] = first_number(p)?;
        lens[n] = p.len();
        n += 1;
    }
    match n {
        3 if lens[0] == 4 => {
            ((1900..=2100).contains(&parts[0]) && valid_md(parts[1], parts[2])).then_some((s, e))
        }
        3 => {
            let year_ok = lens[2] == 2 || (1900..=2100).contains(&parts[2]);
            let md = valid_md(parts[0], parts[1]) || valid_md(parts[1], parts[0]);
            (year_ok && md).then_some((s, e))
        }
        2 if sep == b'/' => {
            if !valid_md(parts[0], parts[1]) {
                return None;
            }
            if has_prep {
                return Some((s, e));
            }
            let score = parts[0] == parts[1] && (parts[0] == 5 || parts[0] == 10);
            let fraction_after_number = word_before(text, s).is_empty()
                && text[..s]
                    .trim_end_matches([' ', '\t'])
                    .ends_with(|c: char| c.is_ascii_digit());
            let bad = score
                || fraction_after_number
                || eq_any(word_before(text, s), SCORE_PREV)
                || eq_any(word_after(text, e), SCORE_NEXT);
            (!bad).then_some((s, e))
        }
        _ => None,
    }
}

/// "the 12th", "on the 14th": a day of the month, not "the 4th floor" or "the 2nd time".
fn check_ordinal(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let m = &text[s..e];
    let day = first_number(m)?;
    if !(1..=31).contains(&day) || next_char(text, e) == Some('-') {
        return None;
    }
    let next = word_after(text, e);
    if eq_any(next, ORDINAL_NOUNS) {
        return None;
    }
    if prep_start(text, s, ORDINAL_PREPS).is_some() {
        return Some((s, e));
    }
    // Without a preposition only a phrase-final ordinal or "the 4th of …" counts.
    let rest = text[e..].trim_start_matches([' ', '\t']);
    let ok = rest.is_empty()
        || rest.starts_with(|c: char| ".,;:!?)\n".contains(c))
        || next.eq_ignore_ascii_case("of");
    ok.then_some((s, e))
}

/// Weekday names, short forms and plurals, for spotting a range ("Monday–Friday").
#[rustfmt::skip]
const WEEKDAY_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun", "mondays", "tuesdays",
    "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
];

/// "Monday–Friday", "Monday through Thursday", "Mon/Wed": a schedule, not a date.
fn weekday_range_follows(text: &str, e: usize) -> bool {
    let rest = &text[e..];
    let r = rest.trim_start_matches([' ', '\t']);
    let after = if let Some(c) = r
        .chars()
        .next()
        .filter(|c| "-\u{2013}\u{2014}/&".contains(*c))
    {
        // A dash is a range only when a weekday follows ("on Friday — Dr. Lee…" is a clause break).
        &r[c.len_utf8()..]
    } else {
        let w = word_after(r, 0);
        if eq_any(w, &["through", "thru", "to", "and", "or", "till", "until"]) {
            &r[w.len()..]
        } else {
            return false;
        }
    };
    eq_any(
        word_after(after.trim_start_matches([' ', '\t']), 0),
        WEEKDAY_WORDS,
    )
}

/// Area not 000/666/9xx, group not 00, serial not 0000.
fn valid_ssn(s: &str) -> bool {
    let mut d = [0u8; 9];
    let mut n = 0;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        if n == 9 {
            return false;
        }
        d[n] = b - b'0';
        n += 1;
    }
    if n != 9 {
        return false;
    }
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    area != 0 && area != 666 && area < 900 && d[3..5] != [0, 0] && d[5..] != [0, 0, 0, 0]
}

/// A labelled identifier: the code has ≥4 alphanumerics with ≥3 digits, and either a
/// separator (`#`, `:`, "number", "no.") or a label that is an identifier by itself (MRN, … ID).
fn check_id_number(m: &str) -> bool {
    let code_start = m
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(0, |i| i + 1);
    let code = &m[code_start..];
    let label = &m[..code_start];
    let alnum = code.bytes().filter(u8::is_ascii_alphanumeric).count();
    let digits = code.bytes().filter(u8::is_ascii_digit).count();
    if code_start == 0 || alnum < 4 || digits < 3 {
        return false;
    }
    let has_sep = label.contains(['#', ':'])
        || label
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| eq_any(w, &["number", "num", "nbr", "no"]));
    let strong = label
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| eq_any(w, &["mrn", "id"]))
        || label.to_ascii_lowercase().starts_with("medical");
    has_sep || strong
}

// ---------------------------------------------------------------------------------------------
// Words: names and all-caps runs
// ---------------------------------------------------------------------------------------------

const HAS_LOWER: u8 = 1;
const HAS_UPPER: u8 = 2;
const HAS_DIGIT: u8 = 4;
const UPPER_FIRST: u8 = 8;

/// A word: a run of letters, digits and combining marks, with inner `'` and `-` kept
/// ("O'Brien", "Mary-Kate", "don't"). `name_end` drops a possessive "'s".
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    name_end: usize,
    flags: u8,
}

impl Word {
    fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// Capitalised like a name: upper-case first letter and some lower-case letter.
    fn is_cap(&self) -> bool {
        self.has(UPPER_FIRST) && self.has(HAS_LOWER) && !self.has(HAS_DIGIT)
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Word-char flags of each ASCII byte (0 = not a word char).
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_lowercase() {
            HAS_LOWER
        } else if c.is_ascii_uppercase() {
            HAS_UPPER
        } else if c.is_ascii_digit() {
            HAS_DIGIT
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Flags and byte length of the word char at `i`, or None. ASCII is a table look-up; other
/// chars are decoded, so every boundary is a char boundary.
#[inline(always)]
fn word_char(text: &str, i: usize, marks: bool) -> Option<(u8, usize)> {
    let c = text.as_bytes()[i];
    if c < 0x80 {
        let f = ASCII_CLASS[c as usize];
        return (f != 0).then_some((f, 1));
    }
    let ch = text[i..].chars().next()?;
    (ch.is_alphanumeric() || (marks && is_mark(ch))).then(|| (char_flags(ch), ch.len_utf8()))
}

/// Splits `text` into words: runs of letters, digits and combining marks, with an inner `'` or
/// `-` kept when a word char follows it.
fn tokenize(text: &str, out: &mut Vec<Word>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if b[i] < 0x80 && ASCII_CLASS[b[i] as usize] == 0 {
            i += 1;
            continue;
        }
        let Some((f0, l0)) = word_char(text, i, false) else {
            i += if b[i] < 0x80 { 1 } else { utf8_len(b[i]) };
            continue;
        };
        let start = i;
        let mut flags = f0 | if f0 == HAS_UPPER { UPPER_FIRST } else { 0 };
        i += l0;
        loop {
            // Tight ASCII run first; it is nearly every byte of an English draft.
            while i < n && b[i] < 0x80 && ASCII_CLASS[b[i] as usize] != 0 {
                flags |= ASCII_CLASS[b[i] as usize];
                i += 1;
            }
            if i >= n {
                break;
            }
            if (b[i] == b'\'' || b[i] == b'-')
                && i + 1 < n
                && word_char(text, i + 1, false).is_some()
            {
                i += 1;
            } else if let Some((f, l)) = word_char(text, i, true).filter(|_| b[i] >= 0x80) {
                flags |= f;
                i += l;
            } else {
                break;
            }
        }
        let w = &b[start..i];
        let name_end = if w.len() > 2 && (w.ends_with(b"'s") || w.ends_with(b"'S")) {
            i - 2
        } else {
            i
        };
        out.push(Word {
            start,
            end: i,
            name_end,
            flags,
        });
    }
}

/// Length of the UTF-8 sequence that starts with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn char_flags(c: char) -> u8 {
    if c.is_numeric() {
        HAS_DIGIT
    } else if c.is_lowercase() {
        HAS_LOWER
    } else if c.is_uppercase() {
        HAS_UPPER
    } else {
        0
    }
}

/// Is the word at `pos` the first of its sentence, line or list item? Looks back past spaces,
/// quotes, brackets, markup leftovers, dashes and symbols to a terminator or the start.
fn is_sentence_start(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev() {
        match c {
            '\n' | '.' | '!' | '?' | ':' | '\u{2026}' => return true,
            ' ' | '\t' | '"' | '\'' | '(' | '[' | '*' | '_' | '#' | '>' | '`' | '-'
            | '\u{2013}' | '\u{2014}' | '\u{2022}' | PLACEHOLDER => {}
            c if c.is_alphanumeric() || c.is_ascii() => return false,
            _ => {}
        }
    }
    true
}

/// Only spaces or tabs between two positions (at least one).
fn spaced(text: &str, a: usize, b: usize) -> bool {
    b > a && text[a..b].bytes().all(|c| c == b' ' || c == b'\t')
}

/// `.` and spaces, or spaces alone, between a title and a name ("Dr. Lee", "Dr Lee", "Dr.Lee").
fn title_gap(text: &str, a: usize, b: usize) -> bool {
    let g = &text[a..b];
    match g.strip_prefix('.') {
        Some(rest) => rest.bytes().all(|c| c == b' ' || c == b'\t'),
        None => spaced(text, a, b),
    }
}

/// Lower-cases an ASCII-ish word into a stack buffer for set look-ups (no allocation).
fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
    let mut buf = [0u8; 32];
    let b = buf.get_mut(..s.len())?;
    for (d, c) in b.iter_mut().zip(s.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    std::str::from_utf8(b).ok().map(f)
}

/// Calls `f` with `s` minus its combining marks ("Jose\u{301}" → "Jose"), built in a stack
/// buffer; false when there are none or the word is too long to be a name.
fn without_marks(s: &str, f: impl FnOnce(&str) -> bool) -> bool {
    let mut buf = [0u8; 48];
    let mut n = 0;
    let mut stripped = false;
    for c in s.chars() {
        if is_mark(c) {
            stripped = true;
            continue;
        }
        let l = c.len_utf8();
        let Some(dst) = buf.get_mut(n..n + l) else {
            return false;
        };
        c.encode_utf8(dst);
        n += l;
    }
    stripped && std::str::from_utf8(&buf[..n]).is_ok_and(f)
}

type WordSet = HashSet<&'static str, crate::hash::Fx>;

/// The first-name lexicon and the word lists the name finders check against.
#[derive(Debug)]
struct Names {
    first: WordSet,
    ambiguous: WordSet,
    stop: WordSet,
    common: WordSet,
    greeting: Regex,
}

/// Personal titles for `titled-name`.
#[rustfmt::skip]
const PERSONAL_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Mister", "MR", "MRS",
];
/// Titles that never start a greeting name or a full name.
#[rustfmt::skip]
const ANY_TITLE: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "mister", "dr", "doctor", "prof", "professor", "nurse", "rev",
    "pastor", "fr", "sgt", "capt", "coach", "judge", "sir", "madam", "dame", "lady", "lord",
    "officer",
];
/// Words before a first name that make it part of a place ("St. Brendan", "Mount Carmel").
#[rustfmt::skip]
const PLACE_PREFIX: &[&str] = &[
    "st", "saint", "ste", "mt", "mount", "fort", "ft", "port", "lake", "san", "santa", "camp",
    "cape", "glen", "los", "las", "el", "la", "point", "lady",
];
/// Capitalised words before a first name that are roles, so the name still counts
/// ("Nurse Kayla", "Baby Liam").
#[rustfmt::skip]
const ROLE_WORDS: &[&str] = &[
    "nurse", "hygienist", "coach", "officer", "manager", "director", "baby", "little", "sister",
    "brother", "aunt", "auntie", "uncle", "grandma", "grandpa", "granny", "nana", "papa", "mom",
    "dad", "cousin", "coordinator", "assistant", "receptionist", "therapist", "counselor",
    "counsellor", "pharmacist", "tech", "technician", "pastor", "chaplain", "provider", "dentist",
    "physician", "surgeon", "specialist", "doula", "midwife", "nanny", "intern", "resident",
    "student", "friend", "patient", "caregiver", "navigator", "advocate", "administrator",
    "supervisor", "scheduler", "rep", "representative", "agent", "teacher", "meet", "ask", "thanks",
    "thank", "congrats", "congratulations", "welcome", "and", "or", "with",
];
/// Words after a sentence-initial first name that show it is the subject ("Jessica had…").
#[rustfmt::skip]
const VERBISH: &[&str] = &[
    "is", "was", "has", "had", "and", "said", "says", "told", "tells", "called", "calls", "came",
    "comes", "went", "goes", "did", "does", "will", "would", "can", "could", "should", "must",
    "might", "just", "also", "always", "never", "still", "loved", "loves", "asked", "asks",
    "wanted", "wants", "needs", "needed", "got", "gets", "made", "makes", "took", "takes", "saw",
    "sees", "showed", "shows", "gave", "gives", "left", "leaves", "helped", "helps", "worked",
    "works", "who", "mentioned", "shared", "received", "started", "finished", "completed", "hit",
    "reached", "brought", "visited", "walked", "arrived", "stopped", "texted", "emailed", "wrote",
    "posted", "returned", "handled", "treated", "welcomed", "joined", "turned", "celebrated",
    "recovered", "graduated", "isn't", "wasn't", "didn't", "doesn't", "won't", "can't", "hasn't",
    "from", "here", "of",
];
/// Organisation words after a full name that make it a practice or place ("Henry Ford Hospital").
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "dental", "dentistry", "medical", "medicine", "health", "healthcare", "care", "clinic",
    "clinics", "center", "centre", "hospital", "family", "pediatrics", "pediatric", "orthodontics",
    "chiropractic", "counseling", "therapy", "physical", "eye", "vision", "optometry",
    "dermatology", "surgery", "surgical", "plastic", "urgent", "emergency", "pharmacy", "drug",
    "drugs", "recovery", "wellness", "behavioral", "associates", "group", "partners", "practice",
    "office", "institute", "regional", "memorial", "general", "university", "college", "school",
    "foundation", "services", "specialists", "smiles", "orthopedics", "oncology", "cardiology",
    "radiology", "imaging", "lab", "labs", "laboratory", "inc", "llc", "pc", "pllc", "street",
    "avenue", "road", "lane", "drive", "boulevard", "elementary", "middle", "high", "park", "mall",
    "plaza", "church", "hall", "house", "home", "homes", "hospice", "pediatrix", "eyecare",
    "optical", "ortho", "spine", "rehab",
];
/// First names that are also ordinary words, months, places or brands: never a `first-name`
/// on their own, and a `full-name` only mid-sentence.
#[rustfmt::skip]
const AMBIGUOUS_NAMES: &[&str] = &[
    // months, virtues and words
    "May", "Will", "June", "April", "August", "Grace", "Hope", "Joy", "Faith", "Art", "Bill",
    "Mark", "Pat", "Rob", "Sue", "Dawn", "Summer", "Autumn", "Winter", "Sunny", "Rose", "Iris",
    "Page", "Chase", "Hunter", "Bo", "Charity", "Destiny", "Genesis", "Harmony", "Haven", "Heaven",
    "Justice", "Liberty", "Mercy", "Miracle", "Patience", "Precious", "Serenity", "Trinity",
    "Unique", "Journey", "Legend", "Royal", "Messiah", "Major", "Eden", "Christian", "Amber",
    "Angel", "Brandy", "Clay", "Crystal", "Diamond", "Ebony", "Ginger", "Glen", "Ivy", "Laurel",
    "Margarita", "Marina", "Melody", "Misty", "Noel", "Paisley", "Pearl", "Penny", "Raven", "Ray",
    "Reed", "River", "Ruby", "Sage", "Sky", "Skye", "Sterling", "Stone", "Storm", "Willow", "Gray",
    "Grey", "Cash", "Ace", "Chad", "Chance", "Dick", "Earnest", "Gene", "Grant", "King", "Lane",
    "Max", "Miles", "Rich", "Roman", "Maverick", "Long", "Young", "Sol", "Mo", "Al", "Ed", "Lu",
    "Ha", "Min", "Nam", "Jan", "Jun",
    // places and brands
    "Harley", "Mercedes", "Lincoln", "Dallas", "Austin", "Houston", "Denver", "Phoenix", "Orlando",
    "Savannah", "Aurora", "Georgia", "Virginia", "Carolina", "Dakota", "Sierra", "Brooklyn",
    "Kingston", "Asia", "Ford", "Kent",
];
/// Greeting words and vocatives that are not a person's name ("Hi there", "Hello team").
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "there", "everyone", "everybody", "all", "team", "folks", "friend", "friends", "and", "again",
    "so", "for", "both", "y'all", "yall", "ya", "neighbor", "neighbors", "neighbour", "neighbours",
    "guys", "gals", "community", "sir", "sirs", "madam", "ma'am", "maam", "valued", "patient",
    "patients", "customer", "customers", "client", "clients", "reviewer", "reviewers", "member",
    "members", "family", "families", "parent", "parents", "guest", "guests", "visitor", "visitors",
    "you", "u", "much", "dear", "doc", "doctor", "mom", "dad", "mama", "papa", "mommy", "daddy",
    "love", "hun", "honey", "sweetie", "buddy", "pal", "sunshine", "google", "yelp", "facebook",
    "healthgrades", "zocdoc", "user", "anonymous", "name", "world", "staff", "ladies", "gentlemen",
    "gang", "crew", "the", "our", "your", "my", "this", "that", "a", "an", "to", "from", "in", "on",
    "at", "with", "of", "by", "is", "are", "was", "it", "we", "i", "he", "she", "they", "who",
    "what", "how", "why", "when", "where", "not", "no", "yes", "please", "just", "hi", "hello",
    "hey", "thanks", "thank", "happy", "merry", "good", "great", "too", "also", "back", "ok",
    "okay", "well", "oh", "wow", "as", "if", "but", "or", "nor", "be", "been", "very", "here",
    "someone", "somebody", "anyone", "anybody", "people", "person", "owner", "owners", "manager",
    "management", "admin", "all", "again", "you're", "we're", "it's", "i'm", "there's", "let's",
    "one", "each", "every", "some", "any", "many", "most", "more", "much", "such", "these", "those",
    "them", "us", "him", "her", "his", "its", "their", "me", "an", "do", "does", "did", "have",
    "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "now",
    "then", "than", "only", "own", "same", "other", "another", "never", "always", "ever", "because",
    "while", "after", "before", "during", "since", "until", "about", "into", "over", "under", "out",
    "up", "down", "off", "again", "once", "new", "old", "dearest", "beautiful", "lovely",
];
/// Capitalised words that are not surnames: months, days, places, practice and brand words,
/// heading words. Used with `STOPWORDS`, lower-case.
#[rustfmt::skip]
const COMMON_WORDS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "today",
    "tomorrow", "yesterday", "tonight", "christmas", "easter", "thanksgiving", "halloween",
    "holiday", "holidays", "weekend", "morning", "afternoon", "evening", "night", "day", "week",
    "month", "year", "years", "awareness", "birthday", "anniversary", "street", "st", "avenue",
    "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "place",
    "pl", "way", "park", "hills", "hill", "valley", "river", "lake", "creek", "springs", "spring",
    "grove", "heights", "ridge", "village", "town", "city", "county", "township", "square", "plaza",
    "mall", "bay", "beach", "harbor", "harbour", "point", "falls", "mountain", "mount", "north",
    "south", "east", "west", "northwest", "northeast", "southwest", "southeast", "central",
    "downtown", "uptown", "main", "elm", "oak", "maple", "pine", "cedar", "birch", "highway",
    "route", "dental", "dentistry", "medical", "medicine", "health", "healthcare", "care", "clinic",
    "clinics", "center", "centre", "hospital", "pediatrics", "pediatric", "orthodontics",
    "chiropractic", "counseling", "therapy", "physical", "eye", "eyes", "vision", "optometry",
    "dermatology", "surgery", "surgical", "plastic", "cosmetic", "urgent", "emergency", "pharmacy",
    "drug", "drugs", "recovery", "wellness", "behavioral", "mental", "associates", "group",
    "partners", "practice", "office", "institute", "regional", "memorial", "general", "university",
    "college", "school", "foundation", "services", "service", "specialists", "smiles", "smile",
    "teeth", "spine", "orthopedics", "oncology", "cardiology", "radiology", "imaging", "lab",
    "labs", "laboratory", "department", "unit", "wing", "floor", "program", "network", "system",
    "plan", "plans", "insurance", "rewards", "points", "club", "inc", "llc", "pc", "pllc", "md",
    "dds", "dmd", "do", "np", "pa", "rn", "phd", "jr", "sr", "ii", "iii", "iv", "esq", "google",
    "yelp", "facebook", "instagram", "twitter", "tiktok", "youtube", "healthgrades", "zocdoc",
    "realself", "amazon", "visa", "mastercard", "walgreens", "cvs", "walmart", "target", "costco",
    "medicare", "medicaid", "aetna", "cigna", "humana", "kaiser", "blue", "cross", "shield",
    "tricare", "delta", "eyemed", "invisalign", "botox", "venmo", "paypal", "zoom", "uber", "lyft",
    "apple", "android", "iphone", "ipad", "new", "year's", "happy", "merry", "welcome", "meet",
    "update", "updates", "hours", "news", "tips", "tip", "faq", "note", "reminder", "special",
    "specials", "offer", "free", "sale", "open", "closed", "night", "nights", "transformation",
    "throwback", "thursday", "appreciation", "nurses", "week's", "team", "staff", "patients",
    "patient", "doctor", "doctors", "nurse", "front", "desk", "manager", "director", "coordinator",
    "relations", "billing", "scheduling", "spanish", "english", "american", "america", "united",
    "states", "national", "state", "federal", "county's", "community", "church", "chapel", "saint",
    "lady", "hall", "house", "home", "homes", "hospice", "elementary", "middle", "high", "academy",
    "thank", "thanks", "please", "call", "email", "text", "visit", "book", "review", "reviews",
    "star", "stars", "five", "four", "three", "two", "one", "first", "second", "third", "last",
    "next", "best", "bright", "little", "big", "great", "good", "dear", "hi", "hello", "hey", "yes",
    "no", "okay", "ok", "share", "love", "get", "got", "all", "everyone", "you", "your", "we",
    "our", "us", "they", "he", "she", "it", "i", "me", "my", "he's", "she's", "i'm", "you're",
    "we're", "don't", "can't", "won't", "isn't", "wasn't", "didn't", "doesn't", "it's", "that's",
    "hole",
];
/// All-caps words that do not count toward a caps run. Ordinary English words ("DO", "IT",
/// "US", "OR", "AM") are left out on purpose: in capitals they are shouting.
#[rustfmt::skip]
const ACRONYMS: &[&str] = &[
    "HIPAA", "ADA", "DDS", "DMD", "MD", "NP", "PA", "FAQ", "PHI", "COVID", "ER", "ICU", "USA", "OK",
    "PT", "OT", "RN", "CPR", "MRI", "CT", "IOP", "PHP", "MAT", "STD", "STI", "HIV", "AIDS", "PPO",
    "HMO", "EPO", "EOB", "CDC", "FDA", "OCR", "HHS", "CMS", "ADHD", "PTSD", "OCD", "COPD", "LASIK",
    "TMJ", "CBCT", "UTI", "URI", "ENT", "OB", "GYN", "OBGYN", "DPM", "DC", "OD", "PHD", "LCSW",
    "LPC", "LMFT", "LMHC", "PSYD", "MSW", "NPI", "PRN", "BP", "EKG", "ECG", "ED", "IV", "EMS",
    "EMT", "CVS", "GP", "PCP", "SUD", "AMA", "PPE", "CPAP", "CNA", "LPN", "APRN", "FNP", "DNP",
    "CRNA", "OTC", "HSA", "FSA", "ACA", "CHIP", "VA", "AARP", "RX", "DX", "SX", "TX", "HX", "NICU",
    "PICU", "PACU", "SMS", "URL", "QR", "PDF", "ID", "DOB", "SSN", "MRN", "ASAP", "FYI", "LLC",
    "PLLC", "PC", "INC", "MS", "BSN", "RDH", "RDA", "CDA", "MBA", "MPH", "FACS", "FAAP", "FACP",
    "PM", "EST", "PST", "CST", "MST", "NY", "NYC", "LA", "SF", "UK", "TV", "CEO", "CFO", "COO",
    "HR", "AI", "BMI", "EHR", "EMR", "ACL", "MCL", "SPF", "UV", "LED", "IUD", "IVF", "PCOS", "HPV",
    "PREP", "PEP", "SSRI", "MAOI", "CBD", "THC", "DEA", "CPT", "ICD", "HCPCS", "NA", "AA", "DUI",
    "DWI", "GI", "ENT", "PRP", "IPL", "OCT", "VSP", "DO", "PPS",
];

impl Names {
    fn new() -> Self {
        let first = include_str!("../rules/lexicons/first-names.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let greeting = Regex::new(
            r"^[ \t]*(?:[-*>\x{2022}][ \t]+)?(?i-u:hi|hello|hey|hiya|heya|howdy|dear|greetings|good[ ]+(?:morning|afternoon|evening|day)|welcome(?:[ ]+back)?|congrats|congratulations|(?:many[ ]+)?thanks(?:[ ]+(?:so[ ]+much|again|a[ ]+lot|a[ ]+bunch|a[ ]+million))?|thank[ ]+(?:you|u)(?:[ ]+(?:so[ ]+much|very[ ]+much|again))?)(?-u:\b)[ \t]*,?[ \t]*",
        )
        .expect("greeting regex compiles");
        Names {
            first,
            ambiguous: AMBIGUOUS_NAMES.iter().copied().collect(),
            stop: STOPWORDS.iter().copied().collect(),
            common: COMMON_WORDS
                .iter()
                .chain(STOPWORDS)
                .chain(ORG_WORDS)
                .copied()
                .collect(),
            greeting,
        }
    }

    fn is_stop(&self, w: &str) -> bool {
        with_lower(w, |l| self.stop.contains(l)).unwrap_or(false)
    }

    fn is_common(&self, w: &str) -> bool {
        with_lower(w, |l| self.common.contains(l)).unwrap_or(false)
    }

    /// In the lexicon, directly or as the first half of a hyphenated name ("Anne-Marie").
    fn is_first(&self, w: &str) -> bool {
        self.first.contains(w)
            || w.split_once('-').is_some_and(|(a, b)| {
                self.first.contains(a) && b.starts_with(|c: char| c.is_uppercase())
            })
            || (!w.is_ascii() && without_marks(w, |bare| self.first.contains(bare)))
    }

    /// A capitalised word that can be a surname: not a common word, title or placeholder.
    fn is_surname(&self, text: &str, w: &Word) -> bool {
        w.is_cap() && {
            let s = &text[w.start..w.name_end];
            !self.is_common(s) && !eq_any(s, ANY_TITLE)
        }
    }

    /// Greeting names first, then one left-to-right pass: titled and doctor names, full names,
    /// then lone first names outside every span found so far. A greeting "Hi Karen Smith," is
    /// both a greeting name and a full name, so a pack can treat the full name as the graver.
    fn find(&self, text: &str, words: &[Word], wanted: u32, out: &mut Vec<Entity>) {
        // Spans of titled, doctor and full names; greeting names are kept apart.
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut greeted: Vec<(usize, usize)> = Vec::new();
        let push = |kind: EntityKind, start: usize, end: usize, out: &mut Vec<Entity>| {
            if wanted & kind.bit() != 0 {
                out.push(Entity { kind, start, end });
            }
        };
        let word_at = |pos: usize| {
            let i = words.partition_point(|w| w.start < pos);
            (i < words.len() && words[i].start == pos).then_some(i)
        };

        // Greetings open a line: try the anchored regex at each line start whose first
        // visible char can begin one, instead of scanning every byte.
        let mut line = 0;
        loop {
            let rest = &text[line..];
            let first = rest.trim_start_matches([' ', '\t']).bytes().next();
            if first.is_some_and(|c| b"hHdDgGwWcCtTmM-*>\xE2".contains(&c)) {
                if let Some(m) = self.greeting.find(rest) {
                    if let Some(i) = word_at(line + m.end()) {
                        if let Some((s, e)) = self.greeting_name(text, words, i) {
                            push(EntityKind::GreetingName, s, e, out);
                            greeted.push((s, e));
                        }
                    }
                }
            }
            match rest.find('\n') {
                Some(j) => line += j + 1,
                None => break,
            }
        }

        // A first name addressed to the reader after a comma at the end of a sentence
        // ("…hurt, Jane.", "Take care, Priya!") greets them as surely as "Hi Jane,".
        for w in words {
            let name = &text[w.start..w.name_end];
            let before = text[..w.start].trim_end_matches(' ');
            let after = text[w.name_end..].trim_start_matches(' ');
            if w.is_cap()
                && self.is_first(name)
                && before.ends_with(',')
                && after.starts_with(['.', '!', '?'])
                && !greeted
                    .iter()
                    .any(|&(s, e)| s <= w.start && w.name_end <= e)
            {
                // Still a first name too: packs that read first names see it.
                push(EntityKind::GreetingName, w.start, w.name_end, out);
            }
        }

        let mut i = 0;
        while i < words.len() {
            let w = &words[i];
            // Every title and name starts with a capital.
            if !w.has(UPPER_FIRST) {
                i += 1;
                continue;
            }
            let s = &text[w.start..w.end];
            if let Some(last) = self.titled(text, words, i) {
                let kind = if matches!(s, "Dr" | "DR" | "Doctor") {
                    EntityKind::DoctorName
                } else {
                    EntityKind::TitledName
                };
                push(kind, w.start, words[last].name_end, out);
                taken.push((w.start, words[last].name_end));
                i = last + 1;
                continue;
            }
            if let Some((last, end)) = self.full_name(text, words, i, &taken) {
                push(EntityKind::FullName, w.start, end, out);
                taken.push((w.start, end));
                i = last + 1;
                continue;
            }
            if !overlaps(&greeted, w.start, w.end) && self.first_name(text, words, i, &taken) {
                push(EntityKind::FirstName, w.start, w.name_end, out);
            }
            i += 1;
        }
    }

    /// The name after a greeting at a line start, if it is followed by punctuation or the line
    /// end: one capitalised non-stopword, or two when the pair looks like a person's name.
    fn greeting_name(&self, text: &str, words: &[Word], i: usize) -> Option<(usize, usize)> {
        let ok_word = |w: &Word| {
            let s = &text[w.start..w.end];
            w.has(UPPER_FIRST)
                && !w.has(HAS_DIGIT)
                && w.name_end == w.end
                && !self.is_stop(s)
                && !eq_any(s, ANY_TITLE)
        };
        let w1 = &words[i];
        if !ok_word(w1) {
            return None;
        }
        let s1 = &text[w1.start..w1.end];
        let known1 = self.is_first(s1);
        if let Some(w2) = words.get(i + 1) {
            let s2 = &text[w2.start..w2.end];
            if spaced(text, w1.end, w2.start)
                && ok_word(w2)
                && greeting_ends(text, w2.end)
                && (known1 || (!self.is_common(s1) && !self.is_common(s2)))
            {
                return Some((w1.start, w2.end));
            }
        }
        (greeting_ends(text, w1.end) && (known1 || !self.is_common(s1)))
            .then_some((w1.start, w1.end))
    }

    /// `Mr./Mrs./Ms./Miss/Mx.` or `Dr./Doctor` at word `i` followed by a name: the index of the
    /// name's last word.
    fn titled(&self, text: &str, words: &[Word], i: usize) -> Option<usize> {
        let t = &words[i];
        let title = &text[t.start..t.end];
        let doctor = matches!(title, "Dr" | "DR" | "Doctor");
        if !doctor && !PERSONAL_TITLES.contains(&title) {
            return None;
        }
        // "12 Oak Dr" is a street.
        if doctor && i >= 2 && words[i - 1].has(UPPER_FIRST) && words[i - 2].has(HAS_DIGIT) {
            return None;
        }
        let strict = matches!(title, "Doctor" | "Miss" | "Mister");
        let n1 = words.get(i + 1)?;
        if !title_gap(text, t.end, n1.start) {
            return None;
        }
        let s1 = &text[n1.start..n1.name_end];
        let initial = n1.end - n1.start == 1 && n1.has(UPPER_FIRST);
        let name_ok = n1.is_cap()
            && !self.is_stop(s1)
            && !eq_any(s1, ANY_TITLE)
            && (!strict || !self.is_common(s1));
        if !name_ok && !initial {
            return None;
        }
        let mut last = i + 1;
        if n1.name_end == n1.end {
            if let Some(n2) = words.get(i + 2) {
                let gap_ok = if initial {
                    title_gap(text, n1.end, n2.start) && text[n1.end..].starts_with('.')
                } else {
                    spaced(text, n1.end, n2.start)
                };
                if gap_ok && self.is_surname(text, n2) {
                    last = i + 2;
                }
            }
        }
        (name_ok || last > i + 1).then_some(last)
    }

    /// A known first name followed by one or two surname-like words, an initial and a
    /// surname, or a surname initial: the index of the last word and where the name ends.
    fn full_name(
        &self,
        text: &str,
        words: &[Word],
        i: usize,
        taken: &[(usize, usize)],
    ) -> Option<(usize, usize)> {
        let w = &words[i];
        if !w.is_cap() || w.name_end != w.end || overlaps(taken, w.start, w.end) {
            return None;
        }
        let s = &text[w.start..w.end];
        if !self.is_first(s) {
            return None;
        }
        if i > 0 {
            let p = &words[i - 1];
            let ps = &text[p.start..p.end];
            let joined = title_gap(text, p.end, w.start);
            if joined && (eq_any(ps, ANY_TITLE) || eq_any(ps, PLACE_PREFIX)) {
                return None;
            }
        }
        if self.ambiguous.contains(s) && is_sentence_start(text, w.start) {
            return None;
        }
        let n1 = words.get(i + 1)?;
        if !spaced(text, w.end, n1.start) {
            return None;
        }
        let mut last;
        let n1_initial = n1.end - n1.start == 1 && n1.has(UPPER_FIRST);
        if n1_initial && text[n1.end..].starts_with('.') {
            match words.get(i + 2) {
                Some(n2) if title_gap(text, n1.end, n2.start) && self.is_surname(text, n2) => {
                    last = i + 2;
                }
                // A surname initial alone ("Owen K."): how review sites show a reviewer.
                _ if next_char(text, n1.end + 1).is_none_or(|c| !c.is_alphanumeric()) => {
                    return Some((i + 1, n1.end + 1));
                }
                _ => return None,
            }
        } else if self.is_surname(text, n1) {
            last = i + 1;
            if n1.name_end == n1.end {
                if let Some(n2) = words.get(i + 2) {
                    if spaced(text, n1.end, n2.start) && self.is_surname(text, n2) {
                        last = i + 2;
                    }
                }
            }
        } else {
            return None;
        }
        // "Henry Ford Hospital" is an organisation.
        let lw = &words[last];
        if let Some(after) = words.get(last + 1) {
            let a = &text[after.start..after.end];
            if lw.name_end == lw.end && spaced(text, lw.end, after.start) && eq_any(a, ORG_WORDS) {
                return None;
            }
        }
        Some((last, lw.name_end))
    }

    /// A known, unambiguous first name on its own: not sentence-initial (unless it is clearly
    /// the subject or addressed), not part of a proper-noun run or a place.
    fn first_name(&self, text: &str, words: &[Word], i: usize, taken: &[(usize, usize)]) -> bool {
        let w = &words[i];
        if !w.is_cap() || overlaps(taken, w.start, w.end) {
            return false;
        }
        let s = &text[w.start..w.name_end];
        if !self.is_first(s) || self.ambiguous.contains(s) {
            return false;
        }
        // Part of a handle, email or URL.
        if prev_char(text, w.start).is_some_and(|c| "@./_\\".contains(c))
            || next_char(text, w.end).is_some_and(|c| c == '@' || c == '_')
            || (next_char(text, w.end) == Some('.')
                && next_char(text, w.end + 1).is_some_and(char::is_alphanumeric))
        {
            return false;
        }
        let initial = is_sentence_start(text, w.start);
        if i > 0 {
            let p = &words[i - 1];
            let ps = &text[p.start..p.end];
            if title_gap(text, p.end, w.start) && eq_any(ps, PLACE_PREFIX) {
                return false;
            }
            if spaced(text, p.end, w.start) {
                if p.has(HAS_DIGIT) {
                    return false;
                }
                let p_initial = is_sentence_start(text, p.start);
                if p.has(UPPER_FIRST) && !p_initial && !eq_any(ps, ROLE_WORDS) {
                    return false;
                }
            }
        }
        if let Some(n) = words.get(i + 1) {
            let ns = &text[n.start..n.end];
            if spaced(text, w.end, n.start) && n.has(UPPER_FIRST) && ns != "I" {
                return false;
            }
        }
        if !initial {
            return true;
        }
        w.name_end != w.end
            || next_char(text, w.end) == Some(',')
            || words.get(i + 1).is_some_and(|n| {
                spaced(text, w.end, n.start) && eq_any(&text[n.start..n.end], VERBISH)
            })
    }
}

/// After a greeting name: punctuation, a dash, an emoji, or the end of the line.
fn greeting_ends(text: &str, pos: usize) -> bool {
    let rest = text[pos..].trim_start_matches([' ', '\t']);
    match rest.chars().next() {
        None => true,
        Some(c) => {
            ",!:.?;\n-)\u{2013}\u{2014}".contains(c)
                || (!c.is_ascii() && !c.is_alphanumeric() && c != PLACEHOLDER)
        }
    }
}

fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    spans.iter().any(|&(a, b)| s < b && a < e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> EntityFinder {
        EntityFinder::new(&EntityKind::ALL)
    }

    /// The texts of the entities of `kind` found in `text`, in order.
    fn found(kind: EntityKind, text: &str) -> Vec<String> {
        let f = EntityFinder::new(&[kind]);
        let mut out = Vec::new();
        f.find(text, &mut out);
        for e in &out {
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            assert!(e.start < e.end && e.end <= text.len());
        }
        let mut ents: Vec<_> = out.into_iter().filter(|e| e.kind == kind).collect();
        ents.sort_by_key(|e| e.start);
        ents.iter()
            .map(|e| text[e.start..e.end].to_string())
            .collect()
    }

    fn none(kind: EntityKind, text: &str) {
        let f = found(kind, text);
        assert!(f.is_empty(), "{:?} in {text:?}: {f:?}", kind);
    }

    #[test]
    fn first_name_with_a_surname_initial_is_a_full_name() {
        let n = |t| found(EntityKind::FullName, t);
        assert_eq!(n("Owen K., we are sorry to hear this."), ["Owen K."]);
        assert_eq!(n("Thank you for the kind words, Maria S.!"), ["Maria S."]);
        assert_eq!(n("Thanks again, Owen K."), ["Owen K."]);
        assert_eq!(n("Owen K. Smith called us."), ["Owen K. Smith"]);
    }

    #[test]
    fn an_initial_inside_an_abbreviation_or_a_nonname_is_no_surname() {
        none(EntityKind::FullName, "Vitamin D. helps.");
        none(EntityKind::FullName, "Owen K.J. called us.");
        none(
            EntityKind::FullName,
            "See our page at Owen K.example.com for more.",
        );
    }

    #[test]
    fn kind_names_round_trip() {
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::from_name(k.name()), Some(k));
        }
        assert_eq!(
            EntityKind::from_name("id-number"),
            Some(EntityKind::IdNumber)
        );
        assert_eq!(EntityKind::from_name("nope"), None);
    }

    #[test]
    fn finder_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<EntityFinder>();
    }

    #[test]
    fn only_requested_kinds_are_reported() {
        let f = EntityFinder::new(&[EntityKind::Email]);
        let mut out = Vec::new();
        f.find("Call 555-010-2000 or email a@b.com on 3/4.", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, EntityKind::Email);
    }

    #[test]
    fn finder_with_no_kinds_finds_nothing() {
        let mut out = Vec::new();
        EntityFinder::new(&[]).find("Call 555-010-2000, Jane, on 3/4!!", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn existing_entries_in_out_are_kept() {
        let f = EntityFinder::new(&[EntityKind::Date]);
        let before = Entity {
            kind: EntityKind::Date,
            start: 0,
            end: 100,
        };
        let mut out = vec![before];
        f.find("on 3/4 and in March", &mut out);
        assert_eq!(out[0], before);
        assert_eq!(out.len(), 3);
    }

    // ---- phone -------------------------------------------------------------------------------

    #[test]
    fn phone_in_parentheses_format_is_found() {
        assert_eq!(
            found(
                EntityKind::Phone,
                "Call us at (555) 010-2000 so we can talk."
            ),
            ["(555) 010-2000"]
        );
    }

    #[test]
    fn phone_with_dashes_dots_and_spaces_is_found() {
        assert_eq!(
            found(EntityKind::Phone, "at 555-010-3100."),
            ["555-010-3100"]
        );
        assert_eq!(
            found(EntityKind::Phone, "at 555.010.2000, Monday"),
            ["555.010.2000"]
        );
        assert_eq!(
            found(EntityKind::Phone, "call 555 010 2000 today"),
            ["555 010 2000"]
        );
    }

    #[test]
    fn phone_with_country_code_is_found() {
        assert_eq!(
            found(EntityKind::Phone, "Call +1 555 010 2000."),
            ["+1 555 010 2000"]
        );
        assert_eq!(
            found(EntityKind::Phone, "Call 1-800-555-0199."),
            ["1-800-555-0199"]
        );
    }

    #[test]
    fn phone_with_extension_is_found_without_it() {
        assert_eq!(
            found(EntityKind::Phone, "call 555-123-4567x3"),
            ["555-123-4567"]
        );
    }

    #[test]
    fn bare_ten_digits_with_phone_cue_is_a_phone() {
        assert_eq!(
            found(EntityKind::Phone, "Please call 5550102000 today."),
            ["5550102000"]
        );
        assert_eq!(
            found(EntityKind::Phone, "text us at +15550102000"),
            ["+15550102000"]
        );
    }

    #[test]
    fn bare_ten_digits_without_cue_is_not_a_phone() {
        none(EntityKind::Phone, "Reference 5550102000 was processed.");
    }

    #[test]
    fn order_number_glued_to_letters_is_not_a_phone() {
        none(EntityKind::Phone, "Your order ORD5550102000X shipped.");
        none(EntityKind::Phone, "Call about order #555-010-2000 today.");
    }

    #[test]
    fn dates_money_and_zips_are_not_phones() {
        none(
            EntityKind::Phone,
            "On 2025-03-04 we billed $1,250.00 to 62704-1234.",
        );
        none(EntityKind::Phone, "Seen 03/04/2025 at 10:30.");
    }

    #[test]
    fn phone_digits_keeps_last_ten() {
        assert_eq!(phone_digits("+1 (555) 010-2000"), "5550102000");
        assert_eq!(phone_digits("555.010.2000"), "5550102000");
        assert_eq!(phone_digits("x"), "");
    }

    // ---- email and url ------------------------------------------------------------------------

    #[test]
    fn email_is_found() {
        assert_eq!(
            found(
                EntityKind::Email,
                "We emailed the forms to jane.doe@gmail.com."
            ),
            ["jane.doe@gmail.com"]
        );
        assert_eq!(
            found(
                EntityKind::Email,
                "to mark.t.delgado@gmail.com the same day"
            ),
            ["mark.t.delgado@gmail.com"]
        );
    }

    #[test]
    fn email_domain_is_not_also_a_url() {
        none(EntityKind::Url, "Email hello@brightsmiles.example today.");
    }

    #[test]
    fn url_with_scheme_is_found_without_trailing_punctuation() {
        assert_eq!(
            found(
                EntityKind::Url,
                "Visit https://smiledental.example/contact."
            ),
            ["https://smiledental.example/contact"]
        );
        assert_eq!(
            found(EntityKind::Url, "(see https://x.example/a)"),
            ["https://x.example/a"]
        );
    }

    #[test]
    fn www_url_is_found() {
        assert_eq!(
            found(EntityKind::Url, "Go to www.example.org/book now"),
            ["www.example.org/book"]
        );
    }

    #[test]
    fn bare_host_with_known_tld_is_a_url() {
        assert_eq!(
            found(EntityKind::Url, "book at brightsmiles.example."),
            ["brightsmiles.example"]
        );
        assert_eq!(
            found(EntityKind::Url, "see smiledental.com/contact"),
            ["smiledental.com/contact"]
        );
    }

    #[test]
    fn abbreviations_and_run_on_sentences_are_not_urls() {
        none(
            EntityKind::Url,
            "Dr.Lee saw you, e.g. on Monday. We were done.Next time call.",
        );
        none(
            EntityKind::Url,
            "See file.txt and U.S.A. and a.m. or St.Louis.",
        );
    }

    #[test]
    fn url_does_not_swallow_a_placeholder() {
        let t = "Visit https://x.example/\u{E000} now";
        assert_eq!(found(EntityKind::Url, t), ["https://x.example/"]);
    }

    // ---- date ---------------------------------------------------------------------------------

    #[test]
    fn slash_date_after_preposition_is_found() {
        assert_eq!(
            found(
                EntityKind::Date,
                "the root canal you had with us on 3/4 left you sore"
            ),
            ["3/4"]
        );
        assert_eq!(
            found(EntityKind::Date, "discharged on 11/02 with"),
            ["11/02"]
        );
    }

    #[test]
    fn bare_slash_date_is_found() {
        assert_eq!(
            found(EntityKind::Date, "pt was seen 10/14 for sinus sx"),
            ["10/14"]
        );
    }

    #[test]
    fn full_numeric_dates_are_found() {
        assert_eq!(
            found(EntityKind::Date, "DOB 04/12/1961 is on file."),
            ["04/12/1961"]
        );
        assert_eq!(found(EntityKind::Date, "seen 2025-03-04."), ["2025-03-04"]);
        assert_eq!(found(EntityKind::Date, "seen 03-04-2025."), ["03-04-2025"]);
        assert_eq!(found(EntityKind::Date, "seen 03.04.2025."), ["03.04.2025"]);
    }

    #[test]
    fn impossible_numeric_dates_are_not_found() {
        none(EntityKind::Date, "seen 13/45/2025 and 2025-13-01 and 2/30");
    }

    #[test]
    fn around_the_clock_and_vision_scores_are_not_dates() {
        none(EntityKind::Date, "Our emergency department is open 24/7.");
        none(EntityKind::Date, "Your LASIK results are 20/20.");
        none(EntityKind::Date, "It's a 50/50 chance.");
    }

    #[test]
    fn ratings_and_fractions_are_not_dates() {
        none(
            EntityKind::Date,
            "We rated it 5/5 and 10/10 would recommend.",
        );
        none(
            EntityKind::Date,
            "About 3/4 of patients and 1/2 hour waits.",
        );
        none(EntityKind::Date, "It was a 4/5 experience, 9/10 stars.");
        none(EntityKind::Date, "Take 1 1/2 tablets.");
    }

    #[test]
    fn score_ranges_and_versions_are_not_dates() {
        none(
            EntityKind::Date,
            "Rate us 1\u{2013}5, or 4 or 5 stars, on version 2.1.3.",
        );
    }

    #[test]
    fn month_and_day_forms_are_found() {
        assert_eq!(
            found(EntityKind::Date, "Your appointment on March 3rd started"),
            ["March 3rd"]
        );
        assert_eq!(found(EntityKind::Date, "closed July 4."), ["July 4"]);
        assert_eq!(
            found(EntityKind::Date, "seen Mar. 4 and 4 March"),
            ["Mar. 4", "4 March"]
        );
        assert_eq!(
            found(EntityKind::Date, "Offer valid through June 30."),
            ["June 30"]
        );
        assert_eq!(
            found(EntityKind::Date, "on March 4, 2025."),
            ["March 4, 2025"]
        );
    }

    #[test]
    fn month_with_year_or_preposition_is_found() {
        assert_eq!(
            found(
                EntityKind::Date,
                "He last came to my office in March 2014 as an emergency."
            ),
            ["March 2014"]
        );
        assert_eq!(
            found(EntityKind::Date, "a patient since October 2013."),
            ["October 2013"]
        );
        assert_eq!(
            found(EntityKind::Date, "with Dr. Morales in March, and"),
            ["March"]
        );
        assert_eq!(found(EntityKind::Date, "in early March"), ["early March"]);
    }

    #[test]
    fn bare_month_word_is_not_a_date() {
        none(EntityKind::Date, "May is Blood Pressure Awareness Month.");
        none(EntityKind::Date, "You may call us. Please march on.");
    }

    #[test]
    fn weekday_after_preposition_is_a_date() {
        assert_eq!(
            found(
                EntityKind::Date,
                "your wait on Friday \u{2014} Dr. Lee was busy"
            ),
            ["Friday"]
        );
        assert_eq!(
            found(EntityKind::Date, "When you came in last Tuesday the"),
            ["last Tuesday"]
        );
        assert_eq!(
            found(EntityKind::Date, "sent to Walgreens on Tues and"),
            ["Tues"]
        );
        assert_eq!(
            found(EntityKind::Date, "your stay on Saturday night was"),
            ["Saturday night"]
        );
    }

    #[test]
    fn office_hours_are_not_a_date() {
        none(
            EntityKind::Date,
            "Our office is open Monday\u{2013}Friday, 8 am to 5 pm.",
        );
        none(
            EntityKind::Date,
            "Open on Monday through Thursday and on Mon/Wed.",
        );
        none(
            EntityKind::Date,
            "Free BP checks every Friday from 9 to noon, Tuesday evenings too.",
        );
        none(
            EntityKind::Date,
            "Open every Friday night. Saturdays are busy.",
        );
    }

    #[test]
    fn relative_days_are_dates() {
        assert_eq!(
            found(EntityKind::Date, "went smoothly this morning!"),
            ["this morning"]
        );
        assert_eq!(
            found(EntityKind::Date, "three voicemails last week at"),
            ["last week"]
        );
        assert_eq!(
            found(EntityKind::Date, "Thanks for coming in today."),
            ["today"]
        );
        assert_eq!(
            found(EntityKind::Date, "called yesterday and earlier today"),
            ["yesterday", "earlier today"]
        );
        assert_eq!(
            found(EntityKind::Date, "seen two weeks ago, tonight"),
            ["two weeks ago", "tonight"]
        );
    }

    #[test]
    fn ordinal_day_is_a_date() {
        assert_eq!(
            found(EntityKind::Date, "You arrived on the 14th with pain."),
            ["the 14th"]
        );
        assert_eq!(found(EntityKind::Date, "It was the 12th."), ["the 12th"]);
        assert_eq!(
            found(EntityKind::Date, "on the 4th of July"),
            ["the 4th of July"]
        );
    }

    #[test]
    fn ordinal_nouns_are_not_dates() {
        none(
            EntityKind::Date,
            "Your stay on the 4th-floor unit, the 2nd time, the 3rd grade.",
        );
        none(
            EntityKind::Date,
            "for the fourth year in a row; the 4th floor",
        );
        none(EntityKind::Date, "our urgent care center on 4th Street");
    }

    #[test]
    fn year_needs_a_preposition() {
        assert_eq!(
            found(EntityKind::Date, "you were last seen in 2014."),
            ["2014"]
        );
        assert_eq!(
            found(EntityKind::Date, "Since 1998 we've served families."),
            ["1998"]
        );
        none(EntityKind::Date, "We have 2014 reasons and 1998 fans.");
        none(EntityKind::Date, "in 2000 patients; over 2020 visits");
    }

    #[test]
    fn modified_and_compound_relative_dates_keep_their_words() {
        assert_eq!(
            found(
                EntityKind::Date,
                "We saw you this past Tuesday and back in 2019."
            ),
            ["this past Tuesday", "2019"]
        );
        assert_eq!(found(EntityKind::Date, "in mid-March"), ["mid-March"]);
        assert_eq!(
            found(EntityKind::Date, "call tomorrow morning"),
            ["tomorrow morning"]
        );
    }

    #[test]
    fn weekday_night_is_a_date_unless_recurring() {
        assert_eq!(
            found(EntityKind::Date, "See you Tuesday night!"),
            ["Tuesday night"]
        );
        none(EntityKind::Date, "Every Tuesday night we host a group.");
    }

    #[test]
    fn misspelled_month_is_still_a_date() {
        assert_eq!(
            found(
                EntityKind::Date,
                "Your Mohs surgery on Febuary 12th was done"
            ),
            ["Febuary 12th"]
        );
    }

    #[test]
    fn month_day_before_a_colon_is_a_date() {
        assert_eq!(
            found(EntityKind::Date, "New hours starting March 1:"),
            ["March 1"]
        );
    }

    #[test]
    fn holiday_after_preposition_is_a_date() {
        assert_eq!(
            found(EntityKind::Date, "Born at 3:12 am on New Year's Day in"),
            ["New Year's Day"]
        );
    }

    // ---- time ---------------------------------------------------------------------------------

    #[test]
    fn clock_times_are_found() {
        assert_eq!(
            found(EntityKind::Time, "Sorry about the wait for your 2:30."),
            ["2:30"]
        );
        assert_eq!(
            found(EntityKind::Time, "You were seen at 4:45 pm on Sunday"),
            ["4:45 pm"]
        );
        assert_eq!(
            found(EntityKind::Time, "discharged at 3:10 a.m. with"),
            ["3:10 a.m."]
        );
    }

    #[test]
    fn am_pm_times_are_found() {
        assert_eq!(
            found(EntityKind::Time, "Monday\u{2013}Friday, 8 am to 5 pm."),
            ["8 am", "5 pm"]
        );
        assert_eq!(
            found(EntityKind::Time, "open until 10 p.m. daily"),
            ["10 p.m."]
        );
        assert_eq!(found(EntityKind::Time, "Family Night is at 6 PM"), ["6 PM"]);
    }

    #[test]
    fn noon_is_a_time_only_after_at() {
        assert_eq!(found(EntityKind::Time, "come by at noon"), ["noon"]);
        none(EntityKind::Time, "Sat: 8 to noon; noon is fine");
    }

    #[test]
    fn invalid_times_and_words_are_not_times() {
        none(
            EntityKind::Time,
            "at 25:30, 13 pm, I am here, 5 amazing reviews, ratio 1:3",
        );
    }

    // ---- money and percent --------------------------------------------------------------------

    #[test]
    fn money_amounts_are_found() {
        assert_eq!(
            found(EntityKind::Money, "Your balance of $240 is due."),
            ["$240"]
        );
        assert_eq!(
            found(EntityKind::Money, "a $1,250.00 bill and $10 off"),
            ["$1,250.00", "$10"]
        );
        assert_eq!(
            found(EntityKind::Money, "it cost 240 dollars."),
            ["240 dollars"]
        );
        assert_eq!(
            found(EntityKind::Money, "from $7,500 to $11,000."),
            ["$7,500", "$11,000"]
        );
    }

    #[test]
    fn percentages_are_found() {
        assert_eq!(found(EntityKind::Percent, "save 10% now"), ["10%"]);
        assert_eq!(
            found(EntityKind::Percent, "save 20 percent now"),
            ["20 percent"]
        );
        assert_eq!(found(EntityKind::Percent, "back to 100%!"), ["100%"]);
    }

    // ---- ssn and ids --------------------------------------------------------------------------

    #[test]
    fn valid_ssn_is_found() {
        assert_eq!(
            found(EntityKind::Ssn, "SSN on file: 123-45-6789."),
            ["123-45-6789"]
        );
        assert_eq!(
            found(EntityKind::Ssn, "social security number 123456789"),
            ["123456789"]
        );
    }

    #[test]
    fn ssn_after_a_label_and_verb_is_found() {
        assert_eq!(
            found(EntityKind::Ssn, "my SSN is 123 45 6789."),
            ["123 45 6789"]
        );
    }

    #[test]
    fn invalid_ssn_areas_groups_and_serials_are_rejected() {
        none(
            EntityKind::Ssn,
            "000-12-3456, 666-12-3456, 912-34-5678, 123-00-4567, 123-45-0000",
        );
    }

    #[test]
    fn order_number_is_not_an_ssn() {
        none(EntityKind::Ssn, "Your order number 123-45-6789 shipped.");
        none(
            EntityKind::Ssn,
            "Ticket #123-45-6789 and A123-45-6789 and 123-45-6789-1.",
        );
    }

    #[test]
    fn phone_is_not_an_ssn() {
        none(EntityKind::Ssn, "Call 555-010-2000.");
    }

    #[test]
    fn labelled_identifiers_are_found_with_their_label() {
        assert_eq!(
            found(
                EntityKind::IdNumber,
                "Your account #448812 shows a balance."
            ),
            ["account #448812"]
        );
        assert_eq!(
            found(EntityKind::IdNumber, "reference MRN 00482913 so we can"),
            ["MRN 00482913"]
        );
        assert_eq!(
            found(EntityKind::IdNumber, "Member ID: XJH123456"),
            ["Member ID: XJH123456"]
        );
        assert_eq!(
            found(EntityKind::IdNumber, "policy number A12-3456"),
            ["policy number A12-3456"]
        );
        assert_eq!(
            found(EntityKind::IdNumber, "medical record 4412-88"),
            ["medical record 4412-88"]
        );
    }

    #[test]
    fn labels_without_codes_are_not_identifiers() {
        none(
            EntityKind::IdNumber,
            "We reviewed your chart. Your account shows a balance.",
        );
        none(
            EntityKind::IdNumber,
            "Bring a photo ID and your insurance card; claim 12 forms.",
        );
        none(EntityKind::IdNumber, "your account 2023 statement");
    }

    // ---- zip and address ----------------------------------------------------------------------

    #[test]
    fn zip_after_state_or_label_is_found() {
        assert_eq!(found(EntityKind::Zip, "Springfield, IL 62704."), ["62704"]);
        assert_eq!(
            found(EntityKind::Zip, "Austin, Texas 78701-1234"),
            ["78701-1234"]
        );
        assert_eq!(found(EntityKind::Zip, "zip code: 10001"), ["10001"]);
    }

    #[test]
    fn five_digit_numbers_without_state_are_not_zips() {
        none(EntityKind::Zip, "We served 12345 patients in 2020.");
    }

    #[test]
    fn street_address_is_found() {
        assert_eq!(
            found(
                EntityKind::Address,
                "Our office is at 100 Main St, Springfield."
            ),
            ["100 Main St"]
        );
        assert_eq!(
            found(EntityKind::Address, "at 2200 N. Elm Street, Suite 4"),
            ["2200 N. Elm Street, Suite 4"]
        );
        assert_eq!(
            found(EntityKind::Address, "mail to PO Box 123."),
            ["PO Box 123"]
        );
    }

    #[test]
    fn doctor_and_street_without_number_are_not_addresses() {
        none(
            EntityKind::Address,
            "Dr. Lee saw 4 patients. We have offices on Elm Street.",
        );
        none(EntityKind::Address, "our center on 4th Street is open");
    }

    // ---- greeting names -----------------------------------------------------------------------

    #[test]
    fn greeting_name_span_is_the_name_only() {
        assert_eq!(
            found(
                EntityKind::GreetingName,
                "Hi Jane, thanks for your feedback."
            ),
            ["Jane"]
        );
        assert_eq!(
            found(EntityKind::GreetingName, "Dear Robert \u{2014}"),
            ["Robert"]
        );
        assert_eq!(
            found(EntityKind::GreetingName, "Thank you, Priya!"),
            ["Priya"]
        );
        assert_eq!(
            found(EntityKind::GreetingName, "Thank you so much, Priya!"),
            ["Priya"]
        );
    }

    #[test]
    fn greeting_name_on_a_later_line_is_found() {
        assert_eq!(
            found(EntityKind::GreetingName, "Note\nHi Melissa,\nWe're sorry."),
            ["Melissa"]
        );
    }

    #[test]
    fn greeting_with_a_full_name_is_also_a_full_name() {
        let t = "Hi Karen Smith, sorry for the wait!";
        assert_eq!(found(EntityKind::GreetingName, t), ["Karen Smith"]);
        assert_eq!(found(EntityKind::FullName, t), ["Karen Smith"]);
        none(EntityKind::FirstName, t);
    }

    #[test]
    fn greeting_with_two_word_name_is_found() {
        assert_eq!(
            found(EntityKind::GreetingName, "Dear Mary Ann,"),
            ["Mary Ann"]
        );
    }

    #[test]
    fn generic_greetings_are_not_names() {
        none(EntityKind::GreetingName, "Hi there, thanks!");
        none(
            EntityKind::GreetingName,
            "Hello, and thank you for your feedback.",
        );
        none(EntityKind::GreetingName, "Thank you for your review.");
        none(
            EntityKind::GreetingName,
            "Hi Everyone! Dear Valued Patient, Hello Team!",
        );
        none(EntityKind::GreetingName, "Thanks Again! Thank You So Much!");
    }

    #[test]
    fn placeholder_greeting_is_not_a_name() {
        none(
            EntityKind::GreetingName,
            "Hi \u{E000}, thanks for visiting!",
        );
    }

    #[test]
    fn greeting_mid_sentence_is_not_a_greeting_name() {
        none(
            EntityKind::GreetingName,
            "We just wanted to say hi Karen, thanks.",
        );
    }

    #[test]
    fn titled_greeting_is_a_titled_name_not_a_greeting_name() {
        none(EntityKind::GreetingName, "Dear Mr. Hendricks, thank you.");
        assert_eq!(
            found(EntityKind::TitledName, "Dear Mr. Hendricks, thank you."),
            ["Mr. Hendricks"]
        );
    }

    // ---- titled and doctor names ----------------------------------------------------------------

    #[test]
    fn titled_names_are_found() {
        assert_eq!(
            found(EntityKind::TitledName, "Hi Mrs. Patterson, we're glad"),
            ["Mrs. Patterson"]
        );
        assert_eq!(
            found(EntityKind::TitledName, "Dear Ms. Okonkwo,"),
            ["Ms. Okonkwo"]
        );
        assert_eq!(
            found(EntityKind::TitledName, "Mrs. Jane Doe called"),
            ["Mrs. Jane Doe"]
        );
        assert_eq!(
            found(EntityKind::TitledName, "thanks Mx Rivera"),
            ["Mx Rivera"]
        );
    }

    #[test]
    fn title_followed_by_a_common_word_is_not_a_name() {
        none(EntityKind::TitledName, "Don't Miss Out! We Miss You.");
    }

    #[test]
    fn doctor_names_are_found() {
        assert_eq!(
            found(EntityKind::DoctorName, "Dr. Lee did everything"),
            ["Dr. Lee"]
        );
        assert_eq!(
            found(EntityKind::DoctorName, "— Dr. Priya Patel and the team"),
            ["Dr. Priya Patel"]
        );
        assert_eq!(
            found(EntityKind::DoctorName, "Dr Patel's notes show"),
            ["Dr Patel"]
        );
        assert_eq!(
            found(EntityKind::DoctorName, "ask Doctor Smith"),
            ["Doctor Smith"]
        );
        assert_eq!(
            found(EntityKind::DoctorName, "Dr. Lee, DDS, leads"),
            ["Dr. Lee"]
        );
    }

    #[test]
    fn doctor_placeholder_and_street_are_not_doctor_names() {
        none(
            EntityKind::DoctorName,
            "Dr. \u{E000} will call. We're at 12 Oak Dr Lee.",
        );
    }

    // ---- full and first names -------------------------------------------------------------------

    #[test]
    fn full_names_are_found() {
        assert_eq!(
            found(
                EntityKind::FullName,
                "Huge congratulations to Walt Jensen, who"
            ),
            ["Walt Jensen"]
        );
        assert_eq!(
            found(EntityKind::FullName, "\u{2014} Maria Lopez, Office Manager"),
            ["Maria Lopez"]
        );
        assert_eq!(
            found(EntityKind::FullName, "Jane Doe was seen by our hygienist."),
            ["Jane Doe"]
        );
        assert_eq!(
            found(EntityKind::FullName, "proud parents Ana and Marco Ruiz."),
            ["Marco Ruiz"]
        );
        assert_eq!(
            found(EntityKind::FullName, "see John F. Kennedy now"),
            ["John F. Kennedy"]
        );
    }

    #[test]
    fn practice_and_common_word_pairs_are_not_full_names() {
        none(
            EntityKind::FullName,
            "Thank Goodness for Bright Smiles and Maple Grove.",
        );
        none(
            EntityKind::FullName,
            "Visit Henry Ford Hospital or Jordan Valley Medical today.",
        );
        none(
            EntityKind::FullName,
            "Jessica Tuesday was great. St. Brendan Regional Hospital.",
        );
    }

    #[test]
    fn titled_full_name_is_not_also_a_full_name() {
        none(EntityKind::FullName, "Dr. Priya Patel and Mrs. Jane Doe");
    }

    #[test]
    fn mid_sentence_first_names_are_found() {
        assert_eq!(
            found(
                EntityKind::FirstName,
                "with our hygienist Jenna went smoothly"
            ),
            ["Jenna"]
        );
        assert_eq!(
            found(EntityKind::FirstName, "call our office manager, Maria, at"),
            ["Maria"]
        );
        assert_eq!(
            found(
                EntityKind::FirstName,
                "Welcome back to the program, Jordan."
            ),
            ["Jordan"]
        );
        assert_eq!(
            found(EntityKind::FirstName, "glad little Ethan's stitches healed"),
            ["Ethan"]
        );
        assert_eq!(
            found(EntityKind::FirstName, "Nurse Kayla and Dr. Ames were"),
            ["Kayla"]
        );
    }

    #[test]
    fn sentence_initial_first_name_needs_a_subject_or_vocative_cue() {
        assert_eq!(
            found(EntityKind::FirstName, "Walt, we're so proud of you."),
            ["Walt"]
        );
        assert_eq!(
            found(EntityKind::FirstName, "Tuesday! Jessica had her makeover."),
            ["Jessica"]
        );
        none(EntityKind::FirstName, "Jessica Smiles Center. Karen.");
    }

    #[test]
    fn common_word_names_are_never_first_names() {
        none(
            EntityKind::FirstName,
            "We hope to see you in May, and Will, Grace, Hope and Joy will help. Ask about Bill Pay.",
        );
    }

    #[test]
    fn first_name_inside_other_name_spans_is_not_repeated() {
        let t = "Hi Karen, Dr. Lee and Maria Lopez and Mrs. Jane Doe say hi.";
        none(EntityKind::FirstName, t);
        let all = {
            let mut out = Vec::new();
            all().find(t, &mut out);
            out
        };
        assert!(all.iter().all(|e| e.kind != EntityKind::FirstName));
        assert!(all.iter().any(|e| e.kind == EntityKind::GreetingName));
    }

    #[test]
    fn place_names_with_first_names_are_not_first_names() {
        none(
            EntityKind::FirstName,
            "St. Brendan will not tolerate this. Visit Memorial Hermann.",
        );
        none(EntityKind::FirstName, "We moved to 12 Mary Lane last year.");
    }

    #[test]
    fn first_name_in_an_email_is_not_a_first_name() {
        none(
            EntityKind::FirstName,
            "write to Jenna.Smith@x.example or @Jenna_P",
        );
    }

    // ---- shouting ------------------------------------------------------------------------------

    #[test]
    fn caps_run_of_three_words_is_found() {
        assert_eq!(
            found(
                EntityKind::CapsRun,
                "THIS IS COMPLETELY FALSE!!! Our staff would NEVER"
            ),
            ["THIS IS COMPLETELY FALSE"]
        );
        assert_eq!(
            found(EntityKind::CapsRun, "I AM SO ANGRY."),
            ["AM SO ANGRY"]
        );
    }

    #[test]
    fn acronyms_do_not_count_toward_a_caps_run() {
        none(EntityKind::CapsRun, "HIPAA PHI FAQ for the ICU and ER.");
        none(
            EntityKind::CapsRun,
            "Dr. Lee, DDS, leads our team. COVID PCR OK.",
        );
        none(
            EntityKind::CapsRun,
            "Our child was NEVER left alone. Reply YES or STOP.",
        );
        assert_eq!(
            found(EntityKind::CapsRun, "WE DO FOLLOW HIPAA RULES"),
            ["WE DO FOLLOW HIPAA RULES"]
        );
    }

    #[test]
    fn placeholder_breaks_a_caps_run() {
        none(EntityKind::CapsRun, "HI \u{E000} WELCOME BACK");
        assert_eq!(
            found(EntityKind::CapsRun, "\u{E000} WE ARE OPEN"),
            ["WE ARE OPEN"]
        );
    }

    #[test]
    fn repeated_punctuation_is_found() {
        assert_eq!(
            found(EntityKind::RepeatedPunct, "Unbelievable!!! Really??? Why?!"),
            ["!!!", "???", "?!"]
        );
        none(EntityKind::RepeatedPunct, "Really? Yes! Done.");
    }

    // ---- non-ASCII input ----------------------------------------------------------------------

    #[test]
    fn emoji_next_to_entities_keep_spans_on_char_boundaries() {
        let t = "😀Call 555-010-2000😀 on 3/4🎉 Hi Karen😊 $240🙂 THIS IS TRUE‼";
        assert_eq!(found(EntityKind::Phone, t), ["555-010-2000"]);
        assert_eq!(found(EntityKind::Date, t), ["3/4"]);
        assert_eq!(found(EntityKind::Money, t), ["$240"]);
        assert_eq!(found(EntityKind::RepeatedPunct, t), ["‼"]);
        let mut out = Vec::new();
        all().find(t, &mut out);
        assert!(out
            .iter()
            .all(|e| t.is_char_boundary(e.start) && t.is_char_boundary(e.end)));
    }

    #[test]
    fn cjk_text_yields_no_names_or_caps() {
        let t = "患者さんの予約は3月4日です。ありがとうございました！！";
        none(EntityKind::FirstName, t);
        none(EntityKind::CapsRun, t);
        assert_eq!(found(EntityKind::RepeatedPunct, "ありがとう!!"), ["!!"]);
    }

    #[test]
    fn accented_and_combining_names_keep_whole_chars() {
        assert_eq!(
            found(EntityKind::FullName, "Thanks to José García for"),
            ["José García"]
        );
        let t = "Thanks to Jose\u{301} Garci\u{301}a for coming";
        let f = found(EntityKind::FullName, t);
        assert_eq!(f, ["Jose\u{301} Garci\u{301}a"]);
    }

    #[test]
    fn normalised_nbsp_text_is_matched() {
        // NBSP arrives as a plain space in the matching view.
        assert_eq!(
            found(EntityKind::Phone, "call (555) 010-9700."),
            ["(555) 010-9700"]
        );
    }

    #[test]
    fn random_mixes_of_tricky_pieces_never_panic_or_split_chars() {
        // A small xorshift generator keeps the test deterministic and dependency-free.
        let pieces = [
            "Dr.", "Mr", " ", "  ", "\n", ",", ".", "!", "?", "-", "\u{2013}", "/", ":", "#", "@",
            "$", "%", "'", "(", ")", "0", "3", "12", "555", "2020", "-010-", "Jane", "Lee", "May",
            "on", "the", "4th", "March", "Friday", "HIPAA", "WOW", "am", "pm", "www", "com",
            "example", "\u{E000}", "é", "\u{301}", "😀", "中文", "Ⅻ", "١٢", "\u{200D}", "Hi",
            "Thanks", "St", "MRN", "SSN", "zip", "IL", "Main", "Ave",
        ];
        let f = all();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut text = String::new();
        let mut out = Vec::new();
        for _ in 0..1500 {
            text.clear();
            for _ in 0..(x % 24) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            out.clear();
            f.find(&text, &mut out);
            for e in &out {
                assert!(e.start < e.end && e.end <= text.len(), "{text:?} {e:?}");
                assert!(
                    text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
                    "{text:?} {e:?}"
                );
                assert!(!text[e.start..e.end].contains('\u{E000}'), "{text:?} {e:?}");
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics() {
        let f = all();
        let samples = [
            "",
            "\u{E000}",
            "Dr.",
            "Hi ",
            "Mr",
            "$",
            "on the",
            "ＡＢＣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ é\u{301}\u{302} 👩‍👩‍👧 9/9/9999 +1 ",
            "1/",
            "the 1st-",
            "\u{2014}",
            "Ⅻ 12:3 ١٢/٣ 𝟙𝟚/𝟛",
        ];
        for s in samples {
            let mut out = Vec::new();
            f.find(s, &mut out);
            for e in out {
                assert!(
                    s.is_char_boundary(e.start) && s.is_char_boundary(e.end),
                    "{s:?} {e:?}"
                );
            }
        }
        // Every prefix of a mixed string, so scans stop at every possible char edge.
        let mixed =
            "Hi Zoë, Dr. Łukasz 😀 on 3/4 at 2:30 pm — call (555) 010-2000! ČÁST ŽIVOT ŠKOLA";
        for (i, _) in mixed.char_indices() {
            let s = &mixed[..i];
            let mut out = Vec::new();
            f.find(s, &mut out);
            for e in out {
                assert!(s.is_char_boundary(e.start) && s.is_char_boundary(e.end));
            }
        }
    }

    #[test]
    fn name_after_a_comma_at_sentence_end_is_a_greeting_name() {
        assert_eq!(
            found(EntityKind::GreetingName, "We're sorry it hurt, Jane."),
            ["Jane"]
        );
        none(EntityKind::GreetingName, "Ask Maria, Jane or Lee.");
    }
}
