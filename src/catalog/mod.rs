//! Frameworks and their controls, the 2013 to 2022 control map and the
//! mandatory management-system documents. The built-in data lives in `rules/`
//! and is compiled into the binary; a config may load a custom catalog file
//! of the same schema.

mod legacy;
mod management;
mod mapping;

use std::collections::{BTreeMap, HashMap};

pub use legacy::{LegacyControl, LegacyMap};
pub use management::{Clause, ManagementSystem, RequiredDocument, normalize_clause};
pub use mapping::{BuiltinMapping, Mapping, builtin_mapping, builtin_mapping_ids};

use crate::schema::{self, Reader, SchemaError};
use crate::source::SourceFile;
use crate::suggest;
use crate::yaml;

/// The built-in framework catalogs: id and YAML text.
const BUILTIN: &[(&str, &str)] = &[
    (
        "iso27001-2022",
        include_str!("../../rules/frameworks/iso27001-2022.yaml"),
    ),
    (
        "soc2-tsc-2017",
        include_str!("../../rules/frameworks/soc2-tsc-2017.yaml"),
    ),
];

/// Returns the ids of the built-in frameworks.
pub fn builtin_ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|(id, _)| *id).collect()
}

/// A framework: its groups, attribute sets and controls.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    /// A prefix that may be left out when a control id is written ("A." in
    /// ISO/IEC 27001 Annex A, so `5.15` means `A.5.15`).
    pub id_prefix: Option<String>,
    pub groups: Vec<Group>,
    pub attributes: Vec<AttributeSet>,
    pub controls: Vec<Control>,
    index: HashMap<String, usize>,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// One attribute set, such as ISO/IEC 27002's cybersecurity concepts.
#[derive(Clone, Debug)]
pub struct AttributeSet {
    pub id: String,
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub group: Option<String>,
    /// The control first appeared in this edition of the framework.
    pub new: bool,
    pub attributes: BTreeMap<String, Vec<String>>,
}

impl Catalog {
    /// Loads the built-in catalog with this id.
    pub fn builtin(id: &str) -> Option<Catalog> {
        let (_, text) = BUILTIN.iter().find(|(builtin, _)| *builtin == id)?;
        let file = SourceFile::new(format!("rules/frameworks/{id}.yaml"), *text);
        // The built-in files are parsed by the unit tests of this module, so a
        // failure here means the embedded data was changed without them.
        Catalog::from_file(&file).ok()
    }

    /// Read a catalog file, reporting every schema problem.
    pub fn from_file(file: &SourceFile) -> Result<Catalog, Vec<SchemaError>> {
        let root = schema::parse_file(file)?;
        let mut reader = Reader::new(file);
        let catalog = read_catalog(&mut reader, &root);
        match catalog {
            Some(catalog) if reader.errors.is_empty() => Ok(catalog),
            _ => {
                if reader.errors.is_empty() {
                    reader.error(root.span, "not a catalog", None);
                }
                Err(reader.errors)
            }
        }
    }

    /// Looks up the control an id refers to, after normalisation.
    pub fn lookup(&self, written: &str) -> Option<&Control> {
        self.index
            .get(&self.normalize(written))
            .map(|&i| &self.controls[i])
    }

    pub fn position(&self, control_id: &str) -> Option<usize> {
        self.index.get(&self.normalize(control_id)).copied()
    }

    /// Converts a written control id to its canonical form: upper case, `.`
    /// as the only separator, and the id prefix added when it was left out. So
    /// `A.5.15`, `a.5.15`, `5.15` and `A 5.15` are the same control.
    pub fn normalize(&self, written: &str) -> String {
        normalize_id(written, self.id_prefix.as_deref())
    }

    /// Finds the control whose id is closest to `written`, for a did-you-mean
    /// help.
    pub fn nearest(&self, written: &str) -> Option<&Control> {
        let normalized = self.normalize(written);
        let ids: Vec<&str> = self.controls.iter().map(|c| c.id.as_str()).collect();
        let best = suggest::did_you_mean(&normalized, ids)?;
        self.lookup(best)
    }

