//! The review schedule of a document: when it was last reviewed, when the
//! next review is due, and where that stands against today. The review rules
//! report it; other views (the SoA export, the report) show it.

use std::sync::Arc;

use jiff::civil::Date;

use crate::dates::Interval;
use crate::document::{Document, Spanned};
use crate::history::CommitInfo;
use crate::model::Model;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewState {
    /// The last review date is after today.
    InFuture,
    /// The due date has passed.
    Overdue,
    /// The due date is today or within `review.warn_before`.
    DueSoon,
    Current,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::InFuture => "date in future",
            ReviewState::Overdue => "overdue",
            ReviewState::DueSoon => "due soon",
            ReviewState::Current => "current",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Schedule {
    /// The `last_reviewed` value, with its span.
    pub last_reviewed: Spanned<Date>,
    pub interval: Interval,
    /// The effective last review: `last_reviewed`, or the date of a later
    /// commit whose review trailer names the document.
    pub effective: Date,
    /// That commit, when a trailer moved the effective review forward.
    pub reviewed_in: Option<Arc<CommitInfo>>,
    pub due: Date,
    pub state: ReviewState,
}

impl Schedule {
    /// Formats the effective last review for messages: `2026-03-02`, or
    /// `2026-05-04 in commit 1a2b3c4` when a review trailer recorded it.
    pub fn describe_last(&self) -> String {
        match &self.reviewed_in {
            Some(commit) => format!("{} in commit {}", self.effective, commit.short_id()),
            None => self.effective.to_string(),
        }
    }
}

/// Computes the review schedule of an active document with a valid
/// `last_reviewed`; `None` for any other document.
pub fn schedule(model: &Model, doc: &Document) -> Option<Schedule> {
    schedule_with(model, doc, model.today, trailer_review(model, doc))
}

/// Computes the review schedule as it stood on `today` from the document
/// alone, without review trailers from the Git history. A committed SoA
/// export is built this way, so that it reads the same in a full clone, a
/// shallow clone and with `--no-history`.
pub fn schedule_from_files(model: &Model, doc: &Document, today: Date) -> Option<Schedule> {
    schedule_with(model, doc, today, None)
}

fn schedule_with(
    model: &Model,
    doc: &Document,
    today: Date,
    trailer: Option<(Date, Arc<CommitInfo>)>,
) -> Option<Schedule> {
    if !doc.is_active() {
        return None;
    }
    let meta = doc.meta.as_ref()?;
    let last = meta.last_reviewed.clone()?;
    let interval = meta
        .review_interval
        .as_ref()
        .map_or(model.config.review.interval, |i| i.value);
    let (effective, reviewed_in) = match trailer {
        Some((date, commit)) if date > last.value => (date, Some(commit)),
        _ => (last.value, None),
    };
    let due = interval.after(effective)?;

    let warn_from = model.config.review.warn_before.before(due).unwrap_or(due);
    let state = if last.value > today {
        ReviewState::InFuture
    } else if due < today {
        ReviewState::Overdue
    } else if today >= warn_from {
        ReviewState::DueSoon
    } else {
        ReviewState::Current
    };
    Some(Schedule {
        last_reviewed: last,
        interval,
        effective,
        reviewed_in,
        due,
        state,
    })
}

/// Finds the newest commit whose review trailer names the document, with
/// its date. Trailers dated after today do not count yet.
fn trailer_review(model: &Model, doc: &Document) -> Option<(Date, Arc<CommitInfo>)> {
    let commit = model
        .history
        .doc(&doc.source.path)?
        .reviewed_by_trailer
        .clone()?;
    let date = commit.date().filter(|d| *d <= model.today)?;
    Some((date, commit))
}
