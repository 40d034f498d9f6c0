//! The Statement of Applicability (`soa.yaml`): which controls apply, why an
//! excluded one does not, and how far each is implemented.

use std::collections::HashMap;

use crate::catalog::{Catalog, LegacyMap};
use crate::document::Spanned;
use crate::schema::{Reader, SchemaError};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Node};

/// Implementation status of an applicable control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImplementationStatus {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
}

impl ImplementationStatus {
    pub const ALL: &'static [&'static str] =
        &["implemented", "partial", "planned", "not_implemented"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "implemented" => Some(Self::Implemented),
            "partial" => Some(Self::Partial),
            "planned" => Some(Self::Planned),
            "not_implemented" => Some(Self::NotImplemented),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Implemented => "implemented",
            Self::Partial => "partial",
            Self::Planned => "planned",
            Self::NotImplemented => "not_implemented",
        }
    }
}

/// One control's line in the SoA.
#[derive(Clone, Debug)]
pub struct SoaEntry {
    /// The control id as written, with the span of the key.
    pub written: Spanned<String>,
    /// The catalog id of the control, when the id is known.
    pub control: Option<String>,
    pub applicable: bool,
    pub justification: Option<Spanned<String>>,
    pub status: Option<Spanned<ImplementationStatus>>,
    pub owner: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Soa {
    pub file: SourceFile,
    pub entries: Vec<SoaEntry>,
    /// Shape problems, reported as `soa/invalid`.
    pub problems: Vec<SchemaError>,
    by_control: HashMap<String, usize>,
}

impl Soa {
    /// Read the SoA; problems are kept in [`Soa::problems`] and every valid
    /// entry is still used.
    pub fn parse(file: SourceFile, catalog: &Catalog) -> Soa {
        let mut soa = Soa {
            file,
            entries: Vec::new(),
            problems: Vec::new(),
            by_control: HashMap::new(),
        };
        let root = match yaml::parse(&soa.file.text, 0) {
            Ok(root) => root,
            Err(error) => {
                soa.problems.push(SchemaError {
                    message: format!("the SoA is not valid YAML: {}", error.message),
                    span: error.span,
                    help: None,
                });
                return soa;
            }
        };
        let file = soa.file.clone();
        let mut reader = Reader::new(&file);
        let legacy = LegacyMap::builtin_for(&catalog.id);
        let mut entries = Vec::new();
        for (key, _, value) in reader.fields(&root, "the SoA", &["framework", "controls"]) {
            if key == "framework" {
                if let Some(framework) = reader.string(value, "`framework`")
                    && framework != catalog.id
                {
                    reader.error(
                        value.span,
                        format!(
                            "the SoA is for framework \"{framework}\" but the config uses \"{}\"",
                            catalog.id
                        ),
                        Some(format!(
                            "write `framework: {}` or point `soa:` at the right file",
                            catalog.id
                        )),
                    );
                }
            } else {
                entries = read_entries(&mut reader, value, catalog, legacy.as_ref());
            }
        }
        for entry in entries {
            if let Some(control) = &entry.control {
                if let Some(&first) = soa.by_control.get(control) {
                    let first_line = file.position(soa.entries[first].written.span.start).line;
                    reader.error(
                        entry.written.span,
                        format!("control {control} is listed twice in the SoA (first on line {first_line})"),
                        Some("keep one entry per control".into()),
                    );
                    continue;
                }
                soa.by_control.insert(control.clone(), soa.entries.len());
            }
            soa.entries.push(entry);
        }
        soa.problems.extend(reader.errors);
        soa
    }

    /// Looks up the entry of a catalog control id.
    pub fn entry(&self, control: &str) -> Option<&SoaEntry> {
        self.by_control.get(control).map(|&i| &self.entries[i])
    }

