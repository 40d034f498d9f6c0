//! Several frameworks at once: ISO/IEC 27001:2022 with SOC 2, coverage
//! through the shipped mapping, direct claims per framework, a SoA per
//! framework, and custom catalogs and mappings with their errors.

mod common;

use common::Fixture;
use serde_json::Value;

const CONFIG: &str = "\
frameworks: [iso27001-2022, soc2-tsc-2017]
documents:
  include: [\"policies/**/*.md\"]
soa: [soa.yaml, soc2-scope.yaml]
required_documents: off
";

/// SOC 2 scope: only the security category, so the other categories are
/// excluded with a justification.
fn soc2_scope() -> String {
    let mut text = String::from("framework: soc2-tsc-2017\ncontrols:\n");
    let excluded = [
        "A1.1", "A1.2", "A1.3", "C1.1", "C1.2", "PI1.1", "PI1.2", "PI1.3", "PI1.4", "PI1.5",
        "P1.1", "P2.1", "P3.1", "P3.2", "P4.1", "P4.2", "P4.3", "P5.1", "P5.2", "P6.1", "P6.2",
        "P6.3", "P6.4", "P6.5", "P6.6", "P6.7", "P7.1", "P8.1",
    ];
    for id in excluded {
        text.push_str(&format!(
            "  {id}: {{ applicable: false, justification: \"outside the report's scope\" }}\n"
        ));
    }
    text
}

fn document(id: &str, controls: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Test Policy\ntype: policy\nstatus: approved\nowner: jdoe\nlast_reviewed: 2026-06-01\ncontrols: {controls}\n---\n# Test Policy\n\nText.\n"
    )
}

/// ISO and SOC 2: an access control policy mapped only to ISO controls, and
/// a governance policy that claims CC1.1 directly under its own key.
fn fixture() -> Fixture {
    let fixture = Fixture::new();
    fixture
        .file("policylint.yaml", CONFIG)
        .file("soa.yaml", "framework: iso27001-2022\ncontrols: {}\n")
        .file("soc2-scope.yaml", soc2_scope())
        .file(
            "policies/access.md",
            document("POL-AC", "[A.5.15, A.5.16, A.5.18]"),
        )
        .file(
            "policies/governance.md",
            document(
                "POL-GOV",
                "\n  iso27001-2022: [A.5.1]\n  soc2-tsc-2017: [CC1.1, CC1.9]",
            ),
        );
    fixture
}

