//! CODEOWNERS in GitHub's syntax. Each line is a path pattern followed by
//! its owners (`@user`, `@org/team` or an e-mail address), and the last rule
//! that matches a path decides its owners. `#` starts a comment and `\`
//! escapes a space or `#` in a pattern. As on GitHub, a line with a syntax
//! GitHub does not support (`!` negation, `[ ]` ranges, an owner of another
//! form) is skipped and reported.

use regex::Regex;

use crate::config::{Codeowners as Setting, Config};
use crate::diagnostic::Diagnostic;
use crate::repo::{self, Files};
use crate::rules::codeowners::NOT_CODEOWNER;
use crate::source::{SourceFile, Span};

/// The places GitHub looks for the file, in its order.
pub const LOCATIONS: &[&str] = &[".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// One rule line.
#[derive(Clone, Debug)]
pub struct Rule {
    pub pattern: String,
    /// As written, with `@` for users and teams.
    pub owners: Vec<String>,
    /// The whole line in the file.
    pub span: Span,
    regex: Regex,
}

/// A parsed CODEOWNERS file.
#[derive(Clone, Debug)]
pub struct CodeownersFile {
    pub file: SourceFile,
    /// The folder (repository-relative) patterns are matched from.
    pub base: String,
    pub rules: Vec<Rule>,
    /// Lines that were skipped, with the reason.
    pub skipped: Vec<(Span, String)>,
}

impl CodeownersFile {
    pub fn parse(file: SourceFile, base: &str) -> CodeownersFile {
        let mut rules = Vec::new();
        let mut skipped = Vec::new();
        let mut offset = 0;
        for line in file.text.split_inclusive('\n') {
            let span = Span::new(offset, offset + line.trim_end().len());
            offset += line.len();
            let tokens = tokenize(line);
            let Some((pattern, owners)) = tokens.split_first() else {
                continue;
            };
            match parse_rule(pattern, owners) {
                Ok(regex) => rules.push(Rule {
                    pattern: pattern.clone(),
                    owners: owners.to_vec(),
                    span,
                    regex,
                }),
                Err(reason) => skipped.push((span, reason)),
            }
        }
        CodeownersFile {
            file,
            base: base.to_owned(),
            rules,
            skipped,
        }
    }

    /// Finds the last rule that matches `path` (repository-relative), or
    /// `None` when no rule matches or the path is outside the base folder.
    pub fn rule_for(&self, path: &str) -> Option<&Rule> {
        let relative = if self.base.is_empty() {
            path
        } else {
            path.strip_prefix(&self.base)?.strip_prefix('/')?
        };
        self.rules.iter().rev().find(|r| r.regex.is_match(relative))
    }
}

/// Where the CODEOWNERS file of a run is, and the folder its patterns are
/// relative to.
///
/// With `codeowners: auto`, the standard locations are tried first below
/// the config's folder, then at the repository root. A file found below the
/// config's folder is read as if that folder were the repository root,
/// because an ISMS kept in a subfolder of a larger repository is often
/// published as a repository of its own and writes its patterns from there. An explicit path is
/// matched from the folder that holds the file, or from its parent when that
/// folder is `.github` or `docs`, as for the standard locations.
pub fn locate(files: &dyn Files, config: &Config) -> Located {
    match &config.codeowners {
        Setting::Off => Located::None,
        Setting::File(path) => {
            if files.exists(path) {
                Located::Found {
                    path: path.clone(),
                    base: base_of(path),
                }
            } else {
                Located::Missing(path.clone())
            }
        }
        Setting::Auto => {
            let mut folders = vec![config.dir.clone()];
            if !config.dir.is_empty() {
                folders.push(String::new());
            }
            for folder in folders {
                for location in LOCATIONS {
                    let Some(path) = repo::join(&folder, location) else {
                        continue;
                    };
                    if files.exists(&path) {
                        log::debug!("CODEOWNERS file: {path}");
                        return Located::Found { path, base: folder };
                    }
                }
            }
            Located::None
        }
    }
}

/// Finds and reads the CODEOWNERS file the config names. A configured
/// file that cannot be read is reported as `ownership/not-codeowner` at its
/// path in the config, because no owner can then be checked. The config
/// loader has already rejected a configured path that does not exist.
pub fn load(
    files: &dyn Files,
    config: &Config,
    findings: &mut Vec<Diagnostic>,
) -> Option<CodeownersFile> {
    let (path, base) = match locate(files, config) {
        Located::None => return None,
        Located::Found { path, base } => (path, base),
        Located::Missing(path) => {
            findings.push(config_problem(
                config,
                &path,
                format!("CODEOWNERS file `{path}` not found"),
            ));
            return None;
        }
    };
    match files.read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
            let parsed = CodeownersFile::parse(SourceFile::new(path, text), &base);
            for (span, reason) in &parsed.skipped {
                let line = parsed.file.position(span.start).line;
                log::warn!(
                    "{}:{line}: {reason}; the line is skipped, as GitHub does",
                    parsed.file.path
                );
            }
            Some(parsed)
        }
        Err(reason) => {
            findings.push(config_problem(
                config,
                &path,
                format!("CODEOWNERS file `{path}` {}", reason.describe_after_name()),
            ));
            None
        }
    }
}

