//! How the event datasets' words become mobilize's codes: crowd sizes and forms of action.
//!
//! ACLED writes crowd sizes as words (`crowd size=hundreds`, `crowd size=between 200 and
//! 300`), Mass Mobilization as free text (`100s`, `Thousands`, `>50`). One rule reads them all
//! into the paper's brackets (<100, 100 to 1,000, >1,000), and says `unknown` whenever the text
//! does not settle the bracket:
//!
//! - a number, possibly approximate (`around 50`, `about 1,500`, `some 2k`): its bracket;
//! - a range (`between 200 and 300`, `200-300`, `200 to 300`): the bracket of both ends when
//!   they share one, else `unknown`;
//! - a lower bound (`more than 1000`, `over 5000`, `at least 2000`, `>50`, `300+`): `gt1000`
//!   when the smallest value it allows is over 1,000, else `unknown`; an upper bound (`less
//!   than 50`, `fewer than 80`, `under 100`, `up to 60`): `lt100` when the largest value it
//!   allows is under 100, else `unknown`;
//! - words: `dozens`, `several dozen`, `a few`, `several`, `a handful` are `lt100`;
//!   `hundreds`, `several hundred`, `100s` are `100to1000`; `thousands`, `tens of thousands`,
//!   `1000s` are `gt1000`;
//! - anything else (`large`, `small`, `massive`, `no report`, nothing): `unknown`. "Large" and
//!   "small" are relative to the place and are not guessed at.
//!
//! Neither dataset codes strikes or pickets, so the config's `events.forms` rules can give an
//! event one of those forms when its text holds a keyword.

use crate::config::FormRule;

use super::events::{Form, SizeClass};

/// The size class a crowd-size text gives, by the rule above.
pub fn size_of_text(text: &str) -> SizeClass {
    let text = text.trim().to_lowercase();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(class) = size_of_words(&text) {
        return class;
    }
    const APPROXIMATE: [&str; 9] = [
        "an estimated ",
        "estimated ",
        "approximately ",
        "approx. ",
        "around ",
        "about ",
        "roughly ",
        "nearly ",
        "some ",
    ];
    let mut rest = text.as_str();
    for word in ["almost "].iter().chain(APPROXIMATE.iter()) {
        if let Some(stripped) = rest.strip_prefix(word) {
            rest = stripped;
        }
    }
    if let Some(n) = number(rest) {
        return SizeClass::of_participants(n);
    }
    for (prefix, inclusive) in [
        ("more than ", false),
        ("over ", false),
        ("above ", false),
        (">", false),
        ("at least ", true),
        (">=", true),
    ] {
        if let Some(n) = rest.strip_prefix(prefix).and_then(|r| number(r.trim())) {
            let least = if inclusive { n } else { n + 1 };
            return lower_bound(least);
        }
    }
    if let Some(n) = rest.strip_suffix('+').and_then(number) {
        return lower_bound(n);
    }
    for (prefix, inclusive) in [
        ("less than ", false),
        ("fewer than ", false),
        ("under ", false),
        ("<", false),
        ("up to ", true),
    ] {
        if let Some(n) = rest.strip_prefix(prefix).and_then(|r| number(r.trim())) {
            let most = if inclusive { n } else { n.saturating_sub(1) };
            return if most < 100 {
                SizeClass::Under100
            } else {
                SizeClass::Unknown
            };
        }
    }
    if let Some((low, high)) = range(rest) {
        let (a, b) = (
            SizeClass::of_participants(low),
            SizeClass::of_participants(high),
        );
        return if a == b { a } else { SizeClass::Unknown };
    }
    SizeClass::Unknown
}

fn lower_bound(least: u64) -> SizeClass {
    if least > 1000 {
        SizeClass::Over1000
    } else {
        SizeClass::Unknown
    }
}

