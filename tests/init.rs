//! `policylint init`: the scaffold in an empty Git repository passes
//! `check` once its placeholders are filled, and nothing is ever overwritten.

mod common;

use common::{Fixture, TODAY, diagnostics_of};
use serde_json::Value;

const SCAFFOLD: [&str; 4] = [
    "policylint.yaml",
    "soa.yaml",
    "owners.yaml",
    "policies/information-security.md",
];

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Returns the placeholder texts `check` reports, taken from the quoted
/// part of each `content/placeholder` message.
fn placeholders(report: &Value) -> Vec<String> {
    diagnostics_of(report, "content/placeholder")
        .into_iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            message.split('"').nth(1).unwrap().to_owned()
        })
        .collect()
}

#[test]
fn init_then_filled_template_is_clean() {
    let fixture = Fixture::new();
    fixture.git_init();
    let output = fixture.run(&["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for path in SCAFFOLD {
        assert!(text.contains(&format!("created {path}\n")), "{text}");
    }

    let (report, code) = fixture.check_json(&[]);
    assert_eq!(code, 1);
    let found = placeholders(&report);
    assert!(found.contains(&"[Company Name]".to_owned()), "{found:?}");
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        found.len(),
        "only placeholders are reported: {report:#}"
    );

    let path = fixture.path().join("policies/information-security.md");
    let mut policy = std::fs::read_to_string(&path).unwrap();
    assert!(policy.contains(&format!("last_reviewed: {TODAY}\n")));
    for placeholder in found {
        policy = policy.replace(&placeholder, "Kestrel Analytics Ltd");
    }
    std::fs::write(&path, policy).unwrap();

    let (report, code) = fixture.check_json(&[]);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["documents"], 1);
    assert_eq!(report["summary"]["controls"]["applicable"], 93);
}

#[test]
fn init_refuses_to_overwrite() {
    let fixture = Fixture::new();
    fixture
        .file("soa.yaml", "keep me\n")
        .file(".policylint.yaml", "framework: iso27001-2022\n");
    let output = fixture.run(&["init"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("these files already exist: .policylint.yaml, soa.yaml"),
        "{text}"
    );
    assert!(text.contains("help: move them away"), "{text}");
    assert_eq!(
        std::fs::read_to_string(fixture.path().join("soa.yaml")).unwrap(),
        "keep me\n"
    );
    for path in ["policylint.yaml", "owners.yaml", "policies"] {
        assert!(!fixture.path().join(path).exists(), "{path} was written");
    }
}

#[test]
fn init_one_existing_file_is_singular() {
    let fixture = Fixture::new();
    fixture.file("soa.yaml", "keep me\n");
    let output = fixture.run(&["init", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("because this file already exists: soa.yaml\n"),
        "{text}"
    );
    assert!(text.contains("help: move it away,"), "{text}");
}

#[test]
fn init_next_step_names_the_folder() {
    let fixture = Fixture::new();
    let output = fixture.run(&["init", "--today", TODAY]);
    assert!(
        stdout(&output).ends_with("then run `policylint check`\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn init_creates_the_folder() {
    let fixture = Fixture::new();
    let output = fixture.run(&["init", "isms/new", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("created isms/new/soa.yaml"));
    assert!(
        stdout(&output).ends_with("then run `policylint check isms/new`\n"),
        "{}",
        stdout(&output)
    );
    for path in SCAFFOLD {
        assert!(
            fixture.path().join("isms/new").join(path).is_file(),
            "{path}"
        );
    }
    let again = fixture.run(&["init", "isms/new"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn init_on_a_file_exits_two() {
    let fixture = Fixture::new();
    fixture.file("notes.txt", "x");
    let output = fixture.run(&["init", "notes.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a directory"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn init_config_with_misspelt_folder_warns() {
    let fixture = Fixture::new();
    fixture.git_init();
    let output = fixture.run(&["init", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = fixture.path().join("policylint.yaml");
    let config = std::fs::read_to_string(&path).unwrap();
    assert!(config.contains("{policies,"), "{config}");
    std::fs::write(&path, config.replace("{policies,", "{policy,")).unwrap();

    let (report, code) = fixture.check_json(&["--today", TODAY, "--fail-on", "warning"]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["documents"], 0);
    let unmatched = diagnostics_of(&report, "config/unmatched-include");
    assert_eq!(unmatched.len(), 1, "{report:#}");
    assert_eq!(
        unmatched[0]["help"],
        "there is no folder `policy/`; did you mean `policies/`?"
    );
    assert_eq!(diagnostics_of(&report, "config/no-documents").len(), 1);
}
