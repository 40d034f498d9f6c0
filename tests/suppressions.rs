//! Suppressions written in documents and baseline files, on the real
//! binary.

mod common;

use common::{Fixture, findings_of, policy};
use serde_json::Value;

/// Builds a policy whose review is overdue (line 8), with `body` after the
/// front matter.
fn overdue_with_body(body: &str) -> String {
    let text = policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-10-14");
    let (front, _) = text.split_once("# Test Policy").unwrap();
    format!("{front}{body}")
}

fn rules_of(report: &Value) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn front_matter_disable_hides_rule() {
    let fixture = Fixture::standard();
    let text = overdue_with_body("# T\n\nText.\n").replace(
        "---\nid:",
        "---\npolicylint: { disable: [review/overdue] }\nid:",
    );
    fixture.file("policies/main.md", text);
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(rules_of(&report), []);
    assert_eq!(code, 0);
}

#[test]
fn unused_front_matter_disable_is_a_note() {
    let fixture = Fixture::standard();
    let text = policy("POL-1", "[X.1, X.2]").replace(
        "---\nid:",
        "---\npolicylint: { disable: [review/due-soon] }\nid:",
    );
    fixture.file("policies/main.md", text);
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(rules_of(&report), [("suppression/unused".to_owned(), 2)]);
    assert_eq!(report["diagnostics"][0]["severity"], "note");
    assert_eq!(code, 0, "a note does not fail the run");
}

/// Builds a clean policy whose body is `body`, as bytes. Invalid UTF-8 is
/// the one finding the built-in rules report inside the Markdown body.
fn policy_with_body(body: &[u8]) -> Vec<u8> {
    let text = policy("POL-1", "[X.1, X.2]");
    let (front, _) = text.split_once("# Test Policy").unwrap();
    let mut bytes = front.as_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

#[test]
fn disable_next_line_hides_that_line_only() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy_with_body(
            b"# T\n<!-- policylint-disable-next-line document/unreadable -->\nbad \xFF\n",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(rules_of(&report), []);

    fixture.file(
        "policies/main.md",
        policy_with_body(
            b"# T\n<!-- policylint-disable-next-line document/unreadable -->\n\nbad \xFF\n",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        rules_of(&report),
        [
            ("suppression/unused".to_owned(), 12),
            ("document/unreadable".to_owned(), 14)
        ]
    );
}

#[test]
fn disable_range_ends_at_enable() {
    let fixture = Fixture::standard();
    let body = b"# T\n\n<!-- policylint-disable document/unreadable -->\n\nbad \xFF\n\n<!-- policylint-enable document/unreadable -->\n";
    fixture.file("policies/main.md", policy_with_body(body));
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(rules_of(&report), []);

    // The first invalid byte is after the enable comment.
    let body = b"# T\n\n<!-- policylint-disable document/unreadable -->\n\ngood\n\n<!-- policylint-enable document/unreadable -->\n\nbad \xFF\n";
    fixture.file("policies/main.md", policy_with_body(body));
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        rules_of(&report),
        [
            ("suppression/unused".to_owned(), 13),
            ("document/unreadable".to_owned(), 19)
        ]
    );
}

#[test]
fn disable_without_enable_runs_to_end_of_file() {
    let fixture = Fixture::standard();
    let body = b"# T\n\n<!-- policylint-disable review/overdue, document/unreadable -->\n\ntext\n\n\n\nbad \xFF\n";
    fixture.file("policies/main.md", policy_with_body(body));
    let (report, _) = fixture.check_json(&[]);
    // One comment names two rules; only the unused one is reported.
    assert_eq!(rules_of(&report), [("suppression/unused".to_owned(), 13)]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("`review/overdue`"), "{message}");
}

#[test]
fn comments_in_code_blocks_are_not_suppressions() {
    let fixture = Fixture::standard();
    let body =
        b"# T\n\n```\n<!-- policylint-disable-next-line document/unreadable -->\n```\nbad \xFF\n";
    fixture.file("policies/main.md", policy_with_body(body));
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(rules_of(&report), [("document/unreadable".to_owned(), 16)]);
}

#[test]
fn unknown_rule_in_suppression_is_reported() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace(
            "Text.\n",
            "Text.\n\n<!-- policylint-disable-next-line review/overdeu -->\nMore.\n",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    let note = &report["diagnostics"][0];
    assert_eq!(note["rule"], "suppression/unused");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("unknown rule `review/overdeu`"),
        "{note}"
    );
    assert_eq!(note["help"], "did you mean `review/overdue`?");
}

#[test]
fn enable_without_disable_and_bare_disable_are_reported() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace(
            "Text.\n",
            "Text.\n\n<!-- policylint-enable review/overdue -->\n\n<!-- policylint-disable -->\n",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("has no `policylint-disable review/overdue` before it"));
    assert!(messages[1].contains("names no rule"));
}

