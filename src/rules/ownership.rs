//! `ownership/*`: every document owned by someone who is in the roster and
//! still active.

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Spanned};
use crate::model::Model;
use crate::roster::Roster;
use crate::suggest;

pub static UNKNOWN_OWNER: Rule = Rule {
    id: "ownership/unknown-owner",
    severity: Severity::Error,
    summary: "the owner or approver is not in the roster",
    explanation: "\
When the config has an `owners` roster, a document's `owner` and `approver`
must name a roster entry, by its `id`, its `email` or its `github` handle.
A name that is not in the roster is usually a typo or a person who was never
added, and an auditor asking who is accountable gets no answer. Without a
roster the rule is silent.

Example:

    owner: jdeo    # not in the roster; did you mean `jdoe`?
",
};

pub static INACTIVE_OWNER: Rule = Rule {
    id: "ownership/inactive-owner",
    severity: Severity::Error,
    summary: "the owner is marked inactive in the roster",
    explanation: "\
The roster entry of the document's `owner` has `active: false`: the person
left the company or changed role. A document whose owner is gone has nobody to
review it, so ownership must move before the next review is missed.

Example:

    owners.yaml:        - { id: mchen, name: Mei Chen, active: false }
    policies/backup.md: owner: mchen

Fix: set `owner` to the person who took over the document.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    let Some(roster) = &model.config.roster else {
        return;
    };
    for doc in model.documents.iter().filter(|d| d.is_active()) {
        let Some(meta) = &doc.meta else {
            continue;
        };
        if let Some(owner) = &meta.owner {
            check_person(roster, doc, owner, "owner", sink);
        }
        if let Some(approver) = &meta.approver {
            check_person(roster, doc, approver, "approver", sink);
        }
    }
}

fn check_person(
    roster: &Roster,
    doc: &Document,
    who: &Spanned<String>,
    field: &str,
    sink: &mut Sink,
) {
    match roster.find(&who.value) {
        None => {
            let help = match suggest::did_you_mean(&who.value, roster.ids()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "add `{}` to the roster in {}, or name someone who is in it",
                    who.value, roster.file.path
                ),
            };
            sink.push(
                Diagnostic::new(
                    &UNKNOWN_OWNER,
                    format!("{field} \"{}\" is not in the roster", who.value),
                )
                .at(&doc.source, who.span)
                .label("not in the roster")
                .help(help)
                .document(doc.id())
                .key(format!("{field}:{}", who.value)),
            );
        }
        Some(person) if !person.active && field == "owner" => {
            sink.push(
                Diagnostic::new(
                    &INACTIVE_OWNER,
                    format!(
                        "owner {} is marked inactive in the roster",
                        person.describe()
                    ),
                )
                .at(&doc.source, who.span)
                .label("inactive")
                .help("set `owner` to the person who took over this document")
                .related(&roster.file, person.span, "marked inactive here")
                .document(doc.id())
                .key(person.id.clone()),
            );
        }
        Some(_) => {}
    }
}
