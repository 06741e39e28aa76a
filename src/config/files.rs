//! How an input file is written: its encoding, its delimiter, and how its numbers and dates
//! are spelt.
//!
//! Every input section of `report.yaml` accepts the same keys for these (`encoding`,
//! `delimiter`, `number_format`, `date_format`, `max_field_lines`), read here once into
//! typed values, so a misspelt value is a config error with its line and column, and nothing
//! downstream looks at the strings again. Whatever is not given is detected from the file
//! where that is safe (a byte-order mark, the delimiter of the header) and refused with a
//! message naming the key where it is not (an encoding that is not UTF-8, a day-first date).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// How the file's bytes become text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// ISO 8859-1 proper, the first 256 code points byte for byte (WHATWG maps the label
    /// `latin-1` to windows-1252, which differs in 0x80-0x9F).
    Latin1,
    /// Any encoding of the WHATWG Encoding Standard, decoded by `encoding_rs`.
    Whatwg(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The encoding of a label: a WHATWG label (`windows-1251`, `cp1251`, `utf-16le`,
    /// `koi8-r`, ...), `latin-1` or `mac-roman`, in any case.
    pub fn for_label(label: &str) -> Option<TextEncoding> {
        let label = label.trim().to_ascii_lowercase();
        match label.as_str() {
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "iso_8859-1" => {
                Some(TextEncoding::Latin1)
            }
            "mac-roman" | "macroman" | "mac_roman" => {
                Some(TextEncoding::Whatwg(encoding_rs::MACINTOSH))
            }
            "utf-16" => Some(TextEncoding::Whatwg(encoding_rs::UTF_16LE)),
            other => encoding_rs::Encoding::for_label(other.as_bytes()).map(TextEncoding::Whatwg),
        }
    }

    /// The encoding's canonical name, as messages and `check` print it.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Latin1 => "latin-1",
            TextEncoding::Whatwg(encoding) => encoding.name(),
        }
    }
}

impl<'de> Deserialize<'de> for TextEncoding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_text(deserializer, "an encoding label", |label| {
            TextEncoding::for_label(label).ok_or_else(|| {
                format!(
                    "found the encoding \"{}\", expected utf-8, windows-1251, windows-1252, \
                     utf-16le, latin-1, mac-roman or another WHATWG encoding label",
                    label.escape_debug()
                )
            })
        })
    }
}

/// Deserializes a value written as text with `parse`, whose error becomes the message; the
/// error is raised while the scalar is read, so the YAML reader puts its line and column on
/// it.
fn from_text<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Text<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<T> Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            (self.parse)(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Text { expecting, parse })
}

/// The character between the fields of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiter(pub u8);

impl Delimiter {
    /// The delimiters tried when a file does not name one, in the order of preference.
    pub const CANDIDATES: [Delimiter; 4] = [
        Delimiter(b','),
        Delimiter(b';'),
        Delimiter(b'\t'),
        Delimiter(b'|'),
    ];

    /// `comma`, `semicolon`, `tab` or `pipe`.
    pub fn name(self) -> &'static str {
        match self.0 {
            b',' => "comma",
            b';' => "semicolon",
            b'\t' => "tab",
            b'|' => "pipe",
            _ => "other",
        }
    }

    /// How the delimiter is written in `report.yaml`: `","`, `";"`, `tab`, `"|"`.
    pub fn yaml(self) -> String {
        match self.0 {
            b'\t' => "tab".to_string(),
            other => format!("\"{}\"", other as char),
        }
    }
}

impl<'de> Deserialize<'de> for Delimiter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_text(deserializer, "a delimiter", |text| {
            let byte = match text {
                "," | "comma" => b',',
                ";" | "semicolon" => b';',
                "\t" | "tab" | "\\t" => b'\t',
                "|" | "pipe" => b'|',
                _ => {
                    return Err(format!(
                        "found the delimiter \"{}\", expected \",\", \";\", tab or \"|\"",
                        text.escape_debug()
                    ))
                }
            };
            Ok(Delimiter(byte))
        })
    }
}

/// Which mark separates the decimals; the other of `.` and `,` may then group thousands.
/// Spaces, no-break spaces and apostrophes group thousands in either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    /// `1,234.5`: English, and most tools' exports.
    DecimalPoint,
    /// `1.234,5` or `1 234,5`: Russian, German, Brazilian and most European spreadsheets.
    DecimalComma,
}

