//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::msg`.
//!
//! Paths that could not be searched, checked or fixed follow as `::error file=…,title=…::msg`
//! (without `file=` when the error is about no one path), so a run that exits 2 shows why.
//!
//! Messages never quote the draft, so this format is safe under `--redact` as it is.

use super::{region, FileError, FileResult};
use hipaa_lint::Severity;

/// Escapes a command's message (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`, which delimit properties).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(results: &[FileResult], errors: &[FileError]) -> String {
    let mut out = String::new();
    for r in results {
        for f in &r.report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (line, col, end_line, end_col) = region(&r.text, f);
            let mut props = format!("file={},line={line}", escape_property(&r.path));
            // Columns only make sense on one line: GitHub rejects them on a multi-line range.
            if end_line == line {
                props.push_str(&format!(
                    ",col={col},endLine={end_line},endColumn={end_col}"
                ));
            } else {
                props.push_str(&format!(",endLine={end_line}"));
            }
            props.push_str(&format!(
                ",title={}",
                escape_property(&format!("hipaa-lint {}", f.rule))
            ));
            out.push_str(&format!(
                "::{command} {props}::{}\n",
                escape_data(&f.message)
            ));
        }
    }
    for e in errors {
        let file = e
            .path
            .as_deref()
            .map_or_else(String::new, |p| format!("file={},", escape_property(p)));
        out.push_str(&format!(
            "::error {file}title=hipaa-lint::{}\n",
            escape_data(&e.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_cr_lf() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
    }

    #[test]
    fn property_also_escapes_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    fn error(path: Option<&str>, message: &str) -> FileError {
        FileError {
            failure: crate::render::Failure::Walk,
            path: path.map(str::to_string),
            message: message.to_string(),
        }
    }

    #[test]
    fn an_error_is_an_error_command_on_its_file() {
        assert_eq!(
            render(&[], &[error(Some("a,b.txt"), "a,b.txt: 100% too big")]),
            "::error file=a%2Cb.txt,title=hipaa-lint::a,b.txt: 100%25 too big\n"
        );
    }

    #[test]
    fn an_error_about_no_one_path_has_no_file_property() {
        assert_eq!(
            render(&[], &[error(None, "walk failed")]),
            "::error title=hipaa-lint::walk failed\n"
        );
    }
}
