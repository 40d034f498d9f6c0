//! `soa/*`: the Statement of Applicability file itself.

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;

pub static MISSING_JUSTIFICATION: Rule = Rule {
    id: "soa/missing-justification",
    severity: Severity::Error,
    summary: "a control is excluded without a justification",
    explanation: "\
ISO/IEC 27001:2022 clause 6.1.3 d asks the Statement of Applicability to
justify every exclusion of an Annex A control. An entry with
`applicable: false` and no `justification` (or an empty one) is the first thing
a certification auditor will query.

Example:

    A.7.4: { applicable: false }

Fix:

    A.7.4: { applicable: false, justification: \"No premises of our own; the co-working landlord monitors the building.\" }
",
};

pub static INVALID: Rule = Rule {
    id: "soa/invalid",
    severity: Severity::Error,
    summary: "the Statement of Applicability is malformed or names an unknown control",
    explanation: "\
The `soa:` file of the config must be a YAML mapping with an optional
`framework` (which must match the config's) and `controls`, a mapping from
control id to an entry with `applicable` (true or false), `justification`,
`status` (implemented, partial, planned or not_implemented) and `owner`.
Each control may appear once. Unknown control ids, unknown keys, values of the
wrong type and a missing file are reported here; the valid entries are still
used.

Example:

    framework: iso27001-2022
    controls:
      A.5.7: { applicable: true, status: planned, owner: jdoe }
      A.7.4: { applicable: false, justification: \"...\" }
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    let Some(soa) = &model.soa else {
        return;
    };
    for problem in &soa.problems {
        let mut diagnostic = Diagnostic::new(&INVALID, &problem.message)
            .at(&soa.file, problem.span)
            .key(soa.file.slice(problem.span).to_owned());
        diagnostic.help = problem.help.clone();
        sink.push(diagnostic);
    }
    for entry in &soa.entries {
        if entry.applicable || entry.justification.is_some() {
            continue;
        }
        let control = entry.control.as_deref().unwrap_or(&entry.written.value);
        sink.push(
            Diagnostic::new(
                &MISSING_JUSTIFICATION,
                format!("control {control} is excluded without a justification"),
            )
            .at(&soa.file, entry.written.span)
            .label("no justification")
            .help("add `justification: \"...\"` saying why the control does not apply")
            .control(control)
            .key(control),
        );
    }
}
