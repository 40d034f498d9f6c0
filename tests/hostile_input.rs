//! Hostile input: files and configs built to crash, hang, exhaust memory or
//! read outside the repository. Each case must end in a clear diagnostic or
//! exit code 2 with a message, never a panic (exit 101) or a signal, within
//! the watchdog's time and the memory limit, and never read outside the
//! repository.

mod common;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Fixture, findings_of, policy};
use serde_json::Value;

/// Maximum run time of one case before the watchdog kills it. This bounds a
/// hang and is not a speed check: the whole suite took about 3 seconds on a
/// debug build on a 2-core x86-64 machine.
const WATCHDOG: Duration = Duration::from_secs(60);

/// Address-space limit for the process, in KiB. Generous for normal runs,
/// small enough that an unbounded expansion aborts the process.
const MEMORY_LIMIT_KIB: u64 = 4 * 1024 * 1024;

/// Run the binary under the memory limit and the watchdog.
fn run_bounded(fixture: &Fixture, args: &[&str]) -> Output {
    let script = format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(common::binary())
        .args(args)
        .current_dir(fixture.path())
        .env("POLICYLINT_TODAY", common::TODAY)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start policylint");
    // Read both pipes while the process runs, so a large report cannot
    // fill a pipe buffer and block the process.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("policylint {args:?} still running after {WATCHDOG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout_reader.join().unwrap().expect("read stdout"),
        stderr: stderr_reader.join().unwrap().expect("read stderr"),
    }
}

/// Check the fixture, assert a normal exit (0, 1 or 2), and return the JSON
/// report when there is one.
fn check(fixture: &Fixture) -> (Option<Value>, i32, String) {
    let output = run_bounded(fixture, &["check", ".", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\n{stderr}", output.status));
    assert!(matches!(code, 0..=2), "exit {code}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = serde_json::from_slice(&output.stdout).ok();
    (report, code, stderr)
}

fn report_of(fixture: &Fixture) -> Value {
    let (report, code, stderr) = check(fixture);
    assert_ne!(code, 2, "{stderr}");
    report.expect("JSON report")
}

fn message_of(report: &Value, rule: &str, path: &str) -> String {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule && d["path"] == path)
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no {rule} finding for {path}: {report:#}"))
}

fn alias_bomb(levels: usize) -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..levels {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    text
}

#[test]
fn alias_bomb_in_front_matter() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/bomb.md",
        format!("---\nid: POL-B\n{}---\n", alias_bomb(12)),
    );
    let report = report_of(&fixture);
    let invalid = findings_of(&report, "front-matter/invalid");
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!(invalid[0].0, "policies/bomb.md");
}

#[test]
fn alias_bomb_in_config() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!("{}{}", common::STANDARD_CONFIG, alias_bomb(12)),
    );
    let (_, code, stderr) = check(&fixture);
    assert_eq!(code, 2);
    assert!(stderr.contains("policylint.yaml"), "{stderr}");
}

#[test]
fn alias_bomb_in_soa() {
    let fixture = Fixture::standard();
    fixture.file("soa.yaml", format!("controls: {{}}\n{}", alias_bomb(12)));
    let report = report_of(&fixture);
    assert_eq!(findings_of(&report, "soa/invalid").len(), 1);
}

#[test]
fn deep_nesting_in_front_matter() {
    let fixture = Fixture::standard();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    fixture.file(
        "policies/deep.md",
        format!("---\nid: POL-D\nx: {deep}\n---\n"),
    );
    let block = (0..1_000)
        .map(|i| format!("{}k:\n", "  ".repeat(i)))
        .collect::<String>();
    fixture.file("policies/deep-block.md", format!("---\n{block}---\n"));
    let report = report_of(&fixture);
    let invalid = findings_of(&report, "front-matter/invalid");
    assert!(
        invalid.contains(&("policies/deep.md".into(), 3)),
        "{invalid:?}"
    );
    assert!(
        invalid
            .iter()
            .any(|(path, _)| path == "policies/deep-block.md"),
        "{invalid:?}"
    );
}

