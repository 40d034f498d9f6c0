//! `--format json`: the report as a stable JSON document (schema version 1).
//! The GitHub Action and other tools read it, so its shape is a contract:
//! new fields may be added within a version, and a field is only removed,
//! renamed or given another type in a new schema version.

use serde::Serialize;

use crate::check::Report;
use crate::diagnostic::Severity;

/// The schema version in the `version` field.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    today: String,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    controls: Controls,
    /// The effect of `--baseline`; `null` when no baseline was given.
    baseline: Option<BaselineSummary>,
}

#[derive(Serialize)]
struct BaselineSummary {
    /// Findings hidden because the baseline records them.
    hidden: usize,
    /// Baseline entries that match no current finding.
    stale: usize,
}

#[derive(Serialize)]
struct Controls {
    total: usize,
    applicable: usize,
    covered: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'static str,
    severity: Severity,
    message: &'a str,
    path: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    help: Option<&'a str>,
    document: Option<&'a str>,
    control: Option<&'a str>,
}

pub fn render(report: &Report) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let location = d.location.as_ref();
            JsonDiagnostic {
                rule: d.rule.id,
                severity: d.severity,
                message: &d.message,
                path: location.map(|l| l.path()),
                line: location.map(|l| l.start.line),
                column: location.map(|l| l.start.column),
                end_line: location.map(|l| l.end.line),
                end_column: location.map(|l| l.end.column),
                help: d.help.as_deref(),
                document: d.document.as_deref(),
                control: d.control.as_deref(),
            }
        })
        .collect();
    let json = JsonReport {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "policylint",
            version: env!("CARGO_PKG_VERSION"),
        },
        today: report.today.to_string(),
        summary: Summary {
            documents: report.documents,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            controls: Controls {
                total: report.controls.total,
                applicable: report.controls.applicable,
                covered: report.controls.covered,
            },
            baseline: report.baseline.map(|outcome| BaselineSummary {
                hidden: outcome.hidden,
                stale: outcome.stale,
            }),
        },
        diagnostics,
    };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}
