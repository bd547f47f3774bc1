//! Spelling folds applied before stemming, so that both sides of a match agree.

/// Lower case, without a copy when the word already is.
pub fn lower(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// British and American spellings meet in one form before stemming: "prioritize" and
/// "prioritise", "analyze" and "analyse", "behavior" and "behaviour".
pub fn fold_spelling(word: &str) -> std::borrow::Cow<'_, str> {
    if !word.contains('z') && !word.ends_with("our") {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    let bytes: Vec<char> = word.chars().collect();
    for (at, &c) in bytes.iter().enumerate() {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + 1).copied();
        let folds_z =
            c == 'z' && matches!(before, Some('i' | 'y')) && matches!(after, Some('e' | 'i' | 'a'));
        out.push(if folds_z { 's' } else { c });
    }
    for (british, american) in [("iour", "ior"), ("vour", "vor"), ("lour", "lor")] {
        if out.len() > 5 && out.ends_with(british) {
            out.truncate(out.len() - british.len());
            out.push_str(american);
        }
    }
    std::borrow::Cow::Owned(out)
}