#[test]
fn deep_nesting_in_markdown_body() {
    let fixture = Fixture::standard();
    let quotes = format!("{} deep\n", ">".repeat(10_000));
    let lists = (0..5_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect::<String>();
    fixture.file(
        "policies/deep.md",
        format!("{}{quotes}{lists}", policy("POL-D", "[X.1]")),
    );
    let report = report_of(&fixture);
    assert!(findings_of(&report, "front-matter/invalid").is_empty());
}

#[test]
fn fifty_megabyte_document() {
    let fixture = Fixture::standard();
    let mut text = policy("POL-BIG", "[X.1]");
    let line = "This sentence repeats to make a very large document.\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    fixture.file("policies/big.md", text);
    let report = report_of(&fixture);
    let message = message_of(&report, "document/unreadable", "policies/big.md");
    assert!(message.contains("more than the limit"), "{message}");
}

#[test]
fn one_megabyte_single_line() {
    let fixture = Fixture::standard();
    let line = "word ".repeat(200_000);
    fixture.file(
        "policies/long.md",
        format!("{}{line}\n", policy("POL-L", "[X.1]")),
    );
    fixture.file(
        "policies/long-title.md",
        format!("---\nid: POL-T\ntitle: {line}\n---\n"),
    );
    let report = report_of(&fixture);
    let on_long: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "policies/long.md")
        .collect();
    assert!(on_long.is_empty(), "{on_long:?}");
    assert!(
        findings_of(&report, "front-matter/missing-field")
            .iter()
            .any(|(path, _)| path == "policies/long-title.md")
    );
}

#[test]
fn nul_bytes() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/nul-body.md",
        format!("{}bad\0byte\n", policy("POL-N", "[X.1]")),
    );
    fixture.file(
        "policies/nul-yaml.md",
        b"---\nid: POL-M\ntitle: a\0b\n---\n",
    );
    let report = report_of(&fixture);
    assert!(
        findings_of(&report, "front-matter/invalid")
            .iter()
            .any(|(path, _)| path == "policies/nul-yaml.md")
    );
}

#[test]
fn invalid_utf8_inside_front_matter() {
    let fixture = Fixture::standard();
    let mut bytes = b"---\nid: POL-U\ntitle: Pol\xEDtica\n".to_vec();
    bytes.extend_from_slice(b"type: policy\nstatus: approved\nowner: jdoe\nlast_reviewed: 2020-01-01\ncontrols: [X.1]\n---\n");
    fixture.file("policies/latin1.md", bytes);
    let report = report_of(&fixture);
    assert_eq!(
        findings_of(&report, "document/unreadable"),
        [("policies/latin1.md".into(), 3)]
    );
    // The rest of the front matter is still read.
    assert_eq!(
        findings_of(&report, "review/overdue"),
        [("policies/latin1.md".into(), 7)]
    );
}

#[test]
fn symlink_loop() {
    let fixture = Fixture::standard();
    std::os::unix::fs::symlink("b.md", fixture.path().join("policies/a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", fixture.path().join("policies/b.md")).unwrap();
    std::os::unix::fs::symlink(".", fixture.path().join("policies/self")).unwrap();
    let report = report_of(&fixture);
    let unreadable = findings_of(&report, "document/unreadable");
    assert!(
        unreadable.contains(&("policies/a.md".into(), 1)),
        "{unreadable:?}"
    );
    assert!(
        unreadable.contains(&("policies/b.md".into(), 1)),
        "{unreadable:?}"
    );
}

#[test]
fn symlinks_outside_repository_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "---\nid: SECRET-CONTENT\n---\n").unwrap();
    let fixture = Fixture::standard();
    std::os::unix::fs::symlink(&secret, fixture.path().join("policies/link.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), fixture.path().join("policies/outside-dir"))
        .unwrap();
    let (report, code, stderr) = check(&fixture);
    assert_ne!(code, 2);
    let report = report.unwrap();
    let text = report.to_string();
    assert!(!text.contains("SECRET-CONTENT"), "{text}");
    assert!(!stderr.contains("SECRET-CONTENT"));
    let message = message_of(&report, "document/unreadable", "policies/link.md");
    assert!(message.contains("outside the repository"), "{message}");
    assert_eq!(report["summary"]["documents"], 1);
}

#[test]
fn config_paths_outside_repository() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("soa.yaml"), "controls: {}\n").unwrap();
    let fixture = Fixture::standard();
    let escape = "../".repeat(12);
    fixture.file(
        "policylint.yaml",
        common::STANDARD_CONFIG
            .replace("soa: soa.yaml", &format!("soa: {escape}etc/passwd"))
            .replace("\"policies/**/*.md\"", "\"../../**/*.md\""),
    );
    let (_, code, stderr) = check(&fixture);
    assert_eq!(code, 2);
    assert!(stderr.contains("leaves the repository"), "{stderr}");
    assert!(stderr.contains("leaves the folder"), "{stderr}");
}

