//! How pre-commit runs the binary: file names after `--`, from the
//! repository root, with Git's `GIT_*` variables set.

mod common;

use std::process::{Command, Output};

use common::{Fixture, findings_fixture, findings_of};

fn json_of(output: &Output) -> serde_json::Value {
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn named_files_limit_document_findings() {
    let fixture = findings_fixture();
    let output = fixture.run(&["check", "--format", "json", "--", "policies/main.md"]);
    let report = json_of(&output);
    assert_eq!(
        findings_of(&report, "review/overdue"),
        [("policies/main.md".to_owned(), 8)]
    );
    assert_eq!(findings_of(&report, "coverage/unknown-control"), []);
    // Repository-level findings still apply.
    assert_eq!(
        findings_of(&report, "coverage/draft-only"),
        [("policylint.yaml".to_owned(), 1)]
    );
}

#[test]
fn non_document_files_keep_repository_findings() {
    let fixture = findings_fixture();
    fixture.file("README.md", "# Readme\n");
    let output = fixture.run(&["check", "--format", "json", "--", "README.md", "soa.yaml"]);
    let report = json_of(&output);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["coverage/draft-only"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn named_files_from_subfolder_are_relative_to_it() {
    let fixture = findings_fixture();
    fixture.git_init();
    let output = common::run_in(
        &fixture.path().join("policies"),
        &["check", "..", "--format", "json", "--", "draft.md"],
    );
    let report = json_of(&output);
    assert_eq!(findings_of(&report, "review/overdue"), []);
    assert_eq!(
        findings_of(&report, "coverage/unknown-control"),
        [("policies/draft.md".to_owned(), 9)]
    );
}

#[test]
fn missing_or_outside_file_exits_two() {
    let fixture = findings_fixture();
    let output = fixture.run(&["check", "--", "policies/gone.md"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot open `policies/gone.md` named after `--`"),
        "{stderr}"
    );

    let outside = tempfile::NamedTempFile::new().unwrap();
    let path = outside.path().to_str().unwrap();
    let output = fixture.run(&["check", "--", path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is outside the repository"), "{stderr}");
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// The variables Git sets for a hook that `git commit` runs, as pre-commit
/// passes them on: a relative `GIT_DIR` and an index that is not the
/// repository's usual one.
#[test]
fn discovery_works_with_hook_variables() {
    let fixture = findings_fixture();
    fixture.git_init();
    git(fixture.path(), &["add", "-A"]);
    git(fixture.path(), &["commit", "-q", "-m", "initial"]);

    let expected = json_of(&fixture.run(&["check", "--format", "json", "--", "policies/main.md"]));
    let output = Command::new(common::binary())
        .args(["check", "--format", "json", "--", "policies/main.md"])
        .current_dir(fixture.path())
        .env("POLICYLINT_TODAY", common::TODAY)
        .env("GIT_DIR", ".git")
        .env("GIT_INDEX_FILE", ".git/index.lock")
        .env("GIT_PREFIX", "")
        .env("GIT_EDITOR", ":")
        .env("GIT_AUTHOR_DATE", "@1700000000 +0000")
        .env("GIT_REFLOG_ACTION", "commit")
        .output()
        .unwrap();
    assert_eq!(json_of(&output), expected);

    // A GIT_DIR that points at another repository does not move the root:
    // the repository is the one that contains PATH.
    let other = Fixture::new();
    other.git_init();
    let output = Command::new(common::binary())
        .args(["check", "--format", "json", "--", "policies/main.md"])
        .current_dir(fixture.path())
        .env("POLICYLINT_TODAY", common::TODAY)
        .env("GIT_DIR", other.path().join(".git"))
        .env("GIT_WORK_TREE", other.path())
        .output()
        .unwrap();
    assert_eq!(json_of(&output), expected);
}

#[test]
fn named_folder_exits_two() {
    let fixture = findings_fixture();
    let output = fixture.run(&["check", "--today", common::TODAY, "--", "policies"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("`policies` named after `--` is a folder, not a file"),
        "{text}"
    );
    assert!(text.contains("`policies/*.md`"), "{text}");
    assert!(output.stdout.is_empty());
}
