//! Parsing a draft: markup to prose, placeholders to tokens, a normalised matching view with an
//! offset map back to the caller's bytes, and paragraph / sentence / word segmentation.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The char that stands for a template placeholder in the matching view (private use area).
pub(crate) const PLACEHOLDER_CHAR: char = '\u{E000}';

/// How the caller's text is marked up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text (the default); template placeholders are still recognised.
    #[default]
    Text,
    /// CommonMark: prose only (link text yes, link URLs, code and HTML comments no).
    Markdown,
    /// HTML: visible text, entities decoded, `script`/`style` dropped.
    Html,
}

impl InputFormat {
    /// The format for a file name's extension (`.md`, `.html`, template extensions…); plain text
    /// otherwise.
    pub fn from_path(path: &std::path::Path) -> Self {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => InputFormat::Markdown,
            "html" | "htm" | "xhtml" | "liquid" | "hbs" | "handlebars" | "mustache" | "j2"
            | "jinja" | "jinja2" | "njk" | "tmpl" | "erb" => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

/// A template placeholder found in the draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Placeholder {
    /// Normalised name: lowercase, `_` separators, common prefixes stripped.
    pub name: String,
    /// Bytes of the original text.
    pub orig: Range<usize>,
    /// Bytes of the view (one [`PLACEHOLDER_CHAR`]); empty for control blocks.
    pub view: Range<usize>,
    /// A control block (`{% if x %}`, `{{#if x}}`): the name is its condition's first variable.
    pub block: Option<String>,
}

/// A parsed draft. `text` and `lower` have the same byte layout.
#[derive(Debug)]
pub(crate) struct Draft<'a> {
    pub original: &'a str,
    /// Prose, normalised (quotes, spaces, full-width letters), case preserved.
    pub text: String,
    /// `text` lower-cased (same byte lengths), a hyphen between letters made a space.
    pub lower: String,
    /// For each byte of the view, the original range of the char it came from.
    orig_start: Vec<u32>,
    orig_end: Vec<u32>,
    pub placeholders: Vec<Placeholder>,
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences with the index of their paragraph.
    pub sentences: Vec<(Range<usize>, usize)>,
    /// Start bytes of words (view), sorted.
    pub word_starts: Vec<usize>,
}

impl<'a> Draft<'a> {
    /// Parses `original` in `format`.
    pub fn parse(original: &'a str, format: InputFormat) -> Self {
        let placeholders = find_placeholders(original);
        let mut b = ViewBuilder::new(original, &placeholders);
        match format {
            InputFormat::Text => b.push_range(0..original.len()),
            InputFormat::Markdown => markdown_prose(original, &mut b),
            InputFormat::Html => html_prose(original, &mut b),
        }
        let ViewBuilder {
            text,
            orig_start,
            orig_end,
            views,
            ..
        } = b;
        let placeholders: Vec<Placeholder> = placeholders
            .into_iter()
            .zip(views)
            .filter_map(|(mut p, v)| {
                // Blocks are kept even when not emitted: their condition matters.
                match v {
                    Some(v) => p.view = v,
                    None if p.block.is_some() => p.view = 0..0,
                    None => return None,
                }
                Some(p)
            })
            .collect();
        let lower = lower_view(&text);
        let paragraphs = paragraphs(&text);
        let sentences = sentences(&text, &lower, &paragraphs);
        let mut word_starts = word_starts(&text);
        word_starts.extend(
            placeholders
                .iter()
                .filter(|p| p.block.is_none() && !p.view.is_empty())
                .map(|p| p.view.start),
        );
        word_starts.sort_unstable();
        Draft {
            original,
            text,
            lower,
            orig_start,
            orig_end,
            placeholders,
            paragraphs,
            sentences,
            word_starts,
        }
    }

    /// The view byte of an original byte offset (the first view byte at or after it).
    pub fn view_of_original(&self, orig: usize) -> usize {
        self.orig_start
            .partition_point(|&o| (o as usize) < orig)
            .min(self.text.len().saturating_sub(1))
    }

    /// Maps a non-empty view range to the original bytes it came from.
    pub fn to_original(&self, view: Range<usize>) -> Range<usize> {
        if self.text.is_empty() {
            return 0..0;
        }
        let s = view.start.min(self.text.len() - 1);
        let e = view.end.max(view.start + 1).min(self.text.len()) - 1;
        let start = self.orig_start[s] as usize;
        let end = (self.orig_end[e] as usize).max(start);
        start..end
    }

    /// Index of the word containing (or just before) `pos`.
    pub fn word_index(&self, pos: usize) -> usize {
        self.word_starts
            .partition_point(|&w| w <= pos)
            .saturating_sub(1)
    }

    /// Index of the sentence containing `pos`.
    pub fn sentence_of(&self, pos: usize) -> usize {
        self.sentences
            .partition_point(|(r, _)| r.end <= pos)
            .min(self.sentences.len().saturating_sub(1))
    }
}

