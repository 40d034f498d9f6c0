//! `review/*`: every document reviewed on time.

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::model::Model;
use crate::review::{self, ReviewState, Schedule};

pub static OVERDUE: Rule = Rule {
    id: "review/overdue",
    severity: Severity::Error,
    summary: "the document's next review date has passed",
    explanation: "\
A document is due for review `review_interval` after `last_reviewed` (the
config's `review.interval`, 12 months by default, when the document sets
none). When that date is before today, the review is overdue. Month steps
clamp to the month's end: 2026-01-31 plus one month is 2026-02-28.

ISO/IEC 27001 asks that policies be reviewed at planned intervals; an overdue
review is a finding in almost every surveillance audit. Retired documents are
not checked. Today is the local date, or `--today` / `POLICYLINT_TODAY`.

A later commit whose message has the trailer `Policy-Reviewed: <document id>`
(the config's `review.trailer`) counts as a review on the date it reached the
branch, so a review without changes needs no edit of `last_reviewed`.

Example (today 2026-12-04, interval 12 months):

    last_reviewed: 2025-10-14   # review overdue since 2026-10-14

Fix: review the document and set `last_reviewed` to the review date.
",
};

pub static DUE_SOON: Rule = Rule {
    id: "review/due-soon",
    severity: Severity::Warning,
    summary: "the document's next review falls within the warning window",
    explanation: "\
The next review date (`last_reviewed` plus the interval) is today or within
`review.warn_before` (30 days by default) from today. This gives the owner
time to schedule the review before it becomes `review/overdue`.

Example (today 2026-12-04, interval 12 months, warn_before 30 days):

    last_reviewed: 2025-12-20   # review due on 2026-12-20, in 16 days
",
};

pub static DATE_IN_FUTURE: Rule = Rule {
    id: "review/date-in-future",
    severity: Severity::Error,
    summary: "last_reviewed is after today",
    explanation: "\
A review cannot have happened in the future. A `last_reviewed` date after today
is usually a typo in the year or a date planned rather than done; either way
it would hide an overdue review for a long time.

Example (today 2026-12-04):

    last_reviewed: 2027-01-15   # in the future

Fix: write the date the review actually took place.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    for doc in &model.documents {
        if let Some(schedule) = review::schedule(model, doc) {
            check_document(model, doc, &schedule, sink);
        }
    }
}

fn check_document(model: &Model, doc: &Document, schedule: &Schedule, sink: &mut Sink) {
    let today = model.today;
    let last = schedule.last_reviewed.value;
    let due = schedule.due;
    let diagnostic = |rule: &'static Rule, message: String| {
        Diagnostic::new(rule, message)
            .at(&doc.source, schedule.last_reviewed.span)
            .document(doc.id())
    };

    match schedule.state {
        ReviewState::InFuture => sink.push(
            diagnostic(
                &DATE_IN_FUTURE,
                format!("last_reviewed {last} is after today ({today})"),
            )
            .label("in the future")
            .help("write the date the review took place")
            .key(last.to_string()),
        ),
        ReviewState::Overdue => sink.push(
            diagnostic(
                &OVERDUE,
                format!(
                    "review overdue since {due} (last reviewed {}, interval {})",
                    schedule.describe_last(),
                    schedule.interval
                ),
            )
            .label(format!("due {due}"))
            .help("review the document and update last_reviewed")
            .key("overdue"),
        ),
        ReviewState::DueSoon => {
            let when = match (due - today).get_days() {
                0 => "today".to_owned(),
                1 => "in 1 day".to_owned(),
                n => format!("in {n} days"),
            };
            sink.push(
                diagnostic(
                    &DUE_SOON,
                    format!(
                        "review due on {due}, {when} (last reviewed {})",
                        schedule.describe_last()
                    ),
                )
                .label(format!("due {due}"))
                .help("schedule the review with the document's owner")
                .key("due-soon"),
            );
        }
        ReviewState::Current => {}
    }
}
