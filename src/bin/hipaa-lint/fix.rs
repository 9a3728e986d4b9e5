//! `check --fix`, `--unsafe-fixes` and `--diff`: computing the fixed draft, keeping the file's
//! encoding (UTF-8 BOM, CRLF line endings), printing unified diffs, and writing files atomically.

use hipaa_lint::{Applicability, CheckOptions, Edit, InputFormat, Linter, Report, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Safe-edit rounds before giving up: each round re-checks, so an edit that uncovers another
/// finding gets fixed too, but a pair of rules that keep undoing each other cannot loop forever.
const MAX_ROUNDS: usize = 4;

/// How a draft's bytes differ from the LF-only, BOM-less text the linter sees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Encoding {
    /// The file began with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Every line ended with CRLF.
    pub crlf: bool,
}

impl Encoding {
    /// Splits BOM-less file text into the LF text fixes are computed on and its encoding. Only
    /// files whose every line break is CRLF are normalised: in a file with mixed endings the
    /// CRs are left where they are (edits never touch them) rather than guessing which to keep.
    pub fn decode(text: &str, bom: bool) -> (String, Encoding) {
        let lf = text.matches('\n').count();
        let crlf = lf > 0 && text.matches("\r\n").count() == lf;
        let out = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        (out, Encoding { bom, crlf })
    }

    /// The file contents for LF text: line endings and the BOM put back as they were.
    pub fn encode(&self, lf: &str) -> String {
        let body = if self.crlf {
            lf.replace('\n', "\r\n")
        } else {
            lf.to_string()
        };
        if self.bom {
            format!("\u{feff}{body}")
        } else {
            body
        }
    }
}

