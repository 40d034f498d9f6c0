//! Permissions of the files the commands write: a new file gets the mode
//! `File::create` gives under the current umask, and a replaced file keeps
//! its own.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Fixture, TODAY, findings_fixture};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Returns the mode a plain `File::create` gives a new file in `dir`.
fn created_mode(dir: &Path) -> u32 {
    let reference = dir.join("reference-file");
    std::fs::File::create(&reference).unwrap();
    let mode = mode(&reference);
    std::fs::remove_file(reference).unwrap();
    mode
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn init_files_get_default_mode() {
    let fixture = Fixture::new();
    let expected = created_mode(fixture.path());
    let output = fixture.run(&["init", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0));
    for path in [
        "policylint.yaml",
        "soa.yaml",
        "owners.yaml",
        "policies/information-security.md",
    ] {
        assert_eq!(
            mode(&fixture.path().join(path)),
            expected,
            "{path}: {:o} instead of {expected:o}",
            mode(&fixture.path().join(path))
        );
    }
}

#[test]
fn new_baseline_gets_default_mode() {
    let fixture = findings_fixture();
    let expected = created_mode(fixture.path());
    let output = fixture.run(&[
        "check",
        ".",
        "--today",
        TODAY,
        "--write-baseline",
        "new.json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(mode(&fixture.path().join("new.json")), expected);
}

#[test]
fn rewritten_baseline_keeps_its_mode() {
    let fixture = findings_fixture();
    fixture.file("baseline.json", "{}");
    let path = fixture.path().join("baseline.json");
    set_mode(&path, 0o644);
    let output = fixture.run(&[
        "check",
        ".",
        "--today",
        TODAY,
        "--write-baseline",
        "baseline.json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(mode(&path), 0o644);
}

#[test]
fn soa_output_keeps_existing_mode() {
    let fixture = Fixture::standard();
    fixture.file("SOA.md", "old\n");
    let path = fixture.path().join("SOA.md");
    set_mode(&path, 0o664);
    let output = fixture.run(&["soa", "--today", TODAY, "--output", "SOA.md"]);
    assert_eq!(output.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&path).unwrap(), "old\n");
    assert_eq!(mode(&path), 0o664);
}

#[test]
fn new_report_output_gets_default_mode() {
    let fixture = Fixture::standard();
    let expected = created_mode(fixture.path());
    let output = fixture.run(&[
        "check",
        ".",
        "--today",
        TODAY,
        "--format",
        "json",
        "--output",
        "report.json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(mode(&fixture.path().join("report.json")), expected);
}
