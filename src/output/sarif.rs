//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. The run
//! lists every rule with its summary, explanation and default level. Each
//! result points at a repository-relative URI under `%SRCROOT%` and carries
//! a fingerprint that survives line shifts (see [`crate::fingerprint`]).
//! A finding with no file, such as `history/shallow-clone`, is a tool
//! execution notification of the run's invocation instead of a result,
//! because code scanning rejects the whole file when one result has no
//! location ("locationFromSarifResult: expected at least one location").
//!
//! The types come from the `serde-sarif` crate, generated from the official
//! schema.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location as SarifLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::fingerprint;
use crate::rules::Rule;

/// The base every result URI is relative to: the repository root, as
/// GitHub code scanning and other SARIF consumers name it.
const SRCROOT: &str = "%SRCROOT%";

/// The characters percent-encoded in a URI path: all but the RFC 3986
/// unreserved characters and `/`, so spaces, `%` and `#` are encoded.
const PATH_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

pub fn render(report: &Report) -> String {
    let (located, unlocated): (Vec<&Diagnostic>, Vec<&Diagnostic>) = report
        .diagnostics
        .iter()
        .partition(|diagnostic| diagnostic.location.is_some());
    let results: Vec<SarifResult> = located
        .into_iter()
        .map(|diagnostic| result(diagnostic, &report.rules))
        .collect();
    let notifications: Vec<Notification> = unlocated
        .into_iter()
        .map(|diagnostic| notification(diagnostic, &report.rules))
        .collect();
    let invocation = if notifications.is_empty() {
        Invocation::builder().execution_successful(true).build()
    } else {
        Invocation::builder()
            .execution_successful(true)
            .tool_execution_notifications(notifications)
            .build()
    };
    let driver = ToolComponent::builder()
        .name("policylint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(
            report
                .rules
                .iter()
                .map(|r| descriptor(r))
                .collect::<Vec<_>>(),
        )
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        // Columns count characters, not UTF-16 code units (SARIF's default).
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let sarif = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(rule.id)
        .name(rule_name(rule.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.summary)
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(first_paragraph(rule.explanation))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(rule.explanation)
                .markdown(rule.explanation)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level(rule.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec!["isms".to_owned(), rule.group().to_owned()])
                .additional_properties(BTreeMap::new())
                .build(),
        )
        .build()
}

/// SARIF's `name` is an identifier: "review/overdue" becomes "ReviewOverdue".
fn rule_name(id: &str) -> String {
    id.split(['/', '-'])
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Returns the first paragraph of an explanation on one line.
fn first_paragraph(text: &str) -> String {
    text.split("\n\n")
        .next()
        .unwrap_or(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds the message of a result or notification: the finding's message,
/// then its help.
fn message_text(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// Returns the position of the finding's rule in `rules`, the run's rule
/// list.
fn rule_index(diagnostic: &Diagnostic, rules: &[&Rule]) -> i64 {
    rules
        .iter()
        .position(|r| r.id == diagnostic.rule.id)
        .unwrap_or(0) as i64
}

/// Builds the SARIF properties of a finding: its document and control.
fn properties(diagnostic: &Diagnostic) -> PropertyBag {
    let mut properties = BTreeMap::new();
    if let Some(document) = &diagnostic.document {
        properties.insert("document".to_owned(), serde_json::json!(document));
    }
    if let Some(control) = &diagnostic.control {
        properties.insert("control".to_owned(), serde_json::json!(control));
    }
    PropertyBag::builder()
        .additional_properties(properties)
        .build()
}

/// Converts a finding with no file into a notification whose
/// `associatedRule` names the finding's rule.
fn notification(diagnostic: &Diagnostic, rules: &[&Rule]) -> Notification {
    let rule = ReportingDescriptorReference::builder()
        .id(diagnostic.rule.id)
        .index(rule_index(diagnostic, rules))
        .build();
    Notification::builder()
        .message(Message::builder().text(message_text(diagnostic)).build())
        .level(serde_json::json!(level(diagnostic.severity)))
        .associated_rule(rule)
        .properties(properties(diagnostic))
        .build()
}

/// Converts a finding that has a location; `rules` is the run's rule list,
/// which `ruleIndex` points into.
fn result(diagnostic: &Diagnostic, rules: &[&Rule]) -> SarifResult {
    let fingerprints = BTreeMap::from([(
        fingerprint::SARIF_KEY.to_owned(),
        fingerprint::of(diagnostic),
    )]);

    let related: Vec<SarifLocation> = diagnostic
        .related
        .iter()
        .enumerate()
        .map(|(index, related)| {
            SarifLocation::builder()
                .id(index as i64)
                .physical_location(physical(&related.location))
                .message(Message::builder().text(related.message.as_str()).build())
                .build()
        })
        .collect();

    let locations: Vec<SarifLocation> = diagnostic
        .location
        .iter()
        .map(|location| {
            SarifLocation::builder()
                .physical_location(physical(location))
                .build()
        })
        .collect();
    let builder = SarifResult::builder()
        .rule_id(diagnostic.rule.id)
        .rule_index(rule_index(diagnostic, rules))
        .level(match diagnostic.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
            Severity::Note => ResultLevel::Note,
        })
        .message(Message::builder().text(message_text(diagnostic)).build())
        .partial_fingerprints(fingerprints)
        .properties(properties(diagnostic))
        .locations(locations);
    if related.is_empty() {
        builder.build()
    } else {
        builder.related_locations(related).build()
    }
}

fn physical(location: &Location) -> PhysicalLocation {
    let uri = utf8_percent_encode(location.path(), PATH_SET).to_string();
    PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri)
                .uri_base_id(SRCROOT)
                .build(),
        )
        .region(
            Region::builder()
                .start_line(location.start.line as i64)
                .start_column(location.start.column as i64)
                .end_line(location.end.line as i64)
                .end_column(location.end.column as i64)
                .build(),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(rule_name("review/overdue"), "ReviewOverdue");
        assert_eq!(
            rule_name("front-matter/missing-field"),
            "FrontMatterMissingField"
        );
    }

    #[test]
    fn uri_path_is_percent_encoded() {
        let encoded = utf8_percent_encode("a dir/100%,x:y#.md", PATH_SET).to_string();
        assert_eq!(encoded, "a%20dir/100%25%2Cx%3Ay%23.md");
    }
}
