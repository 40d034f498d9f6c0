//! The commands that turn the model into documents for people rather than
//! findings: `soa` (the Statement of Applicability export), `coverage`
//! (coverage per theme or attribute) and `report` (the HTML report). Each
//! builds the same model as `check`, and none writes into the repository
//! except to the `--output` path the user gives.

pub mod coverage;

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use crate::app::{ExitStatus, report_failure, write_output};
use crate::check::Report;
use crate::model::{FrameworkRef, Model, Options};
use crate::output::Style;
use crate::rules;
use crate::soa_export::{self, ExportFormat};
use crate::suggest;
use coverage::CoverageFormat;

/// The options every view shares with `check`.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// The repository, or a folder inside it.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Config file; by default `policylint.yaml` or `.policylint.yaml`,
    /// searched upward from PATH to the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The date review states are judged against (YYYY-MM-DD); default: the
    /// POLICYLINT_TODAY environment variable, else today in the local time
    /// zone.
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_date)]
    pub today: Option<Date>,

    #[command(flatten)]
    pub quiet: crate::cli::QuietArgs,
}

#[derive(Debug, Args)]
pub struct SoaArgs {
    #[command(flatten)]
    pub view: ViewArgs,

    /// Output format; default: from the extension of `--output` (`.csv`,
    /// `.json`), else markdown.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,

    /// Write the export to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The framework to export, by catalog id; default: the main framework.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

impl SoaArgs {
    /// Returns `--format`, or the format the `--output` file name implies.
    fn export_format(&self) -> ExportFormat {
        self.format
            .or_else(|| {
                let output = self.output.as_ref()?;
                ExportFormat::from_path(&output.to_string_lossy())
            })
            .unwrap_or(ExportFormat::Markdown)
    }
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub view: ViewArgs,

    /// Group the controls by `theme` or by an attribute set such as
    /// `control_type`, `security_properties`, `cybersecurity_concepts`,
    /// `operational_capabilities` or `security_domains`.
    #[arg(long, value_name = "ATTRIBUTE", default_value = coverage::BY_THEME)]
    pub by: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Table)]
    pub format: CoverageFormat,

    /// Write the view to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show one framework, by catalog id; default: every configured
    /// framework that has the grouping.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub view: ViewArgs,

    /// Write the HTML report to FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub html: PathBuf,
}

/// Loads the model for a view, printing why when it cannot be built.
fn load(view: &ViewArgs, style: &impl Fn(bool) -> Style) -> io::Result<Option<Model>> {
    let today = match crate::cli::today_or_default(view.today) {
        Ok(today) => today,
        Err(message) => {
            eprintln!("policylint: error: {message}");
            return Ok(None);
        }
    };
    let options = Options {
        path: view.path.clone(),
        config: view.config.clone(),
        today,
    };
    match Model::load(&options) {
        Ok(model) => {
            warn_about_soa(&model);
            Ok(Some(model))
        }
        Err(failure) => {
            report_failure(failure, style(io::stderr().is_terminal()))?;
            Ok(None)
        }
    }
}

/// Prints the SoA's own findings (`soa/invalid`, `soa/missing-justification`)
/// on standard error. The views still run, because they show the rest of
/// the model, but an entry that could not be read counts as missing in them.
fn warn_about_soa(model: &Model) {
    let mut sink = rules::Sink::new(&model.config);
    rules::soa::check_sources(model, &mut sink);
    let diagnostics = sink.into_diagnostics();
    for diagnostic in &diagnostics {
        let place = match &diagnostic.location {
            Some(location) => format!(
                "{}:{}:{}: ",
                crate::output::concise::escape_controls(location.path()),
                location.start.line,
                location.start.column
            ),
            None => String::new(),
        };
        eprintln!(
            "policylint: warning: {place}{} [{}]",
            diagnostic.message.replace(['\n', '\r'], " "),
            diagnostic.rule.id
        );
    }
    if !diagnostics.is_empty() {
        eprintln!(
            "policylint: note: the SoA has problems, so controls it does not state \
             correctly are shown as applicable with no status; `policylint check` \
             explains each problem"
        );
    }
}

/// Picks the framework named by `--framework`, or the main one.
fn select<'m>(model: &'m Model, id: Option<&str>) -> Result<FrameworkRef<'m>, String> {
    let frameworks = model.frameworks();
    let Some(id) = id else {
        return Ok(frameworks[0]);
    };
    if let Some(found) = model.framework(id) {
        return Ok(found);
    }
    let ids: Vec<&str> = frameworks.iter().map(|f| f.catalog.id.as_str()).collect();
    let hint = match suggest::did_you_mean(id, ids.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("the configured frameworks are: {}", ids.join(", ")),
    };
    Err(format!("framework `{id}` is not configured; {hint}"))
}

pub fn run_soa(args: &SoaArgs, style: impl Fn(bool) -> Style) -> io::Result<ExitStatus> {
    let Some(model) = load(&args.view, &style)? else {
        return Ok(ExitStatus::Error);
    };
    let framework = match select(&model, args.framework.as_deref()) {
        Ok(framework) => framework,
        Err(message) => {
            eprintln!("policylint: error: {message}");
            return Ok(ExitStatus::Error);
        }
    };
    let export = soa_export::build(&model, framework, model.today);
    write_output(
        &soa_export::render(&export, args.export_format()),
        args.output.as_deref(),
    )?;
    Ok(ExitStatus::Success)
}

pub fn run_coverage(args: &CoverageArgs, style: impl Fn(bool) -> Style) -> io::Result<ExitStatus> {
    let Some(model) = load(&args.view, &style)? else {
        return Ok(ExitStatus::Error);
    };
    let selected = match &args.framework {
        Some(id) => match select(&model, Some(id)) {
            Ok(framework) => vec![framework],
            Err(message) => {
                eprintln!("policylint: error: {message}");
                return Ok(ExitStatus::Error);
            }
        },
        None => model.frameworks(),
    };
    let views: Vec<coverage::FrameworkView> = selected
        .iter()
        .filter_map(|f| coverage::build(&model, *f, &args.by))
        .collect();
    if views.is_empty() {
        let mut known: Vec<&str> = Vec::new();
        for framework in &selected {
            for grouping in coverage::groupings(framework.catalog) {
                if !known.contains(&grouping) {
                    known.push(grouping);
                }
            }
        }
        let hint = match suggest::did_you_mean(&args.by, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", known.join(", ")),
        };
        eprintln!(
            "policylint: error: no configured framework has the attribute set `{}`; {hint}",
            args.by
        );
        return Ok(ExitStatus::Error);
    }
    let text = coverage::render(&views, args.format, &model.today.to_string());
    write_output(&text, args.output.as_deref())?;
    Ok(ExitStatus::Success)
}

pub fn run_report(args: &ReportArgs, style: impl Fn(bool) -> Style) -> io::Result<ExitStatus> {
    let Some(model) = load(&args.view, &style)? else {
        return Ok(ExitStatus::Error);
    };
    let diagnostics = rules::run(&model);
    let report = Report::from_model(&model, diagnostics);
    let html = crate::report_html::render(&model, &report);
    write_output(&html, Some(&args.html))?;
    Ok(ExitStatus::Success)
}
