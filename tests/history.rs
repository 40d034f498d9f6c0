//! History-based behaviour on real Git repositories built in temporary
//! folders with fixed author and committer dates: the walk's dates, renames
//! and merges, the history rules, review trailers, `--as-of`, `--rev`,
//! `--diff-base`, and the repository states where history is not available.

mod common;

use std::path::Path;
use std::process::Output;

use common::{Fixture, findings_of, git_in, policy};
use policylint::model::{Model, Options};
use policylint::repo::git::GitOptions;
use serde_json::Value;

const DAY1: &str = "2026-06-01T09:00:00+0000";

/// The standard fixture committed once on the day of its review.
fn reviewed_repo() -> Fixture {
    let fixture = Fixture::standard();
    fixture.git_init();
    fixture.commit_at(DAY1, "Add the policy");
    fixture
}

fn edit_body(fixture: &Fixture, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(fixture.path().join(path)).unwrap();
    assert!(text.contains(from), "{from:?} not in {path}");
    fixture.file(path, text.replacen(from, to, 1));
}

fn messages(report: &Value, rule: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn load(path: &Path, git: GitOptions) -> Model {
    let options = Options {
        path: path.to_owned(),
        config: None,
        today: jiff::civil::date(2026, 12, 4),
    };
    match Model::load_with(&options, &git) {
        Ok(model) => model,
        Err(_) => panic!("model failed to load"),
    }
}

fn short(id: &str) -> &str {
    &id[..7]
}

#[test]
fn last_change_has_author_and_date() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "Changed text.");
    let id = fixture.commit_by(
        "2026-07-15T23:30:00-0300",
        "Bob Smith <bob@example.com>",
        "Edit",
    );

    let model = load(fixture.path(), GitOptions::default());
    let history = model.history.doc("policies/main.md").unwrap();
    let last = history.last_change().unwrap();
    assert_eq!(last.id.to_string(), id);
    assert_eq!(last.author, "Bob Smith");
    assert_eq!(last.email, "bob@example.com");
    // The date in the committer's own time zone, not UTC (2026-07-16).
    assert_eq!(last.date(), Some(jiff::civil::date(2026, 7, 15)));
    assert_eq!(history.changes.len(), 2);
}

#[test]
fn changed_since_review_names_the_commit() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    let id = fixture.commit_by(
        "2026-07-15T10:00:00+0000",
        "Bob Smith <bob@example.com>",
        "Rewrite",
    );

    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        findings_of(&report, "review/changed-since-review"),
        [("policies/main.md".into(), 8)]
    );
    let message = &messages(&report, "review/changed-since-review")[0];
    assert!(message.contains(short(&id)), "{message}");
    assert!(message.contains("Bob Smith on 2026-07-15"), "{message}");
}

#[test]
fn front_matter_and_whitespace_edits_are_not_changes() {
    let fixture = reviewed_repo();
    edit_body(
        &fixture,
        "policies/main.md",
        "approver: asmith\n",
        "approver: asmith\nversion: \"2\"\n",
    );
    fixture.commit_at("2026-07-01T10:00:00+0000", "Bump version");
    edit_body(&fixture, "policies/main.md", "Text.\n", "Text.   \r\n\n");
    fixture.commit_at("2026-07-02T10:00:00+0000", "Whitespace");
    assert!(fixture.findings("review/changed-since-review").is_empty());
}

#[test]
fn review_commit_with_body_change() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    edit_body(&fixture, "policies/main.md", "2026-06-01", "2026-07-01");
    fixture.commit_at("2026-07-01T10:00:00+0000", "Revise and review");
    assert!(fixture.findings("review/changed-since-review").is_empty());
    assert!(fixture.findings("review/unbacked-date").is_empty());
}

#[test]
fn no_history_skips_history_rules() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-15T10:00:00+0000", "Rewrite");
    let (report, _) = fixture.check_json(&["--no-history"]);
    assert!(findings_of(&report, "review/changed-since-review").is_empty());
}

