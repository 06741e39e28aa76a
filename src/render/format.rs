//! How numbers and untrusted text are written on the pages.
//!
//! Numbers get thousands separators as the paper prints them. Text from the data goes through
//! one escaping function per output language: HTML is escaped by Tera's autoescape, Markdown
//! by [`markdown`] (registered as the Markdown templates' escape function), SVG by plotters.

/// `1182747` -> `1,182,747`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A real number with `decimals` places and thousands separators: `125.45`.
pub fn real(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        "-"
    } else {
        ""
    };
    let whole = thousands(whole.parse().unwrap_or(0));
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_as_printed() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(77_372_662), "77,372,662");
        assert_eq!(real(125.454_545, 2), "125.45");
        assert_eq!(real(1234.5, 1), "1,234.5");
        assert_eq!(real(-0.001, 2), "0.00");
        assert_eq!(real(-3.5, 1), "-3.5");
    }

    #[test]
    fn markdown_escaping_leaves_no_syntax() {
        assert_eq!(
            markdown("<script>alert(1)</script> | *x*"),
            "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*"
        );
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("Channel 16/12"), "Channel 16/12");
    }
}
