//! Malformed documents: each gives a diagnostic on the right line of the
//! file (never shifted by the front matter's offset), never a panic, and the
//! other documents are still linted.

mod common;

use common::{Fixture, findings_of, policy};
use serde_json::Value;

/// Lint a fixture holding `bytes` as `policies/bad.md` next to a document
/// whose overdue review must still be reported.
fn lint(bytes: &[u8]) -> Value {
    let fixture = Fixture::standard();
    fixture.file("policies/bad.md", bytes);
    fixture.file(
        "policies/sentinel.md",
        policy("POL-S", "[X.1]").replace("2026-06-01", "2025-01-01"),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        findings_of(&report, "review/overdue")
            .iter()
            .filter(|(path, _)| path == "policies/sentinel.md")
            .count(),
        1,
        "the other document was not linted: {report:#}"
    );
    report
}

fn bad(report: &Value, rule: &str) -> Vec<u64> {
    findings_of(report, rule)
        .into_iter()
        .filter(|(path, _)| path == "policies/bad.md")
        .map(|(_, line)| line)
        .collect()
}

fn message(report: &Value, rule: &str) -> String {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule && d["path"] == "policies/bad.md")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[test]
fn no_closing_delimiter() {
    let report = lint(b"---\nid: POL-2\ntitle: T\n\n# Body\n\nText.\n");
    assert_eq!(bad(&report, "front-matter/invalid"), [1]);
    assert!(message(&report, "front-matter/invalid").contains("never closed"));
}

#[test]
fn trailing_spaces_after_opening_delimiter() {
    let text = policy("POL-2", "[X.1]")
        .replacen("---\n", "---   \n", 1)
        .replace("2026-06-01", "2025-01-01");
    let report = lint(text.as_bytes());
    assert!(bad(&report, "front-matter/invalid").is_empty());
    assert_eq!(bad(&report, "review/overdue"), [8]);
}

#[test]
fn blank_line_before_opening_delimiter() {
    let text = format!(
        "\n{}",
        policy("POL-2", "[X.1]").replace("2026-06-01", "2025-01-01")
    );
    let report = lint(text.as_bytes());
    assert_eq!(bad(&report, "front-matter/invalid"), [2]);
    assert_eq!(bad(&report, "review/overdue"), [9]);
}

#[test]
fn dashes_inside_a_value() {
    let text = policy("POL-2", "[X.1]").replace("title: Test Policy", "title: a --- b");
    let report = lint(text.as_bytes());
    assert!(bad(&report, "front-matter/invalid").is_empty());
    assert!(bad(&report, "front-matter/missing-field").is_empty());
}

#[test]
fn dashes_in_fenced_code_block_below() {
    let text = format!(
        "{}\n```yaml\n---\nid: not-front-matter\n---\n```\n",
        policy("POL-2", "[X.1]").replace("2026-06-01", "2025-01-01")
    );
    let report = lint(text.as_bytes());
    assert!(bad(&report, "front-matter/invalid").is_empty());
    assert_eq!(bad(&report, "review/overdue"), [8]);
}

#[test]
fn unclosed_with_dashes_in_fenced_code_block() {
    let report = lint(b"---\nid: POL-2\n\n# Body\n\n```\n---\n```\n");
    assert_eq!(bad(&report, "front-matter/invalid"), [1]);
}

#[test]
fn tab_indented_yaml() {
    let report = lint(b"---\nid: POL-2\npolicylint:\n\tdisable: []\n---\n");
    assert_eq!(bad(&report, "front-matter/invalid"), [4]);
}

#[test]
fn duplicate_keys() {
    let report = lint(b"---\nid: POL-2\ntitle: T\nid: POL-3\n---\n");
    assert_eq!(bad(&report, "front-matter/invalid"), [4]);
    assert!(message(&report, "front-matter/invalid").contains("duplicate"));
}

#[test]
fn owner_no_is_a_string() {
    let text = policy("POL-2", "[X.1]").replace("owner: jdoe", "owner: no");
    let report = lint(text.as_bytes());
    assert!(bad(&report, "front-matter/invalid-value").is_empty());
    assert_eq!(bad(&report, "ownership/unknown-owner"), [6]);
    assert!(message(&report, "ownership/unknown-owner").contains("\"no\""));
}

