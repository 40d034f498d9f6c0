//! The anchors a Markdown file offers to links (`file.md#anchor`), named the
//! way GitHub names them when it renders the file.

use std::collections::HashMap;

use super::Body;

/// Converts heading text to the anchor GitHub gives it: lower case, with
/// every character dropped except letters, numbers, combining marks, `-`,
/// `_` and spaces, and each space turned into `-`. This is the rule of
/// github-slugger, the library GitHub's renderer follows; spaces are not
/// collapsed, so "A  B" becomes "a--b".
pub fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The Unicode blocks of combining marks. Letters with marks written as one
/// precomposed character (é) are alphanumeric already.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Lists every anchor of a body: the slug of each heading, with `-1`, `-2`
/// and so on added to repeated slugs in document order as GitHub does;
/// explicit heading ids; and `id` and `name` attributes of HTML elements.
pub fn anchors(body: &Body) -> Vec<String> {
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let mut anchors = Vec::new();
    for heading in &body.headings {
        let base = slug(&heading.text);
        let mut anchor = base.clone();
        // A generated `name-1` may itself collide with a heading that is
        // literally called "name 1", so keep counting until it is free.
        while occurrences.contains_key(&anchor) {
            let count = occurrences.entry(base.clone()).or_insert(0);
            *count += 1;
            anchor = format!("{base}-{count}");
        }
        occurrences.insert(anchor.clone(), 0);
        anchors.push(anchor);
        if let Some(id) = &heading.id {
            anchors.push(id.clone());
        }
    }
    anchors.extend(body.html_anchors.iter().cloned());
    anchors
}

/// Tells whether `fragment` (already percent-decoded) names one of
/// `anchors`. Case is ignored, because GitHub's anchors are lower case and
/// links are often written with the heading's capitals. An empty fragment
/// and `top` lead to the start of the page in every browser.
pub fn has_anchor(anchors: &[String], fragment: &str) -> bool {
    fragment.is_empty()
        || fragment.eq_ignore_ascii_case("top")
        || anchors
            .iter()
            .any(|anchor| anchor == fragment || anchor.to_lowercase() == fragment.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_follows_github() {
        assert_eq!(
            slug("Roles and responsibilities"),
            "roles-and-responsibilities"
        );
        assert_eq!(slug("1. Purpose & Scope"), "1-purpose--scope");
        assert_eq!(slug("What's new? (2026)"), "whats-new-2026");
        assert_eq!(
            slug("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(slug("Sécurité des données"), "sécurité-des-données");
        assert_eq!(slug("Emoji 🚀 rocket"), "emoji--rocket");
    }

    #[test]
    fn duplicate_headings_get_suffixes() {
        let body = Body::parse(
            "## Review\n\n## Review\n\n## Review 1\n\n## Review\n\n## Exceptions {#waivers}\n",
            0,
        );
        assert_eq!(
            anchors(&body),
            [
                "review",
                "review-1",
                "review-1-1",
                "review-2",
                "exceptions",
                "waivers"
            ]
        );
    }

    #[test]
    fn fragment_matching() {
        let anchors = vec!["scope".to_owned(), "roles-and-responsibilities".to_owned()];
        assert!(has_anchor(&anchors, "scope"));
        assert!(has_anchor(&anchors, "Scope"));
        assert!(has_anchor(&anchors, ""));
        assert!(has_anchor(&anchors, "top"));
        assert!(!has_anchor(&anchors, "roles"));
    }
}