fn diagnostics<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn soc2_soa(fixture: &Fixture) -> Value {
    let output = fixture.run(&["soa", "--framework", "soc2-tsc-2017", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn control<'a>(export: &'a Value, id: &str) -> &'a Value {
    export["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

#[test]
fn criterion_covered_only_through_mapping() {
    let fixture = fixture();
    let export = soc2_soa(&fixture);
    let cc62 = control(&export, "CC6.2");
    assert_eq!(cc62["coverage"], "covered_via_mapping");
    assert!(cc62["documents"].as_array().unwrap().is_empty());
    let via: Vec<&str> = cc62["covered_via"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["control"].as_str().unwrap())
        .collect();
    assert_eq!(via, ["A.5.16", "A.5.18"]);
    assert_eq!(cc62["covered_via"][0]["document"]["id"], "POL-AC");
    assert_eq!(cc62["covered_via"][0]["indicative"], true);

    let (report, _) = fixture.check_json(&[]);
    let uncovered: Vec<&str> = diagnostics(&report, "coverage/uncovered-control")
        .iter()
        .map(|d| d["control"].as_str().unwrap())
        .collect();
    assert!(!uncovered.contains(&"CC6.2"));
    assert!(!uncovered.contains(&"CC6.1"));
}

#[test]
fn criterion_covered_directly() {
    let export = soc2_soa(&fixture());
    let cc11 = control(&export, "CC1.1");
    assert_eq!(cc11["coverage"], "covered");
    assert_eq!(cc11["documents"][0]["id"], "POL-GOV");
}

#[test]
fn uncovered_criterion_reported_with_id() {
    let fixture = fixture();
    let (report, _) = fixture.check_json(&[]);
    let cc73 = diagnostics(&report, "coverage/uncovered-control")
        .into_iter()
        .find(|d| d["control"] == "CC7.3")
        .expect("CC7.3 is uncovered");
    assert_eq!(
        cc73["message"],
        "SOC 2 Trust Services Criteria (2017) control CC7.3 (Security event evaluation and incident triage) is applicable but no approved document implements it"
    );
    // No SoA entry: the finding points at `frameworks:` in the config.
    assert_eq!(cc73["path"], "policylint.yaml");
    assert_eq!(cc73["line"], 1);
    assert!(
        cc73["help"]
            .as_str()
            .unwrap()
            .contains("under `soc2-tsc-2017:`")
    );
}

#[test]
fn excluded_criteria_are_not_reported() {
    let (report, _) = fixture().check_json(&[]);
    let reported: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["control"].as_str())
        .collect();
    for id in ["A1.1", "PI1.1", "P8.1"] {
        assert!(
            !reported.contains(&id),
            "{id} is excluded in soc2-scope.yaml"
        );
    }
}

#[test]
fn unknown_criterion_in_framework_map() {
    let (report, _) = fixture().check_json(&[]);
    let unknown = diagnostics(&report, "coverage/unknown-control");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0]["path"], "policies/governance.md");
    assert_eq!(unknown[0]["line"], 10);
    assert_eq!(
        unknown[0]["help"],
        "did you mean CC1.1 (Ethics and integrity commitment)?"
    );
}

#[test]
fn iso_coverage_unchanged_by_soc2() {
    let (report, _) = fixture().check_json(&[]);
    // The JSON summary counts the main framework.
    assert_eq!(report["summary"]["controls"]["total"], 93);
    assert_eq!(report["summary"]["controls"]["covered"], 4);
}