fn size_of_words(text: &str) -> Option<SizeClass> {
    let text = text.strip_suffix(" people").unwrap_or(text);
    match text {
        "dozens" | "several dozen" | "a few dozen" | "a dozen" | "tens" | "a few" | "few"
        | "several" | "a handful" => Some(SizeClass::Under100),
        "hundreds" | "several hundred" | "a few hundred" | "100s" | "several hundreds" => {
            Some(SizeClass::From100To1000)
        }
        "thousands"
        | "several thousand"
        | "a few thousand"
        | "tens of thousands"
        | "hundreds of thousands"
        | "1000s"
        | "1,000s"
        | "10,000s"
        | "10000s" => Some(SizeClass::Over1000),
        _ => None,
    }
}

/// A count: digits, with thousands separators or a `k` for thousands (`1,500`, `2k`).
pub fn number(text: &str) -> Option<u64> {
    let text = text.strip_suffix(" people").unwrap_or(text).trim();
    if let Some(thousands) = text.strip_suffix('k') {
        return number(thousands).map(|n| n * 1000);
    }
    super::values::whole(text, None).ok()
}

fn range(text: &str) -> Option<(u64, u64)> {
    let text = text.strip_prefix("between ").unwrap_or(text);
    for separator in [" and ", " to ", "-", "–", " - "] {
        if let Some((low, high)) = text.split_once(separator) {
            let (low, high) = (number(low.trim())?, number(high.trim())?);
            return (low <= high).then_some((low, high));
        }
    }
    None
}

/// The form the first rule with a keyword in one of `texts` gives, else `protest`.
pub fn form_of(rules: &[FormRule], texts: &[&str]) -> Form {
    let texts: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    for rule in rules {
        for keyword in &rule.keywords {
            let keyword = keyword.trim().to_lowercase();
            if !keyword.is_empty() && texts.iter().any(|t| starts_a_word(t, &keyword)) {
                return rule.form;
            }
        }
    }
    Form::Protest
}

/// Whether `keyword` occurs in `text` at the start of a word.
fn starts_a_word(text: &str, keyword: &str) -> bool {
    text.match_indices(keyword).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SizeClass::*;

    #[test]
    fn acled_crowd_sizes() {
        for (text, class) in [
            ("around 50", Under100),
            ("hundreds", From100To1000),
            ("between 200 and 300", From100To1000),
            ("between 50 and 150", Unknown),
            ("large", Unknown),
            ("small", Unknown),
            ("no report", Unknown),
            ("", Unknown),
            ("several dozen", Under100),
            ("thousands", Over1000),
            ("more than 1000", Over1000),
            ("more than 999", Unknown),
            ("at least 1000", Unknown),
            ("at least 1001", Over1000),
            ("about 1,500", Over1000),
            ("some 2k", Over1000),
            ("less than 100", Under100),
            ("up to 100", Unknown),
            ("1000", From100To1000),
        ] {
            assert_eq!(size_of_text(text), class, "{text}");
        }
    }

    #[test]
    fn mass_mobilization_free_text() {
        for (text, class) in [
            ("10000", Over1000),
            ("100s", From100To1000),
            (">50", Unknown),
            ("Thousands", Over1000),
            ("50-99", Under100),
            ("300+", Unknown),
            ("5000+", Over1000),
        ] {
            assert_eq!(size_of_text(text), class, "{text}");
        }
    }

    #[test]
    fn form_rules_match_at_word_starts_in_order() {
        let rules = vec![
            FormRule {
                form: Form::Strike,
                keywords: vec!["strike".into(), "walkout".into()],
            },
            FormRule {
                form: Form::Picket,
                keywords: vec!["picket".into(), "single-person".into()],
            },
        ];
        assert_eq!(
            form_of(&rules, &["Oil workers went on STRIKE"]),
            Form::Strike
        );
        assert_eq!(form_of(&rules, &["Strikers marched"]), Form::Strike);
        assert_eq!(form_of(&rules, &["A single-person picket"]), Form::Picket);
        assert_eq!(
            form_of(&rules, &["Peaceful protest", "pickets"]),
            Form::Picket
        );
        assert_eq!(form_of(&rules, &["unpicketed"]), Form::Protest);
        assert_eq!(form_of(&[], &["strike"]), Form::Protest);
    }
}