impl NumberFormat {
    /// How the format is written in `report.yaml`.
    pub fn yaml(self) -> &'static str {
        match self {
            NumberFormat::DecimalPoint => "\"1,234.5\"",
            NumberFormat::DecimalComma => "\"1.234,5\"",
        }
    }
}

impl<'de> Deserialize<'de> for NumberFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_text(deserializer, "a number format", |text| match text.trim() {
            "1,234.5" | "1 234.5" | "1'234.5" | "1234.5" => Ok(NumberFormat::DecimalPoint),
            "1.234,5" | "1 234,5" | "1\u{a0}234,5" | "1234,5" => Ok(NumberFormat::DecimalComma),
            _ => Err(format!(
                "found the number format \"{}\", expected \"1,234.5\" (a decimal point) or \
                 \"1.234,5\" (a decimal comma)",
                text.escape_debug()
            )),
        })
    }
}

/// The order of day and month in dates written with `.`, `/` or `-` before the year.
/// ISO dates (`2019-12-31`) are read whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateFormat {
    /// Only year-first dates; `31.12.2019` is refused with a message naming the key.
    #[default]
    Iso,
    /// `31.12.2019`, `31/12/2019`, `31-12-2019`.
    DayFirst,
    /// `12/31/2019`, as US spreadsheets write.
    MonthFirst,
}

impl<'de> Deserialize<'de> for DateFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_text(deserializer, "a date format", |text| {
            match text.trim().to_ascii_uppercase().as_str() {
                "YYYY-MM-DD" | "ISO" => Ok(DateFormat::Iso),
                "DD.MM.YYYY" | "DD/MM/YYYY" | "DD-MM-YYYY" => Ok(DateFormat::DayFirst),
                "MM/DD/YYYY" | "MM.DD.YYYY" | "MM-DD-YYYY" => Ok(DateFormat::MonthFirst),
                _ => Err(format!(
                    "found the date format \"{}\", expected YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY \
                     or MM/DD/YYYY",
                    text.escape_debug()
                )),
            }
        })
    }
}

/// The default of `max_field_lines`: a quoted field running over more lines is taken for a
/// quote that was never closed.
pub const DEFAULT_MAX_FIELD_LINES: usize = 1000;

/// Everything an input section says about how its file is written, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFormat {
    /// The `report.yaml` section these settings come from (`events`, `videos.snapshots`), for
    /// messages that name the key to set.
    pub key: String,
    /// `encoding`; a byte-order mark overrides it. `None`: the file must be UTF-8 (or carry
    /// a byte-order mark).
    pub encoding: Option<TextEncoding>,
    /// `delimiter`. `None`: the format's own delimiter if it has one, else detected from the
    /// header (or an Excel `sep=` line).
    pub delimiter: Option<Delimiter>,
    /// `number_format`. `None`: each column's values decide, and a number that still reads
    /// two ways is refused.
    pub number_format: Option<NumberFormat>,
    /// `date_format`: the order of day and month in dates not written year first.
    pub date_format: DateFormat,
    /// `max_field_lines`: line breaks a quoted field may span before it is taken for a quote
    /// never closed ([`DEFAULT_MAX_FIELD_LINES`] unless set).
    pub max_field_lines: usize,
}

impl FileFormat {
    /// Nothing given: everything detected or refused.
    pub fn detected(key: &str) -> FileFormat {
        FileFormat {
            key: key.to_string(),
            encoding: None,
            delimiter: None,
            number_format: None,
            date_format: DateFormat::Iso,
            max_field_lines: DEFAULT_MAX_FIELD_LINES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_encodings() {
        let name = |label: &str| TextEncoding::for_label(label).map(TextEncoding::name);
        assert_eq!(name("windows-1251"), Some("windows-1251"));
        assert_eq!(name("CP1251"), Some("windows-1251"));
        assert_eq!(name("latin-1"), Some("latin-1"));
        assert_eq!(name("iso-8859-1"), Some("latin-1"));
        assert_eq!(name("mac-roman"), Some("macintosh"));
        assert_eq!(name("utf-16"), Some("UTF-16LE"));
        assert_eq!(name("klingon"), None);
    }
}
