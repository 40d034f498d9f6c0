//! The identity of a finding across edits and revisions, shared by the
//! baseline file and SARIF's `partialFingerprints`.
//!
//! It is built from the rule id, the document (its front matter `id`, else
//! its path), the control and the diagnostic's `key`. None of these contains
//! a line number or a date, so inserting lines above a finding, or a day
//! passing, keeps its fingerprint. Renaming a file keeps it too when the
//! document has an `id`.

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;

/// The fingerprint's name in SARIF `partialFingerprints`. The suffix is
/// raised whenever the recipe below changes, so that old and new values are
/// never compared.
pub const SARIF_KEY: &str = "policylint/v1";

/// Computes the fingerprint of a finding: 32 lowercase hex digits (the first
/// 128 bits of a SHA-256 over the parts).
pub fn of(diagnostic: &Diagnostic) -> String {
    let subject = diagnostic
        .document
        .as_deref()
        .map(|id| format!("id:{id}"))
        .or_else(|| diagnostic.path().map(|path| format!("path:{path}")))
        .unwrap_or_default();
    let parts = [
        diagnostic.rule.id,
        subject.as_str(),
        diagnostic.control.as_deref().unwrap_or(""),
        diagnostic.key.as_str(),
    ];

    let mut hasher = Sha256::new();
    hasher.update(b"policylint-fingerprint-v1");
    for part in parts {
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::review::OVERDUE;
    use crate::source::{SourceFile, Span};

    fn overdue(text: &str, at: usize) -> Diagnostic {
        let file = SourceFile::new("policies/a.md", text);
        Diagnostic::new(&OVERDUE, "review overdue")
            .at(&file, Span::new(at, at + 4))
            .document(Some("POL-1"))
            .key("overdue")
    }

    #[test]
    fn line_shift_keeps_fingerprint() {
        let before = overdue("a\nbcde\n", 2);
        let after = overdue("a\n\n\nnew\nbcde\n", 8);
        assert_ne!(before.location.as_ref().unwrap().start.line, 5);
        assert_eq!(after.location.as_ref().unwrap().start.line, 5);
        assert_eq!(of(&before), of(&after));
    }

    #[test]
    fn parts_change_fingerprint() {
        let base = overdue("abcd", 0);
        assert_ne!(of(&base), of(&base.clone().key("other")));
        assert_ne!(of(&base), of(&base.clone().document(Some("POL-2"))));
        assert_ne!(of(&base), of(&base.clone().control("A.5.1")));
        assert_eq!(of(&base).len(), 32);
    }

    #[test]
    fn path_used_without_document_id() {
        let a = overdue("abcd", 0).document(None);
        let file = SourceFile::new("policies/b.md", "abcd");
        let b = a.clone().at(&file, Span::new(0, 4));
        assert_ne!(of(&a), of(&b));
    }
}
