//! Each rule fires on a fixture made for it (with the line it points at) and
//! stays silent on a near miss.

mod common;

use common::{Fixture, TODAY, policy};

fn doc(front_matter: &str) -> String {
    format!("---\n{front_matter}---\n# Title\n\nText.\n")
}

const COMPLETE: &str = "id: POL-2\ntitle: T\ntype: policy\nstatus: approved\nowner: jdoe\nlast_reviewed: 2026-06-01\ncontrols: [X.1]\n";

#[test]
fn standard_fixture_is_clean() {
    let fixture = Fixture::standard();
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["controls"]["covered"], 2);
}

#[test]
fn front_matter_missing() {
    let fixture = Fixture::standard();
    fixture.file("policies/plain.md", "# Just Markdown\n");
    assert_eq!(
        fixture.findings("front-matter/missing"),
        [("policies/plain.md".into(), 1)]
    );
    fixture.file("policies/plain.md", doc(COMPLETE));
    assert!(fixture.findings("front-matter/missing").is_empty());
}

#[test]
fn front_matter_invalid() {
    let fixture = Fixture::standard();
    fixture.file("policies/bad.md", "---\nid: POL-2\ntitle: a: b\n---\n");
    assert_eq!(
        fixture.findings("front-matter/invalid"),
        [("policies/bad.md".into(), 3)]
    );
    fixture.file("policies/bad.md", "---\nid: POL-2\ntitle: \"a: b\"\n---\n");
    assert!(fixture.findings("front-matter/invalid").is_empty());
}

#[test]
fn front_matter_missing_field() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/two.md",
        doc(&COMPLETE.replace("owner: jdoe\n", "")),
    );
    assert_eq!(
        fixture.findings("front-matter/missing-field"),
        [("policies/two.md".into(), 1)]
    );
    fixture.file("policies/two.md", doc(COMPLETE));
    assert!(fixture.findings("front-matter/missing-field").is_empty());
}

#[test]
fn front_matter_policy_needs_controls_or_clauses() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/two.md",
        doc(&COMPLETE.replace("controls: [X.1]\n", "")),
    );
    assert_eq!(fixture.findings("front-matter/missing-field").len(), 1);
    fixture.file(
        "policies/two.md",
        doc(&COMPLETE.replace("controls: [X.1]\n", "clauses: [\"5.2\"]\n")),
    );
    assert!(fixture.findings("front-matter/missing-field").is_empty());
}

#[test]
fn front_matter_unknown_field() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/two.md",
        doc(&format!("{COMPLETE}reviewer: jdoe\n")),
    );
    assert_eq!(
        fixture.findings("front-matter/unknown-field"),
        [("policies/two.md".into(), 9)]
    );
    fixture.file(
        "policies/two.md",
        doc(&format!("{COMPLETE}approver: jdoe\n")),
    );
    assert!(fixture.findings("front-matter/unknown-field").is_empty());
}

#[test]
fn front_matter_invalid_value() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/two.md",
        doc(&COMPLETE.replace("status: approved", "status: final")),
    );
    assert_eq!(
        fixture.findings("front-matter/invalid-value"),
        [("policies/two.md".into(), 5)]
    );
    fixture.file(
        "policies/two.md",
        doc(&COMPLETE.replace("status: approved", "status: retired")),
    );
    assert!(fixture.findings("front-matter/invalid-value").is_empty());
}

#[test]
fn document_duplicate_id() {
    let fixture = Fixture::standard();
    fixture.file("policies/two.md", policy("POL-1", "[X.1]"));
    assert_eq!(
        fixture.findings("document/duplicate-id"),
        [("policies/two.md".into(), 2)]
    );
    fixture.file("policies/two.md", policy("POL-2", "[X.1]"));
    assert!(fixture.findings("document/duplicate-id").is_empty());
}

#[test]
fn document_unreadable() {
    let fixture = Fixture::standard();
    let mut bytes = policy("POL-2", "[X.1]").into_bytes();
    bytes.extend_from_slice(b"caf\xE9\n");
    fixture.file("policies/latin1.md", &bytes);
    assert_eq!(
        fixture.findings("document/unreadable"),
        [("policies/latin1.md".into(), 14)]
    );
    fixture.file("policies/latin1.md", policy("POL-2", "[X.1]"));
    assert!(fixture.findings("document/unreadable").is_empty());
}

