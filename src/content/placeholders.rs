//! Template placeholders: the built-in patterns, the ones a config adds, and
//! the parts of a document they are looked for in.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::Body;
use crate::source::Span;

/// A built-in placeholder pattern, switched on or off by name in
/// `placeholders.builtin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `[Company Name]`
    Bracketed,
    /// `<insert date>`
    Angle,
    /// `{{company}}`, `{{ .CompanyName }}`, `${ORG}`, `{Company Name}`
    Braced,
    /// `TBD`, `TBC`, `TODO`, `FIXME`, `XXX`
    Marker,
    /// `lorem ipsum`
    LoremIpsum,
}

impl Builtin {
    pub const NAMES: &'static [&'static str] =
        &["bracketed", "angle", "braced", "marker", "lorem-ipsum"];
    const ALL: [Builtin; 5] = [
        Builtin::Bracketed,
        Builtin::Angle,
        Builtin::Braced,
        Builtin::Marker,
        Builtin::LoremIpsum,
    ];

    pub fn parse(name: &str) -> Option<Builtin> {
        let index = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self::ALL[index])
    }

    fn regex(self) -> &'static Regex {
        static BRACKETED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\[([^\[\]\n]{1,100})\]").expect("valid regex"));
        static ANGLE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"<([^<>\n]{1,100})>").expect("valid regex"));
        // Leftmost-first: `{{x}}` and `${x}` win over the single-brace form.
        static BRACED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\{\{[^{}\n]{1,100}\}\}|\$\{[^{}\n]{1,100}\}|\{([^{}\n]{1,100})\}")
                .expect("valid regex")
        });
        // ASCII word boundaries (`(?-u:\b)`): the markers are ASCII, and a
        // Unicode boundary keeps the regex crate off its fast DFA on text
        // that is not ASCII, which made this the costliest check.
        static MARKER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?-u:\b)(?:TBD|TBC|TODO|FIXME|XXX)(?-u:\b)").expect("valid regex")
        });
        static LOREM_IPSUM: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)(?-u:\b)lorem\s+ipsum(?-u:\b)").expect("valid regex")
        });
        match self {
            Builtin::Bracketed => &BRACKETED,
            Builtin::Angle => &ANGLE,
            Builtin::Braced => &BRACED,
            Builtin::Marker => &MARKER,
            Builtin::LoremIpsum => &LOREM_IPSUM,
        }
    }

    /// Tells whether the pattern can match `text` at all: a cheap test of
    /// its delimiter, which skips most runs of prose without starting a
    /// regex search.
    fn may_match(self, text: &str) -> bool {
        match self {
            Builtin::Bracketed => text.contains('['),
            Builtin::Angle => text.contains('<'),
            Builtin::Braced => text.contains('{'),
            Builtin::Marker | Builtin::LoremIpsum => true,
        }
    }

    /// Returns the words between the delimiters of a match, for the forms
    /// whose words decide whether it is a placeholder: `[...]`, `<...>` and
    /// single braces. `{{...}}` and `${...}` are placeholders whatever they
    /// hold.
    fn inner(self, matched: &str) -> Option<&str> {
        let between = || matched.get(1..matched.len().saturating_sub(1));
        match self {
            Builtin::Bracketed | Builtin::Angle => between(),
            Builtin::Braced if matched.starts_with("{{") || matched.starts_with("${") => None,
            Builtin::Braced => between(),
            Builtin::Marker | Builtin::LoremIpsum => None,
        }
    }

    /// Tells whether a match of the pattern is a placeholder rather than
    /// ordinary Markdown, HTML or YAML that looks alike.
    fn accepts(self, inner: Option<&str>, context: Context) -> bool {
        let Some(inner) = inner else {
            return true;
        };
        match self {
            Builtin::Bracketed | Builtin::Braced => words_look_like_placeholder(inner, context),
            Builtin::Angle => angle_looks_like_placeholder(inner),
            Builtin::Marker | Builtin::LoremIpsum => true,
        }
    }
}

/// The part of a document a text comes from. It changes what looks like a
/// placeholder, because in YAML `[a, b]` and `{a: b}` are ordinary lists and
/// maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Body,
    FrontMatter,
}

/// Tells whether the words inside `[...]` or `{...}` are a fill-in such as
/// `Company Name` or `COMPANY`, rather than a citation (`[1]`), a check box
/// (`[x]`), an editorial `[sic]` or, in front matter, a YAML flow list such
/// as `[A.5.1, A.5.2]`.
fn words_look_like_placeholder(inner: &str, context: Context) -> bool {
    let inner = inner.trim();
    let Some(first) = inner.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || inner.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let several_words = inner.contains(char::is_whitespace);
    match context {
        Context::Body => several_words || first.is_uppercase(),
        Context::FrontMatter => {
            several_words && !inner.contains([',', '.', ':', '"', '\'', '[', '{'])
        }
    }
}

