//! The in-memory model of one repository state that every rule reads:
//! config, catalog, Statement of Applicability, roster and documents. It is
//! built once per run; no rule reads files itself.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use rayon::prelude::*;

use crate::catalog::{Catalog, LegacyMap, ManagementSystem, Mapping, normalize_clause};
use crate::config::{
    self, Config, Framework, MappingSource, Mappings, RequiredDocuments, SoaExport,
};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::repo::{self, Files, Listed, ReadError, Workspace};
use crate::rules::{self, CONFIG_INVALID};
use crate::soa::Soa;
use crate::source::{SourceFile, Span};

/// The inputs of a run.
#[derive(Clone, Debug)]
pub struct Options {
    /// PATH: the repository, or a folder inside it.
    pub path: PathBuf,
    /// `--config`: a config file to use instead of the discovered one.
    pub config: Option<PathBuf>,
    /// The date reviews are judged against.
    pub today: Date,
}

/// The reason a run could not produce a result (exit code 2).
#[derive(Debug)]
pub enum Failure {
    /// Problems in the config or a file it names, to render as diagnostics.
    Config(Vec<Diagnostic>),
    /// Anything else, as a one-line message.
    Fatal(String),
}

/// A mandatory piece of documented information the run checks for.
#[derive(Clone, Debug)]
pub struct Requirement {
    /// The subject of the document, such as "ISMS scope", or `None` for a
    /// clause listed in `required_documents`.
    pub subject: Option<String>,
    /// Normalised clause references, any of which meets the requirement.
    pub satisfied_by: Vec<String>,
    pub met_by_soa: bool,
    /// The span of the entry in a `required_documents` list.
    pub span: Option<Span>,
}

impl Requirement {
    /// "Scope of the ISMS (clause 4.3)", or "clause 4.3".
    pub fn describe(&self) -> String {
        let clause = self.satisfied_by.first().map_or("", String::as_str);
        match &self.subject {
            Some(subject) => format!("{subject} (clause {clause})"),
            None => format!("clause {clause}"),
        }
    }
}

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

pub struct Model {
    pub root: PathBuf,
    pub config: Config,
    /// The catalog of the main framework (the first configured).
    pub catalog: Catalog,
    /// The other configured frameworks, in config order.
    pub other_frameworks: Vec<OtherFramework>,
    /// The cross-framework mappings in use.
    pub mappings: Vec<Mapping>,
    pub legacy: Option<LegacyMap>,
    pub management: Option<ManagementSystem>,
    pub requirements: Vec<Requirement>,
    /// The SoA of the main framework.
    pub soa: Option<Soa>,
    pub soa_export: Option<CommittedExport>,
    /// Sorted by path.
    pub documents: Vec<Document>,
    pub today: Date,
    /// Findings made while loading (a file that could not be read, an SoA
    /// that is missing), reported with the rules' findings.
    pub load_findings: Vec<Diagnostic>,
}

impl Model {
    /// Build the model of the working tree that contains `options.path`.
    pub fn load(options: &Options) -> Result<Model, Failure> {
        let workspace = Workspace::open(&options.path).map_err(Failure::Fatal)?;
        let files = workspace.worktree();

        let config_path = match &options.config {
            Some(path) => Some(config_path_in(&workspace.root, path)?),
            None => config::discover(&files, &workspace.start),
        };
        let config = match &config_path {
            Some(path) => Config::load(&files, path).map_err(Failure::Config)?,
            None => Config::defaults(&workspace.start),
        };
        Model::build(workspace.root, &files, config, options.today)
    }

