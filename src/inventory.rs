//! What a report lists besides its findings: every document checked and
//! every catalog control with its coverage. The JUnit and Markdown formats
//! build their test cases and coverage tables from it.

use crate::coverage::ControlCoverage;
use crate::document::Document;
use crate::model::Model;

/// A document that was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedDocument {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// The front matter `id`, when the document has one.
    pub id: Option<String>,
    pub title: Option<String>,
}

/// One catalog control and whether it is covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlStatus {
    pub id: String,
    pub title: String,
    /// The name of the control's group (an Annex A theme), when it has one.
    pub theme: Option<String>,
    pub applicable: bool,
    pub covered: bool,
    /// The SoA's reason for excluding the control.
    pub justification: Option<String>,
    /// Ids (or paths, for documents without an id) of the approved
    /// documents that implement the control.
    pub documents: Vec<String>,
}

pub fn documents(model: &Model) -> Vec<CheckedDocument> {
    model.documents.iter().map(checked_document).collect()
}

fn checked_document(document: &Document) -> CheckedDocument {
    let meta = document.meta.as_ref();
    CheckedDocument {
        path: document.source.path.clone(),
        id: document.id().map(str::to_owned),
        title: meta.and_then(|m| m.title.as_ref()).map(|t| t.value.clone()),
    }
}

pub fn controls(model: &Model, coverage: &[ControlCoverage]) -> Vec<ControlStatus> {
    coverage
        .iter()
        .map(|entry| ControlStatus {
            id: entry.control.id.clone(),
            title: entry.control.title.clone(),
            theme: entry
                .control
                .group
                .as_deref()
                .map(|group| model.catalog.group_name(group)),
            applicable: entry.applicable,
            covered: entry.is_covered(),
            justification: entry
                .soa_entry
                .and_then(|e| e.justification.as_ref())
                .map(|j| j.value.clone()),
            documents: entry
                .approved
                .iter()
                .map(|i| {
                    i.document
                        .id()
                        .unwrap_or(&i.document.source.path)
                        .to_owned()
                })
                .collect(),
        })
        .collect()
}
