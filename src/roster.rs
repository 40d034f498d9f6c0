//! The owners roster: the people and teams a document's `owner` and
//! `approver` may name.

use crate::schema::Reader;
use crate::source::{SourceFile, Span};
use crate::yaml::Node;

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// A GitHub user (`@jdoe`) or team (`@org/team`), as CODEOWNERS names it.
    pub github: Option<String>,
    pub active: bool,
    /// The span of the entry's `id` value in the roster's file.
    pub span: Span,
}

impl Person {
    /// Formats the person for messages: `jdoe (Jane Doe)`.
    pub fn describe(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({name})", self.id),
            None => self.id.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Roster {
    pub people: Vec<Person>,
    /// The file the roster was read from (the config or a separate file).
    pub file: SourceFile,
}

impl Roster {
    /// Finds the person an `owner` value names, by roster id, e-mail address
    /// or GitHub handle. E-mail and handles compare without case, as GitHub does.
    pub fn find(&self, who: &str) -> Option<&Person> {
        let who = who.trim();
        self.people.iter().find(|p| p.id == who).or_else(|| {
            self.people.iter().find(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(who))
                    || p.github.as_deref().is_some_and(|g| {
                        g.trim_start_matches('@')
                            .eq_ignore_ascii_case(who.trim_start_matches('@'))
                    })
            })
        })
    }

    pub fn ids(&self) -> Vec<&str> {
        self.people.iter().map(|p| p.id.as_str()).collect()
    }
}

const PERSON_FIELDS: &[&str] = &["id", "name", "email", "github", "active"];

/// Read a roster list (the `owners:` value) into people.
pub fn read_people(reader: &mut Reader, node: &Node) -> Vec<Person> {
    let Some(items) = node.as_seq() else {
        reader.error(
            node.span,
            format!("`owners` must be a list of people, found {}", node.kind()),
            Some(
                "write `owners:` followed by `- id: jdoe` entries, or the path of a roster file"
                    .into(),
            ),
        );
        return Vec::new();
    };
    let mut people: Vec<Person> = Vec::new();
    for item in items {
        let mut person = Person {
            id: String::new(),
            name: None,
            email: None,
            github: None,
            active: true,
            span: item.span,
        };
        for (key, _, value) in reader.fields(item, "an owner entry", PERSON_FIELDS) {
            match key {
                "id" => {
                    person.id = reader.string(value, "`id`").unwrap_or_default();
                    person.span = value.span;
                }
                "name" => person.name = reader.string(value, "`name`"),
                "email" => person.email = reader.string(value, "`email`"),
                "github" => {
                    person.github = reader.string(value, "`github`").map(|g| {
                        if g.starts_with('@') {
                            g
                        } else {
                            format!("@{g}")
                        }
                    })
                }
                _ => person.active = reader.boolean(value, "`active`").unwrap_or(true),
            }
        }
        if person.id.is_empty() {
            reader.error(
                item.span,
                "owner entry has no `id`",
                Some("add `id: <short name>`".into()),
            );
            continue;
        }
        if people.iter().any(|p| p.id == person.id) {
            reader.error(
                person.span,
                format!("owner `{}` is listed twice", person.id),
                None,
            );
            continue;
        }
        people.push(person);
    }
    people
}
