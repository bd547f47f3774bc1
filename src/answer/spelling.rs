//! Spelling folds applied before stemming, so that both sides of a match agree.

/// Lower case, without a copy when the word already is.
pub fn lower(word: &str) -> std::borrow::Cow<'_, str> {
    // Most words are ASCII: a byte test then, and the same lower case as `to_lowercase`.
    if word.is_ascii() {
        return match word.bytes().any(|byte| byte.is_ascii_uppercase()) {
            true => std::borrow::Cow::Owned(word.to_ascii_lowercase()),
            false => std::borrow::Cow::Borrowed(word),
        };
    }
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

/// Irregular verb forms and their base ("chosen" -> "choose", "wrote" -> "write"): the
/// stemmer only strips regular endings, so "how is the chair chosen" would miss "who
/// chooses the chair". Kept sorted.
#[rustfmt::skip]
const IRREGULAR: &[(&str, &str)] = &[
    ("began", "begin"), ("begun", "begin"), ("bought", "buy"), ("broke", "break"),
    ("broken", "break"), ("brought", "bring"), ("built", "build"), ("caught", "catch"),
    ("chose", "choose"), ("chosen", "choose"), ("dealt", "deal"), ("drawn", "draw"),
    ("drew", "draw"), ("driven", "drive"), ("drove", "drive"), ("fallen", "fall"),
    ("fell", "fall"), ("felt", "feel"), ("forgot", "forget"), ("forgotten", "forget"),
    ("fought", "fight"), ("found", "find"), ("gave", "give"), ("given", "give"),
    ("gone", "go"), ("grew", "grow"), ("grown", "grow"), ("held", "hold"), ("hid", "hide"),
    ("hidden", "hide"), ("kept", "keep"), ("knew", "know"), ("known", "know"), ("laid", "lay"),
    ("led", "lead"), ("left", "leave"), ("lent", "lend"), ("lost", "lose"), ("made", "make"),
    ("meant", "mean"), ("met", "meet"), ("oversaw", "oversee"), ("overseen", "oversee"),
    ("paid", "pay"), ("ran", "run"), ("rang", "ring"), ("risen", "rise"), ("rose", "rise"),
    ("said", "say"), ("sat", "sit"), ("saw", "see"), ("seen", "see"), ("sent", "send"),
    ("shook", "shake"), ("shown", "show"), ("sold", "sell"), ("sought", "seek"),
    ("spent", "spend"), ("spoke", "speak"), ("spoken", "speak"), ("stole", "steal"),
    ("stolen", "steal"), ("stood", "stand"), ("struck", "strike"), ("swore", "swear"),
    ("sworn", "swear"), ("taken", "take"), ("taught", "teach"), ("thought", "think"),
    ("threw", "throw"), ("thrown", "throw"), ("told", "tell"), ("took", "take"),
    ("understood", "understand"), ("undertaken", "undertake"), ("undertook", "undertake"),
    ("went", "go"), ("withdrawn", "withdraw"), ("withdrew", "withdraw"), ("won", "win"),
    ("wore", "wear"), ("worn", "wear"), ("written", "write"), ("wrote", "write"),
];

/// The base form of an irregular verb form, or the word itself.
pub fn fold_irregular(word: &str) -> &str {
    match IRREGULAR.binary_search_by(|(form, _)| (*form).cmp(word)) {
        Ok(at) => IRREGULAR[at].1,
        Err(_) => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irregular_forms_are_sorted_and_fold_to_their_base() {
        assert!(IRREGULAR.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(fold_irregular("chosen"), "choose");
        assert_eq!(fold_irregular("wrote"), "write");
        assert_eq!(fold_irregular("choose"), "choose");
    }
}
