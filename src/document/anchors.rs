//! The anchors a Markdown file offers to links (`file.md#anchor`), named the
//! way GitHub names them when it renders the file.

use std::collections::{HashMap, HashSet};

use super::Body;

/// Converts heading text to the anchor GitHub gives it, by the rule of
/// github-slugger, the library that reproduces GitHub's anchors. The text is
/// lower-cased and stripped of `is_removed` characters that are not
/// alphabetic, except `-` and the space. Each space then becomes `-`, and
/// spaces are not collapsed, so "A  B" is "a--b".
pub fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| *c == ' ' || *c == '-' || c.is_alphabetic() || !is_removed(*c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Tells whether github-slugger removes a character by its general category:
/// punctuation other than connectors such as `_`, symbols, separators,
/// control, format, private-use and unassigned characters, and numbers other
/// than digits and letter numbers.
fn is_removed(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as Category, get_general_category};
    matches!(
        get_general_category(c),
        Category::OtherNumber
            | Category::ClosePunctuation
            | Category::FinalPunctuation
            | Category::InitialPunctuation
            | Category::OpenPunctuation
            | Category::OtherPunctuation
            | Category::DashPunctuation
            | Category::MathSymbol
            | Category::CurrencySymbol
            | Category::ModifierSymbol
            | Category::OtherSymbol
            | Category::Control
            | Category::PrivateUse
            | Category::Format
            | Category::Unassigned
            | Category::SpaceSeparator
            | Category::LineSeparator
            | Category::ParagraphSeparator
    )
}

/// Lists every anchor of a body. Each heading gives its slug, with `-1`,
/// `-2` and so on added to repeated slugs in document order as GitHub does.
/// Explicit heading ids and the `id` and `name` attributes of HTML elements
/// are anchors too.
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

/// The anchors of one file, for lookups by links.
#[derive(Clone, Debug, Default)]
pub struct Anchors {
    /// In document order, for suggestions.
    pub names: Vec<String>,
    lower_case: HashSet<String>,
}

impl Anchors {
    pub fn of(body: &Body) -> Anchors {
        let names = anchors(body);
        let lower_case = names.iter().map(|name| name.to_lowercase()).collect();
        Anchors { names, lower_case }
    }

    /// Tells whether `fragment` (already percent-decoded) names an anchor.
    /// Case is ignored, because GitHub's anchors are lower case and links
    /// are often written with the heading's capitals. An empty fragment and
    /// `top` lead to the start of the page in every browser.
    pub fn contains(&self, fragment: &str) -> bool {
        fragment.is_empty()
            || fragment.eq_ignore_ascii_case("top")
            || self.lower_case.contains(&fragment.to_lowercase())
    }
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
        assert_eq!(slug("नीति का उद्देश्य"), "नीति-का-उद्देश्य");
        assert_eq!(slug("x² ‿ tab\there"), "x-‿-tabhere");
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
        let anchors = Anchors::of(&Body::parse(
            "## Scope\n\n## Roles and responsibilities\n",
            0,
        ));
        assert!(anchors.contains("scope"));
        assert!(anchors.contains("Scope"));
        assert!(anchors.contains(""));
        assert!(anchors.contains("top"));
        assert!(!anchors.contains("roles"));
    }
}
