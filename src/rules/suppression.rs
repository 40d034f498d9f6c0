//! `suppression/*`: inline and front matter suppressions themselves.

use super::Rule;
use crate::diagnostic::Severity;

pub static UNUSED: Rule = Rule {
    id: "suppression/unused",
    severity: Severity::Note,
    summary: "a suppression matched no finding",
    explanation: "\
A finding can be suppressed where it occurs:

- `<!-- policylint-disable RULE -->` up to `<!-- policylint-enable RULE -->`
  (or to the end of the file) in a document's Markdown;
- `<!-- policylint-disable-next-line RULE -->` for the line after the comment;
- `policylint: { disable: [RULE] }` in the front matter, for the whole file.

RULE is one or more rule ids separated by spaces or commas. A suppression that
no finding needs any more is reported here: once the placeholder is filled in
or the review date updated, the comment only hides the next real problem of
that kind. The same note reports a suppression that names an unknown rule,
names no rule at all, or an enable comment with no disable before it.

Example:

    <!-- policylint-disable-next-line content/placeholder -->
    Contact the security team at security@example.com.

The next line has no placeholder left, so the comment is unused; remove it.
",
};
