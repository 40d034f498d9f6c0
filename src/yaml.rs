//! YAML 1.2 parsing into a tree that remembers the byte span of every key and
//! value, for front matter, the config, the SoA and catalogs.
//!
//! serde-saphyr reads the text: it is maintained, follows YAML 1.2 (with
//! `strict_booleans`, `no` stays a string), rejects duplicate keys, reports
//! errors with line and column, and bounds alias expansion, nesting and event
//! counts through its budget. Its `Spanned<T>` wrapper gives the locations.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Spanned};

use crate::source::{SourceFile, Span};

/// The largest YAML block parsed, in bytes. Front matter, configs and SoA
/// files are a few kilobytes; a larger block is reported, not parsed.
pub const MAX_YAML_BYTES: usize = 1024 * 1024;

/// Deepest nesting accepted. The deepest file policylint reads, a catalog,
/// nests six levels, so this only stops hostile input. The limit is low
/// because the deserializer recurses once per level: an unoptimised build
/// needs about 40 KiB of stack per level, and 50 levels overflow a thread's
/// default 2 MiB stack (measured on x86-64 with Rust 1.95).
const MAX_DEPTH: usize = 16;

/// A YAML value with the byte span of its text in the file.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Returns the scalar as text: strings as they are, numbers and booleans
    /// as written in the file (so `5.10` stays `5.10`, not `5.1`).
    pub fn scalar_text(&self, file: &SourceFile) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                Some(file.slice(self.span).trim().to_owned())
            }
            _ => None,
        }
    }

    /// Returns the YAML type name used in messages ("a string", "a list").
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "empty",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Looks up `key` in a mapping and returns the key and value nodes.
    pub fn get(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v))
    }
}

/// A YAML syntax error, with the span in the file where it was found.
#[derive(Clone, Debug)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
    /// For a duplicate key, the span of its first occurrence.
    pub first_key: Option<Span>,
}

/// Parse `text`, which starts at byte `offset` of its file, so that every
/// span is a span of the file.
pub fn parse(text: &str, offset: usize) -> Result<Node, YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            message: format!(
                "YAML block is {} bytes, more than the limit of {} bytes",
                text.len(),
                MAX_YAML_BYTES
            ),
            span: Span::new(offset, offset),
            first_key: None,
        });
    }
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            span: Span::new(offset, offset),
        });
    }

    match deserialize(text, DuplicateKeyPolicy::Error) {
        Ok(root) => Ok(convert(root, offset, text)),
        Err(error) => {
            let span = error
                .location()
                .map(|loc| {
                    let local = loc
                        .span()
                        .byte_offset()
                        .map(|b| b as usize)
                        .filter(|b| *b <= text.len())
                        .unwrap_or_else(|| {
                            local_offset(text, loc.line() as usize, loc.column() as usize)
                        });
                    let start = offset + local;
                    Span::new(start, start + token_len(&text[local.min(text.len())..]))
                })
                .unwrap_or_else(|| Span::new(offset, offset));
            let first_key = match error {
                serde_saphyr::Error::DuplicateMappingKey { .. } => {
                    first_occurrence(text, offset, span.start)
                }
                _ => None,
            };
            Err(YamlError {
                message: clean_message(&error.to_string()),
                span,
                first_key,
            })
        }
    }
}

/// Finds the first occurrence of the duplicate key that starts at byte
/// `second` of the file, by reading the text again with duplicates kept.
fn first_occurrence(text: &str, offset: usize, second: usize) -> Option<Span> {
    let root = convert(
        deserialize(text, DuplicateKeyPolicy::PassThrough).ok()?,
        offset,
        text,
    );
    find_first_key(&root, second)
}

fn find_first_key(node: &Node, second: usize) -> Option<Span> {
    match &node.value {
        Value::Map(entries) => {
            if let Some(index) = entries.iter().position(|(key, _)| key.span.start == second) {
                let duplicate = &entries[index].0;
                return entries[..index]
                    .iter()
                    .find(|(key, _)| same_scalar(key, duplicate))
                    .map(|(key, _)| key.span);
            }
            entries
                .iter()
                .find_map(|(_, value)| find_first_key(value, second))
        }
        Value::Seq(items) => items.iter().find_map(|item| find_first_key(item, second)),
        _ => None,
    }
}

