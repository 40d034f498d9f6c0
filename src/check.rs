//! `policylint check`: build the model, run the rules, and collect the
//! result that the output formats render.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::baseline::BaselineOutcome;
use crate::coverage::{self, Totals};
use crate::diagnostic::{Diagnostic, Severity};
use crate::inventory::{self, CheckedDocument, ControlStatus};
use crate::model::{Failure, Model, Options};
use crate::rules;

/// The result of a check, as data.
pub struct Report {
    pub today: Date,
    /// Number of documents checked.
    pub documents: usize,
    /// Sorted by path, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    pub controls: Totals,
    /// The root of the repository (or PATH outside Git).
    pub root: PathBuf,
    /// Every document checked, in path order.
    pub checked_documents: Vec<CheckedDocument>,
    /// Every catalog control, in catalog order.
    pub control_status: Vec<ControlStatus>,
    /// The effect of `--baseline`, when a baseline was given.
    pub baseline: Option<BaselineOutcome>,
}

impl Report {
    pub fn from_model(model: &Model, mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let coverage = coverage::analyze(model);
        Report {
            today: model.today,
            documents: model.documents.len(),
            diagnostics,
            controls: coverage::totals(&coverage),
            root: model.root.clone(),
            checked_documents: inventory::documents(model),
            control_status: inventory::controls(model, &coverage),
            baseline: None,
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
