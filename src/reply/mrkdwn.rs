//! Slack mrkdwn text: escaping, and cutting within Slack's limits without splitting an
//! escape, a reference, an emoji shortcode, a character as people see it, or leaving a
//! `*bold*`, `_italic_`, `~strike~` or code span open.

/// Escapes the three characters Slack's mrkdwn reserves.
pub fn escape(text: &str) -> String {
    if !text.contains(['&', '<', '>']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes raw text and keeps the result within `max` characters, never splitting an
/// escape sequence.
pub fn fit(raw: &str, max: usize) -> String {
    let escaped_len = |c: char| match c {
        '&' => 5,
        '<' | '>' => 4,
        _ => 1,
    };
    let total: usize = raw.chars().map(escaped_len).sum();
    if total <= max {
        return escape(raw);
    }
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    for (index, c) in raw.char_indices() {
        if used + escaped_len(c) > budget {
            break;
        }
        used += escaped_len(c);
        end = index + c.len_utf8();
    }
    let mut out = escape(&raw[..whole_characters(raw, end)]);
    out.push('…');
    out
}

/// Cuts text that is already escaped to `max` characters, backing off so that an `&amp;`
/// or a `<@U123>` at the edge is not cut in half.
pub(super) fn cut(text: &str, max: usize) -> String {
    // Byte length bounds the char count: most texts are far below the limit.
    if text.len() <= max || text.chars().count() <= max {
        return text.to_string();
    }
    let end = text
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(text.len(), |(at, _)| at);
    let mut kept = text[..whole_characters(text, end)].to_string();
    // An escape cut in half ("&am") would show as text: drop it whole. Any other '&' is
    // the text's own (a plain-text title's "Plans & fees").
    if let Some(amp) = kept.rfind('&')
        && ESCAPES
            .iter()
            .any(|escape| escape.len() > kept.len() - amp && escape.starts_with(&kept[amp..]))
    {
        kept.truncate(amp);
    }
    // Likewise a reference from the team file cut in half ("<@U12"): Slack would show its
    // bracket and digits. Escaped text has no other '<'.
    if let Some(open) = kept.rfind('<')
        && !kept[open..].contains('>')
        && ["<@", "<#", "<!"]
            .iter()
            .any(|start| kept[open..].starts_with(start))
    {
        kept.truncate(open);
    }
    // And an emoji shortcode cut in half (":rotating_li"): Slack shows it as text.
    let in_shortcode = |c: char| c.is_ascii_alphanumeric() || "_+-'".contains(c);
    if let Some(colon) = kept.rfind(':')
        && kept[colon + 1..].chars().all(in_shortcode)
        && text[colon + 1..]
            .find(|c: char| !in_shortcode(c))
            .is_some_and(|end| text[colon + 1 + end..].starts_with(':'))
    {
        kept.truncate(colon);
    }
    kept.push('…');
    kept
}

/// As [`cut`], for mrkdwn: a `*bold*`, `_italic_`, `~strike~` or code span the cut leaves
/// open is closed before the `…`, or Slack shows its mark as text.
pub(super) fn cut_mrkdwn(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    closed(max, |max| cut(text, max))
}

/// As [`fit`], closing what the cut leaves open as [`cut_mrkdwn`] does.
pub(super) fn fit_mrkdwn(raw: &str, max: usize) -> String {
    let kept = fit(raw, max);
    if !kept.ends_with('…') || kept == escape(raw) {
        return kept;
    }
    closed(max, |max| fit(raw, max))
}

/// The text `cut_to` keeps within `max`, each mark it leaves open closed: cut shorter by as
/// many characters as there are marks to close.
fn closed(max: usize, cut_to: impl Fn(usize) -> String) -> String {
    for reserve in 0..max {
        let kept = cut_to(max.saturating_sub(reserve));
        let mut body = kept.strip_suffix('…').unwrap_or(&kept).trim_end();
        let mut lone = false;
        // A mark the cut left with nothing after it ("Ask *…") opens nothing: dropped.
        while let Some(rest) = body.strip_suffix(MARKS)
            && rest.ends_with(char::is_whitespace)
        {
            body = rest.trim_end();
            lone = true;
        }
        let open = open_marks(body);
        if open.is_empty() && !lone {
            return kept;
        }
        if open.len() <= reserve {
            let mut body = body.to_string();
            body.extend(open.iter().rev());
            body.push('…');
            return body;
        }
    }
    cut_to(max)
}

pub(super) const MARKS: [char; 4] = ['*', '_', '~', '`'];

/// The mrkdwn marks still open at the end of `text`, outermost first. As Slack reads
/// them: a mark opens after a space, punctuation or the start and before a non-space, and
/// closes after a non-space and before anything but a letter or digit, on the same line;
/// nothing opens inside a code span.
pub(super) fn open_marks(text: &str) -> Vec<char> {
    let mut open: Vec<char> = Vec::new();
    let mut before: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let after = chars.peek().copied();
        if c == '\n' {
            // Marks end at a line break.
            open.clear();
        } else if MARKS.contains(&c) {
            let closes = before.is_some_and(|b| !b.is_whitespace())
                && after.is_none_or(|a| !a.is_alphanumeric());
            let opens = before.is_none_or(|b| !b.is_alphanumeric())
                && after.is_some_and(|a| !a.is_whitespace());
            if let Some(at) = open.iter().rposition(|mark| *mark == c).filter(|_| closes) {
                open.truncate(at);
            } else if opens && open.last() != Some(&'`') {
                open.push(c);
            }
        }
        before = Some(c);
    }
    open
}

/// Where a cut at byte `at` of `text` keeps whole characters as people see them: never
/// between a letter and its accents, inside emoji joined by U+200D, before a skin tone or
/// a variation selector, or between the two letters of a flag. Slack would show the half
/// it got as a broken glyph.
pub fn whole_characters(text: &str, mut at: usize) -> usize {
    let regional = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
    let extends = |c: char| {
        unicode_normalization::char::is_combining_mark(c)
            || c == '\u{200d}'
            || ('\u{fe00}'..='\u{fe0f}').contains(&c)
            || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
            || ('\u{e0020}'..='\u{e007f}').contains(&c)
            || ('\u{e0100}'..='\u{e01ef}').contains(&c)
    };
    while let (Some(before), Some(next)) =
        (text[..at].chars().next_back(), text[at..].chars().next())
    {
        let half_flag = regional(before)
            && regional(next)
            && text[..at]
                .chars()
                .rev()
                .take_while(|c| regional(*c))
                .count()
                % 2
                == 1;
        if !(extends(next) || before == '\u{200d}' || half_flag) {
            break;
        }
        at -= before.len_utf8();
    }
    at
}

/// What [`escape`] writes.
const ESCAPES: [&str; 3] = ["&amp;", "&lt;", "&gt;"];

/// `text` in parts of at most `max` characters, each ending between paragraphs where it
/// can, else between lines, else between words, else between whole characters.
pub(super) fn split_at_most(text: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > max {
        let limit = rest
            .char_indices()
            .nth(max)
            .map_or(rest.len(), |(at, _)| at);
        let head = &rest[..limit];
        // A break in the first half would leave parts far shorter than they need be.
        let late = |at: &usize| *at >= limit / 2;
        let at = head
            .rfind("\n\n")
            .filter(late)
            .or_else(|| head.rfind('\n').filter(late))
            .or_else(|| head.rfind(char::is_whitespace).filter(|at| *at > 0))
            .unwrap_or_else(|| {
                Some(whole_characters(rest, limit))
                    .filter(|at| *at > 0)
                    .unwrap_or(limit)
            });
        parts.push(rest[..at].trim_end());
        rest = rest[at..].trim_start();
    }
    if !rest.is_empty() {
        parts.push(rest);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slack's limit on a header's text (`slack::MAX_HEADER_TEXT`).
    const MAX_HEADER_TEXT: usize = 150;

    #[test]
    fn a_cut_never_splits_a_character_as_people_see_it() {
        let family = "\u{1f469}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let accented = "e\u{301}\u{301}";
        let flag = "\u{1f1eb}\u{1f1f7}";
        let thumb = "\u{1f44d}\u{1f3fd}";
        for whole in [family, accented, flag, thumb] {
            let text = format!("ab {whole}{whole} cd");
            for max in 4..text.chars().count() {
                for kept in [cut(&text, max), fit(&text, max)] {
                    let kept = kept.trim_end_matches('…');
                    let rest = kept
                        .trim_start_matches("ab ")
                        .replace(whole, "")
                        .replace(" c", "");
                    assert!(rest.trim().is_empty(), "{max}: {kept:?} splits {whole:?}");
                }
            }
        }
        let long_word = format!("{}{family}", "x".repeat(99));
        let parts = split_at_most(&long_word, 100);
        assert_eq!(parts, ["x".repeat(99), family.to_string()]);
    }

    #[test]
    fn a_cut_closes_the_bold_italics_or_code_it_leaves_open() {
        let text = "Ask *the incident commander* or _the on-call engineer_ to run `deploy now`.";
        for max in 2..text.chars().count() {
            for kept in [cut_mrkdwn(text, max), fit_mrkdwn(text, max)] {
                assert!(kept.chars().count() <= max, "{max}: {kept}");
                assert!(
                    open_marks(kept.trim_end_matches('…')).is_empty(),
                    "{max}: {kept}"
                );
            }
        }
        assert_eq!(cut_mrkdwn(text, 20), "Ask *the incident*…");
        assert_eq!(cut_mrkdwn(text, 10), "Ask *the*…");
        assert_eq!(
            cut_mrkdwn(text, 7),
            "Ask…",
            "a mark with nothing after it is dropped"
        );
        assert_eq!(
            fit_mrkdwn("a snake_case & *bold* word", 20),
            "a snake_case &amp; …"
        );
        assert!(open_marks("5 * 3 and snake_case_name").is_empty());
    }

    #[test]
    fn a_cut_never_leaves_half_an_emoji_shortcode() {
        let text = "Rota :rotating_light: and :+1: here";
        for max in 6..text.len() {
            let kept = cut(text, max);
            let shown = kept.trim_end_matches('…');
            assert!(
                text.starts_with(shown) && shown.matches(':').count().is_multiple_of(2),
                "{max}: {kept}"
            );
        }
        assert_eq!(cut("Call at 10:30 or 11:15 today", 14), "Call at 10:30…");
    }

    #[test]
    fn fit_never_splits_an_escape_sequence() {
        assert_eq!(fit("a<b", 10), "a&lt;b");
        assert_eq!(fit("ab<<<<", 6), "ab…");
        assert_eq!(fit("ab<<<<", 7), "ab&lt;…");
    }

    #[test]
    fn a_long_text_is_cut_whole_escapes_and_all_and_its_own_ampersands_kept() {
        let title = format!(
            "Treatment plans & <everything> {}",
            "about them ".repeat(20)
        );
        let cut_title = cut(&title, MAX_HEADER_TEXT);
        assert_eq!(cut_title.chars().count(), MAX_HEADER_TEXT, "{cut_title}");
        assert!(cut_title.starts_with("Treatment plans & <everything> about"));
        let escaped = format!("{}&amp; more", "x".repeat(8));
        for max in 9..=14 {
            let kept = cut(&escaped, max);
            assert!(
                !kept.contains("&a") || kept.contains("&amp;"),
                "{max}: {kept}"
            );
        }
        assert_eq!(cut(&escaped, 12), "xxxxxxxx…");
    }
}
