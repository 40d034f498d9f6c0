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
    let mut message = escape_with_code(&diagnostic.message);
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "<br>help: {}", escape_with_code(help));
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

/// Escapes text for a table cell like [`escape`], but keeps each pair of
/// backticks as a code span, because messages put field names, values and
/// commands in backticks. An unpaired or empty pair of backticks is escaped
/// as text.
fn escape_with_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after_open = &rest[open + 1..];
        let Some(length) = after_open.find('`') else {
            break;
        };
        let code = &after_open[..length];
        out.push_str(&escape(&rest[..open]));
        if code.trim().is_empty() {
            out.push_str(&escape(&rest[open..open + length + 2]));
        } else {
            out.push_str(&code_span(code));
        }
        rest = &after_open[length + 1..];
    }
    out.push_str(&escape(rest));
    out
}

/// Writes `code` as a code span in a table cell. Markdown and HTML are not
/// read inside a code span, but GFM splits the row into cells first, at
/// every pipe that does not follow an odd number of backslashes, so each
/// pipe is escaped. A pipe that follows an odd number of backslashes cannot
/// be escaped inside the span, so the span is closed before it and the pipe
/// is written as escaped text. Line breaks become spaces.
fn code_span(code: &str) -> String {
    let code = code.replace(['\r', '\n'], " ");
    let mut out = String::from("`");
    let mut backslashes = 0;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' if backslashes % 2 == 1 => {
                out.push_str("`\\|");
                if chars.peek().is_some() {
                    out.push('`');
                } else {
                    return out;
                }
            }
            '|' => out.push_str("\\|"),
            _ => out.push(c),
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    out.push('`');
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

    #[test]
    fn backtick_spans_stay_code() {
        assert_eq!(
            escape_with_code("add a `Policy-Reviewed: POL-1` trailer"),
            "add a `Policy-Reviewed: POL-1` trailer"
        );
        assert_eq!(
            escape_with_code("`a|b` and <i>`<img src=x>`"),
            "`a\\|b` and \\<i\\>`<img src=x>`"
        );
        assert_eq!(escape_with_code("`one\ntwo`"), "`one two`");
        assert_eq!(escape_with_code("a ` b"), "a \\` b");
        assert_eq!(escape_with_code("`x` then `"), "`x` then \\`");
        assert_eq!(escape_with_code("empty `` pair"), "empty \\`\\` pair");
        assert_eq!(escape_with_code("*a* `*b*`"), "\\*a\\* `*b*`");
    }

    #[test]
    fn code_span_pipes_after_backslashes() {
        assert_eq!(code_span("a\\\\|b"), "`a\\\\\\|b`");
        assert_eq!(code_span("a\\|b"), "`a\\`\\|`b`");
        assert_eq!(code_span("a\\|"), "`a\\`\\|");
        assert_eq!(code_span("|x"), "`\\|x`");
    }
}
