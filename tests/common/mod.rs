//! Shared helpers for the integration tests: repositories built in temporary
//! folders, and the real `policylint` binary run on them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The date every test judges reviews against.
pub const TODAY: &str = "2026-12-04";

/// A repository in a temporary folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A fixture with the standard config, catalog, SoA and roster and one
    /// clean policy that covers every control of the small catalog.
    pub fn standard() -> Self {
        let fixture = Fixture::new();
        fixture
            .file("policylint.yaml", STANDARD_CONFIG)
            .file("catalog.yaml", SMALL_CATALOG)
            .file(
                "soa.yaml",
                "controls:\n  X.3: { applicable: false, justification: \"not used\" }\n",
            )
            .file("policies/main.md", policy("POL-1", "[X.1, X.2]"));
        fixture
    }

    /// Make the folder a Git repository (with no commits).
    pub fn git_init(&self) -> &Self {
        let status = git_command(self.path())
            .args(["init", "-q", "-b", "main"])
            .status()
            .expect("run git init");
        assert!(status.success());
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git in the fixture's folder and return its standard output.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    /// Commit everything in the working tree (an empty commit when nothing
    /// changed) as Jane Doe, authored and committed at `date`
    /// (`2026-03-01T10:00:00+0000`). Returns the commit id.
    pub fn commit_at(&self, date: &str, message: &str) -> String {
        self.commit_by(date, "Jane Doe <jane@example.com>", message)
    }

    /// Like [`Fixture::commit_at`] with another author.
    pub fn commit_by(&self, date: &str, author: &str, message: &str) -> String {
        self.git(&["add", "-A"]);
        let status = git_command(self.path())
            .args([
                "commit",
                "-q",
                "--allow-empty",
                "--author",
                author,
                "-m",
                message,
            ])
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .expect("run git commit");
        assert!(status.success(), "git commit failed");
        self.git(&["rev-parse", "HEAD"])
    }

    pub fn file(&self, path: &str, content: impl AsRef<[u8]>) -> &Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.dir.path().join(path)).unwrap();
        self
    }

    /// Run the binary in the fixture's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }

    /// Run `check --format json` and return the report and the exit code.
    pub fn check_json(&self, args: &[&str]) -> (Value, i32) {
        let mut all = vec!["check", ".", "--format", "json"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        let code = output.status.code().expect("exit code");
        assert!(
            code == 0 || code == 1,
            "exit {code}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report = serde_json::from_slice(&output.stdout).expect("JSON report");
        (report, code)
    }

    /// The findings of one rule, as (path, line) pairs.
    pub fn findings(&self, rule: &str) -> Vec<(String, u64)> {
        let (report, _) = self.check_json(&[]);
        findings_of(&report, rule)
    }
}

pub fn findings_of(report: &Value, rule: &str) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Returns the findings of one rule, as the JSON report gives them.
pub fn diagnostics_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

/// Returns the findings of one rule with their exact place, as (path, line,
/// column, end line, end column).
pub fn spans_of(report: &Value, rule: &str) -> Vec<(String, u64, u64, u64, u64)> {
    diagnostics_of(report, rule)
        .into_iter()
        .map(|d| {
            let number = |key: &str| d[key].as_u64().unwrap_or(0);
            (
                d["path"].as_str().unwrap_or("").to_owned(),
                number("line"),
                number("column"),
                number("end_line"),
                number("end_column"),
            )
        })
        .collect()
}

/// Git with a fixed identity, no user or system config, and none of the
/// `GIT_*` variables a calling hook may have set, so that tests build the
/// same repositories on every machine.
pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Jane Doe")
        .env("GIT_AUTHOR_EMAIL", "jane@example.com")
        .env("GIT_COMMITTER_NAME", "Jane Doe")
        .env("GIT_COMMITTER_EMAIL", "jane@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T12:00:00+0000")
        .env("GIT_COMMITTER_DATE", "2026-01-01T12:00:00+0000");
    for variable in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_PREFIX",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Run git in `dir`, assert that it succeeded, and return its output.
pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir).args(args).output().expect("run git");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_policylint"))
}

/// Run the binary in `dir` with a pinned date and no colour.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("POLICYLINT_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run policylint")
}

/// The config of [`Fixture::standard`]. Its policies have one line of
/// text, so it requires no sections of them; the section rules are tested
/// with documents written for them.
pub const STANDARD_CONFIG: &str = "\
framework: catalog.yaml
documents:
  include: [\"policies/**/*.md\"]
soa: soa.yaml
owners:
  - id: jdoe
    name: Jane Doe
  - id: asmith
    name: Ann Smith
  - id: gone
    name: Former Owner
    active: false
required_documents: off
document_types:
  policy: { sections: [] }
";

pub const SMALL_CATALOG: &str = "\
id: small
name: Small test catalog
groups:
  - id: first
    name: First group
controls:
  - { id: X.1, title: One, group: first }
  - { id: X.2, title: Two, group: first }
  - { id: X.3, title: Three, group: first }
";

/// A clean approved policy with the given id and `controls` value.
pub fn policy(id: &str, controls: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Test Policy\ntype: policy\nstatus: approved\nowner: jdoe\napprover: asmith\nlast_reviewed: 2026-06-01\ncontrols: {controls}\n---\n# Test Policy\n\nText.\n"
    )
}

/// A fixture with an overdue review (error) in `policies/main.md`, an
/// unknown control id (error) in the draft `policies/draft.md`, and a
/// control covered only by that draft (warning), a repository-level finding
/// located in the config file.
pub fn findings_fixture() -> Fixture {
    let fixture = Fixture::standard();
    fixture
        .file(
            "policies/main.md",
            policy("POL-1", "[X.1]").replace("2026-06-01", "2025-10-14"),
        )
        .file(
            "policies/draft.md",
            policy("POL-2", "[X.2, X.9]").replace("approved", "draft"),
        );
    fixture
}
