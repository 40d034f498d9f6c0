//! `--format concise`: one line per finding, as compilers print them, so
//! editors and `grep` can jump to the place.

use std::fmt::Write;

use crate::check::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let message = d.message.replace(['\n', '\r'], " ");
        match &d.location {
            Some(location) => {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    escape_controls(location.path()),
                    location.start.line,
                    location.start.column,
                    d.severity,
                    d.rule.id,
                    message
                );
            }
            None => {
                let _ = writeln!(out, "{}[{}] {}", d.severity, d.rule.id, message);
            }
        }
    }
    out
}

/// Writes control characters in a path as escapes, so a file name with a
/// newline cannot start a line of its own.
pub(crate) fn escape_controls(path: &str) -> String {
    path.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
