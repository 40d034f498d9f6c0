//! The example repository: the README's first command, and each of its
//! deliberate findings at its file and line.

mod common;

use std::path::Path;

use serde_json::Value;

fn report() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = common::run_in(
        root,
        &[
            "check",
            "example-repo",
            "--today",
            "2026-12-04",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Findings as (rule, path inside example-repo, line). Paths are relative to
/// the repository root, which is this project when it is a Git checkout and
/// the example folder otherwise.
fn findings(report: &Value) -> Vec<(String, String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap_or("");
            (
                d["rule"].as_str().unwrap().to_owned(),
                path.strip_prefix("example-repo/")
                    .unwrap_or(path)
                    .to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn summary_counts() {
    let report = report();
    assert_eq!(report["summary"]["controls"]["total"], 93);
    assert_eq!(report["summary"]["controls"]["applicable"], 88);
    assert_eq!(report["summary"]["controls"]["covered"], 87);
    assert_eq!(report["summary"]["documents"], 26);
}

#[test]
fn deliberate_findings_at_their_lines() {
    let found = findings(&report());
    let expected = [
        ("coverage/unknown-control", "policies/access-control.md", 11),
        ("review/overdue", "policies/backup.md", 10),
        ("review/due-soon", "policies/cryptography.md", 10),
        (
            "ownership/inactive-owner",
            "policies/logging-monitoring.md",
            6,
        ),
        ("coverage/draft-only", "soa.yaml", 14),
    ];
    for (rule, path, line) in expected {
        assert!(
            found.contains(&(rule.to_owned(), path.to_owned(), line)),
            "{rule} at {path}:{line} not in {found:?}"
        );
    }
    assert_eq!(
        found.len(),
        expected.len(),
        "unexpected findings: {found:?}"
    );
}
