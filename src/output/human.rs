//! `--format human`: miette's graphical reports, one per finding, with the
//! file's lines and the offending key or value underlined, then a summary.

use std::fmt::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

use super::Style;
use crate::check::Report;
use crate::diagnostic::{Diagnostic, Location, Severity};

pub fn render(report: &Report, style: Style) -> String {
    let mut out = render_diagnostics(&report.diagnostics, style);
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Render findings without a summary; also used for config errors.
pub fn render_diagnostics(diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
        .with_links(false)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let rendered = Rendered::new(diagnostic);
        if handler.render_report(&mut out, &rendered).is_err() {
            // Rendering into a String cannot fail for I/O reasons; fall back
            // to one plain line if miette rejects a span.
            let _ = writeln!(
                out,
                "{}[{}]: {}",
                diagnostic.severity, diagnostic.rule.id, diagnostic.message
            );
        }
        out.push('\n');
    }
    out
}

/// "21 documents checked: 2 errors, 3 warnings, 0 notes; controls covered: 88/90 applicable (93 in the catalog)".
pub fn summary_line(report: &Report) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut line = format!(
        "{} checked: {}, {}, {}; controls covered: {}/{} applicable ({} in the catalog)",
        plural(report.documents, "document"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Note), "note"),
        report.controls.covered,
        report.controls.applicable,
        report.controls.total,
    );
    if let Some(baseline) = &report.baseline {
        let stale = match baseline.stale {
            1 => "1 stale entry".to_owned(),
            n => format!("{n} stale entries"),
        };
        line.push_str(&format!(
            "; baseline: {} hidden, {stale}",
            plural(baseline.hidden, "finding")
        ));
    }
    line
}

/// Longest line, in bytes, shown as a snippet; findings on longer lines are
/// printed with their position only.
const MAX_SNIPPET_LINE: usize = 1_000;

/// A finding in the shape miette renders.
struct Rendered {
    severity: miette::Severity,
    /// The rule id; `None` for a related location, which belongs to the
    /// finding above it.
    code: Option<&'static str>,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn new(diagnostic: &Diagnostic) -> Rendered {
        let mut rendered = Rendered {
            severity: miette_severity(diagnostic.severity),
            code: Some(diagnostic.rule.id),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        if let Some(location) = &diagnostic.location {
            rendered.attach(location, diagnostic.label.clone());
        }
        for related in &diagnostic.related {
            let same_file = diagnostic
                .location
                .as_ref()
                .is_some_and(|l| l.path() == related.location.path());
            if same_file {
                rendered.labels.push(label(
                    &related.location,
                    Some(related.message.clone()),
                    false,
                ));
            } else {
                let mut note = Rendered {
                    severity: miette::Severity::Advice,
                    code: None,
                    message: related.message.clone(),
                    help: None,
                    source: None,
                    labels: Vec::new(),
                    related: Vec::new(),
                };
                note.attach(&related.location, None);
                rendered.related.push(note);
            }
        }
        rendered
    }

    /// Point at `location` with a snippet of its file, or name the file in
    /// the message when its text is not available.
    fn attach(&mut self, location: &Location, text: Option<String>) {
        if location.file.text.is_empty() {
            self.message = format!("{}: {}", location.path(), self.message);
            return;
        }
        // miette prints whole lines; a snippet of a megabyte-long line, once
        // per finding on it, would make the output quadratic in the line.
        let line_length = location.file.line_span(location.start.line).len();
        if line_length > MAX_SNIPPET_LINE {
            self.message = format!(
                "{}:{}:{}: {}",
                location.path(),
                location.start.line,
                location.start.column,
                self.message
            );
            return;
        }
        self.source = Some(NamedSource::new(
            location.path(),
            location.file.text.clone(),
        ));
        self.labels.push(label(location, text, true));
    }
}

fn label(location: &Location, text: Option<String>, primary: bool) -> LabeledSpan {
    let span = SourceSpan::new(location.span.start.into(), location.span.len());
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .map(|code| Box::new(code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.is_none() || self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}
