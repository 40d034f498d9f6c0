//! The in-memory model of one repository state that every rule reads:
//! config, catalog, Statement of Applicability, roster and documents. It is
//! built once per run; no rule reads files itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use rayon::prelude::*;

use crate::catalog::{Catalog, LegacyMap, ManagementSystem, Mapping, normalize_clause};
use crate::codeowners::CodeownersFile;
use crate::config::{self, Config, Framework, RequiredDocuments};
use crate::content::links::LinkIndex;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::frameworks;
pub use crate::frameworks::{CommittedExport, FrameworkRef, OtherFramework};
use crate::history::History;
use crate::repo::git::GitOptions;
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
    /// The files and headings that links in documents may lead to.
    pub links: LinkIndex,
    pub today: Date,
    /// Findings made while loading (a file that could not be read, an SoA
    /// that is missing), reported with the rules' findings.
    pub load_findings: Vec<Diagnostic>,
    /// The documents' history from the commit graph.
    pub history: History,
    /// The CODEOWNERS file, when one is found and not switched off.
    pub codeowners: Option<CodeownersFile>,
    /// Facts about the run for the user (history skipped, HEAD detached),
    /// printed to stderr, not reported as findings.
    pub notes: Vec<String>,
}

impl Model {
    /// Build the model of the working tree that contains `options.path`.
    pub fn load(options: &Options) -> Result<Model, Failure> {
        Model::load_with(options, &GitOptions::default())
    }

    /// Build the model of the working tree, or of the commit `git` selects,
    /// with the documents' history.
    pub fn load_with(options: &Options, git: &GitOptions) -> Result<Model, Failure> {
        let workspace = Workspace::open(&options.path).map_err(Failure::Fatal)?;
        let selected = repo::git::select(&workspace, git).map_err(Failure::Fatal)?;
        let files = selected.files.as_ref();

        let config_path = match &options.config {
            Some(path) => Some(config_path_in(&workspace.root, path)?),
            None => config::discover(files, &workspace.start),
        };
        let config = match &config_path {
            Some(path) => Config::load(files, path).map_err(Failure::Config)?,
            None => Config::defaults(&workspace.start),
        };
        let mut model = Model::build(workspace.root.clone(), files, config, options.today)?;
        crate::history::attach(&mut model, &workspace, selected, git.no_history);
        if config_path.is_none() && model.documents.is_empty() {
            model.notes.push(format!(
                "no config file ({}) was found in `{}` or the folders above it up to the repository root, and no document matched; `policylint init` writes a config and a first policy",
                config::CONFIG_NAMES.join(" or "),
                options.path.display()
            ));
        }
        Ok(model)
    }

    /// Build the model from a config and the files of one repository state.
    pub fn build(
        root: PathBuf,
        files: &dyn Files,
        config: Config,
        today: Date,
    ) -> Result<Model, Failure> {
        // `framework` is the main framework even when `frameworks` was left
        // stale by code that set only `framework`.
        let mut configured = vec![&config.framework];
        configured.extend(config.frameworks.iter().filter(|f| **f != config.framework));
        let mut catalogs = Vec::new();
        for framework in configured {
            catalogs.push(load_catalog(files, framework)?);
        }
        frameworks::check_catalog_ids(&config, &catalogs)?;
        let mappings = frameworks::load_mappings(files, &config, &catalogs)?;
        let legacy = LegacyMap::builtin_for(&catalogs[0].id);
        let management = ManagementSystem::builtin(&catalogs[0].id);
        let requirements = requirements(&config);

        let mut load_findings = Vec::new();
        let mut listed = BTreeSet::new();
        let documents = load_documents(files, &config, &mut load_findings, &mut listed)?;
        let links = LinkIndex::build(files, &config.dir, listed, &documents);
        let mut soas = frameworks::load_soas(files, &config, &catalogs, &mut load_findings);
        let soa_export = frameworks::read_committed_export(files, &config);
        let codeowners = crate::codeowners::load(files, &config, &mut load_findings);

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
            links,
            today,
            load_findings,
            history: History::default(),
            codeowners,
            notes: Vec::new(),
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

pub(crate) fn load_catalog(files: &dyn Files, framework: &Framework) -> Result<Catalog, Failure> {
    match framework {
        Framework::Builtin(id) => Catalog::builtin(id)
            .ok_or_else(|| Failure::Fatal(format!("built-in framework `{id}` failed to load"))),
        Framework::File(path) => {
            let bytes = files.read(path).map_err(|e| {
                Failure::Config(vec![Diagnostic::new(
                    &CONFIG_INVALID,
                    format!("catalog file `{path}` {}", e.describe_after_name()),
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
/// Every file found below the config's folder is added to `listed`, for the
/// link rules.
fn load_documents(
    files: &dyn Files,
    config: &Config,
    findings: &mut Vec<Diagnostic>,
    listed: &mut BTreeSet<String>,
) -> Result<Vec<Document>, Failure> {
    let include = build_globs(&config.include, false)?;
    let exclude = build_globs(&config.exclude, config.default_globs)?;
    let prefix = if config.dir.is_empty() {
        String::new()
    } else {
        format!("{}/", config.dir)
    };
    // Which include globs matched a file, for `config/unmatched-include`.
    let mut matched = vec![false; config.include.len()];
    let mut hits = Vec::new();
    let mut included = 0;
    let mut selected = |path: &str| {
        let Some(relative) = path.strip_prefix(&prefix) else {
            return false;
        };
        include.matches_into(relative, &mut hits);
        for &index in &hits {
            matched[index] = true;
        }
        if hits.is_empty() {
            return false;
        }
        included += 1;
        !exclude.is_match(relative)
    };

    let mut paths = Vec::new();
    let mut skipped = 0;
    for entry in files.list(&config.dir) {
        if let Listed::File(path) = &entry {
            listed.insert(path.clone());
        }
        match entry {
            Listed::File(path) if selected(&path) => paths.push(path),
            Listed::Skipped { path, reason } if selected(&path) => {
                findings.push(unreadable(&path, &reason));
                skipped += 1;
            }
            _ => {}
        }
    }
    log::debug!("{} documents match the configured globs", paths.len());
    for ((glob, span), _) in config
        .include
        .iter()
        .zip(&config.include_spans)
        .zip(&matched)
        .filter(|(_, matched)| !**matched)
    {
        findings.push(rules::config::unmatched_include(
            config, glob, *span, listed,
        ));
    }
    if paths.is_empty() && skipped == 0 {
        findings.push(rules::config::no_documents(config, included > 0));
    }

    // After the fields are extracted, only custom rules on a front matter
    // field read the YAML tree. Without such rules the tree is dropped at
    // once, so a few kilobytes per document stay out of the model.
    let keep_yaml = config
        .custom_rules
        .iter()
        .any(|custom| matches!(custom.target, crate::config::CustomTarget::Field(_)));
    let documents: Vec<Document> = paths
        .into_par_iter()
        .map(|path| match files.read(&path) {
            Ok(bytes) => {
                let mut document = Document::parse_with(path, &bytes, &config.dialect);
                if !keep_yaml {
                    document.yaml = None;
                }
                document.body.shrink_to_fit();
                document
            }
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
