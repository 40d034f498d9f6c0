//! Suppressions written in the documents: inline HTML comments in the
//! Markdown body and the front matter's `policylint: { disable: [...] }`.
//! [`crate::rules::Sink`] passes every finding to [`Suppressions::suppress`]
//! and reports the suppressions that matched nothing as `suppression/unused`.
//!
//! A suppression covers findings of the named rule located in the same file:
//!
//! - `<!-- policylint-disable RULE -->` covers the lines from the comment to
//!   the matching `<!-- policylint-enable RULE -->` (both included), or to
//!   the end of the file when there is none;
//! - `<!-- policylint-disable-next-line RULE -->` covers the line after the
//!   comment's last line;
//! - the front matter list covers the whole file.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Model;
use crate::rules::{self, Rule, suppression::UNUSED};
use crate::source::{SourceFile, Span};
use crate::suggest;

const DISABLE: &str = "policylint-disable";
const DISABLE_NEXT_LINE: &str = "policylint-disable-next-line";
const ENABLE: &str = "policylint-enable";

/// The suppressions of every document, and which of them matched a finding.
#[derive(Debug, Default)]
pub struct Suppressions {
    entries: Vec<Suppression>,
    /// Directives that can never match, reported as unused.
    invalid: Vec<Diagnostic>,
    /// The rules a suppression may name: the built-in rules and the
    /// config's custom rules.
    known: Vec<&'static Rule>,
}

#[derive(Debug)]
struct Suppression {
    file: SourceFile,
    document: Option<String>,
    rule: &'static str,
    scope: Scope,
    /// The comment or front matter entry, where an unused note points.
    span: Span,
    kind: &'static str,
    used: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// 1-based lines, both included.
    Lines {
        first: usize,
        last: usize,
    },
    File,
}

impl Suppressions {
    /// Reads the suppressions of every document in the model.
    pub fn collect(model: &Model) -> Suppressions {
        let mut suppressions = Suppressions {
            known: rules::all_for(&model.config),
            ..Suppressions::default()
        };
        for document in &model.documents {
            suppressions.read_front_matter(document);
            suppressions.read_comments(document);
        }
        suppressions
    }

    /// Tells whether a suppression covers the finding, and marks every
    /// suppression that does as used.
    pub fn suppress(&mut self, diagnostic: &Diagnostic) -> bool {
        let Some(location) = &diagnostic.location else {
            return false;
        };
        let line = location.start.line;
        let mut suppressed = false;
        for entry in &mut self.entries {
            let covers = entry.rule == diagnostic.rule.id
                && entry.file.path == location.path()
                && match entry.scope {
                    Scope::File => true,
                    Scope::Lines { first, last } => (first..=last).contains(&line),
                };
            if covers {
                entry.used = true;
                suppressed = true;
            }
        }
        suppressed
    }

    /// Returns a `suppression/unused` note for every suppression that matched
    /// no finding, and for every directive that could never match.
    pub fn unused(self) -> Vec<Diagnostic> {
        let mut notes = self.invalid;
        for entry in self.entries.into_iter().filter(|e| !e.used) {
            notes.push(
                Diagnostic::new(
                    &UNUSED,
                    format!("suppression of `{}` matched no finding", entry.rule),
                )
                .at(&entry.file, entry.span)
                .label("unused")
                .help("remove the suppression, or move it to the finding it is meant for")
                .document(entry.document.as_deref())
                .key(format!("{}:{}", entry.kind, entry.rule)),
            );
        }
        notes
    }

    fn read_front_matter(&mut self, document: &Document) {
        let Some(meta) = &document.meta else {
            return;
        };
        for written in &meta.disabled_rules {
            if let Some(rule) = self.known_rule(document, &written.value, written.span) {
                self.entries.push(Suppression {
                    file: document.source.clone(),
                    document: document.id().map(str::to_owned),
                    rule,
                    scope: Scope::File,
                    span: written.span,
                    kind: "front-matter",
                    used: false,
                });
            }
        }
    }

