//! Rules from `custom_rules:` in the config: found and reported like
//! built-in rules in every output format, listed by `rules` and `explain`,
//! and rejected with the config line when they are invalid.

mod common;

use common::{Fixture, diagnostics_of, policy, spans_of};

const MAILBOX_RULE: &str = "\
custom_rules:
  - id: custom/no-personal-mailbox
    severity: error
    message: use a role mailbox, not a personal one
    pattern: '[a-z]+\\.[a-z]+@gmail\\.com'
    in: body
    types: [policy, procedure]
    help: write security@example.com instead
";

/// The standard fixture with the mailbox rule and a policy that breaks it
/// once in its text and once inside a code block.
fn mailbox_fixture() -> Fixture {
    let fixture = Fixture::standard();
    fixture
        .file(
            "policylint.yaml",
            format!("{}{MAILBOX_RULE}", common::STANDARD_CONFIG),
        )
        .file(
            "policies/main.md",
            policy("POL-1", "[X.1, X.2]").replace(
                "Text.\n",
                "Write to jane.doe@gmail.com for access.\n\n```\njohn.doe@gmail.com\n```\n",
            ),
        );
    fixture
}

#[test]
fn custom_rule_in_json_output() {
    let (report, code) = mailbox_fixture().check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        spans_of(&report, "custom/no-personal-mailbox"),
        [("policies/main.md".to_owned(), 13, 10, 13, 28)]
    );
    let finding = diagnostics_of(&report, "custom/no-personal-mailbox")[0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "use a role mailbox, not a personal one");
    assert_eq!(finding["help"], "write security@example.com instead");
    assert_eq!(finding["document"], "POL-1");
}

