//! `policylint.yaml`: finding it, reading it with spans, and validating every
//! key so that a mistake is reported at its line with a did-you-mean.

mod content;
mod custom;
mod dialect;
mod discover;
mod frameworks;
mod locate;

use std::collections::{BTreeMap, HashSet};

pub use custom::{CustomRule, MAX_REGEX_BYTES, Target as CustomTarget};
pub use discover::{CONFIG_NAMES, discover};
pub use frameworks::{MappingSource, Mappings, SoaExport};
pub use locate::load_for;

use crate::content::placeholders::Placeholders;
use crate::content::sections::DocumentTypes;
use crate::dates::Interval;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Dialect;
use crate::repo::{self, Files, ReadError};
use crate::roster::{self, Roster};
use crate::rules::{self, CONFIG_INVALID};
use crate::schema::{Reader, SchemaError};
use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::yaml::{self, Node};

/// Top-level keys of the config.
const KEYS: &[&str] = &[
    "framework",
    "frameworks",
    "mappings",
    "documents",
    "soa",
    "soa_export",
    "review",
    "owners",
    "codeowners",
    "required_documents",
    "rules",
    "custom_rules",
    "placeholders",
    "document_types",
    "dialect",
    "fields",
    "framework_names",
];

/// Default document globs when `documents.include` is absent.
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.md"];
/// README and CHANGELOG files describe the repository, not the ISMS.
pub const DEFAULT_EXCLUDE: &[&str] = &["**/README.md", "**/CHANGELOG.md"];

/// The source of the framework catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Framework {
    Builtin(String),
    /// A catalog file, repository-relative.
    File(String),
}

/// The `codeowners:` setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codeowners {
    /// The first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`.
    Auto,
    Off,
    File(String),
}

/// The `required_documents:` setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequiredDocuments {
    /// The mandatory set shipped for this framework.
    Framework(String),
    /// Clause references the team chose.
    List(Vec<(String, Span)>),
    Off,
}

/// A severity override: a severity, or `off`.
pub type Level = Option<Severity>;

#[derive(Clone, Debug)]
pub struct Review {
    pub interval: Interval,
    pub warn_before: Interval,
    /// The commit trailer that records a review without editing a document.
    pub trailer: String,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The config file, when there is one.
    pub file: Option<SourceFile>,
    /// The folder relative paths in the config resolve against
    /// (repository-relative): the config file's folder, or PATH.
    pub dir: String,
    pub framework: Framework,
    /// Every configured framework, `framework` first: one entry unless the
    /// config lists several under `frameworks:`.
    pub frameworks: Vec<Framework>,
    pub mappings: Mappings,
    pub include: Vec<String>,
    /// The span of each `include` glob in the config file, in the same
    /// order; empty when `include` is the default.
    pub include_spans: Vec<Span>,
    pub exclude: Vec<String>,
    /// Whether `include`/`exclude` are the defaults, which match without case.
    pub default_globs: bool,
    pub soa: Option<String>,
    /// The SoA files after the first when `soa:` is a list; each applies to
    /// the framework its own `framework:` key names.
    pub other_soas: Vec<String>,
    pub soa_export: Option<SoaExport>,
    pub review: Review,
    pub roster: Option<Roster>,
    pub codeowners: Codeowners,
    pub required_documents: RequiredDocuments,
    pub severity_overrides: BTreeMap<&'static str, Level>,
    /// `custom_rules:`, in the order they are written.
    pub custom_rules: Vec<CustomRule>,
    /// `placeholders:`: the patterns `content/placeholder` looks for.
    pub placeholders: Placeholders,
    /// The required sections per document type: the built-in lists with
    /// `document_types:` applied.
    pub document_types: DocumentTypes,
    /// `dialect:`, `fields:` and `framework_names:`: how front matter is read.
    pub dialect: Dialect,
    /// Span of each top-level key, to point repository-level findings at.
    key_spans: BTreeMap<String, Span>,
    /// Span of each path value, by the repository-relative path it names,
    /// to point findings about that file at its name.
    path_spans: BTreeMap<String, Span>,
}

