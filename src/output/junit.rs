//! `--format junit`: JUnit XML, which CI systems show as test results. Each
//! document and each catalog control is a test case that fails when it has
//! findings. Findings in other files (the SoA, the config) or with no file
//! go to a third suite, `repository`, with one test case per file.

use std::collections::{BTreeMap, HashSet};
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::check::Report;
use crate::diagnostic::Diagnostic;

/// One test case: its name, class name, findings, and the reason it was
/// skipped (a control the SoA excludes).
struct Case<'r> {
    name: String,
    classname: String,
    findings: Vec<&'r Diagnostic>,
    skipped: Option<String>,
}

pub fn render(report: &Report) -> String {
    let suites = [
        ("documents", document_cases(report)),
        ("controls", control_cases(report)),
        ("repository", repository_cases(report)),
    ];
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // The writer's only errors are I/O errors, and a Vec never returns one.
    let _ = write_suites(&mut writer, &suites);
    let mut text = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    text.push('\n');
    text
}

fn write_suites(writer: &mut Writer<Vec<u8>>, suites: &[(&str, Vec<Case>)]) -> io::Result<()> {
    let tests: usize = suites.iter().map(|(_, cases)| cases.len()).sum();
    let failures: usize = suites.iter().map(|(_, cases)| failed(cases)).sum();
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attributes([
            ("name", "policylint"),
            ("tests", tests.to_string().as_str()),
            ("failures", failures.to_string().as_str()),
            ("errors", "0"),
        ])
        .write_inner_content(|writer| {
            for (name, cases) in suites {
                write_suite(writer, name, cases)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_suite(writer: &mut Writer<Vec<u8>>, name: &str, cases: &[Case]) -> io::Result<()> {
    let skipped = cases
        .iter()
        .filter(|c| c.skipped.is_some() && c.findings.is_empty())
        .count();
    writer
        .create_element("testsuite")
        .with_attributes([
            ("name", name),
            ("tests", cases.len().to_string().as_str()),
            ("failures", failed(cases).to_string().as_str()),
            ("errors", "0"),
            ("skipped", skipped.to_string().as_str()),
        ])
        .write_inner_content(|writer| {
            for case in cases {
                write_case(writer, case)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_case(writer: &mut Writer<Vec<u8>>, case: &Case) -> io::Result<()> {
    let element = writer.create_element("testcase").with_attributes([
        ("name", xml_text(&case.name).as_str()),
        ("classname", xml_text(&case.classname).as_str()),
    ]);
    if let Some(first) = case.findings.first() {
        let message = if case.findings.len() == 1 {
            first.message.clone()
        } else {
            format!(
                "{} findings; the first: {}",
                case.findings.len(),
                first.message
            )
        };
        let details: Vec<String> = case.findings.iter().map(|d| describe(d)).collect();
        element.write_inner_content(|writer| {
            writer
                .create_element("failure")
                .with_attributes([
                    (
                        "message",
                        xml_text(&message.replace(['\r', '\n'], " ")).as_str(),
                    ),
                    ("type", first.rule.id),
                ])
                .write_text_content(BytesText::new(&xml_text(&details.join("\n"))))?;
            Ok(())
        })?;
    } else if let Some(reason) = &case.skipped {
        element.write_inner_content(|writer| {
            writer
                .create_element("skipped")
                .with_attribute(("message", xml_text(reason).as_str()))
                .write_empty()?;
            Ok(())
        })?;
    } else {
        element.write_empty()?;
    }
    Ok(())
}

fn failed(cases: &[Case]) -> usize {
    cases.iter().filter(|c| !c.findings.is_empty()).count()
}

/// "error[review/overdue] policies/backup.md:10:16: review overdue since …"
/// with the help on the next line.
fn describe(diagnostic: &Diagnostic) -> String {
    let mut text = format!("{}[{}] ", diagnostic.severity, diagnostic.rule.id);
    if let Some(location) = &diagnostic.location {
        text.push_str(&format!(
            "{}:{}:{}: ",
            location.path(),
            location.start.line,
            location.start.column
        ));
    }
    text.push_str(&diagnostic.message);
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

fn document_paths(report: &Report) -> HashSet<&str> {
    report
        .checked_documents
        .iter()
        .map(|d| d.path.as_str())
        .collect()
}

fn document_cases(report: &Report) -> Vec<Case<'_>> {
    report
        .checked_documents
        .iter()
        .map(|document| Case {
            name: document.path.clone(),
            classname: match &document.id {
                Some(id) => format!("documents.{id}"),
                None => "documents".to_owned(),
            },
            findings: report
                .diagnostics
                .iter()
                .filter(|d| d.path() == Some(document.path.as_str()))
                .collect(),
            skipped: None,
        })
        .collect()
}

/// Findings located outside the documents that are about one control.
fn control_cases(report: &Report) -> Vec<Case<'_>> {
    let documents = document_paths(report);
    report
        .control_status
        .iter()
        .map(|control| Case {
            name: format!("{} {}", control.id, control.title),
            classname: format!("controls.{}", control.theme.as_deref().unwrap_or("other")),
            findings: report
                .diagnostics
                .iter()
                .filter(|d| {
                    d.control.as_deref() == Some(control.id.as_str())
                        && !d.path().is_some_and(|p| documents.contains(p))
                })
                .collect(),
            skipped: (!control.applicable).then(|| match &control.justification {
                Some(reason) => format!("not applicable: {reason}"),
                None => "not applicable".to_owned(),
            }),
        })
        .collect()
}

/// Findings that belong to no document and no control, grouped by file.
fn repository_cases(report: &Report) -> Vec<Case<'_>> {
    let documents = document_paths(report);
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for diagnostic in &report.diagnostics {
        let in_document = diagnostic.path().is_some_and(|p| documents.contains(p));
        if in_document || diagnostic.control.is_some() {
            continue;
        }
        by_file
            .entry(diagnostic.path().unwrap_or("(repository)"))
            .or_default()
            .push(diagnostic);
    }
    by_file
        .into_iter()
        .map(|(file, findings)| Case {
            name: file.to_owned(),
            classname: "repository".to_owned(),
            findings,
            skipped: None,
        })
        .collect()
}

/// Drops the characters XML 1.0 does not allow in a document at all, even
/// escaped: control characters other than tab, line feed and carriage
/// return, and U+FFFE and U+FFFF.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_control_characters() {
        assert_eq!(xml_text("a\u{0}b\u{1b}c\td\n"), "abc\td\n");
        assert_eq!(xml_text("\u{FFFF}é"), "é");
    }
}
