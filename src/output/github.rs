//! `--format github`: GitHub Actions workflow commands, one per finding,
//! which the runner turns into annotations on the pull request, and a
//! Markdown step summary.
//!
//! The runner reads every output line that starts with `::` as a command.
//! Each value is therefore escaped the way the runner unescapes it, following
//! `escapeData` and `escapeProperty` in the `@actions/core` toolkit: `%`, CR
//! and LF in the message, and also `:` and `,` in property values. After
//! escaping, a file name or message cannot end its command or start another.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::Path;

use super::{human, markdown};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};

/// The largest step summary GitHub accepts, in bytes; a larger one is not
/// shown at all.
pub const STEP_SUMMARY_LIMIT: u64 = 1024 * 1024;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    // The runner annotates only the first 10 commands of each kind in a
    // step, so errors go first and are never crowded out by notes.
    for severity in [Severity::Error, Severity::Warning, Severity::Note] {
        for diagnostic in report.diagnostics.iter().filter(|d| d.severity == severity) {
            out.push_str(&command(diagnostic));
            out.push('\n');
        }
    }
    out.push_str(&human::summary_line(report));
    out.push('\n');
    out
}

/// Formats one finding as a workflow command.
pub fn command(diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties: Vec<(&str, String)> = Vec::new();
    if let Some(location) = &diagnostic.location {
        properties.push(("file", location.path().to_owned()));
        properties.push(("line", location.start.line.to_string()));
        properties.push(("endLine", location.end.line.to_string()));
        // The runner drops columns of an annotation that spans lines.
        if location.start.line == location.end.line {
            // NOTE: GitHub's documentation does not say whether endColumn
            // is inclusive. It is sent as the span's last character (`end`
            // is exclusive), so an empty span ends where it starts.
            let end_column = location
                .end
                .column
                .saturating_sub(1)
                .max(location.start.column);
            properties.push(("col", location.start.column.to_string()));
            properties.push(("endColumn", end_column.to_string()));
        }
    }
    properties.push(("title", diagnostic.rule.id.to_owned()));

    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }

    let mut line = format!("::{name} ");
    for (index, (key, value)) in properties.iter().enumerate() {
        if index > 0 {
            line.push(',');
        }
        let _ = write!(line, "{key}={}", escape_property(value));
    }
    let _ = write!(line, "::{}", escape_data(&message));
    line
}

/// Escapes a command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, such as a file name.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Appends the Markdown summary to the step summary file at `path` (the
/// runner's `GITHUB_STEP_SUMMARY`), within what is left of the size limit.
pub fn append_step_summary(report: &Report, path: &Path) -> io::Result<()> {
    let used = std::fs::metadata(path).map_or(0, |m| m.len());
    let budget = STEP_SUMMARY_LIMIT.saturating_sub(used);
    let Some(text) = markdown::render_within(
        report,
        budget as usize,
        "the step summary is limited to 1 MiB",
    ) else {
        log::warn!(
            "the step summary `{}` has no room left for the report ({used} bytes used of {STEP_SUMMARY_LIMIT})",
            path.display()
        );
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