#[test]
fn coverage_uncovered_control() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", policy("POL-1", "[X.1]"));
    assert_eq!(
        fixture.findings("coverage/uncovered-control"),
        [("policylint.yaml".into(), 1)]
    );
    fixture.file("policies/main.md", policy("POL-1", "[X.1, x.2]"));
    assert!(fixture.findings("coverage/uncovered-control").is_empty());
}

#[test]
fn coverage_uncovered_control_points_at_soa_entry() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", policy("POL-1", "[X.1]"));
    fixture.file("soa.yaml", "controls:\n  X.2: { status: planned }\n  X.3: { applicable: false, justification: \"n/a\" }\n");
    assert_eq!(
        fixture.findings("coverage/uncovered-control"),
        [("soa.yaml".into(), 2)]
    );
}

#[test]
fn coverage_draft_only() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", policy("POL-1", "[X.1]"));
    fixture.file(
        "policies/draft.md",
        policy("POL-2", "[X.2]").replace("approved", "draft"),
    );
    assert_eq!(
        fixture.findings("coverage/draft-only"),
        [("policylint.yaml".into(), 1)]
    );
    assert!(fixture.findings("coverage/uncovered-control").is_empty());
    fixture.file("policies/draft.md", policy("POL-2", "[X.2]"));
    assert!(fixture.findings("coverage/draft-only").is_empty());
}

#[test]
fn coverage_unknown_control() {
    let fixture = Fixture::standard();
    fixture.file("policies/two.md", policy("POL-2", "[X.1, X.9]"));
    assert_eq!(
        fixture.findings("coverage/unknown-control"),
        [("policies/two.md".into(), 9)]
    );
    fixture.file("policies/two.md", policy("POL-2", "[X.1, \"X 2\"]"));
    assert!(fixture.findings("coverage/unknown-control").is_empty());
}

#[test]
fn coverage_unknown_control_names_2022_successor() {
    let fixture = Fixture::new();
    fixture
        .file("policylint.yaml", "required_documents: off\n")
        .file("access.md", policy("POL-1", "[A.5.15, A.9.2.3]"));
    let (report, _) = fixture.check_json(&[]);
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "coverage/unknown-control")
        .expect("finding");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("its 2022 successor is A.8.2"), "{message}");
    assert_eq!(finding["column"], 20);
    assert_eq!(finding["control"], "A.9.2.3");
}

#[test]
fn coverage_duplicate_control() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", policy("POL-1", "[X.1, X.2, x.1]"));
    fixture.file("policies/other.md", policy("POL-2", "[X.1]"));
    let (report, code) = fixture.check_json(&["--today", TODAY]);
    assert_eq!(
        common::spans_of(&report, "coverage/duplicate-control"),
        [("policies/main.md".into(), 9, 22, 9, 25)]
    );
    let finding = common::diagnostics_of(&report, "coverage/duplicate-control")[0];
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["message"],
        "control X.1 is listed again in `controls` (first on line 9)"
    );
    assert_eq!(code, 0);
    let output = fixture.run(&["check", ".", "--today", TODAY]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("first listed here"), "{text}");
}

#[test]
fn soa_2013_id_names_2022_successor() {
    let fixture = Fixture::new();
    fixture
        .file(
            "policylint.yaml",
            "framework: iso27001-2022\nsoa: soa.yaml\nrequired_documents: off\n",
        )
        .file(
            "soa.yaml",
            "framework: iso27001-2022\ncontrols:\n  A.5.1: { applicable: true }\n  A.9.2.3: { applicable: true }\n",
        )
        .file("policy.md", policy("POL-1", "[A.5.1]"));
    let (report, _) = fixture.check_json(&["--today", TODAY]);
    assert_eq!(
        common::spans_of(&report, "soa/invalid"),
        [("soa.yaml".into(), 4, 3, 4, 10)]
    );
    let finding = common::diagnostics_of(&report, "soa/invalid")[0];
    assert_eq!(
        finding["message"],
        "\"A.9.2.3\" is an ISO/IEC 27001:2013 control (Management of privileged access rights); its 2022 successor is A.8.2 (Privileged access rights)"
    );
    assert_eq!(finding["help"], "replace \"A.9.2.3\" with A.8.2");
}

