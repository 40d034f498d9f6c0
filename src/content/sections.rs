//! Required sections per document type: the built-in lists in
//! `rules/document-types.yaml`, the config's overrides, and how a heading is
//! matched to a section.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::document::DocType;
use crate::schema::{self, Reader};
use crate::source::SourceFile;
use crate::yaml::{Node, Value};

const BUILTIN: &str = include_str!("../../rules/document-types.yaml");

/// A section a document must have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    /// Other headings that count as this section.
    pub synonyms: Vec<String>,
    /// The name and synonyms, normalised.
    normalized: Vec<String>,
}

impl Section {
    pub fn new(name: String, synonyms: Vec<String>) -> Section {
        let mut section = Section {
            name,
            synonyms: Vec::new(),
            normalized: Vec::new(),
        };
        section.normalized.push(normalize(&section.name));
        section.add_synonyms(synonyms);
        section
    }

    pub fn add_synonyms(&mut self, synonyms: Vec<String>) {
        self.normalized
            .extend(synonyms.iter().map(|s| normalize(s)));
        self.synonyms.extend(synonyms);
    }

    /// Tells whether a heading is this section: its whole text, or one of the
    /// names it joins with "and", "&", "/", "," or ";" ("Purpose and scope").
    pub fn is_met_by(&self, heading: &str) -> bool {
        self.is_named_by(&heading_names(heading))
    }

    /// Tells whether one of a heading's names, from [`heading_names`], is
    /// this section. A document's headings are named once and compared with
    /// every required section.
    pub fn is_named_by(&self, names: &[String]) -> bool {
        names.iter().any(|name| self.normalized.contains(name))
    }
}

/// Returns the normalised names a heading may meet a section by: its whole
/// text, and each name it joins with "and", "&", "/", "," or ";".
pub fn heading_names(heading: &str) -> Vec<String> {
    let mut names = vec![normalize(heading)];
    let lower = heading.to_lowercase().replace('&', " and ");
    for part in lower
        .split(['/', ',', ';'])
        .flat_map(|part| part.split(" and "))
    {
        let part = normalize(part);
        if !part.is_empty() && !names.contains(&part) {
            names.push(part);
        }
    }
    names
}

/// Converts a heading or section name to the form they are compared in:
/// lower case, without leading numbering ("1.", "2.3", "a)", "IV."), with
/// punctuation as spaces and English plural endings removed.
pub fn normalize(text: &str) -> String {
    let lower = text.to_lowercase().replace('&', " and ");
    let mut rest = lower.trim_start();
    loop {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if end == rest.len() || !is_numbering(&rest[..end]) {
            break;
        }
        rest = rest[end..].trim_start();
    }
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(singular)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tells whether a token is a list number or letter in front of a heading:
/// `1.`, `2.3`, `(4)`, `a)`, `iv.`.
fn is_numbering(token: &str) -> bool {
    let digits = token.chars().any(|c| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ')' | '('));
    let marked = token.ends_with(['.', ')']);
    let stem = token.trim_end_matches(['.', ')']);
    let letter = marked && stem.len() == 1 && stem.chars().all(|c| c.is_ascii_alphabetic());
    let roman = marked && !stem.is_empty() && stem.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    digits || letter || roman
}

