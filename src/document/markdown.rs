//! Facts about a Markdown body, gathered in one pulldown-cmark pass: headings,
//! links, code, HTML comments and text, each with its span in the file.

use pulldown_cmark::{BrokenLink, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::Span;

#[derive(Clone, Debug, Default)]
pub struct Body {
    /// Byte offset of the body in the file.
    pub start: usize,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Code blocks and inline code; content rules skip these spans.
    pub code: Vec<Span>,
    /// HTML comments (`<!-- ... -->`) with their text, for suppressions.
    pub comments: Vec<Comment>,
    /// Runs of prose text outside code, with their spans.
    pub text: Vec<TextRun>,
    /// Raw HTML, inline or in blocks, one span per pulldown-cmark event.
    /// Comments are among them; [`Body::comments`] has their spans.
    pub html: Vec<Span>,
    /// Values of `id` and `name` attributes in the HTML, which are link
    /// targets as much as headings are.
    pub html_anchors: Vec<String>,
    /// Top-level blocks other than headings, thematic breaks and HTML that
    /// holds only comments: what counts as the content of a section.
    pub blocks: Vec<Span>,
    /// Link reference definitions (`[label]: destination`).
    pub definitions: Vec<Definition>,
    /// Full and collapsed references (`[text][label]`, `[label][]`) whose
    /// label has no definition. A shortcut `[label]` without a definition is
    /// ordinary text, so it is not listed.
    pub undefined_references: Vec<Reference>,
    /// List items that start with a task marker (`- [ ]`, `- [x]`).
    pub task_items: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub span: Span,
    /// An explicit id written as a heading attribute (`## Scope {#scope}`).
    pub id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Inline,
    /// `[text][label]`, `[label][]` or `[label]` with a definition elsewhere.
    Reference,
    Autolink,
    Image,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub destination: String,
    pub kind: LinkKind,
    pub span: Span,
    /// The destination as written in the file. For a reference link it is
    /// the label, because the destination is in the definition.
    pub destination_span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The label as written, without brackets.
    pub label: String,
    pub destination: String,
    /// The whole definition.
    pub span: Span,
    /// The destination as written in the file.
    pub destination_span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub label: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// A run of prose text. Only the span is kept: the text is the file's
/// (with entities and escapes still as written), and copying every run would
/// double the memory a large repository needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextRun {
    pub span: Span,
}

impl Body {
    /// Releases the spare capacity of every list, once the body is parsed.
    /// The lists grow by doubling while the parser runs, and a repository
    /// of thousands of documents keeps every body until the run ends.
    pub fn shrink_to_fit(&mut self) {
        self.headings.shrink_to_fit();
        self.links.shrink_to_fit();
        self.code.shrink_to_fit();
        self.comments.shrink_to_fit();
        self.text.shrink_to_fit();
        self.html.shrink_to_fit();
        self.html_anchors.shrink_to_fit();
        self.blocks.shrink_to_fit();
        self.definitions.shrink_to_fit();
        self.undefined_references.shrink_to_fit();
        self.task_items.shrink_to_fit();
    }

    /// Parse the body `text`, which starts at byte `start` of the file.
    pub fn parse(text: &str, start: usize) -> Body {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let mut undefined = Vec::new();
        // pulldown-cmark reports a reference whose label has no definition
        // here; returning `None` keeps it as plain text.
        let mut on_broken_link = |link: BrokenLink| {
            if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
                undefined.push(Reference {
                    label: link.reference.into_string(),
                    span: Span::new(link.span.start + start, link.span.end + start),
                });
            }
            None
        };
        let events =
            Parser::new_with_broken_link_callback(text, options, Some(&mut on_broken_link))
                .into_offset_iter();

        let mut collector = Collector::new(text, start);
        collector.body.definitions = events
            .reference_definitions()
            .iter()
            .map(|(_, definition)| collector.definition(&definition.dest, definition.span.clone()))
            .collect();
        collector
            .body
            .definitions
            .sort_by_key(|definition| definition.span.start);
        for (event, range) in events {
            collector.event(event, range);
        }
        let mut body = collector.body;
        body.undefined_references = undefined;
        body
    }
}

