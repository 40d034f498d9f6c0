//! `suppression/*`: inline and front matter suppressions themselves.

use super::Rule;
use crate::diagnostic::Severity;

pub static UNUSED: Rule = Rule {
    id: "suppression/unused",
    severity: Severity::Note,
    summary: "a suppression matched no finding",
    explanation: "\
A suppression that matches no finding, names an unknown rule or names no
rule is reported, because a suppression left in place hides the next real
problem of its kind.

A finding can be suppressed where it occurs:

- `<!-- policylint-disable RULE -->` up to `<!-- policylint-enable RULE -->`
  (or to the end of the file) in a document's Markdown;
- `<!-- policylint-disable-next-line RULE -->` for the line after the comment;
- `policylint: { disable: [RULE] }` in the front matter, for the whole file.

RULE is one or more rule ids separated by spaces or commas. Once the
placeholder is filled in or the review date updated, a suppression that no
finding needs any more only hides the next real problem of that kind. The
same note reports an enable comment with no disable before it.

Example:

    <!-- policylint-disable-next-line content/placeholder -->
    Contact the security team at security@example.com.

The next line has no placeholder left, so the comment is unused; remove it.
",
};