fn config_problem(config: &Config, path: &str, message: String) -> Diagnostic {
    let diagnostic = Diagnostic::new(&NOT_CODEOWNER, message)
        .help("correct the `codeowners:` path in the config, or set it to `auto` or `off`")
        .key("codeowners-file");
    match config.location_of_path(path, "codeowners") {
        Some((file, span)) => diagnostic.at(&file, span),
        None => diagnostic,
    }
}

/// The outcome of [`locate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Located {
    None,
    Found {
        path: String,
        base: String,
    },
    /// The configured file does not exist.
    Missing(String),
}

fn base_of(path: &str) -> String {
    let folder = repo::parent(path);
    let name = folder.rsplit('/').next().unwrap_or(folder);
    if name == ".github" || name == "docs" {
        repo::parent(folder).to_owned()
    } else {
        folder.to_owned()
    }
}

/// Splits a line at unescaped whitespace and drops the comment.
fn tokenize(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut chars = line.trim_end_matches(['\n', '\r']).chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => {
                    current.push('\\');
                    current.push(next);
                }
                None => current.push('\\'),
            },
            '#' if current.is_empty() => break,
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn parse_rule(pattern: &str, owners: &[String]) -> Result<Regex, String> {
    if pattern.starts_with('!') {
        return Err(format!(
            "pattern \"{pattern}\" uses `!`, which CODEOWNERS does not support"
        ));
    }
    if pattern.contains('[') && !pattern.contains("\\[") {
        return Err(format!(
            "pattern \"{pattern}\" uses a `[ ]` range, which CODEOWNERS does not support"
        ));
    }
    for owner in owners {
        if !is_owner(owner) {
            return Err(format!(
                "owner \"{owner}\" is not a @user, an @org/team or an e-mail address"
            ));
        }
    }
    let source = to_regex(pattern);
    Regex::new(&source).map_err(|e| format!("pattern \"{pattern}\" cannot be read: {e}"))
}

fn is_owner(owner: &str) -> bool {
    match owner.strip_prefix('@') {
        Some(name) => {
            let mut parts = name.split('/');
            let valid = |p: &str| {
                !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c))
            };
            parts.next().is_some_and(valid)
                && parts.next().is_none_or(valid)
                && parts.next().is_none()
        }
        None => owner
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.')),
    }
}

