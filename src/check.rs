//! `policylint check`: build the model, run the rules, and collect the
//! result that the output formats render.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::baseline::BaselineOutcome;
use crate::coverage::{self, Totals};
use crate::diagnostic::{Diagnostic, Severity};
use crate::inventory::{self, CheckedDocument, ControlStatus};
use crate::model::{Failure, Model, Options};
use crate::repo::git::GitOptions;
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
    /// Facts about the run for stderr (history skipped, HEAD detached).
    pub notes: Vec<String>,
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
            rules: rules::all_for(&model.config),
            notes: model.notes.clone(),
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
    run_with(options, &GitOptions::default(), None)
}

/// Check the working tree or the commit `git` selects. With `diff_base`,
/// report only the findings that are not already present at that revision.
pub fn run_with(
    options: &Options,
    git: &GitOptions,
    diff_base: Option<&str>,
) -> Result<Report, Failure> {
    let model = Model::load_with(options, git)?;
    let mut diagnostics = rules::run(&model);
    let mut report_notes = Vec::new();
    if let Some(base) = diff_base {
        let base_git = GitOptions {
            rev: Some(base.to_owned()),
            as_of: None,
            no_history: git.no_history,
        };
        match Model::load_with(options, &base_git) {
            Ok(base_model) => {
                let base_diagnostics = rules::run(&base_model);
                let before = diagnostics.len();
                diagnostics = crate::diff_base::new_findings(diagnostics, &base_diagnostics);
                log::debug!(
                    "{} of {before} findings are already present at `{base}`",
                    before - diagnostics.len()
                );
            }
            Err(Failure::Config(problems)) => report_notes.push(format!(
                "the config at `{base}` has {} problem{}, so every finding is reported as new",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )),
            Err(failure) => return Err(failure),
        }
    }
    let mut report = Report::from_model(&model, diagnostics);
    report.notes.extend(report_notes);
    Ok(report)
}
