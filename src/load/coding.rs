//! How the event datasets' words become mobilize's codes: crowd sizes and forms of action.
//!
//! ACLED's coders write crowd sizes in words (`crowd size=hundreds`, `[size=about a hundred]`,
//! `crowd size=between 200 and 300`), Mass Mobilization's in free text (`100s`, `Thousands`,
//! `>50`). One rule reads them all into the paper's brackets (under 100, 100 to 1,000, over
//! 1,000), and gives no bracket whenever the text does not settle one, with the reason
//! ([`Unsized`]), so that a study can be told how many events its brackets leave out:
//!
//! - A count, in digits or in words, perhaps hedged: `50`, `1,500`, `2k`, `2 thousand`, `two
//!   hundred`, `one hundred and sixty four`, `forty-one`, `a dozen`, `two dozen`, `half a
//!   dozen`, `a couple hundred`, `about a hundred`, `around 50`, `some 2k`, `100 or so`: its
//!   bracket. A hedge (`about`, `around`, `nearly`, `an estimated`, ...) is taken at its word.
//! - A word for a number: `a few`, `few`, `several`, `a handful`, `tens`, `dozens`, `several
//!   dozen` are under 100; `hundreds`, `several hundred`, `100s` are 100 to 1,000; `thousands`,
//!   `tens of thousands`, `1000s` are over 1,000.
//! - A range (`between 200 and 300`, `200-300`, `2-3 thousand`, `dozens to hundreds`): the
//!   bracket of both ends when they share one.
//! - A lower bound (`more than 1000`, `over a thousand`, `at least 2000`, `>50`, `300+`, `50 or
//!   more`): over 1,000 when the least it allows is over 1,000 (an excluded bound stays
//!   excluded: `over 1000` allows 1,001 and more, `at least 1000` allows 1,000); a lower bound
//!   at or under 1,000 gives no bracket. An upper bound (`less than 100`, `fewer than 80`,
//!   `under 100`, `up to 60`, `at most 50`) is a range from nothing: under 100 when the most it
//!   allows is under 100.
//! - The people may be named after the number (`hundreds of people`, `around 50 residents`,
//!   `dozens of local workers`); a count of anything else (`47 buses`, `134 families`) is not
//!   a crowd size.
//! - `large`, `small`, `massive`, `many`, `a crowd` are relative to the place and never guessed
//!   at; `no report` and nothing are no size at all; anything else is unreadable.
//!
//! Neither dataset codes strikes or pickets, so the config's `events.forms` rules can give an
//! event one of those forms when its text holds a keyword.

use std::collections::BTreeMap;

use crate::config::FormRule;

use crate::model::events::{Form, SizeClass};

/// Why a crowd-size text gives no bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unsized {
    /// Nothing written, or `no report`.
    NotGiven,
    /// Only a word relative to the place: `large`, `small`, `a crowd`.
    Relative,
    /// A lower bound at or under 1,000: `at least 200`, `more than 500`, `300+`.
    LowerBound,
    /// A range whose ends fall in two brackets: `between 50 and 150`, `up to 100`.
    AcrossBrackets,
    /// A count of something other than people: `47 buses`, `134 families`.
    NotPeople,
    /// Text the rule cannot read.
    Unreadable,
}

impl Unsized {
    /// How a notice words `n` events left out for this reason, `example` the text of one.
    fn words(self, n: usize, example: &str) -> String {
        let example = crate::escape::quoted(example);
        match self {
            Unsized::NotGiven => format!("{n} without one"),
            Unsized::Relative => format!("{n} with only a relative word ({example})"),
            Unsized::LowerBound => {
                format!("{n} with a lower bound at or under 1,000 ({example})")
            }
            Unsized::AcrossBrackets => format!("{n} with a range across brackets ({example})"),
            Unsized::NotPeople => format!("{n} of vehicles or families ({example})"),
            Unsized::Unreadable => format!("{n} unreadable ({example})"),
        }
    }
}

/// The events a file's crowd sizes leave without a bracket, counted by reason with the first
/// text of each reason.
#[derive(Debug, Default)]
pub struct UnsizedCount {
    by_reason: BTreeMap<Unsized, (usize, String)>,
}

