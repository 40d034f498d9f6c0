//! The views on the real binary: the SoA export, the coverage view and the
//! HTML report, in every format, on example-repo and on small fixtures.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;

use common::{Fixture, policy};
use serde_json::Value;

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs the binary in this project's folder with the date example-repo is
/// written for, and returns standard output after checking the exit code.
fn example(args: &[&str], code: i32) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = common::run_in(root, args);
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
    stdout(&output)
}

fn example_check() -> Value {
    serde_json::from_str(&example(&["check", "example-repo", "--format", "json"], 1)).unwrap()
}

/// Parses CSV text into a header and records with the csv crate.
fn parse_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("valid CSV record");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn split_cell(cell: &str) -> Vec<&str> {
    cell.split("; ").filter(|s| !s.is_empty()).collect()
}

#[test]
fn soa_csv_has_a_row_per_control() {
    let text = example(&["soa", "example-repo", "--format", "csv"], 0);
    let (header, rows) = parse_csv(&text);
    assert_eq!(header[0], "control");
    assert!(header.contains(&"theme".to_owned()));
    assert!(header.contains(&"justification".to_owned()));
    assert_eq!(rows.len(), 93);
    let ids: BTreeSet<&str> = rows.iter().map(|r| r["control"].as_str()).collect();
    assert_eq!(ids.len(), 93);
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn soa_csv_agrees_with_check() {
    let report = example_check();
    let (_, rows) = parse_csv(&example(&["soa", "example-repo", "--format", "csv"], 0));
    let summary = &report["summary"]["controls"];
    let applicable = rows.iter().filter(|r| r["applicable"] == "yes").count();
    let covered = rows.iter().filter(|r| r["coverage"] == "covered").count();
    assert_eq!(applicable as u64, summary["applicable"].as_u64().unwrap());
    assert_eq!(covered as u64, summary["covered"].as_u64().unwrap());

    // Every coverage finding of check is a row in the same state, naming the
    // same documents, and every other applicable row is covered.
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let mut expected: BTreeMap<&str, &str> = BTreeMap::new();
    for d in diagnostics {
        let state = match d["rule"].as_str().unwrap() {
            "coverage/draft-only" => "draft only",
            "coverage/uncovered-control" => "not covered",
            _ => continue,
        };
        expected.insert(d["control"].as_str().unwrap(), state);
    }
    assert!(!expected.is_empty());
    for row in &rows {
        let id = row["control"].as_str();
        let state = match (row["applicable"].as_str(), expected.get(id)) {
            ("no", _) => "not applicable",
            (_, Some(state)) => state,
            (_, None) => "covered",
        };
        assert_eq!(row["coverage"], state, "{id}");
        if row["applicable"] == "no" {
            assert!(
                !row["justification"].is_empty(),
                "{id} has no justification"
            );
        }
    }
    let draft_only = diagnostics
        .iter()
        .find(|d| d["rule"] == "coverage/draft-only")
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r["control"] == draft_only["control"].as_str().unwrap())
        .unwrap();
    for document in split_cell(&row["documents"]) {
        assert!(draft_only["message"].as_str().unwrap().contains(document));
    }
}

#[test]
fn soa_csv_lists_documents_owners_and_reviews() {
    let (_, rows) = parse_csv(&example(&["soa", "example-repo", "--format", "csv"], 0));
    let row = |id: &str| rows.iter().find(|r| r["control"] == id).unwrap().clone();
    // access-control.md lists A.5.15; backup.md (overdue) lists A.8.13;
    // cryptography.md (due soon) lists A.8.24.
    let access = row("A.5.15");
    assert!(split_cell(&access["documents"]).contains(&"POL-AC-01"));
    assert_eq!(
        split_cell(&access["documents"]).len(),
        split_cell(&access["document_owners"]).len()
    );
    let backup = row("A.8.13");
    let documents = split_cell(&backup["documents"]);
    let at = documents.iter().position(|d| *d == "POL-BK-01").unwrap();
    assert_eq!(split_cell(&backup["review_status"])[at], "overdue");
    assert_eq!(split_cell(&backup["next_review"])[at], "2026-10-14");
    assert_eq!(split_cell(&backup["document_owners"])[at], "gmwangi");
    assert!(split_cell(&row("A.8.24")["review_status"]).contains(&"due soon"));
    assert_eq!(row("A.7.4")["applicable"], "no");
    assert_eq!(row("A.7.4")["documents"], "");
    assert_eq!(row("A.5.7")["status"], "planned");
    assert_eq!(row("A.5.1")["theme"], "Organizational controls");
}

