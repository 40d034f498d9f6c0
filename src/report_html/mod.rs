//! `policylint report --html FILE`: one self-contained HTML file for the
//! compliance manager, with coverage charts, the review calendar of the next
//! twelve months, overdue reviews, owner workload and every finding.
//!
//! The file loads nothing: the CSS is inline, the charts are inline SVG, there
//! is no script, and a Content-Security-Policy forbids any fetch, so it opens
//! offline, from an e-mail attachment, and prints to PDF as it shows.

mod charts;

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::civil::Date;

use crate::check::Report;
use crate::dates::Interval;
use crate::diagnostic::Severity;
use crate::model::Model;
use crate::review::{self, ReviewState};
use crate::views::coverage::{self as view, FrameworkView};
use charts::CoverageBar;

const STYLE: &str = include_str!("style.css");

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A document's next review, for the calendar and the overdue list.
struct Due<'m> {
    id: &'m str,
    title: &'m str,
    path: &'m str,
    owner: &'m str,
    due: Date,
    state: ReviewState,
}

/// Renders the whole report.
pub fn render(model: &Model, report: &Report) -> String {
    // The config's folder names the ISMS when it is not the repository root.
    let folder = model
        .config
        .dir
        .rsplit('/')
        .next()
        .filter(|d| !d.is_empty());
    let repository = match folder {
        Some(folder) => folder.to_owned(),
        None => model.root.file_name().map_or_else(
            || "repository".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    let dues = dues(model);

    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>ISMS report: {} as of {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&repository),
        model.today
    );
    let _ = writeln!(
        html,
        "<header><h1>ISMS compliance report</h1><p class=\"meta\">{} &middot; as of {} &middot; policylint {}</p></header>",
        escape(&repository),
        model.today,
        env!("CARGO_PKG_VERSION")
    );

    html.push_str(&summary_cards(model, report, &dues));
    html.push_str(&coverage_section(model));
    html.push_str(&attribute_section(model));
    html.push_str(&calendar_section(model.today, &dues));
    html.push_str(&overdue_section(model.today, &dues));
    html.push_str(&owner_section(model, &dues));
    html.push_str(&findings_section(report));
    html.push_str("</body>\n</html>\n");
    html
}

/// Collects the next review of every active document with a valid
/// `last_reviewed`, sorted by due date.
fn dues(model: &Model) -> Vec<Due<'_>> {
    let mut dues: Vec<Due> = model
        .documents
        .iter()
        .filter_map(|doc| {
            let schedule = review::schedule(model, doc)?;
            let meta = doc.meta.as_ref()?;
            Some(Due {
                id: doc.id().unwrap_or(&doc.source.path),
                title: meta.title.as_ref().map_or("", |t| t.value.as_str()),
                path: &doc.source.path,
                owner: meta.owner.as_ref().map_or("", |o| o.value.as_str()),
                due: schedule.due,
                state: schedule.state,
            })
        })
        .collect();
    dues.sort_by(|a, b| (a.due, a.id).cmp(&(b.due, b.id)));
    dues
}

fn summary_cards(model: &Model, report: &Report, dues: &[Due]) -> String {
    let overdue = dues
        .iter()
        .filter(|d| d.state == ReviewState::Overdue)
        .count();
    let year_end = Interval::months(12).after(model.today);
    let upcoming = dues
        .iter()
        .filter(|d| d.due >= model.today && year_end.is_none_or(|end| d.due < end))
        .count();
    let controls = report.controls;
    let cards = [
        ("Documents", report.documents.to_string(), ""),
        (
            "Controls covered",
            format!("{}/{}", controls.covered, controls.applicable),
            if controls.covered < controls.applicable {
                "bad"
            } else {
                "good"
            },
        ),
        (
            "Errors",
            report.count(Severity::Error).to_string(),
            if report.count(Severity::Error) > 0 {
                "bad"
            } else {
                "good"
            },
        ),
        (
            "Warnings",
            report.count(Severity::Warning).to_string(),
            if report.count(Severity::Warning) > 0 {
                "warn"
            } else {
                "good"
            },
        ),
        (
            "Overdue reviews",
            overdue.to_string(),
            if overdue > 0 { "bad" } else { "good" },
        ),
        ("Reviews due in 12 months", upcoming.to_string(), ""),
    ];
    let mut html = String::from("<section class=\"cards\" aria-label=\"Summary\">\n");
    for (label, value, class) in cards {
        let _ = writeln!(
            html,
            "<div class=\"card {class}\"><span class=\"value\">{}</span><span class=\"label\">{label}</span></div>",
            escape(&value)
        );
    }
    html.push_str("</section>\n");
    html
}