#[test]
fn coverage_view_per_framework() {
    let fixture = fixture();
    let output = fixture.run(&["coverage", "--format", "json"]);
    let view: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = view["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["iso27001-2022", "soc2-tsc-2017"]);
    let cc6 = view["frameworks"][1]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "CC6")
        .unwrap();
    assert_eq!(cc6["covered_via_mapping"], 3);

    let output = fixture.run(&["coverage", "--by", "category", "--format", "csv"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("framework,by,group,"));
    assert!(
        text.contains("soc2-tsc-2017,category,Security,33,33,"),
        "{text}"
    );
    assert!(!text.contains("iso27001-2022"), "ISO has no category set");
}

#[test]
fn mappings_off_counts_direct_claims_only() {
    let fixture = fixture();
    fixture.file("policylint.yaml", format!("{CONFIG}mappings: off\n"));
    let export = soc2_soa(&fixture);
    assert_eq!(control(&export, "CC6.2")["coverage"], "uncovered");
}

#[test]
fn framework_and_frameworks_together_are_rejected() {
    let fixture = fixture();
    fixture.file(
        "policylint.yaml",
        format!("framework: iso27001-2022\n{CONFIG}"),
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("both `framework` and `frameworks`"), "{text}");
}

#[test]
fn custom_mapping_errors_at_their_lines() {
    let fixture = fixture();
    fixture
        .file(
            "policylint.yaml",
            format!("{CONFIG}mappings: [iso27001-2022-to-soc2-tsc-2017, maps/extra.yaml]\n"),
        )
        .file(
            "maps/extra.yaml",
            "id: extra\nfrom: iso27001-2022\nto: soc2-tsc-2017\nmap:\n  CC7.3: [A.5.25, A.5.255]\n  CC7.9: [A.5.1]\n",
        );
    let output = fixture.run(&["check", "--format", "concise"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("maps/extra.yaml:5:19"), "{text}");
    assert!(text.contains("did you mean A.5.25"), "{text}");
    assert!(text.contains("maps/extra.yaml:6:3"), "{text}");
    assert!(
        text.contains("\"CC7.9\" is not a control of SOC 2"),
        "{text}"
    );
}

#[test]
fn custom_mapping_counts() {
    let fixture = fixture();
    fixture
        .file(
            "policylint.yaml",
            format!("{CONFIG}mappings: [maps/extra.yaml]\n"),
        )
        .file(
            "maps/extra.yaml",
            "id: extra\nfrom: iso27001-2022\nto: soc2-tsc-2017\nmap:\n  CC7.3: [A.5.15]\n",
        );
    let export = soc2_soa(&fixture);
    assert_eq!(control(&export, "CC7.3")["coverage"], "covered_via_mapping");
    assert_eq!(
        control(&export, "CC7.3")["covered_via"][0]["indicative"],
        false
    );
    // Only the listed mapping applies, not the shipped one.
    assert_eq!(control(&export, "CC6.2")["coverage"], "uncovered");
}

#[test]
fn mapping_to_unconfigured_framework_is_rejected() {
    let fixture = fixture();
    fixture.file(
        "policylint.yaml",
        "framework: iso27001-2022\nmappings: [iso27001-2022-to-soc2-tsc-2017]\nrequired_documents: off\n",
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("needs the framework `soc2-tsc-2017`"),
        "{text}"
    );
    assert!(text.contains("policylint.yaml:2:12"), "{text}");
}

#[test]
fn explain_marks_mapping_indicative() {
    let output = common::run_in(
        std::env::temp_dir().as_path(),
        &["explain", "coverage/uncovered-control"],
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("is indicative"), "{text}");
    assert!(text.contains("covered via A.5.15"), "{text}");
}

#[test]
fn soc2_catalog_lists_criteria() {
    let output = common::run_in(
        std::env::temp_dir().as_path(),
        &["catalog", "soc2-tsc-2017", "--format", "json"],
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["controls"].as_array().unwrap().len(), 61);
}

/// The fixture with a custom catalog `internal.yaml` as a third framework.
fn with_internal_catalog(catalog: &str) -> Fixture {
    let fixture = fixture();
    fixture
        .file(
            "policylint.yaml",
            CONFIG.replace("soc2-tsc-2017]", "soc2-tsc-2017, internal.yaml]"),
        )
        .file("internal.yaml", catalog);
    fixture
}

#[test]
fn custom_catalog_in_frameworks_errors_at_line() {
    let fixture = with_internal_catalog(
        "id: internal\ncontrols:\n  - { id: IC-1, title: One }\n  - { id: IC-2, titel: Two }\n",
    );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("internal.yaml:4:17"), "{text}");
    assert!(text.contains("did you mean `title`?"), "{text}");
}

#[test]
fn custom_catalog_as_third_framework() {
    let fixture = with_internal_catalog(
        "id: internal\ncontrols:\n  - { id: IC-1, title: One }\n  - { id: IC-2, title: Two }\n",
    );
    fixture.file(
        "policies/internal.md",
        document("POL-INT", "\n  internal: [IC-1]"),
    );
    let (report, _) = fixture.check_json(&[]);
    let uncovered: Vec<&str> = diagnostics(&report, "coverage/uncovered-control")
        .iter()
        .filter_map(|d| d["control"].as_str())
        .filter(|c| c.starts_with("IC-"))
        .collect();
    assert_eq!(uncovered, ["IC-2"]);
}

#[test]
fn mapping_without_from_is_reported() {
    let fixture = fixture();
    fixture
        .file(
            "policylint.yaml",
            format!("{CONFIG}mappings: [maps/extra.yaml]\n"),
        )
        .file(
            "maps/extra.yaml",
            "id: extra\nto: soc2-tsc-2017\nmap:\n  CC7.3: [A.5.15]\n",
        );
    let output = fixture.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("the mapping has no `from`"), "{text}");
}