#[test]
fn coverage_by_theme_adds_up() {
    let report = example_check();
    let view: Value = serde_json::from_str(&example(
        &["coverage", "example-repo", "--format", "json"],
        0,
    ))
    .unwrap();
    let framework = &view["frameworks"][0];
    assert_eq!(framework["by"], "theme");
    let groups = framework["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 4);
    let sum = |key: &str| -> u64 { groups.iter().map(|g| g[key].as_u64().unwrap()).sum() };
    let summary = &report["summary"]["controls"];
    assert_eq!(sum("covered"), summary["covered"].as_u64().unwrap());
    assert_eq!(sum("applicable"), summary["applicable"].as_u64().unwrap());
    let controls: usize = groups
        .iter()
        .map(|g| g["controls"].as_array().unwrap().len())
        .sum();
    assert_eq!(controls, 93);
    let organizational = &groups[0];
    assert_eq!(organizational["uncovered"][0]["id"], "A.5.7");
}

#[test]
fn attribute_views_list_every_value_of_every_control() {
    let catalog: Value =
        serde_json::from_str(&example(&["catalog", "--format", "json"], 0)).unwrap();
    let sets = [
        "control_type",
        "security_properties",
        "cybersecurity_concepts",
        "operational_capabilities",
        "security_domains",
    ];
    for set in sets {
        let view: Value = serde_json::from_str(&example(
            &["coverage", "example-repo", "--by", set, "--format", "json"],
            0,
        ))
        .unwrap();
        let groups = view["frameworks"][0]["groups"].as_array().unwrap();
        let placed: BTreeSet<(String, String)> = groups
            .iter()
            .flat_map(|g| {
                g["controls"].as_array().unwrap().iter().map(move |c| {
                    (
                        c.as_str().unwrap().to_owned(),
                        g["id"].as_str().unwrap().to_owned(),
                    )
                })
            })
            .collect();
        let expected: BTreeSet<(String, String)> = catalog["controls"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c["attributes"][set]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |v| {
                        (
                            c["id"].as_str().unwrap().to_owned(),
                            v.as_str().unwrap().to_owned(),
                        )
                    })
            })
            .collect();
        assert_eq!(placed, expected, "{set}");
        let controls: BTreeSet<&str> = placed.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(controls.len(), 93, "{set}");
    }
}