    /// Whether a control is applicable: every control is, unless its entry
    /// sets `applicable: false`.
    pub fn is_applicable(&self, control: &str) -> bool {
        self.entry(control).is_none_or(|e| e.applicable)
    }
}

const ENTRY_FIELDS: &[&str] = &["applicable", "justification", "status", "owner"];

/// Reads the `controls` mapping. An id of `legacy`, the controls of an
/// earlier edition, is reported with its successors.
fn read_entries(
    reader: &mut Reader,
    node: &Node,
    catalog: &Catalog,
    legacy: Option<&LegacyMap>,
) -> Vec<SoaEntry> {
    let Some(items) = reader.map(node, "`controls`") else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (key, value) in items {
        let Some(written) = key.scalar_text(reader.file) else {
            reader.error(key.span, "control ids in the SoA must be strings", None);
            continue;
        };
        let control = catalog.lookup(&written).map(|c| c.id.clone());
        let earlier = legacy.and_then(|map| map.lookup(&written));
        if let (None, Some(earlier)) = (&control, earlier) {
            let (message, help) = earlier.successor_hint(&written, catalog);
            reader.error(key.span, message, Some(help));
        } else if control.is_none() {
            let help = catalog
                .nearest(&written)
                .map(|c| format!("did you mean {} ({})?", c.id, c.title));
            reader.error(
                key.span,
                format!(
                    "control \"{written}\" is not in the {} catalog",
                    catalog.name
                ),
                help,
            );
        }
        let mut entry = SoaEntry {
            written: Spanned {
                value: written,
                span: key.span,
            },
            control,
            applicable: true,
            justification: None,
            status: None,
            owner: None,
        };
        if !value.is_null() {
            read_entry(reader, value, &mut entry);
        }
        entries.push(entry);
    }
    entries
}

fn read_entry(reader: &mut Reader, node: &Node, entry: &mut SoaEntry) {
    let what = format!("the SoA entry of {}", entry.written.value);
    for (key, _, value) in reader.fields(node, &what, ENTRY_FIELDS) {
        match key {
            "applicable" => {
                entry.applicable = reader.boolean(value, "`applicable`").unwrap_or(true);
            }
            "justification" => {
                // An empty justification is reported by soa/missing-justification.
                entry.justification = value
                    .scalar_text(reader.file)
                    .filter(|t| !t.trim().is_empty())
                    .map(|text| Spanned {
                        value: text,
                        span: value.span,
                    });
            }
            "status" => {
                entry.status = reader
                    .choice(value, "`status`", ImplementationStatus::ALL)
                    .and_then(ImplementationStatus::parse)
                    .map(|status| Spanned {
                        value: status,
                        span: value.span,
                    });
            }
            _ => {
                entry.owner = reader.string(value, "`owner`").map(|owner| Spanned {
                    value: owner,
                    span: value.span,
                });
            }
        }
    }
}

/// Returns the span of an entry's key, where SoA findings point.
pub fn entry_span(entry: &SoaEntry) -> Span {
    entry.written.span
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::builtin("iso27001-2022").unwrap()
    }

    #[test]
    fn reads_entries_and_applicability() {
        let text = "framework: iso27001-2022\ncontrols:\n  A.7.1: { applicable: false, justification: \"remote\" }\n  5.7: { status: partial, owner: jdoe }\n";
        let soa = Soa::parse(SourceFile::new("soa.yaml", text), &catalog());
        assert!(soa.problems.is_empty(), "{:?}", soa.problems);
        assert!(!soa.is_applicable("A.7.1"));
        assert!(soa.is_applicable("A.5.7"));
        assert!(soa.is_applicable("A.8.1"));
        let entry = soa.entry("A.5.7").unwrap();
        assert_eq!(
            entry.status.as_ref().unwrap().value,
            ImplementationStatus::Partial
        );
    }

    #[test]
    fn unknown_and_duplicate_controls_are_problems() {
        let text = "controls:\n  A.5.99: {}\n  A.5.1: {}\n  a.5.1: {}\n  A.5.2: { status: done }\n";
        let soa = Soa::parse(SourceFile::new("soa.yaml", text), &catalog());
        let lines: Vec<usize> = soa
            .problems
            .iter()
            .map(|p| soa.file.position(p.span.start).line)
            .collect();
        assert_eq!(lines, [2, 5, 4]);
    }
}
