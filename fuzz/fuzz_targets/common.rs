// Shared by the targets: one linter per process, and the span invariants every report must keep.
use hipaa_lint::{CheckOptions, InputFormat, Linter, Report};
use std::sync::OnceLock;

pub fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(Linter::default)
}

/// The first byte picks the format, the rest is the draft (lossy UTF-8, as the CLI reads files).
pub fn split(data: &[u8]) -> Option<(InputFormat, String)> {
    let (&sel, rest) = data.split_first()?;
    let format = match sel % 3 {
        0 => InputFormat::Text,
        1 => InputFormat::Markdown,
        _ => InputFormat::Html,
    };
    Some((format, String::from_utf8_lossy(rest).into_owned()))
}

pub fn check(text: &str, format: InputFormat) -> Report {
    let report = linter().check_with(
        text,
        &CheckOptions {
            format,
            ..Default::default()
        },
    );
    assert_spans(text, &report);
    report
}

pub fn assert_spans(text: &str, report: &Report) {
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{f:?}");
        for s in &f.suggestions {
            for e in &s.edits {
                assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
                assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end), "{e:?}");
            }
        }
    }
}
