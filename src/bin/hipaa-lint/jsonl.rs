//! `check --jsonl`: JSON-lines records on stdin, one output line per record, in input order.
//!
//! Scorers depend on this exact shape: `{"id": …, "findings": […]}` (the `id` echoed when the
//! record has one). Records are checked in parallel a batch at a time and printed in order; a bad
//! record stops the run with exit code 2 after the records before it are printed.
//!
//! A record whose `text` is over the size cap is not checked but does not stop the run: its line
//! is `{"id": …, "findings": [], "error": "…"}`, the error goes to stderr too, and the exit code
//! is 2. A line too long to hold a text within the cap (see [`line_limit`]) is dropped as it is
//! read, unparsed, so its line has no `id`.

use crate::args::CheckArgs;
use crate::check::Configs;
use crate::fail;
use crate::inputs::too_large;
use crate::render::json::findings;
use hipaa_lint::{CheckOptions, InputFormat, Linter, Report, Severity};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Records per parallel batch: enough to keep both cores busy, small enough to stream.
const BATCH: usize = 256;

/// Room on a line for the `id` and other fields besides the text.
const RECORD_SLACK: u64 = 64 * 1024;

/// The longest line worth parsing for a text of at most `cap` bytes: JSON escaping takes at most
/// six bytes per byte of text (`\u0001`), plus [`RECORD_SLACK`]. Any text within the cap fits,
/// however it is escaped; a longer line cannot hold one and is not kept in memory.
fn line_limit(cap: u64) -> u64 {
    cap.saturating_mul(6).saturating_add(RECORD_SLACK)
}

/// One record of a batch.
enum Entry {
    /// A record to check, with its options.
    Check(serde_json::Value, CheckOptions),
    /// A record refused for its size: its `id` when it could be parsed, and the error.
    TooLarge(Option<serde_json::Value>, String),
}

pub fn run(a: &CheckArgs) -> ExitCode {
    let near = a
        .paths
        .first()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let mut configs = match Configs::new(a.config.as_deref(), &a.packs) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let resolved = match configs.for_path(Some(&near)) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let fail_on: Severity = a
        .fail_on
        .map(Into::into)
        .or(resolved.config.fail_on)
        .unwrap_or(Severity::Warning);
    let base = CheckOptions {
        kind: a.kind.map(Into::into).unwrap_or_default(),
        practice_type: a.practice_type.clone(),
        redact: a.redact,
        ..Default::default()
    };
    let forced_format = a.input_format.map(InputFormat::from);
    let cap = crate::check::size_cap(a, &resolved);
    // Our own buffer so we can see when no more input is buffered: a batch is cut there rather
    // than blocking on a read, so a caller that writes one record and waits for its line works.
    let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin().lock());
    let mut n = 0usize;
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    let mut refused = false;
    loop {
        // Parse a batch sequentially so an error is reported at its line, after the records
        // before it have been printed.
        let mut batch: Vec<Entry> = Vec::with_capacity(BATCH);
        let mut error = None;
        let mut done = false;
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            n += 1;
            let len = match read_line_bounded(&mut reader, &mut bytes, line_limit(cap)) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(len) => len,
                Err(e) => {
                    error = Some(format!("<stdin>:{n}: {e}"));
                    break;
                }
            };
            if len > line_limit(cap) {
                batch.push(Entry::TooLarge(
                    None,
                    format!(
                        "<stdin>:{n}: a line of {len} bytes cannot hold a text within the size cap of {cap} bytes, not checked (raise it with --max-file-size or max_file_size)"
                    ),
                ));
            } else {
                let Ok(line) = std::str::from_utf8(&bytes) else {
                    error = Some(format!("<stdin>:{n}: stream did not contain valid UTF-8"));
                    break;
                };
                if !line.trim().is_empty() {
                    match record(line.trim_end_matches(['\n', '\r']), &base, forced_format) {
                        Ok((rec, opts)) => batch.push(match text_len(&rec) {
                            len if len > cap => Entry::TooLarge(
                                rec.get("id").cloned(),
                                too_large(&format!("<stdin>:{n}"), Some(len), cap),
                            ),
                            _ => Entry::Check(rec, opts),
                        }),
                        Err(e) => {
                            error = Some(format!("<stdin>:{n}: {e}"));
                            break;
                        }
                    }
                }
            }
            if batch.len() == BATCH || (!batch.is_empty() && reader.buffer().is_empty()) {
                break;
            }
        }
        // Each record's id, and its report or why it was not checked.
        let outcomes: Vec<(Option<serde_json::Value>, Result<Report, String>)> = batch
            .into_par_iter()
            .map(|e| match e {
                Entry::Check(rec, opts) => (
                    rec.get("id").cloned(),
                    Ok(check(&resolved.linter, &rec, &opts)),
                ),
                Entry::TooLarge(id, msg) => (id, Err(msg)),
            })
            .collect();
        for (id, outcome) in outcomes {
            let mut obj = serde_json::Map::new();
            if let Some(id) = id {
                obj.insert("id".into(), id);
            }
            match outcome {
                Ok(report) => {
                    failed |= report.has_at_least(fail_on);
                    obj.insert("findings".into(), findings(&report.findings));
                }
                Err(msg) => {
                    eprintln!("hipaa-lint: error: {msg}");
                    refused = true;
                    obj.insert("findings".into(), serde_json::Value::Array(Vec::new()));
                    obj.insert("error".into(), msg.into());
                }
            }
            if writeln!(stdout, "{}", serde_json::Value::Object(obj)).is_err() {
                return ExitCode::from(2);
            }
        }
        if let Some(e) = error {
            let _ = stdout.flush();
            return fail(e);
        }
        if stdout.flush().is_err() {
            return ExitCode::from(2);
        }
        if done {
            break;
        }
    }
    if refused {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads one line, its `\n` included, into `buf`, keeping at most `limit` bytes of it; the rest
/// of a longer line is read and dropped, so one huge line cannot exhaust memory. Returns the
/// line's full length: 0 at the end of input, more than `limit` when bytes were dropped.
fn read_line_bounded(r: &mut impl BufRead, buf: &mut Vec<u8>, limit: u64) -> std::io::Result<u64> {
    let mut total = 0u64;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(total);
        }
        let (used, end) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = usize::try_from(limit.saturating_sub(buf.len() as u64)).unwrap_or(usize::MAX);
        buf.extend_from_slice(&avail[..used.min(room)]);
        r.consume(used);
        total += used as u64;
        if end {
            return Ok(total);
        }
    }
}

