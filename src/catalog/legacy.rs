//! Controls of an earlier edition and their successors, so a document that
//! still lists a 2013 id is told which 2022 control replaced it.

use std::collections::HashMap;

use super::{Catalog, normalize_id};
use crate::schema::{self, Reader, SchemaError};
use crate::source::SourceFile;
use crate::yaml;

/// The built-in maps: the framework they lead to, and the YAML text.
const BUILTIN: &[(&str, &str)] = &[(
    "iso27001-2022",
    include_str!("../../rules/mappings/iso27001-2013-to-2022.yaml"),
)];

#[derive(Clone, Debug)]
pub struct LegacyControl {
    pub id: String,
    pub title: String,
    pub successors: Vec<String>,
}

/// Controls of an earlier edition (`from`) mapped to the framework `to`.
#[derive(Clone, Debug)]
pub struct LegacyMap {
    pub from: String,
    pub to: String,
    pub controls: Vec<LegacyControl>,
    index: HashMap<String, usize>,
}

impl LegacyMap {
    /// The built-in map that leads to the framework `to`, if there is one.
    pub fn builtin_for(to: &str) -> Option<LegacyMap> {
        let (_, text) = BUILTIN.iter().find(|(target, _)| *target == to)?;
        let file = SourceFile::new("rules/mappings", *text);
        LegacyMap::from_file(&file).ok()
    }

    pub fn from_file(file: &SourceFile) -> Result<LegacyMap, Vec<SchemaError>> {
        let root = schema::parse_file(file)?;
        let mut reader = Reader::new(file);
        let mut from = String::new();
        let mut to = String::new();
        let mut controls = Vec::new();
        for (key, _, value) in reader.fields(&root, "the control map", &["from", "to", "controls"])
        {
            match key {
                "from" => from = reader.string(value, "`from`").unwrap_or_default(),
                "to" => to = reader.string(value, "`to`").unwrap_or_default(),
                _ => controls = read_controls(&mut reader, value),
            }
        }
        if !reader.errors.is_empty() {
            return Err(reader.errors);
        }
        let index = controls
            .iter()
            .enumerate()
            .map(|(i, c)| (normalize_id(&c.id, Some("A.")), i))
            .collect();
        Ok(LegacyMap {
            from,
            to,
            controls,
            index,
        })
    }

    /// The earlier control an id refers to, with the same normalisation as
    /// the catalog ("A.9.2.3", "9.2.3", "a 9.2.3").
    pub fn lookup(&self, written: &str) -> Option<&LegacyControl> {
        self.index
            .get(&normalize_id(written, Some("A.")))
            .map(|&i| &self.controls[i])
    }
}

impl LegacyControl {
    /// Describes `written`, an id of this earlier control, for a finding.
    /// Returns the message, which names the successors in `catalog`, and a
    /// help with the ids to write instead.
    pub fn successor_hint(&self, written: &str, catalog: &Catalog) -> (String, String) {
        let successors: Vec<String> = self
            .successors
            .iter()
            .map(|id| match catalog.lookup(id) {
                Some(control) => format!("{} ({})", control.id, control.title),
                None => id.clone(),
            })
            .collect();
        let plural = if self.successors.len() == 1 {
            "successor is"
        } else {
            "successors are"
        };
        let message = format!(
            "\"{written}\" is an ISO/IEC 27001:2013 control ({}); its 2022 {plural} {}",
            self.title,
            successors.join(" and ")
        );
        let help = format!(
            "replace \"{written}\" with {}",
            self.successors.join(" and ")
        );
        (message, help)
    }
}

fn read_controls(reader: &mut Reader, node: &yaml::Node) -> Vec<LegacyControl> {
    let Some(items) = node.as_seq() else {
        reader.error(node.span, "`controls` must be a list", None);
        return Vec::new();
    };
    let mut controls = Vec::new();
    for item in items {
        let mut control = LegacyControl {
            id: String::new(),
            title: String::new(),
            successors: Vec::new(),
        };
        for (key, _, value) in reader.fields(item, "a control", &["id", "title", "successors"]) {
            match key {
                "id" => control.id = reader.string(value, "`id`").unwrap_or_default(),
                "title" => control.title = reader.string(value, "`title`").unwrap_or_default(),
                _ => {
                    control.successors = reader
                        .strings(value, "`successors`")
                        .into_iter()
                        .map(|(s, _)| s)
                        .collect();
                }
            }
        }
        controls.push(control);
    }
    controls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso2013_map_is_complete() {
        let map = LegacyMap::builtin_for("iso27001-2022").expect("built-in map loads");
        assert_eq!(map.controls.len(), 114);
        let catalog = Catalog::builtin("iso27001-2022").unwrap();
        for control in &map.controls {
            assert!(!control.successors.is_empty(), "{}", control.id);
            for successor in &control.successors {
                assert!(catalog.lookup(successor).is_some(), "{successor}");
            }
        }
    }

    #[test]
    fn iso2013_successor_of_privileged_access() {
        let map = LegacyMap::builtin_for("iso27001-2022").unwrap();
        let control = map.lookup("A.9.2.3").unwrap();
        assert_eq!(control.successors, ["A.8.2"]);
        assert_eq!(map.lookup("9.2.3").unwrap().id, "A.9.2.3");
        assert_eq!(
            map.lookup("A.18.2.3").unwrap().successors,
            ["A.5.36", "A.8.8"]
        );
    }

    #[test]
    fn new_controls_have_no_predecessor() {
        let map = LegacyMap::builtin_for("iso27001-2022").unwrap();
        let catalog = Catalog::builtin("iso27001-2022").unwrap();
        for control in catalog.controls.iter().filter(|c| c.new) {
            assert!(
                !map.controls
                    .iter()
                    .any(|l| l.successors.contains(&control.id)),
                "{}",
                control.id
            );
        }
    }
}
