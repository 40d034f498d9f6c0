//! The front matter fields, read from the YAML tree into typed values with
//! their spans. Each problem found on the way is kept for the `front-matter/*`
//! rules to report.

use jiff::civil::Date;

use super::{Problem, ProblemKind};
use crate::dates::{self, Interval};
use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::yaml::{Node, Value};

/// The front matter keys a document may have.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "type",
    "status",
    "owner",
    "approver",
    "classification",
    "version",
    "last_reviewed",
    "review_interval",
    "controls",
    "clauses",
    "policylint",
];

/// A value with the span of its text in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [&'static str] = &[$($text),+];

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }
    };
}

keyword_enum!(
    /// The kind of document (`type:`).
    DocType {
        Policy = "policy",
        Procedure = "procedure",
        Standard = "standard",
        Plan = "plan",
        Record = "record",
        Guideline = "guideline",
    }
);

keyword_enum!(
    /// The life-cycle stage of the document (`status:`).
    Status {
        Draft = "draft",
        Approved = "approved",
        Retired = "retired",
    }
);

keyword_enum!(
    /// The information classification level of the document itself.
    Classification {
        Public = "public",
        Internal = "internal",
        Confidential = "confidential",
        Restricted = "restricted",
    }
);

/// A control id as written in `controls:`.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlRef {
    /// The framework key when `controls:` is a map per framework; `None`
    /// means the configured framework.
    pub framework: Option<String>,
    pub id: Spanned<String>,
}

/// The typed front matter of one document.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub doc_type: Option<Spanned<DocType>>,
    pub status: Option<Spanned<Status>>,
    pub owner: Option<Spanned<String>>,
    pub approver: Option<Spanned<String>>,
    pub classification: Option<Spanned<Classification>>,
    pub version: Option<Spanned<String>>,
    pub last_reviewed: Option<Spanned<Date>>,
    pub review_interval: Option<Spanned<Interval>>,
    pub controls: Vec<ControlRef>,
    pub clauses: Vec<Spanned<String>>,
    /// Rules disabled for the whole document (`policylint: {disable: [...]}`).
    pub disabled_rules: Vec<Spanned<String>>,
    /// Every top-level key with the span of the key.
    pub keys: Vec<Spanned<String>>,
}

impl Meta {
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.keys.iter().find(|k| k.value == key).map(|k| k.span)
    }

    pub fn is_retired(&self) -> bool {
        matches!(
            self.status,
            Some(Spanned {
                value: Status::Retired,
                ..
            })
        )
    }

    pub fn is_approved(&self) -> bool {
        matches!(
            self.status,
            Some(Spanned {
                value: Status::Approved,
                ..
            })
        )
    }

    pub fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(|id| id.value.as_str())
    }
}

/// Read the front matter fields of `root`. `open` is the opening `---` line,
/// where a missing field is reported.
pub fn read(root: &Node, file: &SourceFile, open: Span, problems: &mut Vec<Problem>) -> Meta {
    let mut meta = Meta::default();
    let mut fields = FieldReader { file, problems };
    let Some(entries) = root.as_map() else {
        fields.problems.push(Problem {
            kind: ProblemKind::Invalid,
            message: format!(
                "front matter must be a mapping of fields, found {}",
                root.kind()
            ),
            span: if root.is_null() { open } else { root.span },
            label: None,
            help: Some("write one `key: value` field per line between the `---` lines".into()),
            key: "not-a-mapping".into(),
        });
        return meta;
    };

    let mut controls_seen = false;
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            let text = key
                .scalar_text(file)
                .unwrap_or_else(|| key.kind().to_owned());
            fields.push(
                ProblemKind::UnknownField,
                key.span,
                format!("front matter key `{text}` is not a string"),
                None,
                text,
            );
            continue;
        };
        meta.keys.push(Spanned {
            value: name.to_owned(),
            span: key.span,
        });
        match name {
            "id" => meta.id = fields.text(value, "id"),
            "title" => meta.title = fields.text(value, "title"),
            "type" => meta.doc_type = fields.keyword(value, "type", DocType::ALL, DocType::parse),
            "status" => meta.status = fields.keyword(value, "status", Status::ALL, Status::parse),
            "owner" => meta.owner = fields.text(value, "owner"),
            "approver" => meta.approver = fields.text(value, "approver"),
            "classification" => {
                meta.classification = fields.keyword(
                    value,
                    "classification",
                    Classification::ALL,
                    Classification::parse,
                )
            }
            "version" => meta.version = fields.text(value, "version"),
            "last_reviewed" => meta.last_reviewed = fields.date(value, "last_reviewed"),
            "review_interval" => meta.review_interval = fields.interval(value),
            "controls" => {
                controls_seen = true;
                meta.controls = fields.controls(value);
            }
            "clauses" => meta.clauses = fields.list(value, "clauses"),
            "policylint" => meta.disabled_rules = fields.settings(value),
            _ => {
                let help = match suggest::did_you_mean(name, FIELDS.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the known fields are: {}", FIELDS.join(", ")),
                };
                fields.push(
                    ProblemKind::UnknownField,
                    key.span,
                    format!("unknown front matter field `{name}`"),
                    Some(help),
                    name.to_owned(),
                );
            }
        }
    }

    report_missing_fields(&meta, controls_seen, open, fields.problems);
    meta
}

