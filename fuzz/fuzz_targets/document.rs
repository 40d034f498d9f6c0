//! Whole documents: front matter splitting, YAML with spans, the typed
//! fields and the Markdown body, from arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::document::Document;

fuzz_target!(|bytes: &[u8]| {
    let document = Document::parse("fuzz.md", bytes);
    // Every span must be a valid range of the text it points into.
    for problem in &document.problems {
        assert!(problem.span.end <= document.source.text.len());
        let _ = document.source.position(problem.span.start);
    }
});
