//! `front-matter/*`: the YAML block at the top of every document.

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Problem, ProblemKind};
use crate::model::Model;

pub static MISSING: Rule = Rule {
    id: "front-matter/missing",
    severity: Severity::Error,
    summary: "a document has no front matter block",
    explanation: "\
Every document matched by `documents.include` must start with a YAML front
matter block: a `---` line on the first line of the file, the fields, and a
closing `---` line. Without it policylint cannot tell what the document is, who
owns it, when it was reviewed or which controls it implements, so the document
counts for nothing in coverage.

If the file is not an ISMS document (a README, a template folder), exclude it
with `documents.exclude` in the config.

Example of a minimal block:

    ---
    id: POL-AC-01
    title: Access Control Policy
    type: policy
    status: approved
    owner: jdoe
    last_reviewed: 2026-03-02
    controls: [A.5.15, A.8.2]
    ---
",
};

pub static INVALID: Rule = Rule {
    id: "front-matter/invalid",
    severity: Severity::Error,
    summary: "the front matter is not valid YAML or is not closed",
    explanation: "\
The front matter must be one YAML 1.2 mapping between a `---` line at the very
top of the file and a closing `---` (or `...`) line. The finding points at the
YAML error itself: a tab used for indentation, a duplicated key, an unquoted
value that contains `: `, a block that is never closed, blank lines before the
opening `---`, or anchors and aliases that expand beyond the parser's budget.

The YAML is read as YAML 1.2, so `no` and `off` are strings, not booleans, and
a key may appear only once.

Example:

    ---
    id: POL-AC-01
    title: Access Control: Users     # invalid: quote a value that contains `: `
    ---

Fix: `title: \"Access Control: Users\"`.
",
};

pub static MISSING_FIELD: Rule = Rule {
    id: "front-matter/missing-field",
    severity: Severity::Error,
    summary: "a required front matter field is absent",
    explanation: "\
Every document needs `id`, `title`, `type`, `status`, `owner` and
`last_reviewed` (a retired document needs no `last_reviewed`). A policy must
also say what it implements, with `controls` (Annex A control ids) or `clauses`
(management-system clauses such as \"5.2\").

These are the fields an auditor asks about first: what the document is, who
is accountable for it, when it was last reviewed and which requirement it
meets. The finding points at the opening `---` line.

Example:

    ---
    id: POL-BK-01
    title: Backup Policy
    type: policy
    status: approved
    last_reviewed: 2026-02-11
    controls: [A.8.13]
    ---

This block has no `owner`; add `owner: <roster id>`.
",
};

pub static UNKNOWN_FIELD: Rule = Rule {
    id: "front-matter/unknown-field",
    severity: Severity::Warning,
    summary: "a front matter key is not in the schema",
    explanation: "\
The known fields are `id`, `title`, `type`, `status`, `owner`, `approver`,
`classification`, `version`, `last_reviewed`, `review_interval`, `controls`,
`clauses` and `policylint`. Any other key is reported, with the closest known
field when it looks like a typo: a misspelt `last_reviewd` would otherwise
leave the document without a review date in silence.

Example:

    last_reveiwed: 2026-03-02   # unknown field; did you mean `last_reviewed`?

To keep a field of your own without a warning, switch the rule off for the
repository (`rules: {front-matter/unknown-field: off}`) or for one document
(`policylint: {disable: [front-matter/unknown-field]}`).
",
};

pub static INVALID_VALUE: Rule = Rule {
    id: "front-matter/invalid-value",
    severity: Severity::Error,
    summary: "a front matter value has the wrong type or is not allowed",
    explanation: "\
A front matter field has a value of the wrong type or one that is not
allowed: a word outside the field's set of values, a date that does not
exist, an interval that cannot be read, or a clause number that the
management system does not have.

Values must have the expected shape:

- `type`: policy, procedure, standard, plan, record or guideline
- `status`: draft, approved or retired
- `classification`: public, internal, confidential or restricted
- `last_reviewed`: a real calendar date written `YYYY-MM-DD`, without a time
- `review_interval`: `N days|weeks|months|years` or an ISO 8601 duration (`P6M`)
- `controls`: a list of control ids, or a map from framework id to such a list
- `clauses`: a list of clause references such as \"4.3\" or \"6.1.3 e\"
- `id`, `title`, `owner`, `approver`, `version`: a single value

Example:

    status: Approved            # write it in lower case: `approved`
    last_reviewed: 2026-02-30   # February has no day 30
",
};

/// Report the problems found while reading each document's front matter.
pub fn check(model: &Model, sink: &mut Sink) {
    for doc in &model.documents {
        for problem in &doc.problems {
            let rule = match problem.kind {
                ProblemKind::Missing => &MISSING,
                ProblemKind::Invalid => &INVALID,
                ProblemKind::MissingField => &MISSING_FIELD,
                ProblemKind::UnknownField => &UNKNOWN_FIELD,
                ProblemKind::InvalidValue => &INVALID_VALUE,
                ProblemKind::Unreadable => continue,
            };
            sink.push(problem_diagnostic(rule, doc, problem));
        }
        check_clauses(model, doc, sink);
    }
}

/// Turns a problem found while reading a document into a finding of `rule`.
pub fn problem_diagnostic(rule: &'static Rule, doc: &Document, problem: &Problem) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(rule, &problem.message)
        .at(&doc.source, problem.span)
        .document(doc.id())
        .key(&problem.key);
    diagnostic.label = problem.label.clone();
    diagnostic.help = problem.help.clone();
    diagnostic
}

/// Clause references must name a clause of the framework's management system.
fn check_clauses(model: &Model, doc: &Document, sink: &mut Sink) {
    let (Some(system), Some(meta)) = (&model.management, &doc.meta) else {
        return;
    };
    for clause in &meta.clauses {
        if system.knows_clause(&clause.value) {
            continue;
        }
        let first = system.clauses.first().map_or("", |c| c.id.as_str());
        let last = system.clauses.last().map_or("", |c| c.id.as_str());
        sink.push(
            Diagnostic::new(
                &INVALID_VALUE,
                format!(
                    "\"{}\" is not a management-system clause of {}",
                    clause.value, system.framework
                ),
            )
            .at(&doc.source, clause.span)
            .label("unknown clause")
            .help(format!(
                "write a clause number from {first} to {last}, with an item letter where one is meant (\"6.1.3 e\")"
            ))
            .document(doc.id())
            .key(format!("clause:{}", clause.value)),
        );
    }
}
