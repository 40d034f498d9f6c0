//! `policylint init`: the starting files of a new ISMS repository. It is the
//! only command that writes to the repository, and it never overwrites a
//! file: every file is written atomically and moved into place only where
//! no file exists, and a failure removes what was written.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::app::ExitStatus;
use crate::atomic_write;
use crate::catalog::Catalog;
use crate::cli::InitArgs;
use crate::config::CONFIG_NAMES;
use jiff::civil::Date;

/// The framework the scaffold is written for.
const FRAMEWORK: &str = "iso27001-2022";
const CONFIG: &str = include_str!("../rules/init/policylint.yaml");
const OWNERS: &str = include_str!("../rules/init/owners.yaml");
const POLICY: &str = include_str!("../rules/init/information-security.md");
/// The policy template's `last_reviewed` value, replaced by the date.
const DATE_MARK: &str = "@TODAY@";
pub const POLICY_PATH: &str = "policies/information-security.md";

/// Returns the files `init` writes: path (relative to the target folder, with
/// `/` separators) and text.
pub fn scaffold(today: Date) -> Vec<(&'static str, String)> {
    vec![
        ("policylint.yaml", CONFIG.to_owned()),
        ("soa.yaml", statement_of_applicability()),
        ("owners.yaml", OWNERS.to_owned()),
        (POLICY_PATH, POLICY.replace(DATE_MARK, &today.to_string())),
    ]
}

/// Writes a Statement of Applicability that lists every control of the
/// framework as applicable, grouped by theme, with its name as a comment.
fn statement_of_applicability() -> String {
    let mut text = String::from(
        "# Statement of Applicability, written by `policylint init`. Every control\n\
         # starts applicable. For a control that does not apply, write\n\
         # `applicable: false` with the reason in `justification`; `status` may be\n\
         # implemented, partial, planned or not_implemented.\n",
    );
    let Some(catalog) = Catalog::builtin(FRAMEWORK) else {
        return text;
    };
    let _ = writeln!(text, "framework: {FRAMEWORK}\ncontrols:");
    let width = catalog
        .controls
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(0);
    let mut group = None;
    for control in &catalog.controls {
        if control.group != group {
            group.clone_from(&control.group);
            if let Some(id) = &control.group {
                let _ = writeln!(text, "  # {}", catalog.group_name(id));
            }
        }
        let key = format!("{}:", control.id);
        let _ = writeln!(
            text,
            "  {key:<width$} {{ applicable: true, status: planned }}  # {}",
            control.title,
            width = width + 1
        );
    }
    text
}

/// Runs `policylint init`.
pub fn run(args: &InitArgs) -> io::Result<ExitStatus> {
    let today = match crate::cli::today_or_default(args.today) {
        Ok(today) => today,
        Err(message) => {
            eprintln!("policylint: error: {message}; nothing was written");
            return Ok(ExitStatus::Error);
        }
    };
    let files = scaffold(today);
    match write_all(&args.path, &files) {
        Ok(()) => {
            let mut stdout = io::stdout().lock();
            for (path, _) in &files {
                let display_path = if args.path == Path::new(".") {
                    PathBuf::from(path)
                } else {
                    args.path.join(path)
                };
                writeln!(stdout, "created {}", display_path.display())?;
            }
            let check = if args.path == Path::new(".") {
                "policylint check".to_owned()
            } else {
                format!("policylint check {}", args.path.display())
            };
            writeln!(
                stdout,
                "\nnext: replace the text in square brackets in {POLICY_PATH}, put your people in owners.yaml, then run `{check}`"
            )?;
            Ok(ExitStatus::Success)
        }
        Err(InitError::Exist(existing)) => {
            let (files, exist, them) = if existing.len() == 1 {
                ("this file", "exists", "it")
            } else {
                ("these files", "exist", "them")
            };
            eprintln!(
                "policylint: error: nothing was written, because {files} already {exist}: {}",
                existing.join(", ")
            );
            eprintln!("  help: move {them} away, or run `policylint init` in another folder");
            Ok(ExitStatus::Error)
        }
        Err(InitError::Io(message)) => {
            eprintln!("policylint: error: {message}; nothing was written");
            Ok(ExitStatus::Error)
        }
    }
}

