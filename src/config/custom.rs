//! `custom_rules:`: a team's own checks, each a regular expression over a
//! document's body or one front matter field, reported like built-in rules.
//!
//! The rest of the program refers to rules as `&'static Rule`: diagnostics,
//! every output format, severity overrides. A custom rule is known only once
//! the config is read, so its `Rule` is allocated then and leaked. A run
//! reads a config once (twice when it compares two revisions), so the leak
//! is a few hundred bytes per rule for the life of a short process, and no
//! code that handles built-in rules needs to change.

use regex::{Regex, RegexBuilder};

use super::{Config, Loader};
use crate::diagnostic::Severity;
use crate::document::DocType;
use crate::rules::{self, Rule};
use crate::suggest;
use crate::yaml::Node;

/// The maximum memory a compiled pattern may take, in bytes, for
/// `RegexBuilder::size_limit` and `dfa_size_limit`. Realistic patterns take
/// a few kilobytes; the limit stops a pattern such as `\w{1000}{1000}` from
/// taking gigabytes.
pub const MAX_REGEX_BYTES: usize = 1024 * 1024;

const RULE_KEYS: &[&str] = &[
    "id", "severity", "message", "pattern", "in", "types", "help",
];

/// A rule from `custom_rules:`.
#[derive(Clone, Debug)]
pub struct CustomRule {
    pub rule: &'static Rule,
    pub pattern: Regex,
    pub target: Target,
    /// The document types it applies to; empty means every document.
    pub types: Vec<DocType>,
    pub help: Option<String>,
}

/// The text a custom rule's pattern is matched against (`in:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The Markdown body, outside code and HTML comments.
    Body,
    /// The value of one front matter field (after the dialect's renames).
    Field(String),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::Body => "the body (outside code and HTML comments)".into(),
            Target::Field(field) => format!("the front matter field `{field}`"),
        }
    }
}

/// Compiles a pattern from the config with bounded size. A pattern that
/// matches empty text is rejected too, because it would match everywhere.
/// The error is the message and help of the config diagnostic.
pub fn compile(pattern: &str) -> Result<Regex, (String, String)> {
    let regex = RegexBuilder::new(pattern)
        .size_limit(MAX_REGEX_BYTES)
        .dfa_size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|error| {
            let message = describe_error(pattern, error);
            let help = "write the pattern in Rust regex syntax (https://docs.rs/regex); in YAML, quote it with single quotes so `\\` stays as written";
            (message, help.to_owned())
        })?;
    if regex.is_match("") {
        return Err((
            format!("pattern \"{pattern}\" matches empty text, so it would match everywhere"),
            "make the pattern require at least one character, for example `+` instead of `*`"
                .to_owned(),
        ));
    }
    Ok(regex)
}

fn describe_error(pattern: &str, error: regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(limit) => {
            format!("pattern \"{pattern}\" is too large: it compiles to more than {limit} bytes")
        }
        // The syntax error's text draws a caret under the pattern over
        // several lines, and the last line states what is wrong.
        other => {
            let text = other.to_string();
            let reason = text
                .lines()
                .rev()
                .find(|line| !line.trim().is_empty())
                .unwrap_or(&text)
                .trim()
                .trim_start_matches("error: ")
                .to_owned();
            format!("invalid regular expression \"{pattern}\": {reason}")
        }
    }
}

/// Tells whether a custom rule id has the `group/name` form of the
/// built-in ids: lower-case letters, digits and `-` on both sides.
fn is_well_formed(id: &str) -> bool {
    let Some((group, name)) = id.split_once('/') else {
        return false;
    };
    [group, name].iter().all(|part| {
        !part.is_empty()
            && !part.starts_with('-')
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    })
}

