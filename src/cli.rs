//! The command line, as clap derive types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::output::Format;

#[derive(Debug, Parser)]
#[command(
    name = "policylint",
    version,
    about = "Lint a Git repository of ISO/IEC 27001 policies: control coverage, review dates and ownership",
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Running `policylint` with no subcommand checks PATH (default ".").
    #[command(flatten)]
    pub check: CheckArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Log more to stderr: -v for debug messages, -vv for trace.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to colour findings and error reports; `auto` colours a terminal
    /// unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the repository that contains PATH.
    Check(CheckArgs),
    /// List every rule: id, default severity and summary.
    Rules(RulesArgs),
    /// Print the long explanation of a rule, with an example.
    Explain(ExplainArgs),
    /// List the controls of a framework catalog.
    Catalog(CatalogArgs),
    /// Create policylint.yaml, soa.yaml, an owners roster and a policy
    /// template in PATH; existing files are never overwritten.
    Init(InitArgs),
    /// Export the Statement of Applicability: every control with its
    /// applicability, status and implementing documents.
    Soa(crate::views::SoaArgs),
    /// Show control coverage per theme or per attribute value.
    Coverage(crate::views::CoverageArgs),
    /// Write a self-contained HTML report for the compliance manager.
    Report(crate::views::ReportArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository, or a folder inside it.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Config file; by default `policylint.yaml` or `.policylint.yaml`,
    /// searched upward from PATH to the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The date reviews are judged against (YYYY-MM-DD); default: the
    /// POLICYLINT_TODAY environment variable, else today in the local time
    /// zone.
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "as_of")]
    pub today: Option<Date>,

    /// Exit with code 1 when a finding is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Lint the files of this revision (branch, tag or commit), read from
    /// the object database; the working tree is not read.
    #[arg(long, value_name = "REV", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub rev: Option<String>,

    /// Lint the repository as it stood on DATE (YYYY-MM-DD): the last commit
    /// on or before it, with reviews judged as of DATE; POLICYLINT_TODAY is
    /// ignored.
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "diff_base")]
    pub as_of: Option<Date>,

    /// Report only findings that are not already present at this revision
    /// (pull-request mode).
    #[arg(long, value_name = "REV", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub diff_base: Option<String>,

    /// Skip every history-based rule and review trailers.
    #[arg(long)]
    pub no_history: bool,

    /// Print the findings of every severity, but no summary line and no
    /// messages on standard error about the run (notes and warnings such as
    /// a repository with no commits).
    #[arg(short, long)]
    pub quiet: bool,

    /// Hide the findings recorded in FILE by `--write-baseline`.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in FILE and exit with code 0; later runs
    /// with `--baseline FILE` hide them.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Files to report per-document findings for, as pre-commit passes them;
    /// findings outside documents are still reported.
    #[arg(last = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

/// `-q` for the commands whose only other output on stderr is warnings.
#[derive(Debug, Args)]
pub struct QuietArgs {
    /// Print no warnings; errors are still printed.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The formats of `rules` and `catalog`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Plain text, one line per entry.
    Text,
    /// JSON with every field of each rule or control, for scripts.
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// Config file whose custom rules are listed too; by default the one
    /// `policylint check` finds from the current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub quiet: QuietArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, such as `review/overdue`, or the id of a custom rule.
    pub rule: String,

    /// Config file whose custom rules can be explained too; by default the
    /// one `policylint check` finds from the current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub quiet: QuietArgs,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// A built-in framework id, or the path of a catalog file.
    #[arg(default_value = "iso27001-2022")]
    pub framework: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up, usually the root of the repository; created
    /// when it does not exist.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The date written as the policy template's `last_reviewed`
    /// (YYYY-MM-DD); default: the POLICYLINT_TODAY environment variable,
    /// else today in the local time zone.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
}

impl Cli {
    /// Tells whether `-q` was given to the command that runs. `init` and
    /// `catalog` print no warnings or summary, so they have no `-q`.
    pub fn quiet(&self) -> bool {
        match &self.command {
            None => self.check.quiet,
            Some(Command::Check(args)) => args.quiet,
            Some(Command::Rules(args)) => args.quiet.quiet,
            Some(Command::Explain(args)) => args.quiet.quiet,
            Some(Command::Soa(args)) => args.view.quiet.quiet,
            Some(Command::Coverage(args)) => args.view.quiet.quiet,
            Some(Command::Report(args)) => args.view.quiet.quiet,
            Some(Command::Catalog(_) | Command::Init(_)) => false,
        }
    }
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    crate::dates::parse_date(text)
}

/// The environment variable that sets the default of `--today`.
pub const TODAY_VARIABLE: &str = "POLICYLINT_TODAY";

/// Returns the date given with `--today`, else the date in
/// `POLICYLINT_TODAY` when it is set and not empty, else today in the local
/// time zone. The variable is read here rather than with clap's `env`,
/// because clap 4.6 counts a value from `env` as a use of `--today` for
/// `conflicts_with` and names only the option when the value is invalid.
pub fn today_or_default(option: Option<Date>) -> Result<Date, String> {
    if let Some(date) = option {
        return Ok(date);
    }
    let invalid = format!("invalid value in the environment variable {TODAY_VARIABLE}");
    match std::env::var(TODAY_VARIABLE) {
        Ok(text) if !text.is_empty() => {
            parse_date(&text).map_err(|reason| format!("{invalid}: {reason}"))
        }
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(jiff::ZonedDateTime::now().date()),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "{invalid}: it is not valid UTF-8; set it to a date in the form YYYY-MM-DD"
        )),
    }
}
