//! `policylint coverage`: how many applicable controls approved documents
//! cover, per theme or per value of an attribute set, with the uncovered
//! controls listed under each group, as a terminal table, JSON, Markdown or
//! CSV.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::coverage::{self, ControlCoverage};
use crate::model::{FrameworkRef, Model};
use crate::soa_export::CoverageState;

/// `--by theme`: the catalog's groups (ISO/IEC 27001 themes, SOC 2 series).
pub const BY_THEME: &str = "theme";

/// `coverage --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// An aligned table with a bar per group.
    Table,
    /// Every group with its counts and uncovered controls, schema version 1.
    Json,
    /// A table per framework, for a pull-request comment or a document.
    Markdown,
    /// One row per group, RFC 4180 quoting, for a spreadsheet.
    Csv,
}

/// An applicable control that no approved document covers.
#[derive(Clone, Debug, Serialize)]
pub struct Uncovered {
    pub id: String,
    pub title: String,
    /// `uncovered` or `draft_only`.
    pub coverage: CoverageState,
}

/// One row of the view: a theme, or one value of an attribute set.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// Every control in the group, in catalog order.
    pub controls: Vec<String>,
    pub applicable: usize,
    pub covered: usize,
    /// Of `covered`, the controls covered only through a mapping.
    pub covered_via_mapping: usize,
    pub uncovered: Vec<Uncovered>,
}

impl Group {
    /// Returns the covered share of the applicable controls, 0 to 1, or
    /// `None` when none is applicable.
    pub fn ratio(&self) -> Option<f64> {
        (self.applicable > 0).then(|| self.covered as f64 / self.applicable as f64)
    }
}

/// The view of one framework.
#[derive(Clone, Debug, Serialize)]
pub struct FrameworkView {
    pub id: String,
    pub name: String,
    /// `theme` or an attribute set id.
    pub by: String,
    /// The name of the grouping: "Theme" or the attribute set's name.
    pub by_name: String,
    pub groups: Vec<Group>,
    pub total: usize,
    pub applicable: usize,
    pub covered: usize,
}

impl FrameworkView {
    /// Returns the covered share of all applicable controls, 0 to 1, or
    /// `None` when none is applicable.
    pub fn ratio(&self) -> Option<f64> {
        (self.applicable > 0).then(|| self.covered as f64 / self.applicable as f64)
    }
}

/// Returns the ways the controls of `catalog` can be grouped: `theme`, then
/// its attribute sets.
pub fn groupings(catalog: &Catalog) -> Vec<&str> {
    std::iter::once(BY_THEME)
        .chain(catalog.attributes.iter().map(|a| a.id.as_str()))
        .collect()
}

/// Builds the view of one framework grouped `by` theme or by an attribute
/// set id. Returns `None` when the catalog has no attribute set of that id.
pub fn build(model: &Model, framework: FrameworkRef, by: &str) -> Option<FrameworkView> {
    let catalog = framework.catalog;
    let coverage = coverage::analyze_framework(model, framework);
    let totals = coverage::totals(&coverage);

    let (by_name, mut groups) = if by == BY_THEME {
        let mut groups: Vec<Group> = catalog
            .groups
            .iter()
            .map(|g| empty_group(&g.id, &g.name))
            .collect();
        if catalog.controls.iter().any(|c| c.group.is_none()) {
            groups.push(empty_group("", "Ungrouped"));
        }
        ("Theme".to_owned(), groups)
    } else {
        let set = catalog.attributes.iter().find(|a| a.id == by)?;
        let groups = set
            .values
            .iter()
            .map(|v| empty_group(v, &value_name(v)))
            .collect();
        (set.name.clone(), groups)
    };

    for entry in &coverage {
        let keys: Vec<&str> = if by == BY_THEME {
            vec![entry.control.group.as_deref().unwrap_or("")]
        } else {
            entry
                .control
                .attributes
                .get(by)
                .map(|values| values.iter().map(String::as_str).collect())
                .unwrap_or_default()
        };
        for key in keys {
            if let Some(group) = groups.iter_mut().find(|g| g.id == key) {
                add(group, entry);
            }
        }
    }
    groups.retain(|g| !g.controls.is_empty() || by != BY_THEME);

    Some(FrameworkView {
        id: catalog.id.clone(),
        name: catalog.name.clone(),
        by: by.to_owned(),
        by_name,
        groups,
        total: totals.total,
        applicable: totals.applicable,
        covered: totals.covered,
    })
}

fn empty_group(id: &str, name: &str) -> Group {
    Group {
        id: id.to_owned(),
        name: name.to_owned(),
        controls: Vec::new(),
        applicable: 0,
        covered: 0,
        covered_via_mapping: 0,
        uncovered: Vec::new(),
    }
}

fn add(group: &mut Group, entry: &ControlCoverage) {
    group.controls.push(entry.control.id.clone());
    if !entry.applicable {
        return;
    }
    group.applicable += 1;
    if entry.is_covered() {
        group.covered += 1;
        if entry.is_covered_only_via_mapping() {
            group.covered_via_mapping += 1;
        }
    } else {
        group.uncovered.push(Uncovered {
            id: entry.control.id.clone(),
            title: entry.control.title.clone(),
            coverage: CoverageState::of(entry),
        });
    }
}

