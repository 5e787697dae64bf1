//! The few HTML pieces every page uses: escaping, anchors and the page
//! frame. Every text that comes from a spec, a SQL file or a generated
//! statement goes through [`esc`] before it reaches a page, in text and in
//! attributes alike.

use std::fmt::Write as _;

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe in
/// element content and in quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An element id: `kind-name`, where `name` keeps ASCII letters, digits,
/// `_` and `.`, and every other character becomes `-` and its code point
/// in hex, so that two names never share an id and every id is a plain
/// URL fragment.
pub fn anchor(kind: &str, name: &str) -> String {
    let mut out = format!("{kind}-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else {
            let _ = write!(out, "-{:x}-", u32::from(c));
        }
    }
    out
}

/// A link: `<a href="HREF">TEXT</a>`, both escaped.
pub fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(href), esc(text))
}

/// A link to an element of the same page.
pub fn local(id: &str, text: &str) -> String {
    link(&format!("#{id}"), text)
}

/// A whole page: `root` is the relative path back to the site's top
/// (`""` or `"../"`), `crumbs` the trail shown at the top (already HTML).
pub fn page(root: &str, title: &str, crumbs: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n</head>\n\
         <body>\n<header class=\"top\">{crumbs}</header>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

/// A `<pre><code>` block of `text`, escaped.
pub fn code_block(text: &str) -> String {
    format!("<pre><code>{}</code></pre>\n", esc(text))
}

/// A definition list of (term, HTML description) pairs.
pub fn definitions(rows: &[(&str, String)]) -> String {
    let mut out = String::from("<dl>\n");
    for (term, description) in rows {
        let _ = writeln!(out, "<dt>{}</dt><dd>{description}</dd>", esc(term));
    }
    out.push_str("</dl>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{anchor, esc};

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert('x') && "y"</script>"#),
            "&lt;script&gt;alert(&#39;x&#39;) &amp;&amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn anchors_are_distinct_plain_fragments() {
        assert_eq!(anchor("t", "olap.market_data"), "t-olap.market_data");
        assert_eq!(anchor("t", "a b"), "t-a-20-b");
        assert_ne!(anchor("t", "a-b"), anchor("t", "a_b"));
        assert_eq!(anchor("c", "s.t.\"x\""), "c-s.t.-22-x-22-");
    }
}