#[test]
fn suppression_notes_follow_severity_overrides() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!(
            "{}rules:\n  suppression/unused: off\n",
            common::STANDARD_CONFIG
        ),
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace(
            "Text.\n",
            "Text.\n<!-- policylint-disable-next-line review/overdue -->\n",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(rules_of(&report), []);
}

#[test]
fn suppression_only_covers_its_own_file() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", overdue_with_body("# T\n\nText.\n"));
    fixture.file(
        "policies/other.md",
        policy("POL-2", "[X.1]").replace(
            "---\nid:",
            "---\npolicylint: { disable: [review/overdue] }\nid:",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        findings_of(&report, "review/overdue"),
        [("policies/main.md".to_owned(), 8)]
    );
    assert_eq!(
        findings_of(&report, "suppression/unused"),
        [("policies/other.md".to_owned(), 2)]
    );
}

#[test]
fn baseline_hides_recorded_findings_after_line_shift() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", overdue_with_body("# T\n\nText.\n"));
    let output = fixture.run(&["check", ".", "--write-baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("recorded 1 finding in `baseline.json`")
    );
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture.path().join("baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written["version"], 1);
    assert_eq!(written["findings"][0]["rule"], "review/overdue");

    // Two lines inserted above the finding move it from line 8 to line 10.
    fixture.file(
        "policies/main.md",
        overdue_with_body("# T\n\nText.\n").replace(
            "---\nid:",
            "---\nversion: \"2\"\nclassification: internal\nid:",
        ),
    );
    let (report, code) = fixture.check_json(&["--baseline", "baseline.json"]);
    assert_eq!(rules_of(&report), []);
    assert_eq!(code, 0);

    // A new finding is still reported.
    fixture.file("policies/new.md", policy("POL-2", "[X.9]"));
    let (report, code) = fixture.check_json(&["--baseline", "baseline.json"]);
    assert_eq!(
        findings_of(&report, "coverage/unknown-control"),
        [("policies/new.md".to_owned(), 9)]
    );
    assert_eq!(code, 1);
}

#[test]
fn stale_baseline_entries_are_counted() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", overdue_with_body("# T\n\nText.\n"));
    fixture.file("policies/new.md", policy("POL-2", "[X.9]"));
    assert_eq!(
        fixture
            .run(&["check", ".", "--write-baseline", "baseline.json"])
            .status
            .code(),
        Some(0)
    );
    // Fix the overdue review; its entry is now stale.
    fixture.file("policies/main.md", policy("POL-1", "[X.1, X.2]"));
    let output = fixture.run(&["check", ".", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("; baseline: 1 finding hidden, 1 stale entry"),
        "{text}"
    );

    let (report, code) = fixture.check_json(&["--baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["baseline"]["hidden"], 1, "{report:#}");
    assert_eq!(report["summary"]["baseline"]["stale"], 1, "{report:#}");
}

#[test]
fn baseline_matches_each_entry_once() {
    let fixture = Fixture::standard();
    fixture.file("policies/new.md", policy("POL-2", "[X.9]"));
    fixture.run(&["check", ".", "--write-baseline", "baseline.json"]);
    // The same unknown id twice in one document makes two equal
    // fingerprints; the baseline recorded only one.
    fixture.file("policies/new.md", policy("POL-2", "[X.9, X.9]"));
    let (report, _) = fixture.check_json(&["--baseline", "baseline.json"]);
    assert_eq!(findings_of(&report, "coverage/unknown-control").len(), 1);
}

#[test]
fn invalid_baseline_exits_two() {
    let fixture = Fixture::standard();
    fixture.file("baseline.json", "{\"version\": 1, \"findings\": [");
    let output = fixture.run(&["check", ".", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid baseline file `baseline.json`"),
        "{stderr}"
    );

    fixture.file("baseline.json", "{\"version\": 7, \"findings\": []}");
    let output = fixture.run(&["check", ".", "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has version 7"));

    let output = fixture.run(&["check", ".", "--baseline", "missing.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("cannot read baseline file `missing.json`")
    );
}

#[test]
fn write_baseline_into_missing_folder_exits_two() {
    let fixture = Fixture::standard();
    let output = fixture.run(&["check", ".", "--write-baseline", "no/such/dir/b.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write baseline file"));
    let leftovers: Vec<_> = std::fs::read_dir(fixture.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn baseline_and_write_baseline_conflict() {
    let output = Fixture::standard().run(&[
        "check",
        ".",
        "--baseline",
        "a.json",
        "--write-baseline",
        "b.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn baseline_counts_reach_markdown_summary() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", overdue_with_body("# T\n\nText.\n"));
    fixture.run(&["check", ".", "--write-baseline", "baseline.json"]);
    let output = fixture.run(&[
        "check",
        ".",
        "--baseline",
        "baseline.json",
        "--format",
        "markdown",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("baseline: 1 finding hidden, 0 stale entries"),
        "{text}"
    );
    assert!(text.contains("No findings."), "{text}");
}