impl UnsizedCount {
    /// Counts one event left out for `why`, its size written `text`.
    pub fn add(&mut self, why: Unsized, text: &str) {
        let entry = self
            .by_reason
            .entry(why)
            .or_insert_with(|| (0, text.trim().to_string()));
        entry.0 += 1;
    }

    /// How many events were left out, over every reason.
    pub fn total(&self) -> usize {
        self.by_reason.values().map(|(n, _)| n).sum()
    }

    /// `12 events have no crowd size: 7 without one, 3 with a lower bound at or under 1,000
    /// ("at least 200"), 2 of vehicles or families ("47 buses")`; nothing when none lack one.
    pub fn notice(&self) -> Option<String> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let reasons: Vec<String> = self
            .by_reason
            .iter()
            .map(|(why, (n, example))| why.words(*n, example))
            .collect();
        let events = if total == 1 {
            "1 event has".to_string()
        } else {
            format!("{total} events have")
        };
        Some(format!("{events} no crowd size: {}", reasons.join(", ")))
    }
}

/// The size class a crowd-size text gives, by the rule above (`unknown` when none).
pub fn size_of_text(text: &str) -> SizeClass {
    read_size(text).unwrap_or(SizeClass::Unknown)
}

/// The bracket a crowd-size text gives, by the rule above, or why it gives none.
pub fn read_size(text: &str) -> Result<SizeClass, Unsized> {
    let text = normalized(text);
    if NOT_GIVEN.split('|').any(|t| t == text) {
        return Err(Unsized::NotGiven);
    }
    let words: Vec<&str> = text.split(' ').collect();
    if words.last().is_some_and(|w| listed(NOT_PEOPLE, w)) {
        return Err(Unsized::NotPeople);
    }
    if words
        .iter()
        .all(|w| listed(RELATIVE, w) || listed(PEOPLE, w))
    {
        return Err(Unsized::Relative);
    }
    amount(&without_people(&words))
        .ok_or(Unsized::Unreadable)?
        .class()
}

/// The crowd-size text of an ACLED row: the `crowd size=` tag of `tags` (tags are separated by
/// `;`), else the `[size=...]` of the notes, else nothing. Notes are read as coders wrote them
/// over the years: `[Size=...]`, a `}` or `)` in place of the `]`, or no bracket at all, when
/// the size runs as far as it reads.
pub fn acled_size_text<'a>(tags: &'a str, notes: &'a str) -> &'a str {
    let tagged = tags.split(';').find_map(|tag| {
        let (key, value) = tag.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("crowd size")
            .then_some(value.trim())
    });
    if let Some(size) = tagged {
        return size;
    }
    // ASCII lower case keeps every byte where it was, so offsets carry over to `notes`.
    let Some(at) = notes.to_ascii_lowercase().find("[size") else {
        return "";
    };
    let Some(rest) = notes[at + "[size".len()..]
        .trim_start()
        .strip_prefix(['=', ':'])
    else {
        return "";
    };
    let line = rest.lines().next().unwrap_or("");
    let candidate = line[..line.find([']', '}', ')']).unwrap_or(line.len())].trim();
    if !matches!(read_size(candidate), Err(Unsized::Unreadable)) {
        return candidate;
    }
    // A bracket never closed, or closed past the size: the longest run of words that reads.
    word_ends(candidate)
        .into_iter()
        .take(12)
        .rev()
        .map(|end| candidate[..end].trim())
        .find(|words| read_size(words).is_ok())
        .unwrap_or(candidate)
}

/// The byte offsets where the words of `text` end.
fn word_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut in_word = false;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                ends.push(at);
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    if in_word {
        ends.push(text.len());
    }
    ends
}

/// Texts that give no size at all, between `|`.
const NOT_GIVEN: &str = "|no report|no reports|not reported|no size reported|none reported|\
     no information|no data|unknown|unclear|n/a|na|none|-";

/// Whether `word` is one of the words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Words that name the people of a crowd, after its number.
const PEOPLE: &str = "\
     people persons person individuals protesters protestors demonstrators participants rioters \
     residents locals citizens villagers activists supporters members workers employees miners \
     teachers doctors nurses students pupils pensioners veterans women men mothers parents \
     relatives youths youth farmers drivers traders vendors entrepreneurs journalists believers \
     fans inhabitants depositors borrowers shareholders others";

