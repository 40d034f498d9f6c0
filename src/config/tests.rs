use super::*;
use crate::repo::WorkTree;

fn load(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policylint.yaml"), text).unwrap();
    std::fs::write(dir.path().join("owners.yaml"), "owners:\n  - id: jdoe\n").unwrap();
    std::fs::write(dir.path().join("soa.yaml"), "controls: {}\n").unwrap();
    let files = WorkTree::new(dir.path().to_owned());
    Config::load(&files, "policylint.yaml")
}

fn errors(text: &str) -> Vec<(usize, String, Option<String>)> {
    load(text)
        .unwrap_err()
        .into_iter()
        .map(|d| {
            let line = d.location.as_ref().map_or(0, |l| l.start.line);
            (line, d.message, d.help)
        })
        .collect()
}

#[test]
fn empty_config_has_defaults() {
    let config = load("").unwrap();
    assert_eq!(config.framework, Framework::Builtin("iso27001-2022".into()));
    assert_eq!(config.review.interval, Interval::months(12));
    assert_eq!(config.review.warn_before, Interval::days(30));
    assert_eq!(
        config.required_documents,
        RequiredDocuments::Framework("iso27001-2022".into())
    );
    assert!(config.roster.is_none());
}

#[test]
fn full_config_is_read() {
    let config = load(
        "framework: iso27001-2022\ndocuments:\n  include: [\"policies/**/*.md\"]\n  exclude: [\"**/draft-*.md\"]\nsoa: soa.yaml\nreview:\n  interval: 6 months\n  warn_before: 2 weeks\nowners: owners.yaml\ncodeowners: off\nrequired_documents: [\"4.3\"]\nrules:\n  review/due-soon: off\n  coverage/draft-only: error\n",
    )
    .unwrap();
    assert_eq!(config.include, ["policies/**/*.md"]);
    assert_eq!(config.soa.as_deref(), Some("soa.yaml"));
    assert_eq!(config.review.interval, Interval::months(6));
    assert_eq!(config.roster.unwrap().people[0].id, "jdoe");
    assert_eq!(config.codeowners, Codeowners::Off);
    assert_eq!(
        config.severity_overrides.get("review/due-soon"),
        Some(&None)
    );
    assert_eq!(
        config.severity_overrides.get("coverage/draft-only"),
        Some(&Some(Severity::Error))
    );
}

#[test]
fn unknown_key_has_line_and_suggestion() {
    let found = errors("framework: iso27001-2022\ndocumnets:\n  include: []\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 2);
    assert_eq!(found[0].2.as_deref(), Some("did you mean `documents`?"));
}

#[test]
fn nested_unknown_key_and_bad_interval() {
    let found = errors("documents:\n  inculde: [\"*.md\"]\nreview:\n  interval: soon\n");
    let lines: Vec<usize> = found.iter().map(|e| e.0).collect();
    assert_eq!(lines, [2, 4]);
    assert!(found[1].1.contains("not an interval"), "{}", found[1].1);
}

#[test]
fn unknown_rule_and_level() {
    let found = errors("rules:\n  review/overdeu: off\n  review/due-soon: loud\n");
    assert_eq!(
        found[0].2.as_deref(),
        Some("did you mean `review/overdue`? `policylint rules` lists them all")
    );
    assert!(found[1].1.contains("not one of: error, warning, note, off"));
}

#[test]
fn paths_must_stay_inside_repository() {
    let found = errors("soa: ../../etc/soa.yaml\ndocuments:\n  include: [\"../**/*.md\"]\n");
    assert_eq!(found.len(), 2);
    assert!(found[0].1.contains("leaves the repository"));
    assert!(found[1].1.contains("leaves the folder"));
}

#[test]
fn unknown_framework_suggests_builtin() {
    let found = errors("framework: iso27001-2023\n");
    assert!(
        found[0]
            .2
            .as_deref()
            .unwrap()
            .starts_with("did you mean `iso27001-2022`?")
    );
}

#[test]
fn roster_file_errors_point_into_roster() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policylint.yaml"), "owners: team.yaml\n").unwrap();
    std::fs::write(
        dir.path().join("team.yaml"),
        "owners:\n  - id: jdoe\n    actve: false\n",
    )
    .unwrap();
    let files = WorkTree::new(dir.path().to_owned());
    let found = Config::load(&files, "policylint.yaml").unwrap_err();
    let location = found[0].location.as_ref().unwrap();
    assert_eq!((location.path(), location.start.line), ("team.yaml", 3));
}

#[test]
fn discover_searches_upward_to_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("isms/policies")).unwrap();
    std::fs::write(dir.path().join("isms/.policylint.yaml"), "").unwrap();
    let files = WorkTree::new(dir.path().to_owned());
    assert_eq!(
        discover(&files, "isms/policies").as_deref(),
        Some("isms/.policylint.yaml")
    );
    assert_eq!(discover(&files, ""), None);
}
