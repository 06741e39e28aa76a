//! What a narrative may ask of Tera, checked before Tera runs, and the template Tera is given.
//!
//! A narrative is untrusted, so it may use text, `{{ ... }}`, comments, `{% if %}` (with
//! `elif` and `else`) and `{% raw %}`; calls of the functions of [`functions::NAMES`] only
//! (`claim` only alone in its `{{ ... }}`); the filters of [`FILTERS`], pure formatting whose
//! output is no larger than a small multiple of its input (not `safe`, `replace`, `join`); and
//! the tests of [`TESTS`]. Tera's own functions (`get_env`, `range`, ...) and tags (`for`,
//! `set`, `include`, `macro`, ...) are refused, so a narrative cannot read the environment or
//! files, loop, or grow its output without bound. [`prepare`] checks the text as
//! [`scan`] reads it, with the file and line of the first thing refused, and also refuses a file
//! over [`MAX_BYTES`], brackets nested over [`MAX_DEPTH`] deep in a tag, more than
//! [`MAX_OPERATORS`] operators in a tag and `{% if %}` nested over [`MAX_DEPTH`] deep (Tera's
//! parser and renderer recurse on each, and a deep one overflows the stack). [`allowed`] walks
//! the tree Tera parsed and refuses the same things again, so nothing the scan misread is run.
//!
//! The template Tera is given has the lines of the narrative: a heading's `{#id}` is wrapped
//! in `{% raw %}` (Tera would read `{#` as a comment), `name(...).field` becomes
//! `name(..., __field="field")`, each `{{ ... }}` is wrapped in the `figures` filter, and each
//! `{{ ... }}`, `{% if %}` and `{% elif %}` first calls [`LINE`] with its line, so an error
//! while rendering knows where it is.

use tera::ast::{Expr, ExprVal, Node};

use super::functions::{self, NAMES};
use super::scan::{self, Kind, Piece, Token};
use crate::error::{Error, Result};

/// The largest narrative file, and the largest filled text of one: 1 MB.
pub const MAX_BYTES: usize = crate::read::BY_HAND as usize;
/// How deep brackets may nest in one tag, and `{% if %}` in one narrative.
pub const MAX_DEPTH: usize = 32;
/// How many operators (`+`, `<`, `and`, ...) one tag may hold.
pub const MAX_OPERATORS: usize = 32;
/// The filters a narrative may use.
pub const FILTERS: [&str; 16] = [
    "abs",
    "capitalize",
    "default",
    "figures",
    "first",
    "float",
    "int",
    "last",
    "length",
    "lower",
    "round",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordcount",
];
/// The tests (`x is odd`) a narrative may use.
pub const TESTS: [&str; 12] = [
    "containing",
    "defined",
    "divisibleby",
    "ending_with",
    "even",
    "iterable",
    "number",
    "object",
    "odd",
    "starting_with",
    "string",
    "undefined",
];
/// The statements (`{% if %}`) a narrative may use.
const STATEMENTS: [&str; 6] = ["if", "elif", "else", "endif", "raw", "endraw"];
/// Words that may stand before `(` without being a call.
const KEYWORDS: [&str; 7] = ["and", "or", "not", "in", "is", "if", "elif"];
/// The function the prepared template calls with the line of each tag (see [`prepare`]).
pub const LINE: &str = "__line";
/// The filter wrapped around each `{{ ... }}`.
pub const FIGURES: &str = "figures";

/// A name a narrative uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// A `{% ... %}` tag, by its keyword (`if`, `for`, `set`).
    Statement(String),
    /// A call, by its name (`term`, `get_env`), or `namespace::name` for a macro call (`self::m`).
    Function(String),
    /// A filter after `|`, by its name (`round`, `safe`).
    Filter(String),
    /// A test after `is` or `is not`, by its name (`odd`, `defined`).
    Test(String),
    /// `claim(...)` anywhere but alone in a `{{ ... }}`.
    InnerClaim,
}

