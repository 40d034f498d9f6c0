//! Rules that read the commit history: `review/changed-since-review`,
//! `review/unbacked-date`, `history/shallow-clone` and
//! `history/unknown-review-trailer`.

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::history::{DocHistory, Status};
use crate::model::Model;
use crate::review::{self, ReviewState, Schedule};
use crate::suggest;

pub static CHANGED_SINCE_REVIEW: Rule = Rule {
    id: "review/changed-since-review",
    severity: Severity::Warning,
    summary: "the document's body changed in a commit after its last review",
    explanation: "\
policylint finds, in the commit history, the commit that set the document's
current `last_reviewed` value. A later commit that changed the body of the
document (not only its front matter) means the text that is in force now
was not the text that was reviewed. The finding names the newest such
commit, its author and the date it reached the branch. Changes to
whitespace at line ends and to line endings do not count. Uncommitted
changes to the body count as a change made now.

A commit whose message ends with the trailer `Policy-Reviewed: <document
id>` (the key is `review.trailer` in the config) records a review without
editing the document; body changes before that commit are then covered.

The history is read from HEAD (or `--rev`), following renames, and a merge
counts as a change only when the document differs from every parent, as
`git log -- PATH` shows it. In a shallow clone the rule is skipped.

Example:

    last_reviewed: 2026-03-02   # set in 1a2b3c4
    # 9f8e7d6 by Jane Doe on 2026-05-20 rewrote the \"Scope\" section

Fix: review the changes and update `last_reviewed`, or commit the review
with the trailer:

    git commit --allow-empty -m \"Review access control policy\" \\
        -m \"Policy-Reviewed: POL-AC-01\"
",
};

pub static UNBACKED_DATE: Rule = Rule {
    id: "review/unbacked-date",
    severity: Severity::Warning,
    summary: "the commit that set last_reviewed is dated before that date",
    explanation: "\
The commit that set the document's current `last_reviewed` value reached
the branch before the date it records: the review was written down in
advance, so the history does not back it. Auditors compare review records
with the change history; a review dated after the commit that recorded it is
a finding waiting to happen.

The date of a commit is the committer date of the first-parent commit that
brought it to the branch (the merge, for a merged pull request), in that
commit's time zone.

Example:

    last_reviewed: 2026-06-30   # set in 1a2b3c4 on 2026-06-02

Fix: set `last_reviewed` to the day the review took place, in a commit made
on or after that day.
",
};

pub static SHALLOW_CLONE: Rule = Rule {
    id: "history/shallow-clone",
    severity: Severity::Warning,
    summary: "the repository is a shallow clone, so history-based rules were skipped",
    explanation: "\
`review/changed-since-review`, `review/unbacked-date` and review trailers
read the commit history. A shallow clone has only the newest commits, so
their answers would be wrong; they are skipped and this warning says so
once. GitHub's `actions/checkout` makes a shallow clone unless told
otherwise.

Example (a workflow step):

    - uses: actions/checkout@v4
      with:
        fetch-depth: 0

Fix: clone the full history (`fetch-depth: 0`, or `git fetch --unshallow`),
or run with `--no-history` to skip these rules on purpose.
",
};

pub static UNKNOWN_REVIEW_TRAILER: Rule = Rule {
    id: "history/unknown-review-trailer",
    severity: Severity::Warning,
    summary: "a review trailer names no current document",
    explanation: "\
A commit whose message ends with `Policy-Reviewed: <document id>` records a
review of that document (the key is `review.trailer` in the config). When the
value is not the `id` of any document, the review counts for nothing: a typo
such as `POL-AC-1` for `POL-AC-01` leaves the document overdue with no other
sign. Only the commits the history walk reads are checked: back to the
oldest change or review the other rules need. A trailer for a document that
has since been deleted is reported too.

Example (a commit message):

    Review the access control policy

    Policy-Reviewed: POL-AC-1     # the document's id is POL-AC-01

Fix: record the review again with the right id, for example with an empty
commit: `git commit --allow-empty -m \"Review\" -m \"Policy-Reviewed: POL-AC-01\"`.
A commit that is already pushed cannot be changed, so the new commit is the
record.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    if model.history.status == Status::Shallow {
        sink.push(
            Diagnostic::new(
                &SHALLOW_CLONE,
                "the repository is a shallow clone; history-based rules were skipped",
            )
            .help("fetch the full history: `fetch-depth: 0` for actions/checkout, or `git fetch --unshallow`")
            .key("shallow"),
        );
        return;
    }
    if !model.history.is_read() {
        return;
    }
    unknown_review_trailers(model, sink);
    for doc in &model.documents {
        let (Some(schedule), Some(history)) = (
            review::schedule(model, doc),
            model.history.doc(&doc.source.path),
        ) else {
            continue;
        };
        if history.review_set_now || schedule.state == ReviewState::InFuture {
            continue;
        }
        changed_since_review(doc, &schedule, history, sink);
        unbacked_date(doc, &schedule, history, sink);
    }
}