    /// Build the model from a config and the files of one repository state.
    pub fn build(
        root: PathBuf,
        files: &dyn Files,
        config: Config,
        today: Date,
    ) -> Result<Model, Failure> {
        let mut catalogs = Vec::new();
        for framework in &config.frameworks {
            catalogs.push(load_catalog(files, framework)?);
        }
        check_catalog_ids(&config, &catalogs)?;
        let mappings = load_mappings(files, &config, &catalogs)?;
        let legacy = LegacyMap::builtin_for(&catalogs[0].id);
        let management = ManagementSystem::builtin(&catalogs[0].id);
        let requirements = requirements(&config);

        let mut load_findings = Vec::new();
        let documents = load_documents(files, &config, &mut load_findings)?;
        let mut soas = load_soas(files, &config, &catalogs, &mut load_findings);
        let soa_export = config.soa_export.clone().map(|setting| CommittedExport {
            file: files
                .read(&setting.path)
                .map(|bytes| SourceFile::new(setting.path.clone(), String::from_utf8_lossy(&bytes)))
                .map_err(|e| e.describe()),
            setting,
        });

        let mut catalogs = catalogs.into_iter();
        let Some(catalog) = catalogs.next() else {
            return Err(Failure::Fatal("the config names no framework".into()));
        };
        let other_frameworks = catalogs
            .map(|catalog| OtherFramework {
                soa: soas.remove(&catalog.id),
                catalog,
            })
            .collect();
        Ok(Model {
            root,
            soa: soas.remove(&catalog.id),
            config,
            catalog,
            other_frameworks,
            mappings,
            legacy,
            management,
            requirements,
            soa_export,
            documents,
            today,
            load_findings,
        })
    }

    /// Returns every configured framework, the main one first.
    pub fn frameworks(&self) -> Vec<FrameworkRef<'_>> {
        let main = FrameworkRef {
            catalog: &self.catalog,
            soa: self.soa.as_ref(),
            main: true,
        };
        let others = self.other_frameworks.iter().map(|other| FrameworkRef {
            catalog: &other.catalog,
            soa: other.soa.as_ref(),
            main: false,
        });
        std::iter::once(main).chain(others).collect()
    }

    /// Looks up a configured framework by catalog id.
    pub fn framework(&self, id: &str) -> Option<FrameworkRef<'_>> {
        self.frameworks().into_iter().find(|f| f.catalog.id == id)
    }

    /// Tells whether the control (a catalog id) is applicable.
    pub fn is_applicable(&self, control: &str) -> bool {
        self.soa
            .as_ref()
            .is_none_or(|soa| soa.is_applicable(control))
    }
}

/// Converts the `--config` path to a repository-relative path.
fn config_path_in(root: &Path, path: &Path) -> Result<String, Failure> {
    let canonical = path.canonicalize().map_err(|e| {
        Failure::Fatal(format!("cannot open config file `{}`: {e}", path.display()))
    })?;
    repo::relative_to(&canonical, root).ok_or_else(|| {
        Failure::Fatal(format!(
            "config file `{}` is outside the repository at `{}`; paths in a config resolve inside the repository",
            path.display(),
            root.display()
        ))
    })
}

fn load_catalog(files: &dyn Files, framework: &Framework) -> Result<Catalog, Failure> {
    match framework {
        Framework::Builtin(id) => Catalog::builtin(id)
            .ok_or_else(|| Failure::Fatal(format!("built-in framework `{id}` failed to load"))),
        Framework::File(path) => {
            let bytes = files.read(path).map_err(|e| {
                Failure::Config(vec![Diagnostic::new(
                    &CONFIG_INVALID,
                    format!("catalog file `{path}` {}", e.describe()),
                )])
            })?;
            let file = SourceFile::new(path.clone(), String::from_utf8_lossy(&bytes).into_owned());
            Catalog::from_file(&file).map_err(|errors| {
                Failure::Config(
                    errors
                        .into_iter()
                        .map(|e| {
                            let mut d =
                                Diagnostic::new(&CONFIG_INVALID, format!("catalog: {}", e.message))
                                    .at(&file, e.span);
                            d.help = e.help;
                            d
                        })
                        .collect(),
                )
            })
        }
    }
}

