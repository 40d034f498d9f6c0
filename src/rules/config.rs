//! `config/unmatched-include` and `config/no-documents`: a config that
//! selects no document checks nothing, and the run would pass in silence.
//! `config/invalid` is declared in the parent module, because it stops the
//! run instead of being reported with the findings.

use std::collections::BTreeSet;

use super::Rule;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;

pub static UNMATCHED_INCLUDE: Rule = Rule {
    id: "config/unmatched-include",
    severity: Severity::Warning,
    summary: "a `documents.include` glob matches no file",
    explanation: "\
Each glob in `documents.include` should select some documents. A glob that
matches no file below the config's folder is most often a typo in a folder
name, and the documents it was meant to select are then not checked at all.
The finding points at the glob and, when a folder with a close name exists,
suggests it.

Example:

    documents:
      include: [\"policy/**/*.md\"]   # no folder `policy/`; did you mean `policies/`?

Fix: correct the glob, or remove it when the folder is gone for good.
",
};

pub static NO_DOCUMENTS: Rule = Rule {
    id: "config/no-documents",
    severity: Severity::Warning,
    summary: "no document matches the document globs",
    explanation: "\
A run that finds no document checks only the repository-level rules: every
control is uncovered and every mandatory document missing, or, with those
rules switched off, nothing is reported at all. The documents are all files
below the config's folder that match `documents.include` (`**/*.md` by
default) and no glob of `documents.exclude`.

Example: the config says `include: [\"policy/**/*.md\"]` but the documents are
in `policies/`, so `policylint check` reports \"0 documents checked\".

Fix: correct `documents.include` or `documents.exclude`, or run `policylint
check` on the folder that contains the documents. `policylint init` writes a
config and a first policy for a new ISMS.
",
};

/// Builds the finding for an include glob that matched none of the files in
/// `listed` (repository-relative paths).
pub fn unmatched_include(
    config: &Config,
    glob: &str,
    span: Span,
    listed: &BTreeSet<String>,
) -> Diagnostic {
    let folders = folders_below(&config.dir, listed);
    let suggestions: Vec<(String, String)> = expand_braces(glob)
        .iter()
        .filter_map(|alternative| folder_suggestion(alternative, &folders))
        .collect();
    let help = match suggestions.first() {
        Some((missing, existing)) => {
            format!("there is no folder `{missing}/`; did you mean `{existing}/`?")
        }
        None => "correct the glob, or remove it if its documents are gone".to_owned(),
    };
    let mut diagnostic = Diagnostic::new(
        &UNMATCHED_INCLUDE,
        format!("`documents.include` glob \"{glob}\" matches no file"),
    )
    .label("matches no file")
    .help(help)
    .key(glob);
    if let Some(file) = &config.file {
        diagnostic = diagnostic.at(file, span);
    }
    diagnostic
}

/// Builds the finding for a run that found no document. `included` is true
/// when some file matched `documents.include` but was excluded.
pub fn no_documents(config: &Config, included: bool) -> Diagnostic {
    let (message, help) = match (&config.file, included) {
        (_, true) => (
            "no documents found: `documents.exclude` leaves out every file that `documents.include` matches",
            "correct `documents.exclude`",
        ),
        (Some(_), false) if !config.default_globs => (
            "no documents found: no file matches `documents.include`",
            "correct the globs in `documents.include`, or add documents",
        ),
        (Some(_), false) => (
            "no documents found: there is no Markdown file below the config's folder",
            "add documents, or set `documents.include` to the folders that contain them",
        ),
        (None, false) => (
            "no documents found: there is no Markdown file below PATH",
            "run `policylint check` on the folder that contains the documents, or `policylint init` to start an ISMS here",
        ),
    };
    let diagnostic = Diagnostic::new(&NO_DOCUMENTS, message)
        .help(help)
        .key("no-documents");
    match config.location_of("documents") {
        Some((file, span)) => diagnostic.at(&file, span),
        None => diagnostic,
    }
}

/// Returns every folder that contains a file of `listed`, relative to `dir`.
fn folders_below(dir: &str, listed: &BTreeSet<String>) -> BTreeSet<String> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut folders = BTreeSet::new();
    for path in listed {
        let Some(relative) = path.strip_prefix(&prefix) else {
            continue;
        };
        let mut folder = relative;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if !folders.insert(parent.to_owned()) {
                break;
            }
            folder = parent;
        }
    }
    folders
}