/// The state of one pass over the events of a body.
struct Collector<'a> {
    text: &'a str,
    start: usize,
    body: Body,
    heading: Option<(u8, String, Span, Option<String>)>,
    code_depth: usize,
    /// Nesting of block and inline tags; a tag that starts at depth 0 is a
    /// top-level block.
    depth: usize,
    /// The open list items, to mark the one a task marker belongs to.
    items: Vec<Span>,
    /// The HTML block being read and whether it started at the top level.
    html_block: Option<(usize, bool)>,
}

impl<'a> Collector<'a> {
    fn new(text: &'a str, start: usize) -> Self {
        Collector {
            text,
            start,
            body: Body {
                start,
                ..Body::default()
            },
            heading: None,
            code_depth: 0,
            depth: 0,
            items: Vec::new(),
            html_block: None,
        }
    }

    fn shift(&self, range: &Range<usize>) -> Span {
        Span::new(range.start + self.start, range.end + self.start)
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        let span = self.shift(&range);
        match event {
            Event::Start(tag) => {
                let top_level = self.depth == 0;
                self.depth += 1;
                self.start_tag(tag, &range, span, top_level);
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.end_tag(tag, &range);
            }
            Event::Code(code) => {
                if let Some((_, text, _, _)) = self.heading.as_mut() {
                    text.push_str(&code);
                }
                self.body.code.push(span);
            }
            Event::Text(content) => {
                if let Some((_, text, _, _)) = self.heading.as_mut() {
                    text.push_str(&content);
                }
                if self.code_depth == 0 {
                    self.body.text.push(TextRun { span });
                }
            }
            Event::InlineHtml(html) => {
                self.body.html.push(span);
                collect_comments(&html, span, &mut self.body.comments);
                collect_anchors(&without_comments(&html), &mut self.body.html_anchors);
            }
            // The lines of an HTML block come one event each. The block is
            // read as a whole at its end, so a comment may span lines.
            Event::Html(html) => {
                self.body.html.push(span);
                if self.html_block.is_none() {
                    collect_comments(&html, span, &mut self.body.comments);
                    collect_anchors(&without_comments(&html), &mut self.body.html_anchors);
                }
            }
            Event::TaskListMarker(_) => {
                if let Some(item) = self.items.last() {
                    self.body.task_items.push(*item);
                }
            }
            _ => {}
        }
    }

    fn start_tag(&mut self, tag: Tag, range: &Range<usize>, span: Span, top_level: bool) {
        // An HTML block counts as content only when it holds more than
        // comments, which is known at its end.
        if top_level && !matches!(tag, Tag::Heading { .. } | Tag::HtmlBlock) {
            self.body.blocks.push(span);
        }
        match tag {
            Tag::Heading { level, id, .. } => {
                self.heading = Some((
                    heading_level(level),
                    String::new(),
                    span,
                    id.map(|id| id.into_string()),
                ));
            }
            Tag::CodeBlock(_) => {
                self.code_depth += 1;
                self.body.code.push(span);
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let kind = link_kind(link_type);
                let destination_span = match kind {
                    LinkKind::Inline => self.inline_destination(range).unwrap_or(span),
                    _ => span,
                };
                self.body.links.push(Link {
                    destination: dest_url.into_string(),
                    kind,
                    span,
                    destination_span,
                });
            }
            Tag::Image { dest_url, .. } => self.body.links.push(Link {
                destination: dest_url.into_string(),
                kind: LinkKind::Image,
                span,
                destination_span: self.inline_destination(range).unwrap_or(span),
            }),
            Tag::Item => self.items.push(span),
            Tag::HtmlBlock => self.html_block = Some((range.start, top_level)),
            _ => {}
        }
    }