    pub fn group_name(&self, group: &str) -> String {
        self.groups
            .iter()
            .find(|g| g.id == group)
            .map_or_else(|| group.to_owned(), |g| g.name.clone())
    }
}

/// See [`Catalog::normalize`].
pub fn normalize_id(written: &str, prefix: Option<&str>) -> String {
    let mut key = String::with_capacity(written.len() + 2);
    for c in written.trim().chars() {
        if c.is_whitespace() || matches!(c, '.' | '_' | '-') {
            if !key.is_empty() && !key.ends_with('.') {
                key.push('.');
            }
        } else {
            key.extend(c.to_uppercase());
        }
    }
    let key = key.trim_end_matches('.').to_owned();
    let Some(prefix) = prefix else {
        return key;
    };
    // The prefix gets the same normalisation as the id, so "IC-" matches
    // "IC-1" (normalised to "IC.1") and "1" alone becomes "IC.1" too.
    let stem = normalize_id(prefix, None);
    let rest = match key.strip_prefix(&stem) {
        Some(rest) if rest.starts_with('.') || rest.starts_with(|c: char| c.is_ascii_digit()) => {
            rest.trim_start_matches('.')
        }
        _ => key.as_str(),
    };
    format!("{stem}.{rest}")
}

fn read_catalog(reader: &mut Reader, root: &yaml::Node) -> Option<Catalog> {
    let fields = reader.fields(
        root,
        "the catalog",
        &[
            "id",
            "name",
            "id_prefix",
            "groups",
            "attributes",
            "controls",
        ],
    );
    let mut id = None;
    let mut name = None;
    let mut id_prefix = None;
    let mut groups = Vec::new();
    let mut attributes = Vec::new();
    let mut controls_node = None;
    for (key, _, value) in fields {
        match key {
            "id" => id = reader.string(value, "`id`"),
            "name" => name = reader.string(value, "`name`"),
            "id_prefix" => id_prefix = reader.string(value, "`id_prefix`"),
            "groups" => groups = read_groups(reader, value),
            "attributes" => attributes = read_attribute_sets(reader, value),
            "controls" => controls_node = Some(value),
            _ => {}
        }
    }
    let Some(controls_node) = controls_node else {
        reader.error(root.span, "the catalog has no `controls` list", None);
        return None;
    };
    let controls = read_controls(reader, controls_node, &groups, &attributes);
    let id = id.or_else(|| {
        reader.error(root.span, "the catalog has no `id`", None);
        None
    })?;

    let mut catalog = Catalog {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        id_prefix,
        groups,
        attributes,
        controls,
        index: HashMap::new(),
    };
    let mut index = HashMap::new();
    for (i, control) in catalog.controls.iter().enumerate() {
        index.insert(catalog.normalize(&control.id), i);
    }
    catalog.index = index;
    Some(catalog)
}

fn read_groups(reader: &mut Reader, node: &yaml::Node) -> Vec<Group> {
    let Some(items) = node.as_seq() else {
        reader.error(node.span, "`groups` must be a list", None);
        return Vec::new();
    };
    let mut groups = Vec::new();
    for item in items {
        let mut id = None;
        let mut name = None;
        for (key, _, value) in reader.fields(item, "a group", &["id", "name"]) {
            match key {
                "id" => id = reader.string(value, "the group `id`"),
                _ => name = reader.string(value, "the group `name`"),
            }
        }
        match id {
            Some(id) => groups.push(Group {
                name: name.unwrap_or_else(|| id.clone()),
                id,
            }),
            None => reader.error(item.span, "a group has no `id`", None),
        }
    }
    groups
}