#[test]
fn coverage_excluded_control_mapped() {
    let fixture = Fixture::standard();
    fixture.file("policies/main.md", policy("POL-1", "[X.1, X.2, X.3]"));
    assert_eq!(
        fixture.findings("coverage/excluded-control-mapped"),
        [("policies/main.md".into(), 9)]
    );
    fixture.file("policies/main.md", policy("POL-1", "[X.1, X.2]"));
    assert!(
        fixture
            .findings("coverage/excluded-control-mapped")
            .is_empty()
    );
}

#[test]
fn coverage_missing_document() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        common::STANDARD_CONFIG.replace("required_documents: off", "required_documents: [\"4.3\"]"),
    );
    assert_eq!(
        fixture.findings("coverage/missing-document"),
        [("policylint.yaml".into(), 13)]
    );
    fixture.file(
        "policies/scope.md",
        doc("id: SCOPE\ntitle: ISMS Scope\ntype: record\nstatus: approved\nowner: jdoe\nlast_reviewed: 2026-06-01\nclauses: [\"4.3\"]\n"),
    );
    assert!(fixture.findings("coverage/missing-document").is_empty());
}

#[test]
fn coverage_missing_document_default_set() {
    let fixture = Fixture::new();
    fixture.file(
        "policy.md",
        policy("POL-1", "[A.5.1]").replace("controls: [A.5.1]", "clauses: [\"5.2\"]"),
    );
    let findings = fixture.findings("coverage/missing-document");
    // 15 requirements, one met by the policy's clause 5.2.
    assert_eq!(findings.len(), 14, "{findings:?}");
}

#[test]
fn soa_missing_justification() {
    let fixture = Fixture::standard();
    fixture.file("soa.yaml", "controls:\n  X.3: { applicable: false }\n");
    assert_eq!(
        fixture.findings("soa/missing-justification"),
        [("soa.yaml".into(), 2)]
    );
    fixture.file(
        "soa.yaml",
        "controls:\n  X.3: { applicable: false, justification: \"unused\" }\n",
    );
    assert!(fixture.findings("soa/missing-justification").is_empty());
}

#[test]
fn soa_invalid() {
    let fixture = Fixture::standard();
    fixture.file(
        "soa.yaml",
        "controls:\n  X.3: { applicable: false, justification: \"n/a\" }\n  X.7: { status: implemented }\n",
    );
    assert_eq!(fixture.findings("soa/invalid"), [("soa.yaml".into(), 3)]);
}

#[test]
fn review_overdue() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-10-14"),
    );
    assert_eq!(
        fixture.findings("review/overdue"),
        [("policies/main.md".into(), 8)]
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2026-01-05"),
    );
    assert!(fixture.findings("review/overdue").is_empty());
}

#[test]
fn review_overdue_uses_document_interval() {
    let fixture = Fixture::standard();
    let text =
        policy("POL-1", "[X.1, X.2]").replace("controls:", "review_interval: 3 months\ncontrols:");
    fixture.file("policies/main.md", text);
    assert_eq!(fixture.findings("review/overdue").len(), 1);
}

#[test]
fn review_due_soon() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-12-20"),
    );
    assert_eq!(
        fixture.findings("review/due-soon"),
        [("policies/main.md".into(), 8)]
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2026-01-04"),
    );
    assert!(fixture.findings("review/due-soon").is_empty());
}

#[test]
fn review_date_in_future() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2026-12-05"),
    );
    assert_eq!(
        fixture.findings("review/date-in-future"),
        [("policies/main.md".into(), 8)]
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2026-12-04"),
    );
    assert!(fixture.findings("review/date-in-future").is_empty());
}

#[test]
fn review_skips_retired_documents() {
    let fixture = Fixture::standard();
    let retired = policy("POL-2", "[X.1]")
        .replace("approved", "retired")
        .replace("2026-06-01", "2020-01-01");
    fixture.file("policies/old.md", retired);
    assert!(fixture.findings("review/overdue").is_empty());
}

