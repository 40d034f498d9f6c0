//! `placeholders:` and `document_types:`: the settings of the
//! document-quality rules.

use super::custom::compile;
use super::{Config, Loader};
use crate::content::placeholders::Builtin;
use crate::content::sections;
use crate::document::DocType;
use crate::suggest;
use crate::yaml::{Node, Value};

impl Loader<'_> {
    pub(super) fn placeholders(&mut self, node: &Node, config: &mut Config) {
        let fields = self
            .reader
            .fields(node, "`placeholders`", &["builtin", "patterns", "allow"]);
        for (key, _, value) in fields {
            match key {
                "builtin" => {
                    if let Some(builtin) = self.builtin_placeholders(value) {
                        config.placeholders.builtin = builtin;
                    }
                }
                "patterns" => {
                    for (pattern, span) in self.reader.strings(value, "`placeholders.patterns`") {
                        match compile(&pattern) {
                            Ok(regex) => config.placeholders.patterns.push(regex),
                            Err((message, help)) => self.reader.error(span, message, Some(help)),
                        }
                    }
                }
                _ => {
                    config.placeholders.allow = self
                        .reader
                        .strings(value, "`placeholders.allow`")
                        .into_iter()
                        .map(|(text, _)| text)
                        .collect();
                }
            }
        }
    }

    /// `builtin: true`, `false`, or a list of the built-in patterns to keep.
    fn builtin_placeholders(&mut self, node: &Node) -> Option<Vec<Builtin>> {
        match node.value {
            Value::Bool(true) => {
                return Some(
                    Builtin::NAMES
                        .iter()
                        .filter_map(|n| Builtin::parse(n))
                        .collect(),
                );
            }
            Value::Bool(false) => return Some(Vec::new()),
            _ => {}
        }
        let mut builtin = Vec::new();
        for (name, span) in self.reader.strings(node, "`placeholders.builtin`") {
            match Builtin::parse(&name) {
                Some(pattern) => builtin.push(pattern),
                None => self.reader.error(
                    span,
                    format!("unknown built-in placeholder pattern \"{name}\""),
                    Some(suggest::help_for(&name, Builtin::NAMES)),
                ),
            }
        }
        Some(builtin)
    }

    pub(super) fn document_types(&mut self, node: &Node, config: &mut Config) {
        for (doc_type, _, value) in self.reader.fields(node, "`document_types`", DocType::ALL) {
            let what = format!("`document_types.{doc_type}`");
            let fields = self.reader.fields(value, &what, &["sections", "synonyms"]);
            // The list is replaced before synonyms are added, whatever the
            // order of the two keys.
            if let Some((_, _, list)) = fields.iter().find(|(key, _, _)| *key == "sections") {
                let list =
                    sections::read_sections(&mut self.reader, list, &format!("{what}.sections"));
                config.document_types.set(doc_type, list);
            }
            if let Some((_, _, synonyms)) = fields.iter().find(|(key, _, _)| *key == "synonyms") {
                self.section_synonyms(synonyms, doc_type, &what, config);
            }
        }
    }

    fn section_synonyms(&mut self, node: &Node, doc_type: &str, what: &str, config: &mut Config) {
        let Some(entries) = self.reader.map(node, &format!("{what}.synonyms")) else {
            return;
        };
        for (key, value) in entries {
            let Some(name) = self.reader.string(key, "a section name") else {
                continue;
            };
            let synonyms: Vec<String> = self
                .reader
                .strings(value, &format!("the synonyms of `{name}`"))
                .into_iter()
                .map(|(synonym, _)| synonym)
                .collect();
            match config.document_types.section_mut(doc_type, &name) {
                Some(section) => section.add_synonyms(synonyms),
                None => {
                    let names = config.document_types.section_names(doc_type);
                    let help = match suggest::did_you_mean(&name, names.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None if names.is_empty() => format!(
                            "a {doc_type} needs no section; list them in {what}.sections first"
                        ),
                        None => format!("the sections of a {doc_type} are: {}", names.join(", ")),
                    };
                    self.reader.error(
                        key.span,
                        format!("a {doc_type} has no required section \"{name}\""),
                        Some(help),
                    );
                }
            }
        }
    }
}