/// Rejects two configured catalogs with the same id, because front matter
/// and SoA files name frameworks by id.
fn check_catalog_ids(config: &Config, catalogs: &[Catalog]) -> Result<(), Failure> {
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
fn load_mappings(
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
                            format!("mapping file `{path}` {}", e.describe()),
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

fn requirements(config: &Config) -> Vec<Requirement> {
    match &config.required_documents {
        RequiredDocuments::Off => Vec::new(),
        RequiredDocuments::Framework(id) => ManagementSystem::builtin(id)
            .map(|system| {
                system
                    .required
                    .into_iter()
                    .map(|r| Requirement {
                        subject: Some(r.subject),
                        satisfied_by: r.satisfied_by,
                        met_by_soa: r.met_by_soa,
                        span: None,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        RequiredDocuments::List(list) => list
            .iter()
            .map(|(reference, span)| {
                let normalized = normalize_clause(reference);
                Requirement {
                    subject: None,
                    met_by_soa: normalized == "6.1.3 d",
                    satisfied_by: vec![normalized],
                    span: Some(*span),
                }
            })
            .collect(),
    }
}

fn build_globs(globs: &[String], case_insensitive: bool) -> Result<GlobSet, Failure> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let glob = GlobBuilder::new(glob)
            .literal_separator(true)
            .case_insensitive(case_insensitive)
            .build()
            .map_err(|e| Failure::Fatal(format!("invalid glob \"{glob}\": {e}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Failure::Fatal(format!("invalid globs: {e}")))
}

/// Find the documents with the config's globs and read them in parallel.
fn load_documents(
    files: &dyn Files,
    config: &Config,
    findings: &mut Vec<Diagnostic>,
) -> Result<Vec<Document>, Failure> {
    let include = build_globs(&config.include, false)?;
    let exclude = build_globs(&config.exclude, config.default_globs)?;
    let prefix = if config.dir.is_empty() {
        String::new()
    } else {
        format!("{}/", config.dir)
    };
    let selected = |path: &str| {
        path.strip_prefix(&prefix)
            .is_some_and(|rel| include.is_match(rel) && !exclude.is_match(rel))
    };

    let mut paths = Vec::new();
    for entry in files.list(&config.dir) {
        match entry {
            Listed::File(path) if selected(&path) => paths.push(path),
            Listed::Skipped { path, reason } if selected(&path) => {
                findings.push(unreadable(&path, &reason));
            }
            _ => {}
        }
    }
    log::debug!("{} documents match the configured globs", paths.len());

    let documents: Vec<Document> = paths
        .into_par_iter()
        .map(|path| match files.read(&path) {
            Ok(bytes) => Document::parse(path, &bytes),
            Err(reason) => {
                let help = unreadable_help(&reason);
                Document::unreadable(path, reason.describe(), help)
            }
        })
        .collect();
    Ok(documents)
}

fn unreadable(path: &str, reason: &ReadError) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(&rules::document::UNREADABLE, reason.describe())
        .at(&SourceFile::new(path, ""), Span::new(0, 0))
        .key("unreadable");
    diagnostic.help = unreadable_help(reason);
    diagnostic
}

fn unreadable_help(reason: &ReadError) -> Option<String> {
    match reason {
        ReadError::TooLarge(_) => {
            Some("split the document, or exclude it in `documents.exclude`".into())
        }
        ReadError::Link(_) => {
            Some("replace the link with the file, or exclude it in `documents.exclude`".into())
        }
        ReadError::Io(_) => Some("check the file's permissions".into()),
        ReadError::NotAFile => Some("exclude the folder in `documents.exclude`".into()),
        ReadError::NotFound => None,
    }
}

/// Reads every SoA file of the config, keyed by the id of the framework it
/// applies to: the one its `framework:` key names, else the main framework.
fn load_soas(
    files: &dyn Files,
    config: &Config,
    catalogs: &[Catalog],
    findings: &mut Vec<Diagnostic>,
) -> std::collections::HashMap<String, Soa> {
    let mut soas = std::collections::HashMap::new();
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
                format!("Statement of Applicability `{path}` {}", reason.describe()),
            )
            .help("create the file, or correct the `soa:` path in the config")
            .key("missing-file");
            let diagnostic = match config.location_of("soa") {
                Some((file, span)) => diagnostic.at(&file, span),
                None => diagnostic,
            };
            findings.push(diagnostic);
            None
        }
    }
}