#[test]
fn uncommitted_body_change_is_a_change_now() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "Uncommitted text.");
    let (report, _) = fixture.check_json(&[]);
    let found = messages(&report, "review/changed-since-review");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("uncommitted"), "{}", found[0]);

    // Bumping last_reviewed in the same uncommitted change is the review.
    edit_body(&fixture, "policies/main.md", "2026-06-01", "2026-12-01");
    assert!(fixture.findings("review/changed-since-review").is_empty());
}

#[test]
fn untracked_document_has_no_history_findings() {
    let fixture = reviewed_repo();
    fixture.file(
        "policies/new.md",
        policy("POL-2", "[X.1]").replace("2026-06-01", "2026-11-01"),
    );
    let (report, _) = fixture.check_json(&[]);
    assert!(findings_of(&report, "review/changed-since-review").is_empty());
    assert!(findings_of(&report, "review/unbacked-date").is_empty());
}

#[test]
fn unbacked_review_date() {
    let fixture = Fixture::standard();
    fixture.git_init();
    let id = fixture.commit_at("2026-05-20T09:00:00+0000", "Record review in advance");
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        findings_of(&report, "review/unbacked-date"),
        [("policies/main.md".into(), 8)]
    );
    let message = &messages(&report, "review/unbacked-date")[0];
    assert!(
        message.contains(short(&id)) && message.contains("2026-05-20"),
        "{message}"
    );

    let backed = reviewed_repo();
    assert!(backed.findings("review/unbacked-date").is_empty());
}

#[test]
fn trailer_clears_overdue_review() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-06-01"),
    );
    fixture.git_init();
    fixture.commit_at("2025-06-01T09:00:00+0000", "Add the policy");
    assert_eq!(fixture.findings("review/overdue").len(), 1);

    fixture.commit_at(
        "2026-05-04T09:00:00+0000",
        "Annual review, no changes\n\nPolicy-Reviewed: POL-1",
    );
    let (report, _) = fixture.check_json(&[]);
    assert!(
        findings_of(&report, "review/overdue").is_empty(),
        "{report:#}"
    );
    assert!(findings_of(&report, "review/due-soon").is_empty());
}

#[test]
fn trailer_with_unknown_id_is_reported() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-AC-01", "[X.1, X.2]").replace("2026-06-01", "2025-06-01"),
    );
    fixture.git_init();
    fixture.commit_at("2025-06-01T09:00:00+0000", "Add the policy");
    let commit = fixture.commit_at(
        "2026-05-04T09:00:00+0000",
        "Annual review\n\nPolicy-Reviewed: POL-AC-1",
    );

    let (report, _) = fixture.check_json(&[]);
    assert_eq!(findings_of(&report, "review/overdue").len(), 1);
    let found = common::diagnostics_of(&report, "history/unknown-review-trailer");
    assert_eq!(found.len(), 1, "{report:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "commit {} records a review of `POL-AC-1`, but no document has that id",
            &commit[..7]
        )
    );
    let help = found[0]["help"].as_str().unwrap();
    assert!(help.starts_with("did you mean `POL-AC-01`?"), "{help}");
    assert_eq!(found[0]["severity"], "warning");

    let (without_history, _) = fixture.check_json(&["--no-history"]);
    assert!(common::diagnostics_of(&without_history, "history/unknown-review-trailer").is_empty());
}

#[test]
fn trailer_covers_earlier_body_changes_only() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "Second text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    fixture.commit_at(
        "2026-07-02T09:00:00+0000",
        "Review\n\nPolicy-Reviewed: POL-1",
    );
    assert!(fixture.findings("review/changed-since-review").is_empty());

    edit_body(&fixture, "policies/main.md", "Second text.", "Third text.");
    let id = fixture.commit_at("2026-07-03T09:00:00+0000", "Edit again");
    let (report, _) = fixture.check_json(&[]);
    let found = messages(&report, "review/changed-since-review");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains(short(&id)), "{}", found[0]);
}