impl Loader<'_> {
    pub(super) fn custom_rules(&mut self, node: &Node, config: &mut Config) {
        let Some(items) = node.as_seq() else {
            self.reader.error(
                node.span,
                format!(
                    "`custom_rules` must be a list of rules, found {}",
                    node.kind()
                ),
                Some("write `custom_rules:` followed by `- id: custom/...` entries".into()),
            );
            return;
        };
        for item in items {
            if let Some(custom) = self.custom_rule(item, config) {
                config.custom_rules.push(custom);
            }
        }
    }

    fn custom_rule(&mut self, item: &Node, config: &Config) -> Option<CustomRule> {
        let mut id = None;
        let mut severity = Severity::Warning;
        let mut message = None;
        let mut pattern = None;
        let mut target = Target::Body;
        let mut types = Vec::new();
        let mut help = None;
        for (key, _, value) in self.reader.fields(item, "a custom rule", RULE_KEYS) {
            match key {
                "id" => id = self.custom_rule_id(value, config),
                "severity" => {
                    let choice =
                        self.reader
                            .choice(value, "`severity`", &["error", "warning", "note"]);
                    severity = choice.and_then(Severity::parse).unwrap_or(severity);
                }
                "message" => message = self.reader.string(value, "`message`"),
                "pattern" => pattern = self.custom_pattern(value),
                "in" => {
                    if let Some(field) = self.reader.string(value, "`in`") {
                        target = match field.trim() {
                            "body" => Target::Body,
                            field => Target::Field(field.to_owned()),
                        };
                    }
                }
                "types" => types = self.custom_types(value),
                _ => help = self.reader.string(value, "`help`"),
            }
        }

        let mut complete = true;
        for (present, key, example) in [
            (id.is_some(), "id", "id: custom/no-personal-mailbox"),
            (message.is_some(), "message", "message: use a role mailbox"),
            (
                pattern.is_some(),
                "pattern",
                "pattern: '[a-z]+@gmail\\.com'",
            ),
        ] {
            // A value that was present but invalid is reported already.
            let written = item.get(key).is_some();
            if !present && !written {
                self.reader.error(
                    item.span,
                    format!("custom rule has no `{key}`"),
                    Some(format!("add `{example}`")),
                );
            }
            complete &= present;
        }
        if !complete {
            return None;
        }
        let (id, message, pattern) = (id?, message?, pattern?);

        let line = self.reader.file.position(item.span.start).line;
        let explanation = explanation(
            &self.reader.file.path,
            line,
            &pattern,
            &target,
            &types,
            help.as_deref(),
            &message,
        );
        let rule: &'static Rule = Box::leak(Box::new(Rule {
            id: id.leak(),
            severity,
            summary: message.leak(),
            explanation: explanation.leak(),
        }));
        Some(CustomRule {
            rule,
            pattern,
            target,
            types,
            help,
        })
    }

    fn custom_rule_id(&mut self, node: &Node, config: &Config) -> Option<String> {
        let id = self.reader.string(node, "`id`")?.trim().to_owned();
        let problem = if !is_well_formed(&id) {
            Some((
                format!("custom rule id \"{id}\" is not of the form `group/name`"),
                "write the id in lower case with `-` between words, such as `custom/no-personal-mailbox`".to_owned(),
            ))
        } else if rules::find(&id).is_some() {
            Some((
                format!("custom rule id \"{id}\" is the id of a built-in rule"),
                "give the custom rule its own id, such as `custom/...`".to_owned(),
            ))
        } else if rules::ALL
            .iter()
            .any(|rule| rule.group() == id.split('/').next().unwrap_or(""))
        {
            Some((
                format!("custom rule id \"{id}\" uses the group of built-in rules"),
                "start the id with `custom/` or your own group, so a future built-in rule cannot take it".to_owned(),
            ))
        } else if config.custom_rules.iter().any(|c| c.rule.id == id) {
            Some((
                format!("custom rule id \"{id}\" is defined twice"),
                "give each custom rule its own id".to_owned(),
            ))
        } else {
            None
        };
        match problem {
            Some((message, help)) => {
                self.reader.error(node.span, message, Some(help));
                None
            }
            None => Some(id),
        }
    }

    fn custom_pattern(&mut self, node: &Node) -> Option<Regex> {
        let text = self.reader.string(node, "`pattern`")?;
        compile(&text)
            .map_err(|(message, help)| self.reader.error(node.span, message, Some(help)))
            .ok()
    }

    fn custom_types(&mut self, node: &Node) -> Vec<DocType> {
        let mut types = Vec::new();
        for (name, span) in self.reader.strings(node, "`types`") {
            match DocType::parse(&name) {
                Some(doc_type) => types.push(doc_type),
                None => self.reader.error(
                    span,
                    format!("unknown document type \"{name}\""),
                    Some(suggest::help_for(&name, DocType::ALL)),
                ),
            }
        }
        types
    }
}

/// Writes the text `policylint explain` prints for a custom rule.
fn explanation(
    config_path: &str,
    line: usize,
    pattern: &Regex,
    target: &Target,
    types: &[DocType],
    help: Option<&str>,
    message: &str,
) -> String {
    let documents = if types.is_empty() {
        "every document".to_owned()
    } else {
        let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
        format!("documents of type {}", names.join(", "))
    };
    let mut text = format!(
        "A custom rule, defined in {config_path} on line {line}.\n\n\
         It reports each match of this regular expression (Rust regex syntax) in\n\
         {} of {documents}:\n\n    {}\n",
        target.describe(),
        pattern.as_str()
    );
    if let Some(help) = help {
        text.push_str(&format!("\nHelp shown with each finding: {help}\n"));
    }
    text.push_str(&format!(
        "\nExample: text that the pattern matches is underlined and reported as\n\"{message}\".\n"
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_group_and_name() {
        assert!(is_well_formed("custom/no-personal-mailbox"));
        assert!(is_well_formed("acme/rule-2"));
        assert!(!is_well_formed("no-group"));
        assert!(!is_well_formed("Custom/Upper"));
        assert!(!is_well_formed("custom/"));
        assert!(!is_well_formed("custom/a b"));
    }

    #[test]
    fn compile_reports_syntax_and_size() {
        assert!(compile(r"[a-z]+\.[a-z]+@gmail\.com").is_ok());
        let (syntax, _) = compile("(unclosed").unwrap_err();
        assert!(
            syntax.starts_with("invalid regular expression \"(unclosed\": "),
            "{syntax}"
        );
        assert!(!syntax.contains('\n'), "{syntax}");
        let (size, _) = compile(r"\w{1000}{1000}").unwrap_err();
        assert!(size.contains("too large"), "{size}");
        let (empty, _) = compile("a*").unwrap_err();
        assert!(empty.contains("matches empty text"), "{empty}");
    }
}
