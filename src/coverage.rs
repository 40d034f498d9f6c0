//! The mapping from controls to the documents that implement them, computed
//! once from the model for the coverage rules, the summary and the coverage
//! views, for the main framework or any other configured one.

use crate::catalog::{Control, Mapping};
use crate::document::{ControlRef, Document, Status};
use crate::model::{FrameworkRef, Model};
use crate::soa::SoaEntry;

/// A document that lists a control, and the list entry that does.
#[derive(Clone, Copy, Debug)]
pub struct Implementer<'m> {
    pub document: &'m Document,
    pub reference: &'m ControlRef,
}

/// An approved document that counts toward a control through a
/// cross-framework mapping: it implements `via`, a control of another
/// framework that the mapping lists under this one.
#[derive(Clone, Copy, Debug)]
pub struct MappedImplementer<'m> {
    pub implementer: Implementer<'m>,
    /// The canonical id of the control the document lists.
    pub via: &'m str,
    pub mapping: &'m Mapping,
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
    /// Approved documents that count toward the control through a mapping.
    pub mapped: Vec<MappedImplementer<'m>>,
}

impl ControlCoverage<'_> {
    /// Tells whether the control is applicable and has an approved document,
    /// listed directly or through a mapping.
    pub fn is_covered(&self) -> bool {
        self.applicable && (!self.approved.is_empty() || !self.mapped.is_empty())
    }

    /// Tells whether the control is covered only through a mapping.
    pub fn is_covered_only_via_mapping(&self) -> bool {
        self.is_covered() && self.approved.is_empty()
    }
}

/// Totals for the report summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub total: usize,
    pub applicable: usize,
    pub covered: usize,
}

/// Coverage of every control of the main framework, in catalog order.
pub fn analyze(model: &Model) -> Vec<ControlCoverage<'_>> {
    let main = model.frameworks()[0];
    analyze_framework(model, main)
}

/// Coverage of every control of one configured framework, in catalog order.
/// Retired documents and references to other frameworks do not count
/// directly; approved documents count through the mappings that lead to it.
pub fn analyze_framework<'m>(
    model: &'m Model,
    framework: FrameworkRef<'m>,
) -> Vec<ControlCoverage<'m>> {
    let catalog = framework.catalog;
    let mut coverage: Vec<ControlCoverage> = catalog
        .controls
        .iter()
        .map(|control| ControlCoverage {
            control,
            applicable: framework.is_applicable(&control.id),
            soa_entry: framework.soa.and_then(|soa| soa.entry(&control.id)),
            approved: Vec::new(),
            drafts: Vec::new(),
            mapped: Vec::new(),
        })
        .collect();

    for document in &model.documents {
        let Some(meta) = &document.meta else {
            continue;
        };
        let approved = match meta.status.as_ref().map(|s| s.value) {
            Some(Status::Approved) => true,
            Some(Status::Draft) => false,
            _ => continue,
        };
        for reference in references_to(framework, &meta.controls) {
            let Some(index) = catalog.position(&reference.id.value) else {
                continue;
            };
            let entry = &mut coverage[index];
            let list = if approved {
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
        if approved {
            add_mapped(model, framework, document, &mut coverage);
        }
    }
    coverage
}

/// Adds the approved `document` to each control of `framework` that one of
/// its controls in another framework counts toward.
fn add_mapped<'m>(
    model: &'m Model,
    framework: FrameworkRef<'m>,
    document: &'m Document,
    coverage: &mut [ControlCoverage<'m>],
) {
    let Some(meta) = &document.meta else {
        return;
    };
    for mapping in model
        .mappings
        .iter()
        .filter(|m| m.to == framework.catalog.id)
    {
        let Some(source) = model.framework(&mapping.from) else {
            continue;
        };
        for reference in references_to(source, &meta.controls) {
            let Some(control) = source.catalog.lookup(&reference.id.value) else {
                continue;
            };
            for target in mapping.targets_of(&control.id) {
                let Some(index) = framework.catalog.position(target) else {
                    continue;
                };
                let entry = &mut coverage[index];
                let known = entry
                    .mapped
                    .iter()
                    .any(|m| std::ptr::eq(m.implementer.document, document) && m.via == control.id);
                if !known {
                    entry.mapped.push(MappedImplementer {
                        implementer: Implementer {
                            document,
                            reference,
                        },
                        via: &control.id,
                        mapping,
                    });
                }
            }
        }
    }
}

/// Selects the references of a `controls:` list that belong to the main
/// framework: plain list entries, or the entries under its id in a map.
pub fn own_references<'a>(
    model: &'a Model,
    controls: &'a [ControlRef],
) -> impl Iterator<Item = &'a ControlRef> {
    controls
        .iter()
        .filter(move |r| r.framework.as_deref().is_none_or(|f| f == model.catalog.id))
}

/// Selects the references of a `controls:` list that belong to `framework`:
/// the entries under its id in a map, and plain list entries when it is the
/// main framework.
pub fn references_to<'a>(
    framework: FrameworkRef<'a>,
    controls: &'a [ControlRef],
) -> impl Iterator<Item = &'a ControlRef> {
    controls
        .iter()
        .filter(move |r| match r.framework.as_deref() {
            None => framework.main,
            Some(id) => id == framework.catalog.id,
        })
}

pub fn totals(coverage: &[ControlCoverage]) -> Totals {
    Totals {
        total: coverage.len(),
        applicable: coverage.iter().filter(|c| c.applicable).count(),
        covered: coverage.iter().filter(|c| c.is_covered()).count(),
    }
}