#[test]
fn cybersecurity_concepts_table() {
    let text = example(
        &["coverage", "example-repo", "--by", "cybersecurity_concepts"],
        0,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn coverage_table_on_example() {
    let text = example(&["coverage", "example-repo"], 0);
    insta::assert_snapshot!(text);
}

#[test]
fn example_soa_export_is_in_date() {
    let report = example_check();
    assert!(common::findings_of(&report, "soa/out-of-date").is_empty());
    // The export records its date, so a later run still matches it.
    let later: Value = serde_json::from_str(&example(
        &[
            "check",
            "example-repo",
            "--format",
            "json",
            "--today",
            "2027-06-01",
        ],
        1,
    ))
    .unwrap();
    assert!(common::findings_of(&later, "soa/out-of-date").is_empty());
}

// Formats on the standard fixture: one snapshot per format.

fn view_fixture() -> Fixture {
    let fixture = Fixture::standard();
    fixture
        .file(
            "policies/main.md",
            policy("POL-1", "[X.1]").replace("2026-06-01", "2025-10-14"),
        )
        .file(
            "policies/draft.md",
            policy("POL-2", "[X.2]").replace("approved", "draft"),
        )
        .file(
            "catalog.yaml",
            format!(
                "{}attributes:\n  - {{ id: kind, name: Kind, values: [a, b] }}\n",
                common::SMALL_CATALOG
                    .replace("X.1, title: One, group: first }", "X.1, title: One, group: first, attributes: { kind: [a, b] } }")
                    .replace("X.2, title: Two, group: first }", "X.2, title: \"Two, with \\\"quotes\\\"\", group: first, attributes: { kind: [b] } }")
            ),
        );
    fixture
}

#[test]
fn soa_markdown() {
    let output = view_fixture().run(&["soa"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn soa_csv() {
    let output = view_fixture().run(&["soa", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let (_, rows) = parse_csv(&text);
    assert_eq!(rows[1]["title"], "Two, with \"quotes\"");
    insta::assert_snapshot!(text);
}

#[test]
fn soa_json() {
    let output = view_fixture().run(&["soa", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!(json);
}

#[test]
fn coverage_formats() {
    let fixture = view_fixture();
    for (format, by) in [
        ("table", "theme"),
        ("table", "kind"),
        ("markdown", "theme"),
        ("csv", "kind"),
    ] {
        let output = fixture.run(&["coverage", "--format", format, "--by", by]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        insta::assert_snapshot!(format!("coverage_{format}_{by}"), stdout(&output));
    }
    let output = fixture.run(&["coverage", "--format", "json", "--by", "kind"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!(json);
}

#[test]
fn coverage_unknown_attribute_exits_two() {
    let output = view_fixture().run(&["coverage", "--by", "knd"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `kind`?"),
        "{}",
        stderr(&output)
    );
    let output = view_fixture().run(&["coverage", "--framework", "smal"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `small`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn soa_format_follows_output_extension() {
    let fixture = view_fixture();
    for (file, start) in [("soa.csv", "control,"), ("soa.json", "{"), ("soa.md", "# ")] {
        let output = fixture.run(&["soa", "--output", file]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = std::fs::read_to_string(fixture.path().join(file)).unwrap();
        assert!(text.starts_with(start), "{file}: {text}");
    }
    // An explicit --format wins over the extension.
    let output = fixture.run(&["soa", "--format", "markdown", "--output", "forced.csv"]);
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(fixture.path().join("forced.csv")).unwrap();
    assert!(text.starts_with("# "), "{text}");
}

#[test]
fn soa_output_file_is_written() {
    let fixture = view_fixture();
    let output = fixture.run(&["soa", "--format", "json", "--output", "out/soa.json"]);
    // The folder does not exist: the run cannot complete.
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot write `out/soa.json`"),
        "{}",
        stderr(&output)
    );

    let output = fixture.run(&["soa", "--format", "json", "--output", "soa.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.path().join("soa.json")).unwrap())
            .unwrap();
    assert_eq!(written["controls"].as_array().unwrap().len(), 3);
    let leftovers: Vec<_> = std::fs::read_dir(fixture.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn report_html_is_self_contained() {
    let fixture = view_fixture();
    let output = fixture.run(&["report", "--html", "report.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(fixture.path().join("report.html")).unwrap();
    for forbidden in ["<script", "http://", "https://", "<link", "@import", "url("] {
        let allowed_svg_namespace = html.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !allowed_svg_namespace.contains(forbidden),
            "report contains {forbidden}"
        );
    }
    for section in [
        "coverage",
        "attributes",
        "calendar",
        "overdue",
        "owners",
        "findings",
    ] {
        assert!(
            html.contains(&format!("id=\"{section}\"")),
            "no section {section}"
        );
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("policies/main.md:8:16"), "finding location");
    // The report is named after the repository folder, a random temporary name here.
    let folder = fixture.path().file_name().unwrap().to_string_lossy();
    insta::assert_snapshot!(html.replace(folder.as_ref(), "REPOSITORY"));
}

#[test]
fn report_html_escapes_document_text() {
    let fixture = view_fixture();
    fixture.file(
        "policies/hostile.md",
        policy("<script>alert(1)</script>", "[X.1]").replace(
            "title: Test Policy",
            "title: \"<img src=x onerror=alert(1)>\"",
        ),
    );
    let output = fixture.run(&["report", "--html", "report.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(fixture.path().join("report.html")).unwrap();
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn report_needs_html_option() {
    let output = view_fixture().run(&["report"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--html"));
}

#[test]
fn views_warn_about_soa_problems() {
    let fixture = view_fixture();
    fixture.file(
        "soa.yaml",
        "controls:\n  X.3: { applicable: false }\n  X.3: { applicable: true }\n",
    );
    for command in ["soa", "coverage"] {
        let output = fixture.run(&[command]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stderr(&output);
        assert!(
            text.contains("policylint: warning: soa.yaml:3:3: "),
            "{command}: {text}"
        );
        assert!(text.contains("duplicate mapping key"), "{command}: {text}");
        assert!(text.contains("[soa/invalid]"), "{command}: {text}");
    }
}

#[test]
fn views_are_quiet_about_a_valid_soa() {
    let output = view_fixture().run(&["soa"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!stderr(&output).contains("soa/"), "{}", stderr(&output));
}

// The committed export.

fn export_fixture() -> Fixture {
    let fixture = view_fixture();
    fixture.file(
        "policylint.yaml",
        format!("{}soa_export: SOA.md\n", common::STANDARD_CONFIG),
    );
    let output = fixture.run(&["soa", "--output", "SOA.md", "--today", "2026-01-10"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    fixture
}

#[test]
fn committed_export_in_date() {
    let fixture = export_fixture();
    assert!(fixture.findings("soa/out-of-date").is_empty());
}

#[test]
fn committed_export_ignores_review_trailers() {
    let fixture = view_fixture();
    fixture.git_init().file(
        "policylint.yaml",
        format!("{}soa_export: SOA.md\n", common::STANDARD_CONFIG),
    );
    fixture.commit_at("2026-06-02T10:00:00+0000", "Add the policies");
    // The trailer moves POL-1's review from 2025-10-14 to 2026-11-01 for the
    // review rules, but not in the export.
    fixture.commit_at(
        "2026-11-01T10:00:00+0000",
        "Review the main policy\n\nPolicy-Reviewed: POL-1",
    );
    let output = fixture.run(&["soa", "--output", "SOA.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    fixture.commit_at("2026-11-02T10:00:00+0000", "Export the SoA");

    let text = std::fs::read_to_string(fixture.path().join("SOA.md")).unwrap();
    assert!(text.contains("2026-10-14"), "{text}");
    assert!(!text.contains("2027-11-01"), "{text}");
    let (with_history, _) = fixture.check_json(&[]);
    assert!(common::findings_of(&with_history, "soa/out-of-date").is_empty());
    assert!(common::findings_of(&with_history, "review/overdue").is_empty());
    let (without_history, _) = fixture.check_json(&["--no-history"]);
    assert!(common::findings_of(&without_history, "soa/out-of-date").is_empty());
}

#[test]
fn committed_export_out_of_date_after_change() {
    let fixture = export_fixture();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1]")
            .replace("2026-06-01", "2025-10-14")
            .replace("owner: jdoe", "owner: asmith"),
    );
    let (report, _) = fixture.check_json(&[]);
    let found = common::findings_of(&report, "soa/out-of-date");
    let text = std::fs::read_to_string(fixture.path().join("SOA.md")).unwrap();
    let line = text.lines().position(|l| l.starts_with("| X.1 ")).unwrap() + 1;
    assert_eq!(found, [("SOA.md".to_owned(), line as u64)]);
    let diagnostic = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "soa/out-of-date")
        .unwrap();
    assert_eq!(diagnostic["severity"], "warning");
    assert!(
        diagnostic["help"]
            .as_str()
            .unwrap()
            .contains("policylint soa --format markdown --output SOA.md"),
        "{diagnostic}"
    );
}

#[test]
fn committed_export_help_runs_from_subfolder() {
    let fixture = export_fixture();
    fixture.git_init();
    fixture.remove("SOA.md");
    let policies = fixture.path().join("policies");
    let output = common::run_in(&policies, &["check", "..", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = common::diagnostics_of(&report, "soa/out-of-date");
    let help = found[0]["help"].as_str().unwrap();
    let command = "policylint soa .. --format markdown --output ../SOA.md";
    assert_eq!(help, format!("run `{command}` and commit the result"));

    // The command as printed, run where the check ran, fixes the finding.
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let output = common::run_in(&policies, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(fixture.findings("soa/out-of-date").is_empty());
}

#[test]
fn committed_export_missing() {
    let fixture = export_fixture();
    fixture.remove("SOA.md");
    let (report, _) = fixture.check_json(&[]);
    let lines: Vec<u64> = common::findings_of(&report, "soa/out-of-date")
        .into_iter()
        .map(|(path, line)| {
            assert_eq!(path, "policylint.yaml");
            line
        })
        .collect();
    assert_eq!(lines, [16]);
}

#[test]
fn soa_export_with_unknown_extension_is_a_config_error() {
    let fixture = view_fixture();
    fixture.file(
        "policylint.yaml",
        format!("{}soa_export: SOA.txt\n", common::STANDARD_CONFIG),
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("policylint.yaml:16:13"),
        "{}",
        stderr(&output)
    );
}
