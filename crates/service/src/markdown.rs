//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitizes with an allowlist.
//!
//! Raw HTML in the source is shown as text, never passed through; links get
//! `rel="noopener noreferrer nofollow ugc"`; only http, https and mailto links survive; images are
//! dropped, because a remote image would tell its host who read the post and when.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .url_relative(ammonia::UrlRelative::Deny);
    builder
});

const OPTIONS: Options =
    Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_TASKLISTS);

pub fn render(source: &str) -> String {
    let events = Parser::new_ext(source, OPTIONS).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// The text a reader sees of `source`, without its Markdown syntax: what search indexes and
/// quotes in its snippets. Raw HTML stays, as the text it is shown as. Blocks (paragraphs,
/// headings, list items, table rows) end with a blank line, as paragraphs do in the text of a
/// library document: a snippet then shows where one ends and the next begins, which a line
/// break inside a paragraph does not.
pub fn plain_text(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(TagEnd::TableCell) => text.push('\t'),
            // A list item's own text ends where a list inside it starts.
            Event::Start(Tag::Item)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => end_block(&mut text),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// Ends the block `text` ends with, once, however many blocks end there.
fn end_block(text: &mut String) {
    let ended = text.trim_end_matches([' ', '\t', '\n']);
    if !ended.is_empty() {
        let kept = ended.len();
        text.truncate(kept);
        text.push_str("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render};

    #[test]
    fn plain_text_keeps_what_a_reader_sees() {
        let source = "## What worked\n\n**Savings groups** lasted, see [the report](https://asean.org).\n\n- `one`\n- two\n  - nested\n\n<b>raw</b>";
        assert_eq!(
            plain_text(source),
            "What worked\n\nSavings groups lasted, see the report.\n\none\n\ntwo\n\nnested\n\n<b>raw</b>"
        );
    }

    #[test]
    fn renders_ordinary_markdown() {
        let html = render("**Bold** and a [link](https://asean.org).\n\n- one\n- two");
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(html.contains(r#"href="https://asean.org""#));
        assert!(html.contains(r#"rel="noopener noreferrer nofollow ugc""#));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script> <b onclick=\"x()\">hi</b>");
        assert!(!html.contains("<script"));
        assert!(!html.contains("<b "));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn javascript_links_are_removed() {
        let html = render("[click](javascript:alert(1)) [data](data:text/html,hi)");
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("data:"));
        assert!(html.contains("click"));
    }

    #[test]
    fn remote_images_are_not_loaded() {
        let html = render("![tracker](https://evil.example/pixel.png)");
        assert!(!html.contains("<img"));
        assert!(!html.contains("evil.example"));
    }

    #[test]
    fn non_latin_text_survives() {
        let html = render("บทเรียนที่ได้รับ — Bài học kinh nghiệm");
        assert!(html.contains("บทเรียนที่ได้รับ"));
        assert!(html.contains("Bài học kinh nghiệm"));
    }
}
