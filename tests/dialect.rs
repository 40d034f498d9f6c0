//! Front matter in the shape strongdm's comply writes (YAML from line 1 with
//! only a closing `---`, `name`, `acronym`, `satisfies` and `majorRevisions`
//! with dates such as `Jun 1 2018`), read through `dialect:` and `fields:`
//! without rewriting the documents.

mod common;

use common::{Fixture, diagnostics_of, findings_of, spans_of};
use serde_json::Value;

const CONFIG: &str = "\
dialect: comply
fields:
  owner: [responsible, author]
documents:
  include: [\"{policies,procedures,narratives}/*.md\"]
required_documents: off
rules:
  coverage/uncovered-control: off
";

/// A comply policy: no opening `---`, controls under a standard name with a
/// space, revisions with month-name dates, and the owner under another key.
const POLICY: &str = "\
name: Access Onboarding and Termination Policy
acronym: AOTP
live: true
responsible: jdoe
satisfies:
  ISO 27001:
    - A.5.15
    - A.5.18
  TSC:
    - CC6.1
majorRevisions:
  - date: Jun 1 2018
    comment: Initial document
  - date: Mar 2 2026
    comment: Annual review
---
# Purpose and Scope

How people get and lose access.

# Roles and Responsibilities

The IT lead grants access; managers request it.

# Policy

Access follows roles.

# Enforcement

Access reviews every quarter.

# Exceptions

Approved by the security lead.

# Review

Every year.
";

/// A comply procedure as comply's own examples start one: an id and a name.
const PROCEDURE: &str = "id: \"offboard\"\nname: \"Offboard User\"\n---\n\n# Coming Soon\n";

const NARRATIVE: &str = "\
name: Control Environment Narrative
author: jdoe
satisfies:
  ISO/IEC 27001:2022:
    - A.5.1
majorRevisions:
  - date: October 1, 2026
    comment: Initial document
---

# Control Environment Narrative

How the organisation meets the controls listed above.
";

fn fixture() -> Fixture {
    let fixture = Fixture::new();
    fixture
        .file("policylint.yaml", CONFIG)
        .file("policies/access.md", POLICY)
        .file("narratives/control.md", NARRATIVE);
    fixture
}

fn rules(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn comply_documents_are_read_as_they_are() {
    let fixture = fixture();
    let (report, code) = fixture.check_json(&[]);
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["documents"], 2);
    // A.5.15 and A.5.18 from the policy, A.5.1 from the narrative; CC6.1 is
    // not a control of the configured framework.
    assert_eq!(report["summary"]["controls"]["covered"], 3);
    let unchanged = std::fs::read_to_string(fixture.path().join("policies/access.md")).unwrap();
    assert_eq!(unchanged, POLICY);
}

#[test]
fn latest_revision_date_is_the_last_review() {
    let fixture = fixture();
    fixture.file(
        "policies/access.md",
        POLICY.replace("  - date: Mar 2 2026\n    comment: Annual review\n", ""),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        spans_of(&report, "review/overdue"),
        [("policies/access.md".to_owned(), 12, 11, 12, 21)]
    );
    let finding = diagnostics_of(&report, "review/overdue")[0];
    assert_eq!(finding["document"], "AOTP");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("last reviewed 2018-06-01"),
        "{finding}"
    );
}

#[test]
fn unreadable_revision_date_is_invalid_value() {
    let fixture = fixture();
    fixture.file(
        "policies/access.md",
        POLICY.replace("Mar 2 2026", "Jun 31 2026"),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        spans_of(&report, "front-matter/invalid-value"),
        [("policies/access.md".to_owned(), 14, 11, 14, 22)]
    );
    // The other revision still gives a date, which is overdue.
    assert_eq!(findings_of(&report, "review/overdue").len(), 1);
    assert!(findings_of(&report, "front-matter/missing-field").is_empty());
}