fn report_missing_fields(
    meta: &Meta,
    controls_seen: bool,
    open: Span,
    problems: &mut Vec<Problem>,
) {
    let mut missing: Vec<(&str, &str)> = Vec::new();
    let present = |key: &str| meta.keys.iter().any(|k| k.value == key);
    for (key, example) in [
        ("id", "id: POL-XX-01"),
        ("title", "title: Access Control Policy"),
        ("type", "type: policy"),
        ("status", "status: draft"),
        ("owner", "owner: <roster id>"),
    ] {
        if !present(key) {
            missing.push((key, example));
        }
    }
    // A retired document is no longer reviewed.
    if !present("last_reviewed") && !meta.is_retired() {
        missing.push(("last_reviewed", "last_reviewed: YYYY-MM-DD"));
    }
    let is_policy = matches!(
        meta.doc_type,
        Some(Spanned {
            value: DocType::Policy,
            ..
        })
    );
    if is_policy && !controls_seen && !present("clauses") {
        missing.push(("controls", "controls: [A.5.1]"));
    }
    for (key, example) in missing {
        let message = if key == "controls" {
            "policy lists neither `controls` nor `clauses`".to_owned()
        } else {
            format!("front matter has no `{key}` field")
        };
        problems.push(Problem {
            kind: ProblemKind::MissingField,
            message,
            span: open,
            label: Some(format!("`{key}` missing")),
            help: Some(format!("add `{example}` to the front matter")),
            key: key.to_owned(),
        });
    }
}

struct FieldReader<'a> {
    file: &'a SourceFile,
    problems: &'a mut Vec<Problem>,
}

