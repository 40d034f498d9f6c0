//! `ownership/not-codeowner`: CODEOWNERS makes each document's owner a
//! reviewer of the file, so a change cannot merge without the owner.

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::rules::ownership::INACTIVE_OWNER;

pub static NOT_CODEOWNER: Rule = Rule {
    id: "ownership/not-codeowner",
    severity: Severity::Warning,
    summary: "the document's owner is not a code owner of its path in CODEOWNERS",
    explanation: "\
With a CODEOWNERS file, GitHub asks the code owners of a file to review every
pull request that changes it. When the document's `owner` is not among them,
the owner can be bypassed: a policy changes without the person accountable
for it seeing the change.

The owner is matched through the roster: its `github` handle (a user or an
`@org/team`) or its `email` must be among the owners of the last CODEOWNERS
rule that matches the document's path (GitHub's precedence). Without a roster,
an owner written as `@handle` or as an e-mail address is compared directly;
other owners cannot be checked and are passed over.

The file is `codeowners:` in the config, or with `auto` the first of
`.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS` below the config's
folder, then at the repository root. Patterns are matched from the folder
that holds the file (from its parent for `.github` and `docs`).

Example:

    CODEOWNERS:          /policies/backup.md  @gmwangi
    policies/backup.md:  owner: dokafor      # github: \"@dokafor\"

An owner marked inactive in the roster is passed over, because
`ownership/inactive-owner` already reports that owner; with that rule
switched off, the help names an active owner as the fix instead.

Fix: add the owner to the CODEOWNERS rule for the path, or correct `owner`.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    let Some(codeowners) = &model.codeowners else {
        return;
    };
    let inactive_owner_reported = model.config.severity_override(INACTIVE_OWNER.id) != Some(None);
    for doc in model.documents.iter().filter(|d| d.is_active()) {
        let Some(owner) = doc.meta.as_ref().and_then(|m| m.owner.as_ref()) else {
            continue;
        };
        let mut inactive = false;
        let identities: Vec<String> = match &model.config.roster {
            Some(roster) => match roster.find(&owner.value) {
                // ownership/inactive-owner already reports this owner, and
                // making someone who left a code owner would be the wrong fix.
                Some(person) if !person.active && inactive_owner_reported => continue,
                Some(person) => {
                    inactive = !person.active;
                    person
                        .github
                        .iter()
                        .chain(person.email.iter())
                        .cloned()
                        .collect()
                }
                // ownership/unknown-owner reports it.
                None => continue,
            },
            None if owner.value.contains('@') => vec![owner.value.trim().to_owned()],
            None => continue,
        };
        if identities.is_empty() {
            continue;
        }
        let rule = codeowners.rule_for(&doc.source.path);
        let owners = rule.map_or(&[][..], |r| r.owners.as_slice());
        let named = owners
            .iter()
            .any(|o| identities.iter().any(|i| i.eq_ignore_ascii_case(o)));
        if named {
            continue;
        }

        let who = &identities[0];
        let (message, help) = match rule {
            Some(rule) if !rule.owners.is_empty() => (
                format!(
                    "owner \"{}\" ({who}) is not a code owner of this file; CODEOWNERS names {}",
                    owner.value,
                    rule.owners.join(" ")
                ),
                format!(
                    "add {who} to the CODEOWNERS rule `{}`, or correct `owner`",
                    rule.pattern
                ),
            ),
            _ => (
                format!(
                    "owner \"{}\" ({who}) is not a code owner of this file; no CODEOWNERS rule names owners for it",
                    owner.value
                ),
                format!(
                    "add a rule for this path with {who} to {}",
                    codeowners.file.path
                ),
            ),
        };
        let help = if inactive {
            format!(
                "{who} is marked inactive in the roster; set `owner` to an active person who is a code owner of this file"
            )
        } else {
            help
        };
        let mut diagnostic = Diagnostic::new(&NOT_CODEOWNER, message)
            .at(&doc.source, owner.span)
            .label("not a code owner")
            .help(help)
            .document(doc.id())
            .key(owner.value.clone());
        if let Some(rule) = rule {
            diagnostic = diagnostic.related(&codeowners.file, rule.span, "the rule that applies");
        }
        sink.push(diagnostic);
    }
}
