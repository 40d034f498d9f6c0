//! The `content/*` rules on documents written for each: every rule fires at
//! the exact text, stays silent on a complete policy and inside code.

mod common;

use common::{Fixture, diagnostics_of, spans_of};
use serde_json::Value;

const CONFIG: &str = "\
documents:
  include: [\"**/*.md\"]
required_documents: off
rules:
  coverage/uncovered-control: off
";

/// A policy with every section the built-in list requires.
const POLICY: &str = "\
---
id: POL-1
title: Test Policy
type: policy
status: approved
owner: jdoe
last_reviewed: 2026-06-01
controls: [A.5.1]
---
# Test Policy

## Purpose

Why the policy exists.

## Scope

Who it applies to.

## Roles and responsibilities

Who does what.

## Policy statements

The rules.

## Compliance

How compliance is checked.

## Exceptions

How exceptions are granted.

## Review

Reviewed every year.
";

fn fixture(policy: &str) -> Fixture {
    let fixture = Fixture::new();
    fixture
        .file("policylint.yaml", CONFIG)
        .file("policies/main.md", policy);
    fixture
}

fn report(fixture: &Fixture) -> Value {
    fixture.check_json(&[]).0
}

/// Returns the place of the `nth` occurrence (from 0) of `needle` in `text`, as
/// (line, column, end column), columns counting characters from 1 and the
/// end exclusive, as the JSON report gives them.
fn place(text: &str, needle: &str, nth: usize) -> (u64, u64, u64) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {} times", nth + 1))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() as u64 + 1;
    (line, column, column + needle.chars().count() as u64)
}

/// Returns the findings of `rule` in policies/main.md as (line, column, end
/// column).
fn found(report: &Value, rule: &str) -> Vec<(u64, u64, u64)> {
    spans_of(report, rule)
        .into_iter()
        .filter(|(path, ..)| path == "policies/main.md")
        .map(|(_, line, column, _, end)| (line, column, end))
        .collect()
}