/// "information_protection" reads as "Information protection".
pub fn value_name(value: &str) -> String {
    let text = value.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// Renders the views of every selected framework.
pub fn render(views: &[FrameworkView], format: CoverageFormat, as_of: &str) -> String {
    match format {
        CoverageFormat::Table => views.iter().map(table).collect::<Vec<_>>().join("\n"),
        CoverageFormat::Markdown => views.iter().map(markdown).collect::<Vec<_>>().join("\n"),
        CoverageFormat::Csv => csv(views),
        CoverageFormat::Json => {
            let json = serde_json::json!({
                "version": 1,
                "as_of": as_of,
                "frameworks": views,
            });
            let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}

const BAR_WIDTH: usize = 20;

/// "████████████░░░░░░░░", the covered share of `BAR_WIDTH` cells.
fn bar(ratio: Option<f64>) -> String {
    // Rounded down, so only a complete group shows a full bar.
    let filled = ratio.map_or(0, |r| (r * BAR_WIDTH as f64).floor() as usize);
    format!(
        "{}{}",
        "█".repeat(filled),
        "░".repeat(BAR_WIDTH - filled.min(BAR_WIDTH))
    )
}

fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "n/a".to_owned(), |r| format!("{:.0}%", r * 100.0))
}

fn uncovered_text(uncovered: &Uncovered) -> String {
    match uncovered.coverage {
        CoverageState::DraftOnly => format!("{} {} (draft only)", uncovered.id, uncovered.title),
        _ => format!("{} {}", uncovered.id, uncovered.title),
    }
}

fn table(view: &FrameworkView) -> String {
    let width = view
        .groups
        .iter()
        .map(|g| g.name.chars().count())
        .chain([view.by_name.chars().count(), "Total".len()])
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{}: coverage by {}\n\n",
        view.name,
        view.by_name.to_lowercase()
    );
    out.push_str(&format!(
        "{:width$}  {:>9}  {:>5}\n",
        view.by_name, "Covered", "Share"
    ));
    for group in &view.groups {
        let counts = format!("{}/{}", group.covered, group.applicable);
        out.push_str(&format!(
            "{:width$}  {counts:>9}  {:>5}  {}\n",
            group.name,
            percent(group.ratio()),
            bar(group.ratio())
        ));
        for uncovered in &group.uncovered {
            out.push_str(&format!("    uncovered: {}\n", uncovered_text(uncovered)));
        }
    }
    if view.by == BY_THEME {
        let ratio = view.ratio();
        let counts = format!("{}/{}", view.covered, view.applicable);
        out.push_str(&format!(
            "{:width$}  {counts:>9}  {:>5}  {}\n",
            "Total",
            percent(ratio),
            bar(ratio)
        ));
    } else {
        out.push_str(&format!(
            "\n{}/{} applicable controls covered; a control with several values counts under each.\n",
            view.covered, view.applicable
        ));
    }
    let via: usize = view.groups.iter().map(|g| g.covered_via_mapping).sum();
    if via > 0 && view.by == BY_THEME {
        out.push_str(&format!(
            "\n{via} of the covered controls are covered only through an indicative cross-framework mapping.\n"
        ));
    }
    out
}

fn markdown(view: &FrameworkView) -> String {
    let mut out = format!(
        "## {}: coverage by {}\n\n",
        view.name,
        view.by_name.to_lowercase()
    );
    out.push_str(&format!(
        "| {} | Covered | Applicable | Share | Uncovered controls |\n| --- | ---: | ---: | ---: | --- |\n",
        view.by_name
    ));
    for group in &view.groups {
        let uncovered: Vec<String> = group.uncovered.iter().map(uncovered_text).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            group.name.replace('|', "\\|"),
            group.covered,
            group.applicable,
            percent(group.ratio()),
            uncovered.join("<br>").replace('|', "\\|")
        ));
    }
    if view.by == BY_THEME {
        let ratio = view.ratio();
        out.push_str(&format!(
            "| **Total** | {} | {} | {} | |\n",
            view.covered,
            view.applicable,
            percent(ratio)
        ));
    }
    out
}

fn csv(views: &[FrameworkView]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "framework",
        "by",
        "group",
        "controls",
        "applicable",
        "covered",
        "covered_via_mapping",
        "uncovered",
    ];
    // The writer writes into a Vec, which has no I/O error to report.
    let _ = writer.write_record(header);
    for view in views {
        for group in &view.groups {
            let uncovered: Vec<&str> = group.uncovered.iter().map(|u| u.id.as_str()).collect();
            let _ = writer.write_record([
                view.id.as_str(),
                view.by.as_str(),
                group.name.as_str(),
                &group.controls.len().to_string(),
                &group.applicable.to_string(),
                &group.covered.to_string(),
                &group.covered_via_mapping.to_string(),
                &uncovered.join("; "),
            ]);
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_by_ratio() {
        assert_eq!(bar(Some(1.0)).chars().filter(|c| *c == '█').count(), 20);
        assert_eq!(bar(Some(0.5)).chars().filter(|c| *c == '█').count(), 10);
        assert_eq!(bar(None).chars().filter(|c| *c == '░').count(), 20);
    }

    #[test]
    fn value_names_read_as_words() {
        assert_eq!(
            value_name("information_protection"),
            "Information protection"
        );
        assert_eq!(value_name(""), "");
    }
}
