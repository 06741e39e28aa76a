//! A narrative read the way Tera's lexer reads it, without Tera.
//!
//! [`pieces`] finds every `{{ ... }}`, `{% ... %}` and `{# ... #}` with the line it starts on,
//! the text of a `{% raw %}` block, and the `{#id ...}` attribute block at the end of an ATX
//! heading (`## Findings {#findings}`), which Tera would read as an unclosed comment. Inside a
//! tag, strings (`"..."`, `'...'`, `` `...` ``, without escapes, as in Tera) are skipped, so a
//! `}}` or a bracket in an argument does not count. [`tokens`] splits the inside of a tag into
//! words, strings and symbols. Nothing here recurses, so any text can be scanned.

/// What a piece of a narrative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{{ ... }}`.
    Print,
    /// `{% ... %}`.
    Statement,
    /// `{# ... #}`.
    Comment,
    /// The text between `{% raw %}` and `{% endraw %}`.
    Raw,
    /// The `{#` opening a heading's attribute block.
    HeadingAttributes,
}

/// A piece of a narrative that is not plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Tag, comment, raw text or a heading's `{#`.
    pub kind: Kind,
    /// Byte offsets in the narrative.
    pub start: usize,
    /// Just past the piece's closing delimiter, or the end of the text when it is never closed.
    pub end: usize,
    /// The line it starts on, 1 for the first.
    pub line: usize,
}

/// A token inside a tag, at its byte offset in the tag's inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A name, keyword or number: `term`, `and`, `1`.
    Word(&'a str),
    /// A string with its quotes.
    Str,
    /// Any other character that is not whitespace.
    Symbol(char),
}

/// Every piece of `text`, in order.
pub fn pieces(text: &str) -> Vec<Piece> {
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let piece = |kind, end| Piece {
            kind,
            start,
            end,
            line: lines.at(start),
        };
        at = match text.as_bytes().get(start + 1) {
            Some(b'{') => {
                let end = tag_end(text, start, "}}");
                out.push(piece(Kind::Print, end));
                end
            }
            Some(b'%') => {
                let end = tag_end(text, start, "%}");
                out.push(piece(Kind::Statement, end));
                if keyword(inside(&text[start..end])) == Some("raw") {
                    end_of_raw(text, end, &lines, &mut out)
                } else {
                    end
                }
            }
            Some(b'#') if heading_attributes(text, start) => {
                out.push(piece(Kind::HeadingAttributes, start + 2));
                start + 2
            }
            Some(b'#') => {
                let end = text[start + 2..]
                    .find("#}")
                    .map_or(text.len(), |e| start + 2 + e + 2);
                out.push(piece(Kind::Comment, end));
                end
            }
            _ => start + 1,
        };
    }
    out
}

/// Records the raw text from `from` and the `{% endraw %}` closing it; returns where the
/// closing tag ends (the end of the text when there is none).
fn end_of_raw(text: &str, from: usize, lines: &Lines, out: &mut Vec<Piece>) -> usize {
    let mut search = from;
    let (close, end) = loop {
        let Some(found) = text[search..].find("{%") else {
            break (text.len(), text.len());
        };
        let close = search + found;
        if let Some(end) = endraw(text, close) {
            break (close, end);
        }
        search = close + 2;
    };
    let piece = |kind, start, end| Piece {
        kind,
        start,
        end,
        line: lines.at(start),
    };
    out.push(piece(Kind::Raw, from, close));
    if close < end {
        out.push(piece(Kind::Statement, close, end));
    }
    end
}

/// The end of `{% endraw %}` (with any `-` and spaces Tera accepts) at `at`, if it is one.
fn endraw(text: &str, at: usize) -> Option<usize> {
    let rest = text[at + 2..].strip_prefix('-').unwrap_or(&text[at + 2..]);
    let rest = rest.trim_start_matches(is_space).strip_prefix("endraw")?;
    let rest = rest.trim_start_matches(is_space);
    let rest = rest.strip_prefix('-').unwrap_or(rest).strip_prefix("%}")?;
    Some(text.len() - rest.len())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The end of the tag opened at `start`: past its `close` outside strings, or the end of the
/// text.
fn tag_end(text: &str, start: usize, close: &str) -> usize {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = start + 2;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'' | b'`') => quote = Some(bytes[i]),
            (None, _) if bytes[i..].starts_with(close.as_bytes()) => return i + close.len(),
            (None, _) => {}
        }
        i += 1;
    }
    text.len()
}

/// Whether the `{#` at `at` opens the attribute block that ends an ATX heading line
/// (`## Findings {#findings}`) rather than a comment: the line is a heading, the block runs to
/// its end and holds no `{`, `}`, `<`, `>`, `\` or `#}` (as pulldown-cmark reads one), and it
/// does not start with a space, as a comment usually does.
fn heading_attributes(text: &str, at: usize) -> bool {
    // Forward first, and stopping early, so that a text of many `{#` is read once.
    let rest = &text[at + 2..];
    let Some(close) = rest
        .find(['}', '\n'])
        .filter(|c| rest.as_bytes()[*c] == b'}')
    else {
        return false;
    };
    let (inner, after) = (&rest[..close], &rest[close + 1..]);
    let ends_line = after
        .find(|c: char| !matches!(c, ' ' | '\t' | '\r'))
        .is_none_or(|i| after.as_bytes()[i] == b'\n');
    let block = ends_line
        && inner.starts_with(|c: char| !c.is_whitespace())
        && !inner.contains(['{', '<', '>', '\\'])
        && !inner.contains("#}");
    let line_start = || text[..at].rfind('\n').map_or(0, |i| i + 1);
    block && atx_heading(&text[line_start()..at])
}

