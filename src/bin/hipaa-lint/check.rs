//! `hipaa-lint check`: resolve configs, read inputs, check them in parallel, render in input order.

use crate::args::{CheckArgs, Format};
use crate::inputs::{self, Input, Loaded, Source};
use crate::render::{self, Failure, FileError, FileResult, RenderOptions};
use crate::{fail, fix, notice};
use hipaa_lint::{CheckOptions, Config, InputFormat, Linter, Pack, Severity};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// A config and the linter compiled from it, shared by every file it governs.
pub struct Resolved {
    pub config: Config,
    /// Never dropped: linters live until the process exits, and freeing a built-in linter's
    /// tens of thousands of allocations would add 3% to a one-file run.
    pub linter: std::mem::ManuallyDrop<Linter>,
}

/// Loads configs and compiles one linter per distinct config file, so a tree with one config
/// compiles its packs once.
pub struct Configs {
    /// `--pack` files, added to every config's packs.
    extra_packs: Vec<PathBuf>,
    explicit: Option<Arc<Resolved>>,
    by_file: HashMap<Option<PathBuf>, Arc<Resolved>>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
}

impl Configs {
    /// With `--config FILE`, that file governs everything; `extra_packs` (`--pack`) run under
    /// every config.
    pub fn new(explicit: Option<&Path>, extra_packs: &[PathBuf]) -> Result<Self, String> {
        let explicit = match explicit {
            Some(p) => Some(Arc::new(resolve(
                Config::from_file(p).map_err(|e| e.to_string())?,
                extra_packs,
            )?)),
            None => None,
        };
        Ok(Configs {
            extra_packs: extra_packs.to_vec(),
            explicit,
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
        })
    }

    /// The config governing a draft at `path` (the closest `.hipaa-lint.toml` above it; for
    /// stdin without a name, the current directory's).
    pub fn for_path(&mut self, path: Option<&Path>) -> Result<Arc<Resolved>, String> {
        if let Some(r) = &self.explicit {
            return Ok(r.clone());
        }
        let dir = match path {
            Some(p) if p.is_dir() => p.to_path_buf(),
            Some(p) => match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            },
            None => PathBuf::from("."),
        };
        let file = self
            .by_dir
            .entry(dir.clone())
            .or_insert_with(|| Config::find(&dir))
            .clone();
        if let Some(r) = self.by_file.get(&file) {
            return Ok(r.clone());
        }
        let config = match &file {
            Some(f) => Config::from_file(f).map_err(|e| e.to_string())?,
            None => Config::default(),
        };
        let r = Arc::new(resolve(config, &self.extra_packs)?);
        self.by_file.insert(file, r.clone());
        Ok(r)
    }

    /// Every distinct linter in use, for renderers that list rules (SARIF).
    pub fn linters(&self) -> Vec<&Linter> {
        self.explicit
            .iter()
            .chain(self.by_file.values())
            .map(|r| &*r.linter)
            .collect()
    }
}

fn resolve(config: Config, extra_packs: &[PathBuf]) -> Result<Resolved, String> {
    let mut builder = Linter::builder().config(config.clone());
    for path in extra_packs {
        builder = builder.pack(Pack::from_file(path).map_err(|e| e.to_string())?);
    }
    let linter = builder.build().map_err(|e| e.to_string())?;
    Ok(Resolved {
        config,
        linter: std::mem::ManuallyDrop::new(linter),
    })
}

