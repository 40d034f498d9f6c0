//! `document/*`: the documents as files and as a set.

use std::collections::HashMap;

use super::front_matter::problem_diagnostic;
use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::ProblemKind;
use crate::model::Model;

pub static DUPLICATE_ID: Rule = Rule {
    id: "document/duplicate-id",
    severity: Severity::Error,
    summary: "two documents share an id",
    explanation: "\
A document's `id` is how the SoA, the audit trail, commit trailers and other
documents refer to it, so it must be unique in the repository. A copied file
whose id was never changed is the usual cause. The finding points at the later
document's `id` and shows where the first one is.

Example:

    policies/access-control.md:   id: POL-AC-01
    policies/remote-access.md:    id: POL-AC-01   # duplicate; give it its own id

Retired documents keep their ids, so a new document must not reuse one.
",
};

pub static UNREADABLE: Rule = Rule {
    id: "document/unreadable",
    severity: Severity::Error,
    summary: "a document cannot be read or is not valid UTF-8",
    explanation: "\
A file matched by `documents.include` could not be read as a text document:
permission was denied, it is larger than the 10 MiB limit, it is a symbolic
link that leads outside the repository (links are never followed out of it),
or its bytes are not valid UTF-8. Invalid UTF-8 is reported at the first bad
byte and the rest of the document is still checked, with the bad bytes read
as U+FFFD.

Example:

    policies/legacy-policy.md   file is not valid UTF-8 (saved as Windows-1252)

Fix: save the file as UTF-8, or exclude it with `documents.exclude`.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    for doc in &model.documents {
        for problem in doc
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Unreadable)
        {
            sink.push(problem_diagnostic(&UNREADABLE, doc, problem));
        }
    }
    check_duplicate_ids(model, sink);
}

fn check_duplicate_ids(model: &Model, sink: &mut Sink) {
    let mut first_by_id = HashMap::new();
    for doc in &model.documents {
        let Some(id) = doc.meta.as_ref().and_then(|m| m.id.as_ref()) else {
            continue;
        };
        let Some(first) = first_by_id.get(id.value.as_str()).copied() else {
            first_by_id.insert(id.value.as_str(), doc);
            continue;
        };
        let first: &crate::document::Document = first;
        let first_span = first
            .meta
            .as_ref()
            .and_then(|m| m.id.as_ref())
            .map(|i| i.span);
        let mut diagnostic = Diagnostic::new(
            &DUPLICATE_ID,
            format!(
                "document id \"{}\" is also used by {}",
                id.value, first.source.path
            ),
        )
        .at(&doc.source, id.span)
        .label("duplicate id")
        .help("give each document its own id")
        .document(Some(&id.value))
        .key(doc.source.path.clone());
        if let Some(span) = first_span {
            diagnostic = diagnostic.related(&first.source, span, "first used here");
        }
        sink.push(diagnostic);
    }
}
