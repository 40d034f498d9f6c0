//! Several frameworks in one model: the types that hold the frameworks
//! beyond the main one, and the loading of what they need besides their
//! catalogs. That is the cross-framework mappings, one SoA per framework and
//! the committed SoA export. The main framework stays in `Model::catalog`
//! and `Model::soa`.

use std::collections::HashMap;

use crate::catalog::{Catalog, Mapping};
use crate::config::{Config, MappingSource, Mappings, SoaExport};
use crate::diagnostic::Diagnostic;
use crate::model::Failure;
use crate::repo::Files;
use crate::rules::{self, CONFIG_INVALID};
use crate::soa::Soa;
use crate::source::{SourceFile, Span};

/// A framework other than the main one, with its own SoA when the config
/// lists one for it.
#[derive(Debug)]
pub struct OtherFramework {
    pub catalog: Catalog,
    pub soa: Option<Soa>,
}

/// One configured framework as the coverage code and the views see it.
#[derive(Clone, Copy, Debug)]
pub struct FrameworkRef<'m> {
    pub catalog: &'m Catalog,
    pub soa: Option<&'m Soa>,
    /// The main framework, which plain `controls:` lists refer to.
    pub main: bool,
}

impl FrameworkRef<'_> {
    /// Tells whether the control (a catalog id) is applicable: every control
    /// is, unless the framework's SoA excludes it.
    pub fn is_applicable(&self, control: &str) -> bool {
        self.soa.is_none_or(|soa| soa.is_applicable(control))
    }
}

/// The committed SoA export named by `soa_export:`, as read from the
/// repository state.
#[derive(Debug)]
pub struct CommittedExport {
    pub setting: SoaExport,
    /// The file, or why it could not be read.
    pub file: Result<SourceFile, String>,
}

/// Reads the committed SoA export named by `soa_export:`, when there is one.
pub fn read_committed_export(files: &dyn Files, config: &Config) -> Option<CommittedExport> {
    let setting = config.soa_export.clone()?;
    let file = files
        .read(&setting.path)
        .map(|bytes| SourceFile::new(setting.path.clone(), String::from_utf8_lossy(&bytes)))
        .map_err(|e| e.describe_after_name());
    Some(CommittedExport { setting, file })
}

/// Rejects two configured catalogs with the same id, because front matter
/// and SoA files name frameworks by id.
pub fn check_catalog_ids(config: &Config, catalogs: &[Catalog]) -> Result<(), Failure> {
    for (i, catalog) in catalogs.iter().enumerate() {
        if catalogs[..i].iter().any(|c| c.id == catalog.id) {
            let diagnostic = Diagnostic::new(
                &CONFIG_INVALID,
                format!("two configured frameworks have the id \"{}\"", catalog.id),
            )
            .help("give each custom catalog its own `id`");
            let diagnostic = match config.location_of("frameworks") {
                Some((file, span)) => diagnostic.at(&file, span),
                None => diagnostic,
            };
            return Err(Failure::Config(vec![diagnostic]));
        }
    }
    Ok(())
}