fn messages(report: &Value, rule: &str) -> Vec<String> {
    diagnostics_of(report, rule)
        .into_iter()
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn complete_policy_is_clean() {
    let report = report(&fixture(POLICY));
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
}

#[test]
fn example_repo_has_no_content_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = common::run_in(root, &["check", "example-repo", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let content: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("content/"))
        .collect();
    assert!(content.is_empty(), "{content:#?}");
}

#[test]
fn placeholder_forms_in_body() {
    let text = format!(
        "{POLICY}\nThis applies to [Company Name] from <insert date>, says {{{{ .CompanyName }}}}\nin ${{ORG}}: TBD, TODO and XXX. Lorem ipsum.\n"
    );
    let report = report(&fixture(&text));
    let expected: Vec<(u64, u64, u64)> = [
        "[Company Name]",
        "<insert date>",
        "{{ .CompanyName }}",
        "${ORG}",
        "TBD",
        "TODO",
        "XXX",
        "Lorem ipsum",
    ]
    .iter()
    .map(|needle| place(&text, needle, 0))
    .collect();
    assert_eq!(found(&report, "content/placeholder"), expected);
    assert_eq!(
        messages(&report, "content/placeholder")[0],
        "template placeholder \"[Company Name]\" is still in the document"
    );
}

#[test]
fn placeholder_in_front_matter() {
    let text = POLICY.replace(
        "title: Test Policy",
        "title: \"[Company Name] Test Policy\"",
    );
    let report = report(&fixture(&text));
    assert_eq!(
        found(&report, "content/placeholder"),
        [place(&text, "[Company Name]", 0)]
    );
}

#[test]
fn placeholder_silent_in_code_links_comments_and_tasks() {
    let text = format!(
        "{POLICY}\n```\n[Company Name] TBD\n```\n\nUse `{{{{company}}}}` here. <!-- TODO [Company Name] -->\n\nSee [the Backup Policy](backup.md) and [Owner Name][ref].\n\n[ref]: backup.md\n\n- [ ] TODO check the backups\n- [x] Done\n\nCitations [1] and [sic] and check boxes [x] and <br> stay.\n"
    );
    let fixture = fixture(&text);
    fixture.file("policies/backup.md", POLICY.replace("POL-1", "POL-2"));
    let report = report(&fixture);
    assert!(
        found(&report, "content/placeholder").is_empty(),
        "{report:#}"
    );
}

#[test]
fn placeholder_patterns_are_configurable() {
    let fixture = fixture(&format!("{POLICY}\nACME Ltd says TBD and TODO.\n"));
    fixture.file(
        "policylint.yaml",
        format!(
            "{CONFIG}placeholders:\n  builtin: [marker]\n  patterns: ['\\bACME\\b']\n  allow: [TODO]\n"
        ),
    );
    let report = report(&fixture);
    let texts: Vec<String> = messages(&report, "content/placeholder");
    assert_eq!(
        texts,
        [
            "template placeholder \"ACME\" is still in the document",
            "template placeholder \"TBD\" is still in the document"
        ]
    );
}

#[test]
fn placeholder_invalid_pattern_is_config_error() {
    let fixture = fixture(POLICY);
    fixture.file(
        "policylint.yaml",
        format!("{CONFIG}placeholders:\n  patterns: ['[unclosed']\n"),
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid regular expression"), "{stderr}");
    assert!(stderr.contains("policylint.yaml:7:14"), "{stderr}");
}

#[test]
fn missing_section_points_at_type() {
    let text = POLICY.replace("## Exceptions\n\nHow exceptions are granted.\n\n", "");
    let report = report(&fixture(&text));
    assert_eq!(
        found(&report, "content/missing-section"),
        [place(&text, "policy", 0)]
    );
    assert_eq!(
        messages(&report, "content/missing-section"),
        ["policy has no \"Exceptions\" section"]
    );
}

#[test]
fn missing_section_accepts_synonyms_and_joined_headings() {
    let text = POLICY
        .replace("## Exceptions", "## 6. Deviations")
        .replace("## Purpose", "## Purpose & scope")
        .replace("## Scope\n\nWho it applies to.\n\n", "");
    let report = report(&fixture(&text));
    assert!(
        found(&report, "content/missing-section").is_empty(),
        "{report:#}"
    );
}

#[test]
fn missing_section_for_procedure_steps() {
    let text = POLICY
        .replace("type: policy", "type: procedure")
        .replace("## Policy statements", "## How to do it");
    let report = report(&fixture(&text));
    assert_eq!(
        messages(&report, "content/missing-section"),
        ["procedure has no \"Steps\" section"]
    );
    let text = text.replace("## How to do it", "## Process");
    assert!(found(&report_of(&text), "content/missing-section").is_empty());
}

fn report_of(text: &str) -> Value {
    report(&fixture(text))
}

#[test]
fn missing_section_lists_are_overridable() {
    let text = POLICY.replace("## Exceptions", "## Waiver process");
    let fixture = fixture(&text);
    assert_eq!(found(&report(&fixture), "content/missing-section").len(), 1);
    fixture.file(
        "policylint.yaml",
        format!(
            "{CONFIG}document_types:\n  policy:\n    synonyms:\n      exceptions: [Waiver process]\n"
        ),
    );
    assert!(found(&report(&fixture), "content/missing-section").is_empty());

    fixture.file(
        "policylint.yaml",
        format!("{CONFIG}document_types:\n  policy:\n    sections: [Purpose, Glossary]\n"),
    );
    assert_eq!(
        messages(&report(&fixture), "content/missing-section"),
        ["policy has no \"Glossary\" section"]
    );
}

#[test]
fn missing_section_unknown_synonym_target_is_config_error() {
    let fixture = fixture(POLICY);
    fixture.file(
        "policylint.yaml",
        format!("{CONFIG}document_types:\n  policy:\n    synonyms:\n      Exeptions: [Waivers]\n"),
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("policylint.yaml:9:7"), "{stderr}");
    assert!(stderr.contains("did you mean `Exceptions`?"), "{stderr}");
}

#[test]
fn missing_section_skips_retired_documents() {
    let text = POLICY
        .replace("status: approved", "status: retired")
        .replace("## Review\n\nReviewed every year.\n", "");
    let report = report_of(&text);
    assert!(found(&report, "content/missing-section").is_empty());
}

#[test]
fn empty_section_at_heading_line() {
    let text = POLICY.replace(
        "How exceptions are granted.\n",
        "<!-- Describe how exceptions are granted. -->\n",
    );
    let report = report_of(&text);
    assert_eq!(
        found(&report, "content/empty-section"),
        [place(&text, "## Exceptions", 0)]
    );
    assert_eq!(
        messages(&report, "content/empty-section"),
        ["section \"Exceptions\" is empty"]
    );
}

#[test]
fn empty_section_counts_sub_sections() {
    let text = POLICY.replace(
        "## Policy statements\n\nThe rules.\n",
        "## Policy statements\n\n### Access\n\nThe rules.\n\n### Backup\n\n```\ncode counts as text\n```\n",
    );
    let report = report_of(&text);
    assert!(
        found(&report, "content/empty-section").is_empty(),
        "{report:#}"
    );
}

/// A fixture with a second document to link to, and the text of the first.
fn linked(extra: &str) -> (Fixture, String) {
    let text = format!("{POLICY}\n{extra}\n");
    let fixture = fixture(&text);
    fixture
        .file(
            "policies/other.md",
            POLICY.replace("POL-1", "POL-2").replace(
                "Reviewed every year.",
                "Reviewed every year.\n\n## Review\n\nAgain.",
            ),
        )
        .file("procedures/README.md", "# Procedures\n\n## Index\n");
    (fixture, text)
}

#[test]
fn broken_link_to_missing_file() {
    let (fixture, text) =
        linked("See [the other policy](othre.md) and [ref].\n\n[ref]: ../gone/x.md");
    let report = report(&fixture);
    assert_eq!(
        found(&report, "content/broken-link"),
        [place(&text, "othre.md", 0), place(&text, "../gone/x.md", 0)]
    );
    let first = diagnostics_of(&report, "content/broken-link")[0];
    assert_eq!(first["message"], "link target \"othre.md\" not found");
    assert_eq!(first["help"], "did you mean `other.md`?");
}

#[test]
fn broken_link_to_missing_heading() {
    let (fixture, text) = linked(
        "[a](other.md#scope) [b](other.md#review-1) [c](#policy-statements) [d](other.md#Review) [e](../procedures/README.md#index)\n[f](other.md#review-2) [g](#purpos)",
    );
    let report = report(&fixture);
    assert_eq!(
        found(&report, "content/broken-link"),
        [
            place(&text, "other.md#review-2", 0),
            place(&text, "#purpos", 0)
        ]
    );
    assert_eq!(
        messages(&report, "content/broken-link"),
        [
            "heading \"#review-2\" not found in policies/other.md",
            "heading \"#purpos\" not found in this document"
        ]
    );
}

#[test]
fn broken_link_leaving_repository_and_undefined_reference() {
    let (fixture, text) =
        linked("[up](../../../etc/passwd) [local](file:///etc/passwd) [x][nowhere]");
    let report = report(&fixture);
    assert_eq!(
        found(&report, "content/broken-link"),
        [
            place(&text, "../../../etc/passwd", 0),
            place(&text, "file:///etc/passwd", 0),
            place(&text, "[x][nowhere]", 0)
        ]
    );
    assert_eq!(
        messages(&report, "content/broken-link")[2],
        "link reference \"nowhere\" is not defined"
    );
}

#[test]
fn broken_link_silent_for_urls_folders_and_code() {
    let (fixture, _) = linked(
        "[site](https://example.invalid/missing.md) [mail](mailto:a@example.com) [folder](../procedures/) [root](/policies/other.md)\n\n```\n[x](missing.md)\n```\n\n`[y](missing.md)`",
    );
    let report = report(&fixture);
    assert!(
        found(&report, "content/broken-link").is_empty(),
        "{report:#}"
    );
}

#[test]
fn broken_link_compares_case_exactly() {
    let (fixture, text) = linked("[a](Other.md)");
    let report = report(&fixture);
    assert_eq!(
        found(&report, "content/broken-link"),
        [place(&text, "Other.md", 0)]
    );
}

#[test]
fn link_to_retired_document() {
    let (fixture, text) = linked("[old](other.md)");
    let report_before = report(&fixture);
    assert!(found(&report_before, "content/link-to-retired").is_empty());
    fixture.file(
        "policies/other.md",
        POLICY
            .replace("POL-1", "POL-2")
            .replace("status: approved", "status: retired"),
    );
    let report = report(&fixture);
    assert_eq!(
        found(&report, "content/link-to-retired"),
        [place(&text, "other.md", 0)]
    );
    assert_eq!(
        messages(&report, "content/link-to-retired"),
        ["link to retired document POL-2 (policies/other.md)"]
    );
    assert!(found(&report, "content/broken-link").is_empty());
}

#[test]
fn content_findings_can_be_suppressed() {
    let text = format!(
        "{POLICY}\n<!-- policylint-disable-next-line content/placeholder content/broken-link -->\nOwned by [Owner Name], see [missing](missing.md).\n"
    );
    let report = report_of(&text);
    assert!(
        found(&report, "content/placeholder").is_empty(),
        "{report:#}"
    );
    assert!(
        found(&report, "content/broken-link").is_empty(),
        "{report:#}"
    );
    assert!(diagnostics_of(&report, "suppression/unused").is_empty());
}
