//! A policy document: its text, front matter fields and Markdown body facts,
//! read once and shared by every rule.

pub mod anchors;
pub mod dialect;
pub mod front_matter;
pub mod markdown;
pub mod meta;

pub use dialect::Dialect;
pub use markdown::Body;
pub use meta::{Classification, ControlRef, DocType, Meta, Spanned, Status};

use crate::source::{SourceFile, Span};
use crate::yaml::{self, Node};

/// The largest document read, in bytes. ISMS documents are tens of
/// kilobytes; a file a thousand times larger is reported and skipped.
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The kind of problem found in a document's file or front matter while
/// reading it. The `front-matter/*` and `document/unreadable` rules report these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    Unreadable,
    Missing,
    Invalid,
    MissingField,
    UnknownField,
    InvalidValue,
}

#[derive(Clone, Debug)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub span: Span,
    pub label: Option<String>,
    pub help: Option<String>,
    /// Identifies the problem across revisions (the field name, say).
    pub key: String,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub source: SourceFile,
    /// The front matter block, when one was found and closed.
    pub front_matter: Option<front_matter::Block>,
    /// The fields; `None` when the front matter is missing or not valid YAML.
    pub meta: Option<Meta>,
    pub body: Body,
    pub problems: Vec<Problem>,
    /// The front matter as parsed YAML, in policylint's shape after the
    /// dialect's renames; `None` when there is no valid block.
    pub yaml: Option<Node>,
}

impl Document {
    /// Read a document from its bytes. Nothing here fails: every problem
    /// becomes a [`Problem`] and the rest of the document is still read.
    pub fn parse(path: impl Into<String>, bytes: &[u8]) -> Document {
        Document::parse_with(path, bytes, &Dialect::default())
    }

    /// Read a document whose front matter may be in another tool's shape,
    /// as `dialect` describes.
    pub fn parse_with(path: impl Into<String>, bytes: &[u8], dialect: &Dialect) -> Document {
        let path = path.into();
        let mut problems = Vec::new();
        let text = decode(bytes, &mut problems);
        let source = SourceFile::new(path, text);

        let text = &*source.text;
        let mut front_matter_yaml = None;
        let (front_matter, meta, body_start) = match dialect.split(text) {
            front_matter::Split::Missing => {
                problems.push(Problem {
                    kind: ProblemKind::Missing,
                    message: "document has no front matter".into(),
                    span: source.line_span(1),
                    label: None,
                    help: Some(
                        "start the file with a `---` line, the fields (id, title, type, status, owner, last_reviewed), and a closing `---` line"
                            .into(),
                    ),
                    key: String::new(),
                });
                (None, None, 0)
            }
            front_matter::Split::Unclosed { open } => {
                problems.push(Problem {
                    kind: ProblemKind::Invalid,
                    message: format!(
                        "front matter opened on line {} is never closed",
                        source.position(open.start).line
                    ),
                    span: open,
                    label: Some("opened here".into()),
                    help: Some("add a line with `---` after the last front matter field".into()),
                    key: "unclosed".into(),
                });
                (None, None, open.end)
            }
            front_matter::Split::Block(block) => {
                if block.leading_blank_lines {
                    problems.push(Problem {
                        kind: ProblemKind::Invalid,
                        message: "front matter must start on the first line".into(),
                        span: block.open,
                        label: Some("front matter starts here".into()),
                        help: Some("remove the blank lines before the opening `---`".into()),
                        key: "leading-blank-lines".into(),
                    });
                }
                let meta = match yaml::parse(&text[block.yaml.range()], block.yaml.start) {
                    Ok(root) => {
                        let (root, renamed) =
                            dialect.normalize(root, &source.path, block.open, &mut problems);
                        let meta = meta::read(&root, &source, block.open, &mut problems);
                        dialect.explain_missing(&renamed, &mut problems);
                        front_matter_yaml = Some(root);
                        Some(meta)
                    }
                    Err(error) => {
                        problems.push(Problem {
                            kind: ProblemKind::Invalid,
                            message: format!("front matter is not valid YAML: {}", error.message),
                            span: error.span,
                            label: None,
                            help: Some(yaml_help(
                                &error.message,
                                text,
                                block.yaml.start..error.span.start.max(block.yaml.start),
                            )),
                            key: "yaml".into(),
                        });
                        None
                    }
                };
                let body_start = block.body_start;
                (Some(block), meta, body_start)
            }
        };

        let body = Body::parse(&text[body_start..], body_start);
        Document {
            source,
            front_matter,
            meta,
            body,
            problems,
            yaml: front_matter_yaml,
        }
    }