impl Config {
    /// Returns the settings used when no config file is found.
    pub fn defaults(dir: &str) -> Config {
        Config {
            file: None,
            dir: dir.to_owned(),
            framework: Framework::Builtin("iso27001-2022".into()),
            frameworks: vec![Framework::Builtin("iso27001-2022".into())],
            mappings: Mappings::Auto,
            include: DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
            include_spans: Vec::new(),
            exclude: DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
            default_globs: true,
            soa: None,
            other_soas: Vec::new(),
            soa_export: None,
            review: Review {
                interval: Interval::months(12),
                warn_before: Interval::days(30),
                trailer: "Policy-Reviewed".into(),
            },
            roster: None,
            codeowners: Codeowners::Auto,
            required_documents: RequiredDocuments::Framework("iso27001-2022".into()),
            severity_overrides: BTreeMap::new(),
            custom_rules: Vec::new(),
            placeholders: Placeholders::default(),
            document_types: DocumentTypes::builtin(),
            dialect: Dialect::default(),
            key_spans: BTreeMap::new(),
            path_spans: BTreeMap::new(),
        }
    }

    /// Read and validate the config file at `path` (repository-relative).
    /// Every problem is returned as a `config/invalid` diagnostic.
    pub fn load(files: &dyn Files, path: &str) -> Result<Config, Vec<Diagnostic>> {
        let bytes = files.read(path).map_err(|e| {
            vec![Diagnostic::new(
                &CONFIG_INVALID,
                format!("config file `{path}` {}", e.describe_after_name()),
            )]
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            vec![
                Diagnostic::new(
                    &CONFIG_INVALID,
                    format!("config file `{path}` is not valid UTF-8"),
                )
                .help("save the file as UTF-8"),
            ]
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        let file = SourceFile::new(path, text);
        let mut config = Config::defaults(repo::parent(path));

        let root = yaml::parse(&file.text, 0).map_err(|error| {
            let mut diagnostic = Diagnostic::new(
                &CONFIG_INVALID,
                format!("config is not valid YAML: {}", error.message),
            )
            .at(&file, error.span);
            if let Some(first) = error.first_key {
                let line = file.position(first.start).line;
                diagnostic = diagnostic
                    .label("defined again")
                    .related(&file, first, "first defined here")
                    .help(format!(
                        "keep one of the two `{}` entries; the first is on line {line}",
                        file.slice(first)
                    ));
            }
            vec![diagnostic]
        })?;
        let mut loader = Loader {
            reader: Reader::new(&file),
            files,
            extra_files: Vec::new(),
        };
        if !root.is_null() {
            loader.read(&root, &mut config);
        }

        let mut diagnostics = to_diagnostics(&file, loader.reader.errors);
        for (extra, errors) in loader.extra_files {
            diagnostics.extend(to_diagnostics(&extra, errors));
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        config.file = Some(file);
        Ok(config)
    }

    /// Chooses where a repository-level finding about `key` points: the key's
    /// line in the config file, or the file's first line.
    pub fn location_of(&self, key: &str) -> Option<(SourceFile, Span)> {
        let file = self.file.as_ref()?;
        let span = self
            .key_spans
            .get(key)
            .copied()
            .unwrap_or_else(|| file.line_span(1));
        Some((file.clone(), span))
    }

    /// Chooses where a finding about `path`, a file the config names under
    /// `key`, points: the path's value in the config file, or the key.
    pub fn location_of_path(&self, path: &str, key: &str) -> Option<(SourceFile, Span)> {
        match (&self.file, self.path_spans.get(path)) {
            (Some(file), Some(span)) => Some((file.clone(), *span)),
            _ => self.location_of(key),
        }
    }

    /// Resolves a path written in the config against the config's folder.
    pub fn resolve(&self, path: &str) -> Option<String> {
        repo::join(&self.dir, path)
    }

    pub fn severity_override(&self, rule: &str) -> Option<Level> {
        self.severity_overrides.get(rule).copied()
    }
}

fn to_diagnostics(file: &SourceFile, errors: Vec<SchemaError>) -> Vec<Diagnostic> {
    errors
        .into_iter()
        .map(|error| {
            let mut diagnostic =
                Diagnostic::new(&CONFIG_INVALID, error.message).at(file, error.span);
            diagnostic.help = error.help;
            diagnostic
        })
        .collect()
}

struct Loader<'a> {
    reader: Reader<'a>,
    files: &'a dyn Files,
    /// Problems found in files the config names (a roster file).
    extra_files: Vec<(SourceFile, Vec<SchemaError>)>,
}

impl Loader<'_> {
    fn read(&mut self, root: &Node, config: &mut Config) {
        let fields = self.reader.fields(root, "the config", KEYS);
        // Custom rules are read first, so `rules:` may set their severity
        // wherever the two keys are in the file.
        if let Some((_, _, value)) = fields.iter().find(|(key, _, _)| *key == "custom_rules") {
            self.custom_rules(value, config);
        }
        let mut required_documents = None;
        for (key, key_node, value) in fields {
            config.key_spans.insert(key.to_owned(), key_node.span);
            match key {
                "framework" => self.framework(value, config),
                "frameworks" => self.frameworks(value, config),
                "mappings" => self.mappings(value, config),
                "documents" => self.documents(value, config),
                "soa" => self.soa(value, config),
                "soa_export" => self.soa_export(value, config),
                "review" => self.review(value, config),
                "owners" => self.owners(value, config),
                "codeowners" => self.codeowners(value, config),
                "required_documents" => required_documents = self.required_documents(value),
                "custom_rules" => {}
                "placeholders" => self.placeholders(value, config),
                "document_types" => self.document_types(value, config),
                "dialect" => self.dialect(value, config),
                "fields" => self.fields(value, config),
                "framework_names" => self.framework_names(value, config),
                _ => self.rules(value, config),
            }
        }
        // Without the key, the framework decides: a built-in framework brings
        // its mandatory set, a custom catalog has none.
        config.required_documents = required_documents.unwrap_or_else(|| match &config.framework {
            Framework::Builtin(id) if crate::catalog::ManagementSystem::builtin(id).is_some() => {
                RequiredDocuments::Framework(id.clone())
            }
            _ => RequiredDocuments::Off,
        });
        if let RequiredDocuments::List(list) = &config.required_documents {
            self.check_clauses(list, &config.framework);
        }
    }

    /// Checks that each clause in a `required_documents` list is a clause of
    /// the main framework's management system. A custom catalog has no
    /// clause list, so its references are taken as written.
    fn check_clauses(&mut self, list: &[(String, Span)], framework: &Framework) {
        let mut seen: HashSet<String> = HashSet::new();
        for (reference, span) in list {
            if !seen.insert(crate::catalog::normalize_clause(reference)) {
                self.reader.error(
                    *span,
                    format!("clause \"{reference}\" is listed twice in `required_documents`"),
                    Some("remove the second entry".into()),
                );
            }
        }
        let Framework::Builtin(id) = framework else {
            return;
        };
        let Some(system) = crate::catalog::ManagementSystem::builtin(id) else {
            return;
        };
        let numbers: Vec<&str> = system.clauses.iter().map(|c| c.id.as_str()).collect();
        for (reference, span) in list {
            if system.knows_clause(reference) {
                continue;
            }
            let normalized = crate::catalog::normalize_clause(reference);
            let number = normalized.split(' ').next().unwrap_or_default();
            let help = match suggest::did_you_mean(number, numbers.iter().copied()) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!(
                    "write a clause number from {} to {}, with an item letter where one is meant (\"6.1.3 e\")",
                    numbers.first().unwrap_or(&""),
                    numbers.last().unwrap_or(&"")
                ),
            };
            self.reader.error(
                *span,
                format!("\"{reference}\" is not a management-system clause of {id}"),
                Some(help),
            );
        }
    }

