//! Management-system clauses and the documented information a framework
//! requires, behind the `coverage/missing-document` rule.

use crate::schema::{self, Reader, SchemaError};
use crate::source::SourceFile;
use crate::yaml;

const BUILTIN: &[(&str, &str)] = &[(
    "iso27001-2022",
    include_str!("../../rules/management-system/iso27001-2022.yaml"),
)];

#[derive(Clone, Debug)]
pub struct Clause {
    pub id: String,
    pub title: String,
}

/// A piece of documented information the framework requires.
#[derive(Clone, Debug)]
pub struct RequiredDocument {
    pub id: String,
    pub subject: String,
    pub kind: String,
    /// Clause references that meet the requirement, normalised.
    pub satisfied_by: Vec<String>,
    /// A configured Statement of Applicability meets the requirement.
    pub met_by_soa: bool,
}

#[derive(Clone, Debug)]
pub struct ManagementSystem {
    pub framework: String,
    pub clauses: Vec<Clause>,
    pub required: Vec<RequiredDocument>,
}

impl ManagementSystem {
    pub fn builtin(framework: &str) -> Option<ManagementSystem> {
        let (_, text) = BUILTIN.iter().find(|(id, _)| *id == framework)?;
        let file = SourceFile::new("rules/management-system", *text);
        ManagementSystem::from_file(&file).ok()
    }

    pub fn from_file(file: &SourceFile) -> Result<ManagementSystem, Vec<SchemaError>> {
        let root = schema::parse_file(file)?;
        let mut reader = Reader::new(file);
        let mut system = ManagementSystem {
            framework: String::new(),
            clauses: Vec::new(),
            required: Vec::new(),
        };
        let fields = reader.fields(&root, "the file", &["framework", "clauses", "required"]);
        for (key, _, value) in fields {
            match key {
                "framework" => {
                    system.framework = reader.string(value, "`framework`").unwrap_or_default()
                }
                "clauses" => system.clauses = read_clauses(&mut reader, value),
                _ => system.required = read_required(&mut reader, value),
            }
        }
        if reader.errors.is_empty() {
            Ok(system)
        } else {
            Err(reader.errors)
        }
    }

    /// Whether a clause reference names a clause of the standard (an item
    /// letter after it is allowed).
    pub fn knows_clause(&self, reference: &str) -> bool {
        let normalized = normalize_clause(reference);
        let number = normalized.split(' ').next().unwrap_or("");
        self.clauses.iter().any(|c| c.id == number)
    }
}

/// The canonical form of a clause reference: the number, then a space and
/// the item letter when there is one. `6.1.3 e`, `6.1.3(e)`, `6.1.3e` and
/// `6.1.3.e` are the same reference.
pub fn normalize_clause(reference: &str) -> String {
    let trimmed = reference
        .trim()
        .trim_start_matches(['c', 'C'])
        .trim_start_matches("lause")
        .trim();
    let number: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let item: String = trimmed[number.len()..]
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let number = number.trim_end_matches('.');
    if item.is_empty() {
        number.to_owned()
    } else {
        format!("{number} {item}")
    }
}

fn read_clauses(reader: &mut Reader, node: &yaml::Node) -> Vec<Clause> {
    let Some(items) = node.as_seq() else {
        reader.error(node.span, "`clauses` must be a list", None);
        return Vec::new();
    };
    let mut clauses = Vec::new();
    for item in items {
        let mut clause = Clause {
            id: String::new(),
            title: String::new(),
        };
        for (key, _, value) in reader.fields(item, "a clause", &["id", "title"]) {
            match key {
                "id" => clause.id = reader.string(value, "`id`").unwrap_or_default(),
                _ => clause.title = reader.string(value, "`title`").unwrap_or_default(),
            }
        }
        clauses.push(clause);
    }
    clauses
}

fn read_required(reader: &mut Reader, node: &yaml::Node) -> Vec<RequiredDocument> {
    let Some(items) = node.as_seq() else {
        reader.error(node.span, "`required` must be a list", None);
        return Vec::new();
    };
    let mut required = Vec::new();
    for item in items {
        let mut doc = RequiredDocument {
            id: String::new(),
            subject: String::new(),
            kind: String::new(),
            satisfied_by: Vec::new(),
            met_by_soa: false,
        };
        let fields = reader.fields(
            item,
            "a required document",
            &["id", "subject", "kind", "satisfied_by", "soa"],
        );
        for (key, _, value) in fields {
            match key {
                "id" => doc.id = reader.string(value, "`id`").unwrap_or_default(),
                "subject" => doc.subject = reader.string(value, "`subject`").unwrap_or_default(),
                "kind" => doc.kind = reader.string(value, "`kind`").unwrap_or_default(),
                "soa" => doc.met_by_soa = reader.boolean(value, "`soa`").unwrap_or(false),
                _ => {
                    doc.satisfied_by = reader
                        .strings(value, "`satisfied_by`")
                        .into_iter()
                        .map(|(s, _)| normalize_clause(&s))
                        .collect();
                }
            }
        }
        required.push(doc);
    }
    required
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_references_normalize() {
        for written in [
            "6.1.3 e",
            "6.1.3(e)",
            "6.1.3e",
            "6.1.3.e",
            "6.1.3 (E)",
            "clause 6.1.3 e",
        ] {
            assert_eq!(normalize_clause(written), "6.1.3 e", "{written}");
        }
        assert_eq!(normalize_clause("5.2"), "5.2");
    }

    #[test]
    fn iso27001_clauses_and_required_documents() {
        let system = ManagementSystem::builtin("iso27001-2022").expect("built-in data loads");
        assert_eq!(system.clauses.len(), 41);
        assert_eq!(system.required.len(), 15);
        for required in &system.required {
            assert!(!required.satisfied_by.is_empty(), "{}", required.id);
            for reference in &required.satisfied_by {
                assert!(system.knows_clause(reference), "{reference}");
            }
        }
        assert!(system.required.iter().any(|r| r.met_by_soa));
        assert!(system.knows_clause("6.1.3 e"));
        assert!(!system.knows_clause("11.1"));
    }
}