/// Translates a gitignore-style pattern into a regex over paths relative to
/// the base folder. A pattern that matches a folder matches everything in
/// it, except `dir/*`, which GitHub applies to the folder's direct files only.
fn to_regex(pattern: &str) -> String {
    let dir_only = pattern.len() > 1 && pattern.ends_with('/') && !pattern.ends_with("\\/");
    let trimmed = pattern.trim_start_matches('/').trim_end_matches('/');
    if trimmed.is_empty() {
        return "^".into();
    }
    let anchored = pattern.starts_with('/') || trimmed.contains('/');

    let mut regex = String::from("^");
    if !anchored {
        regex.push_str("(?:.*/)?");
    }
    let chars: Vec<char> = trimmed.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                regex.push_str(&regex::escape(&chars[i + 1].to_string()));
                i += 2;
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                if chars.get(i + 2) == Some(&'/') {
                    regex.push_str("(?:.*/)?");
                    i += 3;
                } else {
                    regex.push_str(".*");
                    i += 2;
                }
                continue;
            }
            '*' => regex.push_str("[^/]*"),
            '?' => regex.push_str("[^/]"),
            c => regex.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    if dir_only {
        regex.push_str("/.*$");
    } else if trimmed.ends_with("/*") {
        regex.push('$');
    } else {
        regex.push_str("(?:/.*)?$");
    }
    regex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> CodeownersFile {
        CodeownersFile::parse(SourceFile::new("CODEOWNERS", text), "")
    }

    fn owners(file: &CodeownersFile, path: &str) -> Vec<String> {
        file.rule_for(path)
            .map(|r| r.owners.clone())
            .unwrap_or_default()
    }

    #[test]
    fn last_matching_rule_wins() {
        let file = parse("* @all\n/policies/ @sec\n/policies/backup.md @ops\n");
        assert_eq!(owners(&file, "policies/backup.md"), ["@ops"]);
        assert_eq!(owners(&file, "policies/other.md"), ["@sec"]);
        assert_eq!(owners(&file, "README.md"), ["@all"]);
    }

    #[test]
    fn rule_without_owners_clears_them() {
        let file = parse("* @all\n/drafts/\n");
        assert!(owners(&file, "drafts/x.md").is_empty());
        assert!(file.rule_for("drafts/x.md").is_some());
    }

    #[test]
    fn unanchored_and_anchored_patterns() {
        let file = parse("*.md @docs\n/top.md @top\ndocs/ @d\napps/ @apps\n");
        assert_eq!(owners(&file, "a/b/c.md"), ["@docs"]);
        assert_eq!(owners(&file, "top.md"), ["@top"]);
        assert_eq!(owners(&file, "x/top.md"), ["@docs"]);
        assert_eq!(owners(&file, "x/docs/y.txt"), ["@d"]);
        assert_eq!(owners(&file, "apps/a/b.txt"), ["@apps"]);
    }

    #[test]
    fn star_matches_direct_files_only() {
        let file = parse("docs/* @direct\n");
        assert_eq!(owners(&file, "docs/a.md"), ["@direct"]);
        assert!(file.rule_for("docs/sub/b.md").is_none());
    }

    #[test]
    fn double_star_patterns() {
        let file = parse("/docs/**/*.md @md\n**/logs @logs\n");
        assert_eq!(owners(&file, "docs/a.md"), ["@md"]);
        assert_eq!(owners(&file, "docs/x/y/a.md"), ["@md"]);
        assert_eq!(owners(&file, "a/b/logs/c"), ["@logs"]);
    }

    #[test]
    fn comments_escapes_teams_and_emails() {
        let file = parse(
            "# comment\n\n/my\\ file.md @org/team jane@example.com # trailing\n\\#hash.md @h\n",
        );
        assert_eq!(
            owners(&file, "my file.md"),
            ["@org/team", "jane@example.com"]
        );
        assert_eq!(owners(&file, "#hash.md"), ["@h"]);
        assert!(file.skipped.is_empty());
    }

    #[test]
    fn unsupported_lines_are_skipped() {
        let file = parse("!x.md @a\n[ab].md @b\n*.md not-an-owner\n");
        assert_eq!(file.rules.len(), 0);
        assert_eq!(file.skipped.len(), 3);
    }

    #[test]
    fn base_folder_scopes_paths() {
        let file = CodeownersFile::parse(
            SourceFile::new("isms/.github/CODEOWNERS", "/policies/ @sec\n"),
            "isms",
        );
        assert_eq!(owners(&file, "isms/policies/a.md"), ["@sec"]);
        assert!(file.rule_for("policies/a.md").is_none());
        assert_eq!(base_of("isms/.github/CODEOWNERS"), "isms");
        assert_eq!(base_of("isms/owners/CODEOWNERS"), "isms/owners");
        assert_eq!(base_of("CODEOWNERS"), "");
    }
}
