//! The finding type every rule produces and every output format renders.

use std::fmt;

use serde::Serialize;

use crate::rules::Rule;
use crate::source::{Position, SourceFile, Span};

/// How serious a finding is. The order is significant: `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a file: the file, the byte span and its resolved start and end
/// positions. `end` is exclusive, as in SARIF and LSP. The file's text is
/// shared, so renderers can show the snippet without the model.
#[derive(Clone, Debug)]
pub struct Location {
    pub file: SourceFile,
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

impl Location {
    pub fn new(file: &SourceFile, span: Span) -> Self {
        Location {
            file: file.clone(),
            span,
            start: file.position(span.start),
            end: file.position(span.end),
        }
    }

    /// Repository-relative path with `/` separators.
    pub fn path(&self) -> &str {
        &self.file.path
    }
}

/// A second place a finding refers to, such as the first document that uses a
/// duplicated id.
#[derive(Clone, Debug)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// A short text shown under the underlined span in the human format.
    pub label: Option<String>,
    pub help: Option<String>,
    /// `None` only for repository-level findings with no file to point at.
    pub location: Option<Location>,
    pub related: Vec<Related>,
    /// The `id` of the document the finding is about, when there is one.
    pub document: Option<String>,
    /// The control the finding is about, as the catalog spells it.
    pub control: Option<String>,
    /// What identifies this finding across revisions apart from rule,
    /// document and control (for example the unknown control id as written).
    /// Never contains line numbers, so an edit that shifts lines keeps it.
    pub key: String,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            label: None,
            help: None,
            location: None,
            related: Vec::new(),
            document: None,
            control: None,
            key: String::new(),
        }
    }

    pub fn at(mut self, file: &SourceFile, span: Span) -> Self {
        self.location = Some(Location::new(file, span));
        self
    }

    pub fn at_location(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn document(mut self, id: Option<&str>) -> Self {
        self.document = id.map(str::to_owned);
        self
    }

    pub fn control(mut self, id: impl Into<String>) -> Self {
        self.control = Some(id.into());
        self
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    pub fn related(mut self, file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location: Location::new(file, span),
            message: message.into(),
        });
        self
    }

    pub fn path(&self) -> Option<&str> {
        self.location.as_ref().map(Location::path)
    }

    /// The order of the JSON report: path, line, column, rule. Findings with
    /// no file come first.
    pub fn sort_key(&self) -> (Option<&str>, usize, usize, &'static str) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.start.line, l.start.column));
        (self.path(), line, column, self.rule.id)
    }
}