fn bars(view: &FrameworkView) -> Vec<CoverageBar<'_>> {
    view.groups
        .iter()
        .map(|g| CoverageBar {
            label: &g.name,
            covered: g.covered,
            via_mapping: g.covered_via_mapping,
            applicable: g.applicable,
        })
        .collect()
}

fn coverage_section(model: &Model) -> String {
    let mut html = String::from("<section id=\"coverage\">\n<h2>Coverage by theme</h2>\n");
    html.push_str(
        "<p class=\"note\">The share of applicable controls that an approved document implements. \
         Light green: covered only through an indicative cross-framework mapping.</p>\n",
    );
    for framework in model.frameworks() {
        let Some(view) = view::build(model, framework, view::BY_THEME) else {
            continue;
        };
        let _ = writeln!(
            html,
            "<div class=\"block\"><h3>{} <span class=\"count\">{}/{} applicable covered, {} in the catalog</span></h3>",
            escape(&view.name),
            view.covered,
            view.applicable,
            view.total
        );
        html.push_str(&charts::coverage_bars(
            &format!("{}: coverage by theme", view.name),
            &bars(&view),
        ));
        let uncovered: Vec<String> = view
            .groups
            .iter()
            .flat_map(|g| &g.uncovered)
            .map(|u| {
                format!(
                    "<li><b>{}</b> {} <span class=\"tag\">{}</span></li>",
                    escape(&u.id),
                    escape(&u.title),
                    u.coverage.as_str()
                )
            })
            .collect();
        if uncovered.is_empty() {
            html.push_str("<p class=\"ok\">Every applicable control is covered.</p>\n");
        } else {
            let _ = writeln!(
                html,
                "<h4>Uncovered controls</h4><ul class=\"uncovered\">{}</ul>",
                uncovered.join("")
            );
        }
        html.push_str(&via_table(model, framework));
        html.push_str("</div>\n");
    }
    html.push_str("</section>\n");
    html
}