    /// A path value that must stay inside the repository.
    fn path(&mut self, node: &Node, config: &mut Config, what: &str) -> Option<String> {
        let written = self.reader.string(node, what)?;
        let resolved = config.resolve(&written);
        match &resolved {
            Some(path) => {
                config.path_spans.insert(path.clone(), node.span);
            }
            None => self.reader.error(
                node.span,
                format!("{what} path \"{written}\" leaves the repository"),
                Some("write a path relative to the config file, inside the repository".into()),
            ),
        }
        resolved
    }

    /// A path value that must name an existing file. `key` is the config
    /// key that names it, for the help.
    fn existing_path(
        &mut self,
        node: &Node,
        config: &mut Config,
        what: &str,
        key: &str,
    ) -> Option<String> {
        let path = self.path(node, config, &format!("`{key}`"))?;
        if !self.files.exists(&path) {
            self.reader.error(
                node.span,
                format!("{what} `{path}` not found"),
                Some(format!(
                    "create the file, or correct the `{key}:` path in the config"
                )),
            );
            return None;
        }
        Some(path)
    }

    fn framework(&mut self, node: &Node, config: &mut Config) {
        if config.key_spans.contains_key("frameworks") {
            self.both_framework_keys(node);
            return;
        }
        if let Some(framework) = self.framework_source(node, config) {
            config.framework = framework.clone();
            config.frameworks = vec![framework];
        }
    }