/// Accumulates the view while markup handlers feed it original ranges.
struct ViewBuilder<'s> {
    original: &'s str,
    placeholders: &'s [Placeholder],
    /// View range emitted for each placeholder (None until reached).
    views: Vec<Option<Range<usize>>>,
    next_ph: usize,
    text: String,
    orig_start: Vec<u32>,
    orig_end: Vec<u32>,
}

impl<'s> ViewBuilder<'s> {
    fn new(original: &'s str, placeholders: &'s [Placeholder]) -> Self {
        ViewBuilder {
            original,
            placeholders,
            views: vec![None; placeholders.len()],
            next_ph: 0,
            text: String::with_capacity(original.len()),
            orig_start: Vec::with_capacity(original.len()),
            orig_end: Vec::with_capacity(original.len()),
        }
    }

    fn push_char(&mut self, c: char, orig: Range<usize>) {
        let n = c.len_utf8();
        self.text.push(c);
        for _ in 0..n {
            self.orig_start.push(orig.start as u32);
            self.orig_end.push(orig.end as u32);
        }
    }

    /// A structural break (paragraph or line) that has no source text of its own.
    fn push_break(&mut self, s: &str, at: usize) {
        for c in s.chars() {
            self.push_char(c, at..at);
        }
    }

    fn last_is_break(&self) -> bool {
        self.text.is_empty() || self.text.ends_with("\n\n")
    }

    /// Emits the original range as prose, char by char, normalised; placeholders become one char.
    fn push_range(&mut self, range: Range<usize>) {
        let src = self.original;
        let mut i = range.start;
        while i < range.end {
            // Placeholders are sorted by start; skip the ones already behind us.
            while self.next_ph < self.placeholders.len()
                && self.placeholders[self.next_ph].orig.end <= i
            {
                self.next_ph += 1;
            }
            if let Some(p) = self.placeholders.get(self.next_ph) {
                if p.orig.start <= i {
                    if self.views[self.next_ph].is_none() {
                        if p.block.is_some() {
                            let at = self.text.len();
                            self.push_char(' ', p.orig.clone());
                            self.views[self.next_ph] = Some(at..self.text.len());
                        } else {
                            let at = self.text.len();
                            self.push_char(PLACEHOLDER_CHAR, p.orig.clone());
                            self.views[self.next_ph] = Some(at..self.text.len());
                        }
                    }
                    i = p.orig.end.min(range.end).max(i + 1);
                    while !src.is_char_boundary(i) {
                        i += 1;
                    }
                    continue;
                }
            }
            // A run of ASCII that normalises to itself (all but `\r` and `\t`), up to the next
            // placeholder: copied whole, each byte mapping to itself.
            let limit = self
                .placeholders
                .get(self.next_ph)
                .map_or(range.end, |p| p.orig.start.clamp(i, range.end));
            let run = src.as_bytes()[i..limit]
                .iter()
                .take_while(|&&b| b.is_ascii() && b != b'\r' && b != b'\t')
                .count();
            if run > 0 {
                self.text.push_str(&src[i..i + run]);
                self.orig_start.extend(i as u32..(i + run) as u32);
                self.orig_end.extend(i as u32 + 1..(i + run) as u32 + 1);
                i += run;
                continue;
            }
            let c = src[i..].chars().next().expect("in range");
            let n = c.len_utf8();
            if let Some(out) = normalise_char(c, src[i + n..].chars().next()) {
                self.push_char(out, i..i + n);
            }
            i += n;
        }
    }

    /// Emits decoded text that stands for an original range (an entity, an escape).
    fn push_decoded(&mut self, decoded: &str, orig: Range<usize>) {
        let mut chars = decoded.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(out) = normalise_char(c, chars.peek().copied()) {
                self.push_char(out, orig.clone());
            }
        }
    }
}

/// The matching view's character for `c`: quotes, spaces, dashes and full-width forms folded,
/// invisible characters dropped.
fn normalise_char(c: char, next: Option<char>) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}'
        | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => ' ',
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{FE0E}'
        | '\u{FE0F}' => return None,
        '\u{2010}' | '\u{2011}' | '\u{2212}' => '-',
        '\r' => {
            if next == Some('\n') {
                return None;
            }
            '\n'
        }
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    })
}

/// A phrase as it appears in the lower-cased matching view.
pub(crate) fn normalise_phrase(p: &str) -> String {
    if p.is_ascii() {
        normalise_ascii_phrase(p)
    } else {
        normalise_any_phrase(p)
    }
}

fn normalise_any_phrase(p: &str) -> String {
    let mut t = String::with_capacity(p.len());
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(o) = normalise_char(c, chars.peek().copied()) {
            t.push(o);
        }
    }
    let lower = lower_view(&t);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`normalise_phrase`] of an ASCII phrase in one pass: the built-in packs hold thousands,
