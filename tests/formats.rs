//! The pull-request formats (`github`, `sarif`, `junit`, `markdown`) on the
//! real binary: snapshots, escaping of workflow commands, the SARIF schema
//! and the GitHub step summary.

mod common;

use std::path::{Path, PathBuf};

use common::{Fixture, findings_fixture, policy};
use serde_json::Value;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn run_format(fixture: &Fixture, format: &str) -> String {
    let output = fixture.run(&["check", ".", "--format", format]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn format_github() {
    insta::assert_snapshot!(run_format(&findings_fixture(), "github"));
}

#[test]
fn format_sarif() {
    let sarif: Value = serde_json::from_str(&run_format(&findings_fixture(), "sarif")).unwrap();
    // The rule list is long and covered by `rules_have_sarif_metadata`.
    let mut results = sarif.clone();
    results["runs"][0]["tool"]["driver"]["rules"] = Value::Null;
    insta::assert_json_snapshot!(results);
}

#[test]
fn format_junit() {
    insta::assert_snapshot!(run_format(&findings_fixture(), "junit"));
}

#[test]
fn format_markdown() {
    insta::assert_snapshot!(run_format(&findings_fixture(), "markdown"));
}

/// Reverses the runner's escaping of a property value or message.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// Splits `::name key=value,...::message` into its parts.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("command starts with ::");
    let (head, message) = rest.split_once("::").expect("command has a message");
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').expect("property is key=value");
            (key.to_owned(), unescape(value))
        })
        .collect();
    (name.to_owned(), properties, unescape(message))
}

#[test]
fn github_commands_cannot_be_injected() {
    let fixture = Fixture::standard();
    let hostile_owner = "\"x\\n::error file=evil.md::injected\\r\\n%0A::warning::also, a: b\"";
    let names = [
        "policies/comma, colon: 100% done.md",
        "policies/%0A::error::x.md",
        "policies/two  spaces,,::.md",
    ];
    for (index, name) in names.iter().enumerate() {
        fixture.file(
            name,
            policy(&format!("POL-X{index}"), "[X.1]")
                .replace("owner: jdoe", &format!("owner: {hostile_owner}")),
        );
    }
    let (report, _) = fixture.check_json(&[]);
    let expected: Vec<&Value> = report["diagnostics"].as_array().unwrap().iter().collect();
    assert!(
        expected
            .iter()
            .filter(|d| d["rule"] == "ownership/unknown-owner")
            .count()
            >= 3,
        "{expected:?}"
    );

    let output = run_format(&fixture, "github");
    let lines: Vec<&str> = output.lines().collect();
    let (summary, commands) = lines.split_last().unwrap();
    assert!(summary.contains("documents checked"), "{summary}");
    assert_eq!(commands.len(), expected.len(), "{output}");

    for (line, diagnostic) in commands.iter().zip(ordered_by_severity(&expected)) {
        let (name, properties, message) = parse_command(line);
        let level = match diagnostic["severity"].as_str().unwrap() {
            "note" => "notice",
            other => other,
        };
        assert_eq!(name, level, "{line}");
        let property = |key: &str| {
            properties
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            property("file").as_deref(),
            diagnostic["path"].as_str(),
            "{line}"
        );
        assert_eq!(
            property("title").as_deref(),
            diagnostic["rule"].as_str(),
            "{line}"
        );
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        for key in &keys {
            assert!(
                ["file", "line", "endLine", "col", "endColumn", "title"].contains(key),
                "unexpected property `{key}` in {line}"
            );
        }
        let mut text = diagnostic["message"].as_str().unwrap().to_owned();
        if let Some(help) = diagnostic["help"].as_str() {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        assert_eq!(message, text, "{line}");
        assert!(!message.is_empty());
    }
    // The runner ends the properties at the first `::`. Escaped values
    // contain no `:`, so the hostile text cannot end them early or start a
    // command of its own.
    for line in commands {
        assert!(!line.contains('\r'), "{line}");
        let head = line[2..].split("::").next().unwrap();
        assert!(!head.contains(':'), "{line}");
    }
}

/// Orders findings as the github format prints them: errors, then
/// warnings, then notes, each in report order.
fn ordered_by_severity<'a>(diagnostics: &[&'a Value]) -> Vec<&'a Value> {
    let mut ordered = Vec::new();
    for severity in ["error", "warning", "note"] {
        ordered.extend(
            diagnostics
                .iter()
                .filter(|d| d["severity"] == severity)
                .copied(),
        );
    }
    ordered
}

