//! The `policylint` binary: parse arguments, run, exit with 0, 1 or 2.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use policylint::app::{self, ExitStatus};
use policylint::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.verbose, cli.quiet());

    // A panic is a bug, but the contract is exit code 2 for a run that could
    // not complete, never the 101 a panic would give.
    let status = std::panic::catch_unwind(|| app::run(cli)).unwrap_or_else(|_| {
        eprintln!("policylint: internal error; please report it with the command that caused it");
        ExitStatus::Error
    });
    ExitCode::from(status as u8)
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => log::LevelFilter::Error,
        (false, 0) => log::LevelFilter::Warn,
        (false, 1) => log::LevelFilter::Debug,
        (false, _) => log::LevelFilter::Trace,
    };
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Warn)
        .filter_module("policylint", level)
        .format(write_record)
        .init();
}

/// Writes a log record in the form of the other messages on stderr,
/// `policylint: warning: ...`. Debug and trace records, and records of
/// other crates, also name the module that logged them.
fn write_record(out: &mut env_logger::fmt::Formatter, record: &log::Record) -> std::io::Result<()> {
    let level = match record.level() {
        log::Level::Error => "error",
        log::Level::Warn => "warning",
        log::Level::Info => "info",
        log::Level::Debug => "debug",
        log::Level::Trace => "trace",
    };
    let own = record.target() == "policylint" || record.target().starts_with("policylint::");
    if own && record.level() <= log::Level::Info {
        writeln!(out, "policylint: {level}: {}", record.args())
    } else {
        writeln!(
            out,
            "policylint: {level}: [{}] {}",
            record.target(),
            record.args()
        )
    }
}
