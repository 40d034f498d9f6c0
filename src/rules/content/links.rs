//! `content/broken-link` and `content/link-to-retired`: links between
//! documents that lead nowhere, out of the repository, or to a document that
//! no longer applies.

use std::collections::HashMap;

use crate::content::links::{Destination, MAX_SUGGESTION_CANDIDATES, is_markdown, resolve};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::markdown::LinkKind;
use crate::document::{Document, Status};
use crate::model::Model;
use crate::rules::{Rule, Sink};
use crate::source::Span;
use crate::suggest;

pub static BROKEN_LINK: Rule = Rule {
    id: "content/broken-link",
    severity: Severity::Warning,
    summary: "a relative link leads to a missing file or heading",
    explanation: "\
Policies refer to procedures, procedures to records. A link to a file that was
renamed or never written leaves the reader, and the auditor, with nothing.

The rule checks inline links, images and reference definitions
(`[label]: path.md`) whose destination is a path:

- the file or folder must exist in the repository; paths are compared with
  their exact case, as GitHub compares them, and a path starting with `/` is
  relative to the repository root;
- an anchor (`file.md#scope`, `#scope`) must name a heading of that Markdown
  file, by GitHub's rule: the heading text in lower case, punctuation removed,
  spaces as `-`, and `-1`, `-2` added to repeated headings; HTML `id` and
  `name` attributes count too;
- the path must not climb out of the repository (`../../x.md`), and must not
  be a `file:` URL or an absolute path, which work on one computer only;
- a reference (`[text][label]`) must have a definition for its label.

External URLs (`https:`, `mailto:` and any other scheme) are never fetched.
Documents with `status: retired` are not checked.

Example (in policies/access-control.md):

    See the [backup policy](bakup.md#restore-tests).
    # link target \"bakup.md#restore-tests\" not found; did you mean `policies/backup.md`?

Fix: correct the path or the heading, or remove the link.
",
};

pub static LINK_TO_RETIRED: Rule = Rule {
    id: "content/link-to-retired",
    severity: Severity::Warning,
    summary: "a link leads to a retired document",
    explanation: "\
A document with `status: retired` no longer applies. A current document that
still links to it sends readers to rules that were withdrawn, and usually
means the reference should point at the document that replaced it. Links from
retired documents are not checked.

Example (policies/old-remote-access.md has `status: retired`):

    Remote access follows the [remote access policy](old-remote-access.md).
    # link to retired document POL-RA-01 (policies/old-remote-access.md)

Fix: link to the current document, or remove the reference.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    let by_path: HashMap<&str, &Document> = model
        .documents
        .iter()
        .map(|doc| (doc.source.path.as_str(), doc))
        .collect();
    for doc in &model.documents {
        if doc.meta.as_ref().is_some_and(|meta| meta.is_retired()) {
            continue;
        }
        let checker = Checker {
            model,
            doc,
            by_path: &by_path,
        };
        for link in &doc.body.links {
            if matches!(link.kind, LinkKind::Inline | LinkKind::Image) {
                checker.destination(&link.destination, link.destination_span, sink);
            }
        }
        for definition in &doc.body.definitions {
            checker.destination(&definition.destination, definition.destination_span, sink);
        }
        for reference in &doc.body.undefined_references {
            sink.push(
                checker
                    .broken(
                        format!("link reference \"{}\" is not defined", reference.label),
                        reference.span,
                    )
                    .label("no definition")
                    .help(format!(
                        "add a line `[{}]: path/to/document.md`, or correct the label",
                        reference.label
                    ))
                    .key(format!("reference:{}", reference.label)),
            );
        }
    }
}

struct Checker<'a> {
    model: &'a Model,
    doc: &'a Document,
    by_path: &'a HashMap<&'a str, &'a Document>,
}

