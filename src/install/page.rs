//! The three small pages a person installing rolecall sees: the "Add to Slack" link, then
//! "installed in <workspace>" or "not installed". Plain HTML, no script; every value placed
//! in it is escaped.

use super::Installation;

fn html(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head>\n<body>\n{body}\n</body></html>\n",
        title = escape(title),
    )
}

/// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The install page: one "Add to Slack" link to Slack's authorize URL.
pub fn install(authorize_url: &str) -> String {
    html(
        "Add rolecall to Slack",
        &format!(
            "<h1>rolecall</h1>\n<p>Answers \"who owns this?\" in Slack, with sources.</p>\n\
             <p><a id=\"add-to-slack\" href=\"{}\">Add to Slack</a></p>\n\
             <p>This link works once, in this browser, for 10 minutes.</p>",
            escape(authorize_url)
        ),
    )
}

/// After a successful install, with a link that opens Slack on the workspace and one of
/// the table's own example questions to ask first.
pub fn installed(installation: &Installation, example: Option<&str>) -> String {
    let open = match (&installation.app_id, &installation.team_id) {
        (Some(app), Some(team)) => format!("https://slack.com/app_redirect?app={app}&team={team}"),
        (_, Some(team)) => format!("https://app.slack.com/client/{team}"),
        _ => "https://app.slack.com/".to_string(),
    };
    // An org-wide install is in no workspace until an admin adds it to some, so Slack's
    // guide for org-ready apps sends the installer to that page next.
    let (ask, link, label) = match (&installation.enterprise_id, &installation.app_id) {
        (Some(org), Some(app)) if installation.is_enterprise_install => (
            "Add it to the workspaces that should use it, then ask it with",
            format!("https://app.slack.com/manage/{org}/integrations/profile/{app}/workspaces/add"),
            "Add it to workspaces",
        ),
        _ => ("Ask it with", open, "Open Slack"),
    };
    html(
        "rolecall installed",
        &format!(
            "<h1>rolecall is installed in {}</h1>\n\
             <p>{ask} <code>/rolecall {}</code> or mention it in a channel.</p>\n\
             <p><a id=\"open-slack\" href=\"{}\">{label}</a></p>",
            escape(installation.name()),
            escape(example.unwrap_or("and your question")),
            escape(&link)
        ),
    )
}

/// The person declined on Slack's page.
pub fn not_installed() -> String {
    html(
        "rolecall not installed",
        "<h1>rolecall was not installed</h1>\n<p>Nothing was added to your workspace. \
         You can close this page, or <a href=\"/slack/install\">start again</a>.</p>",
    )
}

/// A refused redirect: says what to do, never why in detail (no oracle for forged states).
pub fn refused(reason: &str) -> String {
    html(
        "rolecall install failed",
        &format!(
            "<h1>rolecall could not be installed</h1>\n<p>{}</p>\n\
             <p><a href=\"/slack/install\">Start again</a></p>",
            escape(reason)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_placed_in_a_page_are_escaped() {
        let page = install("https://slack.com/oauth/v2/authorize?a=1&b=\"><script>");
        assert!(
            page.contains("a=1&amp;b=&quot;&gt;&lt;script&gt;"),
            "{page}"
        );
        assert!(!page.contains("<script>"));
    }

    #[test]
    fn the_installed_page_suggests_the_tables_own_question() {
        let installation = Installation {
            key: "T1".into(),
            team_id: Some("T1".into()),
            team_name: Some("Harbourside".into()),
            enterprise_id: None,
            enterprise_name: None,
            is_enterprise_install: false,
            app_id: None,
            bot_user_id: None,
            scopes: "commands".into(),
            installer_hash: None,
            installed_at: 0,
            tokens: crate::install::Tokens {
                bot: crate::config::Secret::new("xoxb-1"),
                refresh: None,
                expires_at: None,
            },
        };
        let page = installed(&installation, Some("who allocates the moorings?"));
        assert!(
            page.contains("<code>/rolecall who allocates the moorings?</code>"),
            "{page}"
        );
        let page = installed(&installation, None);
        assert!(
            page.contains("<code>/rolecall and your question</code>"),
            "{page}"
        );
    }
}