#[test]
fn trailer_key_is_configurable() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-06-01"),
    );
    let config = format!(
        "{}review:\n  trailer: ISMS-Reviewed\n",
        common::STANDARD_CONFIG
    );
    fixture.file("policylint.yaml", config);
    fixture.git_init();
    fixture.commit_at("2025-06-01T09:00:00+0000", "Add");
    fixture.commit_at(
        "2026-05-04T09:00:00+0000",
        "Review\n\nPolicy-Reviewed: POL-1",
    );
    assert_eq!(fixture.findings("review/overdue").len(), 1);
    fixture.commit_at("2026-05-05T09:00:00+0000", "Review\n\nISMS-Reviewed: POL-1");
    assert!(fixture.findings("review/overdue").is_empty());
}

#[test]
fn rename_keeps_review_history() {
    let fixture = reviewed_repo();
    fixture.git(&["mv", "policies/main.md", "policies/access.md"]);
    fixture.commit_at("2026-07-01T09:00:00+0000", "Rename");
    assert!(fixture.findings("review/changed-since-review").is_empty());

    let model = load(fixture.path(), GitOptions::default());
    let history = model.history.doc("policies/access.md").unwrap();
    assert_eq!(history.previous_paths, ["policies/main.md"]);
    assert_eq!(
        history.review_set.as_ref().unwrap().date(),
        Some(jiff::civil::date(2026, 6, 1))
    );

    edit_body(&fixture, "policies/access.md", "Text.", "New text.");
    let id = fixture.commit_at("2026-08-01T09:00:00+0000", "Edit after rename");
    let (report, _) = fixture.check_json(&[]);
    let found = messages(&report, "review/changed-since-review");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains(short(&id)), "{}", found[0]);
}

#[test]
fn rename_with_edit_in_same_commit() {
    let fixture = reviewed_repo();
    fixture.git(&["mv", "policies/main.md", "policies/access.md"]);
    edit_body(
        &fixture,
        "policies/access.md",
        "Text.",
        "Text, edited while moving.",
    );
    let id = fixture.commit_at("2026-07-01T09:00:00+0000", "Move and edit");
    let found = {
        let (report, _) = fixture.check_json(&[]);
        messages(&report, "review/changed-since-review")
    };
    assert_eq!(found.len(), 1);
    assert!(found[0].contains(short(&id)), "{}", found[0]);
}

#[test]
fn merged_change_is_dated_by_the_merge() {
    let fixture = reviewed_repo();
    fixture.git(&["checkout", "-q", "-b", "feature"]);
    edit_body(&fixture, "policies/main.md", "Text.", "Feature text.");
    let feature = fixture.commit_by(
        "2026-07-01T09:00:00+0000",
        "Bob Smith <bob@example.com>",
        "Edit on a branch",
    );
    fixture.git(&["checkout", "-q", "main"]);
    fixture.file("notes.txt", "unrelated\n");
    fixture.commit_at("2026-07-05T09:00:00+0000", "Unrelated work");
    git_merge(&fixture, "feature", "2026-07-10T09:00:00+0000");

    let model = load(fixture.path(), GitOptions::default());
    let history = model.history.doc("policies/main.md").unwrap();
    let last = history.last_change().unwrap();
    // The change is the feature commit, not the merge (git log -- PATH),
    // dated when the merge brought it to main.
    assert_eq!(last.id.to_string(), feature);
    assert_eq!(last.date(), Some(jiff::civil::date(2026, 7, 10)));
    assert_eq!(history.changes.len(), 2);

    let (report, _) = fixture.check_json(&[]);
    let found = messages(&report, "review/changed-since-review");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("Bob Smith on 2026-07-10"), "{}", found[0]);
}