impl FieldReader<'_> {
    fn push(
        &mut self,
        kind: ProblemKind,
        span: Span,
        message: String,
        help: Option<String>,
        key: String,
    ) {
        self.problems.push(Problem {
            kind,
            message,
            span,
            label: None,
            help,
            key,
        });
    }

    fn invalid(&mut self, node: &Node, field: &str, message: String, help: Option<String>) {
        self.push(
            ProblemKind::InvalidValue,
            node.span,
            message,
            help,
            field.to_owned(),
        );
    }

    /// Reads a scalar as text. Numbers keep the text they were written with,
    /// so `version: 2.10` is "2.10".
    fn text(&mut self, node: &Node, field: &str) -> Option<Spanned<String>> {
        match node.scalar_text(self.file) {
            Some(text) if !text.trim().is_empty() => Some(Spanned {
                value: text.trim().to_owned(),
                span: node.span,
            }),
            Some(_) | None if node.is_null() || node.as_str().is_some() => {
                self.invalid(
                    node,
                    field,
                    format!("`{field}` is empty"),
                    Some(format!("give `{field}` a value, or remove the line")),
                );
                None
            }
            _ => {
                self.invalid(
                    node,
                    field,
                    format!("`{field}` must be a single value, found {}", node.kind()),
                    None,
                );
                None
            }
        }
    }

    fn keyword<T>(
        &mut self,
        node: &Node,
        field: &str,
        allowed: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let text = self.text(node, field)?;
        if let Some(value) = parse(&text.value) {
            return Some(Spanned {
                value,
                span: text.span,
            });
        }
        let lower = text.value.to_lowercase();
        let help = match parse(&lower) {
            Some(_) => format!("write it in lower case: `{lower}`"),
            None => suggest::help_for(&text.value, allowed),
        };
        self.invalid(
            node,
            field,
            format!(
                "`{field}` \"{}\" is not one of: {}",
                text.value,
                allowed.join(", ")
            ),
            Some(help),
        );
        None
    }

    fn date(&mut self, node: &Node, field: &str) -> Option<Spanned<Date>> {
        let text = self.text(node, field)?;
        match dates::parse_date(&text.value) {
            Ok(date) => Some(Spanned {
                value: date,
                span: text.span,
            }),
            Err(message) => {
                self.invalid(
                    node,
                    field,
                    format!("`{field}` {message}"),
                    Some("write the date of the last review as YYYY-MM-DD".into()),
                );
                None
            }
        }
    }

    fn interval(&mut self, node: &Node) -> Option<Spanned<Interval>> {
        let text = self.text(node, "review_interval")?;
        match Interval::parse(&text.value) {
            Ok(interval) => Some(Spanned {
                value: interval,
                span: text.span,
            }),
            Err(message) => {
                self.invalid(
                    node,
                    "review_interval",
                    format!("`review_interval` {message}"),
                    None,
                );
                None
            }
        }
    }

    fn list(&mut self, node: &Node, field: &str) -> Vec<Spanned<String>> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => return Vec::new(),
            _ => {
                self.invalid(
                    node,
                    field,
                    format!("`{field}` must be a list, found {}", node.kind()),
                    Some(format!(
                        "write a list, such as `{field}: [{}]`",
                        self.file.slice(node.span)
                    )),
                );
                vec![node]
            }
        };
        items
            .into_iter()
            .filter_map(|item| match item.scalar_text(self.file) {
                Some(text) if !text.trim().is_empty() => Some(Spanned {
                    value: text.trim().to_owned(),
                    span: item.span,
                }),
                _ => {
                    self.invalid(
                        item,
                        field,
                        format!(
                            "each item of `{field}` must be a single value, found {}",
                            item.kind()
                        ),
                        None,
                    );
                    None
                }
            })
            .collect()
    }

    /// `controls:` as a list, or as a map from framework id to list.
    fn controls(&mut self, node: &Node) -> Vec<ControlRef> {
        match &node.value {
            Value::Map(entries) => {
                let mut refs = Vec::new();
                for (key, value) in entries {
                    let Some(framework) = key.scalar_text(self.file) else {
                        self.invalid(
                            key,
                            "controls",
                            "framework keys in `controls` must be strings".into(),
                            None,
                        );
                        continue;
                    };
                    refs.extend(
                        self.list(value, "controls")
                            .into_iter()
                            .map(|id| ControlRef {
                                framework: Some(framework.clone()),
                                id,
                            }),
                    );
                }
                refs
            }
            _ => self
                .list(node, "controls")
                .into_iter()
                .map(|id| ControlRef {
                    framework: None,
                    id,
                })
                .collect(),
        }
    }

    /// `policylint: { disable: [RULE, ...] }`.
    fn settings(&mut self, node: &Node) -> Vec<Spanned<String>> {
        let Some(entries) = node.as_map() else {
            self.invalid(
                node,
                "policylint",
                format!("`policylint` must be a mapping, found {}", node.kind()),
                Some("write `policylint: { disable: [RULE] }`".into()),
            );
            return Vec::new();
        };
        let mut disabled = Vec::new();
        for (key, value) in entries {
            match key.as_str() {
                Some("disable") => disabled = self.list(value, "policylint.disable"),
                other => {
                    let name = other.unwrap_or("?").to_owned();
                    self.push(
                        ProblemKind::UnknownField,
                        key.span,
                        format!("unknown setting `policylint.{name}`"),
                        Some("the only setting is `disable`, a list of rule ids".into()),
                        format!("policylint.{name}"),
                    );
                }
            }
        }
        disabled
    }
}
