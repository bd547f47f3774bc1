//! Slack's rich text (`{"type": "rich_text", "elements": [...]}`) read as the plain text a
//! person typed: what a workflow hands a step when its question comes from a rich-text
//! field. Mentions and channels keep their mrkdwn form; styling and emoji are dropped.

use serde_json::Value;

/// The plain text of a rich-text value, or `None` when `value` is not rich text.
pub fn plain_text(value: &Value) -> Option<String> {
    (value.get("type")?.as_str()? == "rich_text").then(|| {
        let mut text = String::new();
        append(value, &mut text);
        text
    })
}

fn append(node: &Value, text: &mut String) {
    let field = |name: &str| node.get(name).and_then(Value::as_str).unwrap_or("");
    match field("type") {
        "text" => text.push_str(field("text")),
        "link" if !field("text").is_empty() => text.push_str(field("text")),
        "link" => text.push_str(field("url")),
        "user" => text.push_str(&format!("<@{}>", field("user_id"))),
        "channel" => text.push_str(&format!("<#{}>", field("channel_id"))),
        _ => {
            let Some(elements) = node.get("elements").and_then(Value::as_array) else {
                return;
            };
            // Sections, lists and quotes are blocks of their own: keep them on their own lines.
            for element in elements {
                let block = element.get("elements").is_some();
                if block && !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                append(element, text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rich_text_question_reads_as_its_words_with_links_and_mentions() {
        let value = json!({"type": "rich_text", "elements": [
            {"type": "rich_text_section", "elements": [
                {"type": "text", "text": "who owns "},
                {"type": "text", "text": "pricing", "style": {"bold": true}},
                {"type": "text", "text": "? ask "},
                {"type": "user", "user_id": "U123"},
                {"type": "emoji", "name": "thinking_face"},
            ]},
            {"type": "rich_text_list", "style": "bullet", "elements": [
                {"type": "rich_text_section", "elements": [
                    {"type": "link", "url": "https://example.com/plan", "text": "the plan"},
                ]},
                {"type": "rich_text_section", "elements": [
                    {"type": "link", "url": "https://example.com/x"},
                ]},
            ]},
        ]});
        assert_eq!(
            plain_text(&value).as_deref(),
            Some("who owns pricing? ask <@U123>\nthe plan\nhttps://example.com/x")
        );
    }

    #[test]
    fn only_rich_text_is_read() {
        for value in [
            json!("who owns pricing?"),
            json!(42),
            json!({"type": "rich_text_section", "elements": []}),
            json!({"elements": [{"type": "text", "text": "x"}]}),
        ] {
            assert_eq!(plain_text(&value), None, "{value}");
        }
        assert_eq!(
            plain_text(&json!({"type": "rich_text"})).as_deref(),
            Some("")
        );
    }
}