/// The byte length of a record's `text` (already checked to be a string).
fn text_len(rec: &serde_json::Value) -> u64 {
    rec.get("text")
        .and_then(|t| t.as_str())
        .map_or(0, |t| t.len() as u64)
}

fn check(linter: &Linter, rec: &serde_json::Value, opts: &CheckOptions) -> Report {
    let text = rec.get("text").and_then(|t| t.as_str()).unwrap_or("");
    linter.check_with(text, opts)
}

/// Parses one record and its per-record options.
fn record(
    line: &str,
    base: &CheckOptions,
    forced_format: Option<InputFormat>,
) -> Result<(serde_json::Value, CheckOptions), String> {
    let rec: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Some(text) = rec.get("text").and_then(|t| t.as_str()) else {
        return Err("key `text`: missing or not a string".into());
    };
    let mut opts = base.clone();
    if let Some(k) = rec.get("kind").and_then(|k| k.as_str()) {
        opts.kind = k.parse().map_err(|e| format!("key `kind`: {e}"))?;
    }
    if let Some(p) = rec.get("practice_type").and_then(|k| k.as_str()) {
        opts.practice_type = Some(p.to_string());
    }
    opts.format = if let Some(f) = forced_format {
        f
    } else if let Some(f) = rec.get("format").and_then(|k| k.as_str()) {
        match f {
            "markdown" | "md" => InputFormat::Markdown,
            "html" => InputFormat::Html,
            _ => InputFormat::Text,
        }
    } else if looks_like_html(text) {
        InputFormat::Html
    } else {
        InputFormat::Text
    };
    Ok((rec, opts))
}

/// A record without a format that starts with a tag is HTML.
fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('<')
        && [
            "<p", "<div", "<br", "<span", "<ul", "<h", "<a ", "<strong", "<em",
        ]
        .iter()
        .any(|tag| t.to_ascii_lowercase().contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line as (bytes kept, full length) until the end of input.
    fn lines(input: &[u8], limit: u64) -> Vec<(Vec<u8>, u64)> {
        // A tiny buffer so lines span several fills.
        let mut r = BufReader::with_capacity(3, input);
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line_bounded(&mut r, &mut buf, limit).unwrap() {
                0 => return out,
                n => out.push((buf, n)),
            }
        }
    }

    #[test]
    fn bounded_lines_keep_at_most_the_limit_and_count_every_byte() {
        assert_eq!(
            lines(b"abcd\nabcdefgh\nab", 5),
            vec![
                (b"abcd\n".to_vec(), 5),
                (b"abcde".to_vec(), 9),
                (b"ab".to_vec(), 2)
            ]
        );
        assert_eq!(lines(b"", 5), vec![]);
        assert_eq!(lines(b"\n\n", 0), vec![(vec![], 1), (vec![], 1)]);
    }
}
