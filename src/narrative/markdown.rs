//! A narrative's Markdown made safe, and its HTML.
//!
//! A narrative may come from a co-author, so it is treated as untrusted: raw HTML is turned
//! into text, and a link or image whose address has a scheme other than `http` or `https` (a
//! `javascript:` link, a `data:` image) loses its address and keeps its text. The same rules
//! are applied to the Markdown copied into `report.md` (by rewriting the source) and to the
//! events pulldown-cmark turns into HTML (by filtering them), so neither page can run script.
//! Headings get ids (the narrative's own `{#id}`, else one made from the heading's text), and
//! footnote labels are prefixed with the narrative's name, so two narratives' `[^1]` do not
//! meet on one page.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::render::format;

/// CommonMark with tables, footnotes, strikethrough and heading ids.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a link may keep its address: `http(s)://...`, or relative (no scheme at all).
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
    scheme == "http" || scheme == "https"
}

/// The Markdown with raw HTML escaped and unsafe links reduced to their text.
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
                        format::markdown(inner_text)
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
                let escaped: Vec<String> = html.lines().map(format::markdown).collect();
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
                Event::FootnoteReference(CowStr::from(format!("{prefix}-{label}")))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                CowStr::from(format!("{prefix}-{label}")),
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
/// numbered when the page already has it.
fn name_heading(start: &mut Event<'_>, words: &str, prefix: &str, used: &mut Vec<String>) {
    let Event::Start(Tag::Heading {
        level,
        id,
        classes,
        attrs,
    }) = start
    else {
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
        classes: std::mem::take(classes),
        attrs: std::mem::take(attrs),
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
    fn only_http_and_relative_links_keep_their_address() {
        let address = regex::Regex::new(r#"(?i)(href|src)="[^"]*(script|data|mailto):"#).unwrap();
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
            ("[a](mailto:x@example.org)", false),
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
}
