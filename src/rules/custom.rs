//! The rules of `custom_rules:` in the config: each pattern matched against
//! the body or one front matter field of the documents it applies to.

use super::Sink;
use crate::config::{CustomRule, CustomTarget};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Model;
use crate::source::Span;
use crate::yaml::{Node, Value};

pub fn check(model: &Model, sink: &mut Sink) {
    for custom in &model.config.custom_rules {
        for doc in model.documents.iter().filter(|doc| applies(custom, doc)) {
            let matches = match &custom.target {
                CustomTarget::Body => body_matches(custom, doc),
                CustomTarget::Field(field) => field_matches(custom, doc, field),
            };
            for (span, text) in matches {
                let mut diagnostic = Diagnostic::new(custom.rule, custom.rule.summary)
                    .at(&doc.source, span)
                    .document(doc.id())
                    .key(text);
                diagnostic.help = custom.help.clone();
                sink.push(diagnostic);
            }
        }
    }
}

fn applies(custom: &CustomRule, doc: &Document) -> bool {
    if custom.types.is_empty() {
        return true;
    }
    let doc_type = doc.meta.as_ref().and_then(|meta| meta.doc_type.as_ref());
    doc_type.is_some_and(|t| custom.types.contains(&t.value))
}

/// Matches in the body, outside code and HTML comments. The pattern runs on
/// each stretch of text between them, so a match never spans one.
fn body_matches(custom: &CustomRule, doc: &Document) -> Vec<(Span, String)> {
    let text = &doc.source.text;
    let mut skipped: Vec<Span> = doc.body.code.clone();
    skipped.extend(doc.body.comments.iter().map(|comment| comment.span));
    skipped.sort_by_key(|span| span.start);

    let mut stretches = Vec::new();
    let mut from = doc.body.start.min(text.len());
    for span in skipped {
        if span.start > from {
            stretches.push(Span::new(from, span.start));
        }
        from = from.max(span.end);
    }
    stretches.push(Span::new(from, text.len().max(from)));

    let mut found = Vec::new();
    for stretch in stretches {
        let Some(part) = text.get(stretch.range()) else {
            continue;
        };
        for m in custom.pattern.find_iter(part).filter(|m| !m.is_empty()) {
            let span = Span::new(stretch.start + m.start(), stretch.start + m.end());
            found.push((span, m.as_str().to_owned()));
        }
    }
    found
}

/// Matches in the value of one front matter field: a text, or each text in
/// a list or mapping. A match inside a plain or simply quoted value is
/// underlined exactly; in a value with escapes or folded lines, the whole
/// value is.
fn field_matches(custom: &CustomRule, doc: &Document, field: &str) -> Vec<(Span, String)> {
    let Some((_, value)) = doc.yaml.as_ref().and_then(|root| root.get(field)) else {
        return Vec::new();
    };
    let mut scalars = Vec::new();
    collect_scalars(value, &mut scalars);
    let mut found = Vec::new();
    for node in scalars {
        let Some(text) = node.scalar_text(&doc.source) else {
            continue;
        };
        let exact = exact_offset(doc.source.slice(node.span), &text);
        for m in custom.pattern.find_iter(&text).filter(|m| !m.is_empty()) {
            let span = match exact {
                Some(offset) => {
                    let start = node.span.start + offset + m.start();
                    Span::new(start, start + m.len())
                }
                None => node.span,
            };
            found.push((span, m.as_str().to_owned()));
        }
    }
    found
}

fn collect_scalars<'n>(node: &'n Node, scalars: &mut Vec<&'n Node>) {
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|item| collect_scalars(item, scalars)),
        Value::Map(entries) => entries
            .iter()
            .for_each(|(_, value)| collect_scalars(value, scalars)),
        Value::Null => {}
        _ => scalars.push(node),
    }
}

/// Returns where `value` starts within the source text of its node, when
/// the source is the value itself or the value in quotes without escapes.
fn exact_offset(source: &str, value: &str) -> Option<usize> {
    if source == value {
        return Some(0);
    }
    let quoted = source.len() >= 2
        && ((source.starts_with('"') && source.ends_with('"'))
            || (source.starts_with('\'') && source.ends_with('\'')));
    (quoted && &source[1..source.len() - 1] == value).then_some(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_offsets() {
        assert_eq!(exact_offset("jdoe", "jdoe"), Some(0));
        assert_eq!(exact_offset("\"jdoe\"", "jdoe"), Some(1));
        assert_eq!(exact_offset("'it''s'", "it's"), None);
        assert_eq!(exact_offset("\"a\\tb\"", "a\tb"), None);
    }
}