/// and the general path was a tenth of a `Linter`'s start-up.
fn normalise_ascii_phrase(p: &str) -> String {
    let b = p.as_bytes();
    let mut out = String::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        // `char::is_whitespace` over ASCII, which (unlike `is_ascii_whitespace`) has \x0b.
        let space = b"\t\n\x0b\x0c\r ".contains(&c)
            || (c == b'-' && i > 0 && i + 1 < b.len() && hyphen_joins(b[i - 1], b[i + 1]));
        if !space {
            out.push(c.to_ascii_lowercase() as char);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether a hyphen between `a` and `b` joins two words (`follow-up`), which the view spells
/// with a space.
fn hyphen_joins(a: u8, b: u8) -> bool {
    a.is_ascii_alphanumeric()
        && b.is_ascii_alphanumeric()
        && (a.is_ascii_alphabetic() || b.is_ascii_alphabetic())
}

/// Lower-cases `text` without changing any char's byte length, and turns a hyphen between two
/// alphanumerics (one a letter) into a space so `follow-up` matches `follow up`.
fn lower_view(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Most drafts are ASCII: lower-case them whole.
    let ascii = text.len() - text.trim_start_matches(|c: char| c.is_ascii()).len();
    out.push_str(&text[..ascii]);
    out.make_ascii_lowercase();
    for c in text[ascii..].chars() {
        let l = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            let mut it = c.to_lowercase();
            match (it.next(), it.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        };
        out.push(l);
    }
    if !out.as_bytes().contains(&b'-') {
        return out;
    }
    // A joining hyphen's neighbours are alphanumerics, never another hyphen, so swapping in
    // place reads the same neighbours as swapping afterwards.
    let mut bytes = out.into_bytes();
    for i in 1..bytes.len().saturating_sub(1) {
        if bytes[i] == b'-' && hyphen_joins(bytes[i - 1], bytes[i + 1]) {
            bytes[i] = b' ';
        }
    }
    String::from_utf8(bytes).expect("ASCII swapped for ASCII")
}

/// Paragraphs: runs of text separated by blank lines.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            // A blank line: newline, optional spaces, newline.
            let mut j = i + 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if j < b.len() && b[j] == b'\n' {
                if !text[start..i].trim().is_empty() {
                    out.push(start..i);
                }
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    if out.is_empty() {
        out.push(0..text.len());
    }
    out
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr.", "mr.", "mrs.", "ms.", "mx.", "st.", "jr.", "sr.", "vs.", "e.g.", "i.e.", "a.m.", "p.m.",
    "no.", "approx.", "dept.", "ave.", "apt.", "prof.", "etc.", "jan.", "feb.", "mar.", "apr.",
    "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "mon.", "tue.", "tues.", "wed.", "thu.",
    "thurs.", "fri.", "sat.", "sun.", "u.s.",
];

/// Whether UAX #29 segments `s` as if it were ASCII: its non-ASCII chars (placeholders, and the
/// dashes, ellipses, symbols and emoji of real drafts) are Other to the word rules and Other or, for the dashes,
/// SContinue to the sentence rules, which the fast paths handle.
fn segments_as_ascii(s: &str) -> bool {
    s.is_ascii()
        || s.chars().all(|c| {
            c.is_ascii()
                || c == PLACEHOLDER_CHAR
                || matches!(c, '\u{2013}' | '\u{2014}' | '\u{2026}' | '\u{00B0}' | '\u{2022}'
                    | '\u{00A3}' | '\u{20AC}' | '\u{00A9}' | '\u{00AE}' | '\u{2122}'
                    | '\u{2192}' | '\u{2605}' | '\u{2713}' | '\u{2764}'
                    | '\u{1F300}'..='\u{1F3FA}' | '\u{1F400}'..='\u{1F64F}')
        })
}

/// Where the UAX #29 words of `text` that hold a letter or digit start, as
/// `unicode_word_indices` reports them: a fast path for ASCII text, the crate otherwise.
fn word_starts(text: &str) -> Vec<usize> {
    if !segments_as_ascii(text) {
        return text.unicode_word_indices().map(|(i, _)| i).collect();
    }
    let b = text.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut alnum = false;
        // WB5, WB8–WB10, WB13a/b: letters, digits and `_` run together; WB6/7 and WB11/12: a
        // `.` or `'` joins two letters or two digits, a `:` two letters, a `,` or `;` two digits.
        while i < b.len() {
            let c = b[i];
            alnum |= c.is_ascii_alphanumeric();
            i += 1;
            match (b.get(i), b.get(i + 1)) {
                (Some(&d), _) if is_word(d) => {}
                (Some(b'.' | b'\'' | b':'), Some(e))
                    if c.is_ascii_alphabetic() && e.is_ascii_alphabetic() =>
                {
                    i += 1
                }
                (Some(b'.' | b'\'' | b',' | b';'), Some(e))
                    if c.is_ascii_digit() && e.is_ascii_digit() =>
                {
                    i += 1
                }
                _ => break,
            }
        }
        if alnum {
            out.push(start);
        }
    }
    out
}

/// UAX #29 sentence segments of `s` as `(offset, segment)`: a fast path for ASCII text (the
/// Unicode tables dominated the cost of a check), the unicode-segmentation crate otherwise.
fn sentence_bounds(s: &str) -> Box<dyn Iterator<Item = (usize, &str)> + '_> {
    if !segments_as_ascii(s) {
        return Box::new(s.split_sentence_bound_indices());
    }
    let ends = ascii_sentence_breaks(s.as_bytes());
    let starts = std::iter::once(0).chain(ends.clone());
    Box::new(starts.zip(ends).map(move |(a, b)| (a, &s[a..b])))
}

