//! Splitting a Markdown file into its YAML front matter and its body.

use crate::source::Span;

/// The location of the front matter, if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Split {
    /// The file does not start with a `---` line.
    Missing,
    /// An opening `---` with no closing line before the body starts.
    Unclosed {
        open: Span,
    },
    Block(Block),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The opening `---` line; for a dialect whose blocks have only the
    /// closing line, the first line of the YAML.
    pub open: Span,
    /// The YAML between the delimiter lines.
    pub yaml: Span,
    /// The closing `---` or `...` line.
    pub close: Span,
    /// The offset where the Markdown body starts.
    pub body_start: usize,
    /// Blank lines come before the opening `---`. Static site generators and
    /// most front matter readers then treat the block as Markdown.
    pub leading_blank_lines: bool,
}

/// Find the front matter in `text` (a file's text after any byte order mark).
///
/// Delimiter lines may carry trailing spaces and may end in CRLF. Scanning
/// for the closing line stops at a code fence, because a fence cannot appear
/// in YAML. Reaching one means the block was never closed, and a `---` inside
/// the fence further down is not taken for the end of the front matter.
pub fn split(text: &str) -> Split {
    let mut lines = Lines::new(text);

    let mut leading_blank_lines = false;
    let open = loop {
        let Some((span, line)) = lines.next() else {
            return Split::Missing;
        };
        if is_delimiter(line, "---") {
            break span;
        }
        if !line.trim().is_empty() {
            return Split::Missing;
        }
        leading_blank_lines = true;
    };

    for (span, line) in lines.by_ref() {
        if is_delimiter(line, "---") || is_delimiter(line, "...") {
            return Split::Block(Block {
                open,
                yaml: Span::new(after_line(text, open), span.start),
                close: span,
                body_start: after_line(text, span),
                leading_blank_lines,
            });
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            break;
        }
    }
    Split::Unclosed { open }
}

fn is_delimiter(line: &str, marker: &str) -> bool {
    line.trim_end() == marker
}

/// Returns the offset just past the terminator of the line `line`.
fn after_line(text: &str, line: Span) -> usize {
    let rest = &text.as_bytes()[line.end..];
    if rest.starts_with(b"\r\n") {
        line.end + 2
    } else if rest.starts_with(b"\n") {
        line.end + 1
    } else {
        line.end
    }
}

/// Lines of a text with their spans, without the line terminators.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, pos: 0 }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (Span, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let mut line = &rest[..len];
        if let Some(stripped) = line.strip_suffix('\r') {
            line = stripped;
        }
        let span = Span::new(self.pos, self.pos + line.len());
        self.pos += (len + 1).min(rest.len());
        Some((span, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        match split(text) {
            Split::Block(block) => block,
            other => panic!("expected a block, got {other:?}"),
        }
    }

    #[test]
    fn simple_block() {
        let text = "---\nid: A\n---\n# Body\n";
        let b = block(text);
        assert_eq!(&text[b.yaml.range()], "id: A\n");
        assert_eq!(&text[b.body_start..], "# Body\n");
        assert!(!b.leading_blank_lines);
    }

    #[test]
    fn crlf_and_trailing_spaces() {
        let text = "---  \r\nid: A\r\n--- \r\nbody";
        let b = block(text);
        assert_eq!(&text[b.yaml.range()], "id: A\r\n");
        assert_eq!(&text[b.body_start..], "body");
    }

    #[test]
    fn dots_close_block() {
        let b = block("---\nid: A\n...\n");
        assert_eq!(b.body_start, 14);
    }

    #[test]
    fn dashes_inside_value_do_not_close() {
        let text = "---\nfoo: a --- b\n---\n";
        assert_eq!(&text[block(text).yaml.range()], "foo: a --- b\n");
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(split("# Title\n---\n"), Split::Missing);
        assert_eq!(split(""), Split::Missing);
    }

    #[test]
    fn unclosed_stops_at_fence() {
        let text = "---\nid: A\n# Body\n```yaml\n---\n```\n";
        assert_eq!(
            split(text),
            Split::Unclosed {
                open: Span::new(0, 3)
            }
        );
    }

    #[test]
    fn unclosed_at_end() {
        assert!(matches!(split("---\nid: A\n"), Split::Unclosed { .. }));
    }

    #[test]
    fn blank_lines_before_are_flagged() {
        let text = "\n\n---\nid: A\n---\n";
        let b = block(text);
        assert!(b.leading_blank_lines);
        assert_eq!(b.open, Span::new(2, 5));
    }
}
