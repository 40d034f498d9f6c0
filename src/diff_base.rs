//! Pull-request mode: the findings of the head that are not already present
//! at the base revision. A finding is identified by its rule, its document
//! (the id, or the path when there is none), its control and its key. Line
//! numbers are left out, so an edit that shifts lines does not bring old
//! findings back. A deleted document that uncovers a control is still new.
//! Findings about the run itself, such as a shallow clone that hides the
//! history, are always kept, because they mean the comparison is incomplete.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::rules::history::SHALLOW_CLONE;

/// The identity of a finding across revisions.
type Identity = (&'static str, String, Option<String>, String);

fn identity(diagnostic: &Diagnostic) -> Identity {
    let document = diagnostic
        .document
        .clone()
        .or_else(|| diagnostic.path().map(str::to_owned))
        .unwrap_or_default();
    (
        diagnostic.rule.id,
        document,
        diagnostic.control.clone(),
        diagnostic.key.clone(),
    )
}

/// Removes from `head` the findings present in `base`. Equal identities are
/// counted, so a second identical finding at the head is still reported.
pub fn new_findings(head: Vec<Diagnostic>, base: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut present: HashMap<Identity, usize> = HashMap::new();
    for diagnostic in base {
        *present.entry(identity(diagnostic)).or_default() += 1;
    }
    head.into_iter()
        .filter(|diagnostic| match present.get_mut(&identity(diagnostic)) {
            _ if diagnostic.rule.id == SHALLOW_CLONE.id => true,
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect()
}
