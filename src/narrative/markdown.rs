//! A narrative's Markdown made safe, and its HTML.
//!
//! A narrative may come from a co-author, so it is treated as untrusted: raw HTML is turned
//! into text, and every link, image and autolink follows one rule: an address that is `http:`,
//! `https:`, `mailto:` or relative (no scheme, as `#claim-1` or `tables/table1.csv`) is kept,
//! and any other (a `javascript:` link, a `data:` image) is dropped, keeping the link's text.
//! A heading's attribute block keeps only its `{#id}`, made a [`slug`]: classes and attributes
//! (`{.c onfocus=...}`) are dropped. A footnote label becomes its slug too (`[^<b>]` is
//! `[^b]`). The same rules are applied to the Markdown copied into `report.md` (by rewriting
//! the source) and to the events pulldown-cmark turns into HTML (by filtering them), so
//! neither page can run script. Headings get ids (the narrative's own `{#id}`, else one made
//! from the heading's text), and footnote labels are prefixed with the narrative's name, so
//! two narratives' `[^1]` do not meet on one page.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::escape;

/// CommonMark with tables, footnotes, strikethrough and heading ids.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a link, image or autolink may keep its address: `http:`, `https:`, `mailto:`, or
/// relative (no scheme at all).
pub fn allowed_url(url: &str) -> bool {
    // Browsers ignore tabs and line breaks inside an address, so `java\tscript:` is a scheme.
    let url: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let end = url.find([':', '/', '?', '#']).unwrap_or(url.len());
    if !url[end..].starts_with(':') {
        return true;
    }
    let scheme = url[..end].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// The Markdown with raw HTML escaped, unsafe links reduced to their text, headings' attribute
/// blocks reduced to their id and footnote labels to their slug.
pub fn sanitize(markdown: &str) -> String {
    let mut text = markdown.to_string();
    // Unwrapping a link can expose what was inside it; a few passes reach a fixed point.
    for _ in 0..8 {
        let edits = unsafe_spans(&text);
        if edits.is_empty() {
            break;
        }
        text = splice(&text, edits);
    }
    text
}

/// The spans to replace, outermost first, none inside another.
fn unsafe_spans(text: &str) -> Vec<(Range<usize>, String)> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut open: Option<(Range<usize>, Option<Range<usize>>, bool)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if let Some((_, inner, _)) = open.as_mut() {
            match event {
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    let (outer, inner, autolink) = open.take().expect("a link is open");
                    let inner_text = inner.map_or("", |r| &text[r]);
                    let replacement = if autolink {
                        escape::markdown(inner_text)
                    } else {
                        inner_text.to_string()
                    };
                    edits.push((outer, replacement));
                }
                _ => {
                    let grown = match inner.take() {
                        Some(r) => r.start.min(range.start)..r.end.max(range.end),
                        None => range,
                    };
                    *inner = Some(grown);
                }
            }
            continue;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let escaped: Vec<String> = html.lines().map(escape::markdown).collect();
                let mut replacement = escaped.join("\n");
                if html.ends_with('\n') {
                    replacement.push('\n');
                }
                edits.push((range, replacement));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !allowed_url(&dest_url) =>
            {
                let autolink = text[range.clone()].starts_with('<');
                open = Some((range, None, autolink));
            }
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => edits.extend(heading_block(text, range, id.as_deref(), &classes, &attrs)),
            Event::FootnoteReference(label) => edits.extend(footnote(text, range, &label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let end = label_end(text, range.start);
                edits.extend(footnote(text, range.start..end, &label));
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut outermost: Vec<(Range<usize>, String)> = Vec::new();
    for edit in edits {
        if outermost.last().is_none_or(|(r, _)| edit.0.start >= r.end) {
            outermost.push(edit);
        }
    }
    outermost
}

/// A heading's attribute block (`{#id .class key=value}`, the last `{...}` of its source) as
/// `{#slug-of-id}`, or removed when it has no id; `None` when it is already so.
fn heading_block(
    text: &str,
    heading: Range<usize>,
    id: Option<&str>,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> Option<(Range<usize>, String)> {
    let kept = id.map(slug);
    if classes.is_empty() && attrs.is_empty() && kept.as_deref() == id {
        return None;
    }
    let close = heading.start + text[heading.clone()].rfind('}')?;
    let open = heading.start + text[heading.start..close].rfind('{')?;
    if let Some(id) = kept {
        return Some((open..close + 1, format!("{{#{id}}}")));
    }
    let start = text[..open]
        .trim_end_matches([' ', '\t'])
        .len()
        .max(heading.start);
    // Text left ending in `}` could end in another block: its `}` is escaped.
    match text[heading.start..start].strip_suffix('}') {
        Some(before) if !before.ends_with('\\') => Some((start - 1..close + 1, "\\}".into())),
        _ => Some((start..close + 1, String::new())),
    }
}

/// A footnote label's source span (`[^label]`) as `[^slug]`, unless it is one already.
fn footnote(text: &str, span: Range<usize>, label: &str) -> Option<(Range<usize>, String)> {
    let replacement = format!("[^{}]", slug(label));
    (text[span.clone()] != replacement).then_some((span, replacement))
}

/// The end of the `[^label]` opening a footnote definition at `start`: past the first `]`
/// that is not escaped.
fn label_end(text: &str, start: usize) -> usize {
    let mut escaped = false;
    for (i, c) in text[start..].char_indices().skip(2) {
        match c {
            ']' if !escaped => return start + i + 1,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    text.len()
}

fn splice(text: &str, edits: Vec<(Range<usize>, String)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The HTML of (already sanitised) Markdown; `prefix` names the narrative in heading and
/// footnote ids.
pub fn html(markdown: &str, prefix: &str) -> String {
    let mut used: Vec<String> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(usize, String)> = None;
    // For each open link or image, whether it was dropped, so its end is dropped too (a kept
    // image may sit inside a dropped link).
    let mut open_links: Vec<bool> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let dropped = !allowed_url(dest_url);
                open_links.push(dropped);
                if dropped {
                    continue;
                }
                event
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if open_links.pop().unwrap_or(false) {
                    continue;
                }
                event
            }
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(CowStr::from(format!("{prefix}-{}", slug(&label))))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                CowStr::from(format!("{prefix}-{}", slug(&label))),
            )),
            other => other,
        };
        if let Event::Start(Tag::Heading { .. }) = &event {
            heading = Some((events.len(), String::new()));
        }
        if let (Some((_, words)), Event::Text(t) | Event::Code(t)) = (heading.as_mut(), &event) {
            words.push_str(t);
        }
        if let Event::End(TagEnd::Heading(_)) = &event {
            if let Some((at, words)) = heading.take() {
                name_heading(&mut events[at], &words, prefix, &mut used);
            }
        }
        events.push(event);
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// Gives a heading its id: its own `{#id}` made safe, else `prefix-words-of-the-heading`,
/// numbered when the page already has it; its classes and other attributes are dropped.
fn name_heading(start: &mut Event<'_>, words: &str, prefix: &str, used: &mut Vec<String>) {
    let Event::Start(Tag::Heading { level, id, .. }) = start else {
        return;
    };
    let base = match id {
        Some(own) => slug(own),
        None => format!("{prefix}-{}", slug(words)),
    };
    let mut chosen = base.clone();
    let mut n = 2;
    while used.contains(&chosen) {
        chosen = format!("{base}-{n}");
        n += 1;
    }
    used.push(chosen.clone());
    let level: HeadingLevel = *level;
    *start = Event::Start(Tag::Heading {
        level,
        id: Some(CowStr::from(chosen)),
        classes: Vec::new(),
        attrs: Vec::new(),
    });
}

/// Lowercase letters and digits, words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(markdown: &str) -> String {
        html(&sanitize(markdown), "intro")
    }

    #[test]
    fn the_extensions_render() {
        let out = page("| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(
            out.contains("<table>") && out.contains("<td style=\"text-align: right\">2</td>"),
            "{out}"
        );
        let out = page("~~old~~ new");
        assert_eq!(out, "<p><del>old</del> new</p>\n");
        let out = page("A claim.[^1]\n\n[^1]: Its source.\n");
        assert!(out.contains("href=\"#intro-1\""), "{out}");
        assert!(out.contains("id=\"intro-1\""), "{out}");
        let out = page("## What the data say\n\n## Findings {#findings}\n\n## What the data say\n");
        assert!(out.contains("<h2 id=\"intro-what-the-data-say\">"), "{out}");
        assert!(out.contains("<h2 id=\"findings\">Findings</h2>"), "{out}");
        assert!(
            out.contains("<h2 id=\"intro-what-the-data-say-2\">"),
            "{out}"
        );
    }

    #[test]
    fn raw_html_is_text() {
        let md = sanitize("Hello <script>alert(1)</script> and <b onclick=x>bold</b>.\n\n<div>\n<img src=x onerror=alert(2)>\n</div>\n");
        let bare = md
            .match_indices('<')
            .filter(|(at, _)| !md[..*at].ends_with('\\'));
        assert_eq!(bare.count(), 0, "every < is escaped: {md}");
        let out = html(&md, "intro");
        assert!(
            !out.contains("<script") && !out.contains("<b ") && !out.contains("<img"),
            "{out}"
        );
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("&lt;img src=x onerror=alert(2)&gt;"), "{out}");
    }

    #[test]
    fn only_http_mailto_and_relative_links_keep_their_address() {
        let address = regex::Regex::new(r#"(?i)(href|src)="[^"]*(script|data|tel|file):"#).unwrap();
        for (link, kept) in [
            ("[a](https://example.org/x)", true),
            ("[a](http://example.org)", true),
            ("[a](#claim-1)", true),
            ("[a](tables/table1.csv)", true),
            ("[a](javascript:alert(1))", false),
            ("[a](JavaScript:alert(1))", false),
            ("[a](jav&#x61;script:alert(1))", false),
            ("[a](java\tscript:alert(1))", false),
            ("[a](data:text/html;base64,PHNjcmlwdD4=)", false),
            ("[a](vbscript:x)", false),
            ("[a](mailto:x@example.org)", true),
            ("<mailto:x@example.org>", true),
            ("<x@example.org>", true),
            ("![a](mailto:x@example.org)", true),
            ("[a](MAILTO:x@example.org)", true),
            ("[a](tel:123)", false),
            ("<tel:123>", false),
            ("![a](file:///etc/passwd)", false),
            ("<javascript:alert(1)>", false),
            ("![alt](javascript:alert(1))", false),
        ] {
            let md = sanitize(link);
            let out = html(&md, "n");
            assert_eq!(
                out.contains("href=") || out.contains("src="),
                kept,
                "{link}: {md} -> {out}"
            );
            assert!(!address.is_match(&out), "{link}: {out}");
        }
        assert_eq!(
            sanitize("see [the *panel*](javascript:x) now"),
            "see the *panel* now"
        );
    }

    #[test]
    fn a_heading_keeps_only_its_id_made_a_slug() {
        let md = sanitize(
            "## Findings {autofocus onfocus=alert(document.domain) tabindex=0}\n\n\
             ## More {#Mine .c style=x}\n\n## a {b} {.c}\n\n## Kept {#kept}\n\n\
             Setext {onclick=x}\n===\n",
        );
        assert_eq!(
            md,
            "## Findings\n\n## More {#mine}\n\n## a {b\\}\n\n## Kept {#kept}\n\nSetext\n===\n"
        );
        assert_eq!(sanitize(&md), md, "a fixed point");
        assert_eq!(
            html(&md, "n"),
            "<h2 id=\"n-findings\">Findings</h2>\n<h2 id=\"mine\">More</h2>\n\
             <h2 id=\"n-a-b\">a {b}</h2>\n<h2 id=\"kept\">Kept</h2>\n<h1 id=\"n-setext\">Setext</h1>\n"
        );
        assert_eq!(html("## F {#F .c onfocus=x}", "n"), "<h2 id=\"f\">F</h2>\n");
    }

    #[test]
    fn footnote_labels_are_slugs() {
        let md = sanitize(
            "A[^<script>alert(1)</script>] b[^a\\]b] c[^1].\n\n\
             [^<script>alert(1)</script>]: one <i>x</i>\n\n[^a\\]b]: two\n\n[^1]: three\n",
        );
        assert_eq!(
            md,
            "A[^script-alert-1-script] b[^a-b] c[^1].\n\n\
             [^script-alert-1-script]: one \\<i\\>x\\</i\\>\n\n[^a-b]: two\n\n[^1]: three\n"
        );
        let out = html(
            "A[^<script>alert(1)</script>]\n\n[^<script>alert(1)</script>]: x\n",
            "n",
        );
        assert!(out.contains("href=\"#n-script-alert-1-script\""), "{out}");
        assert!(out.contains("id=\"n-script-alert-1-script\""), "{out}");
        assert!(!out.contains("script&gt;"), "{out}");
    }
}
