//! Source files: a repository-relative path, the text, and a line index that
//! turns byte offsets into 1-based lines and character columns.

use std::ops::Range;
use std::sync::Arc;

/// A byte range in a file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One file's text with its repository-relative path.
///
/// The text is shared (`Arc`) because diagnostics and renderers keep it
/// after the document model is dropped.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts: starts.into(),
        }
    }

    /// Converts a byte offset to a position. Offsets past the end clamp to the
    /// end, and an offset inside a multi-byte character counts as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let column = self.text.get(line_start..offset).map_or_else(
            || {
                String::from_utf8_lossy(&self.text.as_bytes()[line_start..offset])
                    .chars()
                    .count()
            },
            |s| s.chars().count(),
        );
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// Converts a 1-based line and character column to a byte offset, clamped
    /// to the line's end.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_end = self.line_end(line_start);
        let line_text = &self.text[line_start..line_end];
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        line_start + within
    }

    /// Returns the span of a whole 1-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return Span::new(self.text.len(), self.text.len());
        };
        Span::new(start, self.line_end(start))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    fn line_end(&self, line_start: usize) -> usize {
        let rest = &self.text.as_bytes()[line_start..];
        let mut end = line_start + rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        if end > line_start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters() {
        let file = SourceFile::new("a.md", "ab\nçd: x\r\nlast");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        // "ç" is two bytes, so byte 5 is the third character of line 2.
        assert_eq!(file.position(5), Position { line: 2, column: 2 });
        assert_eq!(
            file.position(file.text.len()),
            Position { line: 3, column: 5 }
        );
    }

    #[test]
    fn offset_of_inverts_position() {
        let file = SourceFile::new("a.md", "ab\nçd: x\r\nlast");
        for offset in [0, 1, 3, 5, 6, 11, 14] {
            let pos = file.position(offset);
            assert_eq!(file.offset_of(pos.line, pos.column), offset);
        }
    }

    #[test]
    fn line_span_excludes_crlf() {
        let file = SourceFile::new("a.md", "one\r\ntwo\n");
        assert_eq!(file.slice(file.line_span(1)), "one");
        assert_eq!(file.slice(file.line_span(2)), "two");
        assert_eq!(file.slice(file.line_span(3)), "");
    }
}
