//! The rules: one file per group, each rule declared once with its id,
//! default severity, summary and explanation next to the check that reports
//! it. [`ALL`] lists every rule for `policylint rules`, `explain` and the
//! config's severity overrides. A config's custom rules join them at run
//! time: [`all_for`] and [`find_for`] include those.

pub mod codeowners;
pub mod config;
pub mod content;
pub mod coverage;
pub mod custom;
pub mod document;
pub mod front_matter;
pub mod history;
pub mod ownership;
pub mod review;
pub mod soa;
pub mod suppression;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::suppress::Suppressions;

/// A rule's fixed description.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable `group/name` id used in config, suppressions and every output.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, lower case, no final period.
    pub summary: &'static str,
    /// What the rule checks, why it matters, and how to fix a finding, with
    /// an example. Printed by `policylint explain`. The first paragraph is
    /// complete sentences, because SARIF output uses it alone as the rule's
    /// `fullDescription`.
    pub explanation: &'static str,
}

impl Rule {
    pub fn group(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }
}

/// Problems in `policylint.yaml` itself. They stop the run with exit code 2
/// because no result could be trusted with a config that was misread.
pub static CONFIG_INVALID: Rule = Rule {
    id: "config/invalid",
    severity: Severity::Error,
    summary: "the config file has an unknown key or an invalid value",
    explanation: "\
policylint reads `policylint.yaml` (or `.policylint.yaml`), found by searching
upward from PATH to the repository root, or the file given with `--config`.
Every key is checked: an unknown key, a value of the wrong type, an interval it
cannot read, a glob that leaves the repository or an unknown rule id is
reported at its line, with a did-you-mean when a known name is close.

A config problem stops the run with exit code 2, because lint results from a
misread config (a misspelt `exclude`, say) would be wrong in silence.

Example:

    documents:
      inculde: [\"policies/**/*.md\"]   # unknown key `inculde`; did you mean `include`?
",
};

/// Every rule, in the order `policylint rules` prints them.
pub static ALL: &[&Rule] = &[
    &front_matter::MISSING,
    &front_matter::INVALID,
    &front_matter::MISSING_FIELD,
    &front_matter::UNKNOWN_FIELD,
    &front_matter::INVALID_VALUE,
    &document::DUPLICATE_ID,
    &document::UNREADABLE,
    &coverage::UNCOVERED_CONTROL,
    &coverage::DRAFT_ONLY,
    &coverage::UNKNOWN_CONTROL,
    &coverage::DUPLICATE_CONTROL,
    &coverage::EXCLUDED_CONTROL_MAPPED,
    &coverage::MISSING_DOCUMENT,
    &soa::MISSING_JUSTIFICATION,
    &soa::INVALID,
    &soa::OUT_OF_DATE,
    &review::OVERDUE,
    &review::DUE_SOON,
    &review::DATE_IN_FUTURE,
    &history::CHANGED_SINCE_REVIEW,
    &history::UNBACKED_DATE,
    &ownership::UNKNOWN_OWNER,
    &ownership::INACTIVE_OWNER,
    &codeowners::NOT_CODEOWNER,
    &history::SHALLOW_CLONE,
    &history::UNKNOWN_REVIEW_TRAILER,
    &content::placeholder::PLACEHOLDER,
    &content::sections::MISSING_SECTION,
    &content::sections::EMPTY_SECTION,
    &content::links::BROKEN_LINK,
    &content::links::LINK_TO_RETIRED,
    &suppression::UNUSED,
    &CONFIG_INVALID,
    &config::UNMATCHED_INCLUDE,
    &config::NO_DOCUMENTS,
];

/// Looks up a rule by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}

/// Lists every rule in effect with a config: the built-in rules in the order
/// of [`ALL`], then the config's custom rules in the order they are written.
pub fn all_for(config: &Config) -> Vec<&'static Rule> {
    ALL.iter()
        .copied()
        .chain(config.custom_rules.iter().map(|custom| custom.rule))
        .collect()
}

/// Looks up a rule by id among the built-in rules and the config's custom
/// rules.
pub fn find_for(config: &Config, id: &str) -> Option<&'static Rule> {
    find(id).or_else(|| {
        config
            .custom_rules
            .iter()
            .map(|custom| custom.rule)
            .find(|rule| rule.id == id)
    })
}

/// Collects findings and applies the config's severity overrides, the one
/// place where they are applied, and the documents' suppressions.
pub struct Sink<'a> {
    config: &'a Config,
    diagnostics: Vec<Diagnostic>,
    suppressions: Suppressions,
}

impl<'a> Sink<'a> {
    pub fn new(config: &'a Config) -> Self {
        Sink {
            config,
            diagnostics: Vec::new(),
            suppressions: Suppressions::default(),
        }
    }

    pub fn with_suppressions(mut self, suppressions: Suppressions) -> Self {
        self.suppressions = suppressions;
        self
    }

    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        match self.config.severity_override(diagnostic.rule.id) {
            Some(None) => return,
            Some(Some(severity)) => diagnostic.severity = severity,
            None => {}
        }
        if self.suppressions.suppress(&diagnostic) {
            return;
        }
        self.diagnostics.push(diagnostic);
    }

    /// Returns the findings, with a `suppression/unused` note for each
    /// suppression that matched none of them.
    pub fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        for note in std::mem::take(&mut self.suppressions).unused() {
            self.push(note);
        }
        self.diagnostics
    }
}

/// Run every rule on the model.
pub fn run(model: &Model) -> Vec<Diagnostic> {
    let mut sink = Sink::new(&model.config).with_suppressions(Suppressions::collect(model));
    for diagnostic in &model.load_findings {
        sink.push(diagnostic.clone());
    }
    front_matter::check(model, &mut sink);
    document::check(model, &mut sink);
    coverage::check(model, &mut sink);
    soa::check(model, &mut sink);
    review::check(model, &mut sink);
    ownership::check(model, &mut sink);
    history::check(model, &mut sink);
    codeowners::check(model, &mut sink);
    content::check(model, &mut sink);
    custom::check(model, &mut sink);
    sink.into_diagnostics()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            let (group, name) = rule.id.split_once('/').expect("group/name");
            for part in [group, name] {
                assert!(
                    !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                    "{} is not kebab-case",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn summaries_follow_message_style() {
        for rule in ALL {
            let first = rule.summary.chars().next().unwrap();
            assert!(
                first.is_lowercase(),
                "{}: summary starts upper case",
                rule.id
            );
            assert!(
                !rule.summary.ends_with('.'),
                "{}: summary ends with a period",
                rule.id
            );
            assert!(
                rule.explanation.len() > 200,
                "{}: explanation too short",
                rule.id
            );
            assert!(
                rule.explanation.contains("Example"),
                "{}: explanation has no example",
                rule.id
            );
        }
    }
}