/// Tells whether the text inside `<...>` is a fill-in such as `insert date`,
/// `Company Name` or `YYYY-MM-DD`, rather than an HTML tag, which Markdown
/// allows inline (`<br>`, `<details open>`, `<a href="...">`), or an
/// autolink.
fn angle_looks_like_placeholder(inner: &str) -> bool {
    let inner = inner.trim();
    let Some(first) = inner.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || inner.contains(['=', '"', '\'', ':', '@', '/', '!', '?']) {
        return false;
    }
    let first_word = inner.split_whitespace().next().unwrap_or(inner);
    if HTML_ELEMENTS.contains(&first_word.to_ascii_lowercase().as_str()) {
        return false;
    }
    inner.contains(char::is_whitespace) || first.is_uppercase()
}

/// HTML element names, which start real tags.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "math",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// The placeholder patterns in effect: `placeholders:` in the config.
#[derive(Clone, Debug)]
pub struct Placeholders {
    pub builtin: Vec<Builtin>,
    /// Patterns from `placeholders.patterns`, matched as they are.
    pub patterns: Vec<Regex>,
    /// Exact texts that are never reported.
    pub allow: Vec<String>,
}

impl Default for Placeholders {
    fn default() -> Self {
        Placeholders {
            builtin: Builtin::ALL.to_vec(),
            patterns: Vec::new(),
            allow: Vec::new(),
        }
    }
}

/// A placeholder found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub span: Span,
    pub text: String,
}

impl Placeholders {
    /// Finds the placeholders in `text`, which starts at byte `offset` of its
    /// file. Where matches overlap, the one that starts first (and then the
    /// longer one) is kept, so `[TBD]` is one placeholder, not two.
    pub fn find(&self, text: &str, offset: usize, context: Context) -> Vec<Found> {
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for builtin in &self.builtin {
            if !builtin.may_match(text) {
                continue;
            }
            for found in builtin.regex().find_iter(text) {
                if builtin.accepts(builtin.inner(found.as_str()), context) {
                    matches.push((found.start(), found.end()));
                }
            }
        }
        for pattern in &self.patterns {
            matches.extend(
                pattern
                    .find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start(), m.end())),
            );
        }
        matches.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));

        let mut found: Vec<Found> = Vec::new();
        let mut covered_to = 0;
        for (start, end) in matches {
            if start < covered_to {
                continue;
            }
            covered_to = end;
            let matched = &text[start..end];
            if self.allow.iter().any(|allowed| allowed == matched) {
                continue;
            }
            found.push(Found {
                span: Span::new(offset + start, offset + end),
                text: matched.to_owned(),
            });
        }
        found
    }

    /// Finds the placeholders in a document's body: in its prose and raw
    /// HTML, but not in code, HTML comments, link syntax (link text is prose,
    /// destinations and definitions are not) or task list items, which are
    /// to-do lists on purpose.
    pub fn find_in_body(&self, file_text: &str, body: &Body) -> Vec<Found> {
        let mut pieces: Vec<Span> = body.text.iter().map(|run| run.span).collect();
        pieces.extend(body.html.iter().copied());
        pieces.sort_by_key(|span| span.start);

        // pulldown-cmark splits text at soft breaks and around brackets that
        // are not links, so `[Company Name]` arrives as three runs. Runs
        // that touch or are separated by white space only are joined.
        let mut regions: Vec<Span> = Vec::new();
        for piece in pieces {
            if let Some(last) = regions.last_mut() {
                let joined = piece.start <= last.end
                    || file_text
                        .get(last.end..piece.start)
                        .is_some_and(|gap| gap.trim().is_empty());
                if joined {
                    last.end = last.end.max(piece.end);
                    continue;
                }
            }
            regions.push(piece);
        }

        let excluded = SpanSet::new(
            body.comments
                .iter()
                .map(|comment| comment.span)
                .chain(body.code.iter().copied())
                .chain(body.undefined_references.iter().map(|r| r.span))
                .chain(body.task_items.iter().copied())
                .collect(),
        );
        let mut found = Vec::new();
        for region in regions {
            let Some(text) = file_text.get(region.range()) else {
                continue;
            };
            found.extend(
                self.find(text, region.start, Context::Body)
                    .into_iter()
                    .filter(|f| !excluded.overlaps(f.span)),
            );
        }
        found
    }

    /// Finds the placeholders in the YAML of the front matter (`yaml` is its
    /// span in `file_text`), outside YAML comments.
    pub fn find_in_front_matter(&self, file_text: &str, yaml: Span) -> Vec<Found> {
        let Some(block) = file_text.get(yaml.range()) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut line_start = yaml.start;
        for line in block.split_inclusive('\n') {
            let content = &line[..yaml_comment_start(line)];
            found.extend(self.find(content, line_start, Context::FrontMatter));
            line_start += line.len();
        }
        found
    }
}