fn read_attribute_sets(reader: &mut Reader, node: &yaml::Node) -> Vec<AttributeSet> {
    let Some(items) = node.as_seq() else {
        reader.error(node.span, "`attributes` must be a list", None);
        return Vec::new();
    };
    let mut sets = Vec::new();
    for item in items {
        let mut id = None;
        let mut name = None;
        let mut values = Vec::new();
        for (key, _, value) in reader.fields(item, "an attribute set", &["id", "name", "values"]) {
            match key {
                "id" => id = reader.string(value, "the attribute set `id`"),
                "name" => name = reader.string(value, "the attribute set `name`"),
                _ => {
                    values = reader
                        .strings(value, "`values`")
                        .into_iter()
                        .map(|(v, _)| v)
                        .collect();
                }
            }
        }
        match id {
            Some(id) => sets.push(AttributeSet {
                name: name.unwrap_or_else(|| id.clone()),
                id,
                values,
            }),
            None => reader.error(item.span, "an attribute set has no `id`", None),
        }
    }
    sets
}

fn read_controls(
    reader: &mut Reader,
    node: &yaml::Node,
    groups: &[Group],
    attribute_sets: &[AttributeSet],
) -> Vec<Control> {
    let Some(items) = node.as_seq() else {
        reader.error(node.span, "`controls` must be a list", None);
        return Vec::new();
    };
    let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let set_ids: Vec<&str> = attribute_sets.iter().map(|s| s.id.as_str()).collect();
    let mut controls = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for item in items {
        let mut control = Control {
            id: String::new(),
            title: String::new(),
            group: None,
            new: false,
            attributes: BTreeMap::new(),
        };
        let fields = reader.fields(
            item,
            "a control",
            &["id", "title", "group", "new", "attributes"],
        );
        for (key, _, value) in fields {
            match key {
                "id" => control.id = reader.string(value, "the control `id`").unwrap_or_default(),
                "title" => {
                    control.title = reader
                        .string(value, "the control `title`")
                        .unwrap_or_default()
                }
                "group" => {
                    if group_ids.is_empty() {
                        control.group = reader.string(value, "the control `group`");
                    } else {
                        control.group = reader
                            .choice(value, "the control `group`", &group_ids)
                            .map(str::to_owned);
                    }
                }
                "new" => control.new = reader.boolean(value, "`new`").unwrap_or(false),
                _ => read_control_attributes(reader, value, attribute_sets, &set_ids, &mut control),
            }
        }
        if control.id.is_empty() {
            reader.error(item.span, "a control has no `id`", None);
            continue;
        }
        if seen.insert(control.id.to_uppercase(), ()).is_some() {
            reader.error(
                item.span,
                format!("control `{}` is listed twice", control.id),
                None,
            );
            continue;
        }
        controls.push(control);
    }
    controls
}

