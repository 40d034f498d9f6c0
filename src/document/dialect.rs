//! Front matter in the shapes other compliance-as-code tools write, read
//! without rewriting the documents: `dialect:`, `fields:` and
//! `framework_names:` in the config.
//!
//! The parsed YAML is turned into policylint's shape before the fields are
//! read: keys are renamed, values converted and, for a dialect that has no
//! such fields, a type and status supplied. Every node keeps the span of the
//! text it came from, so findings still point at the document's own lines.

use jiff::civil::Date;

use super::front_matter::{self, Block, Split};
use super::meta::FIELDS;
use super::{Problem, ProblemKind};
use crate::dates;
use crate::source::Span;
use crate::yaml::{Node, Value};

/// A known front matter shape (`dialect:`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// The shape this tool documents.
    #[default]
    Policylint,
    /// strongdm's comply: YAML from the first line, closed by a `---` line,
    /// with `name`, `acronym`, `satisfies` and `majorRevisions`.
    Comply,
}

impl Kind {
    pub const NAMES: &'static [&'static str] = &["policylint", "comply"];

    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "policylint" => Some(Kind::Policylint),
            "comply" => Some(Kind::Comply),
            _ => None,
        }
    }

    /// Returns the document keys a dialect reads each field from, in order.
    fn fields(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Kind::Policylint => &[],
            Kind::Comply => &[
                ("title", &["name"]),
                ("id", &["acronym", "id"]),
                ("controls", &["satisfies"]),
                ("last_reviewed", &["majorRevisions"]),
            ],
        }
    }

    /// Keys the other tool uses for itself (comply's publishing flag and
    /// ticket schedule), which are not reported as unknown.
    fn own_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Policylint => &[],
            Kind::Comply => &["live", "cron"],
        }
    }
}

/// How to read the front matter of every document in a repository.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dialect {
    pub kind: Kind,
    /// `fields:`: a policylint field and the document keys it is read from,
    /// tried in order. It takes precedence over the dialect's own list.
    pub fields: Vec<(String, Vec<String>)>,
    /// `framework_names:`: a name documents use for a framework in a
    /// `controls` map (folded with [`fold`]) and the framework id it means.
    pub framework_names: Vec<(String, String)>,
}

/// Names of ISO/IEC 27001:2022 that are read as `iso27001-2022` without any
/// config, folded: "ISO 27001", "ISO/IEC 27001", "ISO 27001:2022" and so on.
const BUILTIN_FRAMEWORK_NAMES: &[(&str, &str)] = &[
    ("iso27001", "iso27001-2022"),
    ("isoiec27001", "iso27001-2022"),
    ("iso270012022", "iso27001-2022"),
    ("isoiec270012022", "iso27001-2022"),
];