    fn read_comments(&mut self, document: &Document) {
        let file = &document.source;
        // Disable comments still waiting for their enable comment, by rule.
        let mut open: Vec<(&'static str, usize, Span)> = Vec::new();

        for comment in &document.body.comments {
            let Some((directive, rules)) = parse_directive(&comment.text) else {
                continue;
            };
            if rules.is_empty() {
                self.invalid.push(invalid_directive(
                    document,
                    comment.span,
                    format!("`{directive}` names no rule, so it suppresses nothing"),
                    format!("name the rules it is for: `<!-- {directive} content/placeholder -->`"),
                    format!("{directive}:"),
                ));
                continue;
            }
            let first_line = file.position(comment.span.start).line;
            let last_line = file.position(comment.span.end).line;
            for written in rules {
                let Some(rule) = self.known_rule(document, written, comment.span) else {
                    continue;
                };
                match directive {
                    DISABLE_NEXT_LINE => self.entries.push(Suppression {
                        file: file.clone(),
                        document: document.id().map(str::to_owned),
                        rule,
                        scope: Scope::Lines {
                            first: last_line + 1,
                            last: last_line + 1,
                        },
                        span: comment.span,
                        kind: DISABLE_NEXT_LINE,
                        used: false,
                    }),
                    DISABLE => open.push((rule, first_line, comment.span)),
                    _ => match open.iter().rposition(|(r, _, _)| *r == rule) {
                        Some(index) => {
                            let (rule, first, span) = open.remove(index);
                            self.push_range(document, rule, first, last_line, span);
                        }
                        None => self.invalid.push(invalid_directive(
                            document,
                            comment.span,
                            format!(
                                "`{ENABLE} {rule}` has no `{DISABLE} {rule}` before it"
                            ),
                            "remove the comment, or add the disable comment above the lines it covers"
                                .into(),
                            format!("{ENABLE}:{rule}"),
                        )),
                    },
                }
            }
        }
        for (rule, first, span) in open {
            self.push_range(document, rule, first, usize::MAX, span);
        }
    }

    fn push_range(
        &mut self,
        document: &Document,
        rule: &'static str,
        first: usize,
        last: usize,
        span: Span,
    ) {
        self.entries.push(Suppression {
            file: document.source.clone(),
            document: document.id().map(str::to_owned),
            rule,
            scope: Scope::Lines { first, last },
            span,
            kind: DISABLE,
            used: false,
        });
    }

    /// Looks up a rule id written in a suppression; an unknown id is kept as
    /// an invalid directive.
    fn known_rule(
        &mut self,
        document: &Document,
        written: &str,
        span: Span,
    ) -> Option<&'static str> {
        if let Some(rule) = self.known.iter().find(|rule| rule.id == written) {
            return Some(rule.id);
        }
        let ids = self.known.iter().map(|r| r.id);
        let help = match suggest::did_you_mean(written, ids) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "`policylint rules` lists every rule id".to_owned(),
        };
        let diagnostic = invalid_directive(
            document,
            span,
            format!("suppression names unknown rule `{written}`, so it suppresses nothing"),
            help,
            format!("unknown:{written}"),
        );
        self.invalid.push(diagnostic);
        None
    }
}

fn invalid_directive(
    document: &Document,
    span: Span,
    message: String,
    help: String,
    key: String,
) -> Diagnostic {
    Diagnostic::new(&UNUSED, message)
        .at(&document.source, span)
        .help(help)
        .document(document.id())
        .key(key)
}

/// Splits a comment's text into its directive and the rule ids after it,
/// or returns `None` when the comment is not a suppression.
fn parse_directive(text: &str) -> Option<(&'static str, Vec<&str>)> {
    // The longest name first: `policylint-disable` is a prefix of the
    // next-line form.
    for directive in [DISABLE_NEXT_LINE, DISABLE, ENABLE] {
        let Some(rest) = text.strip_prefix(directive) else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let rules = rest
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|r| !r.is_empty())
            .collect();
        return Some((directive, rules));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_parsed() {
        assert_eq!(
            parse_directive("policylint-disable a/b, c/d"),
            Some((DISABLE, vec!["a/b", "c/d"]))
        );
        assert_eq!(
            parse_directive("policylint-disable-next-line a/b"),
            Some((DISABLE_NEXT_LINE, vec!["a/b"]))
        );
        assert_eq!(parse_directive("policylint-enable"), Some((ENABLE, vec![])));
        assert_eq!(parse_directive("policylint-disabled a/b"), None);
        assert_eq!(parse_directive("a note"), None);
    }
}
