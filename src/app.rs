//! Running a parsed command line: dispatch to the command, print its output,
//! and decide the exit code.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use crate::baseline::Baseline;
use crate::catalog::Catalog;
use crate::check::{self, Report};
use crate::cli::{
    CatalogArgs, CheckArgs, Cli, ColorChoice, Command, ExplainArgs, FailOn, ListFormat, RulesArgs,
};
use crate::config;
use crate::diagnostic::Severity;
use crate::model::{Failure, Options};
use crate::output::{self, Format, Style};
use crate::repo::git::GitOptions;
use crate::rules::{self, Rule};
use crate::selection;
use crate::source::SourceFile;
use crate::suggest;

/// The process exit code: 0 no finding at or above `--fail-on`, 1 findings,
/// 2 the run could not be completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    Findings = 1,
    Error = 2,
}

pub fn run(cli: Cli) -> ExitStatus {
    let style = |to_terminal: bool| Style {
        color: match cli.global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
        width: terminal_width(),
    };
    let result = match &cli.command {
        None => run_check(&cli.check, style),
        Some(Command::Check(args)) => run_check(args, style),
        Some(Command::Rules(args)) => run_rules(args, style(io::stderr().is_terminal())),
        Some(Command::Explain(args)) => run_explain(args, style(io::stderr().is_terminal())),
        Some(Command::Catalog(args)) => run_catalog(args),
        Some(Command::Init(args)) => crate::init::run(args),
        Some(Command::Soa(args)) => crate::views::run_soa(args, style),
        Some(Command::Coverage(args)) => crate::views::run_coverage(args, style),
        Some(Command::Report(args)) => crate::views::run_report(args, style),
    };
    match result {
        Ok(status) => status,
        // A closed pipe (`policylint | head`) is not an error of ours.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(error) => {
            eprintln!("policylint: error: {error}");
            ExitStatus::Error
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

fn run_check(args: &CheckArgs, style: impl Fn(bool) -> Style) -> io::Result<ExitStatus> {
    // An auditor sampling a past day judges reviews as of that day, so
    // `--as-of` also sets the date and POLICYLINT_TODAY is not read.
    let today = match args.as_of {
        Some(date) => date,
        None => match crate::cli::today_or_default(args.today) {
            Ok(today) => today,
            Err(message) => {
                eprintln!("policylint: error: {message}");
                return Ok(ExitStatus::Error);
            }
        },
    };
    let options = Options {
        path: args.path.clone(),
        config: args.config.clone(),
        today,
    };
    let git = GitOptions {
        rev: args.rev.clone(),
        as_of: args.as_of,
        no_history: args.no_history,
    };
    let mut report = match check::run_with(&options, &git, args.diff_base.as_deref()) {
        Ok(report) => report,
        Err(failure) => {
            report_failure(failure, style(io::stderr().is_terminal()))?;
            return Ok(ExitStatus::Error);
        }
    };
    if let Some(status) = apply_report_options(&mut report, args, args.quiet) {
        return Ok(status);
    }

    if !args.quiet {
        for note in &report.notes {
            eprintln!("policylint: note: {note}");
        }
    }

    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let mut text = output::render(&report, args.format, style(to_terminal));
    if args.quiet && args.format == Format::Human {
        // Keep the findings, drop the summary line.
        let summary = output::summary_line(&report);
        text = text.trim_end().trim_end_matches(&summary).to_owned();
    }
    write_output(&text, args.output.as_deref())?;
    if args.format == Format::Github {
        append_step_summary(&report);
    }

    let level = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    };
    Ok(if report.fails(level) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Applies `--write-baseline`, `--baseline` and `-- FILES`, in that order:
/// a baseline records and matches the whole repository, before the
/// findings are narrowed to the named files. Returns the exit status when
/// the run ends here.
fn apply_report_options(report: &mut Report, args: &CheckArgs, quiet: bool) -> Option<ExitStatus> {
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_diagnostics(&report.diagnostics);
        return Some(match baseline.write(path) {
            Ok(()) => {
                if !quiet {
                    eprintln!(
                        "policylint: recorded {} finding{} in `{}`",
                        baseline.findings.len(),
                        if baseline.findings.len() == 1 {
                            ""
                        } else {
                            "s"
                        },
                        path.display()
                    );
                }
                ExitStatus::Success
            }
            Err(message) => {
                eprintln!("policylint: error: {message}");
                ExitStatus::Error
            }
        });
    }
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(baseline) => baseline.apply(report),
            Err(message) => {
                eprintln!("policylint: error: {message}");
                return Some(ExitStatus::Error);
            }
        }
    }
    if !args.files.is_empty() {
        match selection::resolve(&args.files, &report.root) {
            Ok(named) => selection::restrict(report, &named),
            Err(message) => {
                eprintln!("policylint: error: {message}");
                return Some(ExitStatus::Error);
            }
        }
    }
    None
}