/// Reduces a framework name to lower-case letters and digits, so "ISO/IEC
/// 27001" and "iso-iec 27001" are the same name.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The fields that were read from another key, for messages.
#[derive(Debug, Default)]
pub struct Renamed {
    /// The policylint field and the document key it was read from.
    pub fields: Vec<(&'static str, String)>,
    /// Fields whose value was invalid and dropped; their missing-field
    /// problem would only repeat the invalid-value one.
    dropped: Vec<&'static str>,
}

impl Dialect {
    /// Returns the document keys `field` is read from, in order. The
    /// policylint name itself is always accepted last.
    fn keys_for(&self, field: &str) -> Vec<String> {
        let mut keys: Vec<String> = match self.fields.iter().find(|(f, _)| f == field) {
            Some((_, keys)) => keys.clone(),
            None => self
                .kind
                .fields()
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, keys)| keys.iter().map(|k| (*k).to_owned()).collect())
                .unwrap_or_default(),
        };
        if !keys.iter().any(|k| k == field) {
            keys.push(field.to_owned());
        }
        keys
    }

    /// Finds the front matter. A dialect whose documents start with the
    /// YAML itself also accepts a block with only the closing `---` line.
    pub fn split(&self, text: &str) -> Split {
        match front_matter::split(text) {
            Split::Missing if self.kind == Kind::Comply => split_without_opening(text),
            split => split,
        }
    }

    /// Rewrites the parsed front matter into policylint's shape. `path` is
    /// the document's path and `header` the span findings about the whole
    /// block point at.
    pub fn normalize(
        &self,
        root: Node,
        path: &str,
        header: Span,
        problems: &mut Vec<Problem>,
    ) -> (Node, Renamed) {
        let mut renamed = Renamed::default();
        let Node {
            value: Value::Map(mut entries),
            span,
        } = root
        else {
            return (root, renamed);
        };

        let own_keys = self.kind.own_keys();
        entries.retain(|(key, _)| !key.as_str().is_some_and(|k| own_keys.contains(&k)));
        for field in FIELDS {
            self.rename(field, &mut entries, &mut renamed, problems);
        }
        for (key, value) in &mut entries {
            let Some(field) = key.as_str() else {
                continue;
            };
            let from = renamed
                .fields
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, from)| from.clone());
            match (field, from) {
                ("last_reviewed", Some(from)) => {
                    let readable = convert_revision_date(value, &from, problems);
                    if !readable {
                        renamed.dropped.push("last_reviewed");
                    }
                }
                ("owner" | "approver", Some(_)) => pick_person(value),
                ("controls", _) => self.name_frameworks(value),
                _ => {}
            }
        }
        // A revision list without a readable date leaves no date at all, so
        // the field is reported as missing (or, when a date was invalid, as
        // that invalid value only).
        let date_renamed = renamed.fields.iter().any(|(f, _)| *f == "last_reviewed");
        entries.retain(|(key, value)| {
            !(date_renamed && key.as_str() == Some("last_reviewed") && value.is_null())
        });
        if self.kind == Kind::Comply {
            supply_defaults(&mut entries, path, header);
        }
        (
            Node {
                value: Value::Map(entries),
                span,
            },
            renamed,
        )
    }

    /// Renames the first present key of `field`'s keys to `field`, and
    /// drops the others with a problem, because only one can be read.
    fn rename(
        &self,
        field: &'static str,
        entries: &mut Vec<(Node, Node)>,
        renamed: &mut Renamed,
        problems: &mut Vec<Problem>,
    ) {
        let keys = self.keys_for(field);
        if keys.len() == 1 {
            return;
        }
        let position = |key: &Node| {
            key.as_str()
                .and_then(|k| keys.iter().position(|candidate| candidate == k))
        };
        let Some(chosen) = entries
            .iter()
            .enumerate()
            .filter_map(|(i, (key, _))| position(key).map(|rank| (rank, i)))
            .min()
            .map(|(_, i)| i)
        else {
            return;
        };
        let chosen_key = entries[chosen].0.as_str().unwrap_or_default().to_owned();
        let mut index = 0;
        entries.retain(|(key, _)| {
            let keep = index == chosen || position(key).is_none();
            index += 1;
            if !keep {
                let ignored = key.as_str().unwrap_or_default();
                problems.push(Problem {
                    kind: ProblemKind::UnknownField,
                    message: format!(
                        "`{ignored}` is not read, because `{chosen_key}` gives the document's `{field}`"
                    ),
                    span: key.span,
                    label: Some("ignored".into()),
                    help: Some(format!("remove `{ignored}` or `{chosen_key}`")),
                    key: ignored.to_owned(),
                });
            }
            keep
        });
        let chosen = entries
            .iter_mut()
            .find(|(key, _)| key.as_str() == Some(chosen_key.as_str()))
            .expect("the chosen entry is kept");
        if chosen_key != field {
            chosen.0.value = Value::String(field.to_owned());
            renamed.fields.push((field, chosen_key));
        }
    }

    /// Replaces the framework names of a `controls` map by framework ids.
    fn name_frameworks(&self, value: &mut Node) {
        let Value::Map(frameworks) = &mut value.value else {
            return;
        };
        for (name, _) in frameworks {
            let Some(written) = name.as_str() else {
                continue;
            };
            let folded = fold(written);
            let id = self
                .framework_names
                .iter()
                .map(|(n, id)| (n.as_str(), id.as_str()))
                .chain(BUILTIN_FRAMEWORK_NAMES.iter().copied())
                .find(|(n, _)| *n == folded)
                .map(|(_, id)| id.to_owned());
            if let Some(id) = id {
                name.value = Value::String(id);
            }
        }
    }

    /// Rewrites the help of missing-field problems to name the key the
    /// documents use, and drops those that repeat an invalid value.
    pub fn explain_missing(&self, renamed: &Renamed, problems: &mut Vec<Problem>) {
        problems.retain(|p| {
            !(p.kind == ProblemKind::MissingField && renamed.dropped.contains(&p.key.as_str()))
        });
        for problem in problems
            .iter_mut()
            .filter(|p| p.kind == ProblemKind::MissingField)
        {
            let keys = self.keys_for(&problem.key);
            let Some(first) = keys.first().filter(|k| **k != problem.key) else {
                continue;
            };
            let field = &problem.key;
            problem.help = Some(format!(
                "add `{first}:` to the front matter; this repository's dialect reads `{field}` from {}",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
    }
}

/// Reads a front matter block that has no opening `---`: YAML from the first
/// line to the first `---` or `...` line. The first line must look like a
/// YAML key, so a Markdown file with a thematic break is not taken for one.
/// Without an opening line, the block's `open` span is its first line.
fn split_without_opening(text: &str) -> Split {
    let first_line = text.lines().next().unwrap_or("");
    let looks_like_key = first_line.split_once(':').is_some_and(|(key, _)| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            && key.starts_with(|c: char| c.is_alphabetic())
    });
    if !looks_like_key {
        return Split::Missing;
    }
    let open = Span::new(0, first_line.trim_end_matches('\r').len());
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Split::Block(Block {
                open,
                yaml: Span::new(0, offset),
                close: Span::new(offset, offset + content.len()),
                body_start: offset + line.len(),
                leading_blank_lines: false,
            });
        }
        let start = content.trim_start();
        if start.starts_with("```") || start.starts_with("~~~") {
            break;
        }
        offset += line.len();
    }
    Split::Missing
}

