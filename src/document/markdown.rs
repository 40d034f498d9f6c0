//! Facts about a Markdown body, gathered in one pulldown-cmark pass: headings,
//! links, code, HTML comments and text, each with its span in the file.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

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
}

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub span: Span,
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
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub text: String,
    pub span: Span,
}

impl Body {
    /// Parse the body `text`, which starts at byte `start` of the file.
    pub fn parse(text: &str, start: usize) -> Body {
        let mut body = Body {
            start,
            ..Body::default()
        };
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let shift =
            |range: std::ops::Range<usize>| Span::new(range.start + start, range.end + start);

        let mut heading: Option<(u8, String, Span)> = None;
        let mut code_depth = 0usize;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((heading_level(level), String::new(), shift(range)));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, text, span)) = heading.take() {
                        body.headings.push(Heading {
                            level,
                            text: text.trim().to_owned(),
                            span,
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    code_depth += 1;
                    body.code.push(shift(range));
                }
                Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => body.links.push(Link {
                    destination: dest_url.into_string(),
                    kind: link_kind(link_type),
                    span: shift(range),
                }),
                Event::Start(Tag::Image { dest_url, .. }) => body.links.push(Link {
                    destination: dest_url.into_string(),
                    kind: LinkKind::Image,
                    span: shift(range),
                }),
                Event::Code(code) => {
                    if let Some((_, text, _)) = heading.as_mut() {
                        text.push_str(&code);
                    }
                    body.code.push(shift(range));
                }
                Event::Text(content) => {
                    if let Some((_, text, _)) = heading.as_mut() {
                        text.push_str(&content);
                    }
                    if code_depth == 0 {
                        body.text.push(TextRun {
                            text: content.into_string(),
                            span: shift(range),
                        });
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    collect_comments(&html, shift(range), &mut body.comments);
                }
                _ => {}
            }
        }
        body
    }
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
        assert!(!body.text.iter().any(|t| t.text.contains("not")));
    }

    #[test]
    fn comments_are_collected() {
        let text = "<!-- policylint-disable content/placeholder -->\nText <!-- inline --> here.\n";
        let body = Body::parse(text, 0);
        let texts: Vec<&str> = body.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["policylint-disable content/placeholder", "inline"]);
        assert_eq!(&text[body.comments[1].span.range()], "<!-- inline -->");
    }
}