/// The sentence breaks of ASCII text by the rules of UAX #29 (SB3–SB11; ASCII has no OLetter,
/// Extend or Format characters), each the end offset of a segment, the last one `len`. The
/// non-ASCII chars [`segments_as_ascii`] admits read as Other bytes, the dashes as SContinue.
fn ascii_sentence_breaks(b: &[u8]) -> Vec<usize> {
    let is_sp = |c: u8| matches!(c, b' ' | b'\t' | 0x0b | 0x0c);
    let is_close = |c: u8| matches!(c, b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}');
    let is_saterm = |c: u8| matches!(c, b'.' | b'!' | b'?');
    let is_para = |c: u8| matches!(c, b'\n' | b'\r');
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'\r' {
            // SB3, SB4: CR × LF, break after a paragraph separator.
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            out.push(i);
            continue;
        }
        if c == b'\n' {
            i += 1;
            out.push(i);
            continue;
        }
        if !is_saterm(c) {
            i += 1;
            continue;
        }
        let aterm = c == b'.';
        let next = b.get(i + 1).copied();
        // SB6: ATerm × Numeric. SB7: (Upper | Lower) ATerm × Upper.
        if aterm
            && (next.is_some_and(|x| x.is_ascii_digit())
                || (i > 0
                    && b[i - 1].is_ascii_alphabetic()
                    && next.is_some_and(|x| x.is_ascii_uppercase())))
        {
            i += 1;
            continue;
        }
        // SB9, SB10: no break inside SATerm Close* Sp*.
        let mut m = i + 1;
        while m < n && is_close(b[m]) {
            m += 1;
        }
        while m < n && is_sp(b[m]) {
            m += 1;
        }
        if m < n {
            // SB8a: … × (SContinue | SATerm).
            if matches!(b[m], b',' | b'-' | b':' | b';')
                || is_saterm(b[m])
                || b[m..].starts_with("\u{2013}".as_bytes())
                || b[m..].starts_with("\u{2014}".as_bytes())
            {
                i = m;
                continue;
            }
            // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower.
            if aterm {
                let first = b[m..]
                    .iter()
                    .find(|&&x| x.is_ascii_alphabetic() || is_para(x) || is_saterm(x));
                if first.is_some_and(|x| x.is_ascii_lowercase()) {
                    i = m;
                    continue;
                }
            }
        }
        // SB11: break after SATerm Close* Sp* ParaSep?.
        if m < n && b[m] == b'\r' {
            m += if b.get(m + 1) == Some(&b'\n') { 2 } else { 1 };
        } else if m < n && b[m] == b'\n' {
            m += 1;
        }
        out.push(m);
        i = m;
    }
    if out.last() != Some(&n) && n > 0 {
        out.push(n);
    }
    out
}

/// Sentences inside each paragraph (UAX #29), re-joined after abbreviations such as `Dr.`.
fn sentences(text: &str, lower: &str, paragraphs: &[Range<usize>]) -> Vec<(Range<usize>, usize)> {
    let mut out: Vec<(Range<usize>, usize)> = Vec::new();
    for (pi, para) in paragraphs.iter().enumerate() {
        let mut joined_to_prev = false;
        for (off, s) in sentence_bounds(&text[para.clone()]) {
            let start = para.start + off;
            let end = start + s.len();
            if s.trim().is_empty() {
                if let Some(last) = out.last_mut() {
                    if last.1 == pi {
                        last.0.end = end;
                    }
                }
                continue;
            }
            if joined_to_prev {
                if let Some(last) = out.last_mut() {
                    last.0.end = end;
                }
            } else {
                out.push((start..end, pi));
            }
            let tail = lower[start..end].trim_end();
            joined_to_prev = !s.contains('\n')
                && ABBREVIATIONS.iter().any(|a| {
                    tail.ends_with(a)
                        && tail[..tail.len() - a.len()]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric())
                });
        }
    }
    if out.is_empty() {
        out.push((0..text.len(), 0));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Markup

/// Feeds the prose of a CommonMark document to the builder.
fn markdown_prose(src: &str, b: &mut ViewBuilder<'_>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut skip = 0usize; // depth inside code blocks / images' URLs etc.
    for (ev, range) in Parser::new_ext(src, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES)
        .into_offset_iter()
    {
        match ev {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::MetadataBlock(_)) => skip += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::MetadataBlock(_)) => {
                skip = skip.saturating_sub(1);
                b.push_break("\n\n", range.end);
            }
            Event::Text(t) if skip == 0 => {
                if src.get(range.clone()) == Some(&*t) {
                    b.push_range(range);
                } else {
                    b.push_decoded(&t, range);
                }
            }
            Event::SoftBreak if skip == 0 => b.push_break("\n", range.start),
            Event::HardBreak if skip == 0 => b.push_break("\n", range.start),
            Event::Html(h) | Event::InlineHtml(h) if skip == 0 => {
                // Inline HTML inside Markdown: its visible text still counts.
                let base = range.start;
                let mut inner = ViewBuilderShim { b, base };
                html_prose_into(&h, &mut inner);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell,
            ) if !b.last_is_break() => b.push_break("\n\n", range.end),
            Event::Start(Tag::Item) if !b.last_is_break() => b.push_break("\n\n", range.start),
            _ => {}
        }
    }
}