/// Reads a date written the way other tools write it: `YYYY-MM-DD`, or a
/// month name with a day and a year (`Jun 1 2018`, `June 1, 2018`,
/// `1 June 2018`). Numeric forms with `/` are not read, because `06/01/2018`
/// means different days in different countries.
pub fn parse_lenient_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = dates::parse_date(text) {
        return Some(date);
    }
    let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        "%b %e %Y",
        "%B %e %Y",
        "%b %e, %Y",
        "%B %e, %Y",
        "%e %b %Y",
        "%e %B %Y",
    ]
    .iter()
    .find_map(|format| Date::strptime(format, &spaced).ok())
}

/// Turns the value of a renamed `last_reviewed` into a `YYYY-MM-DD` string
/// node: a date, or the latest `date` of a revision list. Returns `false`
/// and reports the problem when no date can be read; the value is then null.
fn convert_revision_date(value: &mut Node, from: &str, problems: &mut Vec<Problem>) -> bool {
    let candidates: Vec<&Node> = match &value.value {
        Value::Seq(items) => items.iter().map(revision_date).collect(),
        _ => vec![revision_date(value)],
    };
    let mut latest: Option<(Date, Span)> = None;
    let mut invalid = false;
    for node in candidates {
        let text = match &node.value {
            Value::String(text) => Some(text.as_str()),
            _ => None,
        };
        match text.and_then(parse_lenient_date) {
            Some(date) => {
                if latest.is_none_or(|(best, _)| date > best) {
                    latest = Some((date, node.span));
                }
            }
            None => {
                invalid = true;
                problems.push(Problem {
                    kind: ProblemKind::InvalidValue,
                    message: format!(
                        "`{from}` has no date that can be read here{}",
                        text.map(|t| format!(": \"{t}\"")).unwrap_or_default()
                    ),
                    span: node.span,
                    label: Some("not a date".into()),
                    help: Some(
                        "write the date as YYYY-MM-DD or as a month name, day and year (`Jun 1 2018`)"
                            .into(),
                    ),
                    key: "last_reviewed".into(),
                });
            }
        }
    }
    match latest {
        Some((date, span)) => {
            *value = Node {
                value: Value::String(date.to_string()),
                span,
            };
            true
        }
        None => {
            value.value = Value::Null;
            !invalid
        }
    }
}