#[test]
fn github_columns_only_on_single_line_findings() {
    let fixture = Fixture::standard();
    // An unclosed flow sequence makes a YAML error that spans lines.
    fixture.file(
        "policies/broken.md",
        "---\nid: POL-B\ncontrols: [X.1,\n  X.2\n---\n# B\n",
    );
    let output = run_format(&fixture, "github");
    let (report, _) = fixture.check_json(&[]);
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let one_line = diagnostic["line"] == diagnostic["end_line"];
        let path = diagnostic["path"].as_str().unwrap().replace(':', "%3A");
        let line = output
            .lines()
            .find(|l| {
                l.contains(&format!("file={path},line={},", diagnostic["line"]))
                    && l.contains(&format!("title={}", diagnostic["rule"].as_str().unwrap()))
            })
            .unwrap_or_else(|| panic!("no command for {diagnostic} in {output}"));
        assert_eq!(line.contains(",col="), one_line, "{line}");
        assert_eq!(line.contains(",endColumn="), one_line, "{line}");
    }
}

#[test]
fn github_prints_errors_first() {
    let output = run_format(&findings_fixture(), "github");
    let kinds: Vec<&str> = output
        .lines()
        .filter_map(|l| l.strip_prefix("::"))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| match *k {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    });
    assert_eq!(kinds, sorted);
    assert_eq!(kinds.first(), Some(&"error"));
}

fn run_with_step_summary(fixture: &Fixture, summary: &Path) -> std::process::Output {
    std::process::Command::new(common::binary())
        .args(["check", ".", "--format", "github"])
        .current_dir(fixture.path())
        .env("POLICYLINT_TODAY", common::TODAY)
        .env("GITHUB_STEP_SUMMARY", summary)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

#[test]
fn github_appends_step_summary() {
    let fixture = findings_fixture();
    let summary = fixture.path().join("summary.md");
    std::fs::write(&summary, "earlier step output\n").unwrap();
    let output = run_with_step_summary(&fixture, &summary);
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step output\n"), "{text}");
    assert!(text.contains("### Coverage by theme"), "{text}");
    assert!(
        text.contains("| error | `review/overdue` | policies/main.md:8 |"),
        "{text}"
    );
}

#[test]
fn step_summary_stays_under_limit() {
    let fixture = Fixture::standard();
    // Enough findings with long messages to pass 1 MiB: each document's
    // unknown control ids are quoted in their messages.
    let long_id = format!("X.{}", "9".repeat(2000));
    let controls = format!("[X.1, {}]", vec![long_id; 20].join(", "));
    for index in 0..40 {
        fixture.file(
            &format!("policies/p{index}.md"),
            policy(&format!("POL-{index}"), &controls),
        );
    }
    let summary = fixture.path().join("summary.md");
    std::fs::write(&summary, "x".repeat(10_000)).unwrap();
    let output = run_with_step_summary(&fixture, &summary);
    assert_eq!(output.status.code(), Some(1));
    let size = std::fs::metadata(&summary).unwrap().len();
    assert!(size <= 1024 * 1024, "step summary is {size} bytes");
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.contains("more findings are not listed"),
        "{}",
        &text[text.len() - 500..]
    );
}

#[test]
fn markdown_escapes_table_cells() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("owner: jdoe", "owner: \"a|b <img src=x> [l](u)\""),
    );
    let output = fixture.run(&["check", ".", "--format", "markdown"]);
    let text = stdout(&output);
    let row = text
        .lines()
        .find(|l| l.contains("ownership/unknown-owner"))
        .expect("a row for the finding");
    assert!(row.contains("a\\|b \\<img src=x\\> \\[l\\](u)"), "{row}");
    // Five cells: the leading and trailing pipes plus four separators.
    assert_eq!(row.matches(" | ").count() + 2, 5, "{row}");
}