#[test]
fn custom_rule_in_human_output() {
    let output = mailbox_fixture().run(&["check", "."]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

#[test]
fn custom_rule_in_concise_output() {
    let output = mailbox_fixture().run(&["check", ".", "--format", "concise"]);
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "policies/main.md:13:10: error[custom/no-personal-mailbox] use a role mailbox, not a personal one\n"
    );
}

#[test]
fn custom_rule_severity_can_be_overridden() {
    let fixture = mailbox_fixture();
    fixture.file(
        "policylint.yaml",
        format!(
            "{}rules:\n  custom/no-personal-mailbox: warning\n{MAILBOX_RULE}",
            common::STANDARD_CONFIG
        ),
    );
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

#[test]
fn custom_rule_respects_types() {
    let fixture = mailbox_fixture();
    fixture.file(
        "policylint.yaml",
        format!(
            "{}{}",
            common::STANDARD_CONFIG,
            MAILBOX_RULE.replace("[policy, procedure]", "[record]")
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    assert!(spans_of(&report, "custom/no-personal-mailbox").is_empty());
}

#[test]
fn custom_rule_on_front_matter_field() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!(
            "{}custom_rules:\n  - id: acme/no-draft-titles\n    message: the title still says draft\n    pattern: '(?i)\\bdraft\\b'\n    in: title\n",
            common::STANDARD_CONFIG
        ),
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]")
            .replace("title: Test Policy", "title: \"Test Policy (DRAFT)\""),
    );
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(code, 0, "a custom rule is a warning by default");
    assert_eq!(
        spans_of(&report, "acme/no-draft-titles"),
        [("policies/main.md".to_owned(), 3, 22, 3, 27)]
    );
}

#[test]
fn rules_and_explain_show_custom_rules() {
    let fixture = mailbox_fixture();
    let listing = fixture.run(&["rules"]);
    let text = String::from_utf8(listing.stdout).unwrap();
    assert!(
        text.lines()
            .any(|line| line.starts_with("custom/no-personal-mailbox")
                && line.contains("error")
                && line.ends_with("use a role mailbox, not a personal one")),
        "{text}"
    );
    let explained = fixture.run(&["explain", "custom/no-personal-mailbox"]);
    assert_eq!(explained.status.code(), Some(0));
    let text = String::from_utf8(explained.stdout).unwrap();
    assert!(
        text.starts_with("custom/no-personal-mailbox (error by default)"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml on line 17"), "{text}");
    assert!(text.contains("[a-z]+\\.[a-z]+@gmail\\.com"), "{text}");
}

#[test]
fn explain_custom_rule_needs_its_config() {
    let fixture = mailbox_fixture();
    let outside = tempfile::tempdir().unwrap();
    let stderr =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).into_owned();

    let output = common::run_in(outside.path(), &["explain", "custom/no-personal-mailbox"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("unknown rule `custom/no-personal-mailbox`"),
        "{text}"
    );
    assert!(
        text.contains("none was found from the current folder"),
        "{text}"
    );
    assert!(text.contains("--config FILE"), "{text}");

    // The hint works: the config is named from outside its repository.
    let config = fixture.path().join("policylint.yaml");
    let output = common::run_in(
        outside.path(),
        &[
            "explain",
            "custom/no-personal-mailbox",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = fixture.run(&["explain", "custom/unheard-of-check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("the config `policylint.yaml` defines no custom rule with that id"),
        "{text}"
    );
}

/// Runs `check` with the standard config and `rules` appended, and returns
/// the exit code and the error output.
fn config_error(rules: &str) -> (Option<i32>, String) {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!("{}custom_rules:\n{rules}", common::STANDARD_CONFIG),
    );
    let output = fixture.run(&["check"]);
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn invalid_regex_is_config_error_at_its_line() {
    let (code, stderr) = config_error("  - id: custom/x\n    message: m\n    pattern: 'a(b'\n");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("invalid regular expression \"a(b\""),
        "{stderr}"
    );
    assert!(stderr.contains("policylint.yaml:19:14"), "{stderr}");
}

#[test]
fn oversized_regex_is_config_error() {
    let (code, stderr) =
        config_error("  - id: custom/x\n    message: m\n    pattern: '\\w{1000}{1000}'\n");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is too large"), "{stderr}");
}

#[test]
fn bad_custom_rules_are_config_errors() {
    let cases = [
        (
            "  - id: review/overdue\n    message: m\n    pattern: x\n",
            "is the id of a built-in rule",
        ),
        (
            "  - id: content/extra\n    message: m\n    pattern: x\n",
            "uses the group of built-in rules",
        ),
        (
            "  - id: NoGroup\n    message: m\n    pattern: x\n",
            "is not of the form `group/name`",
        ),
        (
            "  - id: custom/x\n    message: m\n",
            "custom rule has no `pattern`",
        ),
        (
            "  - id: custom/x\n    message: m\n    pattern: 'a*'\n",
            "matches empty text",
        ),
        (
            "  - id: custom/x\n    message: m\n    pattern: x\n    types: [polcy]\n",
            "did you mean `policy`?",
        ),
        (
            "  - id: custom/x\n    message: m\n    pattern: x\n    severty: error\n",
            "did you mean `severity`?",
        ),
        (
            "  - id: custom/x\n    message: m\n    pattern: x\n  - id: custom/x\n    message: m\n    pattern: y\n",
            "is defined twice",
        ),
    ];
    for (rules, expected) in cases {
        let (code, stderr) = config_error(rules);
        assert_eq!(code, Some(2), "{rules}");
        assert!(stderr.contains(expected), "{rules}: {stderr}");
    }
}

#[test]
fn custom_rule_in_html_report() {
    let fixture = mailbox_fixture();
    let output = fixture.run(&["report", ".", "--html", "report.html"]);
    assert_eq!(output.status.code(), Some(0));
    let html = std::fs::read_to_string(fixture.path().join("report.html")).unwrap();
    assert!(
        html.contains("<code>custom/no-personal-mailbox</code>"),
        "{html}"
    );
    assert!(html.contains("use a role mailbox, not a personal one"));
}

#[test]
fn custom_rule_in_sarif_output() {
    let output = mailbox_fixture().run(&["check", ".", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let index = rules
        .iter()
        .position(|rule| rule["id"] == "custom/no-personal-mailbox")
        .expect("the custom rule is described");
    assert_eq!(
        rules[index]["shortDescription"]["text"],
        "use a role mailbox, not a personal one"
    );
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "error");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "custom/no-personal-mailbox");
    assert_eq!(result["ruleIndex"], index);
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 13);
    assert_eq!(region["startColumn"], 10);
}

#[test]
fn custom_rule_can_be_suppressed() {
    let fixture = mailbox_fixture();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace(
            "Text.\n",
            "<!-- policylint-disable-next-line custom/no-personal-mailbox -->\nWrite to jane.doe@gmail.com for access.\n",
        ),
    );
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
}
