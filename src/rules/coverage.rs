//! `coverage/*`: every applicable control implemented by an approved
//! document, every control id known, every mandatory document present.

use std::collections::HashMap;

use super::{Rule, Sink};
use crate::catalog::normalize_clause;
use crate::coverage::{self, ControlCoverage};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::model::{FrameworkRef, Model};
use crate::source::{SourceFile, Span};

pub static UNCOVERED_CONTROL: Rule = Rule {
    id: "coverage/uncovered-control",
    severity: Severity::Error,
    summary: "an applicable control has no approved document",
    explanation: "\
Every control that the Statement of Applicability marks applicable (every
control, when there is no SoA) must be listed in the `controls` of at least one
document with `status: approved`. Draft and retired documents do not count.
This is the first question of a certification audit: show me where this
control is implemented.

The finding points at the control's entry in the SoA, or at the config file
when the SoA does not list it.

With several frameworks (`frameworks:` in the config), each framework's
controls are checked, and a document also counts toward a control of another
framework through a cross-framework mapping: with ISO/IEC 27001:2022 and SOC 2
configured, an approved document that lists A.5.15 counts toward SOC 2 CC6.1,
and the views show CC6.1 as \"covered via A.5.15\". The mapping shipped for
ISO/IEC 27001:2022 to SOC 2 (`iso27001-2022-to-soc2-tsc-2017`) is indicative:
it was written from the subject of each criterion and control, a control
rarely meets a whole criterion, and a service auditor decides what satisfies
one. Name a SOC 2 criterion in a document's `controls` map to claim it
directly, or set `mappings: off` to count only direct claims.

Example: no approved document lists A.8.12 (Data leakage prevention).
Fix: add A.8.12 to the `controls` of the document that implements it, or,
when the control does not apply, exclude it in the SoA with a justification:

    A.8.12: { applicable: false, justification: \"...\" }

For a second framework, list its ids under its own key:

    controls:
      iso27001-2022: [A.5.15, A.8.5]
      soc2-tsc-2017: [CC6.2]
",
};

pub static DRAFT_ONLY: Rule = Rule {
    id: "coverage/draft-only",
    severity: Severity::Warning,
    summary: "an applicable control is covered only by draft documents",
    explanation: "\
A control is listed by documents that are all still `status: draft`. The work
has started, but an auditor will not accept a draft as the implemented
control. The finding names the drafts; it replaces `coverage/uncovered-control`
for that control.

Example: A.5.7 (Threat intelligence) is listed only by PRO-TI-01, a draft.
Fix: approve the draft (`status: approved`) once it is signed off.
",
};

pub static UNKNOWN_CONTROL: Rule = Rule {
    id: "coverage/unknown-control",
    severity: Severity::Error,
    summary: "a control id is not in the catalog",
    explanation: "\
A document lists a control id that the configured framework does not have.
Ids are compared after normalisation (`A.5.15`, `a.5.15`, `5.15` and `A 5.15`
are the same), so this is a real mistake: a typo, or an id from another
edition. For an ISO/IEC 27001:2013 id the finding names its 2022 successor;
otherwise it suggests the nearest id.

Example:

    controls: [A.5.15, A.9.2.3]
    # A.9.2.3 is an ISO/IEC 27001:2013 control; its 2022 successor is A.8.2

Fix: replace the id with the successor, or remove it.
",
};

pub static DUPLICATE_CONTROL: Rule = Rule {
    id: "coverage/duplicate-control",
    severity: Severity::Warning,
    summary: "a document lists the same control twice",
    explanation: "\
A control appears twice in one document's `controls`, after normalisation
(`A.5.15`, `a.5.15` and `5.15` are the same control). It does no harm to
coverage, but it is often a typo for another control that the document was
meant to list, which then goes unnoticed. The finding points at the second
entry and names the line of the first.

Example:

    controls: [A.5.15, A.5.18, A.5.15]   # meant A.5.16?

Fix: remove the second entry, or correct it to the control that was meant.
",
};