#[test]
fn merge_that_resolves_both_sides_is_a_change() {
    let fixture = reviewed_repo();
    fixture.git(&["checkout", "-q", "-b", "feature"]);
    edit_body(&fixture, "policies/main.md", "Text.", "Feature text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Feature edit");
    fixture.git(&["checkout", "-q", "main"]);
    edit_body(&fixture, "policies/main.md", "Text.", "Main text.");
    fixture.commit_at("2026-07-02T09:00:00+0000", "Main edit");
    let output = common::git_command(fixture.path())
        .args(["merge", "-q", "--no-ff", "feature", "-m", "Merge"])
        .output()
        .unwrap();
    assert!(!output.status.success(), "expected a conflict");
    edit_body(
        &fixture,
        "policies/main.md",
        "<<<<<<< HEAD\nMain text.\n=======\nFeature text.\n>>>>>>> feature",
        "Merged text.",
    );
    let merge = fixture.commit_at("2026-07-03T09:00:00+0000", "Merge feature");

    let model = load(fixture.path(), GitOptions::default());
    let last = model
        .history
        .doc("policies/main.md")
        .unwrap()
        .last_change()
        .unwrap()
        .clone();
    assert_eq!(last.id.to_string(), merge);
}

fn git_merge(fixture: &Fixture, branch: &str, date: &str) {
    let status = common::git_command(fixture.path())
        .args([
            "merge",
            "-q",
            "--no-ff",
            branch,
            "-m",
            &format!("Merge {branch}"),
        ])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn as_of_reads_a_past_state() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-03-01"),
    );
    fixture.git_init();
    fixture.commit_at("2025-03-01T09:00:00+0000", "Add");
    fixture.file("policies/main.md", policy("POL-1", "[X.1, X.2]"));
    fixture.commit_at(DAY1, "Review");

    let (report, _) = fixture.check_json(&["--as-of", "2026-04-15"]);
    assert_eq!(report["today"], "2026-04-15");
    assert_eq!(
        findings_of(&report, "review/overdue"),
        [("policies/main.md".into(), 8)]
    );

    let (report, code) = fixture.check_json(&["--as-of", "2025-12-01"]);
    assert_eq!(code, 0, "{report:#}");

    let output = fixture.run(&["check", ".", "--as-of", "2024-01-01"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no commit on or before 2024-01-01"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn codeowners_last_matching_rule_wins() {
    let fixture = Fixture::standard();
    let config = common::STANDARD_CONFIG
        .replace("name: Jane Doe", "name: Jane Doe\n    github: \"@jdoe\"")
        .replace(
            "name: Ann Smith",
            "name: Ann Smith\n    github: \"@asmith\"",
        );
    fixture.file("policylint.yaml", config);
    fixture.file(".github/CODEOWNERS", "* @jdoe\n/policies/main.md @asmith\n");
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        findings_of(&report, "ownership/not-codeowner"),
        [("policies/main.md".into(), 6)]
    );
    assert!(messages(&report, "ownership/not-codeowner")[0].contains("@asmith"));

    fixture.file(".github/CODEOWNERS", "/policies/main.md @asmith\n* @jdoe\n");
    assert!(fixture.findings("ownership/not-codeowner").is_empty());

    fixture.file(
        ".github/CODEOWNERS",
        "* @asmith\n/policies/ @org/team jdoe@example.com\n",
    );
    assert_eq!(fixture.findings("ownership/not-codeowner").len(), 1);
    let config = common::STANDARD_CONFIG.replace(
        "name: Jane Doe",
        "name: Jane Doe\n    email: JDoe@example.com",
    );
    fixture.file("policylint.yaml", config);
    assert!(fixture.findings("ownership/not-codeowner").is_empty());
}

