//! The facts the history walk compares between two versions of a document:
//! the `last_reviewed` value, the document id and a fingerprint of the body.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};

use jiff::civil::Date;

use crate::dates;
use crate::document::front_matter::{self, Split};
use crate::yaml;

/// The review-relevant facts of one version of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `last_reviewed`, when present and a valid date.
    pub last_reviewed: Option<Date>,
    /// The front matter `id`, used to recognise a renamed document.
    pub id: Option<String>,
    /// A hash of the body with line endings and trailing whitespace
    /// normalised, so cosmetic-only edits leave it unchanged.
    pub body: u64,
}

impl Facts {
    /// Reads the facts from a file's bytes. A version without readable front
    /// matter has no `last_reviewed` and no id.
    pub fn read(bytes: &[u8]) -> Facts {
        // `from_utf8` checks ASCII a word at a time. `from_utf8_lossy` walks
        // byte by byte even when there is nothing to replace, and it was the
        // largest cost of reading a version.
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let (yaml_text, body) = match front_matter::split(text) {
            Split::Block(block) => (Some(&text[block.yaml.range()]), &text[block.body_start..]),
            Split::Missing | Split::Unclosed { .. } => (None, text),
        };
        let yaml_text = yaml_text.unwrap_or("");
        // The walk reads thousands of versions, so the usual block layout is
        // scanned line by line and only other layouts get the YAML parser.
        let simple = ["last_reviewed", "id"]
            .iter()
            .all(|key| scan(yaml_text, key).is_some() || !yaml_text.contains(key));
        let root = if simple {
            None
        } else {
            yaml::parse(yaml_text, 0).ok()
        };
        let field = |key: &str| match &root {
            Some(root) => root
                .get(key)
                .and_then(|(_, value)| value.as_str().map(str::to_owned)),
            None => scan(yaml_text, key),
        };
        Facts {
            last_reviewed: field("last_reviewed").and_then(|d| dates::parse_date(&d).ok()),
            id: field("id"),
            body: body_fingerprint(body),
        }
    }
}

/// Finds `key: value` on a line of its own at the top level of a YAML
/// block, with the value unquoted and any comment removed. `None` when the
/// key is absent or written in another form (a flow mapping, a block scalar).
fn scan(yaml_text: &str, key: &str) -> Option<String> {
    for line in yaml_text.lines() {
        let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let value = match rest.find(" #") {
            Some(comment) => &rest[..comment],
            None => rest,
        };
        let value = value.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
        return match unquoted {
            Some(inner) => Some(inner.to_owned()),
            None if value.is_empty() || value.starts_with(['|', '>', '[', '{', '&', '*', '!']) => {
                None
            }
            None => Some(value.to_owned()),
        };
    }
    None
}

/// Hashes the body line by line without trailing whitespace and without
/// blank lines at the end, so whitespace at line ends, CRLF line endings
/// and a missing final newline do not count as a change.
fn body_fingerprint(body: &str) -> u64 {
    let lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(0, |i| i + 1);
    let mut hasher = DefaultHasher::new();
    lines[..end].hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---\nid: POL-1\nlast_reviewed: 2026-03-02\n---\n# Title\n\nText.\n";

    #[test]
    fn reads_date_id_and_body() {
        let facts = Facts::read(DOC.as_bytes());
        assert_eq!(facts.last_reviewed, Some(jiff::civil::date(2026, 3, 2)));
        assert_eq!(facts.id.as_deref(), Some("POL-1"));
    }

    #[test]
    fn front_matter_edit_keeps_body() {
        let edited = DOC.replace("2026-03-02", "\"2026-04-01\"");
        let (a, b) = (Facts::read(DOC.as_bytes()), Facts::read(edited.as_bytes()));
        assert_eq!(a.body, b.body);
        assert_ne!(a.last_reviewed, b.last_reviewed);
    }

    #[test]
    fn cosmetic_edits_keep_body() {
        let cosmetic = DOC
            .replace("Text.\n", "Text.  \r\n\n\n")
            .replace("# Title\n", "# Title\t\n");
        assert_eq!(
            Facts::read(DOC.as_bytes()).body,
            Facts::read(cosmetic.as_bytes()).body
        );
    }

    #[test]
    fn text_edit_changes_body() {
        let edited = DOC.replace("Text.", "Other text.");
        assert_ne!(
            Facts::read(DOC.as_bytes()).body,
            Facts::read(edited.as_bytes()).body
        );
    }

    #[test]
    fn quoted_commented_and_flow_values() {
        let quoted = "---\nid: 'POL-1' # the id\nlast_reviewed: \"2026-03-02\"\n---\n";
        let facts = Facts::read(quoted.as_bytes());
        assert_eq!(facts.id.as_deref(), Some("POL-1"));
        assert_eq!(facts.last_reviewed, Some(jiff::civil::date(2026, 3, 2)));

        let flow = "---\n{id: POL-2, last_reviewed: 2026-04-01}\n---\n";
        let facts = Facts::read(flow.as_bytes());
        assert_eq!(facts.id.as_deref(), Some("POL-2"));
        assert_eq!(facts.last_reviewed, Some(jiff::civil::date(2026, 4, 1)));
    }

    #[test]
    fn non_ascii_value_is_read() {
        let facts = Facts::read("---\nid: é-1\n---\n".as_bytes());
        assert_eq!(facts.id.as_deref(), Some("é-1"));
    }

    #[test]
    fn no_front_matter() {
        let facts = Facts::read(b"# Only a body\n");
        assert_eq!(facts.last_reviewed, None);
        assert_eq!(facts.id, None);
    }
}
