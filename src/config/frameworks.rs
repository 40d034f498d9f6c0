//! The config keys for several frameworks: `frameworks`, `mappings`, a
//! `soa` list with one file per framework, and `soa_export`.

use super::{Config, Framework, Loader};
use crate::source::Span;
use crate::yaml::{self, Node};

/// A cross-framework mapping named in `mappings:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingSource {
    Builtin(String),
    /// A mapping file, repository-relative.
    File(String),
}

/// The `mappings:` setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mappings {
    /// Every built-in mapping between two configured frameworks.
    Auto,
    /// The listed mappings only (none for `off`), with the span of each entry.
    List(Vec<(MappingSource, Span)>),
}

/// The `soa_export:` setting: a Statement of Applicability export committed
/// to the repository, which `soa/out-of-date` compares with a fresh one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoaExport {
    /// Repository-relative path.
    pub path: String,
    pub format: crate::soa_export::ExportFormat,
}

impl Loader<'_> {
    pub(super) fn both_framework_keys(&mut self, node: &Node) {
        self.reader.error(
            node.span,
            "the config sets both `framework` and `frameworks`",
            Some("list every framework under `frameworks:`, the main one first".into()),
        );
    }

    /// Reads `frameworks:`, a list of built-in ids or catalog paths; the first is
    /// the main framework, which plain `controls:` lists and `soa:` refer to.
    pub(super) fn frameworks(&mut self, node: &Node, config: &mut Config) {
        if config.key_spans.contains_key("framework") {
            self.both_framework_keys(node);
            return;
        }
        let Some(items) = node.as_seq() else {
            self.reader.error(
                node.span,
                format!("`frameworks` must be a list, found {}", node.kind()),
                Some("write `frameworks: [iso27001-2022, soc2-tsc-2017]`".into()),
            );
            return;
        };
        let mut frameworks: Vec<Framework> = Vec::new();
        for item in items {
            let Some(framework) = self.framework_source(item, config) else {
                continue;
            };
            if frameworks.contains(&framework) {
                self.reader.error(
                    item.span,
                    "this framework is listed twice in `frameworks`",
                    Some("remove the second entry".into()),
                );
                continue;
            }
            frameworks.push(framework);
        }
        if let Some(first) = frameworks.first() {
            config.framework = first.clone();
            config.frameworks = frameworks;
        } else if self.reader.errors.is_empty() {
            self.reader.error(
                node.span,
                "`frameworks` is empty",
                Some("list at least one framework, such as `iso27001-2022`".into()),
            );
        }
    }

    /// Reads `mappings:`, a list of built-in mapping ids or mapping file paths, or
    /// `off`; without the key every built-in mapping between two configured
    /// frameworks applies.
    pub(super) fn mappings(&mut self, node: &Node, config: &mut Config) {
        let is_off = matches!(node.value, yaml::Value::Bool(false)) || node.as_str() == Some("off");
        if is_off {
            config.mappings = Mappings::List(Vec::new());
            return;
        }
        let builtins = crate::catalog::builtin_mapping_ids();
        let mut list = Vec::new();
        for (text, span) in self.reader.strings(node, "`mappings`") {
            if builtins.contains(&text.as_str()) {
                list.push((MappingSource::Builtin(text), span));
                continue;
            }
            if !(text.ends_with(".yaml") || text.ends_with(".yml") || text.contains('/')) {
                self.reader.error(
                    span,
                    format!("unknown mapping \"{text}\""),
                    Some(format!(
                        "the built-in mappings are: {}; a custom mapping is a path to a .yaml file",
                        builtins.join(", ")
                    )),
                );
                continue;
            }
            match config.resolve(&text) {
                Some(path) if self.files.exists(&path) => {
                    list.push((MappingSource::File(path), span));
                }
                Some(path) => {
                    self.reader
                        .error(span, format!("mapping file `{path}` not found"), None);
                }
                None => self.reader.error(
                    span,
                    format!("`mappings` path \"{text}\" leaves the repository"),
                    Some("write a path relative to the config file, inside the repository".into()),
                ),
            }
        }
        config.mappings = Mappings::List(list);
    }

    /// Reads `soa:`, one file or a list of files, one per framework.
    pub(super) fn soa(&mut self, node: &Node, config: &mut Config) {
        const WHAT: &str = "Statement of Applicability";
        if node.as_seq().is_none() {
            config.soa = self.existing_path(node, config, WHAT, "soa");
            return;
        }
        let mut paths = Vec::new();
        for item in node.as_seq().unwrap_or_default() {
            if let Some(path) = self.existing_path(item, config, WHAT, "soa") {
                paths.push(path);
            }
        }
        let mut paths = paths.into_iter();
        config.soa = paths.next();
        config.other_soas = paths.collect();
    }

    /// Reads `soa_export:`, the path of a committed export. Its extension
    /// picks the format it is compared in.
    pub(super) fn soa_export(&mut self, node: &Node, config: &mut Config) {
        let Some(path) = self.path(node, config, "`soa_export`") else {
            return;
        };
        match crate::soa_export::ExportFormat::from_path(&path) {
            Some(format) => config.soa_export = Some(SoaExport { path, format }),
            None => self.reader.error(
                node.span,
                format!("cannot tell the format of the SoA export `{path}` from its extension"),
                Some("name a `.md`, `.csv` or `.json` file".into()),
            ),
        }
    }
}
