//! `soa/*`: the Statement of Applicability file itself.

use std::path::{Component, Path, PathBuf};

use super::{Rule, Sink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{CommittedExport, Model};
use crate::soa::Soa;
use crate::soa_export;

pub static MISSING_JUSTIFICATION: Rule = Rule {
    id: "soa/missing-justification",
    severity: Severity::Error,
    summary: "a control is excluded without a justification",
    explanation: "\
ISO/IEC 27001:2022 clause 6.1.3 d asks the Statement of Applicability to
justify every exclusion of an Annex A control. An entry with
`applicable: false` and no `justification` (or an empty one) is the first thing
a certification auditor will query.

Example:

    A.7.4: { applicable: false }

Fix:

    A.7.4: { applicable: false, justification: \"No premises of our own; the co-working landlord monitors the building.\" }
",
};

pub static INVALID: Rule = Rule {
    id: "soa/invalid",
    severity: Severity::Error,
    summary: "the Statement of Applicability is malformed or names an unknown control",
    explanation: "\
The `soa:` file of the config must be a YAML mapping with an optional
`framework` (which must match the config's) and `controls`, a mapping from
control id to an entry with `applicable` (true or false), `justification`,
`status` (implemented, partial, planned or not_implemented) and `owner`.
Each control may appear once. Unknown control ids, unknown keys, values of the
wrong type and a file that cannot be read are reported here; the valid
entries are still used. A `soa:` path that does not exist is a config error. An ISO/IEC 27001:2013 id is reported with its 2022 successor, as in
front matter.

Example:

    framework: iso27001-2022
    controls:
      A.5.7: { applicable: true, status: planned, owner: jdoe }
      A.7.4: { applicable: false, justification: \"...\" }
",
};

pub static OUT_OF_DATE: Rule = Rule {
    id: "soa/out-of-date",
    severity: Severity::Warning,
    summary: "the committed SoA export no longer matches the documents and the SoA",
    explanation: "\
The committed export of the Statement of Applicability differs from a fresh
export of the current documents and SoA, so the file an auditor reads is
out of date.

A team that commits the output of `policylint soa` (the Statement of
Applicability an auditor reads) names it in the config:

    soa_export: SOA.md     # .md, .csv or .json picks the format

`policylint check` then builds the export afresh and reports the first line
where the committed file differs: a document was approved, retired or
remapped, an owner changed, or the SoA changed, and nobody regenerated the
export. Each export records the date it was made (\"as of\"), and the fresh
export uses that date, so the review states in it do not make the file go
out of date as time passes; only changes to the documents and the SoA do.
Review dates come from `last_reviewed` alone, never from review trailers in
the Git history, so the comparison gives the same answer in a shallow clone
and with `--no-history`.

Example:

    SOA.md:12: the committed SoA export differs from a fresh export from line 12

Fix: regenerate the file and commit it:

    policylint soa --output SOA.md
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    if let Some(export) = &model.soa_export {
        check_export(model, export, sink);
    }
    check_sources(model, sink);
}

/// Checks each framework's SoA file, without the committed export. The
/// views run this too, because an SoA with problems gives a wrong export.
pub fn check_sources(model: &Model, sink: &mut Sink) {
    for framework in model.frameworks() {
        if let Some(soa) = framework.soa {
            check_soa(soa, sink);
        }
    }
}

/// Compares the committed export with a fresh one made on the same date.
fn check_export(model: &Model, committed: &CommittedExport, sink: &mut Sink) {
    let setting = &committed.setting;
    let regenerate = format!(
        "run `{}` and commit the result",
        regenerate_command(model, &setting.path, setting.format.as_str())
    );
    let file = match &committed.file {
        Ok(file) => file,
        Err(reason) => {
            let diagnostic = Diagnostic::new(
                &OUT_OF_DATE,
                format!("committed SoA export `{}` {reason}", setting.path),
            )
            .help(regenerate)
            .key("missing");
            let diagnostic = match model.config.location_of_path(&setting.path, "soa_export") {
                Some((file, span)) => diagnostic.at(&file, span),
                None => diagnostic,
            };
            sink.push(diagnostic);
            return;
        }
    };
    let as_of = soa_export::as_of(&file.text, setting.format).unwrap_or(model.today);
    let main = model.frameworks()[0];
    let fresh = soa_export::render(&soa_export::build(model, main, as_of), setting.format);
    let Some(line) = first_difference(&file.text, &fresh) else {
        return;
    };
    sink.push(
        Diagnostic::new(
            &OUT_OF_DATE,
            format!("the committed SoA export differs from a fresh export from line {line}"),
        )
        .at(file, file.line_span(line))
        .label(format!("differs from the export as of {as_of}"))
        .help(regenerate)
        .key("differs"),
    );
}

/// Builds the `policylint soa` command that rewrites the export, to run
/// from the current folder: PATH is the config's folder and `--output` the
/// export (`export` is relative to the repository root), both written
/// relative to the current folder.
fn regenerate_command(model: &Model, export: &str, format: &str) -> String {
    let canonical = |path: PathBuf| std::fs::canonicalize(&path).unwrap_or(path);
    let config_dir = canonical(model.root.join(&model.config.dir));
    let target = model.root.join(export);
    let target = match (target.parent(), target.file_name()) {
        (Some(parent), Some(name)) => canonical(parent.to_owned()).join(name),
        _ => target,
    };
    let cwd = std::env::current_dir().ok().map(canonical);
    let from_cwd = |path: &Path| -> String {
        cwd.as_deref()
            .map_or_else(|| path.to_owned(), |cwd| relative_with_parents(path, cwd))
            .display()
            .to_string()
    };
    let folder = from_cwd(&config_dir);
    let folder = if folder == "." {
        String::new()
    } else {
        format!(" {}", quote(&folder))
    };
    format!(
        "policylint soa{folder} --format {format} --output {}",
        quote(&from_cwd(&target))
    )
}

/// Writes `path` relative to `base` with `..` steps, or `.` for `base`
/// itself. Both are absolute; on different roots `path` is kept as it is.
fn relative_with_parents(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_owned();
    }
    let mut relative = PathBuf::new();
    for _ in common..base_parts.len() {
        relative.push("..");
    }
    for part in &path_parts[common..] {
        relative.push(part);
    }
    if relative.as_os_str().is_empty() {
        relative.push(".");
    }
    relative
}

/// Quotes a path for a POSIX shell when it has characters the shell would
/// split or expand.
fn quote(path: &str) -> String {
    let plain = path.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ',' | ':' | '@')
    });
    if plain && !path.is_empty() {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

/// Returns the first 1-based line where two texts differ, ignoring the
/// kind of line ends and trailing blank lines.
fn first_difference(committed: &str, fresh: &str) -> Option<usize> {
    let normalize = |text: &str| -> Vec<String> {
        let mut lines: Vec<String> = text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_owned())
            .collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines
    };
    let (committed, fresh) = (normalize(committed), normalize(fresh));
    let shared = committed.len().min(fresh.len());
    (0..shared)
        .find(|&i| committed[i] != fresh[i])
        .or((committed.len() != fresh.len()).then_some(shared))
        .map(|i| i + 1)
}

fn check_soa(soa: &Soa, sink: &mut Sink) {
    for problem in &soa.problems {
        let mut diagnostic = Diagnostic::new(&INVALID, &problem.message)
            .at(&soa.file, problem.span)
            .key(soa.file.slice(problem.span).to_owned());
        diagnostic.help = problem.help.clone();
        sink.push(diagnostic);
    }
    for entry in &soa.entries {
        if entry.applicable || entry.justification.is_some() {
            continue;
        }
        let control = entry.control.as_deref().unwrap_or(&entry.written.value);
        sink.push(
            Diagnostic::new(
                &MISSING_JUSTIFICATION,
                format!("control {control} is excluded without a justification"),
            )
            .at(&soa.file, entry.written.span)
            .label("no justification")
            .help("add `justification: \"...\"` saying why the control does not apply")
            .control(control)
            .key(control),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_step_up_and_down() {
        let base = Path::new("/repo/policies");
        assert_eq!(
            relative_with_parents(Path::new("/repo/SOA.md"), base),
            Path::new("../SOA.md")
        );
        assert_eq!(
            relative_with_parents(Path::new("/repo/policies"), base),
            Path::new(".")
        );
        assert_eq!(
            relative_with_parents(Path::new("/repo/policies/a/b.md"), base),
            Path::new("a/b.md")
        );
    }

    #[test]
    fn quote_leaves_plain_paths() {
        assert_eq!(quote("ex/SOA.md"), "ex/SOA.md");
        assert_eq!(quote("my docs/SOA.md"), "'my docs/SOA.md'");
        assert_eq!(quote("it's.md"), "'it'\\''s.md'");
    }
}