    /// Creates a document whose file could not be read at all.
    pub fn unreadable(path: impl Into<String>, message: String, help: Option<String>) -> Document {
        Document {
            source: SourceFile::new(path, ""),
            front_matter: None,
            meta: None,
            body: Body::default(),
            problems: vec![Problem {
                kind: ProblemKind::Unreadable,
                message,
                span: Span::new(0, 0),
                label: None,
                help,
                key: "unreadable".into(),
            }],
            yaml: None,
        }
    }

    pub fn id(&self) -> Option<&str> {
        self.meta.as_ref().and_then(Meta::id_str)
    }

    /// Tells whether the document counts for coverage and review: it has
    /// front matter and is not retired.
    pub fn is_active(&self) -> bool {
        self.meta.as_ref().is_some_and(|m| !m.is_retired())
    }

    /// Returns the span that represents the whole front matter: the opening
    /// line, or the first line of the file.
    pub fn header_span(&self) -> Span {
        self.front_matter
            .as_ref()
            .map_or_else(|| self.source.line_span(1), |b| b.open)
    }
}

/// Turn the file's bytes into text. A UTF-8 byte order mark is dropped.
/// Invalid UTF-8 is replaced with U+FFFD and reported, so the rest of the
/// document is still linted.
fn decode(bytes: &[u8], problems: &mut Vec<Problem>) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.push(Problem {
            kind: ProblemKind::Unreadable,
            message: "file is UTF-16, not UTF-8".into(),
            span: Span::new(0, 0),
            label: None,
            help: Some("save the file as UTF-8".into()),
            key: "utf-16".into(),
        });
        return String::new();
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) => {
            let at = error.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replacement = '\u{FFFD}'.len_utf8();
            problems.push(Problem {
                kind: ProblemKind::Unreadable,
                message: "file is not valid UTF-8; invalid bytes were read as \u{FFFD}".into(),
                span: Span::new(at, (at + replacement).min(text.len())),
                label: Some("first invalid byte".into()),
                help: Some("save the file as UTF-8".into()),
                key: "invalid-utf8".into(),
            });
            text
        }
    }
}

/// Suggests a next step for the YAML errors most common in front matter.
/// `before` is the range of `text` from the start of the YAML to the error.
/// An unclosed `[` or `{` is looked for there, because the parser reports
/// it only where the next key breaks the flow collection, a line later.
fn yaml_help(message: &str, text: &str, before: std::ops::Range<usize>) -> String {
    if let Some(open) = text.get(before.clone()).and_then(unclosed_bracket) {
        let at = before.start + open;
        let line = text[..at].matches('\n').count() + 1;
        let (opened, close) = if text[at..].starts_with('[') {
            ('[', ']')
        } else {
            ('{', '}')
        };
        return format!(
            "the `{opened}` on line {line} is not closed; end the value with `{close}`"
        );
    }
    let lower = message.to_lowercase();
    if lower.contains("tab") {
        "indent YAML with spaces; tabs are not allowed".into()
    } else if lower.contains("duplicate") {
        "remove one of the two entries with the same key".into()
    } else if lower.contains("alias") || lower.contains("budget") || lower.contains("limit") {
        "front matter should be plain fields; remove the anchors and aliases".into()
    } else {
        "fix the YAML syntax; a value with `: ` or a leading `*`, `&`, `[` or `{` must be quoted"
            .into()
    }
}

