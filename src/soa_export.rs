//! The Statement of Applicability export: every control of a framework with
//! its theme, applicability, justification, implementation status and the
//! documents that implement it (with owners and review status), as Markdown,
//! CSV or JSON. `policylint soa` prints it and `soa/out-of-date` compares a
//! committed copy with a fresh one.
//!
//! Review states depend on the date, so every export records the date it
//! was made ("as of"), and the comparison renders again with that date. So
//! a committed export goes out of date when the documents or the SoA
//! change, not when time passes.

use jiff::civil::Date;
use serde::Serialize;

use crate::coverage::{self, ControlCoverage, Implementer};
use crate::document::Status;
use crate::model::{FrameworkRef, Model};
use crate::review;

/// The formats of `policylint soa`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A Markdown document a team can commit as its SoA.
    Markdown,
    /// One row per control, RFC 4180 quoting: the auditor's spreadsheet.
    Csv,
    /// The rows as JSON, schema version 1.
    Json,
}

impl ExportFormat {
    /// Picks the format from a file extension: `.md`, `.markdown`, `.csv`
    /// or `.json`.
    pub fn from_path(path: &str) -> Option<ExportFormat> {
        let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(ExportFormat::Markdown),
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// How far a control is implemented by documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageState {
    /// An approved document lists the control.
    Covered,
    /// Only approved documents of another framework count toward it, through
    /// a mapping.
    CoveredViaMapping,
    /// Only draft documents list it.
    DraftOnly,
    Uncovered,
    NotApplicable,
}

impl CoverageState {
    pub fn of(entry: &ControlCoverage) -> CoverageState {
        if !entry.applicable {
            CoverageState::NotApplicable
        } else if !entry.approved.is_empty() {
            CoverageState::Covered
        } else if !entry.mapped.is_empty() {
            CoverageState::CoveredViaMapping
        } else if !entry.drafts.is_empty() {
            CoverageState::DraftOnly
        } else {
            CoverageState::Uncovered
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CoverageState::Covered => "covered",
            CoverageState::CoveredViaMapping => "covered via mapping",
            CoverageState::DraftOnly => "draft only",
            CoverageState::Uncovered => "not covered",
            CoverageState::NotApplicable => "not applicable",
        }
    }
}

/// A document that implements a control, as the export shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub title: String,
    /// Relative to the config file's folder, so links in a Markdown export
    /// next to the config resolve.
    pub path: String,
    /// `approved` or `draft`.
    pub status: &'static str,
    pub owner: Option<String>,
    pub review: Option<ReviewRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReviewRow {
    /// `current`, `due soon`, `overdue` or `date in future`.
    pub state: &'static str,
    pub last_reviewed: String,
    pub next_review: String,
}

/// An approved document that counts toward the control through a mapping.
#[derive(Clone, Debug, Serialize)]
pub struct ViaRow {
    /// The control of the other framework that the document lists.
    pub control: String,
    pub document: DocumentRow,
    pub mapping: String,
    pub indicative: bool,
}

/// One control's line of the SoA.
#[derive(Clone, Debug, Serialize)]
pub struct ControlRow {
    pub id: String,
    pub title: String,
    /// The name of the control's group (ISO/IEC 27001: its theme).
    pub theme: String,
    pub applicable: bool,
    pub justification: Option<String>,
    /// The implementation status the SoA records.
    pub status: Option<&'static str>,
    /// The SoA's owner of the control.
    pub owner: Option<String>,
    pub coverage: CoverageState,
    pub documents: Vec<DocumentRow>,
    pub covered_via: Vec<ViaRow>,
}

/// The whole export, the shape of the JSON format.
#[derive(Clone, Debug, Serialize)]
pub struct Export {
    pub version: u32,
    pub framework: FrameworkInfo,
    /// The date review states are judged against.
    pub as_of: String,
    pub summary: Summary,
    pub controls: Vec<ControlRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FrameworkInfo {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Summary {
    pub total: usize,
    pub applicable: usize,
    pub covered: usize,
}

/// Builds the export of one framework, with review states as of `as_of`.
pub fn build(model: &Model, framework: FrameworkRef, as_of: Date) -> Export {
    let coverage = coverage::analyze_framework(model, framework);
    let totals = coverage::totals(&coverage);
    let controls = coverage
        .iter()
        .map(|entry| control_row(model, framework, entry, as_of))
        .collect();
    Export {
        version: 1,
        framework: FrameworkInfo {
            id: framework.catalog.id.clone(),
            name: framework.catalog.name.clone(),
        },
        as_of: as_of.to_string(),
        summary: Summary {
            total: totals.total,
            applicable: totals.applicable,
            covered: totals.covered,
        },
        controls,
    }
}

fn control_row(
    model: &Model,
    framework: FrameworkRef,
    entry: &ControlCoverage,
    as_of: Date,
) -> ControlRow {
    let control = entry.control;
    let soa_entry = entry.soa_entry;
    let documents = entry
        .approved
        .iter()
        .chain(&entry.drafts)
        .map(|implementer| document_row(model, implementer, as_of))
        .collect();
    let covered_via = entry
        .mapped
        .iter()
        .map(|mapped| ViaRow {
            control: mapped.via.to_owned(),
            document: document_row(model, &mapped.implementer, as_of),
            mapping: mapped.mapping.id.clone(),
            indicative: mapped.mapping.indicative,
        })
        .collect();
    ControlRow {
        id: control.id.clone(),
        title: control.title.clone(),
        theme: control
            .group
            .as_deref()
            .map(|g| framework.catalog.group_name(g))
            .unwrap_or_default(),
        applicable: entry.applicable,
        justification: soa_entry
            .and_then(|e| e.justification.as_ref())
            .map(|j| j.value.clone()),
        status: soa_entry
            .and_then(|e| e.status.as_ref())
            .map(|s| s.value.as_str()),
        owner: soa_entry
            .and_then(|e| e.owner.as_ref())
            .map(|o| o.value.clone()),
        coverage: CoverageState::of(entry),
        documents,
        covered_via,
    }
}

fn document_row(model: &Model, implementer: &Implementer, as_of: Date) -> DocumentRow {
    let doc = implementer.document;
    let meta = doc.meta.as_ref();
    let prefix = format!("{}/", model.config.dir);
    let path = if model.config.dir.is_empty() {
        doc.source.path.clone()
    } else {
        doc.source
            .path
            .strip_prefix(&prefix)
            .unwrap_or(&doc.source.path)
            .to_owned()
    };
    DocumentRow {
        id: doc.id().unwrap_or(&doc.source.path).to_owned(),
        title: meta
            .and_then(|m| m.title.as_ref())
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        path,
        status: if meta.is_some_and(|m| m.is_approved()) {
            Status::Approved.as_str()
        } else {
            Status::Draft.as_str()
        },
        owner: meta.and_then(|m| m.owner.as_ref()).map(|o| o.value.clone()),
        review: review::schedule_from_files(model, doc, as_of).map(|s| ReviewRow {
            state: s.state.as_str(),
            last_reviewed: s.last_reviewed.value.to_string(),
            next_review: s.due.to_string(),
        }),
    }
}

/// Renders the export in `format`.
pub fn render(export: &Export, format: ExportFormat) -> String {
    match format {
        ExportFormat::Markdown => render_markdown(export),
        ExportFormat::Csv => render_csv(export),
        ExportFormat::Json => {
            let mut text = serde_json::to_string_pretty(export).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}

/// Finds the date a committed export was made, so it can be compared with
/// an export of the same date.
pub fn as_of(text: &str, format: ExportFormat) -> Option<Date> {
    let date_after = |marker: &str| {
        let start = text.find(marker)? + marker.len();
        let candidate = text.get(start..start + 10)?;
        candidate.parse::<Date>().ok()
    };
    match format {
        ExportFormat::Markdown => date_after("as of "),
        ExportFormat::Json => date_after("\"as_of\": \""),
        ExportFormat::Csv => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let column = reader.headers().ok()?.iter().position(|h| h == "as_of")?;
            let record = reader.records().next()?.ok()?;
            record.get(column)?.parse().ok()
        }
    }
}

/// The CSV columns, in order.
pub const CSV_HEADER: &[&str] = &[
    "control",
    "title",
    "theme",
    "applicable",
    "justification",
    "status",
    "owner",
    "coverage",
    "documents",
    "document_owners",
    "review_status",
    "next_review",
    "covered_via",
    "as_of",
];

/// One row per control. A cell that lists several documents separates them
/// with "; ", in the same order in `documents`, `document_owners`,
/// `review_status` and `next_review`. The csv crate does the RFC 4180
/// quoting (fields with commas, quotes or line breaks are quoted, quotes
/// doubled) and writes the CRLF line ends that RFC 4180 specifies.
///
/// NOTE: cells are written as the SoA and the front matter give them, so a
/// justification that starts with `=` is a formula to a spreadsheet that
/// opens the file without an import dialog.
fn render_csv(export: &Export) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![CSV_HEADER.iter().map(|h| h.to_string()).collect()];
    for row in &export.controls {
        let joined = |cell: &dyn Fn(&DocumentRow) -> String| {
            row.documents
                .iter()
                .map(cell)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let via: Vec<String> = row
            .covered_via
            .iter()
            .map(|v| format!("{} ({})", v.control, v.document.id))
            .collect();
        rows.push(vec![
            row.id.clone(),
            row.title.clone(),
            row.theme.clone(),
            if row.applicable { "yes" } else { "no" }.to_owned(),
            row.justification.clone().unwrap_or_default(),
            row.status.unwrap_or_default().to_owned(),
            row.owner.clone().unwrap_or_default(),
            row.coverage.as_str().to_owned(),
            joined(&|d| d.id.clone()),
            joined(&|d| d.owner.clone().unwrap_or_default()),
            joined(&|d| review_state(d).to_owned()),
            joined(&|d| {
                d.review
                    .as_ref()
                    .map(|r| r.next_review.clone())
                    .unwrap_or_default()
            }),
            via.join("; "),
            export.as_of.clone(),
        ]);
    }
    for row in rows {
        // The writer writes into a Vec, which has no I/O error to report.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn review_state(document: &DocumentRow) -> &'static str {
    match &document.review {
        Some(review) => review.state,
        None if document.status == "draft" => "draft",
        None => "no review date",
    }
}

fn render_markdown(export: &Export) -> String {
    let mut out = String::new();
    let summary = export.summary;
    out.push_str("# Statement of Applicability\n\n");
    out.push_str(&format!(
        "{}, as of {}: {} controls, {} applicable, {} covered by approved documents.\n\n",
        export.framework.name, export.as_of, summary.total, summary.applicable, summary.covered
    ));
    out.push_str(
        "Generated by `policylint soa` from the Statement of Applicability and the front matter \
         of the documents; edit those, not this file.\n",
    );

    let mut theme: Option<&str> = None;
    for row in &export.controls {
        if theme != Some(row.theme.as_str()) {
            theme = Some(&row.theme);
            let heading = if row.theme.is_empty() {
                "Controls"
            } else {
                &row.theme
            };
            out.push_str(&format!(
                "\n## {heading}\n\n| Control | Title | Applicable | Justification | Status | Coverage | Documents |\n| --- | --- | --- | --- | --- | --- | --- |\n"
            ));
        }
        let mut documents: Vec<String> = row.documents.iter().map(markdown_document).collect();
        documents.extend(row.covered_via.iter().map(|v| {
            format!(
                "covered via {}: {}",
                v.control,
                markdown_document(&v.document)
            )
        }));
        let cells = [
            row.id.clone(),
            row.title.clone(),
            if row.applicable { "yes" } else { "no" }.to_owned(),
            row.justification.clone().unwrap_or_default(),
            row.status.unwrap_or_default().to_owned(),
            row.coverage.as_str().to_owned(),
            documents.join("<br>"),
        ];
        let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if export
        .controls
        .iter()
        .any(|r| r.covered_via.iter().any(|v| v.indicative))
    {
        out.push_str(
            "\n\"covered via\" marks coverage through an indicative cross-framework mapping: the \
             document implements the named control of another framework, which addresses part of \
             this one.\n",
        );
    }
    out
}

/// "[POL-AC-01](policies/access-control.md) (owner gmwangi; review current, next 2027-03-09)".
fn markdown_document(document: &DocumentRow) -> String {
    let mut details = Vec::new();
    if let Some(owner) = &document.owner {
        details.push(format!("owner {owner}"));
    }
    if document.status == "draft" {
        details.push("draft".to_owned());
    }
    if let Some(review) = &document.review {
        details.push(format!(
            "review {}, next {}",
            review.state, review.next_review
        ));
    }
    let link = format!(
        "[{}]({})",
        document.id.replace(['[', ']'], ""),
        document.path.replace(' ', "%20").replace(['(', ')'], "")
    );
    if details.is_empty() {
        link
    } else {
        format!("{link} ({})", details.join("; "))
    }
}

/// Makes text safe inside a Markdown table cell: no line breaks, and pipes
/// escaped.
fn markdown_cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(
            ExportFormat::from_path("SOA.md"),
            Some(ExportFormat::Markdown)
        );
        assert_eq!(
            ExportFormat::from_path("docs/soa.CSV"),
            Some(ExportFormat::Csv)
        );
        assert_eq!(
            ExportFormat::from_path("soa.json"),
            Some(ExportFormat::Json)
        );
        assert_eq!(ExportFormat::from_path("soa.txt"), None);
        assert_eq!(ExportFormat::from_path("soa"), None);
    }

    #[test]
    fn as_of_is_found_in_each_format() {
        let date: Date = "2026-12-04".parse().unwrap();
        let markdown = "# Statement of Applicability\n\nX, as of 2026-12-04: 3 controls\n";
        assert_eq!(as_of(markdown, ExportFormat::Markdown), Some(date));
        let json = "{\n  \"version\": 1,\n  \"as_of\": \"2026-12-04\"\n}\n";
        assert_eq!(as_of(json, ExportFormat::Json), Some(date));
        let csv = "control,as_of\r\nA.5.1,2026-12-04\r\n";
        assert_eq!(as_of(csv, ExportFormat::Csv), Some(date));
        assert_eq!(as_of("control\r\n", ExportFormat::Csv), None);
        assert_eq!(as_of("as of 2026-13-45", ExportFormat::Markdown), None);
    }

    #[test]
    fn markdown_cells_stay_in_their_column() {
        assert_eq!(markdown_cell("a | b\nc"), "a \\| b c");
    }
}
