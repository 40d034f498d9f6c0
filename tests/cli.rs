//! The real binary on small fixture repositories: every output format as a
//! snapshot, exit codes, and the listing commands.

mod common;

use common::{Fixture, TODAY, policy};

/// A fixture with one finding of each severity class the formats render:
/// an overdue review (error), a draft-only control (warning) and a related
/// location in another file.
fn findings_fixture() -> Fixture {
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

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn format_human() {
    let output = findings_fixture().run(&["check", "."]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn format_concise() {
    let output = findings_fixture().run(&["check", ".", "--format", "concise"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn format_json() {
    let output = findings_fixture().run(&["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!(report);
}

#[test]
fn json_report_has_schema_fields() {
    let (report, _) = findings_fixture().check_json(&[]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "policylint");
    assert_eq!(report["today"], TODAY);
    for key in ["documents", "errors", "warnings", "notes"] {
        assert!(report["summary"][key].is_u64(), "summary.{key}");
    }
    for key in ["total", "applicable", "covered"] {
        assert!(
            report["summary"]["controls"][key].is_u64(),
            "summary.controls.{key}"
        );
    }
    assert!(report["summary"]["baseline"].is_null());
    let keys = [
        "rule",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
        "document",
        "control",
    ];
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let object = diagnostic.as_object().unwrap();
        assert_eq!(object.len(), keys.len());
        for key in keys {
            assert!(object.contains_key(key), "diagnostic has no `{key}`");
        }
    }
}

#[test]
fn no_subcommand_means_check_dot() {
    let fixture = findings_fixture();
    let implicit = fixture.run(&["--format", "concise"]);
    let explicit = fixture.run(&["check", ".", "--format", "concise"]);
    assert_eq!(implicit.status.code(), Some(1));
    assert_eq!(stdout(&implicit), stdout(&explicit));
}

#[test]
fn clean_repository_exits_zero() {
    let output = Fixture::standard().run(&["check"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output)
            .contains("1 document checked: 0 errors, 0 warnings, 0 notes; controls covered: 2/2")
    );
}

#[test]
fn fail_on_levels() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/draft.md",
        policy("POL-2", "[X.1]").replace("2026-06-01", "2025-12-20"),
    );
    assert_eq!(fixture.run(&["check"]).status.code(), Some(0));
    assert_eq!(
        fixture
            .run(&["check", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        fixture.run(&["check", "--fail-on", "note"]).status.code(),
        Some(1)
    );
    let overdue = Fixture::standard();
    overdue.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2020-01-01"),
    );
    assert_eq!(
        overdue.run(&["check", "--fail-on", "never"]).status.code(),
        Some(0)
    );
}

#[test]
fn today_option_overrides_environment() {
    let fixture = Fixture::standard();
    let (report, _) = fixture.check_json(&["--today", "2027-07-01"]);
    assert_eq!(report["today"], "2027-07-01");
    assert_eq!(common::findings_of(&report, "review/overdue").len(), 1);
}

#[test]
fn invalid_today_exits_two() {
    let output = Fixture::standard().run(&["check", "--today", "2026-13-01"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no month 13"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn empty_revision_exits_two() {
    let fixture = Fixture::standard();
    for option in ["--rev", "--diff-base"] {
        let output = fixture.run(&["check", option, ""]);
        assert_eq!(output.status.code(), Some(2), "{option}");
        assert!(
            stderr(&output).contains("a value is required"),
            "{option}: {}",
            stderr(&output)
        );
    }
}

/// Runs the binary in `fixture` with `POLICYLINT_TODAY` set to `today`.
fn run_with_today_variable(fixture: &Fixture, today: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(common::binary())
        .args(args)
        .current_dir(fixture.path())
        .env("POLICYLINT_TODAY", today)
        .env("NO_COLOR", "1")
        .output()
        .expect("run policylint")
}

#[test]
fn today_conflicts_with_as_of() {
    let fixture = Fixture::standard();
    fixture.git_init();
    fixture.commit_at("2026-03-01T10:00:00+0000", "Add");
    for args in [
        &["check", ".", "--as-of", "2026-04-01", "--today", TODAY][..],
        &["--as-of", "2026-04-01", "--today", TODAY][..],
    ] {
        let output = fixture.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains("--as-of"), "{text}");
        assert!(text.contains("cannot be used with"), "{text}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn as_of_wins_over_today_variable() {
    let fixture = Fixture::standard();
    fixture.git_init();
    fixture.commit_at("2026-03-01T10:00:00+0000", "Add");
    let output = run_with_today_variable(
        &fixture,
        TODAY,
        &["check", ".", "--as-of", "2026-04-01", "--format", "json"],
    );
    let code = output.status.code();
    assert!(code == Some(0) || code == Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["today"], "2026-04-01");
}

#[test]
fn invalid_today_variable_is_named() {
    let fixture = Fixture::standard();
    let cases = [
        &["check", "."][..],
        &["coverage", "."][..],
        &["init", "new"][..],
    ];
    for args in cases {
        let output = run_with_today_variable(&fixture, "2026-13-01", args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(
            text.contains("invalid value in the environment variable POLICYLINT_TODAY"),
            "{args:?}: {text}"
        );
        assert!(text.contains("no month 13"), "{args:?}: {text}");
        assert!(!text.contains("--today"), "{args:?}: {text}");
    }
    assert!(!fixture.path().join("new").exists());
}

#[test]
fn output_file_is_written() {
    let fixture = findings_fixture();
    let output = fixture.run(&["check", ".", "--format", "json", "--output", "report.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(fixture.path().join("report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(report["version"], 1);
}

#[test]
fn config_error_exits_two_with_line() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        common::STANDARD_CONFIG.replace("documents:\n  include:", "documents:\n  inculde:"),
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("unknown key `inculde`"), "{text}");
    assert!(text.contains("policylint.yaml:3:3"), "{text}");
    assert!(text.contains("did you mean `include`?"), "{text}");
    assert!(output.stdout.is_empty());
}

#[test]
fn unknown_required_clause_exits_two() {
    let fixture = Fixture::new();
    fixture
        .file(
            "policylint.yaml",
            "framework: iso27001-2022\nrequired_documents: [\"4.3\", \"99.1\"]\n",
        )
        .file("policy.md", policy("POL-1", "[A.5.1]"));
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("\"99.1\" is not a management-system clause of iso27001-2022"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml:2:29"), "{text}");
    assert!(text.contains("did you mean \"9.1\"?"), "{text}");
    assert!(!text.contains("\"4.3\" is not"), "{text}");
}

#[test]
fn empty_rules_mapping_is_accepted() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!(
            "{}rules:\n  # every override removed\n",
            common::STANDARD_CONFIG
        ),
    );
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn repeated_required_clause_exits_two() {
    let fixture = Fixture::new();
    fixture
        .file(
            "policylint.yaml",
            "framework: iso27001-2022\nrequired_documents: [\"4.3\", \"clause 4.3\"]\n",
        )
        .file("policy.md", policy("POL-1", "[A.5.1]"));
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("clause \"clause 4.3\" is listed twice in `required_documents`"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml:2:29"), "{text}");
}

/// Runs `check` on the standard fixture with the config's `soa:` line
/// replaced by `line` at its end, and returns the exit code and stderr.
fn check_with_config_line(line: &str) -> (Option<i32>, String) {
    let fixture = Fixture::standard();
    let config = common::STANDARD_CONFIG.replace("soa: soa.yaml\n", "");
    fixture.file("policylint.yaml", format!("{config}{line}\n"));
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    (output.status.code(), stderr(&output))
}

#[test]
fn missing_soa_file_exits_two() {
    let (code, text) = check_with_config_line("soa: soa-2026.yaml");
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("Statement of Applicability `soa-2026.yaml` not found"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml:15:6"), "{text}");
    assert!(
        text.contains("help: create the file, or correct the `soa:` path in the config"),
        "{text}"
    );
}

#[test]
fn missing_soa_in_list_exits_two() {
    let (code, text) = check_with_config_line("soa: [soa.yaml, soc2-soa.yaml]");
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("Statement of Applicability `soc2-soa.yaml` not found"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml:15:17"), "{text}");
}

#[test]
fn missing_owners_file_exits_two() {
    let fixture = Fixture::standard();
    let config = common::STANDARD_CONFIG
        .split("owners:")
        .next()
        .unwrap()
        .to_owned();
    fixture.file(
        "policylint.yaml",
        format!("{config}owners: noowners.yaml\nrequired_documents: off\n"),
    );
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("roster file `noowners.yaml` not found"),
        "{text}"
    );
    assert!(
        text.contains("help: create the file, or correct the `owners:` path in the config"),
        "{text}"
    );
}

#[test]
fn missing_soa_export_points_at_path() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!("{}soa_export: SOA.md\n", common::STANDARD_CONFIG),
    );
    let (report, code) = fixture.check_json(&["--today", TODAY]);
    assert_eq!(
        common::spans_of(&report, "soa/out-of-date"),
        [("policylint.yaml".into(), 16, 13, 16, 19)]
    );
    assert_eq!(code, 0);
}

#[test]
fn duplicate_config_key_points_at_first() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!("{}soa: soa.yaml\n", common::STANDARD_CONFIG),
    );
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("duplicate mapping key"), "{text}");
    assert!(text.contains("policylint.yaml:16:1"), "{text}");
    assert!(text.contains("first defined here"), "{text}");
    assert!(
        text.contains("help: keep one of the two `soa` entries; the first is on line 4"),
        "{text}"
    );
}

#[test]
fn zero_interval_is_named() {
    let (code, text) = check_with_config_line("review:\n  interval: 0 days");
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("`review.interval` \"0 days\" is zero"),
        "{text}"
    );
}

#[test]
fn missing_path_exits_two() {
    let fixture = Fixture::new();
    let output = fixture.run(&["check", "does-not-exist"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("does-not-exist"));
}

#[test]
fn file_path_exits_two() {
    let fixture = Fixture::standard();
    let output = fixture.run(&["check", "policylint.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not a directory"));
}

#[test]
fn no_config_no_documents_points_to_init() {
    let fixture = Fixture::new();
    fixture.git_init().file("notes.txt", "not a document\n");
    let output = fixture.run(&["check", ".", "--today", TODAY, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("note: no config file (policylint.yaml or .policylint.yaml) was found"),
        "{text}"
    );
    assert!(text.contains("`policylint init`"), "{text}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = common::diagnostics_of(&report, "config/no-documents");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "warning");
}

#[test]
fn config_without_documents_has_no_init_note() {
    let fixture = Fixture::standard();
    fixture.remove("policies/main.md");
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    assert!(
        !stderr(&output).contains("no config file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn explicit_config_option() {
    let fixture = Fixture::standard();
    fixture.file(
        "other/lint.yaml",
        common::STANDARD_CONFIG
            .replace("catalog.yaml", "../catalog.yaml")
            .replace("soa: soa.yaml", "soa: ../soa.yaml")
            .replace("\"policies/**/*.md\"", "\"../policies/**/*.md\""),
    );
    // Globs may not leave the config's folder, so this config is rejected.
    let output = fixture.run(&["check", ".", "--config", "other/lint.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("leaves the folder"),
        "{}",
        stderr(&output)
    );

    fixture.file(
        "lint.yaml",
        common::STANDARD_CONFIG.replace("required_documents: off", "required_documents: [\"4.3\"]"),
    );
    let (report, _) = fixture.check_json(&["--config", "lint.yaml"]);
    assert_eq!(
        common::findings_of(&report, "coverage/missing-document"),
        [("lint.yaml".into(), 13)]
    );
}

#[test]
fn config_found_upward_from_subfolder() {
    let fixture = Fixture::standard();
    fixture.git_init();
    let output = fixture.run(&["check", "policies", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["documents"], 1);
    assert_eq!(report["summary"]["controls"]["total"], 3);
}

#[test]
fn outside_git_path_itself_is_the_root() {
    let fixture = Fixture::standard();
    let output = fixture.run(&["check", "policies", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // No config is found above PATH outside Git, so the defaults apply.
    assert_eq!(report["summary"]["controls"]["total"], 93);
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(paths.contains(&"main.md"), "{paths:?}");
}

#[test]
fn rules_lists_every_rule() {
    let output = common::run_in(std::env::temp_dir().as_path(), &["rules"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn explain_prints_explanation() {
    let output = common::run_in(
        std::env::temp_dir().as_path(),
        &["explain", "review/overdue"],
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("review/overdue (error by default)"),
        "{text}"
    );
    assert!(text.contains("Example"));
}

#[test]
fn explain_unknown_rule_suggests() {
    let output = common::run_in(
        std::env::temp_dir().as_path(),
        &["explain", "review/overdeu"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `review/overdue`?"));
}

#[test]
fn warnings_use_the_message_prefix() {
    let fixture = Fixture::new();
    fixture.file("policylint.yaml", "inculde: 1\n");
    let output = fixture.run(&["rules"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stderr(&output);
    assert!(
        text.starts_with("policylint: warning: the config has problems"),
        "{text}"
    );
    assert!(!text.contains("WARN"), "{text}");

    let quiet = fixture.run(&["rules", "-q"]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));

    let verbose = fixture.run(&["rules", "-v"]);
    let text = stderr(&verbose);
    assert!(
        text.lines()
            .any(|l| l.starts_with("policylint: debug: [policylint::config")),
        "{text}"
    );
    assert!(text.contains("policylint: warning: the config has problems"));
}

#[test]
fn catalog_lists_controls() {
    let output = common::run_in(std::env::temp_dir().as_path(), &["catalog"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("ISO/IEC 27001:2022 Annex A (93 controls)"));
    assert_eq!(text.lines().filter(|l| l.starts_with("  A.")).count(), 93);

    let output = common::run_in(
        std::env::temp_dir().as_path(),
        &["catalog", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["controls"].as_array().unwrap().len(), 93);
    assert_eq!(
        json["controls"][0]["attributes"]["cybersecurity_concepts"][0],
        "identify"
    );
}

#[test]
fn help_text() {
    let output = common::run_in(std::env::temp_dir().as_path(), &["check", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn quiet_option_fits_each_command() {
    let help = |command: &str| {
        let output = common::run_in(std::env::temp_dir().as_path(), &[command, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{command}");
        stdout(&output)
    };
    assert!(help("check").contains("Print the findings of every severity, but no summary line"));
    for command in ["rules", "explain", "soa", "coverage", "report"] {
        let text = help(command);
        assert!(text.contains("-q, --quiet"), "{command}: {text}");
        assert!(text.contains("Print no warnings"), "{command}: {text}");
        assert!(!text.contains("summary line"), "{command}: {text}");
    }
    for command in ["init", "catalog"] {
        let text = help(command);
        assert!(!text.contains("--quiet"), "{command}: {text}");
    }
}

#[test]
fn format_values_are_described() {
    for command in ["coverage", "catalog", "rules", "soa", "check"] {
        let output = common::run_in(std::env::temp_dir().as_path(), &[command, "--help"]);
        let text = stdout(&output);
        let values: Vec<&str> = text
            .lines()
            .skip_while(|line| !line.trim_start().starts_with("--format"))
            .skip_while(|line| !line.contains("Possible values:"))
            .skip(1)
            .take_while(|line| line.trim_start().starts_with("- "))
            .collect();
        assert!(values.len() >= 2, "{command}: {text}");
        for value in values {
            let (name, description) = value.split_once(':').unwrap_or((value, ""));
            assert!(
                !description.trim().is_empty(),
                "{command} --format{name} has no description"
            );
        }
    }
}
