//! Cross-framework mappings: which controls of one framework count toward a
//! control of another, so a document mapped to ISO/IEC 27001 controls also
//! covers the SOC 2 criteria those controls address. The built-in mappings
//! live in `rules/mappings/`; a config may load custom ones of the same schema.

use std::collections::HashMap;

use super::Catalog;
use crate::schema::{self, Reader, SchemaError};
use crate::source::{SourceFile, Span};
use crate::yaml::Node;

/// A built-in cross-framework mapping: its id, the frameworks it leads from
/// and to (the same as in its file), and the YAML text.
pub struct BuiltinMapping {
    pub id: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub text: &'static str,
}

const BUILTIN: &[BuiltinMapping] = &[BuiltinMapping {
    id: "iso27001-2022-to-soc2-tsc-2017",
    from: "iso27001-2022",
    to: "soc2-tsc-2017",
    text: include_str!("../../rules/mappings/iso27001-2022-to-soc2-tsc-2017.yaml"),
}];

/// Returns the ids of the built-in mappings.
pub fn builtin_mapping_ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|m| m.id).collect()
}

/// Looks up a built-in mapping by id.
pub fn builtin_mapping(id: &str) -> Option<&'static BuiltinMapping> {
    BUILTIN.iter().find(|m| m.id == id)
}

/// A directed mapping: documents that implement a `from` control count
/// toward the `to` controls it is listed under.
#[derive(Clone, Debug)]
pub struct Mapping {
    pub id: String,
    pub name: String,
    /// The framework whose controls documents list.
    pub from: String,
    /// The framework whose controls those documents count toward.
    pub to: String,
    /// Whether the mapping is a judgement rather than a published
    /// equivalence. The views mark coverage through such a mapping.
    pub indicative: bool,
    /// Each `to` control (canonical id) with its `from` controls (canonical
    /// ids), in file order.
    pub entries: Vec<(String, Vec<String>)>,
    /// `from` control id to the `to` control ids it counts toward.
    targets: HashMap<String, Vec<String>>,
}

impl Mapping {
    /// Loads a built-in mapping. `catalogs` must hold both of its frameworks.
    pub fn builtin(id: &str, catalogs: &[&Catalog]) -> Option<Result<Mapping, Vec<SchemaError>>> {
        let builtin = builtin_mapping(id)?;
        let file = SourceFile::new(format!("rules/mappings/{id}.yaml"), builtin.text);
        Some(Mapping::from_file(&file, catalogs))
    }

    /// Reads a mapping file, checking every id against the catalogs of its
    /// `from` and `to` frameworks, which must be among `catalogs`.
    pub fn from_file(
        file: &SourceFile,
        catalogs: &[&Catalog],
    ) -> Result<Mapping, Vec<SchemaError>> {
        let root = schema::parse_file(file)?;
        let mut reader = Reader::new(file);
        let mapping = read_mapping(&mut reader, &root, catalogs);
        match mapping {
            Some(mapping) if reader.errors.is_empty() => Ok(mapping),
            _ => {
                if reader.errors.is_empty() {
                    reader.error(root.span, "not a mapping file", None);
                }
                Err(reader.errors)
            }
        }
    }

    /// Returns the `to` controls that the `from` control (canonical id)
    /// counts toward.
    pub fn targets_of(&self, from_control: &str) -> &[String] {
        self.targets.get(from_control).map_or(&[], Vec::as_slice)
    }

    /// Returns the `from` controls listed under a `to` control.
    pub fn sources_of(&self, to_control: &str) -> &[String] {
        self.entries
            .iter()
            .find(|(to, _)| to == to_control)
            .map_or(&[], |(_, from)| from.as_slice())
    }
}

const FIELDS: &[&str] = &["id", "name", "from", "to", "indicative", "map"];

fn read_mapping(reader: &mut Reader, root: &Node, catalogs: &[&Catalog]) -> Option<Mapping> {
    let mut id = None;
    let mut name = None;
    let mut from = None;
    let mut to = None;
    let mut indicative = false;
    let mut map_node = None;
    let fields = reader.fields(root, "the mapping", FIELDS);
    for field in ["id", "from", "to", "map"] {
        if !fields.iter().any(|(key, _, _)| *key == field) {
            reader.error(root.span, format!("the mapping has no `{field}`"), None);
        }
    }
    for (key, _, value) in fields {
        match key {
            "id" => id = reader.string(value, "`id`"),
            "name" => name = reader.string(value, "`name`"),
            "from" => from = framework(reader, value, "`from`", catalogs),
            "to" => to = framework(reader, value, "`to`", catalogs),
            "indicative" => indicative = reader.boolean(value, "`indicative`").unwrap_or(false),
            _ => map_node = Some(value),
        }
    }
    let (from, to) = (from?, to?);
    if from.id == to.id {
        reader.error(
            root.span,
            format!("the mapping leads from `{}` to itself", from.id),
            Some("set `from` and `to` to two different frameworks".into()),
        );
        return None;
    }
    let entries = read_entries(reader, map_node?, from, to);

    let mut targets: HashMap<String, Vec<String>> = HashMap::new();
    for (target, sources) in &entries {
        for source in sources {
            targets
                .entry(source.clone())
                .or_default()
                .push(target.clone());
        }
    }
    let id = id?;
    Some(Mapping {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        from: from.id.clone(),
        to: to.id.clone(),
        indicative,
        entries,
        targets,
    })
}