/// Spans that may overlap or nest, answering "does any of them overlap
/// this span?" in logarithmic time, so a document with many comments and
/// many placeholders costs no more than the two counts added.
struct SpanSet {
    /// Sorted by start.
    spans: Vec<Span>,
    /// The largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl SpanSet {
    fn new(mut spans: Vec<Span>) -> SpanSet {
        spans.sort_by_key(|span| span.start);
        let max_end = spans
            .iter()
            .scan(0, |max, span| {
                *max = span.end.max(*max);
                Some(*max)
            })
            .collect();
        SpanSet { spans, max_end }
    }

    fn overlaps(&self, span: Span) -> bool {
        let starting_before_end = self.spans.partition_point(|s| s.start < span.end);
        starting_before_end > 0 && self.max_end[starting_before_end - 1] > span.start
    }
}

/// Returns where a YAML comment starts on `line` (its length when there is
/// none): a `#` at the start or after white space, outside quotes.
fn yaml_comment_start(line: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return i,
            None => {}
        }
        previous = c;
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(found: &[Found]) -> Vec<&str> {
        found.iter().map(|f| f.text.as_str()).collect()
    }

    fn in_body(markdown: &str) -> Vec<String> {
        let body = Body::parse(markdown, 0);
        Placeholders::default()
            .find_in_body(markdown, &body)
            .into_iter()
            .map(|f| {
                assert_eq!(&markdown[f.span.range()], f.text, "span is not the text");
                f.text
            })
            .collect()
    }

    #[test]
    fn every_builtin_form_in_prose() {
        let found = in_body(
            "[Company Name] and <insert date> and {{company}} and {{ .CompanyName }}\nand ${ORG} and {Client Name}, TBD, TODO: XXX.\nLorem\nipsum dolor.\n",
        );
        assert_eq!(
            found,
            [
                "[Company Name]",
                "<insert date>",
                "{{company}}",
                "{{ .CompanyName }}",
                "${ORG}",
                "{Client Name}",
                "TBD",
                "TODO",
                "XXX",
                "Lorem\nipsum"
            ]
        );
    }

    #[test]
    fn code_comments_links_and_tasks_are_skipped() {
        let found = in_body(
            "Use `[Company Name]` and <!-- TODO [Company Name] -->.\n\n```\nTBD\n```\n\n[The Policy](policy.md) and [ref][Company Name] and [Owner Name][].\n\n[Company Name]: x.md\n\n- [ ] TODO review access\n- [x] done\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn ordinary_brackets_are_not_placeholders() {
        let found = in_body(
            "See [1], [sic], check [x] and [ ], <br> <details open> <a href=\"x\">x</a> <https://example.com>.\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn html_blocks_are_scanned() {
        assert_eq!(in_body("<table><tr><td>TBD</td></tr></table>\n"), ["TBD"]);
    }

    #[test]
    fn front_matter_lists_are_not_placeholders() {
        let yaml = "title: \"[Company Name] Policy\"\ncontrols: [A.5.1, A.5.2]\ntags: [Security]\nowner: <owner id>  # TODO not read\napprover: 'team #1'\n";
        let found = Placeholders::default().find_in_front_matter(yaml, Span::new(0, yaml.len()));
        assert_eq!(texts(&found), ["[Company Name]", "<owner id>"]);
        assert_eq!(&yaml[found[1].span.range()], "<owner id>");
    }

    #[test]
    fn overlapping_matches_are_one() {
        let found = Placeholders::default().find("[TBD] and [TODO item]", 5, Context::Body);
        assert_eq!(texts(&found), ["[TBD]", "[TODO item]"]);
        assert_eq!(found[0].span, Span::new(5, 10));
    }

    #[test]
    fn patterns_and_allow_list() {
        let placeholders = Placeholders {
            builtin: vec![Builtin::Marker],
            patterns: vec![Regex::new(r"\bACME\b").unwrap()],
            allow: vec!["XXX".to_owned()],
        };
        let found = placeholders.find("ACME says TBD and XXX [Company Name]", 0, Context::Body);
        assert_eq!(texts(&found), ["ACME", "TBD"]);
    }

    #[test]
    fn comment_start_respects_quotes() {
        assert_eq!(yaml_comment_start("a: b # c"), 5);
        assert_eq!(yaml_comment_start("a: \"b # c\""), 10);
        assert_eq!(yaml_comment_start("a: b#c"), 6);
        assert_eq!(yaml_comment_start("# only"), 0);
    }
}