pub static EXCLUDED_CONTROL_MAPPED: Rule = Rule {
    id: "coverage/excluded-control-mapped",
    severity: Severity::Warning,
    summary: "a document implements a control that the SoA excludes",
    explanation: "\
The Statement of Applicability says a control does not apply, yet a document
claims to implement it. One of the two is wrong: either the control applies
after all (update the SoA and its justification) or the document's mapping is
stale (remove the id). Auditors read both and will ask about the mismatch.

Example:

    soa.yaml:            A.7.4: { applicable: false, justification: \"...\" }
    physical-security.md: controls: [A.7.1, A.7.4]
",
};

pub static MISSING_DOCUMENT: Rule = Rule {
    id: "coverage/missing-document",
    severity: Severity::Error,
    summary: "a mandatory management-system document is missing",
    explanation: "\
ISO/IEC 27001:2022 clauses 4 to 10 require documented information: the ISMS
scope (4.3), the information security policy (5.2), the risk assessment and
treatment processes (6.1.2, 6.1.3), the Statement of Applicability (6.1.3 d),
the risk treatment plan (6.1.3 e), the security objectives (6.2), evidence of
competence (7.2 d), operational planning evidence (8.1), risk assessment and
treatment results (8.2, 8.3), monitoring results (9.1), the audit programme and
results (9.2.2), management review results (9.3.3), and nonconformities with
their corrective actions (10.2).

A requirement is met by an approved document whose front matter `clauses`
lists the clause (with the item letter where there is one); the SoA
requirement is also met by the config's `soa:` file. Records kept in other
systems can be covered by a register document that lists the clauses and says
where the records are. `required_documents:` in the config picks the set: the
framework's (default), a list of clause references, or `off`.

Example:

    ---
    id: ISMS-SCOPE
    title: ISMS Scope
    type: record
    clauses: [\"4.3\"]
    ---
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    for framework in model.frameworks() {
        let coverage = coverage::analyze_framework(model, framework);
        for entry in &coverage {
            check_control(model, framework, entry, sink);
        }
        for doc in model.documents.iter().filter(|d| d.is_active()) {
            check_references(model, framework, doc, sink);
        }
    }
    check_required_documents(model, sink);
}

/// Chooses where a repository-level finding about a control points: its SoA
/// entry, else the config's framework key.
fn control_location(
    model: &Model,
    framework: FrameworkRef,
    entry: &ControlCoverage,
) -> Option<(SourceFile, Span)> {
    match (entry.soa_entry, framework.soa) {
        (Some(soa_entry), Some(soa)) => Some((soa.file.clone(), soa_entry.written.span)),
        _ if model.config.frameworks.len() > 1 => model.config.location_of("frameworks"),
        _ => model.config.location_of("framework"),
    }
}

/// Names a control in a message: "control A.5.7 (Threat intelligence)" for
/// the main framework, with the framework's name added for another.
fn describe(framework: FrameworkRef, id: &str, title: &str) -> String {
    if framework.main {
        format!("control {id} ({title})")
    } else {
        format!("{} control {id} ({title})", framework.catalog.name)
    }
}

/// The identity of a finding about a control across revisions; the main
/// framework's keys keep their old form.
fn control_key(framework: FrameworkRef, id: &str) -> String {
    if framework.main {
        id.to_owned()
    } else {
        format!("{}:{id}", framework.catalog.id)
    }
}

fn check_control(model: &Model, framework: FrameworkRef, entry: &ControlCoverage, sink: &mut Sink) {
    if !entry.applicable || entry.is_covered() {
        return;
    }
    let control = entry.control;
    let location = control_location(model, framework, entry);
    let name = describe(framework, &control.id, &control.title);
    let diagnostic = if entry.drafts.is_empty() {
        Diagnostic::new(
            &UNCOVERED_CONTROL,
            format!("{name} is applicable but no approved document implements it"),
        )
        .label("no approved document")
        .help(if framework.main {
            format!(
                "add {} to the `controls` of the approved document that implements it, or exclude it in the SoA with a justification",
                control.id
            )
        } else {
            format!(
                "list {} under `{}:` in the `controls` of the approved document that implements it, or exclude it in that framework's SoA",
                control.id, framework.catalog.id
            )
        })
    } else {
        let drafts: Vec<&str> = entry
            .drafts
            .iter()
            .map(|i| i.document.id().unwrap_or(&i.document.source.path))
            .collect();
        let mut diagnostic = Diagnostic::new(
            &DRAFT_ONLY,
            format!(
                "{name} is covered only by draft documents: {}",
                drafts.join(", ")
            ),
        )
        .label("drafts only")
        .help("approve one of the drafts (`status: approved`) once it is signed off");
        for implementer in &entry.drafts {
            diagnostic = diagnostic.related(
                &implementer.document.source,
                implementer.reference.id.span,
                format!(
                    "listed by draft {}",
                    implementer.document.id().unwrap_or("document")
                ),
            );
        }
        diagnostic
    };
    let diagnostic = match location {
        Some((file, span)) => diagnostic.at(&file, span),
        None => diagnostic,
    };
    sink.push(
        diagnostic
            .control(&control.id)
            .key(control_key(framework, &control.id)),
    );
}

fn check_references(model: &Model, framework: FrameworkRef, doc: &Document, sink: &mut Sink) {
    let Some(meta) = &doc.meta else {
        return;
    };
    // The span of each control's first entry, by catalog id.
    let mut first_entries: HashMap<&str, Span> = HashMap::new();
    for reference in coverage::references_to(framework, &meta.controls) {
        let written = &reference.id.value;
        match framework.catalog.lookup(written) {
            Some(control) => {
                if let Some(&first) = first_entries.get(control.id.as_str()) {
                    sink.push(duplicate_control(
                        framework,
                        doc,
                        &control.id,
                        reference.id.span,
                        first,
                    ));
                    continue;
                }
                first_entries.insert(&control.id, reference.id.span);
                if framework.is_applicable(&control.id) {
                    continue;
                }
                let mut diagnostic = Diagnostic::new(
                    &EXCLUDED_CONTROL_MAPPED,
                    format!(
                        "{} implements {}, which the Statement of Applicability excludes",
                        doc.id().unwrap_or("this document"),
                        describe(framework, &control.id, &control.title)
                            .trim_start_matches("control "),
                    ),
                )
                .at(&doc.source, reference.id.span)
                .label("excluded in the SoA")
                .help(format!(
                    "remove {} from `controls`, or mark it applicable in the SoA",
                    control.id
                ))
                .document(doc.id())
                .control(&control.id)
                .key(control_key(framework, &control.id));
                if let Some(soa) = framework.soa
                    && let Some(entry) = soa.entry(&control.id)
                {
                    diagnostic = diagnostic.related(&soa.file, entry.written.span, "excluded here");
                }
                sink.push(diagnostic);
            }
            None => sink.push(unknown_control(
                model,
                framework,
                doc,
                written,
                reference.id.span,
            )),
        }
    }
}

fn duplicate_control(
    framework: FrameworkRef,
    doc: &Document,
    control: &str,
    span: Span,
    first: Span,
) -> Diagnostic {
    let first_line = doc.source.position(first.start).line;
    Diagnostic::new(
        &DUPLICATE_CONTROL,
        format!("control {control} is listed again in `controls` (first on line {first_line})"),
    )
    .at(&doc.source, span)
    .label("listed again")
    .help("remove this entry, or correct it to the control that was meant")
    .related(&doc.source, first, "first listed here")
    .document(doc.id())
    .control(control)
    .key(control_key(framework, control))
}

fn unknown_control(
    model: &Model,
    framework: FrameworkRef,
    doc: &Document,
    written: &str,
    span: Span,
) -> Diagnostic {
    let catalog = framework.catalog;
    let legacy = model
        .legacy
        .as_ref()
        .filter(|_| framework.main)
        .and_then(|map| map.lookup(written));
    let (message, label, help) = match legacy {
        Some(old) => {
            let (message, help) = old.successor_hint(written, catalog);
            (message, "2013 control id".to_owned(), help)
        }
        None => {
            let help = match catalog.nearest(written) {
                Some(control) => format!("did you mean {} ({})?", control.id, control.title),
                None => format!(
                    "`policylint catalog {}` lists the {} controls of {}",
                    catalog.id,
                    catalog.controls.len(),
                    catalog.name
                ),
            };
            (
                format!("\"{written}\" is not a control of {}", catalog.name),
                "unknown control".to_owned(),
                help,
            )
        }
    };
    Diagnostic::new(&UNKNOWN_CONTROL, message)
        .at(&doc.source, span)
        .label(label)
        .help(help)
        .document(doc.id())
        .control(written)
        .key(written)
}

fn check_required_documents(model: &Model, sink: &mut Sink) {
    let mut offered: Vec<String> = Vec::new();
    for doc in &model.documents {
        if let Some(meta) = &doc.meta
            && meta.is_approved()
        {
            offered.extend(meta.clauses.iter().map(|c| normalize_clause(&c.value)));
        }
    }
    for requirement in &model.requirements {
        let met = requirement.satisfied_by.iter().any(|r| offered.contains(r))
            || (requirement.met_by_soa && model.soa.is_some());
        if met {
            continue;
        }
        let references = requirement.satisfied_by.join("\" or \"");
        let mut diagnostic = Diagnostic::new(
            &MISSING_DOCUMENT,
            format!("mandatory document missing: {}", requirement.describe()),
        )
        .label("mandatory document missing")
        .help(format!(
            "add `clauses: [\"{references}\"]` to the approved document that provides it"
        ))
        .key(
            requirement
                .satisfied_by
                .first()
                .cloned()
                .unwrap_or_default(),
        );
        let location = match (requirement.span, &model.config.file) {
            (Some(span), Some(file)) => Some((file.clone(), span)),
            _ => model.config.location_of("required_documents"),
        };
        if let Some((file, span)) = location {
            diagnostic = diagnostic.at(&file, span);
        }
        sink.push(diagnostic);
    }
}
