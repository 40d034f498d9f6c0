//! `policylint check`: build the model, run the rules, and collect the
//! result that the output formats render.

use jiff::civil::Date;

use crate::coverage::{self, Totals};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Failure, Model, Options};
use crate::rules::{self, Rule};

/// The result of a check, as data.
pub struct Report {
    pub today: Date,
    /// Number of documents checked.
    pub documents: usize,
    /// Sorted by path, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    pub controls: Totals,
    /// Every rule in effect, built-in and custom, for formats that describe
    /// the rules as well as the findings.
    pub rules: Vec<&'static Rule>,
}

impl Report {
    pub fn from_model(model: &Model, mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Report {
            today: model.today,
            documents: model.documents.len(),
            diagnostics,
            controls: coverage::totals(&coverage::analyze(model)),
            rules: rules::all_for(&model.config),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Tells whether any finding is at or above `level`.
    pub fn fails(&self, level: Option<Severity>) -> bool {
        level.is_some_and(|level| self.diagnostics.iter().any(|d| d.severity >= level))
    }
}

/// Check the repository that contains `options.path`.
pub fn run(options: &Options) -> Result<Report, Failure> {
    let model = Model::load(options)?;
    let diagnostics = rules::run(&model);
    Ok(Report::from_model(&model, diagnostics))
}
