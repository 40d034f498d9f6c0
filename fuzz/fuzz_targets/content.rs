//! The document-quality analysis on arbitrary bytes: front matter in both
//! dialects, placeholders, heading anchors and link destinations. Every span
//! must be a range of the text at character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::content::links::resolve;
use policylint::content::placeholders::Placeholders;
use policylint::document::anchors::Anchors;
use policylint::document::dialect::Kind;
use policylint::document::{Dialect, Document};

fuzz_target!(|bytes: &[u8]| {
    let comply = Dialect {
        kind: Kind::Comply,
        fields: vec![("owner".into(), vec!["responsible".into()])],
        framework_names: Vec::new(),
    };
    let placeholders = Placeholders::default();
    for dialect in [&Dialect::default(), &comply] {
        let document = Document::parse_with("policies/fuzz.md", bytes, dialect);
        let text = &document.source.text;
        let mut spans = Vec::new();
        spans.extend(document.problems.iter().map(|p| p.span));
        spans.extend(
            placeholders
                .find_in_body(text, &document.body)
                .iter()
                .map(|f| f.span),
        );
        if let Some(block) = &document.front_matter {
            spans.extend(
                placeholders
                    .find_in_front_matter(text, block.yaml)
                    .iter()
                    .map(|f| f.span),
            );
        }
        spans.extend(document.body.links.iter().map(|l| l.destination_span));
        spans.extend(document.body.definitions.iter().map(|d| d.destination_span));
        spans.extend(document.body.undefined_references.iter().map(|r| r.span));
        for span in spans {
            assert!(text.get(span.range()).is_some(), "span {span:?} is not in the text");
        }
        for link in &document.body.links {
            let _ = resolve(&link.destination, &document.source.path);
        }
        let _ = Anchors::of(&document.body);
    }
});
