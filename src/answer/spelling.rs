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

/// British and American spellings meet in one form before stemming, so that a table written
/// in one and a question typed in the other agree: "prioritize" and "prioritise", "behaviour"
/// and "behavior", "licence" and "license", "centre" and "center", "catalogue" and "catalog",
/// "paediatric" and "pediatric". Both sides are folded alike, so a fold only has to keep
/// two different words apart, not to spell either correctly.
pub fn fold_spelling(word: &str) -> std::borrow::Cow<'_, str> {
    if let Ok(at) = WORDS.binary_search_by(|(british, _)| (*british).cmp(word)) {
        return std::borrow::Cow::Borrowed(WORDS[at].1);
    }
    // Most words hold none of the spellings folded: no copy for them, and cheap tests first.
    let ending = word.trim_end_matches('s');
    let diphthong = word
        .as_bytes()
        .windows(2)
        .any(|pair| pair == b"ae" || pair == b"oe");
    let prefix = PREFIXES
        .iter()
        .find(|(british, _)| word.starts_with(british));
    let may_fold = diphthong
        || prefix.is_some()
        || word.contains('z')
        || word.contains("our")
        || ending.ends_with("re")
        || ending.ends_with("gue");
    if !may_fold {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = if word.contains('z') {
        fold_ize(word)
    } else {
        word.to_string()
    };
    fold_our(&mut out);
    fold_ending(&mut out);
    if let Some((british, american)) = prefix {
        out.replace_range(..british.len(), american);
    }
    if diphthong {
        for (british, american) in DIPHTHONGS {
            if out.contains(british) {
                out = out.replacen(british, american, 1);
            }
        }
    }
    if out == word {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(out)
    }
}

/// "-ize", "-yze" and their forms as "-ise", "-yse".
fn fold_ize(word: &str) -> String {
    let letters: Vec<char> = word.chars().collect();
    letters
        .iter()
        .enumerate()
        .map(|(at, &c)| {
            let before = at.checked_sub(1).map(|i| letters[i]);
            let after = letters.get(at + 1).copied();
            let folds = c == 'z'
                && matches!(before, Some('i' | 'y'))
                && matches!(after, Some('e' | 'i' | 'a'));
            if folds { 's' } else { c }
        })
        .collect()
}

/// "colour", "neighbours", "favourite", "honourable" as "color", ...: an "our" after three
/// letters or more, before one of these endings ("four", "hour", "journey", "resource" keep
/// theirs).
fn fold_our(word: &mut String) {
    const AFTER: [&str; 11] = [
        "", "s", "ed", "ing", "ite", "ites", "able", "hood", "ful", "er", "ers",
    ];
    let Some(at) = word.find("our") else {
        return;
    };
    if at >= 3 && AFTER.contains(&&word[at + 3..]) {
        word.replace_range(at..at + 3, "or");
    }
}

/// "centre", "fibres", "catalogue", "dialogues" as "center", "fibers", "catalog", "dialogs".
fn fold_ending(word: &mut String) {
    let (stem, plural) = match word.strip_suffix('s') {
        Some(stem) => (stem.to_string(), "s"),
        None => (word.clone(), ""),
    };
    let folded = if stem.len() >= 5 && (stem.ends_with("tre") || stem.ends_with("bre")) {
        let cut = stem.len() - 2;
        format!("{}er{plural}", &stem[..cut])
    } else if stem.len() > 6 && stem.ends_with("ogue") {
        format!("{}{plural}", &stem[..stem.len() - 2])
    } else {
        return;
    };
    *word = folded;
}

/// Whole words spelt apart (British, American), sorted.
#[rustfmt::skip]
const WORDS: &[(&str, &str)] = &[
    ("ageing", "aging"), ("aluminium", "aluminum"), ("cosy", "cozy"), ("grey", "gray"),
    ("jewellery", "jewelry"), ("judgement", "judgment"), ("judgements", "judgments"),
    ("kerb", "curb"), ("manoeuvre", "maneuver"), ("manoeuvres", "maneuvers"), ("mum", "mom"),
    ("mums", "moms"), ("plough", "plow"), ("programme", "program"), ("programmes", "programs"),
    ("sceptical", "skeptical"),
];

/// Word beginnings spelt apart (British, American): "licence", "licensing"; "defence";
/// "practise", "practised".
const PREFIXES: [(&str, &str); 5] = [
    ("licens", "licenc"),
    ("defens", "defenc"),
    ("offens", "offenc"),
    ("pretens", "pretenc"),
    ("practis", "practic"),
];

/// The medical "ae" and "oe" (British, American): "paediatric", "anaesthetic", "oedema".
const DIPHTHONGS: [(&str, &str); 9] = [
    ("paed", "ped"),
    ("anaes", "anes"),
    ("haem", "hem"),
    ("aemia", "emia"),
    ("oestr", "estr"),
    ("oesoph", "esoph"),
    ("oedema", "edema"),
    ("foet", "fet"),
    ("diarrhoea", "diarrhea"),
];

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
    fn british_and_american_spellings_fold_alike() {
        assert!(WORDS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for (british, american) in [
            ("prioritise", "prioritize"),
            ("behaviour", "behavior"),
            ("neighbours", "neighbors"),
            ("favourite", "favorite"),
            ("honourable", "honorable"),
            ("licence", "license"),
            ("licensing", "licencing"),
            ("defence", "defense"),
            ("practise", "practice"),
            ("centre", "center"),
            ("theatres", "theaters"),
            ("fibre", "fiber"),
            ("catalogue", "catalog"),
            ("dialogues", "dialogs"),
            ("programme", "program"),
            ("grey", "gray"),
            ("paediatric", "pediatric"),
            ("anaesthetic", "anesthetic"),
            ("haemorrhage", "hemorrhage"),
            ("diarrhoea", "diarrhea"),
        ] {
            assert_eq!(fold_spelling(british), fold_spelling(american), "{british}");
        }
        // Words that only look British keep apart from their neighbours.
        for (one, other) in [
            ("four", "for"),
            ("hour", "hor"),
            ("journey", "jorney"),
            ("resource", "resorce"),
            ("genre", "gener"),
            ("acre", "acer"),
            ("rogue", "rog"),
            ("tour", "tor"),
        ] {
            assert_ne!(fold_spelling(one), fold_spelling(other), "{one}");
        }
    }

    #[test]
    fn irregular_forms_are_sorted_and_fold_to_their_base() {
        assert!(IRREGULAR.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(fold_irregular("chosen"), "choose");
        assert_eq!(fold_irregular("wrote"), "write");
        assert_eq!(fold_irregular("choose"), "choose");
    }
}