    fn end_tag(&mut self, tag: TagEnd, range: &Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, text, span, id)) = self.heading.take() {
                    self.body.headings.push(Heading {
                        level,
                        text: text.trim().to_owned(),
                        span,
                        id,
                    });
                }
            }
            TagEnd::CodeBlock => self.code_depth = self.code_depth.saturating_sub(1),
            TagEnd::Item => {
                self.items.pop();
            }
            TagEnd::HtmlBlock => {
                if let Some((block_start, top_level)) = self.html_block.take() {
                    self.end_html_block(block_start..range.end, top_level);
                }
            }
            _ => {}
        }
    }

    fn end_html_block(&mut self, range: Range<usize>, top_level: bool) {
        let span = self.shift(&range);
        let html = &self.text[range];
        collect_comments(html, span, &mut self.body.comments);
        let visible = without_comments(html);
        collect_anchors(&visible, &mut self.body.html_anchors);
        if top_level && !visible.trim().is_empty() {
            self.body.blocks.push(span);
        }
    }

    /// Finds the destination of an inline link or image as written: what
    /// follows the `](` that closes the link text, up to a space, a `>` of
    /// the `<...>` form, or the parenthesis that ends the link.
    fn inline_destination(&self, range: &Range<usize>) -> Option<Span> {
        let source = self.text.get(range.clone())?;
        let bytes = source.as_bytes();
        let mut depth = 0usize;
        let mut i = usize::from(source.starts_with('!'));
        let close = loop {
            match bytes.get(i)? {
                b'\\' => i += 1,
                b'[' => depth += 1,
                b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        break i;
                    }
                }
                _ => {}
            }
            i += 1;
        };
        if bytes.get(close + 1) != Some(&b'(') {
            return None;
        }
        let after = close + 2;
        let offset = after + (source[after..].len() - source[after..].trim_start().len());
        let (from, to) = destination_extent(&source[offset..])?;
        Some(Span::new(
            self.start + range.start + offset + from,
            self.start + range.start + offset + to,
        ))
    }

    fn definition(&self, destination: &str, range: Range<usize>) -> Definition {
        let span = self.shift(&range);
        let source = &self.text[range.clone()];
        let label_start = source.find('[').map_or(0, |i| i + 1);
        let label_end = find_unescaped(source, "]:").unwrap_or(label_start);
        let label = source
            .get(label_start..label_end)
            .unwrap_or_default()
            .to_owned();
        let rest = source.get(label_end + 2..).unwrap_or_default();
        let offset = source.len() - rest.trim_start().len();
        let destination_span = destination_extent(&source[offset..]).map_or(span, |(from, to)| {
            Span::new(span.start + offset + from, span.start + offset + to)
        });
        Definition {
            label,
            destination: destination.to_owned(),
            span,
            destination_span,
        }
    }
}

/// Returns the extent of a link destination at the start of `text`: inside
/// `<...>`, or up to the first space or unbalanced `)`.
fn destination_extent(text: &str) -> Option<(usize, usize)> {
    if let Some(rest) = text.strip_prefix('<') {
        let end = rest.find('>')?;
        return Some((1, 1 + end));
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some((0, i)),
            ')' => depth -= 1,
            c if c.is_whitespace() => return Some((0, i)),
            _ => {}
        }
    }
    Some((0, text.len()))
}

fn find_unescaped(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(needle) {
        let at = from + found;
        if at == 0 || text.as_bytes()[at - 1] != b'\\' {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}
fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn link_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::Inline => LinkKind::Inline,
        LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
        _ => LinkKind::Reference,
    }
}

/// HTML comments inside an HTML event. An HTML block may hold several
/// comments and other markup.
fn collect_comments(html: &str, span: Span, comments: &mut Vec<Comment>) {
    let mut offset = 0;
    while let Some(open) = html[offset..].find("<!--") {
        let start = offset + open;
        let Some(close) = html[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        comments.push(Comment {
            text: html[start + 4..end - 3].trim().to_owned(),
            span: Span::new(span.start + start, (span.start + end).min(span.end)),
        });
        offset = end;
    }
}

/// Returns `html` with every comment replaced by spaces, so offsets stay
/// those of the original text. An unclosed comment runs to the end.
pub fn without_comments(html: &str) -> String {
    let mut visible = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        visible.push_str(&rest[..open]);
        let comment_len = rest[open + 4..]
            .find("-->")
            .map_or(rest.len() - open, |close| close + 7);
        visible.extend(std::iter::repeat_n(' ', comment_len));
        rest = &rest[open + comment_len..];
    }
    visible.push_str(rest);
    visible
}

