//! `--format markdown`: a pull-request comment body, also used as the
//! GitHub Actions step summary. It has the counts, coverage by theme and
//! every finding as a table row, cut to fit a size limit.

use std::fmt::Write;

use super::human;
use crate::check::Report;
use crate::diagnostic::Diagnostic;

/// GitHub rejects a comment body longer than 65,536 characters; counting
/// bytes instead keeps a non-ASCII text under it too.
pub const COMMENT_LIMIT: usize = 65_536;

/// Marks the comment, so a workflow can find and update its own comment.
const MARKER: &str = "<!-- policylint-report -->";

pub fn render(report: &Report) -> String {
    render_within(
        report,
        COMMENT_LIMIT,
        "a pull-request comment is limited to 65,536 characters",
    )
    .unwrap_or_default()
}

/// Renders the report in at most `limit` bytes, leaving out table rows that
/// do not fit and saying why with `reason`. Returns `None` when not even the
/// summary fits.
pub fn render_within(report: &Report, limit: usize, reason: &str) -> Option<String> {
    let mut out = header(report);
    if out.len() > limit {
        return None;
    }

    let rows: Vec<String> = report.diagnostics.iter().map(finding_row).collect();
    if rows.is_empty() {
        out.push_str("No findings.\n");
        return (out.len() <= limit).then_some(out);
    }
    out.push_str(
        "### Findings\n\n| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n",
    );
    for (shown, row) in rows.iter().enumerate() {
        let left = rows.len() - shown - 1;
        // Room for this row and, unless it is the last, the closing note.
        let note = if left == 0 {
            0
        } else {
            omitted_note(left, reason).len()
        };
        if out.len() + row.len() + note > limit {
            out.push_str(&omitted_note(rows.len() - shown, reason));
            return (out.len() <= limit).then_some(out);
        }
        out.push_str(row);
    }
    Some(out)
}

fn header(report: &Report) -> String {
    let mut out = format!(
        "{MARKER}\n## policylint\n\n{}\n",
        escape(&human::summary_line(report))
    );
    // The summary line already counts what a baseline hid and its stale
    // entries.
    out.push('\n');

    let themes = themes(report);
    if !themes.is_empty() {
        out.push_str("### Coverage by theme\n\n| Theme | Applicable | Covered | Not covered |\n| --- | ---: | ---: | ---: |\n");
        for (theme, applicable, covered) in themes {
            let _ = writeln!(
                out,
                "| {} | {applicable} | {covered} | {} |",
                escape(&theme),
                applicable - covered
            );
        }
        out.push('\n');
    }
    out
}

/// Applicable and covered controls per theme, in catalog order.
fn themes(report: &Report) -> Vec<(String, usize, usize)> {
    let mut themes: Vec<(String, usize, usize)> = Vec::new();
    for control in &report.control_status {
        let theme = control.theme.clone().unwrap_or_else(|| "Other".to_owned());
        let index = match themes.iter().position(|(name, _, _)| *name == theme) {
            Some(index) => index,
            None => {
                themes.push((theme, 0, 0));
                themes.len() - 1
            }
        };
        if control.applicable {
            themes[index].1 += 1;
        }
        if control.covered {
            themes[index].2 += 1;
        }
    }
    themes
}

fn finding_row(diagnostic: &Diagnostic) -> String {
    let location = match &diagnostic.location {
        Some(location) => escape(&format!("{}:{}", location.path(), location.start.line)),
        None => String::new(),
    };
    let mut message = escape(&diagnostic.message);
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "<br>help: {}", escape(help));
    }
    format!(
        "| {} | `{}` | {location} | {message} |\n",
        diagnostic.severity, diagnostic.rule.id
    )
}

fn omitted_note(count: usize, reason: &str) -> String {
    format!(
        "\n{count} more finding{} not listed because {reason}; run `policylint check` for all of them.\n",
        if count == 1 { " is" } else { "s are" }
    )
}

/// Escapes text for a table cell: Markdown punctuation is backslash-escaped
/// so a message cannot add links, HTML or table columns, and line breaks
/// become `<br>`, since a table row is one line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(escape("one\r\ntwo"), "one<br>two");
        assert_eq!(escape("[x](y)"), "\\[x\\](y)");
    }
}