impl Use {
    fn allowed(&self) -> bool {
        match self {
            Use::Statement(name) => STATEMENTS.contains(&name.as_str()),
            Use::Function(name) => NAMES.contains(&name.as_str()),
            Use::Filter(name) => FILTERS.contains(&name.as_str()),
            Use::Test(name) => TESTS.contains(&name.as_str()),
            Use::InnerClaim => false,
        }
    }

    /// Why it is refused.
    fn refusal(&self) -> String {
        let cut = |name: &str| super::cut(name);
        match self {
            Use::Statement(name) => format!(
                "found {{% {} %}}, expected text, {{{{ ... }}}}, {{# ... #}}, {{% if %}} and \
                 {{% raw %}} only",
                cut(name)
            ),
            Use::Function(name) => format!(
                "found the function {}, expected one of {}",
                cut(name),
                NAMES.join(", ")
            ),
            Use::Filter(name) => format!(
                "found the filter {}, expected one of {}",
                cut(name),
                FILTERS.join(", ")
            ),
            Use::Test(name) => format!(
                "found the test {}, expected one of {}",
                cut(name),
                TESTS.join(", ")
            ),
            Use::InnerClaim => {
                "found claim(...) inside an expression, expected {{ claim(...) }} alone".into()
            }
        }
    }
}

/// The narrative `text` of `file`, checked, as Tera is to parse it, with its pieces.
pub fn prepare(file: &str, text: &str) -> Result<(String, Vec<Piece>)> {
    if text.len() > MAX_BYTES {
        return Err(Error::config(
            file,
            format!(
                "found a narrative of {} bytes, expected at most 1 MB ({MAX_BYTES} bytes)",
                text.len()
            ),
        ));
    }
    let pieces = scan::pieces(text);
    let mut ifs = 0usize;
    for piece in &pieces {
        let tag = &text[piece.start..piece.end];
        let at = |offset: usize| located(file, piece, tag, offset);
        if let Some((offset, message)) = refused_in(piece.kind, tag) {
            return Err(Error::config(at(offset), message));
        }
        match statement(piece.kind, tag) {
            Some("if") => ifs += 1,
            Some("endif") => ifs = ifs.saturating_sub(1),
            _ => {}
        }
        if ifs > MAX_DEPTH {
            return Err(Error::config(
                at(0),
                format!("found {{% if %}} nested {ifs} deep, expected at most {MAX_DEPTH}"),
            ));
        }
    }
    Ok((rewrite(text, &pieces), pieces))
}

/// `file:line` of the byte `offset` of a tag's inside.
fn located(file: &str, piece: &Piece, tag: &str, offset: usize) -> String {
    let before = &tag[..(opening(tag) + offset).min(tag.len())];
    format!("{file}:{}", piece.line + before.matches('\n').count())
}

/// The length of a tag's opening delimiter: `{{` or `{{-`.
fn opening(tag: &str) -> usize {
    if tag[2..].starts_with('-') {
        3
    } else {
        2
    }
}

fn statement(kind: Kind, tag: &str) -> Option<&str> {
    (kind == Kind::Statement)
        .then(|| scan::keyword(scan::inside(tag)))
        .flatten()
}

/// The first thing refused in a tag, with its offset in the tag's inside and why.
fn refused_in(kind: Kind, tag: &str) -> Option<(usize, String)> {
    if !matches!(kind, Kind::Print | Kind::Statement) {
        return None;
    }
    let tokens = scan::tokens(scan::inside(tag));
    if let Some(found) = too_deep(&tokens).or_else(|| too_many_operators(&tokens)) {
        return Some(found);
    }
    let claim_alone = kind == Kind::Print && claim_alone(&tokens);
    uses(kind, &tokens)
        .into_iter()
        .map(|(offset, used)| match used {
            Use::Function(name) if name == "claim" && !claim_alone => (offset, Use::InnerClaim),
            other => (offset, other),
        })
        .find(|(_, used)| !used.allowed())
        .map(|(offset, used)| (offset, used.refusal()))
}

