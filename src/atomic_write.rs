//! Atomic file writes: the bytes go to a temporary file in the target's
//! folder, which is moved into place once complete, so no reader ever sees
//! half a file and a failure leaves the target as it was.
//!
//! The temporary file is created with [`std::fs::OpenOptions`], so a new
//! file gets the mode `File::create` would give it (0666 less the umask on
//! Unix) rather than the 0600 of `tempfile`'s own files. A file that is
//! replaced keeps its permissions.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use tempfile::{NamedTempFile, TempPath};

/// How many names the temporary file tries before giving up. Each name
/// has the process id in it, so only a file left by an earlier process with
/// the same id, or another write to the same target, can be in the way.
const TEMPORARY_NAMES: u32 = 100;

/// Writes `bytes` to `path`, replacing the file that is there.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = write_temporary(path, bytes)?;
    if let Ok(existing) = std::fs::metadata(path) {
        temporary
            .as_file()
            .set_permissions(existing.permissions())?;
    }
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Describes a failed write of `path` for a message: the missing folder
/// when that is the cause, else the system's error text.
pub fn describe_error(path: &Path, error: &io::Error) -> String {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty());
    match folder {
        Some(folder) if error.kind() == io::ErrorKind::NotFound && !folder.is_dir() => {
            format!(
                "the folder `{}` does not exist; create it first",
                folder.display()
            )
        }
        _ => error.to_string(),
    }
}

/// Writes `bytes` to `path` only if no file is there. Fails with
/// [`io::ErrorKind::AlreadyExists`] when one is, even one that appeared
/// while the bytes were written.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = write_temporary(path, bytes)?;
    temporary
        .persist_noclobber(path)
        .map_err(|error| error.error)?;
    Ok(())
}

/// Creates a temporary file next to `path` and writes `bytes` to disk. The
/// file is removed again when the returned value is dropped unpersisted.
fn write_temporary(path: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0;
    let mut temporary = loop {
        let candidate = folder.join(format!(".{name}.{}-{attempt}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => {
                let path = TempPath::try_from_path(&candidate).inspect_err(|_| {
                    let _ = std::fs::remove_file(&candidate);
                })?;
                break NamedTempFile::from_parts(file, path);
            }
            Err(error)
                if error.kind() == io::ErrorKind::AlreadyExists
                    && attempt + 1 < TEMPORARY_NAMES =>
            {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    };
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    Ok(temporary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_writes_and_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        replace(&path, b"one").unwrap();
        replace(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn create_new_keeps_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "keep").unwrap();
        let error = create_new(&path, b"new").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"keep");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn stale_temporary_name_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let stale = dir
            .path()
            .join(format!(".out.txt.{}-0.tmp", std::process::id()));
        std::fs::write(&stale, "stale").unwrap();
        replace(&path, b"fresh").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"fresh");
        assert_eq!(std::fs::read(&stale).unwrap(), b"stale");
    }

    #[test]
    fn missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exports").join("SOA.csv");
        let error = replace(&path, b"x").unwrap_err();
        let text = describe_error(&path, &error);
        assert!(text.starts_with("the folder `"), "{text}");
        assert!(text.contains("exports` does not exist"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn new_file_gets_the_mode_of_file_create() {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().unwrap();
        let reference = dir.path().join("reference.txt");
        std::fs::File::create(&reference).unwrap();
        let path = dir.path().join("out.txt");
        create_new(&path, b"new").unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&path), mode(&reference));
    }

    #[cfg(unix)]
    #[test]
    fn replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
