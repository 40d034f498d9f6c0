//! Reading trees from the object database: the entry at a path, and the
//! changes between two versions of a folder. Equal subtree ids are never
//! opened, which is what makes a commit that does not touch a document
//! folder cost only a few object reads.

use std::cmp::Ordering;

use gix::ObjectId;
use gix::objs::FindExt;
use gix::objs::tree::EntryMode;

/// The object a path names in a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Blob(ObjectId),
    /// A symbolic link, whose blob contains the target path.
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
    mode: EntryMode,
    id: ObjectId,
}

/// One tree entry borrowed from a read buffer.
#[derive(Clone, Copy)]
struct Item<'a> {
    name: &'a [u8],
    mode: EntryMode,
    id: ObjectId,
}

/// Reads the next entry of a tree, or `None` at its end (or for no tree).
fn next<'a>(entries: &mut Option<gix::objs::TreeRefIter<'a>>) -> Result<Option<Item<'a>>, String> {
    let Some(iter) = entries else {
        return Ok(None);
    };
    match iter.next() {
        None => Ok(None),
        Some(Ok(entry)) => Ok(Some(Item {
            name: entry.filename,
            mode: entry.mode,
            id: entry.oid.to_owned(),
        })),
        Some(Err(error)) => Err(format!("cannot read a tree: {error}")),
    }
}

/// Size of the blobs' delta base cache. Measured on 10,000 generated
/// policies packed by `git gc` (benches/documents.py, 2-core x86-64): the
/// history step took about 2.5 s with no cache, 0.7 s with 4 MiB, and was
/// no faster with 16 or 64 MiB, which only used more memory.
const BLOB_DELTA_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// Tree and blob reads through one repository, reusing a buffer.
pub struct Trees<'r> {
    repo: &'r gix::Repository,
    /// A handle for blobs without an object cache. Each version of a
    /// document is read at most twice per walk, so cached blobs would only
    /// push out the folder trees, which are read again and again. The handle
    /// keeps a small delta base cache, because a pack stores similar
    /// documents as deltas of each other.
    blobs: gix::OdbHandle,
    buffer: Vec<u8>,
}

impl<'r> Trees<'r> {
    pub fn new(repo: &'r gix::Repository) -> Self {
        let mut blobs = repo.objects.clone();
        blobs.unset_object_cache();
        blobs.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                BLOB_DELTA_CACHE_BYTES,
            ))
        });
        Trees {
            repo,
            blobs,
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
    /// below `prefix`. Both trees are read side by side in Git's entry order
    /// without copying their entries.
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
        let (mut old_buffer, mut new_buffer) = (Vec::new(), Vec::new());
        let mut old_entries = self.iter(old, &mut old_buffer)?;
        let mut new_entries = self.iter(new, &mut new_buffer)?;
        let mut a = next(&mut old_entries)?;
        let mut b = next(&mut new_entries)?;
        loop {
            let order = match (&a, &b) {
                (Some(a), Some(b)) => {
                    gix::objs::tree::name_order(a.name, a.mode.is_tree(), b.name, b.mode.is_tree())
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => return Ok(()),
            };
            match order {
                Ordering::Less => {
                    if let Some(entry) = a {
                        self.side(entry, prefix, true, out)?;
                    }
                    a = next(&mut old_entries)?;
                }
                Ordering::Greater => {
                    if let Some(entry) = b {
                        self.side(entry, prefix, false, out)?;
                    }
                    b = next(&mut new_entries)?;
                }
                Ordering::Equal => {
                    if let (Some(a), Some(b)) = (a, b)
                        && (a.id != b.id || a.mode != b.mode)
                    {
                        self.both(a, b, prefix, out)?;
                    }
                    a = next(&mut old_entries)?;
                    b = next(&mut new_entries)?;
                }
            }
        }
    }

    fn iter<'b>(
        &self,
        tree: Option<ObjectId>,
        buffer: &'b mut Vec<u8>,
    ) -> Result<Option<gix::objs::TreeRefIter<'b>>, String> {
        let Some(id) = tree else {
            return Ok(None);
        };
        self.repo
            .objects
            .find_tree_iter(&id, buffer)
            .map(Some)
            .map_err(|e| format!("cannot read tree {id}: {e}"))
    }

    /// Records an entry present on one side only: every file below it was
    /// added or deleted.
    fn side(
        &mut self,
        entry: Item,
        prefix: &str,
        old: bool,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let path = join(prefix, entry.name);
        let (a, b) = if old {
            (Some(entry.id), None)
        } else {
            (None, Some(entry.id))
        };
        if entry.mode.is_tree() {
            return self.diff(a, b, &path, out);
        }
        if entry.mode.is_blob_or_symlink() {
            out.push(Change {
                path,
                old: a,
                new: b,
            });
        }
        Ok(())
    }

    /// Records an entry present on both sides with different ids or modes.
    fn both(
        &mut self,
        a: Item,
        b: Item,
        prefix: &str,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let path = join(prefix, a.name);
        let tree = |e: &Item| e.mode.is_tree().then_some(e.id);
        let file = |e: &Item| e.mode.is_blob_or_symlink().then_some(e.id);
        if tree(&a).is_some() || tree(&b).is_some() {
            self.diff(tree(&a), tree(&b), &path, out)?;
        }
        if file(&a).is_some() || file(&b).is_some() {
            out.push(Change {
                path,
                old: file(&a),
                new: file(&b),
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
                    mode: entry.mode,
                    id: entry.oid.to_owned(),
                }));
            }
        }
        Ok(None)
    }

    /// Reads a blob's bytes.
    pub fn blob(&mut self, id: ObjectId) -> Result<Vec<u8>, String> {
        self.blobs
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