#[test]
fn ownership_unknown_owner() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("owner: jdoe", "owner: jdeo"),
    );
    assert_eq!(
        fixture.findings("ownership/unknown-owner"),
        [("policies/main.md".into(), 6)]
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("approver: asmith", "approver: nobody"),
    );
    assert_eq!(
        fixture.findings("ownership/unknown-owner"),
        [("policies/main.md".into(), 7)]
    );
}

#[test]
fn ownership_unknown_owner_silent_without_roster() {
    let fixture = Fixture::standard();
    let config = common::STANDARD_CONFIG
        .split("owners:")
        .next()
        .unwrap()
        .to_owned()
        + "required_documents: off\n";
    fixture.file("policylint.yaml", config);
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("owner: jdoe", "owner: someone"),
    );
    assert!(fixture.findings("ownership/unknown-owner").is_empty());
}

#[test]
fn ownership_inactive_owner() {
    let fixture = Fixture::standard();
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("owner: jdoe", "owner: gone"),
    );
    assert_eq!(
        fixture.findings("ownership/inactive-owner"),
        [("policies/main.md".into(), 6)]
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("approver: asmith", "approver: gone"),
    );
    assert!(fixture.findings("ownership/inactive-owner").is_empty());
}

#[test]
fn severity_override_and_off() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        format!(
            "{}rules:\n  review/overdue: warning\n  review/due-soon: off\n",
            common::STANDARD_CONFIG
        ),
    );
    fixture.file(
        "policies/main.md",
        policy("POL-1", "[X.1, X.2]").replace("2026-06-01", "2025-10-14"),
    );
    fixture.file(
        "policies/two.md",
        policy("POL-2", "[X.1]").replace("2026-06-01", "2025-12-20"),
    );
    let (report, code) = fixture.check_json(&[]);
    let rules: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(rules, [("review/overdue", "warning")]);
    assert_eq!(code, 0);
}

#[test]
fn config_unmatched_include() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        common::STANDARD_CONFIG.replace(
            "  include: [\"policies/**/*.md\"]\n",
            "  include:\n    - \"policies/**/*.md\"\n    - \"procedure/*.md\"\n",
        ),
    );
    fixture.file("procedures/backup.md", policy("PRO-1", "[X.1]"));
    let (report, code) = fixture.check_json(&["--today", TODAY]);
    assert_eq!(
        common::spans_of(&report, "config/unmatched-include"),
        [("policylint.yaml".into(), 5, 7, 5, 23)]
    );
    let finding = common::diagnostics_of(&report, "config/unmatched-include")[0];
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["help"],
        "there is no folder `procedure/`; did you mean `procedures/`?"
    );
    assert!(common::findings_of(&report, "config/no-documents").is_empty());
    assert_eq!(code, 0);
}

#[test]
fn config_no_documents_fails_on_warning() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        common::STANDARD_CONFIG.replace("policies/**/*.md", "policy/**/*.md"),
    );
    let (report, code) = fixture.check_json(&["--today", TODAY, "--fail-on", "warning"]);
    assert_eq!(report["summary"]["documents"], 0);
    assert_eq!(
        common::findings_of(&report, "config/unmatched-include"),
        [("policylint.yaml".into(), 3)]
    );
    assert_eq!(
        common::findings_of(&report, "config/no-documents"),
        [("policylint.yaml".into(), 2)]
    );
    let finding = common::diagnostics_of(&report, "config/unmatched-include")[0];
    assert_eq!(
        finding["help"],
        "there is no folder `policy/`; did you mean `policies/`?"
    );
    assert_eq!(code, 1);
}

#[test]
fn config_no_documents_when_all_excluded() {
    let fixture = Fixture::standard();
    fixture.file(
        "policylint.yaml",
        common::STANDARD_CONFIG.replace(
            "  include: [\"policies/**/*.md\"]\n",
            "  include: [\"policies/**/*.md\"]\n  exclude: [\"policies/*\"]\n",
        ),
    );
    let (report, _) = fixture.check_json(&["--today", TODAY]);
    assert!(common::findings_of(&report, "config/unmatched-include").is_empty());
    let found = common::diagnostics_of(&report, "config/no-documents");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`documents.exclude` leaves out every file"),
        "{:#}",
        found[0]
    );
}