#[test]
fn comply_type_from_folder() {
    let fixture = fixture();
    fixture.file("procedures/offboarding.md", PROCEDURE);
    let (report, _) = fixture.check_json(&[]);
    let missing = diagnostics_of(&report, "front-matter/missing-field");
    let messages: Vec<&str> = missing
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "front matter has no `owner` field",
            "front matter has no `last_reviewed` field"
        ]
    );
    assert_eq!(missing[0]["line"], 1);
    assert_eq!(
        missing[0]["help"],
        "add `responsible:` to the front matter; this repository's dialect reads `owner` from `responsible` or `author` or `owner`"
    );
    assert_eq!(
        diagnostics_of(&report, "content/missing-section")[0]["message"],
        "procedure has no \"Purpose\" section"
    );
}

#[test]
fn without_dialect_no_front_matter() {
    let fixture = fixture();
    fixture.file(
        "policylint.yaml",
        CONFIG.replace(
            "dialect: comply\nfields:\n  owner: [responsible, author]\n",
            "",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(
        findings_of(&report, "front-matter/missing"),
        [
            ("narratives/control.md".to_owned(), 1),
            ("policies/access.md".to_owned(), 1)
        ]
    );
}

#[test]
fn two_keys_report_ignored_one() {
    let fixture = fixture();
    fixture.file(
        "policies/access.md",
        POLICY.replace("acronym: AOTP\n", "acronym: AOTP\nid: access\n"),
    );
    let (report, _) = fixture.check_json(&[]);
    let unknown = diagnostics_of(&report, "front-matter/unknown-field");
    assert_eq!(unknown.len(), 1, "{report:#}");
    assert_eq!(
        unknown[0]["message"],
        "`id` is not read, because `acronym` gives the document's `id`"
    );
    assert_eq!(unknown[0]["line"], 3);
}

#[test]
fn framework_names_map_standard_names() {
    let fixture = fixture();
    fixture.file(
        "policies/access.md",
        POLICY.replace("  ISO 27001:\n", "  Annex A controls:\n"),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(report["summary"]["controls"]["covered"], 1);
    fixture.file(
        "policylint.yaml",
        format!("{CONFIG}framework_names:\n  Annex A controls: iso27001-2022\n"),
    );
    let (report, _) = fixture.check_json(&[]);
    assert_eq!(report["summary"]["controls"]["covered"], 3);
}

#[test]
fn dialect_config_errors() {
    let cases = [
        (
            "dialect: compy\n",
            "did you mean `comply`?",
            "policylint.yaml:1:10",
        ),
        (
            "fields:\n  ownr: responsible\n",
            "did you mean `owner`?",
            "policylint.yaml:2:3",
        ),
    ];
    for (config, help, place) in cases {
        let fixture = Fixture::new();
        fixture.file("policylint.yaml", config);
        let output = fixture.run(&["check"]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(help), "{config}: {stderr}");
        assert!(stderr.contains(place), "{config}: {stderr}");
    }
}

#[test]
fn owner_lists_and_mappings() {
    let fixture = fixture();
    fixture.file(
        "policylint.yaml",
        format!("{CONFIG}owners:\n  - id: jdoe\n  - id: asmith\n"),
    );
    fixture.file(
        "policies/access.md",
        POLICY.replace("responsible: jdoe", "responsible: [asmith, jdoe]"),
    );
    let (report, _) = fixture.check_json(&[]);
    assert!(
        findings_of(&report, "ownership/unknown-owner").is_empty(),
        "{report:#}"
    );

    fixture.file(
        "policies/access.md",
        POLICY.replace(
            "responsible: jdoe",
            "responsible: { name: Nobody, id: nobody }",
        ),
    );
    let (report, _) = fixture.check_json(&[]);
    let unknown = diagnostics_of(&report, "ownership/unknown-owner");
    assert_eq!(unknown.len(), 1, "{report:#}");
    assert_eq!(
        unknown[0]["message"],
        "owner \"nobody\" is not in the roster"
    );
    assert_eq!(unknown[0]["line"], 4);
}