/// Lists the controls covered only through a mapping, with the control of
/// the other framework and the documents that implement it.
fn via_table(model: &Model, framework: crate::model::FrameworkRef) -> String {
    let coverage = crate::coverage::analyze_framework(model, framework);
    let rows: Vec<String> = coverage
        .iter()
        .filter(|c| c.is_covered_only_via_mapping())
        .map(|c| {
            let mut via: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for mapped in &c.mapped {
                let doc = mapped.implementer.document;
                via.entry(mapped.via)
                    .or_default()
                    .push(doc.id().unwrap_or(&doc.source.path));
            }
            let via: Vec<String> = via
                .iter()
                .map(|(control, docs)| {
                    format!("{} ({})", escape(control), escape(&docs.join(", ")))
                })
                .collect();
            format!(
                "<tr><td>{}</td><td>{}</td><td>covered via {}</td></tr>",
                escape(&c.control.id),
                escape(&c.control.title),
                via.join("; ")
            )
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<details open><summary>{} controls covered only through the indicative mapping</summary>\
         <table><thead><tr><th>Control</th><th>Title</th><th>Evidence</th></tr></thead><tbody>{}</tbody></table></details>\n",
        rows.len(),
        rows.join("")
    )
}

fn attribute_section(model: &Model) -> String {
    let mut html = String::from("<section id=\"attributes\">\n<h2>Coverage by attribute</h2>\n");
    html.push_str(
        "<p class=\"note\">A control that carries several values of an attribute set counts under each, \
         so these views do not add up to the totals.</p>\n<div class=\"grid\">\n",
    );
    for framework in model.frameworks() {
        for set in &framework.catalog.attributes {
            let Some(view) = view::build(model, framework, &set.id) else {
                continue;
            };
            let _ = write!(
                html,
                "<div class=\"block\"><h3>{}{}</h3>",
                escape(&view.by_name),
                if framework.main {
                    String::new()
                } else {
                    format!(" <span class=\"count\">{}</span>", escape(&view.name))
                }
            );
            html.push_str(&charts::coverage_bars(
                &format!("{}: coverage by {}", view.name, view.by_name),
                &bars(&view),
            ));
            html.push_str("</div>\n");
        }
    }
    html.push_str("</div>\n</section>\n");
    html
}

fn calendar_section(today: Date, dues: &[Due]) -> String {
    let mut months: Vec<(Date, String, Vec<&Due>)> = Vec::new();
    let first = today.first_of_month();
    for i in 0..12 {
        let Some(start) = Interval::months(i).after(first) else {
            break;
        };
        let label = format!("{} {}", month_name(start.month()), start.year());
        months.push((start, label, Vec::new()));
    }
    for due in dues.iter().filter(|d| d.due >= today) {
        if let Some(month) = months.iter_mut().find(|(start, _, _)| {
            start.year() == due.due.year() && start.month() == due.due.month()
        }) {
            month.2.push(due);
        }
    }
    let counts: Vec<(String, usize)> = months
        .iter()
        .map(|(start, _, docs)| (month_name(start.month()).to_owned(), docs.len()))
        .collect();
    let mut html =
        String::from("<section id=\"calendar\">\n<h2>Review calendar: the next 12 months</h2>\n");
    html.push_str(&charts::month_columns("Reviews due per month", &counts));
    html.push_str("<table><thead><tr><th>Month</th><th>Due</th><th>Document</th><th>Owner</th><th>State</th></tr></thead><tbody>\n");
    for (_, label, docs) in &months {
        if docs.is_empty() {
            let _ = writeln!(
                html,
                "<tr class=\"empty\"><td>{label}</td><td colspan=\"4\">no review due</td></tr>"
            );
            continue;
        }
        for (i, due) in docs.iter().enumerate() {
            let month = if i == 0 { label.as_str() } else { "" };
            let _ = writeln!(
                html,
                "<tr><td>{month}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"state {}\">{}</span></td></tr>",
                due.due,
                document_cell(due),
                escape(due.owner),
                state_class(due.state),
                due.state.as_str()
            );
        }
    }
    html.push_str("</tbody></table>\n</section>\n");
    html
}

fn overdue_section(today: Date, dues: &[Due]) -> String {
    let overdue: Vec<&Due> = dues
        .iter()
        .filter(|d| d.state == ReviewState::Overdue)
        .collect();
    let mut html = String::from("<section id=\"overdue\">\n<h2>Overdue reviews</h2>\n");
    if overdue.is_empty() {
        html.push_str("<p class=\"ok\">No review is overdue.</p>\n</section>\n");
        return html;
    }
    html.push_str("<table><thead><tr><th>Document</th><th>Owner</th><th>Due</th><th>Days overdue</th></tr></thead><tbody>\n");
    for due in overdue {
        let days = (today - due.due).get_days();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num bad\">{days}</td></tr>",
            document_cell(due),
            escape(due.owner),
            due.due
        );
    }
    html.push_str("</tbody></table>\n</section>\n");
    html
}

/// Per owner: the active documents, the controls they implement, the drafts,
/// the reviews due in the next twelve months and the overdue ones.
#[derive(Default)]
struct Workload {
    documents: usize,
    drafts: usize,
    controls: usize,
    upcoming: usize,
    overdue: usize,
}