/// Appends the Markdown summary to `GITHUB_STEP_SUMMARY` when the runner
/// sets it. A failure is logged, not fatal: the annotations are already out.
fn append_step_summary(report: &Report) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let path = Path::new(&path);
    if let Err(error) = output::github::append_step_summary(report, path) {
        log::warn!(
            "cannot append to the step summary `{}`: {error}",
            path.display()
        );
    }
}

/// Print why the run stopped: config problems as annotated diagnostics.
pub(crate) fn report_failure(failure: Failure, style: Style) -> io::Result<()> {
    let mut stderr = io::stderr().lock();
    match failure {
        Failure::Fatal(message) => writeln!(stderr, "policylint: error: {message}"),
        Failure::Config(diagnostics) => {
            write!(
                stderr,
                "{}",
                output::render_diagnostics(&diagnostics, style)
            )?;
            writeln!(
                stderr,
                "policylint: error: the config has {} problem{}; nothing was checked",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// Write the report to stdout, or atomically to a file.
pub(crate) fn write_output(text: &str, path: Option<&Path>) -> io::Result<()> {
    let Some(path) = path else {
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        return stdout.flush();
    };
    crate::atomic_write::replace(path, text.as_bytes()).map_err(|e| {
        let reason = crate::atomic_write::describe_error(path, &e);
        io::Error::new(
            e.kind(),
            format!("cannot write `{}`: {reason}", path.display()),
        )
    })
}

/// The rules `rules` and `explain` know, and where the custom ones among
/// them come from.
struct RulesInEffect {
    rules: Vec<&'static Rule>,
    /// The config whose custom rules are included.
    config: ConfigUsed,
}

/// The config that `rules` and `explain` read custom rules from.
enum ConfigUsed {
    /// None was named or found from the current folder.
    None,
    /// The repository-relative path of the config file.
    File(String),
    /// A config was found, but it has problems, so its rules are left out.
    Invalid,
}

/// Lists the rules `rules` and `explain` know: the built-in rules and the
/// custom rules of the config named with `--config`, else of the config
/// `check` would use from the current folder.
/// A config named with `--config` that has problems stops the command
/// (`None`); a discovered one is skipped with a warning.
fn rules_in_effect(explicit: Option<&Path>, style: Style) -> io::Result<Option<RulesInEffect>> {
    // A config named with `--config` is read in the repository that
    // contains it, so that it can be named from outside that repository.
    let start = explicit
        .and_then(Path::parent)
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match config::load_for(start, explicit) {
        Ok(Some(config)) => Ok(Some(RulesInEffect {
            rules: rules::all_for(&config),
            config: match &config.file {
                Some(file) => ConfigUsed::File(file.path.clone()),
                None => ConfigUsed::None,
            },
        })),
        Ok(None) => Ok(Some(RulesInEffect {
            rules: rules::ALL.to_vec(),
            config: ConfigUsed::None,
        })),
        Err(failure) if explicit.is_some() => {
            report_failure(failure, style)?;
            Ok(None)
        }
        Err(_) => {
            log::warn!(
                "the config has problems, so its custom rules are not shown; `policylint check` reports them"
            );
            Ok(Some(RulesInEffect {
                rules: rules::ALL.to_vec(),
                config: ConfigUsed::Invalid,
            }))
        }
    }
}

fn run_rules(args: &RulesArgs, style: Style) -> io::Result<ExitStatus> {
    let Some(RulesInEffect { rules: all, .. }) = rules_in_effect(args.config.as_deref(), style)?
    else {
        return Ok(ExitStatus::Error);
    };
    let text = match args.format {
        ListFormat::Text => {
            let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut text = String::new();
            for rule in &all {
                text.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    rule.id,
                    rule.severity.as_str(),
                    rule.summary
                ));
            }
            text
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = all
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "severity": r.severity,
                        "summary": r.summary,
                        "explanation": r.explanation,
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            )
        }
    };
    write_output(&text, None)?;
    Ok(ExitStatus::Success)
}

fn run_explain(args: &ExplainArgs, style: Style) -> io::Result<ExitStatus> {
    let Some(in_effect) = rules_in_effect(args.config.as_deref(), style)? else {
        return Ok(ExitStatus::Error);
    };
    let all = &in_effect.rules;
    let Some(rule) = all.iter().copied().find(|rule| rule.id == args.rule) else {
        let ids: Vec<&str> = all.iter().map(|r| r.id).collect();
        let hint = match suggest::did_you_mean(&args.rule, ids) {
            Some(best) => format!("did you mean `{best}`?"),
            None if is_custom_rule_id(&args.rule) => custom_rule_hint(&in_effect.config),
            None => "`policylint rules` lists every rule".to_owned(),
        };
        eprintln!("policylint: error: unknown rule `{}`; {hint}", args.rule);
        return Ok(ExitStatus::Error);
    };
    let text = format!(
        "{} ({} by default)\n\n{}\n\n{}",
        rule.id, rule.severity, rule.summary, rule.explanation
    );
    write_output(&text, None)?;
    Ok(ExitStatus::Success)
}

/// Tells whether `id` can only name a custom rule, such as `custom/x`: a
/// custom rule may not use the group of a built-in rule.
fn is_custom_rule_id(id: &str) -> bool {
    let group = id.split('/').next().unwrap_or(id);
    !rules::ALL.iter().any(|rule| rule.group() == group)
}

/// Returns the hint for a custom rule that `explain` did not find: where
/// its definition would come from.
fn custom_rule_hint(config: &ConfigUsed) -> String {
    match config {
        ConfigUsed::None => "custom rules are defined in a config file, and none was found from the current folder. Run the command inside the repository, or name the config with `--config FILE`".to_owned(),
        ConfigUsed::File(path) => format!(
            "the config `{path}` defines no custom rule with that id; name another config with `--config FILE`"
        ),
        ConfigUsed::Invalid => "the config has problems, so its custom rules could not be read; `policylint check` reports them".to_owned(),
    }
}

fn run_catalog(args: &CatalogArgs) -> io::Result<ExitStatus> {
    let catalog = match Catalog::builtin(&args.framework) {
        Some(catalog) => catalog,
        None => match std::fs::read_to_string(&args.framework) {
            Ok(text) => {
                let file = SourceFile::new(args.framework.clone(), text);
                match Catalog::from_file(&file) {
                    Ok(catalog) => catalog,
                    Err(errors) => {
                        for error in errors {
                            let line = file.position(error.span.start).line;
                            eprintln!("{}:{line}: {}", args.framework, error.message);
                        }
                        return Ok(ExitStatus::Error);
                    }
                }
            }
            Err(_) => {
                eprintln!(
                    "policylint: error: unknown framework `{}`; the built-in frameworks are: {}",
                    args.framework,
                    crate::catalog::builtin_ids().join(", ")
                );
                return Ok(ExitStatus::Error);
            }
        },
    };
    let text = match args.format {
        ListFormat::Text => {
            let mut text = format!("{} ({} controls)\n", catalog.name, catalog.controls.len());
            for group in &catalog.groups {
                text.push_str(&format!("\n{}\n", group.name));
                for control in catalog
                    .controls
                    .iter()
                    .filter(|c| c.group.as_deref() == Some(&group.id))
                {
                    text.push_str(&format!("  {:8} {}\n", control.id, control.title));
                }
            }
            let ungrouped: Vec<_> = catalog
                .controls
                .iter()
                .filter(|c| c.group.is_none())
                .collect();
            if !ungrouped.is_empty() {
                text.push('\n');
                for control in ungrouped {
                    text.push_str(&format!("  {:8} {}\n", control.id, control.title));
                }
            }
            text
        }
        ListFormat::Json => {
            let controls: Vec<serde_json::Value> = catalog
                .controls
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id,
                        "title": c.title,
                        "group": c.group,
                        "new": c.new,
                        "attributes": c.attributes,
                    })
                })
                .collect();
            let json = serde_json::json!({
                "id": catalog.id,
                "name": catalog.name,
                "controls": controls,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            )
        }
    };
    write_output(&text, None)?;
    Ok(ExitStatus::Success)
}