pub fn run(a: CheckArgs) -> ExitCode {
    if a.jsonl {
        return crate::jsonl::run(&a);
    }
    // `--stdin-filename` alone means the draft comes on stdin, as in ruff.
    let paths = if a.paths.is_empty() && a.stdin_filename.is_some() {
        vec![PathBuf::from("-")]
    } else if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let mut configs = match Configs::new(a.config.as_deref(), &a.packs) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    if a.dump_config {
        return dump_config(&a, &paths[0], &mut configs);
    }
    let collected = match inputs::collect(&paths, a.stdin_filename.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let inputs = collected.inputs;
    if inputs.is_empty() && !a.quiet {
        // Most likely a wrong path or an unexpected extension; say what was looked for.
        notice(format!(
            "no drafts found (files named on the command line are always checked; directories are searched for .{})",
            inputs::EXTENSIONS.join(", .")
        ));
    }
    // Resolve every input's config before the parallel phase: a broken config stops the run.
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        match configs.for_path(input.path.as_deref()) {
            Ok(r) => jobs.push((input, r)),
            Err(e) => return fail(e),
        }
    }
    let stdin = match jobs.iter().find(|(i, _)| matches!(i.source, Source::Stdin)) {
        Some((_, r)) => match inputs::read_capped(std::io::stdin().lock(), size_cap(&a, r)) {
            Ok(c) => Some(c),
            Err(e) => return fail(format!("-: {e}")),
        },
        None => None,
    };
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map(|(input, r)| check_one(&a, input, r, stdin.as_ref()))
        .collect();
    let mut errors = collected.errors;
    for e in &errors {
        eprintln!("hipaa-lint: error: {e}");
    }
    let mut failed = false;
    let mut results = Vec::with_capacity(outcomes.len());
    let mut skipped = Vec::new();
    let mut diffs = String::new();
    let mut fixed_stdin = None;
    for o in outcomes {
        match o {
            Outcome::Checked(r, fail_on, fixed) => {
                match fixed {
                    Fixed::Nothing => {}
                    Fixed::Written => {
                        if !a.quiet {
                            notice(format!("fixed {}", r.path));
                        }
                    }
                    Fixed::Stdout(t) => fixed_stdin = Some(t),
                    Fixed::Diff(d) => diffs.push_str(&d),
                    Fixed::Failed(msg) => {
                        eprintln!("hipaa-lint: error: {msg}");
                        errors.push(FileError {
                            failure: Failure::Fix,
                            path: Some(r.path.clone()),
                            message: msg,
                        });
                    }
                }
                failed |= r.report.has_at_least(fail_on);
                results.push(r);
            }
            Outcome::Skipped(msg) => {
                if !a.quiet {
                    notice(&msg);
                }
                skipped.push(msg);
            }
            Outcome::Failed(e) => {
                eprintln!("hipaa-lint: error: {e}");
                errors.push(e);
            }
        }
    }
    let io_error = !errors.is_empty();
    if a.diff {
        // Only the diff is printed, so it can be piped into `git apply`; the exit code says
        // whether there was one.
        if !a.quiet {
            crate::emit(&diffs);
        }
        return if io_error {
            ExitCode::from(2)
        } else if diffs.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    if let Some(t) = fixed_stdin {
        // Editors pipe a buffer through `check --fix -` and take stdout as the new buffer.
        crate::emit(&t);
    } else if !a.quiet {
        let ropts = RenderOptions {
            redact: a.redact,
            skipped,
            errors,
            color: a.format == Format::Text && render::text::color_wanted(),
        };
        // A closed pipe (`| head`) is not an error of the check: the exit code still tells.
        crate::emit(&render(&a, &results, &configs, &ropts));
    }
    if io_error {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--dump-config`: the config that governs `first` (for stdin, the `--stdin-filename`).
fn dump_config(a: &CheckArgs, first: &Path, configs: &mut Configs) -> ExitCode {
    let near = if first.as_os_str() == "-" {
        a.stdin_filename.clone()
    } else {
        Some(first.to_path_buf())
    };
    match configs.for_path(near.as_deref()) {
        Ok(r) => {
            let from = r.config.path.as_ref().map_or_else(
                || "built-in defaults".to_string(),
                |p| p.display().to_string(),
            );
            crate::emit(&format!("# resolved from {from}\n{}", r.config.to_toml()));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The whole output of a check in the chosen format.
fn render(a: &CheckArgs, results: &[FileResult], configs: &Configs, o: &RenderOptions) -> String {
    if a.statistics {
        return render::statistics(results, a.format);
    }
    match a.format {
        Format::Text => render::text::render(results, o),
        Format::Concise => render::text::concise(results),
        Format::Json => render::json::document(results, o),
        Format::JsonLines => render::json::lines(results),
        Format::Sarif => render::sarif::render(results, &configs.linters(), o),
        Format::Github => render::github::render(results, &o.errors),
    }
}

enum Outcome {
    Checked(FileResult, Severity, Fixed),
    Skipped(String),
    Failed(FileError),
}

/// What `--fix` or `--diff` did to one draft.
enum Fixed {
    /// Nothing asked, or nothing to change.
    Nothing,
    /// `--fix` wrote the file.
    Written,
    /// `--fix` on stdin: the fixed draft, printed instead of the findings.
    Stdout(String),
    /// `--diff`: the unified diff (never empty).
    Diff(String),
    /// `--fix` could not write the file (exit code 2); its findings are reported as they were.
    Failed(String),
}

/// The check options for one input: flags first, then the file's extension and the config's
/// per-glob kind. Shared by `check` and `rewrite`.
pub(crate) fn options_for(
    input: &Input,
    r: &Resolved,
    input_format: Option<crate::args::Markup>,
    kind: Option<crate::args::Kind>,
    practice_type: &Option<String>,
    redact: bool,
) -> CheckOptions {
    let format = input_format.map(Into::into).unwrap_or_else(|| {
        input
            .path
            .as_deref()
            .map_or(InputFormat::Text, InputFormat::from_path)
    });
    let kind = kind
        .map(Into::into)
        .or_else(|| input.path.as_deref().and_then(|p| r.config.kind_for(p)))
        .unwrap_or_default();
    CheckOptions {
        kind,
        format,
        practice_type: practice_type.clone(),
        redact,
    }
}

/// The size cap for drafts `r` governs: `--max-file-size`, else the config's.
pub(crate) fn size_cap(a: &CheckArgs, r: &Resolved) -> u64 {
    a.max_file_size.unwrap_or_else(|| r.config.max_file_size())
}

fn check_one(
    a: &CheckArgs,
    input: &Input,
    r: &Resolved,
    stdin: Option<&inputs::Capped>,
) -> Outcome {
    let (text, bom) = match inputs::read(input, stdin, size_cap(a, r)) {
        Loaded::Text(t, bom) => (t, bom),
        Loaded::Skipped(m) => return Outcome::Skipped(m),
        Loaded::Failed(message) => {
            return Outcome::Failed(FileError {
                failure: Failure::Read,
                path: Some(input.display.clone()),
                message,
            })
        }
    };
    let opts = options_for(input, r, a.input_format, a.kind, &a.practice_type, a.redact);
    let fail_on = a
        .fail_on
        .map(Into::into)
        .or(r.config.fail_on)
        .unwrap_or(Severity::Warning);
    let (text, fixed) = if a.fix || a.diff {
        match fix_one(a, input, r, &text, bom, &opts) {
            Ok(done) => done,
            Err(msg) => (text, Fixed::Failed(msg)),
        }
    } else {
        (text, Fixed::Nothing)
    };
    let report = r.linter.check_with(&text, &opts);
    Outcome::Checked(
        FileResult {
            path: input.display.clone(),
            text,
            report,
        },
        fail_on,
        fixed,
    )
}

/// `--fix`/`--diff` for one draft: the text to report on afterwards (the fixed one after a
/// write, else the original) and what was done. Fixes are computed on LF text without a BOM
/// and written back with the file's own line endings and BOM.
fn fix_one(
    a: &CheckArgs,
    input: &Input,
    r: &Resolved,
    text: &str,
    bom: bool,
    opts: &CheckOptions,
) -> Result<(String, Fixed), String> {
    let (lf, enc) = fix::Encoding::decode(text, bom);
    let fixed = fix::fixed_text(&r.linter, &lf, opts, a.unsafe_fixes);
    let old = enc.encode(&lf);
    let new = enc.encode(&fixed);
    if a.diff {
        // --diff wins over --fix: it promises to change no file.
        let d = fix::unified_diff(&input.display, &old, &new);
        let done = if d.is_empty() {
            Fixed::Nothing
        } else {
            Fixed::Diff(d)
        };
        return Ok((text.to_string(), done));
    }
    // What remains is reported on the text as written (CRLF kept, BOM off, as `read` gives
    // it), so spans are byte offsets into the file and match what a rerun reports.
    let as_read = new.strip_prefix('\u{feff}').unwrap_or(&new).to_string();
    match &input.source {
        Source::Stdin => Ok((as_read, Fixed::Stdout(new))),
        Source::File(_) if old == new => Ok((text.to_string(), Fixed::Nothing)),
        Source::File(p) => {
            fix::write_atomic(p, new.as_bytes())?;
            Ok((as_read, Fixed::Written))
        }
    }
}
