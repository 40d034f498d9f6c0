//! The Markdown body analysis on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::document::Body;

fuzz_target!(|text: &str| {
    let body = Body::parse(text, 0);
    for heading in &body.headings {
        assert!(heading.span.end <= text.len());
    }
    for link in &body.links {
        assert!(link.span.end <= text.len());
    }
    for comment in &body.comments {
        assert!(comment.span.end <= text.len());
    }
});