/// Returns the date of one revision: the item itself, or its `date` entry.
fn revision_date(item: &Node) -> &Node {
    item.get("date").map_or(item, |(_, date)| date)
}

/// Reduces an owner written as a list or a person mapping to one value: the
/// first item, or the `id`, `email` or `name` of the mapping.
fn pick_person(value: &mut Node) {
    let picked = match &value.value {
        Value::Seq(items) => items.first().cloned(),
        Value::Map(_) => ["id", "email", "name"]
            .iter()
            .find_map(|key| value.get(key).map(|(_, v)| v.clone())),
        _ => None,
    };
    if let Some(picked) = picked {
        *value = picked;
    }
}

/// Supplies the fields comply does not have. `type` comes from the
/// document's folder (`policies/` → policy, `narratives/` → record), and
/// `status` is `approved` because comply publishes every document it holds.
/// A document without `acronym` or `id` gets the folder and file name as
/// its id (`narratives/control`), because comply names narratives by file.
fn supply_defaults(entries: &mut Vec<(Node, Node)>, path: &str, header: Span) {
    let has = |entries: &Vec<(Node, Node)>, key: &str| {
        entries.iter().any(|(k, _)| k.as_str() == Some(key))
    };
    let synthetic = |text: &str| Node {
        value: Value::String(text.to_owned()),
        span: header,
    };
    if !has(entries, "type") {
        let folder = crate::repo::parent(path).rsplit('/').next().unwrap_or("");
        let doc_type = match folder.to_ascii_lowercase().as_str() {
            "policies" | "policy" => Some("policy"),
            "procedures" | "procedure" => Some("procedure"),
            "standards" | "standard" => Some("standard"),
            "plans" | "plan" => Some("plan"),
            "guidelines" | "guideline" => Some("guideline"),
            "narratives" | "narrative" | "records" | "record" => Some("record"),
            _ => None,
        };
        if let Some(doc_type) = doc_type {
            entries.push((synthetic("type"), synthetic(doc_type)));
        }
    }
    if !has(entries, "status") {
        entries.push((synthetic("status"), synthetic("approved")));
    }
    if !has(entries, "id") {
        let file = path.rsplit('/').next().unwrap_or(path);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let folder = crate::repo::parent(path).rsplit('/').next().unwrap_or("");
        let id = if folder.is_empty() {
            stem.to_owned()
        } else {
            format!("{folder}/{stem}")
        };
        entries.push((synthetic("id"), synthetic(&id)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn lenient_dates() {
        assert_eq!(parse_lenient_date("Jun 1 2018"), Some(date(2018, 6, 1)));
        assert_eq!(parse_lenient_date("June 1, 2018"), Some(date(2018, 6, 1)));
        assert_eq!(parse_lenient_date("1 Jun 2018"), Some(date(2018, 6, 1)));
        assert_eq!(parse_lenient_date("2018-06-01"), Some(date(2018, 6, 1)));
        assert_eq!(parse_lenient_date("Jun 31 2018"), None);
        assert_eq!(parse_lenient_date("06/01/2018"), None);
    }

    #[test]
    fn split_without_opening_line() {
        let text = "name: Access Policy\nsatisfies:\n  TSC: [CC6.1]\n---\n# Purpose\n";
        let Split::Block(block) = split_without_opening(text) else {
            panic!("no block");
        };
        assert_eq!(
            &text[block.yaml.range()],
            "name: Access Policy\nsatisfies:\n  TSC: [CC6.1]\n"
        );
        assert_eq!(&text[block.body_start..], "# Purpose\n");
        assert_eq!(&text[block.open.range()], "name: Access Policy");
    }

    #[test]
    fn markdown_is_not_taken_for_yaml() {
        assert_eq!(
            split_without_opening("# Title\n\ntext\n---\n"),
            Split::Missing
        );
        assert_eq!(
            split_without_opening("name: x\n```\n---\n```\n"),
            Split::Missing
        );
    }

    #[test]
    fn fold_ignores_punctuation() {
        assert_eq!(fold("ISO/IEC 27001:2022"), "isoiec270012022");
    }
}
