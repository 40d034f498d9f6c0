//! Link destinations resolved to repository paths and headings, and the
//! index of files and anchors that is gathered while the model is built, so
//! the link rules read no files.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use percent_encoding::percent_decode_str;
use regex::Regex;

use crate::document::anchors::Anchors;
use crate::document::markdown::LinkKind;
use crate::document::{Body, Document};
use crate::repo::{self, Files};

/// The most candidates a did-you-mean suggestion is chosen from. Each
/// candidate costs an edit-distance comparison, so a document with thousands
/// of broken links into a folder (or a file) with thousands of names would
/// take minutes; beyond this count no suggestion is made.
pub const MAX_SUGGESTION_CANDIDATES: usize = 1_000;

/// A link destination, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A URL with a scheme (`https:`, `mailto:`) or a `//host` URL. It is
    /// never fetched.
    External,
    /// `#anchor` in the same document; the anchor is percent-decoded.
    Anchor(String),
    /// A file or folder of the repository (repository-relative), with the
    /// anchor after `#`, percent-decoded.
    Path {
        path: String,
        anchor: Option<String>,
    },
    /// A relative path that climbs above the repository root, an absolute
    /// file system path or a `file:` URL: it works on one computer only.
    Outside,
    /// `[text]()`.
    Empty,
}

