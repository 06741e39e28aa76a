//! Untrusted text made inert: control characters made visible everywhere, and escaping for
//! each output language (Markdown by [`markdown`], registered as the Markdown templates' escape
//! function; HTML by [`html`], Tera's own escaper; SVG by plotters; LaTeX by [`latex`]).
//!
//! Control characters first.
//!
//! Text from the data (post texts, titles, names, cells) may hold control characters: NUL,
//! the escape that starts a terminal sequence, the C1 controls of a mis-decoded file, the
//! direction overrides that reorder what a reader sees. An SVG holding one is no longer
//! well-formed XML, a terminal obeys one, and a reader of a page cannot see one. So every
//! output but `report.json` (where JSON escapes them and the value stays exact) passes through
//! [`controls`], which writes each as its code, `\u{1b}`, in plain sight. Tabs and line breaks
//! are kept.

use std::borrow::Cow;

/// Whether `c` is shown as its code rather than written: C0 controls but tab and line
/// breaks, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hidden character written as `\u{..}`; borrowed when there is none.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value from the data as a message quotes it: escaped as Rust escapes a string (control
/// characters, quotes), and cut to 80 characters with an ellipsis, so one bad cell of a
/// megabyte cannot flood the terminal.
pub fn quoted(value: &str) -> String {
    const SHOWN: usize = 80;
    let mut cut: String = value.chars().take(SHOWN).collect();
    if value.chars().nth(SHOWN).is_some() {
        cut.push('…');
    }
    format!("\"{}\"", cut.escape_debug())
}

/// Escapes text for a Markdown page or table cell: every ASCII punctuation character that
/// CommonMark or GFM tables could read as syntax is backslash-escaped, and line breaks become
/// spaces, so the text renders as the same text and nothing else (no HTML, no link, no cell
/// boundary).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '+' | '!' | '|'
            | '~' | '&' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// Escapes text for HTML (as Tera's autoescape does): the one HTML escaper of the crate,
/// for the pages mobilize writes outside the templates.
pub fn html(text: &str) -> String {
    tera::escape_html(text)
}

/// Escapes text for LaTeX (a table cell, a heading or a caption): the ten special characters
/// (`\\ { } $ & # ^ _ % ~`) become the text they stand for, `<`, `>` and `|` are written as
/// text commands (a font encoding may draw them as other glyphs), brackets are braced so that
/// a cell starting with `[` is not read as an option of the `\\` before it, line breaks and
/// tabs become spaces (a blank line would end the paragraph inside a cell), and control
/// characters are shown as their codes (as [`controls`] does). Everything else, UTF-8
/// included, is kept, so the result is plain text in any LaTeX engine, never a command.
pub fn latex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '#' | '_' | '%' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '[' | ']' => {
                out.push('{');
                out.push(c);
                out.push('}');
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_hidden(c) => {
                out.push_str(&format!("\\textbackslash{{}}u\\{{{:x}\\}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_leaves_no_syntax() {
        assert_eq!(
            markdown("<script>alert(1)</script> | *x*"),
            "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*"
        );
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("Channel 16/12"), "Channel 16/12");
    }

    #[test]
    fn latex_escaping_leaves_no_command() {
        assert_eq!(
            latex(r"\input{/etc/passwd} $x^2$ & 50% #1 a_b ~"),
            r"\textbackslash{}input\{/etc/passwd\} \$x\textasciicircum{}2\$ \& 50\% \#1 a\_b \textasciitilde{}"
        );
        assert_eq!(latex("[1]\n\nx"), "{[}1{]}  x");
        assert_eq!(latex("<a|b>"), r"\textless{}a\textbar{}b\textgreater{}");
        assert_eq!(
            latex("a\u{1b}b\u{202e}"),
            r"a\textbackslash{}u\{1b\}b\textbackslash{}u\{202e\}"
        );
        assert_eq!(latex("Привет, Қазақстан"), "Привет, Қазақстан");
    }

    #[test]
    fn controls_become_visible_codes() {
        assert_eq!(controls("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(controls("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            controls("x\u{0}\u{85}\u{202e}y"),
            "x\\u{0}\\u{85}\\u{202e}y"
        );
        assert!(matches!(controls("Привет"), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_values_are_short_and_escaped() {
        assert_eq!(quoted("a\"b\u{1b}"), "\"a\\\"b\\u{1b}\"");
        let long = "x".repeat(1_000_000);
        assert_eq!(quoted(&long), format!("\"{}…\"", "x".repeat(80)));
    }
}