/// Brackets nested over [`MAX_DEPTH`] deep: where they pass it, and how deep they go.
fn too_deep(tokens: &[(usize, Token<'_>)]) -> Option<(usize, String)> {
    let (mut depth, mut deepest, mut passed) = (0usize, 0, None);
    for (offset, token) in tokens {
        match token {
            Token::Symbol('(' | '[' | '{') => depth += 1,
            Token::Symbol(')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => continue,
        }
        deepest = deepest.max(depth);
        if depth > MAX_DEPTH && passed.is_none() {
            passed = Some(*offset);
        }
    }
    passed.map(|offset| {
        let message =
            format!("found an expression nested {deepest} deep, expected at most {MAX_DEPTH}");
        (offset, message)
    })
}

/// More than [`MAX_OPERATORS`] operators (each a level of Tera's expression tree).
fn too_many_operators(tokens: &[(usize, Token<'_>)]) -> Option<(usize, String)> {
    let operator = |i: usize| match tokens[i].1 {
        Token::Symbol('+' | '-' | '*' | '/' | '%' | '<' | '>' | '!') => true,
        Token::Symbol('=') => matches!(tokens.get(i + 1), Some((_, Token::Symbol('=')))),
        Token::Word(word) => matches!(word, "and" | "or"),
        _ => false,
    };
    let at: Vec<usize> = (0..tokens.len()).filter(|i| operator(*i)).collect();
    at.get(MAX_OPERATORS).map(|i| {
        let message = format!(
            "found an expression with {} operators, expected at most {MAX_OPERATORS}",
            at.len()
        );
        (tokens[*i].0, message)
    })
}

/// Whether a `{{ ... }}` is `claim(...)` and nothing else.
fn claim_alone(tokens: &[(usize, Token<'_>)]) -> bool {
    if !matches!(tokens.first(), Some((_, Token::Word("claim")))) {
        return false;
    }
    let mut depth = 0usize;
    for (i, (_, token)) in tokens.iter().enumerate().skip(1) {
        match token {
            Token::Symbol('(' | '[') => depth += 1,
            Token::Symbol(')' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return i == tokens.len() - 1;
        }
    }
    false
}

/// The names a tag uses, with their offsets in its inside.
fn uses(kind: Kind, tokens: &[(usize, Token<'_>)]) -> Vec<(usize, Use)> {
    let word = |i: usize| match tokens.get(i) {
        Some((_, Token::Word(w))) => Some(*w),
        _ => None,
    };
    let symbol = |i: usize| match tokens.get(i) {
        Some((_, Token::Symbol(c))) => Some(*c),
        _ => None,
    };
    let mut out = Vec::new();
    if kind == Kind::Statement {
        if let Some(keyword) = word(0) {
            out.push((tokens[0].0, Use::Statement(keyword.to_string())));
        }
    }
    for (i, (offset, _)) in tokens.iter().enumerate() {
        let Some(name) = word(i).filter(|w| !w.starts_with(|c: char| c.is_ascii_digit())) else {
            continue;
        };
        let after_is = word(i.wrapping_sub(1)) == Some("is")
            || (word(i.wrapping_sub(1)) == Some("not") && word(i.wrapping_sub(2)) == Some("is"));
        let used = if symbol(i.wrapping_sub(1)) == Some('|') {
            Use::Filter(name.into())
        } else if after_is && name != "not" {
            Use::Test(name.into())
        } else if symbol(i + 1) == Some(':') && symbol(i + 2) == Some(':') {
            Use::Function(format!("{name}::{}", word(i + 3).unwrap_or("")))
        } else if symbol(i + 1) == Some('(') && !KEYWORDS.contains(&name) {
            if symbol(i.wrapping_sub(1)) == Some(':') {
                continue;
            }
            Use::Function(name.into())
        } else {
            continue;
        };
        out.push((*offset, used));
    }
    out
}

/// The narrative as Tera is to parse it (see the module's documentation); it has the same
/// lines.
fn rewrite(text: &str, pieces: &[Piece]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut at = 0;
    for piece in pieces {
        out.push_str(&text[at..piece.start]);
        let tag = &text[piece.start..piece.end];
        match piece.kind {
            Kind::Print => out.push_str(&print(tag, piece.line)),
            Kind::Statement => out.push_str(&condition(tag, piece.line)),
            Kind::HeadingAttributes => out.push_str("{% raw %}{#{% endraw %}"),
            Kind::Comment | Kind::Raw => out.push_str(tag),
        }
        at = piece.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `{{ x }}` as `{% filter figures %}{% if __line(n=3) %}{% endif %}{{ x }}{% endfilter %}`,
/// keeping a `{{-` or `-}}` on the outside.
fn print(tag: &str, line: usize) -> String {
    let tag = functions::rewrite_tag(tag);
    let marker = format!("{{% if {LINE}(n={line}) %}}{{% endif %}}");
    if !tag.ends_with("}}") {
        return format!("{marker}{tag}");
    }
    let left = if tag.starts_with("{{-") { "-" } else { "" };
    let right = if tag.ends_with("-}}") { "-" } else { "" };
    format!("{{%{left} filter {FIGURES} %}}{marker}{tag}{{% endfilter {right}%}}")
}

/// `{% if x %}` as `{% if __line(n=3) or (x) %}`, and so `elif`; other statements as they are.
fn condition(tag: &str, line: usize) -> String {
    let tag = functions::rewrite_tag(tag);
    let start = opening(&tag);
    let tokens = scan::tokens(&tag[start..]);
    let keyword = match tokens.first() {
        Some((offset, Token::Word(word @ ("if" | "elif")))) => start + offset + word.len(),
        _ => return tag,
    };
    let close = match (tag.strip_suffix("-%}"), tag.strip_suffix("%}")) {
        (Some(body), _) | (None, Some(body)) => body.len(),
        (None, None) => return tag,
    };
    if close < keyword {
        return tag;
    }
    format!(
        "{} {LINE}(n={line}) or ({}){}",
        &tag[..keyword],
        &tag[keyword..close],
        &tag[close..]
    )
}

/// Refuses, at its place in `text`, the first thing of the parsed template `ast` that a
/// narrative may not use.
pub fn allowed(file: &str, text: &str, pieces: &[Piece], ast: &[Node]) -> Result<()> {
    let Err(used) = nodes(ast) else {
        return Ok(());
    };
    let tags = pieces
        .iter()
        .filter(|p| matches!(p.kind, Kind::Print | Kind::Statement));
    let place = tags.into_iter().find_map(|piece| {
        let tag = &text[piece.start..piece.end];
        let tokens = scan::tokens(scan::inside(tag));
        let wanted = match &used {
            Use::InnerClaim => Use::Function("claim".into()),
            other => other.clone(),
        };
        uses(piece.kind, &tokens)
            .into_iter()
            .find(|(_, u)| *u == wanted)
            .map(|(offset, _)| located(file, piece, tag, offset))
    });
    let location = place.unwrap_or_else(|| format!("{file}:1"));
    Err(Error::config(location, used.refusal()))
}

fn nodes(ast: &[Node]) -> std::result::Result<(), Use> {
    ast.iter().try_for_each(node)
}

fn node(node: &Node) -> std::result::Result<(), Use> {
    match node {
        Node::Text(_) | Node::Comment(..) | Node::Raw(..) => Ok(()),
        Node::VariableBlock(_, expr) => match (&expr.val, expr.filters.is_empty()) {
            (ExprVal::FunctionCall(call), true) if call.name == "claim" && !expr.negated => {
                call.args.values().try_for_each(expression)
            }
            _ => expression(expr),
        },
        Node::If(branches, _) => {
            for (_, test, body) in &branches.conditions {
                expression(test)?;
                nodes(body)?;
            }
            branches
                .otherwise
                .iter()
                .try_for_each(|(_, body)| nodes(body))
        }
        Node::FilterSection(_, section, _)
            if section.filter.name == FIGURES && section.filter.args.is_empty() =>
        {
            nodes(&section.body)
        }
        Node::Super => Err(Use::Function("super".into())),
        other => Err(Use::Statement(statement_name(other).into())),
    }
}

/// The keyword of a statement Tera parsed.
fn statement_name(node: &Node) -> &'static str {
    match node {
        Node::MacroDefinition(..) => "macro",
        Node::Extends(..) => "extends",
        Node::Include(..) => "include",
        Node::ImportMacro(..) => "import",
        Node::Set(_, set) if set.global => "set_global",
        Node::Set(..) => "set",
        Node::FilterSection(..) => "filter",
        Node::Block(..) => "block",
        Node::Forloop(..) => "for",
        Node::Break(..) => "break",
        Node::Continue(..) => "continue",
        _ => "?",
    }
}

fn expression(expr: &Expr) -> std::result::Result<(), Use> {
    for filter in &expr.filters {
        let used = Use::Filter(filter.name.clone());
        if !used.allowed() {
            return Err(used);
        }
        filter.args.values().try_for_each(expression)?;
    }
    value(&expr.val)
}

fn value(val: &ExprVal) -> std::result::Result<(), Use> {
    match val {
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => Ok(()),
        ExprVal::Math(m) => expression(&m.lhs).and_then(|_| expression(&m.rhs)),
        ExprVal::Logic(l) => expression(&l.lhs).and_then(|_| expression(&l.rhs)),
        ExprVal::In(i) => expression(&i.lhs).and_then(|_| expression(&i.rhs)),
        ExprVal::Test(test) => {
            let used = Use::Test(test.name.clone());
            if !used.allowed() {
                return Err(used);
            }
            test.args.iter().try_for_each(expression)
        }
        ExprVal::MacroCall(call) => {
            Err(Use::Function(format!("{}::{}", call.namespace, call.name)))
        }
        ExprVal::FunctionCall(call) => {
            match call.name.as_str() {
                LINE => {}
                "claim" => return Err(Use::InnerClaim),
                name if !NAMES.contains(&name) => return Err(Use::Function(name.into())),
                _ => {}
            }
            call.args.values().try_for_each(expression)
        }
        ExprVal::Array(items) => items.iter().try_for_each(expression),
        ExprVal::StringConcat(concat) => concat.values.iter().try_for_each(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(text: &str) -> String {
        prepare("a.md", text).map(|(t, _)| t).unwrap()
    }

    fn refused(text: &str) -> String {
        prepare("a.md", text).unwrap_err().to_string()
    }

    #[test]
    fn the_template_keeps_its_lines_and_marks_each_tag() {
        assert_eq!(
            prepared(
                "term(rank=1).term {{ term(rank=1).shown }}\n## H {#h}\n\
                 {%- if corpus().documents > 1 -%}\n{{- claim(published=1, computed=1) -}}\
                 {% elif x %}{% endif %}"
            ),
            "term(rank=1).term {% filter figures %}{% if __line(n=1) %}{% endif %}\
             {{ term(rank=1, __field=\"shown\") }}{% endfilter %}\n\
             ## H {% raw %}{#{% endraw %}h}\n\
             {%- if __line(n=3) or ( corpus(__field=\"documents\") > 1 )-%}\n\
             {%- filter figures %}{% if __line(n=4) %}{% endif %}\
             {{- claim(published=1, computed=1) -}}{% endfilter -%}\
             {% elif __line(n=4) or ( x )%}{% endif %}"
        );
    }

    #[test]
    fn names_are_classified_as_tera_reads_them() {
        let tokens = scan::tokens(
            " a::m(x) | round(p=1) is not odd and term(rank=1) is divisibleby(2) | safe",
        );
        let found: Vec<Use> = uses(Kind::Print, &tokens)
            .into_iter()
            .map(|(_, u)| u)
            .collect();
        assert_eq!(
            found,
            [
                Use::Function("a::m".into()),
                Use::Filter("round".into()),
                Use::Test("odd".into()),
                Use::Function("term".into()),
                Use::Test("divisibleby".into()),
                Use::Filter("safe".into()),
            ]
        );
    }

    #[test]
    fn the_internal_line_function_is_not_for_narratives() {
        assert_eq!(
            refused("{{ __line(n=9) }}"),
            format!(
                "a.md:1: found the function __line, expected one of {}",
                NAMES.join(", ")
            )
        );
    }
}