/// Lets the HTML extractor feed a builder at an offset (inline HTML inside Markdown).
struct ViewBuilderShim<'x, 's> {
    b: &'x mut ViewBuilder<'s>,
    base: usize,
}

trait ProseSink {
    fn range(&mut self, r: Range<usize>);
    fn decoded(&mut self, s: &str, r: Range<usize>);
    fn brk(&mut self, s: &str, at: usize);
}

impl ProseSink for ViewBuilder<'_> {
    fn range(&mut self, r: Range<usize>) {
        self.push_range(r)
    }
    fn decoded(&mut self, s: &str, r: Range<usize>) {
        self.push_decoded(s, r)
    }
    fn brk(&mut self, s: &str, at: usize) {
        if s.starts_with("\n\n") && self.last_is_break() {
            return;
        }
        self.push_break(s, at)
    }
}

impl ProseSink for ViewBuilderShim<'_, '_> {
    fn range(&mut self, r: Range<usize>) {
        self.b.push_range(r.start + self.base..r.end + self.base)
    }
    fn decoded(&mut self, s: &str, r: Range<usize>) {
        self.b
            .push_decoded(s, r.start + self.base..r.end + self.base)
    }
    fn brk(&mut self, s: &str, at: usize) {
        if s.starts_with("\n\n") && self.b.last_is_break() {
            return;
        }
        self.b.push_break(s, at + self.base)
    }
}

fn html_prose(src: &str, b: &mut ViewBuilder<'_>) {
    html_prose_into(src, b);
}

/// Block-level tags: their boundaries separate paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "pre",
    "dd",
    "dt",
    "dl",
    "form",
    "hr",
    "address",
    "figure",
    "figcaption",
];