#[test]
fn markdown_keeps_code_spans() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace(
            "Text.",
            "<!-- policylint-disable-next-line a|b<img> -->\nText.",
        ),
    );
    let output = fixture.run(&[
        "check",
        ".",
        "--today",
        common::TODAY,
        "--format",
        "markdown",
    ]);
    let text = stdout(&output);
    let row = text
        .lines()
        .find(|l| l.contains("suppression/unused"))
        .expect("a row for the finding");
    // The rule id in the message is a code span, with the pipe escaped for
    // the table and the HTML left as code text.
    assert!(row.contains("unknown rule `a\\|b<img>`, so"), "{row}");
    assert!(row.contains("help: `policylint rules` lists"), "{row}");
    assert!(!row.contains("\\`"), "{row}");
    assert_eq!(row.matches(" | ").count() + 2, 5, "{row}");
}

/// Finds the official SARIF 2.1.0 schema: `SARIF_SCHEMA`, else the reference
/// folder beside the checkout or at its fixed place on the development
/// machines. The schema is not copied into this repository.
fn sarif_schema_path() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("SARIF_SCHEMA").map(PathBuf::from),
        Some(manifest.join("../shared/reference/sarif-schema-2.1.0.json")),
        Some(PathBuf::from(
            "/work/shared/reference/sarif-schema-2.1.0.json",
        )),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// Compiles the official SARIF 2.1.0 schema, or returns `None` after
/// printing why the test is skipped.
fn sarif_validator() -> Option<jsonschema::Validator> {
    let Some(schema_path) = sarif_schema_path() else {
        println!(
            "skipped: the SARIF 2.1.0 schema file was not found; set SARIF_SCHEMA to its path"
        );
        return None;
    };
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    Some(validator)
}

/// Lists the schema errors of a SARIF log, one per line.
fn schema_errors(validator: &jsonschema::Validator, sarif: &Value) -> String {
    validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}\n", e, e.instance_path()))
        .collect()
}

