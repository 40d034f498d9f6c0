//! `dialect:`, `fields:` and `framework_names:`: how to read front matter
//! written for another tool.

use super::{Config, Loader};
use crate::document::dialect::{self, Kind};
use crate::document::meta::FIELDS;
use crate::suggest;
use crate::yaml::Node;

impl Loader<'_> {
    pub(super) fn dialect(&mut self, node: &Node, config: &mut Config) {
        if let Some(name) = self.reader.choice(node, "`dialect`", Kind::NAMES) {
            config.dialect.kind = Kind::parse(name).unwrap_or_default();
        }
    }

    /// `fields: { owner: responsible }`: a policylint field and the key, or
    /// list of keys tried in order, that documents use for it.
    pub(super) fn fields(&mut self, node: &Node, config: &mut Config) {
        let Some(entries) = self.reader.map(node, "`fields`") else {
            return;
        };
        for (key, value) in entries {
            let Some(field) = self.reader.string(key, "a field name") else {
                continue;
            };
            if !FIELDS.contains(&field.as_str()) {
                self.reader.error(
                    key.span,
                    format!("unknown front matter field `{field}` in `fields`"),
                    Some(match suggest::did_you_mean(&field, FIELDS.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`? Each key is a policylint field, each value the key your documents use"),
                        None => format!("each key is a policylint field: {}", FIELDS.join(", ")),
                    }),
                );
                continue;
            }
            let keys: Vec<String> = self
                .reader
                .strings(value, &format!("`fields.{field}`"))
                .into_iter()
                .map(|(key, _)| key)
                .collect();
            if !keys.is_empty() {
                config.dialect.fields.push((field, keys));
            }
        }
    }

    /// `framework_names: { "ISO 27001": iso27001-2022 }`.
    pub(super) fn framework_names(&mut self, node: &Node, config: &mut Config) {
        let Some(entries) = self.reader.map(node, "`framework_names`") else {
            return;
        };
        for (key, value) in entries {
            let (Some(name), Some(id)) = (
                self.reader.string(key, "a framework name"),
                self.reader.string(value, "a framework id"),
            ) else {
                continue;
            };
            config
                .dialect
                .framework_names
                .push((dialect::fold(&name), id.trim().to_owned()));
        }
    }
}