/// Expands `{a,b}` alternatives into one glob each. A glob with nested or
/// unclosed braces is returned as it is, as are expansions past 64 globs.
fn expand_braces(glob: &str) -> Vec<String> {
    const MAX_GLOBS: usize = 64;
    let Some(open) = glob.find('{') else {
        return vec![glob.to_owned()];
    };
    let Some(length) = glob[open + 1..].find(['{', '}']) else {
        return vec![glob.to_owned()];
    };
    let close = open + 1 + length;
    if &glob[close..=close] != "}" {
        return vec![glob.to_owned()];
    }
    let mut globs = Vec::new();
    for alternative in glob[open + 1..close].split(',') {
        let expanded = format!("{}{alternative}{}", &glob[..open], &glob[close + 1..]);
        globs.extend(expand_braces(&expanded));
        if globs.len() > MAX_GLOBS {
            return vec![glob.to_owned()];
        }
    }
    globs
}

/// Finds the first folder that the literal start of `glob` names but that
/// does not exist, and a folder next to it with a close name. Returns both
/// as paths relative to the config's folder.
fn folder_suggestion(glob: &str, folders: &BTreeSet<String>) -> Option<(String, String)> {
    let components: Vec<&str> = glob.split('/').collect();
    let (_, folder_components) = components.split_last()?;
    let mut current = String::new();
    for component in folder_components {
        if component.contains(['*', '?', '[', '{', '\\']) {
            return None;
        }
        let path = if current.is_empty() {
            (*component).to_owned()
        } else {
            format!("{current}/{component}")
        };
        if folders.contains(&path) {
            current = path;
            continue;
        }
        let siblings = folders.iter().filter_map(|folder| {
            let name = if current.is_empty() {
                folder.as_str()
            } else {
                folder.strip_prefix(&current)?.strip_prefix('/')?
            };
            (!name.contains('/')).then_some(name)
        });
        let best = closest_folder(component, siblings)?;
        let existing = if current.is_empty() {
            best.to_owned()
        } else {
            format!("{current}/{best}")
        };
        return Some((path, existing));
    }
    None
}

/// Finds the folder name most similar to `name`, when one is similar enough.
/// Jaro-Winkler similarity favours a shared start, so it also finds the
/// plural a singular name misses (`policy` and `policies` score 0.89),
/// which an edit distance of one per four letters would not.
fn closest_folder<'a>(name: &str, folders: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    const MIN_SIMILARITY: f64 = 0.85;
    let name = name.to_lowercase();
    folders
        .map(|folder| (strsim::jaro_winkler(&name, &folder.to_lowercase()), folder))
        .filter(|(similarity, _)| *similarity >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, folder)| folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders(paths: &[&str]) -> BTreeSet<String> {
        let listed = paths.iter().map(|p| (*p).to_owned()).collect();
        folders_below("", &listed)
    }

    #[test]
    fn folders_include_every_parent() {
        let found = folders(&["a/b/c.md", "a/d.md", "e.md"]);
        assert_eq!(found, BTreeSet::from(["a".to_owned(), "a/b".to_owned()]));
    }

    #[test]
    fn braces_expand_to_each_alternative() {
        assert_eq!(
            expand_braces("{policies,plans}/**/*.{md,markdown}"),
            [
                "policies/**/*.md",
                "policies/**/*.markdown",
                "plans/**/*.md",
                "plans/**/*.markdown"
            ]
        );
        assert_eq!(expand_braces("a/{b"), ["a/{b"]);
        assert_eq!(expand_braces("{a{b}}"), ["{a{b}}"]);
    }

    #[test]
    fn suggestion_names_close_folder() {
        let found = folders(&["policies/a.md", "isms/procedures/b.md"]);
        assert_eq!(
            folder_suggestion("policy/**/*.md", &found),
            Some(("policy".to_owned(), "policies".to_owned()))
        );
        assert_eq!(
            folder_suggestion("isms/procedure/*.md", &found),
            Some(("isms/procedure".to_owned(), "isms/procedures".to_owned()))
        );
        assert_eq!(
            folder_suggestion("Polices/*.md", &found),
            Some(("Polices".to_owned(), "policies".to_owned()))
        );
        assert_eq!(folder_suggestion("standards/*.md", &found), None);
        assert_eq!(folder_suggestion("plans/*.md", &found), None);
        assert_eq!(folder_suggestion("policies/*.txt", &found), None);
        assert_eq!(folder_suggestion("*/policy/*.md", &found), None);
    }
}
