//! Reading parsed YAML against the shape a file must have. Every problem is
//! collected with its span, so one run reports all of them rather than the
//! first.

use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::yaml::{Node, Value};

/// A value that does not fit the expected shape.
#[derive(Clone, Debug)]
pub struct SchemaError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// Parses a whole file as YAML, turning a syntax error into a schema error.
pub fn parse_file(file: &SourceFile) -> Result<Node, Vec<SchemaError>> {
    crate::yaml::parse(&file.text, 0).map_err(|e| {
        vec![SchemaError {
            message: format!("invalid YAML: {}", e.message),
            span: e.span,
            help: None,
        }]
    })
}

/// Collects the problems of one file.
pub struct Reader<'a> {
    pub file: &'a SourceFile,
    pub errors: Vec<SchemaError>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        Reader {
            file,
            errors: Vec::new(),
        }
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>, help: Option<String>) {
        self.errors.push(SchemaError {
            message: message.into(),
            span,
            help,
        });
    }

    /// Reads the entries of a mapping. `what` names the value in the message.
    /// An empty value (`rules:` with every entry deleted or commented out)
    /// is an empty mapping.
    pub fn map<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            Value::Null => Some(&[]),
            _ => {
                self.error(
                    node.span,
                    format!(
                        "{what} must be a mapping of keys to values, found {}",
                        node.kind()
                    ),
                    None,
                );
                None
            }
        }
    }

    /// Reads the entries of a mapping with string keys, reporting each key
    /// that is not in `allowed` with a did-you-mean help.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Vec<(&'n str, &'n Node, &'n Node)> {
        let Some(entries) = self.map(node, what) else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.error(key.span, format!("keys in {what} must be strings"), None);
                continue;
            };
            if allowed.contains(&name) {
                fields.push((name, key, value));
            } else {
                self.error(
                    key.span,
                    format!("unknown key `{name}` in {what}"),
                    Some(suggest::help_for(name, allowed)),
                );
            }
        }
        fields
    }

    /// Reads a scalar as text, numbers as written. `what` names it in the message.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match node.scalar_text(self.file) {
            Some(text) if !text.trim().is_empty() => Some(text),
            Some(_) => {
                self.error(node.span, format!("{what} is empty"), None);
                None
            }
            None => {
                self.error(
                    node.span,
                    format!("{what} must be a string, found {}", node.kind()),
                    None,
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be true or false, found {}", node.kind()),
                    None,
                );
                None
            }
        }
    }

    /// Reads a list of strings. A single string is read as a one-item list.
    pub fn strings(&mut self, node: &Node, what: &str) -> Vec<(String, Span)> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    self.string(item, &format!("each item of {what}"))
                        .map(|s| (s, item.span))
                })
                .collect(),
            Value::String(s) => vec![(s.clone(), node.span)],
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be a list of strings, found {}", node.kind()),
                    None,
                );
                Vec::new()
            }
        }
    }

    /// Reads one of `choices`, reporting any other value with a did-you-mean help.
    pub fn choice<'c>(&mut self, node: &Node, what: &str, choices: &[&'c str]) -> Option<&'c str> {
        let text = self.string(node, what)?;
        if let Some(found) = choices.iter().find(|c| **c == text) {
            return Some(found);
        }
        self.error(
            node.span,
            format!("{what} \"{text}\" is not one of: {}", choices.join(", ")),
            Some(suggest::help_for(&text, choices)),
        );
        None
    }
}