    /// Reads a framework: a built-in id, or the path of a catalog file.
    fn framework_source(&mut self, node: &Node, config: &mut Config) -> Option<Framework> {
        let text = self.reader.string(node, "`framework`")?;
        let builtins = crate::catalog::builtin_ids();
        if builtins.contains(&text.as_str()) {
            return Some(Framework::Builtin(text));
        }
        let looks_like_path =
            text.ends_with(".yaml") || text.ends_with(".yml") || text.contains('/');
        if !looks_like_path {
            self.reader.error(
                node.span,
                format!("unknown framework \"{text}\""),
                Some(match suggest::did_you_mean(&text, builtins.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? A custom catalog is a path to a .yaml file"),
                    None => format!(
                        "the built-in frameworks are: {}; a custom catalog is a path to a .yaml file",
                        builtins.join(", ")
                    ),
                }),
            );
            return None;
        }
        let path = self.path(node, config, "`framework`")?;
        if !self.files.exists(&path) {
            self.reader
                .error(node.span, format!("catalog file `{path}` not found"), None);
        }
        Some(Framework::File(path))
    }

    fn documents(&mut self, node: &Node, config: &mut Config) {
        for (key, _, value) in self
            .reader
            .fields(node, "`documents`", &["include", "exclude"])
        {
            let (globs, spans) = self.globs(value, key).into_iter().unzip();
            if key == "include" {
                config.include = globs;
                config.include_spans = spans;
            } else {
                config.exclude = globs;
            }
            config.default_globs = false;
        }
    }

    fn globs(&mut self, node: &Node, key: &str) -> Vec<(String, Span)> {
        let what = format!("`documents.{key}`");
        let mut globs = Vec::new();
        for (glob, span) in self.reader.strings(node, &what) {
            let leaves = glob.starts_with('/')
                || glob.split('/').any(|part| part == "..")
                || std::path::Path::new(&glob).is_absolute();
            if leaves {
                self.reader.error(
                    span,
                    format!("glob \"{glob}\" leaves the folder of the config file"),
                    Some(
                        "write globs relative to the config file, without `..` or a leading `/`"
                            .into(),
                    ),
                );
                continue;
            }
            if let Err(error) = globset::Glob::new(&glob) {
                self.reader.error(
                    span,
                    format!("invalid glob \"{glob}\": {}", error.kind()),
                    None,
                );
                continue;
            }
            globs.push((glob, span));
        }
        globs
    }

    fn review(&mut self, node: &Node, config: &mut Config) {
        let fields = self
            .reader
            .fields(node, "`review`", &["interval", "warn_before", "trailer"]);
        for (key, _, value) in fields {
            if key == "trailer" {
                if let Some(trailer) = self.reader.string(value, "`review.trailer`") {
                    config.review.trailer = trailer;
                }
                continue;
            }
            let Some(text) = self.reader.string(value, &format!("`review.{key}`")) else {
                continue;
            };
            match Interval::parse(&text) {
                Ok(interval) if key == "interval" => config.review.interval = interval,
                Ok(interval) => config.review.warn_before = interval,
                Err(message) => {
                    self.reader
                        .error(value.span, format!("`review.{key}` {message}"), None)
                }
            }
        }
    }

