//! The output formats of `policylint check`, one renderer per format. Each
//! takes the finished [`Report`] and returns the text to print.

pub(crate) mod concise;
pub mod github;
mod human;
mod json;
mod junit;
pub mod markdown;
mod sarif;

use crate::check::Report;

pub use human::{render_diagnostics, summary_line};

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated snippets of each file with the problem underlined.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The JSON report, schema version 1.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands that annotate the pull request.
    Github,
    /// JUnit XML: a test case per document and per control.
    Junit,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Settings that change how text is drawn, not what it says.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// Width of the terminal, for wrapping long messages.
    pub width: usize,
}

pub fn render(report: &Report, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Concise => concise::render(report),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
        Format::Markdown => markdown::render(report),
    }
}
