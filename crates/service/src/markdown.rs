//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitizes with an allowlist.
//!
//! Raw HTML in the source is shown as text, never passed through; links get
//! `rel="noopener noreferrer nofollow ugc"`; only http, https and mailto links survive; images are
//! dropped, because a remote image would tell its host who read the post and when.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .url_relative(ammonia::UrlRelative::Deny);
    builder
});

pub fn render(source: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

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
