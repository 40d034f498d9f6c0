//! The mapping from controls to the documents that implement them, computed
//! once from the model for the coverage rules, the summary and the coverage
//! views.

use crate::catalog::Control;
use crate::document::{ControlRef, Document, Status};
use crate::model::Model;
use crate::soa::SoaEntry;

/// A document that lists a control, and the list entry that does.
#[derive(Clone, Copy, Debug)]
pub struct Implementer<'m> {
    pub document: &'m Document,
    pub reference: &'m ControlRef,
}

/// One catalog control and the documents that implement it.
#[derive(Debug)]
pub struct ControlCoverage<'m> {
    pub control: &'m Control,
    pub applicable: bool,
    pub soa_entry: Option<&'m SoaEntry>,
    /// Approved documents that list the control.
    pub approved: Vec<Implementer<'m>>,
    /// Draft documents that list the control.
    pub drafts: Vec<Implementer<'m>>,
}

impl ControlCoverage<'_> {
    /// Tells whether the control is applicable and has an approved document.
    pub fn is_covered(&self) -> bool {
        self.applicable && !self.approved.is_empty()
    }
}

/// Totals for the report summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub total: usize,
    pub applicable: usize,
    pub covered: usize,
}

/// Coverage of every catalog control, in catalog order. Retired documents
/// and references to other frameworks do not count.
pub fn analyze(model: &Model) -> Vec<ControlCoverage<'_>> {
    let mut coverage: Vec<ControlCoverage> = model
        .catalog
        .controls
        .iter()
        .map(|control| ControlCoverage {
            control,
            applicable: model.is_applicable(&control.id),
            soa_entry: model.soa.as_ref().and_then(|soa| soa.entry(&control.id)),
            approved: Vec::new(),
            drafts: Vec::new(),
        })
        .collect();

    for document in &model.documents {
        let Some(meta) = &document.meta else {
            continue;
        };
        let bucket = match meta.status.as_ref().map(|s| s.value) {
            Some(Status::Approved) => 0,
            Some(Status::Draft) => 1,
            _ => continue,
        };
        for reference in own_references(model, &meta.controls) {
            let Some(index) = model.catalog.position(&reference.id.value) else {
                continue;
            };
            let entry = &mut coverage[index];
            let list = if bucket == 0 {
                &mut entry.approved
            } else {
                &mut entry.drafts
            };
            // A document that lists a control twice implements it once.
            if !list.iter().any(|i| std::ptr::eq(i.document, document)) {
                list.push(Implementer {
                    document,
                    reference,
                });
            }
        }
    }
    coverage
}

/// Selects the references of a `controls:` list that belong to the configured
/// framework: plain list entries, or the entries under its id in a map.
pub fn own_references<'a>(
    model: &'a Model,
    controls: &'a [ControlRef],
) -> impl Iterator<Item = &'a ControlRef> {
    controls
        .iter()
        .filter(move |r| r.framework.as_deref().is_none_or(|f| f == model.catalog.id))
}

pub fn totals(coverage: &[ControlCoverage]) -> Totals {
    Totals {
        total: coverage.len(),
        applicable: coverage.iter().filter(|c| c.applicable).count(),
        covered: coverage.iter().filter(|c| c.is_covered()).count(),
    }
}