/// The draft after `--fix`: safe edits applied (plus review edits with `unsafe_fixes`),
/// re-checked between rounds until nothing changes.
///
/// Plain text goes through [`Linter::rewrite`], which also swaps in a whole-reply template when
/// review edits are on. Markdown and HTML never get a whole-reply template (it would throw the
/// markup away): only per-span and per-sentence edits are applied, byte-exact, and what they
/// cannot fix stays reported.
pub fn fixed_text(linter: &Linter, text: &str, opts: &CheckOptions, unsafe_fixes: bool) -> String {
    if opts.format == InputFormat::Text {
        let mut out = linter.rewrite(text, opts, unsafe_fixes).text;
        // A whole-reply template has no final newline; the file had one and keeps it.
        if text.ends_with('\n') && !out.ends_with('\n') {
            out.push('\n');
        }
        return out;
    }
    let mut cur = text.to_string();
    for _ in 0..MAX_ROUNDS {
        let report = linter.check_with(&cur, opts);
        if !report.has_at_least(Severity::Warning) {
            break;
        }
        let next = apply_in_markup(&report, &cur, unsafe_fixes);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// Applies the first suggestion of each finding (safe ones, and review ones when
/// `include_review`) as byte ranges into `text`, leaving every byte outside the edits as it
/// was, so markup survives. Unlike [`Report::rewrite`] there is no global tidy pass (it would
/// collapse a Markdown hard break's two trailing spaces); only the space an edit leaves before
/// punctuation or another space is dropped. Whole-draft replacements are skipped.
pub fn apply_in_markup(report: &Report, text: &str, include_review: bool) -> String {
    let mut edits: Vec<&Edit> = report
        .findings
        .iter()
        .filter_map(|f| f.suggestions.first())
        .filter(|s| s.applicability == Applicability::Safe || include_review)
        .filter(|s| s.applicability != Applicability::HasPlaceholders)
        .flat_map(|s| s.edits.iter())
        .filter(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && !(e.start == 0 && e.end == text.len())
        })
        .collect();
    edits.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.start < at {
            continue; // overlaps an edit already applied
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.replacement);
        at = e.end;
        // "a voicemail ." or "two  spaces": the space before the gap goes.
        let rest = &text[at..];
        if out.ends_with(' ') && (rest.starts_with([' ', '.', ',', '!', '?', ';', ':'])) {
            out.pop();
        }
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff (three lines of context, `a/` and `b/` prefixes so `git apply` takes it) of
/// `old` to `new`; empty when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .missing_newline_hint(true)
        .to_string()
}

/// Replaces the contents of `path` with `bytes` so that a crash at any moment leaves either the
/// old file or the new one, never a truncated mix: see [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// [`write_atomic`] with a hook run after the temp file is complete and synced and just before
/// it is renamed over the original (tests inject a failure there, as a crash would).
///
/// The temp file is created (never reused) in the same directory, so the rename is atomic on
/// the same file system; it gets the original's permissions and is fsynced before the rename;
/// the directory is fsynced after it where the platform allows. A file or directory marked
/// read-only is refused even when running as root, which could otherwise write it: the user
/// marked it so for a reason. On any error the temp file is removed and the original untouched.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), String> {
    let shown = path.display();
    // Renaming over a symlink would replace the link with a plain file: write its target.
    let resolved = std::fs::canonicalize(path).map_err(|e| format!("{shown}: {e}"))?;
    let path = resolved.as_path();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if meta.permissions().readonly() {
        return Err(format!("{shown}: file is read-only, not fixed"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir_meta = std::fs::metadata(&dir).map_err(|e| format!("{shown}: {e}"))?;
    if dir_meta.permissions().readonly() {
        return Err(format!(
            "{shown}: directory {} is read-only, not fixed",
            dir.display()
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = create_temp(&dir, &name).map_err(|e| {
        format!(
            "{shown}: cannot create a temporary file in {}: {e}",
            dir.display()
        )
    })?;
    let result = (|| -> std::io::Result<()> {
        file.write_all(bytes)?;
        file.set_permissions(meta.permissions())?;
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        // Best effort: a leftover temp file is clutter, not damage.
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{shown}: not fixed: {e}"));
    }
    sync_dir(&dir);
    Ok(())
}

/// Creates a new temp file next to the original, named so a leftover is recognisable and is
/// not picked up by the directory walk (hidden, `.tmp`).
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.hipaa-lint-{pid}-{n}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary file name")))
}

/// Makes the rename durable. Directories cannot be opened for syncing on every platform, so a
/// failure here is ignored: the rename itself already happened atomically.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, contents: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join(name);
        std::fs::write(&p, contents).expect("write");
        (dir, p)
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_crash_before_rename_leaves_the_original_whole_and_no_temp_file() {
        let (dir, p) = scratch("reply.txt", "old contents\n");
        let mut seen = None;
        let r = write_atomic_with(&p, b"new contents, much longer than before\n", |tmp| {
            // At the last moment before the rename: the temp file sits beside the original and
            // holds all of the new text; the original is still the old text.
            seen = Some((
                tmp.parent().map(Path::to_path_buf),
                std::fs::read_to_string(tmp)?,
                std::fs::read_to_string(&p)?,
            ));
            Err(std::io::Error::other("simulated crash"))
        });
        let err = r.expect_err("injected failure is reported");
        assert!(err.contains("reply.txt"), "{err}");
        let (parent, tmp_text, orig_text) = seen.expect("hook ran");
        assert_eq!(parent.as_deref(), Some(dir.path()));
        assert_eq!(tmp_text, "new contents, much longer than before\n");
        assert_eq!(orig_text, "old contents\n");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "old contents\n");
        assert_eq!(entries(dir.path()), vec!["reply.txt".to_string()]);
    }

    #[test]
    fn a_write_replaces_the_contents_and_keeps_permissions() {
        let (dir, p) = scratch("reply.txt", "old\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        write_atomic(&p, b"new\n").expect("write");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(entries(dir.path()), vec!["reply.txt".to_string()]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink_and_its_target_is_written() {
        let (dir, p) = scratch("target.txt", "old\n");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&p, &link).expect("symlink");
        write_atomic(&link, b"new\n").expect("write");
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new\n");
        assert_eq!(
            entries(dir.path()),
            vec!["link.txt".to_string(), "target.txt".to_string()]
        );
    }

    #[test]
    fn a_read_only_file_is_refused_and_left_alone() {
        let (_dir, p) = scratch("reply.txt", "old\n");
        let mut perm = std::fs::metadata(&p).expect("meta").permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).expect("chmod");
        let err = write_atomic(&p, b"new\n").expect_err("refused");
        assert!(
            err.contains("reply.txt") && err.contains("read-only"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "old\n");
    }

    #[test]
    fn crlf_and_bom_round_trip() {
        let (lf, enc) = Encoding::decode("a\r\nb\r\n", true);
        assert_eq!(lf, "a\nb\n");
        assert_eq!(
            enc,
            Encoding {
                bom: true,
                crlf: true
            }
        );
        assert_eq!(enc.encode("a\nc\n"), "\u{feff}a\r\nc\r\n");
        // Mixed endings are left alone.
        let (mixed, enc) = Encoding::decode("a\r\nb\nc", false);
        assert_eq!(mixed, "a\r\nb\nc");
        assert!(!enc.crlf);
    }

    #[test]
    fn markup_edits_keep_every_other_byte() {
        let text = "**Thanks**,  Jane  \nsee <b>you</b>.";
        let report = Report {
            findings: vec![hipaa_lint::Finding {
                rule: "x".into(),
                category: hipaa_lint::Category::Phi,
                severity: Severity::Error,
                message: String::new(),
                span: hipaa_lint::Span::new(13, 17),
                line: 1,
                column: 14,
                text: None,
                references: vec![],
                suggestions: vec![hipaa_lint::Suggestion {
                    message: String::new(),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        start: 13,
                        end: 17,
                        replacement: String::new(),
                    }],
                }],
            }],
            suppressed: vec![],
        };
        // One of the spaces around the gap goes; the hard break and the tags are untouched.
        assert_eq!(
            apply_in_markup(&report, text, false),
            "**Thanks**,   \nsee <b>you</b>."
        );
    }

    #[test]
    fn diff_is_unified_with_paths() {
        let d = unified_diff("r.txt", "a\nb\nc\n", "a\nB\nc\n");
        assert!(
            d.starts_with("--- a/r.txt\n+++ b/r.txt\n@@ -1,3 +1,3 @@\n"),
            "{d}"
        );
        assert!(d.contains("-b\n+B\n"), "{d}");
        assert_eq!(unified_diff("r.txt", "x", "x"), "");
    }
}
