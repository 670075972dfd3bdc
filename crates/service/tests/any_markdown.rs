//! Generated Markdown, read back as a browser reads it: whatever a post or a document holds, its
//! HTML has only the elements and attributes the renderer allows, links only to the web or to an
//! address (each with its `rel`), and no image a remote host could count readers with.
//!
//! The rendered HTML is parsed with html5ever (through scraper), the parser ammonia itself builds
//! on, rather than searched as text: what matters is what a browser makes of it.

use praxis_service::markdown::render;
use proptest::prelude::*;
use proptest::sample::select;
use scraper::{Html, Node};

/// Markdown's own marks, and the blocks they make.
const SYNTAX: &[&str] = &[
    "# ",
    "## ",
    "###### ",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "```html\n",
    "~~",
    "> ",
    "- ",
    "1. ",
    "3) ",
    "- [ ] ",
    "- [x] ",
    "---\n",
    "    ",
    "\n",
    "\n\n",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "&",
    "| a | b |\n|:--|--:|\n| c | d |\n",
    "  \n",
    "===\n",
];

/// Where a link or an image can point, the harmful and the odd among them.
const TARGETS: &[&str] = &[
    "(https://asean.org/wps)",
    "(mailto:focal.point@example.org)",
    "(https://example.org \"a title with <b> & \\\"quotes\\\"\")",
    "(javascript:alert(1))",
    "(JaVaScRiPt:alert(1))",
    "(java\tscript:alert(1))",
    "(&#106;avascript:alert(1))",
    "(data:text/html,<script>alert(1)</script>)",
    "(vbscript:msgbox)",
    "(//evil.example/x)",
    "(/relative/path)",
    "(#fragment)",
    "(<javascript:alert(1)>)",
    "(https://example.org/\"onmouseover=\"alert(1))",
    "<https://asean.org>",
    "<javascript:alert(1)>",
    "<focal.point@example.org>",
    "\n\n[ref]: javascript:alert(1)\n",
    "\n\n[ref]: https://asean.org\n",
    "[ref]",
    "![tracker](https://evil.example/pixel.png)",
    "![x][ref]",
];

/// Raw HTML, which the renderer must show as text.
const HTML: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<b onclick=\"alert(1)\">bold</b>",
    "<iframe src=\"//evil.example\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "<div style=\"position:fixed\">",
    "<details open ontoggle=alert(1)>",
    "<!-- a comment -->",
    "</p></li></table>",
    "<form action=\"https://evil.example\"><input name=password>",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "<p title=\"x\" lang=\"th\">",
];

/// Words of the community's languages.
const WORDS: &[&str] =
    &["women", "ผู้หญิง", "hòa bình", "perempuan", "ស្ត្រី", "🕊️", "1325", "R&D", "a < b > c"];

fn source() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => select(SYNTAX).prop_map(str::to_owned),
        2 => select(TARGETS).prop_map(str::to_owned),
        2 => select(HTML).prop_map(str::to_owned),
        3 => select(WORDS).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Every element the renderer may leave in a post, and the attributes each may carry besides
/// the `lang` and `title` any element may.
fn allowed_attributes(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "a" => &["href", "rel"],
        "ol" => &["start"],
        "th" | "td" => &["align", "colspan", "rowspan"],
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "em" | "del" | "ul" | "li"
        | "code" | "pre" | "blockquote" | "hr" | "br" | "table" | "thead" | "tbody" | "tr" => &[],
        _ => return None,
    })
}

fn is_safe(source: &str) -> Result<(), TestCaseError> {
    let html = render(source);
    let document = Html::parse_fragment(&html);
    for node in document.tree.nodes() {
        let Node::Element(element) = node.value() else { continue };
        let name = element.name();
        // The parser's own frame around a fragment: it never makes these of the fragment's tags.
        if name == "html" || name == "body" {
            continue;
        }
        let allowed = allowed_attributes(name);
        prop_assert!(allowed.is_some(), "a <{}> element in {:?} from {:?}", name, html, source);
        for (attribute, value) in element.attrs() {
            let permitted = ["lang", "title"].contains(&attribute)
                || allowed.unwrap_or_default().contains(&attribute);
            prop_assert!(
                permitted,
                "<{} {}={:?}> in {:?} from {:?}",
                name,
                attribute,
                value,
                html,
                source
            );
        }
        if name == "a" {
            let href = element.attr("href").unwrap_or_default().to_ascii_lowercase();
            let scheme = ["http://", "https://", "mailto:"].iter().any(|s| href.starts_with(s));
            prop_assert!(href.is_empty() || scheme, "a link to {:?} from {:?}", href, source);
            let rel = element.attr("rel");
            let ours = rel == Some("noopener noreferrer nofollow ugc");
            prop_assert!(ours, "a link with rel {:?} in {:?} from {:?}", rel, html, source);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_markdown_renders_to_html_a_browser_cannot_be_made_to_run(source in source()) {
        is_safe(&source)?;
    }
}
