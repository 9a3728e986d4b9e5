//! Finding the drafts to check: files, directories (gitignore-aware) and stdin, and reading them.

use crate::render::{Failure, FileError};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Extensions of drafts looked for when walking a directory. A file named on the command line is
/// checked whatever its extension.
pub const EXTENSIONS: [&str; 16] = [
    "txt",
    "text",
    "md",
    "markdown",
    "html",
    "htm",
    "liquid",
    "hbs",
    "handlebars",
    "mustache",
    "j2",
    "jinja",
    "jinja2",
    "njk",
    "tmpl",
    "tpl",
];

/// An ignore file of our own, for trees that want to skip drafts git still tracks.
pub const IGNORE_FILE: &str = ".hipaa-lintignore";

/// Where a draft comes from.
#[derive(Clone, Debug)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// One draft to check.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name printed in output.
    pub display: String,
    /// The path used for config discovery, per-glob kinds and markup (for stdin: the
    /// `--stdin-filename`, if any).
    pub path: Option<PathBuf>,
    pub source: Source,
}

/// The outcome of reading one input.
pub enum Loaded {
    /// The text without a UTF-8 byte-order mark, and whether it had one (`--fix` puts it back).
    Text(String, bool),
    /// Skipped with a notice (binary, not UTF-8).
    Skipped(String),
    /// Not checked: an I/O error, or larger than the size cap (exit code 2).
    Failed(String),
}

/// Bytes read within a size cap.
#[derive(Clone, Debug)]
pub enum Capped {
    Bytes(Vec<u8>),
    /// More than the cap; nothing past `cap + 1` bytes was read. The size, when the file
    /// system knew it.
    TooLarge(Option<u64>),
}

/// Reads at most `cap + 1` bytes: enough to tell that an input is over the cap without ever
/// holding more of it, so a stray dump, a device or an endless pipe cannot exhaust memory.
pub fn read_capped(r: impl Read, cap: u64) -> std::io::Result<Capped> {
    let mut buf = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
    Ok(if buf.len() as u64 > cap {
        Capped::TooLarge(None)
    } else {
        Capped::Bytes(buf)
    })
}

/// A file within the cap. The size is checked first so a large regular file is refused
/// unopened; the read is bounded too, for files that grow or report no size (FIFOs, devices).
fn read_file(p: &Path, cap: u64) -> std::io::Result<Capped> {
    let len = std::fs::metadata(p)?.len();
    if len > cap {
        return Ok(Capped::TooLarge(Some(len)));
    }
    read_capped(std::fs::File::open(p)?, cap)
}

/// The error for an input over the cap: names it, the cap, and how to raise it.
pub fn too_large(display: &str, size: Option<u64>, cap: u64) -> String {
    let size = size.map_or_else(String::new, |n| format!(" ({n} bytes)"));
    format!(
        "{display}: larger than the size cap of {cap} bytes{size}, not checked (raise it with --max-file-size or max_file_size)"
    )
}

/// Inputs found, and the directories that could not be walked (I/O errors, reported with exit
/// code 2 after the rest is checked).
pub struct Collected {
    pub inputs: Vec<Input>,
    pub errors: Vec<FileError>,
}

/// Expands the command-line paths into inputs, in a stable order: arguments in the order given,
/// each directory's files sorted by path. A file reached twice (`check . a.md`) is checked once.
pub fn collect(paths: &[PathBuf], stdin_filename: Option<&Path>) -> Result<Collected, String> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut stdin_seen = false;
    let mut seen = std::collections::HashSet::new();
    let mut first_time =
        |p: &Path| seen.insert(p.canonicalize().unwrap_or_else(|_| p.to_path_buf()));
    for p in paths {
        if p.as_os_str() == "-" {
            if stdin_seen {
                return Err("`-` (stdin) given more than once".into());
            }
            stdin_seen = true;
            out.push(Input {
                display: stdin_filename.map_or_else(|| "-".to_string(), display),
                path: stdin_filename.map(Path::to_path_buf),
                source: Source::Stdin,
            });
        } else if p.is_dir() {
            let (files, errs) = walk(p);
            errors.extend(errs);
            for f in files.into_iter().filter(|f| first_time(f)) {
                out.push(Input {
                    display: display(&f),
                    path: Some(f.clone()),
                    source: Source::File(f),
                });
            }
        } else if p.exists() {
            if !first_time(p) {
                continue;
            }
            out.push(Input {
                display: display(p),
                path: Some(p.clone()),
                source: Source::File(p.clone()),
            });
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    Ok(Collected {
        inputs: out,
        errors,
    })
}

/// A path as printed: forward slashes kept as given, a leading `./` dropped.
fn display(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// The draft files under `dir`, honouring `.gitignore` (inside or outside a git repository),
/// `.ignore` and `.hipaa-lintignore`, skipping hidden files. Walked in parallel, then sorted so
/// output order never depends on thread timing.
fn walk(dir: &Path) -> (Vec<PathBuf>, Vec<FileError>) {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    ignore::WalkBuilder::new(dir)
        .require_git(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let e = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        errors
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(walk_error(&err));
                        return ignore::WalkState::Continue;
                    }
                };
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                let ext_ok = e
                    .path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                if is_file && ext_ok {
                    found
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(e.into_path());
                }
                ignore::WalkState::Continue
            })
        });
    let mut v = found.into_inner().unwrap_or_else(|p| p.into_inner());
    v.sort();
    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    (v, errors)
}

/// A walk error, with the path it is about when the walker says.
fn walk_error(err: &ignore::Error) -> FileError {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    FileError {
        failure: Failure::Walk,
        path: path_of(err).map(display),
        message: err.to_string(),
    }
}

/// Reads an input as UTF-8 text, refusing one over `cap` bytes. Binary files (a NUL byte in
/// the first 8 KiB) and files that are not UTF-8 are skipped, never decoded lossily: a mangled
/// draft would give wrong spans. `stdin` is stdin already read (with the same cap), if it was.
pub fn read(input: &Input, stdin: Option<&Capped>, cap: u64) -> Loaded {
    let capped = match &input.source {
        Source::Stdin => match stdin {
            Some(c) => Ok(c.clone()),
            None => read_capped(std::io::stdin().lock(), cap),
        },
        Source::File(p) => read_file(p, cap),
    };
    let bytes = match capped {
        Ok(Capped::Bytes(b)) => b,
        Ok(Capped::TooLarge(size)) => return Loaded::Failed(too_large(&input.display, size, cap)),
        Err(e) => return Loaded::Failed(format!("{}: {e}", input.display)),
    };
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Loaded::Skipped(format!("{}: binary file, skipped", input.display));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            // A UTF-8 byte-order mark is not part of the draft.
            let bom = s.starts_with('\u{feff}');
            if bom {
                s.replace_range(..3, "");
            }
            Loaded::Text(s, bom)
        }
        Err(e) => Loaded::Skipped(format!(
            "{}: not UTF-8 (invalid byte at offset {}), skipped",
            input.display,
            e.utf8_error().valid_up_to()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_error_names_the_path_it_is_about() {
        let err = ignore::Error::WithDepth {
            depth: 2,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("./replies/private"),
                err: Box::new(ignore::Error::Io(std::io::Error::from(
                    std::io::ErrorKind::PermissionDenied,
                ))),
            }),
        };
        let e = walk_error(&err);
        assert_eq!(e.failure, Failure::Walk);
        assert_eq!(e.path.as_deref(), Some("replies/private"));
        assert_eq!(e.message, err.to_string());
    }
}