/// Reads `from` or `to`: the id of one of the configured frameworks.
fn framework<'c>(
    reader: &mut Reader,
    node: &Node,
    what: &str,
    catalogs: &[&'c Catalog],
) -> Option<&'c Catalog> {
    let text = reader.string(node, what)?;
    if let Some(catalog) = catalogs.iter().find(|c| c.id == text) {
        return Some(catalog);
    }
    let ids: Vec<&str> = catalogs.iter().map(|c| c.id.as_str()).collect();
    reader.error(
        node.span,
        format!("{what} framework \"{text}\" is not configured"),
        Some(format!(
            "the configured frameworks are: {}; add the framework to `frameworks:` in the config",
            ids.join(", ")
        )),
    );
    None
}

/// Reads `map`: each `to` control once, with a list of `from` controls.
fn read_entries(
    reader: &mut Reader,
    node: &Node,
    from: &Catalog,
    to: &Catalog,
) -> Vec<(String, Vec<String>)> {
    let Some(items) = reader.map(node, "`map`") else {
        return Vec::new();
    };
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (key, value) in items {
        let Some(written) = key.scalar_text(reader.file) else {
            reader.error(key.span, "control ids in `map` must be strings", None);
            continue;
        };
        let Some(target) = known(reader, &written, key.span, to) else {
            continue;
        };
        let line = reader.file.position(key.span.start).line;
        if let Some(first) = first_line.insert(target.clone(), line) {
            reader.error(
                key.span,
                format!("control {target} is listed twice in `map` (first on line {first})"),
                Some("keep one entry per control and list every source control in it".into()),
            );
            continue;
        }
        let mut sources = Vec::new();
        if !value.is_null() {
            for (source, span) in reader.strings(value, &format!("the controls of {target}")) {
                if let Some(id) = known(reader, &source, span, from)
                    && !sources.contains(&id)
                {
                    sources.push(id);
                }
            }
        }
        entries.push((target, sources));
    }
    entries
}

/// Returns the canonical id of `written` in `catalog`, or reports it at
/// `span` with the nearest id as a did-you-mean.
fn known(reader: &mut Reader, written: &str, span: Span, catalog: &Catalog) -> Option<String> {
    if let Some(control) = catalog.lookup(written) {
        return Some(control.id.clone());
    }
    let help = catalog
        .nearest(written)
        .map(|c| format!("did you mean {} ({})?", c.id, c.title));
    reader.error(
        span,
        format!("\"{written}\" is not a control of {}", catalog.name),
        help,
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogs() -> (Catalog, Catalog) {
        (
            Catalog::builtin("iso27001-2022").unwrap(),
            Catalog::builtin("soc2-tsc-2017").unwrap(),
        )
    }

    #[test]
    fn builtin_mapping_lists_every_criterion() {
        let (iso, soc2) = catalogs();
        let mapping = Mapping::builtin("iso27001-2022-to-soc2-tsc-2017", &[&iso, &soc2])
            .unwrap()
            .unwrap();
        assert!(mapping.indicative);
        assert_eq!(mapping.entries.len(), soc2.controls.len());
        assert!(mapping.targets_of("A.5.15").contains(&"CC6.1".to_owned()));
        assert!(mapping.sources_of("PI1.1").is_empty());
    }

    #[test]
    fn builtin_table_matches_files() {
        let (iso, soc2) = catalogs();
        for builtin in BUILTIN {
            let mapping = Mapping::builtin(builtin.id, &[&iso, &soc2])
                .unwrap()
                .unwrap();
            assert_eq!(mapping.id, builtin.id);
            assert_eq!(mapping.from, builtin.from);
            assert_eq!(mapping.to, builtin.to);
        }
    }

    #[test]
    fn errors_point_at_their_lines() {
        let (iso, soc2) = catalogs();
        let text = "id: m\nfrom: iso27001-2022\nto: soc2-tsc-2017\nmap:\n  CC6.1: [A.5.15, A.5.155]\n  CC6.99: [A.5.1]\n  cc6.1: []\n";
        let file = SourceFile::new("m.yaml", text);
        let errors = Mapping::from_file(&file, &[&iso, &soc2]).unwrap_err();
        let lines: Vec<usize> = errors
            .iter()
            .map(|e| file.position(e.span.start).line)
            .collect();
        assert_eq!(lines, [5, 6, 7], "{errors:?}");
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean A.5.15 (Access control)?")
        );
    }

    #[test]
    fn unconfigured_framework_is_an_error() {
        let (iso, _) = catalogs();
        let text = "id: m\nfrom: iso27001-2022\nto: nist-csf\nmap: {}\n";
        let file = SourceFile::new("m.yaml", text);
        let errors = Mapping::from_file(&file, &[&iso]).unwrap_err();
        assert_eq!(file.position(errors[0].span.start).line, 3);
        assert!(errors[0].message.contains("\"nist-csf\" is not configured"));
    }
}