/// Words after a number that count something other than people.
const NOT_PEOPLE: &str = "\
     bus buses busses minibus minibuses vehicle vehicles car cars truck trucks lorry lorries \
     tractor tractors taxi taxis motorcycle motorcycles motorbike motorbikes bicycle bicycles \
     bike bikes boat boats family families household households tent tents yurts organisations \
     organizations companies shops";

/// Words that size a crowd only relative to its place, and the words around them.
const RELATIVE: &str = "\
     a an of very quite relatively fairly large small massive mass huge big sizable sizeable \
     significant considerable substantial modest limited moderate medium medium-sized \
     large-scale small-scale many numerous some crowd crowds group number";

/// Hedges before a number, taken at their word.
const HEDGES: [&str; 18] = [
    "an estimated ",
    "estimated ",
    "an approximate ",
    "approximately ",
    "approximate ",
    "approx. ",
    "approx ",
    "around ",
    "about ",
    "roughly ",
    "nearly ",
    "almost ",
    "some ",
    "circa ",
    "ca. ",
    "close to ",
    "reportedly ",
    "perhaps ",
];

/// A bound on a crowd, with the number it is written with.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// `more than N`: N excluded.
    Over,
    /// `at least N`: N included.
    AtLeast,
    /// `less than N`: N excluded.
    Under,
    /// `up to N`: N included.
    AtMost,
}

/// Bounds written before the number; a longer prefix comes before a shorter one it starts
/// with (`>=` before `>`).
const BOUNDS_BEFORE: [(&str, Bound); 34] = [
    ("more than ", Bound::Over),
    ("over ", Bound::Over),
    ("just over ", Bound::Over),
    ("well over ", Bound::Over),
    ("above ", Bound::Over),
    ("greater than ", Bound::Over),
    ("in excess of ", Bound::Over),
    ("upwards of ", Bound::Over),
    ("upward of ", Bound::Over),
    (">=", Bound::AtLeast),
    ("≥", Bound::AtLeast),
    (">", Bound::Over),
    ("at least ", Bound::AtLeast),
    ("no fewer than ", Bound::AtLeast),
    ("no less than ", Bound::AtLeast),
    ("not less than ", Bound::AtLeast),
    ("a minimum of ", Bound::AtLeast),
    ("minimum of ", Bound::AtLeast),
    ("min. ", Bound::AtLeast),
    ("<=", Bound::AtMost),
    ("≤", Bound::AtMost),
    ("<", Bound::Under),
    ("up to ", Bound::AtMost),
    ("at most ", Bound::AtMost),
    ("no more than ", Bound::AtMost),
    ("not more than ", Bound::AtMost),
    ("a maximum of ", Bound::AtMost),
    ("maximum of ", Bound::AtMost),
    ("max. ", Bound::AtMost),
    ("less than ", Bound::Under),
    ("fewer than ", Bound::Under),
    ("under ", Bound::Under),
    ("just under ", Bound::Under),
    ("below ", Bound::Under),
];

/// Bounds and hedges written after the number.
const AFTER: [(&str, Option<Bound>); 10] = [
    (" or more", Some(Bound::AtLeast)),
    (" and more", Some(Bound::AtLeast)),
    (" or above", Some(Bound::AtLeast)),
    (" and above", Some(Bound::AtLeast)),
    (" plus", Some(Bound::AtLeast)),
    ("+", Some(Bound::AtLeast)),
    (" or less", Some(Bound::AtMost)),
    (" or fewer", Some(Bound::AtMost)),
    (" or so", None),
    (" approximately", None),
];

/// How many people a text allows: from `least` to `most` (no limit when `None`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Amount {
    least: u64,
    most: Option<u64>,
}

impl Amount {
    fn exactly(n: u64) -> Amount {
        Amount {
            least: n,
            most: Some(n),
        }
    }

    fn bounded(self, bound: Bound) -> Amount {
        match bound {
            Bound::Over => Amount {
                least: self.least.saturating_add(1),
                most: None,
            },
            Bound::AtLeast => Amount {
                least: self.least,
                most: None,
            },
            Bound::Under => Amount {
                least: 0,
                most: Some(self.least.saturating_sub(1)),
            },
            Bound::AtMost => Amount {
                least: 0,
                most: Some(self.most.unwrap_or(u64::MAX)),
            },
        }
    }