    fn owners(&mut self, node: &Node, config: &mut Config) {
        if node.as_seq().is_some() {
            let people = roster::read_people(&mut self.reader, node);
            config.roster = Some(Roster {
                people,
                file: self.reader.file.clone(),
            });
            return;
        }
        // A string names a separate roster file with an `owners:` list.
        let Some(path) = self.path(node, config, "`owners`") else {
            return;
        };
        let bytes = match self.files.read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.reader.error(
                    node.span,
                    format!("roster file `{path}` {}", error.describe_after_name()),
                    Some(match error {
                        ReadError::NotFound => {
                            "create the file, or correct the `owners:` path in the config".into()
                        }
                        _ => "correct the `owners:` path in the config, or list the people inline under `owners:`".into(),
                    }),
                );
                return;
            }
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let file = SourceFile::new(path, text);
        let mut reader = Reader::new(&file);
        let people = match yaml::parse(&file.text, 0) {
            Ok(root) => {
                let fields = reader.fields(&root, "the roster file", &["owners"]);
                match fields.first() {
                    Some((_, _, list)) => roster::read_people(&mut reader, list),
                    None => {
                        reader.error(root.span, "the roster file has no `owners:` list", None);
                        Vec::new()
                    }
                }
            }
            Err(error) => {
                reader.error(
                    error.span,
                    format!("roster file is not valid YAML: {}", error.message),
                    None,
                );
                Vec::new()
            }
        };
        let errors = std::mem::take(&mut reader.errors);
        if !errors.is_empty() {
            self.extra_files.push((file.clone(), errors));
        }
        config.roster = Some(Roster { people, file });
    }

    fn codeowners(&mut self, node: &Node, config: &mut Config) {
        if let yaml::Value::Bool(false) = node.value {
            config.codeowners = Codeowners::Off;
            return;
        }
        let Some(text) = self.reader.string(node, "`codeowners`") else {
            return;
        };
        config.codeowners = match text.as_str() {
            "auto" => Codeowners::Auto,
            "off" => Codeowners::Off,
            _ => match self.existing_path(node, config, "CODEOWNERS file", "codeowners") {
                Some(path) => Codeowners::File(path),
                None => return,
            },
        };
    }

    fn required_documents(&mut self, node: &Node) -> Option<RequiredDocuments> {
        if let yaml::Value::Bool(false) = node.value {
            return Some(RequiredDocuments::Off);
        }
        if node.as_seq().is_some() {
            let list = self.reader.strings(node, "`required_documents`");
            return Some(RequiredDocuments::List(list));
        }
        let text = self.reader.string(node, "`required_documents`")?;
        if text == "off" {
            Some(RequiredDocuments::Off)
        } else if crate::catalog::ManagementSystem::builtin(&text).is_some() {
            Some(RequiredDocuments::Framework(text))
        } else {
            self.reader.error(
                node.span,
                format!("no mandatory document set is known for \"{text}\""),
                Some("write `iso27001-2022`, a list of clause references such as [\"4.3\", \"5.2\"], or `off`".into()),
            );
            None
        }
    }

    fn rules(&mut self, node: &Node, config: &mut Config) {
        let Some(entries) = self.reader.map(node, "`rules`") else {
            return;
        };
        let mut ids: Vec<&str> = rules::ALL.iter().map(|r| r.id).collect();
        ids.extend(config.custom_rules.iter().map(|c| c.rule.id));
        for (key, value) in entries {
            let Some(name) = key.as_str() else {
                self.reader
                    .error(key.span, "rule ids in `rules` must be strings", None);
                continue;
            };
            let custom = || {
                config
                    .custom_rules
                    .iter()
                    .map(|c| c.rule)
                    .find(|r| r.id == name)
            };
            let Some(rule) = rules::find(name).or_else(custom) else {
                self.reader.error(
                    key.span,
                    format!("unknown rule `{name}`"),
                    Some(match suggest::did_you_mean(name, ids.iter().copied()) {
                        Some(best) => {
                            format!("did you mean `{best}`? `policylint rules` lists them all")
                        }
                        None => "`policylint rules` lists every rule id".into(),
                    }),
                );
                continue;
            };
            let level = match value.value {
                // `off` is a string in YAML 1.2, but `false` is a natural
                // way to switch a rule off too.
                yaml::Value::Bool(false) => Some(None),
                _ => {
                    let choice = self.reader.choice(
                        value,
                        &format!("the level of `{name}`"),
                        &["error", "warning", "note", "off"],
                    );
                    choice.map(Severity::parse)
                }
            };
            if let Some(level) = level {
                config.severity_overrides.insert(rule.id, level);
            }
        }
    }
}

#[cfg(test)]
mod tests;