#[test]
fn codeowners_inactive_owner_not_suggested() {
    let fixture = Fixture::standard();
    let config = common::STANDARD_CONFIG
        .replace("name: Jane Doe", "name: Jane Doe\n    github: \"@jdoe\"")
        .replace(
            "name: Former Owner",
            "name: Former Owner\n    github: \"@gone\"",
        );
    fixture.file("policylint.yaml", &config);
    fixture.file(".github/CODEOWNERS", "* @jdoe\n");
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("owner: jdoe", "owner: gone"),
    );
    let (report, _) = fixture.check_json(&["--today", common::TODAY]);
    assert_eq!(
        findings_of(&report, "ownership/inactive-owner"),
        [("policies/main.md".into(), 6)]
    );
    assert!(
        findings_of(&report, "ownership/not-codeowner").is_empty(),
        "{report:#}"
    );

    // With the inactive-owner rule off, the help names an active owner as the fix.
    fixture.file(
        "policylint.yaml",
        format!("{config}rules:\n  ownership/inactive-owner: off\n"),
    );
    let (report, _) = fixture.check_json(&["--today", common::TODAY]);
    let found = common::diagnostics_of(&report, "ownership/not-codeowner");
    assert_eq!(found.len(), 1, "{report:#}");
    let help = found[0]["help"].as_str().unwrap();
    assert!(help.contains("set `owner` to an active person"), "{help}");
    assert!(!help.contains("add @gone"), "{help}");
}

