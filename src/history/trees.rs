//! Reading trees from the object database: the entry at a path, and the
//! changes between two versions of a folder. Equal subtree ids are never
//! opened, which is what makes a commit that does not touch a document
//! folder cost only a few object reads.

use std::cmp::Ordering;

use gix::ObjectId;
use gix::objs::FindExt;
use gix::objs::tree::EntryMode;

/// What a path names in a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Blob(ObjectId),
    /// A symbolic link; its blob holds the target path.
    Link(ObjectId),
    Tree(ObjectId),
    /// A submodule: a commit of another repository. The rest of the path,
    /// if any, lives in that repository.
    Submodule,
}

/// A file that differs between two trees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Repository-relative path.
    pub path: String,
    pub old: Option<ObjectId>,
    pub new: Option<ObjectId>,
}

/// One tree entry, owned so that the read buffer can be reused.
struct Owned {
    name: Vec<u8>,
    mode: EntryMode,
    id: ObjectId,
}

/// Tree reads through one repository handle, reusing a buffer.
pub struct Trees<'r> {
    repo: &'r gix::Repository,
    buffer: Vec<u8>,
}

impl<'r> Trees<'r> {
    pub fn new(repo: &'r gix::Repository) -> Self {
        Trees {
            repo,
            buffer: Vec::new(),
        }
    }

    /// Looks up the entry at `path` (repository-relative, `/` separators)
    /// below `tree`; `""` names the tree itself.
    pub fn lookup(&mut self, tree: ObjectId, path: &str) -> Result<Option<Entry>, String> {
        let mut current = Entry::Tree(tree);
        for part in path.split('/').filter(|p| !p.is_empty()) {
            let id = match current {
                Entry::Tree(id) => id,
                Entry::Submodule => return Ok(Some(Entry::Submodule)),
                Entry::Blob(_) | Entry::Link(_) => return Ok(None),
            };
            let Some(found) = self.find_entry(id, part.as_bytes())? else {
                return Ok(None);
            };
            current = to_entry(&found);
        }
        Ok(Some(current))
    }

    /// Returns the id of the subtree at `path`, or `None` when there is no
    /// folder there.
    pub fn subtree(&mut self, tree: ObjectId, path: &str) -> Result<Option<ObjectId>, String> {
        Ok(match self.lookup(tree, path)? {
            Some(Entry::Tree(id)) => Some(id),
            _ => None,
        })
    }

    /// Appends to `out` every file that differs between the folder trees
    /// `old` and `new` (`None` for a folder that does not exist), with paths
    /// below `prefix`.
    pub fn diff(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        prefix: &str,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        if old == new {
            return Ok(());
        }
        let old_entries = match old {
            Some(id) => self.entries(id)?,
            None => Vec::new(),
        };
        let new_entries = match new {
            Some(id) => self.entries(id)?,
            None => Vec::new(),
        };
        let (mut i, mut j) = (0, 0);
        while i < old_entries.len() || j < new_entries.len() {
            let order = match (old_entries.get(i), new_entries.get(j)) {
                (Some(a), Some(b)) => gix::objs::tree::name_order(
                    &a.name,
                    a.mode.is_tree(),
                    &b.name,
                    b.mode.is_tree(),
                ),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            match order {
                Ordering::Less => {
                    self.side(&old_entries[i], prefix, true, out)?;
                    i += 1;
                }
                Ordering::Greater => {
                    self.side(&new_entries[j], prefix, false, out)?;
                    j += 1;
                }
                Ordering::Equal => {
                    let (a, b) = (&old_entries[i], &new_entries[j]);
                    if a.id != b.id || a.mode != b.mode {
                        self.both(a, b, prefix, out)?;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        Ok(())
    }

    /// An entry present on one side only: every file below it was added or
    /// deleted.
    fn side(
        &mut self,
        entry: &Owned,
        prefix: &str,
        old: bool,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let path = join(prefix, &entry.name);
        if entry.mode.is_tree() {
            let (a, b) = if old {
                (Some(entry.id), None)
            } else {
                (None, Some(entry.id))
            };
            return self.diff(a, b, &path, out);
        }
        if entry.mode.is_blob_or_symlink() {
            let (a, b) = if old {
                (Some(entry.id), None)
            } else {
                (None, Some(entry.id))
            };
            out.push(Change {
                path,
                old: a,
                new: b,
            });
        }
        Ok(())
    }

    /// An entry on both sides with different ids or modes.
    fn both(
        &mut self,
        a: &Owned,
        b: &Owned,
        prefix: &str,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let path = join(prefix, &a.name);
        let tree = |e: &Owned| e.mode.is_tree().then_some(e.id);
        let file = |e: &Owned| e.mode.is_blob_or_symlink().then_some(e.id);
        if tree(a).is_some() || tree(b).is_some() {
            self.diff(tree(a), tree(b), &path, out)?;
        }
        if file(a).is_some() || file(b).is_some() {
            out.push(Change {
                path,
                old: file(a),
                new: file(b),
            });
        }
        Ok(())
    }

    /// Finds one entry by name without copying the others.
    fn find_entry(&mut self, tree: ObjectId, name: &[u8]) -> Result<Option<Owned>, String> {
        let entries = self
            .repo
            .objects
            .find_tree_iter(&tree, &mut self.buffer)
            .map_err(|e| format!("cannot read tree {tree}: {e}"))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read tree {tree}: {e}"))?;
            if entry.filename == name {
                return Ok(Some(Owned {
                    name: name.to_vec(),
                    mode: entry.mode,
                    id: entry.oid.to_owned(),
                }));
            }
        }
        Ok(None)
    }

    fn entries(&mut self, id: ObjectId) -> Result<Vec<Owned>, String> {
        let tree = self
            .repo
            .objects
            .find_tree(&id, &mut self.buffer)
            .map_err(|e| format!("cannot read tree {id}: {e}"))?;
        Ok(tree
            .entries
            .iter()
            .map(|e| Owned {
                name: e.filename.to_vec(),
                mode: e.mode,
                id: e.oid.to_owned(),
            })
            .collect())
    }

    /// Reads a blob's bytes.
    pub fn blob(&mut self, id: ObjectId) -> Result<Vec<u8>, String> {
        self.repo
            .objects
            .find_blob(&id, &mut self.buffer)
            .map(|blob| blob.data.to_vec())
            .map_err(|e| format!("cannot read blob {id}: {e}"))
    }
}

fn to_entry(entry: &Owned) -> Entry {
    if entry.mode.is_tree() {
        Entry::Tree(entry.id)
    } else if entry.mode.is_commit() {
        Entry::Submodule
    } else if entry.mode.is_link() {
        Entry::Link(entry.id)
    } else {
        Entry::Blob(entry.id)
    }
}

fn join(prefix: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}/{name}")
    }
}
