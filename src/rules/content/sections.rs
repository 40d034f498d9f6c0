//! `content/missing-section` and `content/empty-section`: the headings a
//! document of its type needs, each with text under it.

use crate::content::sections::heading_names;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, markdown::Heading};
use crate::model::Model;
use crate::rules::{Rule, Sink};
use crate::source::Span;

pub static MISSING_SECTION: Rule = Rule {
    id: "content/missing-section",
    severity: Severity::Warning,
    summary: "a section required for the document's type is missing",
    explanation: "\
Each document type has sections an auditor looks for. By default a policy
needs Purpose, Scope, Roles and responsibilities, Policy statements,
Compliance, Exceptions and Review; a procedure needs Purpose, Scope, Roles and
responsibilities and Steps; a standard needs Purpose, Scope and Requirements;
a plan needs Purpose, Scope and Review; a guideline needs Purpose. Records need
none. The lists, with the other headings that count for each section, are in
`rules/document-types.yaml`.

Headings of any level are compared after normalisation: case, leading
numbers (\"2.1\", \"a)\"), punctuation and plural endings are ignored, and a
heading such as \"Purpose and scope\" counts for both sections. The finding
points at the document's `type`, which decides the list. Retired documents are
not checked.

`document_types:` in the config replaces a type's list or adds synonyms:

    document_types:
      policy:
        synonyms:
          Exceptions: [Deviations from this policy]
      record:
        sections: [Purpose]

Example:

    type: policy      # policy has no \"Exceptions\" section

Fix: add a `## Exceptions` heading that says how exceptions are requested,
approved and recorded.
",
};

pub static EMPTY_SECTION: Rule = Rule {
    id: "content/empty-section",
    severity: Severity::Warning,
    summary: "a heading has no text under it",
    explanation: "\
A heading followed directly by another heading of the same or a higher level,
or by the end of the document, leaves its section empty. Templates are often
filled in section by section, and a section left empty is as much an
unfinished template as a placeholder. Text in a sub-section counts for the
section above it; an HTML comment does not count as text. Retired documents
are not checked.

Example:

    ## Exceptions
    ## Review                     # \"Exceptions\" is empty
    This policy is reviewed every year.

Fix: write the section, or remove the heading when the document does not need
it.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    for doc in &model.documents {
        if doc.meta.as_ref().is_some_and(|meta| meta.is_retired()) {
            continue;
        }
        check_required(model, doc, sink);
        check_empty(doc, sink);
    }
}

fn check_required(model: &Model, doc: &Document, sink: &mut Sink) {
    let Some(doc_type) = doc.meta.as_ref().and_then(|meta| meta.doc_type.as_ref()) else {
        return;
    };
    let type_name = doc_type.value.as_str();
    let names: Vec<Vec<String>> = doc
        .body
        .headings
        .iter()
        .map(|h| heading_names(&h.text))
        .collect();
    for section in model.config.document_types.required(doc_type.value) {
        if names.iter().any(|names| section.is_named_by(names)) {
            continue;
        }
        let quoted: Vec<String> = section
            .synonyms
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect();
        let also = match quoted.as_slice() {
            [] => String::new(),
            [only] => format!("; a heading named {only} also counts"),
            [first @ .., last] => format!(
                "; a heading named {} or {last} also counts",
                first.join(", ")
            ),
        };
        sink.push(
            Diagnostic::new(
                &MISSING_SECTION,
                format!("{type_name} has no \"{}\" section", section.name),
            )
            .at(&doc.source, doc_type.span)
            .label(format!("a {type_name} needs \"{}\"", section.name))
            .help(format!(
                "add a `## {}` heading with its text{also}",
                section.name
            ))
            .document(doc.id())
            .key(section.name.clone()),
        );
    }
}

fn check_empty(doc: &Document, sink: &mut Sink) {
    let headings = &doc.body.headings;
    for (index, heading) in headings.iter().enumerate() {
        if heading.text.is_empty() || is_nested(doc, heading) {
            continue;
        }
        let end = headings[index + 1..]
            .iter()
            .find(|next| next.level <= heading.level)
            .map_or(usize::MAX, |next| next.span.start);
        // Blocks are in document order, so the first one after the heading
        // decides.
        let blocks = &doc.body.blocks;
        let first = blocks.partition_point(|block| block.start < heading.span.end);
        let has_text = blocks.get(first).is_some_and(|block| block.start < end);
        if has_text {
            continue;
        }
        sink.push(
            Diagnostic::new(
                &EMPTY_SECTION,
                format!("section \"{}\" is empty", heading.text),
            )
            .at(&doc.source, first_line(doc, heading.span))
            .label("no text under this heading")
            .help("write the section, or remove the heading if the document does not need it")
            .document(doc.id())
            .key(heading.text.clone()),
        );
    }
}

/// Tells whether a heading sits inside a list or block quote, where its
/// section cannot be separated from the enclosing block.
fn is_nested(doc: &Document, heading: &Heading) -> bool {
    let blocks = &doc.body.blocks;
    let after = blocks.partition_point(|block| block.start <= heading.span.start);
    after > 0 && heading.span.end <= blocks[after - 1].end
}

/// Returns the first line of a span without its line break, so a finding
/// underlines the heading's own line and not a setext heading's underline.
fn first_line(doc: &Document, span: Span) -> Span {
    let text = doc.source.slice(span);
    let length = text.find('\n').unwrap_or(text.len());
    let length = text[..length].trim_end_matches('\r').len();
    Span::new(span.start, span.start + length)
}
