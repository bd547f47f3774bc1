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

/// The fields that say which workspace (and app) a slash command is for, as sent: not
/// decoded, and a repeated field's last value, the way a JSON object of the same fields
/// reads.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WorkspaceFields<'a> {
    pub team_id: Option<&'a [u8]>,
    pub enterprise_id: Option<&'a [u8]>,
    pub api_app_id: Option<&'a [u8]>,
    pub is_enterprise_install: Option<&'a [u8]>,
}

/// A slash-command body read in one pass. The workspace is looked at before the command
/// (which installation answers, or none), and both come from the same bytes: one pass
/// splits them for both (a second pass was ~5 % of a slash command's instructions).
pub(super) struct SlashForm<'a> {
    /// The command's fields, or the first field it repeats.
    pub command: Result<CommandForm, &'static str>,
    pub workspace: WorkspaceFields<'a>,
}

impl<'a> SlashForm<'a> {
    /// `application/x-www-form-urlencoded`: `&`-separated `key=value`, `+` for space,
    /// `%XX` for bytes. Lossy on invalid UTF-8, like every form decoder. For the command a
    /// repeated field is an error rather than a silent pick of one, and keys are compared
    /// as sent; for the workspace keys are decoded and the last value counts.
    pub fn parse(body: &'a [u8]) -> Self {
        let mut form = SlashForm {
            command: Ok(CommandForm::default()),
            workspace: WorkspaceFields::default(),
        };
        for (key, value) in pairs(body) {
            if key.contains(&b'%') || key.contains(&b'+') {
                // No command field is spelt with an escape; a workspace field may be.
                form.workspace.read(&form_decode(key).into_bytes(), value);
                continue;
            }
            form.workspace.read(key, value);
            if let Ok(command) = &mut form.command
                && let Err(repeated) = command.read(key, value)
            {
                form.command = Err(repeated);
            }
        }
        form
    }
}

impl<'a> WorkspaceFields<'a> {
    fn read(&mut self, key: &[u8], value: &'a [u8]) {
        let slot = match key {
            b"team_id" => &mut self.team_id,
            b"enterprise_id" => &mut self.enterprise_id,
            b"api_app_id" => &mut self.api_app_id,
            b"is_enterprise_install" => &mut self.is_enterprise_install,
            _ => return,
        };
        *slot = Some(value);
    }
}

impl CommandForm {
    /// Decodes `value` into the field `key` names, if rolecall reads it; the error names a
    /// field seen twice.
    fn read(&mut self, key: &[u8], value: &[u8]) -> Result<(), &'static str> {
        let (name, slot) = match key {
            b"ssl_check" => ("ssl_check", &mut self.ssl_check),
            b"command" => ("command", &mut self.command),
            b"text" => ("text", &mut self.text),
            b"user_id" => ("user_id", &mut self.user_id),
            b"channel_id" => ("channel_id", &mut self.channel_id),
            b"team_id" => ("team_id", &mut self.team_id),
            b"response_url" => ("response_url", &mut self.response_url),
            _ => return Ok(()),
        };
        if slot.is_some() {
            return Err(name);
        }
        *slot = Some(form_decode(value));
        Ok(())
    }
}

/// The raw `key=value` pairs of a form body, in order, neither decoded; empty pairs are
/// skipped and a pair without `=` has an empty value. (`memchr` finds the `&`s: a byte at
/// a time, splitting a slash command's ~400-byte body cost ~1,000 instructions more.)
pub fn pairs(body: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    memchr::memchr_iter(b'&', body)
        .chain([body.len()])
        .scan(0, |start, end| {
            let pair = &body[*start..end];
            *start = end + 1;
            Some(pair)
        })
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
        assert_eq!(
            SlashForm::parse(b"text=a&text=b").command.err(),
            Some("text")
        );
        let form = SlashForm::parse(b"trigger_id=%ZZ&command=%2Fr&&text")
            .command
            .unwrap();
        assert_eq!(form.command.as_deref(), Some("/r"));
        assert_eq!(form.text.as_deref(), Some(""));
    }
}