/// Collects the values of `id` and `name` attributes.
fn collect_anchors(html: &str, anchors: &mut Vec<String>) {
    static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)[\s"'](?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>=`]+))"#)
            .expect("valid regex")
    });
    for captures in ATTRIBUTE.captures_iter(html) {
        if let Some(value) = captures.iter().skip(1).flatten().next() {
            anchors.push(value.as_str().to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_spans() {
        let text = "# Title\n\nSome text.\n\n## Roles and `responsibilities`\n";
        let body = Body::parse(text, 100);
        assert_eq!(body.headings.len(), 2);
        assert_eq!(body.headings[1].level, 2);
        assert_eq!(body.headings[1].text, "Roles and responsibilities");
        assert_eq!(body.headings[0].span.start, 100);
    }

    #[test]
    fn links_and_code() {
        let text = "See [the policy](other.md#scope) and [ref].\n\n[ref]: x.md\n\n```\n[not](a-link.md)\n---\n```\n";
        let body = Body::parse(text, 0);
        let destinations: Vec<&str> = body.links.iter().map(|l| l.destination.as_str()).collect();
        assert_eq!(destinations, ["other.md#scope", "x.md"]);
        assert_eq!(body.links[1].kind, LinkKind::Reference);
        assert_eq!(body.code.len(), 1);
        assert!(
            !body
                .text
                .iter()
                .any(|t| text[t.span.range()].contains("not"))
        );
    }

    #[test]
    fn comments_are_collected() {
        let text = "<!-- policylint-disable content/placeholder -->\nText <!-- inline --> here.\n";
        let body = Body::parse(text, 0);
        let texts: Vec<&str> = body.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["policylint-disable content/placeholder", "inline"]);
        assert_eq!(&text[body.comments[1].span.range()], "<!-- inline -->");
    }

    #[test]
    fn destinations_point_at_written_text() {
        let text = "See [the policy](<my policy.md#scope> \"t\") and ![logo](img/a(1).png).\n\n[ref]:\n   other.md \"title\"\n";
        let body = Body::parse(text, 10);
        let written: Vec<&str> = body
            .links
            .iter()
            .map(|l| &text[l.destination_span.start - 10..l.destination_span.end - 10])
            .collect();
        assert_eq!(written, ["my policy.md#scope", "img/a(1).png"]);
        assert_eq!(body.definitions.len(), 1);
        let definition = &body.definitions[0];
        assert_eq!(definition.label, "ref");
        assert_eq!(definition.destination, "other.md");
        let span = definition.destination_span;
        assert_eq!(&text[span.start - 10..span.end - 10], "other.md");
    }

    #[test]
    fn undefined_references_are_listed() {
        let text = "[text][missing] and [x][] and [shortcut] and [ok][d]\n\n[d]: a.md\n";
        let body = Body::parse(text, 0);
        let labels: Vec<&str> = body
            .undefined_references
            .iter()
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(labels, ["missing", "x"]);
        assert_eq!(
            &text[body.undefined_references[0].span.range()],
            "[text][missing]"
        );
    }

    #[test]
    fn blocks_skip_headings_and_comment_only_html() {
        let text = "# Title\n\n## Empty\n\n<!--\nfill in\n-->\n\n## Full\n\n- item\n\n---\n";
        let body = Body::parse(text, 0);
        let blocks: Vec<&str> = body.blocks.iter().map(|b| &text[b.range()]).collect();
        assert_eq!(blocks, ["- item\n\n"]);
        let comments: Vec<&str> = body.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, ["fill in"]);
    }

    #[test]
    fn task_items_html_and_anchors() {
        let text = "- [ ] TODO one\n- plain\n\n<div id=\"top-part\">\n<a name='legacy'></a>\n</div>\n\n## Scope {#custom}\n";
        let body = Body::parse(text, 0);
        let tasks: Vec<&str> = body.task_items.iter().map(|t| &text[t.range()]).collect();
        assert_eq!(tasks, ["- [ ] TODO one\n"]);
        assert_eq!(body.html_anchors, ["top-part", "legacy"]);
        assert_eq!(body.headings[0].id.as_deref(), Some("custom"));
        assert_eq!(body.headings[0].text, "Scope");
    }

    #[test]
    fn without_comments_keeps_offsets() {
        let html = "a<!-- é -->b<!-- open";
        let visible = without_comments(html);
        assert_eq!(visible.len(), html.len());
        // "<!-- é -->" is 11 bytes and the unclosed "<!-- open" 9.
        assert_eq!(visible, format!("a{}b{}", " ".repeat(11), " ".repeat(9)));
    }
}