#[test]
fn example_repo_sarif_matches_schema() {
    let Some(validator) = sarif_validator() else {
        return;
    };

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = common::run_in(
        root,
        &[
            "check",
            "example-repo",
            "--today",
            "2026-12-04",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = schema_errors(&validator, &sarif);
    assert!(errors.is_empty(), "SARIF schema errors:\n{errors}");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 5);

    // The validator does reject a result the schema forbids.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

/// Returns the notifications of a SARIF log's first invocation.
fn notifications(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("tool execution notifications")
}

/// Asserts that every result of a SARIF log has a file location, as GitHub
/// code scanning requires.
fn assert_results_located(sarif: &Value) {
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert!(uri.is_string(), "result without a location: {result:#}");
    }
}

#[test]
fn sarif_shallow_clone_is_a_notification() {
    let fixture = findings_fixture();
    fixture.git_init();
    fixture.commit_at("2026-06-01T09:00:00+0000", "Add");
    fixture.commit_at("2026-06-02T09:00:00+0000", "Second");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", fixture.path().display());
    common::git_in(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );

    let output = common::run_in(
        &clones.path().join("shallow"),
        &["check", ".", "--today", common::TODAY, "--format", "sarif"],
    );
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_results_located(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results
            .iter()
            .all(|r| r["ruleId"] != "history/shallow-clone")
    );

    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let shallow: Vec<&Value> = notifications(&sarif)
        .iter()
        .filter(|n| n["associatedRule"]["id"] == "history/shallow-clone")
        .collect();
    assert_eq!(shallow.len(), 1, "{invocation:#}");
    assert_eq!(shallow[0]["level"], "warning");
    assert!(
        shallow[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("shallow clone")
    );
    let index = shallow[0]["associatedRule"]["index"].as_u64().unwrap() as usize;
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules[index]["id"], "history/shallow-clone");

    if let Some(validator) = sarif_validator() {
        let errors = schema_errors(&validator, &sarif);
        assert!(errors.is_empty(), "SARIF schema errors:\n{errors}");
    }
}

#[test]
fn sarif_without_config_has_no_unlocated_results() {
    let fixture = Fixture::new();
    fixture.file("policies/main.md", policy("POL-1", "[A.5.1]"));
    let output = fixture.run(&["check", ".", "--today", common::TODAY, "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_results_located(&sarif);
    let uncovered = notifications(&sarif)
        .iter()
        .filter(|n| n["associatedRule"]["id"] == "coverage/uncovered-control")
        .count();
    assert!(uncovered > 0, "{sarif:#}");

    if let Some(validator) = sarif_validator() {
        let errors = schema_errors(&validator, &sarif);
        assert!(errors.is_empty(), "SARIF schema errors:\n{errors}");
    }
}

#[test]
fn rules_have_sarif_metadata() {
    let output = run_format(&findings_fixture(), "sarif");
    let sarif: Value = serde_json::from_str(&output).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let listed = common::run_in(std::env::temp_dir().as_path(), &["rules"]);
    assert_eq!(rules.len(), stdout(&listed).lines().count());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(rule["shortDescription"]["text"].is_string(), "{id}");
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(full.ends_with('.'), "{id}: fullDescription {full:?}");
        // The tool's name is written in lower case, even first in a
        // sentence.
        assert!(
            full.starts_with(|c: char| c.is_uppercase() || c == '`')
                || full.starts_with("policylint "),
            "{id}: fullDescription {full:?}"
        );
        assert!(full.split_whitespace().count() >= 5, "{id}: {full:?}");
        assert!(
            rule["help"]["text"].as_str().unwrap().contains("Example"),
            "{id}"
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{id}");
    }
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(uri["uriBaseId"], "%SRCROOT%");
        assert!(!uri["uri"].as_str().unwrap().starts_with('/'));
    }
}

#[test]
fn sarif_fingerprints_survive_line_shifts() {
    let fixture = findings_fixture();
    let fingerprints = |fixture: &Fixture| -> Vec<(String, String, u64)> {
        let sarif: Value = serde_json::from_str(&run_format(fixture, "sarif")).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_owned(),
                    r["partialFingerprints"]["policylint/v1"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&fixture);
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1]")
            .replace("2026-06-01", "2025-10-14")
            .replace(
                "---\nid:",
                "---\nversion: \"2\"\nclassification: internal\nid:",
            ),
    );
    let after = fingerprints(&fixture);
    assert_eq!(before.len(), after.len());
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.0, new.0);
        assert_eq!(old.1, new.1, "fingerprint of {} changed", old.0);
    }
    let moved = before.iter().zip(&after).any(|(old, new)| old.2 != new.2);
    assert!(
        moved,
        "the edit should move a finding: {before:?} {after:?}"
    );
}

#[test]
fn sarif_uri_is_percent_encoded() {
    let fixture = Fixture::standard();
    fixture.file("policies/a b%c.md", policy("POL-2", "[X.9]"));
    let sarif: Value = serde_json::from_str(&run_format(&fixture, "sarif")).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"policies/a%20b%25c.md"), "{uris:?}");
}

#[test]
fn junit_is_well_formed_with_control_characters() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]")
            .replace("owner: jdoe", "owner: \"a\\x01b\\x1b]c <&> \\\" '\""),
    );
    let xml = run_format(&fixture, "junit");
    assert!(!xml.contains('\u{1}'), "{xml}");
    assert!(!xml.contains('\u{1b}'), "{xml}");
    assert!(xml.contains("ab]c &lt;&amp;&gt;"), "{xml}");

    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut failures = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(tag)) if tag.name().0 == "failure" => {
                failures += 1;
            }
            Ok(_) => {}
            Err(error) => panic!(
                "invalid XML at {}: {error}\n{xml}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(failures, 1);
}

#[test]
fn every_format_handles_hostile_names() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/%0A::x, y: z \u{2028}.md",
        policy("POL-2", "[X.9]").replace("owner: jdoe", "owner: \"\\r\\n| <b> `x` \\t\""),
    );
    for format in [
        "human", "concise", "json", "sarif", "github", "junit", "markdown",
    ] {
        let output = fixture.run(&["check", ".", "--format", format]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!output.stdout.is_empty(), "{format}");
    }
}