/// Visible text of an HTML fragment: tags dropped (block tags become paragraph breaks, `<br>` a
/// line break), comments, `script` and `style` dropped, entities decoded.
fn html_prose_into(src: &str, sink: &mut dyn ProseSink) {
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let rest = &src[i..];
                let tag_end = if rest.starts_with("<!--") {
                    rest.find("-->").map(|e| i + e + 3)
                } else if rest.len() > 1
                    && (bytes[i + 1].is_ascii_alphabetic()
                        || bytes[i + 1] == b'/'
                        || bytes[i + 1] == b'!')
                {
                    tag_close(src, i)
                } else {
                    None
                };
                let Some(end) = tag_end else {
                    i += 1;
                    continue;
                };
                sink.range(text_start..i);
                let name = tag_name(&src[i..end]);
                let closing = src[i..].starts_with("</");
                let mut next = end;
                if !closing && (name == "script" || name == "style") {
                    let close = format!("</{name}");
                    next = find_ascii_ci(src, end, &close)
                        .and_then(|c| src[c..].find('>').map(|g| c + g + 1))
                        .unwrap_or(src.len());
                } else if name == "br" {
                    sink.brk("\n", i);
                } else if BLOCK_TAGS.contains(&name.as_str()) {
                    sink.brk("\n\n", i);
                } else if !name.is_empty() && !src[i..end].starts_with("<!--") {
                    // Inline tags (a, strong, span…) join words; keep a boundary only where the
                    // source had one.
                }
                i = next;
                text_start = i;
            }
            b'&' => {
                let rest = &src[i..];
                let semi = rest.bytes().take(40).position(|c| c == b';');
                if let Some(semi) = semi {
                    let ent = &rest[..=semi];
                    let decoded = htmlize::unescape(ent);
                    if decoded != ent {
                        sink.range(text_start..i);
                        sink.decoded(&decoded, i..i + semi + 1);
                        i += semi + 1;
                        text_start = i;
                        continue;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    sink.range(text_start..src.len());
}

/// End (exclusive) of the tag starting at `start`, honouring quoted attribute values.
fn tag_close(src: &str, start: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut quote = 0u8;
    for (k, &c) in b.iter().enumerate().skip(start + 1) {
        match (quote, c) {
            (0, b'"' | b'\'') => quote = c,
            (q, c) if q != 0 && c == q => quote = 0,
            (0, b'>') => return Some(k + 1),
            (0, b'<') => return None,
            _ => {}
        }
    }
    None
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn find_ascii_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (from..h.len().saturating_sub(n.len() - 1)).find(|&k| h[k..k + n.len()].eq_ignore_ascii_case(n))
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/// Finds template placeholders in every syntax of the catalog (§6), sorted, non-overlapping.
fn find_placeholders(src: &str) -> Vec<Placeholder> {
    let mut out: Vec<Placeholder> = Vec::new();
    let b = src.as_bytes();
    let mut next = NextClose::new(src);
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b'{' => brace(&mut next, i),
            b'$' if b.get(i + 1) == Some(&b'{') => delimited(&mut next, i, "${", "}", false),
            b'[' if b.get(i + 1) == Some(&b'[') => delimited(&mut next, i, "[[", "]]", false),
            b'[' => bracket_field(&mut next, i),
            b'%' => percent(&mut next, i),
            b'*' if b.get(i + 1) == Some(&b'|') => delimited(&mut next, i, "*|", "|*", false),
            b'<' if b.get(i + 1) == Some(&b'<') => delimited(&mut next, i, "<<", ">>", false),
            _ => None,
        };
        match found {
            Some(p) => {
                i = p.orig.end;
                out.push(p);
            }
            None => i += 1,
        }
    }
    out
}

/// `str::find` of a closing delimiter, remembering the last answer per delimiter.
///
/// Every opener searches forward for its closer; on a draft of 100,000 unclosed `{{` that is
/// 100,000 scans to the end. The next occurrence at or after `from` is the same for every `from`
/// between the last search start and the occurrence it found (or the end, when none was), so
/// that answer is reused: the whole scan stays linear.
struct NextClose<'s> {
    src: &'s str,
    /// (closer, searched from, found at)
    memo: Vec<(&'static str, usize, Option<usize>)>,
}

impl<'s> NextClose<'s> {
    fn new(src: &'s str) -> Self {
        NextClose {
            src,
            memo: Vec::new(),
        }
    }

    /// Absolute position of the first `close` at or after `from`.
    fn find(&mut self, from: usize, close: &'static str) -> Option<usize> {
        let slot = self.memo.iter().position(|(c, _, _)| *c == close);
        if let Some(k) = slot {
            let (_, searched, found) = self.memo[k];
            if searched <= from && found.is_none_or(|f| f >= from) {
                return found;
            }
        }
        let found = self.src[from..].find(close).map(|e| from + e);
        match slot {
            Some(k) => self.memo[k] = (close, from, found),
            None => self.memo.push((close, from, found)),
        }
        found
    }
}

/// `{{ x }}`, `{{#if x}}`, `{% if x %}`, `{x}`, `{!Contact.FirstName}`.
fn brace(next: &mut NextClose<'_>, i: usize) -> Option<Placeholder> {
    let src = next.src;
    let rest = &src[i..];
    if let Some(body) = rest.strip_prefix("{{") {
        let end = next.find(i + 2, "}}")? - i - 2;
        let mut close = end + 4;
        if rest[close..].starts_with('}') {
            close += 1; // {{{raw}}}
        }
        let inner = body[..end].trim_start_matches('{').trim();
        return block_or_var(inner, i..i + close, &['#', '/', '^', '>', '!']);
    }
    if let Some(body) = rest.strip_prefix("{%") {
        let end = next.find(i + 2, "%}")? - i - 2;
        let inner = body[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        return Some(block(inner, i..i + end + 4));
    }
    delimited(next, i, "{", "}", true)
}

fn block_or_var(inner: &str, orig: Range<usize>, block_marks: &[char]) -> Option<Placeholder> {
    if inner.is_empty() || inner.len() > 80 {
        return None;
    }
    if inner.starts_with(block_marks) || inner.starts_with("else") {
        return Some(block(inner.trim_start_matches(block_marks), orig));
    }
    let name = inner.split('|').next().unwrap_or("").trim();
    if !is_field_name(name) {
        return None;
    }
    Some(Placeholder {
        name: normalise_name(name),
        orig,
        view: 0..0,
        block: None,
    })
}

/// A control block: remembers the whole expression and names its first variable.
fn block(inner: &str, orig: Range<usize>) -> Placeholder {
    let expr = inner.trim().to_ascii_lowercase();
    let var = expr
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .find(|w| {
            !w.is_empty()
                && !matches!(
                    *w,
                    "if" | "unless"
                        | "elsif"
                        | "elif"
                        | "else"
                        | "endif"
                        | "end"
                        | "for"
                        | "in"
                        | "and"
                        | "or"
                        | "not"
                        | "each"
                        | "with"
                )
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(normalise_name)
        .unwrap_or_default();
    Placeholder {
        name: var,
        orig,
        view: 0..0,
        block: Some(expr),
    }
}

fn delimited(
    next: &mut NextClose<'_>,
    i: usize,
    open: &str,
    close: &'static str,
    single_brace: bool,
) -> Option<Placeholder> {
    let src = next.src;
    let rest = &src[i + open.len()..];
    let end = next.find(i + open.len(), close)? - (i + open.len());
    let inner = rest[..end].trim();
    let inner = if single_brace {
        inner.trim_start_matches('!')
    } else {
        inner
    };
    if !is_field_name(inner) {
        return None;
    }
    Some(Placeholder {
        name: normalise_name(inner),
        orig: i..i + open.len() + end + close.len(),
        view: 0..0,
        block: None,
    })
}

/// `%NAME%` / `%%Name%%`: an identifier-like name, no spaces.
fn percent(next: &mut NextClose<'_>, i: usize) -> Option<Placeholder> {
    let src = next.src;
    let open = if src[i..].starts_with("%%") {
        "%%"
    } else {
        "%"
    };
    let rest = &src[i + open.len()..];
    let end = next.find(i + open.len(), open)? - (i + open.len());
    let inner = &rest[..end];
    if inner.is_empty()
        || inner.contains(' ')
        || !inner.chars().next()?.is_ascii_alphabetic()
        || !is_field_name(inner)
    {
        return None;
    }
    Some(Placeholder {
        name: normalise_name(inner),
        orig: i..i + open.len() + end + open.len(),
        view: 0..0,
        block: None,
    })
}

/// `[Patient Name]`, `[FIRST_NAME]`: 1–4 capitalised words; not a Markdown link (`](`).
fn bracket_field(next: &mut NextClose<'_>, i: usize) -> Option<Placeholder> {
    let src = next.src;
    let rest = &src[i + 1..];
    let end = next.find(i + 1, "]")? - (i + 1);
    let inner = &rest[..end];
    let after = &rest[end + 1..];
    if after.starts_with('(')
        || after.starts_with('[')
        || after.starts_with(':')
        || inner.is_empty()
        || inner.len() > 40
    {
        return None;
    }
    let words: Vec<&str> = inner.split([' ', '_']).filter(|w| !w.is_empty()).collect();
    let ok = !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '\'' || c == '-')
        });
    if !ok {
        return None;
    }
    Some(Placeholder {
        name: normalise_name(inner),
        orig: i..i + 1 + end + 1,
        view: 0..0,
        block: None,
    })
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ' ' | '-'))
        && s.split_whitespace().count() <= 4
}