fn owner_section(model: &Model, dues: &[Due]) -> String {
    let year_end = Interval::months(12).after(model.today);
    let mut owners: BTreeMap<&str, Workload> = BTreeMap::new();
    for doc in model.documents.iter().filter(|d| d.is_active()) {
        let Some(meta) = &doc.meta else {
            continue;
        };
        let owner = meta
            .owner
            .as_ref()
            .map_or("(no owner)", |o| o.value.as_str());
        let load = owners.entry(owner).or_default();
        load.documents += 1;
        if meta.is_approved() {
            load.controls += meta.controls.len();
        } else {
            load.drafts += 1;
        }
    }
    for due in dues {
        let owner = if due.owner.is_empty() {
            "(no owner)"
        } else {
            due.owner
        };
        let load = owners.entry(owner).or_default();
        match due.state {
            ReviewState::Overdue => load.overdue += 1,
            _ if due.due >= model.today && year_end.is_none_or(|end| due.due < end) => {
                load.upcoming += 1
            }
            _ => {}
        }
    }
    let max = owners
        .values()
        .map(|w| w.documents)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut html = String::from("<section id=\"owners\">\n<h2>Owner workload</h2>\n");
    html.push_str("<table><thead><tr><th>Owner</th><th>Documents</th><th class=\"num\">Drafts</th><th class=\"num\">Control mappings</th><th class=\"num\">Reviews in 12 months</th><th class=\"num\">Overdue</th></tr></thead><tbody>\n");
    for (owner, load) in &owners {
        let name = model
            .config
            .roster
            .as_ref()
            .and_then(|r| r.find(owner))
            .map_or_else(|| escape(owner), |p| escape(&p.describe()));
        let width = load.documents * 120 / max;
        let _ = writeln!(
            html,
            "<tr><td>{name}</td><td class=\"nowrap\"><span class=\"meter\" style=\"width:{width}px\"></span> {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td></tr>",
            load.documents,
            load.drafts,
            load.controls,
            load.upcoming,
            if load.overdue > 0 { " bad" } else { "" },
            load.overdue
        );
    }
    html.push_str("</tbody></table>\n</section>\n");
    html
}

fn findings_section(report: &Report) -> String {
    let mut html = format!(
        "<section id=\"findings\">\n<h2>Findings <span class=\"count\">{} errors, {} warnings, {} notes</span></h2>\n",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Note)
    );
    if report.diagnostics.is_empty() {
        html.push_str("<p class=\"ok\">No findings.</p>\n</section>\n");
        return html;
    }
    html.push_str("<table class=\"findings\"><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Finding</th></tr></thead><tbody>\n");
    for diagnostic in &report.diagnostics {
        let location = match &diagnostic.location {
            Some(l) => format!("{}:{}:{}", l.path(), l.start.line, l.start.column),
            None => "(repository)".to_owned(),
        };
        let help = diagnostic
            .help
            .as_deref()
            .map(|h| format!("<div class=\"help\">help: {}</div>", escape(h)))
            .unwrap_or_default();
        let _ = writeln!(
            html,
            "<tr><td><span class=\"severity {0}\">{0}</span></td><td class=\"nowrap\"><code>{1}</code></td><td><code>{2}</code></td><td>{3}{help}</td></tr>",
            diagnostic.severity,
            escape(diagnostic.rule.id),
            escape(&location),
            escape(&diagnostic.message)
        );
    }
    html.push_str("</tbody></table>\n</section>\n");
    html
}

fn document_cell(due: &Due) -> String {
    format!(
        "<b>{}</b> {}<br><code>{}</code>",
        escape(due.id),
        escape(due.title),
        escape(due.path)
    )
}

fn state_class(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Overdue | ReviewState::InFuture => "bad",
        ReviewState::DueSoon => "warn",
        ReviewState::Current => "good",
    }
}

fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1), "Jan");
        assert_eq!(month_name(12), "Dec");
    }
}