    fn class(self) -> Result<SizeClass, Unsized> {
        match self.most {
            None if self.least > 1000 => Ok(SizeClass::Over1000),
            None => Err(Unsized::LowerBound),
            Some(most) => {
                let least = SizeClass::of_participants(self.least);
                if least == SizeClass::of_participants(most) {
                    Ok(least)
                } else {
                    Err(Unsized::AcrossBrackets)
                }
            }
        }
    }
}

/// Lower case, dashes as `-`, single spaces, without the punctuation around it.
fn normalized(text: &str) -> String {
    let text = text.to_lowercase().replace(['–', '—', '−'], "-");
    let text = text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '"' | '\'' | '«' | '»' | '(' | ')'
            )
    });
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words without the people they name at the end (`hundreds of local residents` ->
/// `hundreds`): the people's word, then up to three words before it that are not numbers.
fn without_people(words: &[&str]) -> String {
    let mut words = words.to_vec();
    let describes =
        |w: &&str| w.chars().all(|c| c.is_alphabetic() || c == '-') && !is_number_word(w);
    if words.len() > 1 && words.last().is_some_and(|w| listed(PEOPLE, w)) {
        words.pop();
        for _ in 0..3 {
            if words.len() > 1 && words.last().is_some_and(describes) {
                words.pop();
            }
        }
    }
    words.join(" ")
}

fn is_number_word(word: &str) -> bool {
    small_number(word).is_some()
        || matches!(
            word,
            "hundred"
                | "hundreds"
                | "thousand"
                | "thousands"
                | "million"
                | "dozen"
                | "dozens"
                | "couple"
                | "half"
                | "few"
                | "several"
                | "handful"
                | "tens"
        )
}

/// The number of people a text allows, bounds and hedges applied.
fn amount(text: &str) -> Option<Amount> {
    let mut text = unhedged(text);
    let mut bound = None;
    for (suffix, after) in AFTER {
        if let Some(rest) = text.strip_suffix(suffix) {
            text = unhedged(rest.trim_end());
            bound = after;
            break;
        }
    }
    if bound.is_none() {
        for (prefix, before) in BOUNDS_BEFORE {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = unhedged(rest.trim_start());
                bound = Some(before);
                break;
            }
        }
    }
    let amount = quantity(text).or_else(|| range(text))?;
    Some(match bound {
        Some(bound) => amount.bounded(bound),
        None => amount,
    })
}

fn unhedged(mut text: &str) -> &str {
    while let Some(rest) = HEDGES.iter().find_map(|h| text.strip_prefix(h)) {
        text = rest.trim_start();
    }
    text.trim()
}

/// One number, exact (`200`, `two dozen`) or a word for many (`hundreds`, `100s`).
fn quantity(text: &str) -> Option<Amount> {
    if text.is_empty() {
        return None;
    }
    many(text).or_else(|| count(text).map(Amount::exactly))
}

/// A word for a number of people (`dozens`, `several hundred`, `1000s`) as the span it
/// stands for.
fn many(text: &str) -> Option<Amount> {
    let (least, most) = match text {
        "a few" | "few" | "several" | "a handful" | "handful" => (2, Some(9)),
        "tens" | "a few tens" | "several tens" | "dozens" | "several dozen" | "several dozens"
        | "a few dozen" | "a few dozens" | "many dozens" => (20, Some(99)),
        "hundreds" | "several hundred" | "several hundreds" | "a few hundred"
        | "a few hundreds" | "many hundreds" => (200, Some(999)),
        "thousands" | "several thousand" | "several thousands" | "a few thousand"
        | "a few thousands" | "many thousands" => (2000, None),
        "tens of thousands" | "several tens of thousands" => (20_000, None),
        "hundreds of thousands" => (200_000, None),
        _ => {
            // `100s`, `1,000s`, `100's`: a power of ten, in the plural.
            let digits = text.strip_suffix('s')?;
            let digits = digits.strip_suffix('\'').unwrap_or(digits);
            let n = super::values::whole(digits, None).ok()?;
            let shown = n.to_string();
            let power =
                shown.len() > 1 && shown.starts_with('1') && shown[1..].bytes().all(|b| b == b'0');
            return power.then(|| Amount {
                least: n.saturating_mul(2),
                most: Some(n.saturating_mul(10) - 1),
            });
        }
    };
    Some(Amount { least, most })
}