#[test]
fn soa_symlink_outside_repository() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("soa.yaml"), "controls: {}\n").unwrap();
    let fixture = Fixture::standard();
    fixture.remove("soa.yaml");
    std::os::unix::fs::symlink(
        outside.path().join("soa.yaml"),
        fixture.path().join("soa.yaml"),
    )
    .unwrap();
    let report = report_of(&fixture);
    let message = message_of(&report, "soa/invalid", "policylint.yaml");
    assert!(message.contains("outside the repository"), "{message}");
}

#[test]
fn document_that_is_a_directory() {
    let fixture = Fixture::standard();
    std::fs::create_dir_all(fixture.path().join("policies/archive.md/old")).unwrap();
    let report = report_of(&fixture);
    let message = message_of(&report, "document/unreadable", "policies/archive.md");
    assert!(message.contains("directory"), "{message}");
}

#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let fixture = Fixture::standard();
    fixture.file("policies/locked.md", policy("POL-X", "[X.1]"));
    let path = fixture.path().join("policies/locked.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Root and other privileged users read files whatever their mode.
        eprintln!(
            "skipped: this user can read a file with mode 000, so permission denied cannot be produced"
        );
        return;
    }
    let report = report_of(&fixture);
    let message = message_of(&report, "document/unreadable", "policies/locked.md");
    assert!(message.contains("ermission denied"), "{message}");
}

#[test]
fn unreadable_folder() {
    use std::os::unix::fs::PermissionsExt;
    let fixture = Fixture::standard();
    fixture.file("policies/locked/inner.md", policy("POL-X", "[X.1]"));
    let path = fixture.path().join("policies/locked");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&path).is_ok() {
        eprintln!(
            "skipped: this user can list a folder with mode 000, so permission denied cannot be produced"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let (_, code, _) = check(&fixture);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_ne!(code, 2);
}

#[test]
fn newline_and_non_ascii_in_paths() {
    let fixture = Fixture::standard();
    fixture.file("policies/line\nbreak.md", policy("POL-NL", "[X.1, X.9]"));
    fixture.file(
        "policies/sécurité – 安全.md",
        policy("POL-UNI", "[X.1, X.8]"),
    );
    let report = report_of(&fixture);
    let unknown = findings_of(&report, "coverage/unknown-control");
    assert!(
        unknown.contains(&("policies/line\nbreak.md".into(), 9)),
        "{unknown:?}"
    );
    assert!(
        unknown.contains(&("policies/sécurité – 安全.md".into(), 9)),
        "{unknown:?}"
    );

    let output = run_bounded(&fixture, &["check", ".", "--format", "concise"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.lines()
            .all(|line| line.starts_with("policies/") || line.starts_with("policylint.yaml")),
        "{text}"
    );
    assert!(text.contains("policies/line\\nbreak.md:9:17:"), "{text}");
}

#[test]
fn non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let fixture = Fixture::standard();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.md");
    if std::fs::write(
        fixture.path().join("policies").join(name),
        policy("POL-8", "[X.1]"),
    )
    .is_err()
    {
        eprintln!("skipped: this file system does not accept a file name that is not UTF-8");
        return;
    }
    let report = report_of(&fixture);
    let unreadable = findings_of(&report, "document/unreadable");
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
}

#[test]
fn many_findings_in_one_document() {
    let fixture = Fixture::standard();
    let ids: Vec<String> = (0..20_000).map(|i| format!("Z.{i}")).collect();
    fixture.file(
        "policies/many.md",
        policy("POL-M", &format!("[{}]", ids.join(", "))),
    );
    let report = report_of(&fixture);
    assert_eq!(
        findings_of(&report, "coverage/unknown-control").len(),
        20_000
    );
}

#[test]
fn findings_on_a_long_line_print_no_snippet() {
    let fixture = Fixture::standard();
    let ids: Vec<String> = (0..2_000).map(|i| format!("Z.{i}")).collect();
    fixture.file(
        "policies/many.md",
        policy("POL-M", &format!("[{}]", ids.join(", "))),
    );
    let output = run_bounded(&fixture, &["check", "."]);
    assert_eq!(output.status.code(), Some(1));
    // A snippet would repeat the 16 kB line once per finding.
    assert!(
        output.stdout.len() < 2_000 * 1_000,
        "{} bytes",
        output.stdout.len()
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("policies/many.md:9:"), "{}", &text[..500]);
}