impl Checker<'_> {
    fn broken(&self, message: String, span: Span) -> Diagnostic {
        Diagnostic::new(&BROKEN_LINK, message)
            .at(&self.doc.source, span)
            .document(self.doc.id())
    }

    fn destination(&self, destination: &str, span: Span, sink: &mut Sink) {
        match resolve(destination, &self.doc.source.path) {
            Destination::External => {}
            Destination::Empty => sink.push(
                self.broken("link has no destination".into(), span)
                    .label("empty")
                    .help("write the path of the document the link refers to, or remove the link")
                    .key("empty"),
            ),
            Destination::Outside => sink.push(
                self.broken(
                    format!("link \"{destination}\" leads outside the repository"),
                    span,
                )
                .label("outside the repository")
                .help("link to a file inside the repository, or write a full https:// address")
                .key(destination.to_owned()),
            ),
            Destination::Anchor(anchor) => {
                self.anchor(&self.doc.source.path, &anchor, destination, span, sink);
            }
            Destination::Path { path, anchor } => {
                if !self.model.links.exists(&path) {
                    let help = match self.model.links.nearest(&path) {
                        Some(best) => format!("did you mean `{}`?", as_written(destination, best)),
                        None => {
                            "correct the path, which is relative to this document's folder".into()
                        }
                    };
                    sink.push(
                        self.broken(format!("link target \"{destination}\" not found"), span)
                            .label(format!("no file `{path}`"))
                            .help(help)
                            .key(destination.to_owned()),
                    );
                    return;
                }
                self.retired(&path, span, sink);
                if let Some(anchor) = anchor.filter(|_| is_markdown(&path)) {
                    self.anchor(&path, &anchor, destination, span, sink);
                }
            }
        }
    }

    fn anchor(&self, path: &str, anchor: &str, destination: &str, span: Span, sink: &mut Sink) {
        let Some(anchors) = self.model.links.anchors(path) else {
            return;
        };
        if anchors.contains(anchor) {
            return;
        }
        let place = if path == self.doc.source.path {
            "this document".to_owned()
        } else {
            path.to_owned()
        };
        let names = anchors.names.iter().map(String::as_str);
        let best = (anchors.names.len() <= MAX_SUGGESTION_CANDIDATES)
            .then(|| suggest::did_you_mean(anchor, names))
            .flatten();
        let help = match best {
            Some(best) => format!("did you mean `#{best}`?"),
            None => "a heading's anchor is its text in lower case, with punctuation removed and spaces written as `-`".into(),
        };
        sink.push(
            self.broken(format!("heading \"#{anchor}\" not found in {place}"), span)
                .label("no such heading")
                .help(help)
                .key(destination.to_owned()),
        );
    }

    fn retired(&self, path: &str, span: Span, sink: &mut Sink) {
        let Some(target) = self.by_path.get(path) else {
            return;
        };
        let Some(status) = target
            .meta
            .as_ref()
            .and_then(|meta| meta.status.as_ref())
            .filter(|status| status.value == Status::Retired)
        else {
            return;
        };
        let name = target.id().unwrap_or(path);
        sink.push(
            Diagnostic::new(
                &LINK_TO_RETIRED,
                format!("link to retired document {name} ({path})"),
            )
            .at(&self.doc.source, span)
            .label("retired")
            .help("link to the document that replaced it, or remove the link")
            .related(&target.source, status.span, "retired here")
            .document(self.doc.id())
            .key(path.to_owned()),
        );
    }
}

/// Rewrites a repository path found for a broken link the way the link was
/// written: the written folder part, then the file name found. The
/// suggestion is always a file in the folder the link leads to.
fn as_written(destination: &str, found: &str) -> String {
    let path = destination.split(['#', '?']).next().unwrap_or(destination);
    let folder = path.rfind('/').map_or("", |i| &path[..=i]);
    let name = found.rsplit('/').next().unwrap_or(found);
    format!("{folder}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_keeps_written_folder() {
        assert_eq!(
            as_written("hr-securty.md", "policies/hr-security.md"),
            "hr-security.md"
        );
        assert_eq!(
            as_written("../procedures/chnage.md#steps", "procedures/change.md"),
            "../procedures/change.md"
        );
    }
}
