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
        let status = Command::new("git")
            .args(["init", "-q", "-b", "main"])
            .current_dir(self.path())
            .status()
            .expect("run git init");
        assert!(status.success());
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
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