/// Whether a line starting with `line` opens an ATX heading (`## `), perhaps in a block quote.
fn atx_heading(line: &str) -> bool {
    let mut rest = line;
    loop {
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if indent > 3 {
            return false;
        }
        rest = &rest[indent..];
        match rest.strip_prefix('>') {
            Some(quoted) => rest = quoted,
            None => break,
        }
    }
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && rest[hashes..].starts_with([' ', '\t'])
}

/// The inside of a tag, without its delimiters and their `-`.
pub fn inside(tag: &str) -> &str {
    let body = tag.get(2..).unwrap_or("");
    let body = body.strip_prefix('-').unwrap_or(body);
    let body = body
        .strip_suffix("}}")
        .or_else(|| body.strip_suffix("%}"))
        .or_else(|| body.strip_suffix("#}"))
        .unwrap_or(body);
    body.strip_suffix('-').unwrap_or(body)
}

/// The first word of a statement's inside: `if`, `for`, `raw`.
pub fn keyword(inside: &str) -> Option<&str> {
    match tokens(inside).first() {
        Some((_, Token::Word(word))) => Some(word),
        _ => None,
    }
}

/// The tokens of a tag's inside, each with its byte offset.
pub fn tokens(inside: &str) -> Vec<(usize, Token<'_>)> {
    let bytes = inside.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let len = if word(b) {
            let len = bytes[i..].iter().take_while(|c| word(**c)).count();
            out.push((i, Token::Word(&inside[i..i + len])));
            len
        } else if matches!(b, b'"' | b'\'' | b'`') {
            out.push((i, Token::Str));
            bytes[i + 1..]
                .iter()
                .position(|c| *c == b)
                .map_or(bytes.len() - i, |p| p + 2)
        } else if b.is_ascii_whitespace() {
            1
        } else {
            let ch = inside[i..].chars().next().expect("a character starts here");
            out.push((i, Token::Symbol(ch)));
            ch.len_utf8()
        };
        i += len;
    }
    out
}

/// Line numbers of byte offsets.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Finds the start of every line of `text`, for [`Lines::at`].
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The line (1 for the first) of the byte at `offset`.
    pub fn at(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str, usize)> {
        pieces(text)
            .into_iter()
            .map(|p| (p.kind, &text[p.start..p.end], p.line))
            .collect()
    }

    #[test]
    fn tags_comments_raw_text_and_heading_ids_are_found_with_their_lines() {
        let text = "a {{ x(s=\"}}\") }}\n{% if y %}{# c\n #}\n## H {#h .c}\n\
                    {%- raw -%}{{ {% if %}{%endraw%} {{ z";
        assert_eq!(
            kinds(text),
            [
                (Kind::Print, "{{ x(s=\"}}\") }}", 1),
                (Kind::Statement, "{% if y %}", 2),
                (Kind::Comment, "{# c\n #}", 2),
                (Kind::HeadingAttributes, "{#", 4),
                (Kind::Statement, "{%- raw -%}", 5),
                (Kind::Raw, "{{ {% if %}", 5),
                (Kind::Statement, "{%endraw%}", 5),
                (Kind::Print, "{{ z", 5),
            ]
        );
    }

    #[test]
    fn only_a_block_ending_a_heading_line_is_a_heading_s() {
        for (text, heading) in [
            ("## Findings {#findings}", true),
            ("> ### Findings {#findings .x}  ", true),
            ("#### A {#a b=c}\nnext", true),
            ("Findings {#findings}", false),
            ("## Findings {# a comment #}", false),
            ("## Findings {#findings} more", false),
            ("## Findings {#a<b}", false),
            ("####### Findings {#findings}", false),
            ("    ## Findings {#findings}", false),
        ] {
            let found = pieces(text)
                .iter()
                .any(|p| p.kind == Kind::HeadingAttributes);
            assert_eq!(found, heading, "{text}");
        }
    }

    #[test]
    fn tokens_skip_strings_and_spaces() {
        assert_eq!(
            tokens(" x | round(p=\"(\") == 'a' "),
            [
                (1, Token::Word("x")),
                (3, Token::Symbol('|')),
                (5, Token::Word("round")),
                (10, Token::Symbol('(')),
                (11, Token::Word("p")),
                (12, Token::Symbol('=')),
                (13, Token::Str),
                (16, Token::Symbol(')')),
                (18, Token::Symbol('=')),
                (19, Token::Symbol('=')),
                (21, Token::Str),
            ]
        );
        assert_eq!(inside("{{- x -}}"), " x ");
        assert_eq!(keyword(inside("{%- if x %}")), Some("if"));
    }

    #[test]
    fn text_of_any_script_is_read_inside_a_tag() {
        assert_eq!(
            kinds("{{ Назарбаев }} {%é%}"),
            [
                (Kind::Print, "{{ Назарбаев }}", 1),
                (Kind::Statement, "{%é%}", 1)
            ]
        );
        assert_eq!(
            tokens("é(x"),
            [
                (0, Token::Symbol('é')),
                (2, Token::Symbol('(')),
                (3, Token::Word("x"))
            ]
        );
    }

    #[test]
    fn a_megabyte_of_openings_is_scanned_in_one_pass() {
        let comments = "{#a#}".repeat(200_000);
        assert_eq!(pieces(&comments).len(), 200_000);
        let headings = format!("## {}{{#a}}\n", "x".repeat(1000)).repeat(1000);
        assert_eq!(pieces(&headings).len(), 1000);
        assert_eq!(pieces(&"{#a ".repeat(250_000)).len(), 1);
        assert_eq!(pieces(&"{{ '".repeat(250_000)).len(), 1);
    }
}
