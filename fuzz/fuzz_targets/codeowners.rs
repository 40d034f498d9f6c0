//! CODEOWNERS parsing in GitHub's syntax and the last-match lookup, from
//! arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::codeowners::CodeownersFile;
use policylint::source::SourceFile;

fuzz_target!(|text: &str| {
    let parsed = CodeownersFile::parse(SourceFile::new(".github/CODEOWNERS", text), "isms");
    for rule in &parsed.rules {
        assert!(rule.span.end <= text.len());
    }
    for path in ["isms/policies/access.md", "isms/a b/c.md", "other/x.md", "isms"] {
        let _ = parsed.rule_for(path);
    }
});
