//! "Did you mean" suggestions for misspelt keys, values and ids.

/// Finds the candidate closest to `word`, if one is close enough to be a
/// likely typo.
///
/// Case, `_` and `-` are ignored in the comparison, so `lastReviewed` finds
/// `last_reviewed`. Up to one edit per four characters is allowed (at least
/// one, at most three).
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let folded = fold(word);
    let allowed = (folded.chars().count() / 4).clamp(1, 3);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let by_distance = candidates
        .iter()
        .map(|candidate| (strsim::osa_distance(&folded, &fold(candidate)), *candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate);
    // A shortened word ("warn" for "warning") is too far from the whole
    // word by edit distance, so a candidate it begins is offered next.
    by_distance.or_else(|| {
        (folded.chars().count() >= 3)
            .then(|| {
                candidates
                    .iter()
                    .filter(|candidate| fold(candidate).starts_with(&folded))
                    .min_by_key(|candidate| candidate.len())
                    .copied()
            })
            .flatten()
    })
}

fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Builds a help text that offers the suggestion, or lists the choices when
/// there is none.
pub fn help_for(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_word_suggests_whole_word() {
        let levels = ["error", "warning", "note", "off"];
        assert_eq!(did_you_mean("warn", levels), Some("warning"));
        assert_eq!(did_you_mean("er", levels), None);
    }

    #[test]
    fn finds_close_key() {
        let keys = ["last_reviewed", "review_interval", "owner"];
        assert_eq!(did_you_mean("last_reveiwed", keys), Some("last_reviewed"));
        assert_eq!(did_you_mean("lastReviewed", keys), Some("last_reviewed"));
        assert_eq!(did_you_mean("ownr", keys), Some("owner"));
    }

    #[test]
    fn ignores_distant_words() {
        assert_eq!(did_you_mean("colour", ["owner", "status"]), None);
    }
}