fn changed_since_review(
    doc: &Document,
    schedule: &Schedule,
    history: &DocHistory,
    sink: &mut Sink,
) {
    // A review trailer newer than a body change covers it.
    let reviewed_at = schedule
        .reviewed_in
        .as_ref()
        .or(history.reviewed_by_trailer.as_ref())
        .map(|c| c.reached.time.seconds);
    let later: Vec<_> = history
        .body_changes
        .iter()
        .filter(|c| reviewed_at.is_none_or(|at| c.reached.time.seconds > at))
        .collect();
    let review = match &history.review_set {
        Some(commit) => format!("the review recorded in {}", commit.short_id()),
        None => "the last review".to_owned(),
    };
    let message = if history.body_changed_now {
        format!("the body has uncommitted changes made after {review}")
    } else if let Some(newest) = later.first() {
        let more = match later.len() {
            1 => String::new(),
            2 => " and 1 earlier commit".to_owned(),
            n => format!(" and {} earlier commits", n - 1),
        };
        format!(
            "the body changed in {}{more}, after {review}",
            newest.describe()
        )
    } else {
        return;
    };
    let id = doc.id().unwrap_or("<document id>");
    sink.push(
        Diagnostic::new(&CHANGED_SINCE_REVIEW, message)
            .at(&doc.source, schedule.last_reviewed.span)
            .label("last review")
            .help(format!(
                "review the changes and update last_reviewed, or record the review with a `Policy-Reviewed: {id}` commit trailer"
            ))
            .document(doc.id())
            .key("changed-since-review"),
    );
}

fn unbacked_date(doc: &Document, schedule: &Schedule, history: &DocHistory, sink: &mut Sink) {
    let Some(commit) = &history.review_set else {
        return;
    };
    let value = schedule.last_reviewed.value;
    let Some(date) = commit.date() else {
        return;
    };
    if date >= value {
        return;
    }
    sink.push(
        Diagnostic::new(
            &UNBACKED_DATE,
            format!(
                "last_reviewed {value} was set in {}, before that date",
                commit.describe()
            ),
        )
        .at(&doc.source, schedule.last_reviewed.span)
        .label(format!("committed {date}"))
        .help("set last_reviewed to the day the review took place, in a commit made on or after it")
        .document(doc.id())
        .key(value.to_string()),
    );
}

/// Reports each review trailer whose value is no current document's id,
/// suggesting the closest id.
fn unknown_review_trailers(model: &Model, sink: &mut Sink) {
    let ids: Vec<&str> = model.documents.iter().filter_map(|doc| doc.id()).collect();
    let trailer = &model.config.review.trailer;
    for unknown in &model.history.unknown_trailers {
        let commit = unknown.commit.short_id();
        let written = &unknown.id;
        let fix = match suggest::did_you_mean(written, ids.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? Record the review again in a new commit with `{trailer}: {best}`"
            ),
            None => format!(
                "record the review again in a new commit with `{trailer}: ID`, where ID is the `id` in the document's front matter"
            ),
        };
        sink.push(
            Diagnostic::new(
                &UNKNOWN_REVIEW_TRAILER,
                format!(
                    "commit {commit} records a review of `{written}`, but no document has that id"
                ),
            )
            .help(fix)
            .key(format!("{}:{written}", unknown.commit.id)),
        );
    }
}
