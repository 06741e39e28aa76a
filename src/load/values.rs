//! Numbers and dates as people write them, read in one place for every loader.
//!
//! A count may come as `48200`, `48,200`, `48 200` (a space or a no-break space between
//! thousands, as Russian and French spreadsheets write), `1.234.567`, `1'234` or `1234.0` (as
//! pandas writes a count column with gaps). Where a value reads two ways (`1.234`: a thousand
//! and more, or one and a bit) the input's `number_format` decides, else the other values of
//! its column, else it is refused: a count is never silently misread, truncated or rounded.
//! `1,234` alone is read as 1234, the English grouping the issue tracker and every export tool
//! agree on; under `number_format: "1.234,5"` it is the decimal 1.234 and, in a count, refused.
//!
//! Dates and times are ISO 8601 (with or without a time and an offset, a `T` or a space between),
//! `YYYY/MM/DD`, or Unix seconds; a date written day or month first (`31.12.2019`,
//! `12/31/2019`) is read only under the input's `date_format`, since guessing between the two
//! orders would move events by months without a word.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::config::{DateFormat, NumberFormat};

/// Why a text is not the number expected; `expected` words it for a message.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberProblem {
    /// Not a number at all, or grouped wrongly (`12,34,5`).
    Malformed,
    /// `1.234`, with neither the key nor the column to say how to read it.
    Ambiguous,
    /// A decimal where a count was expected, with its value as read.
    NotWhole(String),
    /// A count below zero (`-5`); `-0` reads as 0.
    Negative,
    /// A count above 18,446,744,073,709,551,615, the largest a `u64` holds.
    TooLarge,
    /// Written against the input's `number_format` (`1,234.5` in a `1.234,5` file).
    AgainstFormat(NumberFormat),
}

impl NumberProblem {
    /// What was expected instead, for `FIELD: found "...", expected ...`; `key` is the
    /// config section where `number_format` is set.
    pub fn expected(&self, text: &str, key: &str) -> String {
        match self {
            NumberProblem::Malformed => "a whole number such as 5000, 5,000 or 5 000".to_string(),
            NumberProblem::Ambiguous => {
                let (mark, other) = if text.contains('.') {
                    ('.', "a decimal point")
                } else {
                    (',', "a decimal comma")
                };
                let grouped: String = text.chars().filter(|c| *c != mark).collect();
                let decimal = text.replace(mark, ".");
                format!(
                    "a number that reads one way: it could be {grouped} (a {} between thousands) \
                     or {decimal} ({other}), and the column does not show which; set \
                     `number_format: \"1.234,5\"` or `number_format: \"1,234.5\"` in `{key}`",
                    if mark == '.' { "dot" } else { "comma" }
                )
            }
            NumberProblem::NotWhole(value) => {
                format!("a whole number, not {value} (counts are never rounded)")
            }
            NumberProblem::Negative => "a whole number of 0 or more".to_string(),
            NumberProblem::TooLarge => "a whole number below 18,446,744,073,709,551,616".into(),
            NumberProblem::AgainstFormat(format) => format!(
                "a number written as {} is ({}: `number_format` in `{key}`)",
                format.yaml(),
                match format {
                    NumberFormat::DecimalPoint => "a decimal point, commas between thousands",
                    NumberFormat::DecimalComma =>
                        "a decimal comma, dots or spaces between thousands",
                }
            ),
        }
    }
}

/// A number split into its sign, the digits before the decimal mark and those after.
#[derive(Debug, PartialEq)]
struct Digits {
    negative: bool,
    integer: String,
    fraction: String,
}

/// Characters that group thousands and are never a decimal mark: space, no-break space,
/// narrow no-break space, thin space, apostrophe and right single quotation mark.
fn is_space_group(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{2019}'
    )
}

/// The separators of `text` between runs of digits, or `None` when it is not digits and
/// separators (two separators in a row, one at either end, any other character).
fn runs(text: &str) -> Option<(Vec<&str>, Vec<char>)> {
    let mut digits = Vec::new();
    let mut separators = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if !(c == ',' || c == '.' || is_space_group(c)) || at == start {
            return None;
        }
        digits.push(&text[start..at]);
        separators.push(c);
        start = at + c.len_utf8();
    }
    if start == text.len() {
        return None;
    }
    digits.push(&text[start..]);
    Some((digits, separators))
}

