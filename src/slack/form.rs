//! `application/x-www-form-urlencoded` slash-command bodies, decoded lazily: only the fields
//! rolecall reads are percent-decoded, the rest are skipped. Pure bytes -> strings.

/// The slash-command fields rolecall reads. Others (`trigger_id`, `token`, ...)
/// are skipped without being decoded.
#[derive(Default)]
pub(super) struct CommandForm {
    pub ssl_check: Option<String>,
    pub command: Option<String>,
    pub text: Option<String>,
    pub user_id: Option<String>,
    pub channel_id: Option<String>,
    pub team_id: Option<String>,
    pub response_url: Option<String>,
}

impl CommandForm {
    /// `application/x-www-form-urlencoded`: `&`-separated `key=value`, `+` for space,
    /// `%XX` for bytes. Lossy on invalid UTF-8, like every form decoder; a repeated field
    /// is an error rather than a silent pick of one.
    /// The error names the repeated field.
    pub fn parse(body: &[u8]) -> Result<Self, &'static str> {
        let mut form = CommandForm::default();
        for (key, value) in pairs(body) {
            let (name, slot) = match key {
                b"ssl_check" => ("ssl_check", &mut form.ssl_check),
                b"command" => ("command", &mut form.command),
                b"text" => ("text", &mut form.text),
                b"user_id" => ("user_id", &mut form.user_id),
                b"channel_id" => ("channel_id", &mut form.channel_id),
                b"team_id" => ("team_id", &mut form.team_id),
                b"response_url" => ("response_url", &mut form.response_url),
                _ => continue,
            };
            if slot.is_some() {
                return Err(name);
            }
            *slot = Some(form_decode(value));
        }
        Ok(form)
    }
}

/// The raw `key=value` pairs of a form body, in order, neither decoded; empty pairs are
/// skipped and a pair without `=` has an empty value.
pub fn pairs(body: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        })
}

/// One percent-encoded form key or value as text (`+` is a space; lossy on invalid UTF-8).
pub fn form_decode(raw: &[u8]) -> String {
    if !raw.iter().any(|&b| b == b'%' || b == b'+') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => match raw
                .get(i + 1..i + 3)
                .and_then(|pair| hex_pair(pair[0], pair[1]))
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    // Valid UTF-8 (nearly always) becomes the String as it is, not a second copy.
    String::from_utf8(out)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    u8::try_from(digit(high)? * 16 + digit(low)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding_handles_plus_percent_and_broken_escapes() {
        assert_eq!(form_decode(b"who+owns+%3Cthis%3E%3F"), "who owns <this>?");
        assert_eq!(form_decode(b"100%25+sure"), "100% sure");
        assert_eq!(form_decode(b"bad%zzescape%4"), "bad%zzescape%4");
        assert_eq!(form_decode(b"caf%C3%A9"), "café");
        assert_eq!(form_decode(b"%FF"), "\u{fffd}");
    }

    #[test]
    fn a_repeated_field_is_named_and_unknown_fields_are_skipped() {
        assert_eq!(CommandForm::parse(b"text=a&text=b").err(), Some("text"));
        let form = CommandForm::parse(b"trigger_id=%ZZ&command=%2Fr&&text").unwrap();
        assert_eq!(form.command.as_deref(), Some("/r"));
        assert_eq!(form.text.as_deref(), Some(""));
    }
}