#[test]
fn codeowners_beside_config_in_subfolder() {
    let fixture = Fixture::new();
    let config =
        common::STANDARD_CONFIG.replace("name: Jane Doe", "name: Jane Doe\n    github: \"@jdoe\"");
    fixture
        .file("isms/policylint.yaml", config)
        .file("isms/catalog.yaml", common::SMALL_CATALOG)
        .file(
            "isms/soa.yaml",
            "controls:\n  X.3: { applicable: false, justification: \"n/a\" }\n",
        )
        .file("isms/policies/main.md", policy("POL-1", "[X.1, X.2]"))
        .file("isms/.github/CODEOWNERS", "/policies/ @jdoe\n")
        .file(".github/CODEOWNERS", "* @someone-else\n")
        .git_init();
    let output = fixture.run(&["check", "isms", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        findings_of(&report, "ownership/not-codeowner").is_empty(),
        "{report:#}"
    );

    std::fs::remove_file(fixture.path().join("isms/.github/CODEOWNERS")).unwrap();
    let output = fixture.run(&["check", "isms", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings_of(&report, "ownership/not-codeowner"),
        [("isms/policies/main.md".into(), 6)]
    );
}

#[test]
fn configured_codeowners_file_missing() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!("{}codeowners: OWNERS\n", common::STANDARD_CONFIG),
    );
    let output = fixture.run(&["check", ".", "--today", common::TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("CODEOWNERS file `OWNERS` not found"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml:16:13"), "{text}");
}

#[test]
fn rev_reads_an_older_commit() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", policy("POL-1", "[X.1]"));
    fixture.git_init();
    fixture.commit_at("2026-05-01T09:00:00+0000", "Cover X.1");
    fixture.file("policies/main.md", policy("POL-1", "[X.1, X.2]"));
    fixture.commit_at(DAY1, "Cover X.2");
    // The working tree is not read with --rev.
    fixture.remove("policies/main.md");

    let (report, _) = fixture.check_json(&["--rev", "HEAD~1"]);
    assert_eq!(findings_of(&report, "coverage/uncovered-control").len(), 1);
    let (report, code) = fixture.check_json(&["--rev", "main"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["documents"], 1);
}

#[test]
fn rev_in_a_bare_clone() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let clones = tempfile::tempdir().unwrap();
    let bare = clones.path().join("isms.git");
    git_in(
        clones.path(),
        &[
            "clone",
            "-q",
            "--bare",
            fixture.path().to_str().unwrap(),
            "isms.git",
        ],
    );

    let output = common::run_in(&bare, &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["documents"], 1, "{}", stderr(&output));
    assert_eq!(findings_of(&report, "review/changed-since-review").len(), 1);

    let output = common::run_in(
        &bare,
        &["check", ".", "--rev", "HEAD~1", "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{report:#}");
}

#[test]
fn diff_base_reports_only_new_findings() {
    let fixture = Fixture::standard();
    fixture
        .file("policies/main.md", policy("POL-1", "[X.1]"))
        .file("policies/two.md", policy("POL-2", "[X.2]"))
        .file("policies/old.md", policy("POL-3", "[X.1, X.9]"));
    fixture.git_init();
    fixture.commit_at("2026-06-01T09:00:00+0000", "Base");
    fixture.git(&["branch", "base"]);
    assert_eq!(fixture.findings("coverage/unknown-control").len(), 1);

    // Shift the old finding's line, delete the only policy for X.2, and
    // change the config.
    edit_body(
        &fixture,
        "policies/old.md",
        "approver: asmith\n",
        "approver: asmith\nversion: \"3\"\n",
    );
    fixture.remove("policies/two.md");
    fixture.file(
        "policylint.yaml",
        format!(
            "{}rules:\n  review/due-soon: off\n",
            common::STANDARD_CONFIG
        ),
    );
    fixture.commit_at("2026-06-02T09:00:00+0000", "Head");

    let (report, code) = fixture.check_json(&["--diff-base", "base"]);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["coverage/uncovered-control"], "{report:#}");
    assert_eq!(code, 1);
}

#[test]
fn diff_base_with_invalid_base_config_reports_everything() {
    let fixture = Fixture::standard();
    fixture.file("policylint.yaml", "unknown_key: 1\n");
    fixture.git_init();
    fixture.commit_at(DAY1, "Broken config");
    fixture.file("policylint.yaml", common::STANDARD_CONFIG);
    fixture.file("policies/main.md", policy("POL-1", "[X.1]"));
    fixture.commit_at("2026-06-02T09:00:00+0000", "Fix config");
    let output = fixture.run(&["check", ".", "--format", "json", "--diff-base", "HEAD~1"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings_of(&report, "coverage/uncovered-control").len(), 1);
    assert!(
        stderr(&output).contains("every finding is reported"),
        "{}",
        stderr(&output)
    );

    let output = fixture.run(&["check", ".", "--diff-base", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no-such-branch"));
}

#[test]
fn shallow_clone_skips_history_rules() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let (_clones, clone) = shallow_clone(&fixture, 1);

    let output = common::run_in(&clone, &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings_of(&report, "history/shallow-clone").len(),
        1,
        "{report:#}"
    );
    assert!(findings_of(&report, "review/changed-since-review").is_empty());
    let diagnostic = &report["diagnostics"][0];
    assert!(
        diagnostic["help"]
            .as_str()
            .unwrap()
            .contains("fetch-depth: 0")
    );
}

#[test]
fn diff_base_keeps_shallow_clone_warning() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let (_clones, clone) = shallow_clone(&fixture, 2);

    // Both revisions are in the clone and both have the warning. It must
    // still be reported, because the history rules did not run.
    let output = common::run_in(
        &clone,
        &["check", ".", "--format", "json", "--diff-base", "HEAD~1"],
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings_of(&report, "history/shallow-clone").len(),
        1,
        "{report:#}"
    );
}

/// Clones `fixture` with `--depth DEPTH` into a new temporary folder and
/// returns the folder and the clone's path.
fn shallow_clone(fixture: &Fixture, depth: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", fixture.path().display());
    let depth = depth.to_string();
    git_in(
        clones.path(),
        &["clone", "-q", "--depth", &depth, &url, "shallow"],
    );
    let clone = clones.path().join("shallow");
    (clones, clone)
}

#[test]
fn diff_base_missing_from_shallow_clone() {
    let fixture = reviewed_repo();
    let base = fixture.git(&["rev-parse", "HEAD"]);
    fixture.git(&["tag", "v1"]);
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let (_clones, clone) = shallow_clone(&fixture, 1);

    for revision in [base.as_str(), "v1"] {
        let output = common::run_in(
            &clone,
            &[
                "check",
                ".",
                "--today",
                common::TODAY,
                "--diff-base",
                revision,
            ],
        );
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(
            output.stdout.is_empty(),
            "{revision}: findings were printed"
        );
        assert!(text.contains(&format!("`{revision}`")), "{text}");
        assert!(text.contains("shallow clone"), "{text}");
        assert!(text.contains("fetch-depth: 0"), "{text}");
        assert!(!text.contains("input="), "{text}");
    }

    // The fetch the message suggests makes the base readable.
    git_in(&clone, &["fetch", "-q", "origin", &base]);
    let output = common::run_in(
        &clone,
        &["check", ".", "--today", common::TODAY, "--diff-base", &base],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn as_of_before_shallow_clone_history() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let (_clones, clone) = shallow_clone(&fixture, 1);

    let output = common::run_in(&clone, &["check", ".", "--as-of", "2026-06-15"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("no commit on or before 2026-06-15"), "{text}");
    assert!(text.contains("shallow clone"), "{text}");
    assert!(!text.contains("could not be found"), "{text}");
}

#[test]
fn unresolvable_revisions_are_explained() {
    let fixture = reviewed_repo();
    let missing = "0123456789abcdef0123456789abcdef01234567";
    let cases = [
        ("no-such-branch", "no branch, tag or commit"),
        ("HEAD~5", "leads to no commit"),
        ("main..main", "is a range of commits"),
        ("HEAD^{tree}", "names a tree, not a commit"),
        (missing, "is not in this repository"),
    ];
    for option in ["--rev", "--diff-base"] {
        for (revision, expected) in cases {
            let output = fixture.run(&["check", ".", "--today", common::TODAY, option, revision]);
            let text = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{option} {revision}: {text}");
            assert!(
                text.contains(&format!("revision `{revision}`"))
                    || text.contains(&format!("commit `{revision}`")),
                "{text}"
            );
            assert!(text.contains(expected), "{option} {revision}: {text}");
        }
    }
}

#[test]
fn revision_in_repository_without_commits() {
    let fixture = Fixture::standard();
    fixture.git_init();
    for revision in ["HEAD", "main", "HEAD~1"] {
        let output = fixture.run(&["check", ".", "--today", common::TODAY, "--rev", revision]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(
            text.contains(&format!("revision `{revision}` names no commit")),
            "{text}"
        );
        assert!(text.contains("branch `main` has no commits yet"), "{text}");
    }
}

#[test]
fn empty_repository_notes_and_checks_files() {
    let fixture = Fixture::standard();
    fixture.git_init();
    let output = fixture.run(&["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("has no commits yet"),
        "{}",
        stderr(&output)
    );

    let output = fixture.run(&["check", ".", "--rev", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn outside_git_notes_and_checks_files() {
    let fixture = Fixture::standard();
    let output = fixture.run(&["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("not inside a Git repository"),
        "{}",
        stderr(&output)
    );
    let quiet = fixture.run(&["check", ".", "-q"]);
    assert!(stderr(&quiet).is_empty());

    let output = fixture.run(&["check", ".", "--rev", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not inside a Git repository"));
}

#[test]
fn detached_head_reads_history() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    fixture.git(&["checkout", "-q", "--detach", "HEAD"]);
    let output = fixture.run(&["check", ".", "--format", "json"]);
    assert!(
        stderr(&output).contains("HEAD is detached"),
        "{}",
        stderr(&output)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings_of(&report, "review/changed-since-review").len(), 1);
}

#[test]
fn unborn_branch_notes_and_checks_files() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    fixture.git(&["checkout", "-q", "--orphan", "fresh"]);
    let output = fixture.run(&["check", ".", "--format", "json"]);
    assert!(
        stderr(&output).contains("branch `fresh` has no commits yet"),
        "{}",
        stderr(&output)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(findings_of(&report, "review/changed-since-review").is_empty());
    assert_eq!(report["summary"]["documents"], 1);
}

#[test]
fn linked_worktree_reads_history() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let outside = tempfile::tempdir().unwrap();
    let linked = outside.path().join("linked");
    fixture.git(&[
        "worktree",
        "add",
        "-q",
        linked.to_str().unwrap(),
        "-b",
        "other",
    ]);
    let output = common::run_in(&linked, &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings_of(&report, "review/changed-since-review").len(),
        1,
        "{}",
        stderr(&output)
    );
}

#[test]
fn submodule_documents() {
    let inner = reviewed_repo();
    edit_body(&inner, "policies/main.md", "Text.", "New text.");
    inner.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let outer = Fixture::new();
    outer.git_init();
    outer.file("README.md", "outer\n");
    outer.commit_at(DAY1, "Outer");
    common::git_command(outer.path())
        .args(["-c", "protocol.file.allow=always", "submodule", "add", "-q"])
        .arg(inner.path())
        .arg("isms")
        .status()
        .unwrap();
    outer.commit_at("2026-07-02T09:00:00+0000", "Add the ISMS as a submodule");

    // Inside the submodule, its own history is read.
    let output = common::run_in(
        &outer.path().join("isms"),
        &["check", ".", "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        findings_of(&report, "review/changed-since-review").len(),
        1,
        "{}",
        stderr(&output)
    );

    // From the outer repository, the documents have no history there.
    outer.file(
        "policylint.yaml",
        "documents:\n  include: [\"isms/policies/*.md\"]\nrequired_documents: off\n",
    );
    let output = outer.run(&["check", ".", "--format", "json"]);
    assert!(
        stderr(&output).contains("inside a submodule"),
        "{}",
        stderr(&output)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(findings_of(&report, "review/changed-since-review").is_empty());
}

#[test]
fn git_environment_variables_are_ignored() {
    let fixture = reviewed_repo();
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    let id = fixture.commit_at("2026-07-01T09:00:00+0000", "Edit");
    let other = Fixture::new();
    other.git_init();
    other.file("x.txt", "x\n");
    other.commit_at(DAY1, "Other repository");
    let git_dir = other.path().join(".git");

    let output = std::process::Command::new(common::binary())
        .args(["check", ".", "--format", "json"])
        .current_dir(fixture.path())
        .env("POLICYLINT_TODAY", common::TODAY)
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", other.path())
        .env("GIT_INDEX_FILE", git_dir.join("index"))
        .env("GIT_OBJECT_DIRECTORY", git_dir.join("objects"))
        .env("GIT_CEILING_DIRECTORIES", fixture.path())
        .env("GIT_SHALLOW_FILE", git_dir.join("HEAD"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = messages(&report, "review/changed-since-review");
    assert_eq!(found.len(), 1, "{}", stderr(&output));
    assert!(found[0].contains(short(&id)));
    assert!(findings_of(&report, "history/shallow-clone").is_empty());
}

#[test]
fn odd_time_zones_do_not_stop_the_walk() {
    let fixture = reviewed_repo();
    let head = fixture.git(&["rev-parse", "HEAD"]);
    let tree = fixture.git(&["rev-parse", "HEAD^{tree}"]);
    // Commits written by old tools carry offsets like these.
    let raw = format!(
        "tree {tree}\nparent {head}\nauthor Old Tool <old@example.com> 1782900000 --700\ncommitter Old Tool <old@example.com> 1782900000 +051800\n\nOdd zone\n"
    );
    let path = fixture.path().join("raw-commit");
    std::fs::write(&path, raw).unwrap();
    let odd = fixture.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        "raw-commit",
    ]);
    std::fs::remove_file(&path).unwrap();
    fixture.git(&["update-ref", "refs/heads/main", &odd]);
    edit_body(&fixture, "policies/main.md", "Text.", "New text.");
    fixture.commit_at("2026-07-15T09:00:00+0000", "Edit");

    let (report, _) = fixture.check_json(&[]);
    assert_eq!(findings_of(&report, "review/changed-since-review").len(), 1);
    let model = load(fixture.path(), GitOptions::default());
    assert!(matches!(
        model.history.status,
        policylint::history::Status::Read { commits: 3 }
    ));
}