/// Which separator of `separators` is the decimal mark, `Ok(None)` when there is none;
/// `Err(Ambiguous)` when one `,` or `.` before a group of three could be either and
/// `format` does not say.
fn decimal_mark(
    digits: &[&str],
    separators: &[char],
    format: Option<NumberFormat>,
) -> Result<Option<usize>, NumberProblem> {
    let marks: Vec<usize> = (0..separators.len())
        .filter(|&i| matches!(separators[i], ',' | '.'))
        .collect();
    let Some(&last) = marks.last() else {
        return Ok(None);
    };
    let kinds = |c: char| marks.iter().filter(|&&i| separators[i] == c).count();
    let (commas, dots) = (kinds(','), kinds('.'));
    let last_char = separators[last];
    let decimal_of = |format: NumberFormat| match format {
        NumberFormat::DecimalPoint => '.',
        NumberFormat::DecimalComma => ',',
    };
    let found = if commas > 0 && dots > 0 {
        Some(last)
    } else if marks.len() > 1 || last != separators.len() - 1 {
        None
    } else if digits[last + 1].len() != 3 || digits[0] == "0" {
        Some(last)
    } else {
        match format {
            Some(format) => (decimal_of(format) == last_char).then_some(last),
            None if last_char == ',' => None,
            None => return Err(NumberProblem::Ambiguous),
        }
    };
    if let (Some(format), Some(at)) = (format, found) {
        if separators[at] != decimal_of(format) {
            return Err(NumberProblem::AgainstFormat(format));
        }
    }
    if let (Some(format), None) = (format, found) {
        if separators.contains(&decimal_of(format)) {
            return Err(NumberProblem::AgainstFormat(format));
        }
    }
    Ok(found)
}

fn split(text: &str, format: Option<NumberFormat>) -> Result<Digits, NumberProblem> {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (digits, separators) = runs(unsigned).ok_or(NumberProblem::Malformed)?;
    let decimal = decimal_mark(&digits, &separators, format)?;
    let groups = decimal.unwrap_or(separators.len());
    let grouping = &separators[..groups];
    if let Some(&first) = grouping.first() {
        let same_kind = |c: char| c == first || (is_space_group(c) && is_space_group(first));
        let well_formed = grouping.iter().all(|&c| same_kind(c))
            && digits[0].len() <= 3
            && digits[1..=groups].iter().all(|g| g.len() == 3);
        if !well_formed {
            return Err(NumberProblem::Malformed);
        }
    }
    Ok(Digits {
        negative,
        integer: digits[..=groups].concat(),
        fraction: decimal.map_or(String::new(), |_| digits[groups + 1].to_string()),
    })
}

/// A count: a whole number of 0 or more, grouped in any of the ways above.
pub fn whole(text: &str, format: Option<NumberFormat>) -> Result<u64, NumberProblem> {
    let digits = split(text, format)?;
    if !digits.fraction.bytes().all(|b| b == b'0') {
        let sign = if digits.negative { "-" } else { "" };
        return Err(NumberProblem::NotWhole(format!(
            "{sign}{}.{}",
            digits.integer, digits.fraction
        )));
    }
    if digits.negative && digits.integer.bytes().any(|b| b != b'0') {
        return Err(NumberProblem::Negative);
    }
    digits.integer.parse().map_err(|_| NumberProblem::TooLarge)
}

/// A number that may have decimals (`63.5`, `63,5`, `1 234,5`).
pub fn decimal(text: &str, format: Option<NumberFormat>) -> Result<f64, NumberProblem> {
    let digits = split(text, format)?;
    let sign = if digits.negative { "-" } else { "" };
    format!("{sign}{}.{}0", digits.integer, digits.fraction)
        .parse()
        .map_err(|_| NumberProblem::Malformed)
}

