//! The output formats of `policylint check`, one renderer per format. Each
//! takes the finished [`Report`] and returns the text to print.

mod concise;
mod human;
mod json;

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
    }
}