/// An exact count: digits grouped as people group them (`1,500`), with a `k` or a word for
/// its scale (`2k`, `1.5 thousand`, `2 dozen`), or in words (`one hundred and sixty four`).
fn count(text: &str) -> Option<u64> {
    if let Ok(n) = super::values::whole(text, None) {
        return Some(n);
    }
    if let Some(n) = text
        .strip_suffix('k')
        .and_then(|t| scaled(t.trim_end(), 1000))
    {
        return Some(n);
    }
    if let Some((number, word)) = text.rsplit_once(' ') {
        if let Some(n) = scale_of(word).and_then(|scale| scaled(number, scale)) {
            return Some(n);
        }
    }
    spelled(text)
}

fn scale_of(word: &str) -> Option<u64> {
    match word {
        "dozen" => Some(12),
        "hundred" => Some(100),
        "thousand" => Some(1000),
        "million" => Some(1_000_000),
        _ => None,
    }
}

/// Digits, perhaps with a decimal point (`1.5`), times `scale`, when the product is whole.
fn scaled(text: &str, scale: u64) -> Option<u64> {
    if let Ok(n) = super::values::whole(text, None) {
        return n.checked_mul(scale);
    }
    let (units, fraction) = text.split_once('.')?;
    let digits = |s: &str, most: usize| {
        (1..=most).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(units, 6) || !digits(fraction, 3) {
        return None;
    }
    let denominator = 10u64.pow(fraction.len() as u32);
    let value = format!("{units}{fraction}").parse::<u64>().ok()?;
    let product = value.checked_mul(scale)?;
    (product % denominator == 0).then_some(product / denominator)
}

/// `one` to `ninety`: the words a number under 100 is made of.
fn small_number(word: &str) -> Option<u64> {
    const WORDS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = WORDS.iter().position(|w| *w == word) {
        return Some(n as u64);
    }
    TENS.iter()
        .position(|w| *w == word)
        .map(|n| 20 + 10 * n as u64)
}

/// A number in English words, hyphens or spaces between them: `forty-one`, `one hundred and
/// sixty four`, `a couple of hundred`, `two dozen`, `half a dozen`.
fn spelled(text: &str) -> Option<u64> {
    let words: Vec<&str> = text.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if let ["half", rest @ ..] = words.as_slice() {
        let whole = spelled_words(rest)?;
        return (whole % 2 == 0).then_some(whole / 2);
    }
    spelled_words(&words)
}

fn spelled_words(mut words: &[&str]) -> Option<u64> {
    // Thousands and millions already complete; the current group's hundreds; its part under
    // a hundred (or the number before `hundred`).
    let (mut total, mut hundreds, mut small): (u64, u64, Option<u64>) = (0, 0, None);
    let mut last_scale = u64::MAX;
    let mut previous = "";
    if let [article @ ("a" | "an"), rest @ ..] = words {
        match rest.first().copied() {
            Some("hundred" | "thousand" | "million" | "dozen") => small = Some(1),
            Some("couple") => {}
            _ => return None,
        }
        previous = article;
        words = rest;
    }
    for (at, &word) in words.iter().enumerate() {
        let next = words.get(at + 1).copied();
        match word {
            "and" => {
                let joins = matches!(previous, "hundred" | "thousand" | "million")
                    && next.and_then(small_number).is_some();
                if !joins {
                    return None;
                }
            }
            "of" if previous == "couple" => {}
            "couple" => {
                if small.is_some() {
                    return None;
                }
                small = Some(2);
            }
            "hundred" => {
                let n = small.take()?;
                if hundreds != 0 || n >= 100 {
                    return None;
                }
                hundreds = n * 100;
            }
            "thousand" | "million" => {
                let scale = if word == "thousand" { 1000 } else { 1_000_000 };
                let group = hundreds + small.take().unwrap_or(0);
                if group == 0 || scale >= last_scale {
                    return None;
                }
                total += group * scale;
                hundreds = 0;
                last_scale = scale;
            }
            "dozen" => {
                if next.is_some() {
                    return None;
                }
                let group = hundreds + small.take()?;
                total += group * 12;
                hundreds = 0;
            }
            _ => {
                let n = small_number(word)?;
                let after_tens = small_number(previous).is_some_and(|t| t >= 20);
                small = match small {
                    None => Some(n),
                    Some(tens) if after_tens && tens % 10 == 0 && (1..10).contains(&n) => {
                        Some(tens + n)
                    }
                    Some(_) => return None,
                };
            }
        }
        previous = word;
    }
    if matches!(previous, "" | "a" | "an" | "and" | "of") {
        return None;
    }
    Some(total + hundreds + small.unwrap_or(0))
}

/// Two numbers for the least and the most: `between 200 and 300`, `200-300`, `from 2 to 3
/// thousand`, `dozens to hundreds`. A bare first number takes the scale of the second (`2-3
/// thousand` is 2,000 to 3,000) when the result stays below it.
fn range(text: &str) -> Option<Amount> {
    let text = text
        .strip_prefix("between ")
        .or_else(|| text.strip_prefix("from "))
        .unwrap_or(text);
    for separator in [" and ", " to ", " or ", "-"] {
        for (at, _) in text.match_indices(separator) {
            let (low, high) = (text[..at].trim(), text[at + separator.len()..].trim());
            let (low, high_text) = (unhedged(low), unhedged(high));
            let Some(high) = quantity(high_text) else {
                continue;
            };
            let Some(mut low) = quantity(low) else {
                continue;
            };
            let scale = high_text
                .rsplit_once(' ')
                .and_then(|(_, word)| scale_of(word))
                .or_else(|| high_text.ends_with('k').then_some(1000));
            if let (Some(scale), Some(n)) = (scale, low.most.filter(|m| *m == low.least)) {
                if n.checked_mul(scale)
                    .is_some_and(|scaled| scaled <= high.least)
                {
                    low = Amount::exactly(n * scale);
                }
            }
            if low.least > high.least {
                return None;
            }
            return Some(Amount {
                least: low.least,
                most: Some(high.most.unwrap_or(u64::MAX)),
            });
        }
    }
    None
}

/// A count: digits, with thousands separators or a `k` for thousands (`1,500`, `2k`).
pub fn number(text: &str) -> Option<u64> {
    let text = text.strip_suffix(" people").unwrap_or(text).trim();
    if let Some(thousands) = text.strip_suffix('k') {
        return number(thousands).map(|n| n * 1000);
    }
    super::values::whole(text, None).ok()
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
    use Unsized::*;

    /// A cell as the ACLED reader meets it: a tag cell, notes holding a `[size=...]`, or the
    /// size text alone.
    fn reading(cell: &str) -> Result<SizeClass, Unsized> {
        let text = if cell.contains("crowd size=") {
            acled_size_text(cell, "")
        } else if cell.contains('[') {
            acled_size_text("", cell)
        } else {
            cell
        };
        read_size(text)
    }

    #[test]
    fn crowd_sizes_as_coders_write_them() {
        for (cell, expected) in [
            // Numbers in words.
            ("two hundred", Ok(From100To1000)),
            ("twenty five", Ok(Under100)),
            ("one hundred and sixty four", Ok(From100To1000)),
            ("forty-one", Ok(Under100)),
            // Dozens and couples.
            ("two dozen", Ok(Under100)),
            ("half a dozen", Ok(Under100)),
            ("a couple hundred", Ok(From100To1000)),
            // A word after a hedge.
            ("about a hundred", Ok(From100To1000)),
            ("around a dozen", Ok(Under100)),
            // The people named.
            ("hundreds of people", Ok(From100To1000)),
            ("dozens of people", Ok(Under100)),
            ("thousands of people", Ok(Over1000)),
            // Bounds.
            ("over a thousand", Ok(Over1000)),
            ("at most 50", Ok(Under100)),
            ("up to 50", Ok(Under100)),
            ("over 1000", Ok(Over1000)),
            ("more than 1000", Ok(Over1000)),
            ("less than 100", Ok(Under100)),
            ("at least 200", Err(LowerBound)),
            ("more than 500", Err(LowerBound)),
            // Not people.
            ("47 buses", Err(NotPeople)),
            ("134 families", Err(NotPeople)),
            // Words for many, in any case.
            ("tens", Ok(Under100)),
            ("few", Ok(Under100)),
            ("Hundreds", Ok(From100To1000)),
            ("HUNDREDS", Ok(From100To1000)),
            // Cells as ACLED wrote them.
            ("crowd size=dozens; local administrators", Ok(Under100)),
            (
                "[Size=around 30] On 9 May 2020, residents protested.",
                Ok(Under100),
            ),
            (
                "On 6 June 2020, workers protested. [size=several hundred}",
                Ok(From100To1000),
            ),
            (
                "On 12 July 2021, parents protested. [size=about a hundred",
                Ok(From100To1000),
            ),
            (
                "[size=around 50 On 3 May 2020, residents protested.",
                Ok(Under100),
            ),
            // The classes kept from before.
            ("around 50", Ok(Under100)),
            ("hundreds", Ok(From100To1000)),
            ("between 200 and 300", Ok(From100To1000)),
            ("between 50 and 150", Err(AcrossBrackets)),
            ("large", Err(Relative)),
            ("small", Err(Relative)),
            ("no report", Err(NotGiven)),
            ("", Err(NotGiven)),
            ("several dozen", Ok(Under100)),
            ("thousands", Ok(Over1000)),
            ("more than 999", Err(LowerBound)),
            ("at least 1000", Err(LowerBound)),
            ("at least 1001", Ok(Over1000)),
            ("about 1,500", Ok(Over1000)),
            ("some 2k", Ok(Over1000)),
            ("up to 100", Err(AcrossBrackets)),
            ("1000", Ok(From100To1000)),
            // More of the same families.
            ("a dozen", Ok(Under100)),
            ("a couple of hundred people", Ok(From100To1000)),
            ("two thousand five hundred", Ok(Over1000)),
            ("fifteen hundred", Ok(Over1000)),
            ("2 thousand", Ok(Over1000)),
            ("1.5k", Ok(Over1000)),
            ("2-3 thousand", Ok(Over1000)),
            ("forty-one to fifty", Ok(Under100)),
            ("dozens to hundreds", Err(AcrossBrackets)),
            ("hundreds of local residents", Ok(From100To1000)),
            ("around 50 taxi drivers", Ok(Under100)),
            ("50 or more", Err(LowerBound)),
            ("5000 or more", Ok(Over1000)),
            ("100 or so", Ok(From100To1000)),
            ("a large crowd", Err(Relative)),
            ("many people", Err(Relative)),
            ("dozens of cars", Err(NotPeople)),
            ("see notes", Err(Unreadable)),
            ("a few", Ok(Under100)),
            ("11s", Err(Unreadable)),
            ("ten five", Err(Unreadable)),
            ("between 300 and 200", Err(Unreadable)),
        ] {
            assert_eq!(reading(cell), expected, "{cell}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Whatever a coder typed, the rule answers with a class or a reason, never a panic.
        #[test]
        fn any_text_gives_a_class_or_a_reason(
            words in proptest::collection::vec(
                "about |over |at least |up to |between |and |to |-|–|\\+|half |a |couple |of |\
                 hundred|dozen|thousand|forty|one|[0-9]{1,5}|[0-9]\\.[0-9]|k|s|people|buses|\
                 \\[size=|\\[Size=|\\]|\\}|crowd size=|; |Жер|🙂| |\\PC",
                0..10,
            )
        ) {
            let text = words.concat();
            let _ = read_size(&text);
            let _ = acled_size_text(&text, &text);
            let _ = size_of_text(acled_size_text("", &text));
        }
    }

    #[test]
    fn events_without_a_size_are_counted_by_reason() {
        let mut count = UnsizedCount::default();
        assert_eq!(count.notice(), None);
        for text in ["", "no report", "at least 200", "at least 50", "47 buses"] {
            count.add(read_size(text).unwrap_err(), text);
        }
        assert_eq!(
            count.notice().unwrap(),
            "5 events have no crowd size: 2 without one, 2 with a lower bound at or under \
             1,000 (\"at least 200\"), 1 of vehicles or families (\"47 buses\")"
        );
        let mut one = UnsizedCount::default();
        one.add(Unsized::Relative, "large");
        assert_eq!(
            one.notice().unwrap(),
            "1 event has no crowd size: 1 with only a relative word (\"large\")"
        );
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