/// Drops an English plural ending, so "Exceptions" matches "Exception" and
/// "Responsibilities" matches "Responsibility". Both sides of a comparison
/// are reduced the same way, so an odd stem ("proces") never matters.
fn singular(word: &str) -> String {
    if word.chars().count() <= 3 {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_owned();
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// The required sections of each document type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentTypes {
    by_type: BTreeMap<&'static str, Vec<Section>>,
}

impl DocumentTypes {
    /// Returns the lists shipped in `rules/document-types.yaml`.
    pub fn builtin() -> DocumentTypes {
        // The file is parsed by this module's tests, so an error here means
        // the embedded data was changed without them; what parsed is used.
        static PARSED: LazyLock<DocumentTypes> = LazyLock::new(|| {
            let file = SourceFile::new("rules/document-types.yaml", BUILTIN);
            DocumentTypes::parse(&file).0
        });
        PARSED.clone()
    }

    /// Reads a file of the `rules/document-types.yaml` schema, with the
    /// problems found.
    fn parse(file: &SourceFile) -> (DocumentTypes, Vec<schema::SchemaError>) {
        let mut types = DocumentTypes {
            by_type: BTreeMap::new(),
        };
        let root = match schema::parse_file(file) {
            Ok(root) => root,
            Err(errors) => return (types, errors),
        };
        let mut reader = Reader::new(file);
        for (name, _, value) in reader.fields(&root, "the document types", DocType::ALL) {
            let sections = read_sections(&mut reader, value, &format!("`{name}`"));
            types.set(name, sections);
        }
        (types, reader.errors)
    }

    /// Returns the sections a document of this type must have.
    pub fn required(&self, doc_type: DocType) -> &[Section] {
        self.by_type
            .get(doc_type.as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// Replaces the sections of a type, named as in [`DocType::ALL`].
    pub fn set(&mut self, doc_type: &str, sections: Vec<Section>) {
        if let Some(known) = DocType::ALL.iter().find(|t| **t == doc_type) {
            self.by_type.insert(known, sections);
        }
    }

    /// Returns the section of a type whose name is `name`, after normalisation.
    pub fn section_mut(&mut self, doc_type: &str, name: &str) -> Option<&mut Section> {
        let wanted = normalize(name);
        self.by_type
            .get_mut(doc_type)?
            .iter_mut()
            .find(|section| normalize(&section.name) == wanted)
    }

    pub fn section_names(&self, doc_type: &str) -> Vec<&str> {
        self.by_type
            .get(doc_type)
            .map(|sections| sections.iter().map(|s| s.name.as_str()).collect())
            .unwrap_or_default()
    }
}

/// Reads a list of sections: each a name, or a mapping with `name` and
/// `synonyms`. `what` names the list in messages.
pub fn read_sections(reader: &mut Reader, node: &Node, what: &str) -> Vec<Section> {
    let Value::Seq(items) = &node.value else {
        reader.error(
            node.span,
            format!("{what} must be a list of sections, found {}", node.kind()),
            Some("write a list such as `[Purpose, Scope]`".into()),
        );
        return Vec::new();
    };
    let mut sections = Vec::new();
    for item in items {
        if item.as_map().is_none() {
            if let Some(name) = reader.string(item, &format!("each section of {what}")) {
                sections.push(Section::new(name, Vec::new()));
            }
            continue;
        }
        let mut name = None;
        let mut synonyms = Vec::new();
        for (key, _, value) in
            reader.fields(item, &format!("a section of {what}"), &["name", "synonyms"])
        {
            if key == "name" {
                name = reader.string(value, "`name`");
            } else {
                synonyms = reader
                    .strings(value, "`synonyms`")
                    .into_iter()
                    .map(|(synonym, _)| synonym)
                    .collect();
            }
        }
        match name {
            Some(name) => sections.push(Section::new(name, synonyms)),
            None => reader.error(
                item.span,
                format!("a section of {what} has no `name`"),
                Some("add `name: <heading text>`".into()),
            ),
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_parses() {
        let file = SourceFile::new("rules/document-types.yaml", BUILTIN);
        let (types, errors) = DocumentTypes::parse(&file);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(types.required(DocType::Policy).len(), 7);
        assert!(types.required(DocType::Record).is_empty());
        assert_eq!(types, DocumentTypes::builtin());
    }

    #[test]
    fn normalize_ignores_numbering_case_and_plurals() {
        assert_eq!(
            normalize("2.1 Roles & Responsibilities:"),
            "role and responsibility"
        );
        assert_eq!(normalize("a) Policy Statements"), "policy statement");
        assert_eq!(normalize("IV. Exceptions"), "exception");
        assert_eq!(normalize("Process"), "process");
        assert_eq!(normalize("1."), "1");
    }

    #[test]
    fn headings_meet_sections() {
        let types = DocumentTypes::builtin();
        let policy = types.required(DocType::Policy);
        let met = |heading: &str| -> Vec<&str> {
            policy
                .iter()
                .filter(|s| s.is_met_by(heading))
                .map(|s| s.name.as_str())
                .collect()
        };
        assert_eq!(met("Purpose and Scope"), ["Purpose", "Scope"]);
        assert_eq!(
            met("3. Roles and responsibilities"),
            ["Roles and responsibilities"]
        );
        assert_eq!(met("Policy"), ["Policy statements"]);
        assert_eq!(met("Compliance / enforcement"), ["Compliance"]);
        assert_eq!(met("Exception"), ["Exceptions"]);
        assert!(met("Information Security Policy").is_empty());
        assert!(met("Scope statement").is_empty());
    }

    #[test]
    fn section_lookup_and_override() {
        let mut types = DocumentTypes::builtin();
        types
            .section_mut("policy", "scopes")
            .unwrap()
            .add_synonyms(vec!["Coverage".into()]);
        assert!(types.required(DocType::Policy)[1].is_met_by("Coverage"));
        types.set("record", vec![Section::new("Evidence".into(), Vec::new())]);
        assert_eq!(types.section_names("record"), ["Evidence"]);
    }
}