/// The reason `init` wrote nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum InitError {
    /// Files that are in the way, relative to the target folder. A config
    /// under the other accepted name counts too.
    Exist(Vec<String>),
    Io(String),
}

/// Writes every file below `root`, or none of them.
pub fn write_all(root: &Path, files: &[(&str, String)]) -> Result<(), InitError> {
    if root.exists() && !root.is_dir() {
        return Err(InitError::Io(format!(
            "`{}` is not a directory",
            root.display()
        )));
    }
    let mut in_the_way: Vec<String> = Vec::new();
    for path in CONFIG_NAMES
        .iter()
        .chain(files.iter().map(|(path, _)| path))
    {
        let exists = std::fs::symlink_metadata(root.join(path)).is_ok();
        if exists && !in_the_way.iter().any(|p| p == path) {
            in_the_way.push((*path).to_owned());
        }
    }
    if !in_the_way.is_empty() {
        return Err(InitError::Exist(in_the_way));
    }

    let mut written = Written::default();
    for (path, text) in files {
        if let Err(error) = written.write(root, path, text) {
            written.undo();
            return Err(error);
        }
    }
    Ok(())
}

/// The files and folders written so far, removed again after a failure.
#[derive(Default)]
struct Written {
    files: Vec<PathBuf>,
    /// Folders created, innermost last.
    folders: Vec<PathBuf>,
}

impl Written {
    fn write(&mut self, root: &Path, path: &str, text: &str) -> Result<(), InitError> {
        let target = root.join(path);
        let folder = target.parent().unwrap_or(root);
        self.create_folders(folder)?;
        // The file may have appeared since the check; never replace it.
        atomic_write::create_new(&target, text.as_bytes()).map_err(|error| {
            if error.kind() == io::ErrorKind::AlreadyExists {
                InitError::Exist(vec![path.to_owned()])
            } else {
                InitError::Io(format!("cannot write `{}`: {error}", target.display()))
            }
        })?;
        self.files.push(target);
        Ok(())
    }

    fn create_folders(&mut self, folder: &Path) -> Result<(), InitError> {
        let mut missing = Vec::new();
        let mut current = Some(folder);
        while let Some(dir) = current.filter(|dir| !dir.as_os_str().is_empty() && !dir.exists()) {
            missing.push(dir.to_owned());
            current = dir.parent();
        }
        for dir in missing.into_iter().rev() {
            std::fs::create_dir(&dir).map_err(|error| {
                InitError::Io(format!("cannot create folder `{}`: {error}", dir.display()))
            })?;
            self.folders.push(dir);
        }
        Ok(())
    }

    fn undo(&self) {
        for file in &self.files {
            let _ = std::fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soa::Soa;
    use crate::source::SourceFile;

    #[test]
    fn soa_lists_every_control_as_applicable() {
        let catalog = Catalog::builtin(FRAMEWORK).unwrap();
        let soa = Soa::parse(
            SourceFile::new("soa.yaml", statement_of_applicability()),
            &catalog,
        );
        assert!(soa.problems.is_empty(), "{:?}", soa.problems);
        assert_eq!(soa.entries.len(), 93);
        assert!(soa.entries.iter().all(|entry| entry.applicable));
    }

    #[test]
    fn existing_files_stop_everything() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".policylint.yaml"), "").unwrap();
        std::fs::write(dir.path().join("soa.yaml"), "keep").unwrap();
        let files = scaffold(jiff::civil::date(2026, 12, 4));
        assert_eq!(
            write_all(dir.path(), &files),
            Err(InitError::Exist(vec![
                ".policylint.yaml".into(),
                "soa.yaml".into()
            ]))
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("soa.yaml")).unwrap(),
            "keep"
        );
        assert!(!dir.path().join("policies").exists());
        assert!(!dir.path().join("policylint.yaml").exists());
    }

    #[test]
    fn failure_removes_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where a file must go makes the third write fail.
        let files = vec![
            ("a.yaml", "a".to_owned()),
            ("deep/b.yaml", "b".to_owned()),
            ("deep/b.yaml/c.md", "c".to_owned()),
        ];
        let result = write_all(dir.path(), &files);
        assert!(matches!(result, Err(InitError::Io(_))), "{result:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