/// Returns the offset of the first `[` or `{` in `yaml` that is never
/// closed, skipping quoted strings and comments.
fn unclosed_bracket(yaml: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut chars = yaml.char_indices();
    while let Some((at, c)) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if previous.is_whitespace() => {
                    for (_, skipped) in chars.by_ref() {
                        if skipped == '\n' {
                            break;
                        }
                    }
                    previous = '\n';
                    continue;
                }
                '[' | '{' => open.push(at),
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            },
        }
        if c == '\n' {
            quote = None;
        }
        previous = c;
    }
    open.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_bracket_is_found() {
        assert_eq!(unclosed_bracket("a: [1, 2\nb: 3\n"), Some(3));
        assert_eq!(unclosed_bracket("a: [1, 2]\nb: {c: 1}\n"), None);
        assert_eq!(unclosed_bracket("a: \"[x\"\nb: 'y{'\n"), None);
        assert_eq!(unclosed_bracket("a: 1 # [note\n"), None);
    }

    #[test]
    fn unclosed_list_help_names_its_line() {
        let text = "---\nid: POL-1\ncontrols: [A.5.1, A.5.2\nlast_reviewed: 2026-06-01\n---\n# T\n";
        let doc = Document::parse("p.md", text.as_bytes());
        let help = doc.problems[0].help.as_deref().unwrap();
        assert_eq!(
            help,
            "the `[` on line 3 is not closed; end the value with `]`"
        );
    }

    fn kinds(doc: &Document) -> Vec<ProblemKind> {
        doc.problems.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn complete_document() {
        let text = "---\nid: POL-1\ntitle: T\ntype: policy\nstatus: approved\nowner: jdoe\nlast_reviewed: 2026-03-02\ncontrols: [A.5.1]\n---\n# T\n";
        let doc = Document::parse("p.md", text.as_bytes());
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let meta = doc.meta.as_ref().unwrap();
        assert_eq!(meta.id_str(), Some("POL-1"));
        assert_eq!(
            doc.source
                .position(meta.last_reviewed.as_ref().unwrap().span.start)
                .line,
            7
        );
        assert_eq!(doc.body.headings[0].text, "T");
    }

    #[test]
    fn bom_is_dropped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"---\nid: A\n---\n");
        let doc = Document::parse("p.md", &bytes);
        assert_eq!(doc.meta.unwrap().id_str(), Some("A"));
    }

    #[test]
    fn invalid_utf8_is_reported_and_read() {
        let doc = Document::parse("p.md", b"---\nid: A\n---\nbad \xFF byte\n");
        assert_eq!(kinds(&doc)[0], ProblemKind::Unreadable);
        assert_eq!(doc.source.position(doc.problems[0].span.start).line, 4);
        assert_eq!(doc.meta.unwrap().id_str(), Some("A"));
    }

    #[test]
    fn empty_file_has_no_front_matter() {
        let doc = Document::parse("p.md", b"");
        assert_eq!(kinds(&doc), [ProblemKind::Missing]);
    }

    #[test]
    fn yaml_error_points_into_file() {
        let doc = Document::parse("p.md", b"---\nid: A\ntitle: [unclosed\n---\n");
        let problem = doc
            .problems
            .iter()
            .find(|p| p.kind == ProblemKind::Invalid)
            .unwrap();
        assert!(doc.source.position(problem.span.start).line >= 3);
    }

    #[test]
    fn missing_fields_reported_at_opening_line() {
        let doc = Document::parse("p.md", b"---\nid: A\ntype: policy\n---\n");
        let missing: Vec<&str> = doc
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::MissingField)
            .map(|p| p.key.as_str())
            .collect();
        assert_eq!(
            missing,
            ["title", "status", "owner", "last_reviewed", "controls"]
        );
        assert!(doc.problems.iter().all(|p| p.span == Span::new(0, 3)));
    }
}