/// The number format a value shows beyond doubt (`1,234.5`, `1.234.567`, `12,5`), if any.
pub fn evidence(text: &str) -> Option<NumberFormat> {
    let text = text.trim();
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (digits, separators) = runs(unsigned)?;
    let marks: Vec<char> = separators
        .iter()
        .copied()
        .filter(|c| matches!(c, ',' | '.'))
        .collect();
    let reading = |decimal: char| match decimal {
        '.' => NumberFormat::DecimalPoint,
        _ => NumberFormat::DecimalComma,
    };
    let other = |c: char| if c == '.' { ',' } else { '.' };
    match marks.as_slice() {
        [] => None,
        [.., last] if marks.contains(&other(*last)) => Some(reading(*last)),
        [first, _, ..] => Some(reading(other(*first))),
        [only] => {
            let last = *separators.last()?;
            let after = digits.last()?;
            (last == *only && (after.len() != 3 || digits[0] == "0")).then(|| reading(*only))
        }
    }
}

/// A point in time as written: a date, perhaps a time, perhaps an offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// The day as written, in the writer's time zone; for Unix seconds, the UTC day.
    pub date: NaiveDate,
    /// The time of day as written (`14:22`, `14:22:00.5`); `None` for a date alone.
    pub time: Option<NaiveTime>,
    /// The offset from UTC as written (`+06:00`, `Z`; zero for Unix seconds); `None` when
    /// none is written, which [`Timestamp::utc`] takes as UTC.
    pub offset: Option<FixedOffset>,
}

impl Timestamp {
    /// The day as written, in the writer's own time zone (a post's date is the day its author
    /// saw).
    pub fn local_date(&self) -> NaiveDate {
        self.date
    }

    /// The time in UTC: a time without an offset is taken to be UTC, a date alone is its
    /// midnight.
    pub fn utc(&self) -> NaiveDateTime {
        let local = self.date.and_time(self.time.unwrap_or(NaiveTime::MIN));
        match self.offset {
            Some(offset) => local - offset,
            None => local,
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// In none of the forms read (ISO 8601, `YYYY/MM/DD`, Unix seconds of 9 to 11 digits,
    /// or the `date_format`'s order), or a time or offset that does not read.
    Malformed,
    /// Day or month first (`31.12.2019`), under the default `date_format`.
    NeedsFormat,
    /// A date that is not in the calendar (`2019-02-30`).
    NoSuchDay,
    /// A number too long for Unix seconds.
    Milliseconds,
}

impl DateProblem {
    /// What was expected, for `FIELD: found "...", expected ...`.
    pub fn expected(self, key: &str) -> String {
        const FORMS: &str =
            "a date such as 2019-12-31, 2019-12-31 14:22, 2019-12-31T14:22:00+06:00 \
                             or Unix seconds";
        match self {
            DateProblem::Malformed => FORMS.to_string(),
            DateProblem::NoSuchDay => "a day of the calendar".to_string(),
            DateProblem::Milliseconds => {
                "Unix seconds, not milliseconds (divide by 1000)".to_string()
            }
            DateProblem::NeedsFormat => format!(
                "{FORMS}; a date written day first or month first reads two ways, so set \
                 `date_format: DD.MM.YYYY` (or DD/MM/YYYY, or MM/DD/YYYY) in `{key}`"
            ),
        }
    }
}

/// Reads a date and time by the rules of this module's head.
pub fn timestamp(text: &str, format: DateFormat) -> Result<Timestamp, DateProblem> {
    let text = text.trim();
    if let Some(seconds) = unix_seconds(text)? {
        let time = DateTime::from_timestamp(seconds, 0).ok_or(DateProblem::Malformed)?;
        return Ok(Timestamp {
            date: time.date_naive(),
            time: Some(time.time()),
            offset: Some(FixedOffset::east_opt(0).expect("zero is an offset")),
        });
    }
    let date_end = text.find(['T', ' ']).unwrap_or(text.len());
    let date = date(&text[..date_end], format)?;
    let rest = &text[date_end..];
    if rest.is_empty() {
        return Ok(Timestamp {
            date,
            time: None,
            offset: None,
        });
    }
    let (time, offset) = time_and_offset(&rest[1..]).ok_or(DateProblem::Malformed)?;
    Ok(Timestamp {
        date,
        time: Some(time),
        offset,
    })
}

/// Unix seconds: nine to eleven digits (1973 to 5138); twelve or more are milliseconds.
fn unix_seconds(text: &str) -> Result<Option<i64>, DateProblem> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    match digits.len() {
        9..=11 => Ok(text.parse().ok()),
        12.. => Err(DateProblem::Milliseconds),
        _ => Err(DateProblem::Malformed),
    }
}

/// `YYYY-MM-DD` (or `/`, `.`), or day or month first as `format` allows.
fn date(text: &str, format: DateFormat) -> Result<NaiveDate, DateProblem> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let separators: Vec<char> = text
        .chars()
        .filter(|c| matches!(c, '-' | '/' | '.'))
        .collect();
    let number = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let [a, b, c] = parts.as_slice() else {
        return Err(DateProblem::Malformed);
    };
    if separators.len() != 2 || separators[0] != separators[1] {
        return Err(DateProblem::Malformed);
    }
    let (year, month, day) = if let Some(year) = number(a, 4..=4) {
        (year, number(b, 1..=2), number(c, 1..=2))
    } else {
        let year = number(c, 4..=4).ok_or(DateProblem::Malformed)?;
        let (first, second) = (number(a, 1..=2), number(b, 1..=2));
        match format {
            DateFormat::Iso => {
                return Err(if first.is_some() && second.is_some() {
                    DateProblem::NeedsFormat
                } else {
                    DateProblem::Malformed
                })
            }
            DateFormat::DayFirst => (year, second, first),
            DateFormat::MonthFirst => (year, first, second),
        }
    };
    let (Some(month), Some(day)) = (month, day) else {
        return Err(DateProblem::Malformed);
    };
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(DateProblem::NoSuchDay)
}