fn same_scalar(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

/// Reads `text` with policylint's limits: YAML 1.2 booleans, one document,
/// and a bounded budget of depth, aliases, events and nodes.
fn deserialize(
    text: &str,
    duplicate_keys: DuplicateKeyPolicy,
) -> Result<Spanned<RawNode>, serde_saphyr::Error> {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_nodes = 100_000;
    budget.max_documents = 1;
    budget.flow_nesting_limit = MAX_DEPTH;
    let mut options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    options.budget = Some(budget);
    options.duplicate_keys = duplicate_keys;
    // A repeated alias is replayed event by event; this keeps an alias bomb
    // (each anchor expanding the previous one nine times) to a bounded cost.
    options.alias_limits.max_total_replayed_events = 100_000;
    serde_saphyr::from_str_with_options::<Spanned<RawNode>>(text, options)
}

/// Byte offset of a 1-based line and character column within `text`.
fn local_offset(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line.max(1) {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[line_start..];
    let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
    line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// Length of the token at the start of `rest`, so an error underlines a word
/// rather than a single character.
fn token_len(rest: &str) -> usize {
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let word: usize = line
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}'))
        .map_or(line.len(), |(i, _)| i);
    if word == 0 {
        line.chars().next().map_or(0, char::len_utf8)
    } else {
        word
    }
}

/// serde-saphyr's messages sometimes carry advice about its own API
/// ("set DuplicateKeyPolicy in Options"); a policylint user cannot act on it.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = first.split(", set ").next().unwrap_or(first);
    let first = first
        .split(" at line ")
        .next()
        .unwrap_or(first)
        .trim_end_matches('.');
    first.to_owned()
}

fn convert(node: Spanned<RawNode>, offset: usize, text: &str) -> Node {
    let span = span_of(&node, offset, text);
    let value = match node.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(b) => Value::Bool(b),
        RawNode::Int(i) => Value::Int(i),
        RawNode::Float(f) => Value::Float(f),
        RawNode::String(s) => Value::String(s),
        RawNode::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|n| convert(n, offset, text))
                .collect(),
        ),
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(k, offset, text), convert(v, offset, text)))
                .collect(),
        ),
    };
    Node { value, span }
}

fn span_of(node: &Spanned<RawNode>, offset: usize, text: &str) -> Span {
    let loc = node.referenced;
    let span = loc.span();
    let (start, len) = match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => (start as usize, len as usize),
        _ => (
            local_offset(text, loc.line() as usize, loc.column() as usize),
            0,
        ),
    };
    let start = start.min(text.len());
    // Collections may come with an empty span at their first token; widen
    // it so a finding on the collection underlines something.
    let len = if len == 0 && !matches!(node.value, RawNode::Null) {
        token_len(&text[start..])
    } else {
        len
    };
    let end = (start + len).min(text.len());
    Span::new(offset + start, offset + end)
}

/// The tree serde-saphyr fills; converted to [`Node`] with file offsets.
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNodeVisitor)
    }
}

struct RawNodeVisitor;

impl<'de> Visitor<'de> for RawNodeVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }

    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(deserializer)
    }

    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }

    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }

    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::String(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<RawNode, E> {
        Ok(RawNode::String(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(text: &str) -> Result<Node, YamlError> {
        parse(text, 0)
    }

    #[test]
    fn spans_point_at_values() {
        let text = "id: POL-1\ncontrols: [A.5.1, \"A.5.2\"]\n";
        let node = parse_all(text).unwrap();
        let (key, value) = node.get("id").unwrap();
        assert_eq!(&text[key.span.range()], "id");
        assert_eq!(&text[value.span.range()], "POL-1");
        let (_, controls) = node.get("controls").unwrap();
        let items = controls.as_seq().unwrap();
        assert_eq!(&text[items[0].span.range()], "A.5.1");
        assert!(text[items[1].span.range()].contains("A.5.2"));
    }

    #[test]
    fn yaml_1_2_keeps_no_as_string() {
        let node = parse_all("owner: no\n").unwrap();
        assert_eq!(node.get("owner").unwrap().1.as_str(), Some("no"));
    }

    #[test]
    fn duplicate_key_is_error_on_second_key() {
        let text = "a: 1\nb: 2\na: 3\n";
        let error = parse_all(text).unwrap_err();
        assert_eq!(error.span.start, 10);
        assert!(error.message.contains("duplicate"), "{}", error.message);
        assert_eq!(error.first_key, Some(Span::new(0, 1)));
    }

    #[test]
    fn nested_duplicate_key_finds_first() {
        let text = "review:\n  interval: 6 months\n  trailer: X\n  interval: 1 year\nsoa: a\n";
        let error = parse_all(text).unwrap_err();
        let first = error.first_key.expect("first occurrence");
        assert_eq!(&text[first.start..first.end], "interval");
        assert_eq!(first.start, 10);
    }

    #[test]
    fn alias_bomb_is_rejected() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
            ("h", "g"),
        ] {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(parse_all(&text).is_err());
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let flow = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let block: String = (0..1_000)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        // Parsing runs on worker threads with the default 2 MiB stack; the
        // nesting limits must stop hostile input before it exhausts one.
        let worker = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || (parse_all(&flow).is_err(), parse_all(&block).is_err()))
            .unwrap();
        assert_eq!(worker.join().unwrap(), (true, true));
    }

    #[test]
    fn numbers_keep_their_text() {
        let text = "c: [5.10, 7]\n";
        let file = SourceFile::new("t.yaml", text);
        let node = parse(text, 0).unwrap();
        let items = node.get("c").unwrap().1.as_seq().unwrap().to_vec();
        assert_eq!(items[0].scalar_text(&file).as_deref(), Some("5.10"));
        assert_eq!(items[1].scalar_text(&file).as_deref(), Some("7"));
    }
}