/// Resolves a destination written in the document at `document_path`. A
/// path that starts with `/` is relative to the repository root, as GitHub
/// resolves it.
pub fn resolve(destination: &str, document_path: &str) -> Destination {
    static SCHEME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").expect("valid regex"));
    let destination = destination.trim();
    if destination.is_empty() {
        return Destination::Empty;
    }
    if let Some(scheme) = SCHEME.find(destination) {
        // A one-letter scheme is a Windows drive (`C:\policies`).
        let local = scheme.len() == 2 || scheme.as_str().eq_ignore_ascii_case("file:");
        return if local {
            Destination::Outside
        } else {
            Destination::External
        };
    }
    if destination.starts_with("//") {
        return Destination::External;
    }
    let (path, anchor) = match destination.split_once('#') {
        Some((path, anchor)) => (path, Some(decode(anchor))),
        None => (destination, None),
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if path.is_empty() {
        return Destination::Anchor(anchor.unwrap_or_default());
    }
    let path = decode(path);
    let resolved = match path.strip_prefix('/') {
        Some(from_root) => repo::join("", from_root),
        None => repo::join(repo::parent(document_path), &path),
    };
    match resolved {
        Some(path) => Destination::Path { path, anchor },
        None => Destination::Outside,
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Tells whether a path names a Markdown file, whose anchors are known.
pub fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Returns the destinations of a body that the link rules check: inline
/// links, images and reference definitions. A reference link is checked at
/// its definition, once however often it is used.
pub fn destinations(body: &Body) -> impl Iterator<Item = &str> {
    body.links
        .iter()
        .filter(|link| matches!(link.kind, LinkKind::Inline | LinkKind::Image))
        .map(|link| link.destination.as_str())
        .chain(body.definitions.iter().map(|d| d.destination.as_str()))
}

/// The files and anchors that links may lead to.
#[derive(Clone, Debug, Default)]
pub struct LinkIndex {
    /// The folder whose files were all listed while documents were looked
    /// for (repository-relative, `""` for the root).
    listed_dir: String,
    listed: BTreeSet<String>,
    /// Link targets outside `listed_dir`, and whether they exist.
    outside: HashMap<String, bool>,
    /// The anchors of every document and of every other Markdown file that a
    /// link with an anchor leads to.
    anchors: HashMap<String, Anchors>,
    /// The names of the listed files in each folder, for suggestions.
    by_folder: HashMap<String, Vec<String>>,
}

impl LinkIndex {
    /// Builds the index from the files listed below `listed_dir` and the
    /// documents. Targets outside that folder are looked up with
    /// [`Files::exists`], and linked Markdown files that are not documents
    /// are read once for their anchors.
    pub fn build(
        files: &dyn Files,
        listed_dir: &str,
        listed: BTreeSet<String>,
        documents: &[Document],
    ) -> LinkIndex {
        let mut by_folder: HashMap<String, Vec<String>> = HashMap::new();
        for file in &listed {
            by_folder
                .entry(repo::parent(file).to_owned())
                .or_default()
                .push(file.clone());
        }
        let mut index = LinkIndex {
            listed_dir: listed_dir.to_owned(),
            listed,
            outside: HashMap::new(),
            anchors: HashMap::new(),
            by_folder,
        };

        // Anchors are computed only for the files some link names with a
        // fragment; most documents are never such a target.
        let mut linked_with_fragment: BTreeSet<String> = BTreeSet::new();
        for doc in documents {
            for destination in destinations(&doc.body) {
                let (path, anchor) = match resolve(destination, &doc.source.path) {
                    Destination::Path { path, anchor } => (path, anchor),
                    Destination::Anchor(_) => {
                        linked_with_fragment.insert(doc.source.path.clone());
                        continue;
                    }
                    _ => continue,
                };
                if !index.is_listed_area(&path) && !index.outside.contains_key(&path) {
                    let exists = path.is_empty() || files.exists(&path);
                    index.outside.insert(path.clone(), exists);
                }
                if anchor.is_some() && is_markdown(&path) && index.exists(&path) {
                    linked_with_fragment.insert(path);
                }
            }
        }

        for doc in documents {
            if linked_with_fragment.remove(&doc.source.path) {
                index
                    .anchors
                    .insert(doc.source.path.clone(), Anchors::of(&doc.body));
            }
        }
        // Linked Markdown files that are not documents are read once.
        for path in linked_with_fragment {
            if let Ok(bytes) = files.read(&path) {
                let linked = Document::parse(path.clone(), &bytes);
                index.anchors.insert(path, Anchors::of(&linked.body));
            }
        }
        index
    }

    fn is_listed_area(&self, path: &str) -> bool {
        self.listed_dir.is_empty()
            || path == self.listed_dir
            || path
                .strip_prefix(&self.listed_dir)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Tells whether a repository path is a file or a folder. Below the
    /// listed folder the comparison is exact, as on GitHub, even where the
    /// file system ignores case.
    pub fn exists(&self, path: &str) -> bool {
        if path.is_empty() {
            return true;
        }
        if !self.is_listed_area(path) {
            return self.outside.get(path).copied().unwrap_or(false);
        }
        if self.listed.contains(path) {
            return true;
        }
        let folder = format!("{path}/");
        self.listed
            .range(folder.clone()..)
            .next()
            .is_some_and(|file| file.starts_with(&folder))
    }

    /// Returns the anchors of a Markdown file, when they are known.
    pub fn anchors(&self, path: &str) -> Option<&Anchors> {
        self.anchors.get(path)
    }

    /// Finds the listed file in the same folder whose path is closest to
    /// `path`, for a did-you-mean help.
    pub fn nearest(&self, path: &str) -> Option<&str> {
        let siblings = self
            .by_folder
            .get(repo::parent(path))
            .filter(|names| names.len() <= MAX_SUGGESTION_CANDIDATES)?;
        crate::suggest::did_you_mean(path, siblings.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(path: &str, anchor: Option<&str>) -> Destination {
        Destination::Path {
            path: path.into(),
            anchor: anchor.map(str::to_owned),
        }
    }

    #[test]
    fn resolves_relative_paths() {
        let doc = "policies/access.md";
        assert_eq!(resolve("backup.md", doc), path("policies/backup.md", None));
        assert_eq!(
            resolve("../procedures/change.md#steps", doc),
            path("procedures/change.md", Some("steps"))
        );
        assert_eq!(
            resolve("./my%20file.md?plain=1", doc),
            path("policies/my file.md", None)
        );
        assert_eq!(resolve("/soa.yaml", doc), path("soa.yaml", None));
        assert_eq!(
            resolve("#r%C3%B4les", doc),
            Destination::Anchor("rôles".into())
        );
        assert_eq!(resolve("..", doc), path("", None));
    }

    #[test]
    fn classifies_other_destinations() {
        let doc = "policies/access.md";
        assert_eq!(
            resolve("https://example.com/x.md", doc),
            Destination::External
        );
        assert_eq!(
            resolve("mailto:security@example.com", doc),
            Destination::External
        );
        assert_eq!(resolve("//example.com/x", doc), Destination::External);
        assert_eq!(resolve("../../etc/passwd", doc), Destination::Outside);
        assert_eq!(resolve("file:///etc/passwd", doc), Destination::Outside);
        assert_eq!(resolve("C:\\policies\\x.md", doc), Destination::Outside);
        assert_eq!(resolve("  ", doc), Destination::Empty);
    }

    #[test]
    fn index_answers_for_files_and_folders() {
        let listed: BTreeSet<String> = ["docs/policies/a.md", "docs/policies/b.md"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let by_folder = HashMap::from([(
            "docs/policies".to_owned(),
            listed.iter().cloned().collect::<Vec<_>>(),
        )]);
        let index = LinkIndex {
            listed_dir: "docs".into(),
            listed,
            outside: HashMap::from([("README.md".to_owned(), true)]),
            anchors: HashMap::new(),
            by_folder,
        };
        assert!(index.exists("docs/policies/a.md"));
        assert!(index.exists("docs/policies"));
        assert!(!index.exists("docs/policies/A.md"));
        assert!(!index.exists("docs/polic"));
        assert!(index.exists("README.md"));
        assert!(!index.exists("LICENSE"));
        assert_eq!(
            index.nearest("docs/policies/c.md"),
            Some("docs/policies/a.md")
        );
    }
}