/// `HH:MM[:SS[.fff]]`, then nothing, `Z`, `±HH:MM`, `±HHMM`, `±HH`, ` UTC` or ` GMT` (a space
/// before an offset allowed).
fn time_and_offset(text: &str) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let split = text.find(['Z', 'z', '+', '-', ' ']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(split);
    let time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())?;
    let zone = zone.trim_start();
    let offset = match zone {
        "" => None,
        "Z" | "z" | "UTC" | "GMT" => FixedOffset::east_opt(0),
        _ => Some(offset(zone)?),
    };
    Some((time, offset))
}

fn offset(zone: &str) -> Option<FixedOffset> {
    let (sign, digits) = match zone.split_at(1) {
        ("+", rest) => (1, rest),
        ("-", rest) => (-1, rest),
        _ => return None,
    };
    let digits = digits.replace(':', "");
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberFormat::{DecimalComma, DecimalPoint};

    #[test]
    fn counts_grouped_as_people_group_them() {
        for (text, value) in [
            ("48200", 48_200),
            ("48,200", 48_200),
            ("1 200 000", 1_200_000),
            ("1\u{a0}200\u{a0}000", 1_200_000),
            ("1\u{202f}200", 1_200),
            ("1.234.567", 1_234_567),
            ("1'234", 1_234),
            ("1,234,567", 1_234_567),
            ("1234.0", 1_234),
            ("1 234,00", 1_234),
            ("0", 0),
        ] {
            assert_eq!(whole(text, None), Ok(value), "{text}");
        }
    }

    #[test]
    fn counts_that_read_two_ways_need_the_format() {
        assert_eq!(whole("407.137", None), Err(NumberProblem::Ambiguous));
        assert_eq!(whole("407.137", Some(DecimalComma)), Ok(407_137));
        assert_eq!(
            whole("407.137", Some(DecimalPoint)),
            Err(NumberProblem::NotWhole("407.137".into()))
        );
        assert_eq!(
            whole("1,234", Some(DecimalComma)),
            Err(NumberProblem::NotWhole("1.234".into()))
        );
        assert_eq!(
            whole("1,5", None),
            Err(NumberProblem::NotWhole("1.5".into()))
        );
        assert_eq!(
            whole("1,5", Some(DecimalPoint)),
            Err(NumberProblem::AgainstFormat(DecimalPoint))
        );
    }

    #[test]
    fn malformed_and_out_of_range_counts() {
        for text in [
            "",
            "12,34,5",
            "1.234,567.8",
            "1 23",
            "abc",
            "5k",
            ",5",
            "1,",
            "1..2",
        ] {
            assert_eq!(whole(text, None), Err(NumberProblem::Malformed), "{text}");
        }
        assert_eq!(whole("-5", None), Err(NumberProblem::Negative));
        assert_eq!(
            whole("99999999999999999999", None),
            Err(NumberProblem::TooLarge)
        );
        assert_eq!(
            whole("1.234.567", Some(DecimalPoint)),
            Err(NumberProblem::AgainstFormat(DecimalPoint))
        );
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal("63.5", None), Ok(63.5));
        assert_eq!(decimal("63,5", None), Ok(63.5));
        assert_eq!(decimal("-0,31", None), Ok(-0.31));
        assert_eq!(decimal("1 234,5", None), Ok(1234.5));
        assert_eq!(decimal("1.234,5", None), Ok(1234.5));
        assert_eq!(decimal("138", None), Ok(138.0));
        assert_eq!(decimal("0.310", None), Ok(0.31));
    }

    #[test]
    fn what_a_value_shows_of_its_column() {
        assert_eq!(evidence("1,234.5"), Some(DecimalPoint));
        assert_eq!(evidence("1.234,5"), Some(DecimalComma));
        assert_eq!(evidence("1.234.567"), Some(DecimalComma));
        assert_eq!(evidence("1,234,567"), Some(DecimalPoint));
        assert_eq!(evidence("12,5"), Some(DecimalComma));
        assert_eq!(evidence("0,310"), Some(DecimalComma));
        assert_eq!(evidence("1.234"), None);
        assert_eq!(evidence("1,234"), None);
        assert_eq!(evidence("1234"), None);
        assert_eq!(evidence("1 234"), None);
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_and_times() {
        let iso = |text| timestamp(text, DateFormat::Iso);
        assert_eq!(iso("2019-12-31").unwrap().local_date(), day(2019, 12, 31));
        assert_eq!(
            iso("2019-12-31 14:22").unwrap().utc().to_string(),
            "2019-12-31 14:22:00"
        );
        assert_eq!(
            iso("2019-06-10T23:30:00+06:00").unwrap().local_date(),
            day(2019, 6, 10)
        );
        assert_eq!(
            iso("2019-06-10T23:30:00+06:00").unwrap().utc().to_string(),
            "2019-06-10 17:30:00"
        );
        assert_eq!(
            iso("2019-06-24T09:30:00.000Z").unwrap().utc().to_string(),
            "2019-06-24 09:30:00"
        );
        assert_eq!(
            iso("2019-06-10 19:31:22 +0600")
                .unwrap()
                .offset
                .unwrap()
                .local_minus_utc(),
            21_600
        );
        assert_eq!(iso("2019/12/31").unwrap().local_date(), day(2019, 12, 31));
        assert_eq!(iso("1560128400").unwrap().local_date(), day(2019, 6, 10));
        assert_eq!(iso("31.12.2019"), Err(DateProblem::NeedsFormat));
        assert_eq!(iso("12/31/2019"), Err(DateProblem::NeedsFormat));
        assert_eq!(iso("2019-02-30"), Err(DateProblem::NoSuchDay));
        assert_eq!(iso("2019"), Err(DateProblem::Malformed));
        assert_eq!(iso("1560128400000"), Err(DateProblem::Milliseconds));
        assert_eq!(iso("2019-12-31 soon"), Err(DateProblem::Malformed));
        assert_eq!(iso("2019-12.31"), Err(DateProblem::Malformed));
    }

    #[test]
    fn day_first_and_month_first_only_when_named() {
        let day_first = |text| timestamp(text, DateFormat::DayFirst).map(|t| t.local_date());
        assert_eq!(day_first("31.12.2019"), Ok(day(2019, 12, 31)));
        assert_eq!(day_first("01/02/2019"), Ok(day(2019, 2, 1)));
        assert_eq!(day_first("2019-02-01"), Ok(day(2019, 2, 1)));
        assert_eq!(day_first("12/31/2019"), Err(DateProblem::NoSuchDay));
        let month_first = timestamp("01/02/2019 14:22", DateFormat::MonthFirst).unwrap();
        assert_eq!(month_first.local_date(), day(2019, 1, 2));
        assert_eq!(month_first.utc().to_string(), "2019-01-02 14:22:00");
    }
}