/// Loads the cross-framework mappings: the listed ones, or every built-in
/// mapping between two configured frameworks.
pub fn load_mappings(
    files: &dyn Files,
    config: &Config,
    catalogs: &[Catalog],
) -> Result<Vec<Mapping>, Failure> {
    let refs: Vec<&Catalog> = catalogs.iter().collect();
    let configured = |id: &str| catalogs.iter().any(|c| c.id == id);
    let sources: Vec<(MappingSource, Option<Span>)> = match &config.mappings {
        Mappings::Auto => crate::catalog::builtin_mapping_ids()
            .into_iter()
            .filter_map(crate::catalog::builtin_mapping)
            .filter(|m| configured(m.from) && configured(m.to))
            .map(|m| (MappingSource::Builtin(m.id.to_owned()), None))
            .collect(),
        Mappings::List(list) => list
            .iter()
            .map(|(s, span)| (s.clone(), Some(*span)))
            .collect(),
    };

    let mut mappings = Vec::new();
    let mut problems = Vec::new();
    for (source, span) in sources {
        let at_entry = |diagnostic: Diagnostic| match (&config.file, span) {
            (Some(file), Some(span)) => diagnostic.at(file, span),
            _ => diagnostic,
        };
        match source {
            MappingSource::Builtin(id) => {
                let Some(builtin) = crate::catalog::builtin_mapping(&id) else {
                    continue;
                };
                let missing: Vec<&str> = [builtin.from, builtin.to]
                    .into_iter()
                    .filter(|f| !configured(f))
                    .collect();
                if !missing.is_empty() {
                    problems.push(at_entry(
                        Diagnostic::new(
                            &CONFIG_INVALID,
                            format!(
                                "mapping `{id}` needs the framework `{}`, which is not configured",
                                missing.join("` and `")
                            ),
                        )
                        .help("add it to `frameworks:`, or remove the mapping"),
                    ));
                    continue;
                }
                match Mapping::builtin(&id, &refs) {
                    Some(Ok(mapping)) => mappings.push(mapping),
                    _ => {
                        return Err(Failure::Fatal(format!(
                            "built-in mapping `{id}` failed to load"
                        )));
                    }
                }
            }
            MappingSource::File(path) => {
                let bytes = match files.read(&path) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        problems.push(at_entry(Diagnostic::new(
                            &CONFIG_INVALID,
                            format!("mapping file `{path}` {}", e.describe_after_name()),
                        )));
                        continue;
                    }
                };
                let file = SourceFile::new(path, String::from_utf8_lossy(&bytes).into_owned());
                match Mapping::from_file(&file, &refs) {
                    Ok(mapping) => mappings.push(mapping),
                    Err(errors) => problems.extend(errors.into_iter().map(|e| {
                        let mut d =
                            Diagnostic::new(&CONFIG_INVALID, format!("mapping: {}", e.message))
                                .at(&file, e.span);
                        d.help = e.help;
                        d
                    })),
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(mappings)
    } else {
        Err(Failure::Config(problems))
    }
}

/// Reads every SoA file of the config, keyed by the id of the framework it
/// applies to: the one its `framework:` key names, else the main framework.
pub fn load_soas(
    files: &dyn Files,
    config: &Config,
    catalogs: &[Catalog],
    findings: &mut Vec<Diagnostic>,
) -> HashMap<String, Soa> {
    let mut soas = HashMap::new();
    for path in config.soa.iter().chain(&config.other_soas) {
        let Some(soa) = load_soa(files, config, path, catalogs, findings) else {
            continue;
        };
        let framework = soa_framework(&soa.file.text)
            .filter(|id| catalogs.iter().any(|c| &c.id == id))
            .unwrap_or_else(|| catalogs[0].id.clone());
        if let Some(first) = soas.get(&framework).map(|s: &Soa| s.file.path.clone()) {
            findings.push(
                Diagnostic::new(
                    &rules::soa::INVALID,
                    format!("a second Statement of Applicability for {framework}; `{first}` is the first"),
                )
                .at(&soa.file, soa.file.line_span(1))
                .help("keep one SoA file per framework, or set `framework:` in this one")
                .key("second-soa"),
            );
            continue;
        }
        soas.insert(framework, soa);
    }
    soas
}

/// Returns the `framework:` value of an SoA file, when it has one.
fn soa_framework(text: &str) -> Option<String> {
    let root = crate::yaml::parse(text, 0).ok()?;
    let (_, value) = root.get("framework")?;
    value.as_str().map(str::to_owned)
}

fn load_soa(
    files: &dyn Files,
    config: &Config,
    path: &str,
    catalogs: &[Catalog],
    findings: &mut Vec<Diagnostic>,
) -> Option<Soa> {
    match files.read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
            let catalog = soa_framework(&text)
                .and_then(|id| catalogs.iter().find(|c| c.id == id))
                .unwrap_or(&catalogs[0]);
            Some(Soa::parse(SourceFile::new(path, text), catalog))
        }
        Err(reason) => {
            let diagnostic = Diagnostic::new(
                &rules::soa::INVALID,
                format!(
                    "Statement of Applicability `{path}` {}",
                    reason.describe_after_name()
                ),
            )
            .help("create the file, or correct the `soa:` path in the config")
            .key("missing-file");
            let diagnostic = match config.location_of_path(path, "soa") {
                Some((file, span)) => diagnostic.at(&file, span),
                None => diagnostic,
            };
            findings.push(diagnostic);
            None
        }
    }
}