/// `Patient.First Name` → `first_name`; `{!Contact.FirstName}` → `first_name`.
pub(crate) fn normalise_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    let mut prev_lower = false;
    for c in raw.trim().chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        match c {
            ' ' | '-' | '.' => out.push('_'),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    let mut name = out.trim_matches('_').to_string();
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    for prefix in [
        "patient_",
        "contact_",
        "pt_",
        "client_",
        "customer_",
        "recipient_",
        "user_",
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if !rest.is_empty() && rest != "name" {
                return rest.to_string();
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(s: &str, f: InputFormat) -> String {
        Draft::parse(s, f).text
    }

    proptest::proptest! {
        /// The ASCII fast path segments exactly as unicode-segmentation does.
        #[test]
        fn ascii_sentence_breaks_match_uax29(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Ab", "dr", "U", "S", "3", "42", ".", "!", "?", "...", " ", "  ", "\t",
                    "\n", "\r\n", "\r", "\"", "'", "(", ")", "]", ",", "-", ":", ";", "#", "$",
                    "e.g.", "the", "The", "*", "_", "\u{2014}", "\u{2013}", "\u{00B0}",
                    "\u{2022}", "\u{1F60A}", "\u{1F3E5}", "\u{E000}",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let ours: Vec<(usize, &str)> = sentence_bounds(&text).collect();
            let theirs: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// The ASCII word fast path finds the words unicode-segmentation finds.
        #[test]
        fn ascii_word_starts_match_uax29(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Ab", "Z", "3", "42", "_", "__", ".", "'", ",", ";", ":", " ", "  ",
                    "\t", "\n", "\r\n", "-", "\"", "e.g.", "1,000.5", "don't", "#", "@",
                    "\u{2014}", "\u{2013}", "\u{00B0}", "\u{2022}", "\u{1F60A}", "\u{1F3E5}", "\u{E000}",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let theirs: Vec<usize> = text.unicode_word_indices().map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(word_starts(&text), theirs);
        }

        /// The ASCII fast path normalises a phrase exactly as the general one does.
        #[test]
        fn ascii_phrases_normalise_as_any_phrase_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Ab", "FOLLOW", "3", "-", "--", " ", "  ", "\t", "\n", "\r\n", "\r",
                    "\x0b", "\x0c", "'", "x-ray", "1-2", "A-1", ".", "_",
                ]),
                0..20,
            )
        ) {
            let phrase: String = parts.concat();
            proptest::prop_assert_eq!(
                normalise_ascii_phrase(&phrase),
                normalise_any_phrase(&phrase)
            );
        }
    }

    /// Every non-ASCII char the fast paths admit segments, in every context where a class
    /// matters, exactly as unicode-segmentation segments it.
    #[test]
    fn admitted_chars_segment_as_the_crate_does() {
        let contexts = [
            "a{}b",
            "A.{}b",
            "end. {}x",
            "end.{} Next",
            "Ok!{} no",
            "3{}4",
            "x.{}",
            "{}.",
            "a {} b",
            "Dr.{}Lee",
            "(wow.) {} then",
            "{}{}",
        ];
        let admitted = (0x80..=0x1F64F_u32)
            .filter_map(char::from_u32)
            .filter(|&c| segments_as_ascii(c.encode_utf8(&mut [0; 4])));
        let mut n = 0;
        for c in admitted {
            n += 1;
            for ctx in contexts {
                let text = ctx.replace("{}", c.encode_utf8(&mut [0; 4]));
                let ours: Vec<(usize, &str)> = sentence_bounds(&text).collect();
                let theirs: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
                assert_eq!(ours, theirs, "sentences of {text:?}");
                let words: Vec<usize> = text.unicode_word_indices().map(|(i, _)| i).collect();
                assert_eq!(word_starts(&text), words, "words of {text:?}");
            }
        }
        assert!(n > 500, "{n} chars admitted");
    }

    #[test]
    fn curly_quotes_and_nbsp_are_folded() {
        let d = Draft::parse("We\u{2019}re\u{00A0}sorry", InputFormat::Text);
        assert_eq!(d.text, "We're sorry");
        assert_eq!(d.to_original(2..3), 2..5);
    }

    #[test]
    fn hyphen_between_letters_is_a_space_in_lower_view() {
        let d = Draft::parse("Your Follow-Up on 3-4", InputFormat::Text);
        assert_eq!(d.lower, "your follow up on 3-4");
    }

    #[test]
    fn markdown_keeps_link_text_and_drops_url_and_code() {
        let v = view_of("See [our page](https://x.example/root-canal) and `root canal`.\n\n```\nroot canal\n```", InputFormat::Markdown);
        assert!(v.contains("our page"));
        assert!(!v.contains("root"), "{v:?}");
    }

    #[test]
    fn markdown_emphasis_maps_back_to_original() {
        let src = "We hope **your root canal** went well";
        let d = Draft::parse(src, InputFormat::Markdown);
        let at = d.lower.find("root canal").unwrap();
        assert_eq!(&src[d.to_original(at..at + 10)], "root canal");
    }

    #[test]
    fn html_entities_are_decoded_and_scripts_dropped() {
        let v = view_of(
            "<p>Tom &amp; Jerry&rsquo;s</p><script>var x='root canal'</script><p>Hi</p>",
            InputFormat::Html,
        );
        assert_eq!(v.trim(), "Tom & Jerry's\n\nHi");
    }

    #[test]
    fn placeholders_in_every_syntax_are_tokens() {
        let src = "{{patient_name}} {{ first_name | capitalize }} {name} ${dob} [Patient Name] [[mrn]] %NAME% %%Provider%% *|FNAME|* <<last_name>> {!Contact.FirstName}";
        let d = Draft::parse(src, InputFormat::Text);
        let names: Vec<&str> = d.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "patient_name",
                "first_name",
                "name",
                "dob",
                "patient_name",
                "mrn",
                "name",
                "provider",
                "fname",
                "last_name",
                "first_name"
            ]
        );
        assert_eq!(d.text.matches(PLACEHOLDER_CHAR).count(), 11);
    }

    #[test]
    fn liquid_block_condition_is_kept() {
        let d = Draft::parse(
            "{% if survey_score >= 9 %}Review us{% endif %}",
            InputFormat::Text,
        );
        assert_eq!(d.placeholders[0].name, "survey_score");
        assert_eq!(
            d.placeholders[0].block.as_deref(),
            Some("if survey_score >= 9")
        );
    }

    #[test]
    fn markdown_link_is_not_a_bracket_placeholder() {
        let d = Draft::parse("[Book Now](https://x.example)", InputFormat::Markdown);
        assert!(d.placeholders.is_empty());
    }

    #[test]
    fn doctor_abbreviation_does_not_split_a_sentence() {
        let d = Draft::parse("Dr. Lee saw you. Thanks.", InputFormat::Text);
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(
            &d.text[d.sentences[0].0.clone()].trim(),
            &"Dr. Lee saw you."
        );
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let d = Draft::parse("One.\n\nTwo.\nThree.", InputFormat::Text);
        assert_eq!(d.paragraphs.len(), 2);
    }

    #[test]
    fn unterminated_template_tags_do_not_panic() {
        for src in [
            "{%}", "{{}", "{%", "{{", "${", "[[", "*|", "<<", "%%", "{!}",
        ] {
            let _ = Draft::parse(src, InputFormat::Text);
        }
    }
}