#[test]
fn impossible_date() {
    let text = policy("POL-2", "[X.1]").replace("2026-06-01", "2026-02-30");
    let report = lint(text.as_bytes());
    assert_eq!(bad(&report, "front-matter/invalid-value"), [8]);
    assert!(message(&report, "front-matter/invalid-value").contains("no day 30"));
}

#[test]
fn date_with_time_and_offset() {
    let text = policy("POL-2", "[X.1]").replace("2026-06-01", "2026-06-01T09:30:00+02:00");
    let report = lint(text.as_bytes());
    assert_eq!(bad(&report, "front-matter/invalid-value"), [8]);
    assert!(message(&report, "front-matter/invalid-value").contains("as 2026-06-01"));
}

#[test]
fn empty_file() {
    let report = lint(b"");
    assert_eq!(bad(&report, "front-matter/missing"), [1]);
}

#[test]
fn byte_order_mark() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        policy("POL-2", "[X.1]")
            .replace("2026-06-01", "2025-01-01")
            .as_bytes(),
    );
    let report = lint(&bytes);
    assert!(bad(&report, "front-matter/missing").is_empty());
    assert_eq!(bad(&report, "review/overdue"), [8]);
    let column = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "policies/bad.md")
        .unwrap()["column"]
        .clone();
    assert_eq!(column, 16);
}

#[test]
fn crlf_line_endings() {
    let text = policy("POL-2", "[X.1, X.9]")
        .replace("2026-06-01", "2025-01-01")
        .replace('\n', "\r\n");
    let report = lint(text.as_bytes());
    assert!(bad(&report, "front-matter/invalid").is_empty());
    assert_eq!(bad(&report, "review/overdue"), [8]);
    assert_eq!(bad(&report, "coverage/unknown-control"), [9]);
    let unknown = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "coverage/unknown-control")
        .unwrap();
    assert_eq!(
        (unknown["column"].as_u64(), unknown["end_column"].as_u64()),
        (Some(17), Some(20))
    );
}

#[test]
fn non_utf8_bytes() {
    let mut bytes = policy("POL-2", "[X.1]").into_bytes();
    bytes.extend_from_slice(b"Se\xF1or\n");
    let report = lint(&bytes);
    assert_eq!(bad(&report, "document/unreadable"), [14]);
    assert!(bad(&report, "front-matter/missing-field").is_empty());
}

#[test]
fn non_utf8_in_front_matter() {
    let text = policy("POL-2", "[X.1]").replace("title: Test Policy", "title: Pol\u{00ED}tica");
    let bytes = text.replace('\u{00ED}', "\u{FFFF}").into_bytes();
    // Replace the three bytes of U+FFFF with one invalid byte.
    let position = bytes
        .windows(3)
        .position(|w| w == [0xEF, 0xBF, 0xBF])
        .unwrap();
    let mut bytes = bytes;
    bytes.splice(position..position + 3, [0xED]);
    let report = lint(&bytes);
    assert_eq!(bad(&report, "document/unreadable"), [3]);
}

#[test]
fn utf16_file() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "---\nid: A\n---\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let report = lint(&bytes);
    assert_eq!(bad(&report, "document/unreadable"), [1]);
}

#[test]
fn yaml_alias_bomb() {
    let mut text = String::from("---\nid: POL-2\na: &a [x, x, x, x, x, x, x, x, x]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut previous = "a";
    for name in names {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    text.push_str("---\n");
    let started = std::time::Instant::now();
    let report = lint(text.as_bytes());
    assert_eq!(bad(&report, "front-matter/invalid").len(), 1);
    // Bounded work, not a timing assertion: an unbounded expansion of 9^9
    // nodes would not finish in this test at all.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn front_matter_that_is_a_list() {
    let report = lint(b"---\n- id\n- title\n---\n");
    assert_eq!(bad(&report, "front-matter/invalid"), [2]);
}