fn read_control_attributes(
    reader: &mut Reader,
    node: &yaml::Node,
    attribute_sets: &[AttributeSet],
    set_ids: &[&str],
    control: &mut Control,
) {
    for (set_id, _, values) in reader.fields(node, "the control `attributes`", set_ids) {
        let Some(set) = attribute_sets.iter().find(|s| s.id == set_id) else {
            continue;
        };
        let allowed: Vec<&str> = set.values.iter().map(String::as_str).collect();
        let mut kept = Vec::new();
        for (value, span) in reader.strings(values, &format!("`{set_id}`")) {
            if allowed.contains(&value.as_str()) {
                kept.push(value);
            } else {
                reader.error(
                    span,
                    format!("`{value}` is not a value of the attribute set `{set_id}`"),
                    Some(suggest::help_for(&value, &allowed)),
                );
            }
        }
        control.attributes.insert(set_id.to_owned(), kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso27001_theme_counts() {
        let catalog = Catalog::builtin("iso27001-2022").expect("built-in catalog loads");
        assert_eq!(catalog.controls.len(), 93);
        let count = |group: &str| {
            catalog
                .controls
                .iter()
                .filter(|c| c.group.as_deref() == Some(group))
                .count()
        };
        assert_eq!(count("organizational"), 37);
        assert_eq!(count("people"), 8);
        assert_eq!(count("physical"), 14);
        assert_eq!(count("technological"), 34);
    }

    #[test]
    fn iso27001_every_control_has_five_attribute_sets() {
        let catalog = Catalog::builtin("iso27001-2022").unwrap();
        assert_eq!(catalog.attributes.len(), 5);
        for control in &catalog.controls {
            assert_eq!(control.attributes.len(), 5, "{}", control.id);
            assert!(
                control.attributes.values().all(|v| !v.is_empty()),
                "{}",
                control.id
            );
        }
        let new: Vec<&str> = catalog
            .controls
            .iter()
            .filter(|c| c.new)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(new.len(), 11);
    }

    #[test]
    fn soc2_counts_by_series_and_category() {
        let catalog = Catalog::builtin("soc2-tsc-2017").expect("built-in catalog loads");
        assert_eq!(catalog.controls.len(), 61);
        assert_eq!(catalog.groups.len(), 20);
        let in_series = |series: &str| {
            catalog
                .controls
                .iter()
                .filter(|c| c.group.as_deref() == Some(series))
                .count()
        };
        let series = [
            ("CC1", 5),
            ("CC2", 3),
            ("CC3", 4),
            ("CC4", 2),
            ("CC5", 3),
            ("CC6", 8),
            ("CC7", 5),
            ("CC8", 1),
            ("CC9", 2),
            ("A1", 3),
            ("C1", 2),
            ("PI1", 5),
            ("P1", 1),
            ("P2", 1),
            ("P3", 2),
            ("P4", 3),
            ("P5", 2),
            ("P6", 7),
            ("P7", 1),
            ("P8", 1),
        ];
        for (id, count) in series {
            assert_eq!(in_series(id), count, "series {id}");
        }
        let in_category = |category: &str| {
            catalog
                .controls
                .iter()
                .filter(|c| c.attributes["category"] == [category])
                .count()
        };
        assert_eq!(in_category("security"), 33);
        assert_eq!(in_category("availability"), 3);
        assert_eq!(in_category("confidentiality"), 2);
        assert_eq!(in_category("processing_integrity"), 5);
        assert_eq!(in_category("privacy"), 18);
        assert_eq!(
            catalog.lookup("cc6.1").map(|c| c.id.as_str()),
            Some("CC6.1")
        );
    }

    #[test]
    fn lookup_normalizes_ids() {
        let catalog = Catalog::builtin("iso27001-2022").unwrap();
        for written in ["A.5.15", "a.5.15", "5.15", "A 5.15", "A5.15", " A.5.15 "] {
            assert_eq!(
                catalog.lookup(written).map(|c| c.id.as_str()),
                Some("A.5.15"),
                "{written}"
            );
        }
        assert!(catalog.lookup("A.5.38").is_none());
        assert!(catalog.lookup("A.9.2.3").is_none());
    }

    #[test]
    fn prefix_with_dash_may_be_left_out() {
        for written in ["IC-1", "ic-1", "IC 1", "IC1", "1"] {
            assert_eq!(normalize_id(written, Some("IC-")), "IC.1", "{written}");
        }
        assert_eq!(normalize_id("IC-1", None), "IC.1");
    }

    #[test]
    fn nearest_suggests_typo() {
        let catalog = Catalog::builtin("iso27001-2022").unwrap();
        assert_eq!(
            catalog.nearest("A.5.155").map(|c| c.id.as_str()),
            Some("A.5.15")
        );
    }

    #[test]
    fn custom_catalog_errors_have_spans() {
        let text = "id: custom\ncontrols:\n  - id: C-1\n    titel: One\n  - id: C-1\n";
        let file = SourceFile::new("custom.yaml", text);
        let errors = Catalog::from_file(&file).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(file.position(errors[0].span.start).line, 4);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `title`?"));
    }
}
