//! Bytes to text: the one place where a file's character encoding is settled.
//!
//! A byte-order mark decides first (UTF-8, or UTF-16 as Excel saves "Unicode text"); then the
//! input's `encoding`; otherwise the file must be UTF-8. A file that is not is refused, with
//! the encoding it most likely is (guessed by `chardetng`, Firefox's detector) and the key to
//! set: decoding by a guess would load wrong letters without a word. For the same reason a
//! file declared in a legacy encoding that is in fact UTF-8 is refused, and so are a
//! spreadsheet workbook and UTF-16 without a byte-order mark, which would otherwise read as
//! text full of NUL characters.

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::config::{FileFormat, TextEncoding};
use crate::error::Problem;

/// A file's text and how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    /// The file's text, without its byte-order mark.
    pub text: String,
    /// How `check` names the decoding: `UTF-8`, `windows-1251`, `UTF-16LE (byte-order mark)`.
    pub encoding: String,
}

/// Decodes the bytes of the file `file` as `format` says, or explains why it cannot.
pub fn decode(bytes: Vec<u8>, format: &FileFormat, file: &str) -> Result<Decoded, Problem> {
    let problem = |line: u64, message: String| Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    };
    if let Some(kind) = workbook(&bytes) {
        return Err(problem(
            1,
            format!("found {kind}, expected a text file: save the sheet as CSV (or Unicode text) and name that file"),
        ));
    }
    if let Some((encoding, bom_length)) = Encoding::for_bom(&bytes) {
        let text = strict(encoding, &bytes[bom_length..]).map_err(|(at, line)| {
            bad_byte(&bytes, bom_length + at, line, encoding.name(), format, file)
        })?;
        return Ok(Decoded {
            text,
            encoding: format!("{} (byte-order mark)", encoding.name()),
        });
    }
    match format.encoding {
        None => utf8(bytes, format, file),
        Some(TextEncoding::Whatwg(encoding)) if encoding == UTF_8 => utf8(bytes, format, file),
        Some(TextEncoding::Latin1) => {
            refuse_utf8_in_legacy(&bytes, "latin-1", format, file)?;
            Ok(Decoded {
                text: encoding_rs::mem::decode_latin1(&bytes).into_owned(),
                encoding: "latin-1".into(),
            })
        }
        Some(TextEncoding::Whatwg(encoding)) => {
            if encoding != UTF_16LE && encoding != UTF_16BE {
                refuse_utf8_in_legacy(&bytes, encoding.name(), format, file)?;
            }
            let text = strict(encoding, &bytes)
                .map_err(|(at, line)| bad_byte(&bytes, at, line, encoding.name(), format, file))?;
            Ok(Decoded {
                text,
                encoding: encoding.name().into(),
            })
        }
    }
}

/// UTF-8 without a byte-order mark: checked, not repaired.
fn utf8(bytes: Vec<u8>, format: &FileFormat, file: &str) -> Result<Decoded, Problem> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.into_bytes();
        let line = line_of(std::str::from_utf8(&bytes[..at]).unwrap_or_default());
        let mut problem = bad_byte(&bytes, at, line, "UTF-8", format, file);
        let guess = guess(&bytes);
        problem.message.push_str(&format!(
            "; the file looks like {}{}: set `encoding: {}` in `{}`",
            guess.name(),
            script(guess).map_or(String::new(), |(script, others)| match others {
                "" => format!(" ({script})"),
                others => format!(" ({script}; {others} is also common)"),
            }),
            guess.name().to_ascii_lowercase(),
            format.key
        ));
        problem
    })?;
    if format.encoding.is_none() {
        if let Some(at) = text.find('\0') {
            let little_endian = text
                .as_bytes()
                .iter()
                .skip(1)
                .step_by(2)
                .take(512)
                .any(|&b| b == 0);
            return Err(Problem {
                file: file.to_string(),
                line: line_of(&text[..at]),
                column: None,
                message: format!(
                    "found a NUL character, expected text; the file looks like UTF-16 without a \
                     byte-order mark: set `encoding: {}` in `{}`",
                    if little_endian {
                        "utf-16le"
                    } else {
                        "utf-16be"
                    },
                    format.key
                ),
            });
        }
    }
    Ok(Decoded {
        text,
        encoding: "UTF-8".into(),
    })
}

/// Decodes without replacement; `Err` holds the offset of the first malformed byte and its
/// line.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, (usize, u64)> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            Err((read - bad as usize - after as usize, line_of(&text)))
        }
        DecoderResult::OutputFull => Err((read, line_of(&text))),
    }
}

/// The problem of a byte at `offset`, on `line`, that is not valid in `encoding`.
fn bad_byte(
    bytes: &[u8],
    offset: usize,
    line: u64,
    encoding: &str,
    format: &FileFormat,
    file: &str,
) -> Problem {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let mut message = format!(
        "found a byte that is not {encoding} (0x{:02X}) at byte {} of the line (byte offset \
         {offset} of the file), expected {encoding} text",
        bytes.get(offset).copied().unwrap_or(0),
        offset - line_start + 1
    );
    if format.encoding.is_some() {
        message.push_str(&format!("; check `encoding` in `{}`", format.key));
    }
    Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    }
}

/// Refuses a file declared in a legacy encoding whose bytes are UTF-8 with letters beyond
/// ASCII: decoded as declared, every such letter would come out garbled (`РџСЂРёРІРµС‚`).
fn refuse_utf8_in_legacy(
    bytes: &[u8],
    declared: &str,
    format: &FileFormat,
    file: &str,
) -> Result<(), Problem> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let Some(at) = text.find(|c: char| !c.is_ascii()) else {
        return Ok(());
    };
    let word: String = text[at..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .take(20)
        .collect();
    Err(Problem {
        file: file.to_string(),
        line: line_of(&text[..at]),
        column: None,
        message: format!(
            "found UTF-8 text (\"{}\"), but `encoding` in `{}` says {declared}, which would \
             garble it; remove the key (or set it to utf-8)",
            word.escape_debug(),
            format.key
        ),
    })
}

/// The 1-based line at the end of `before`, counting `\n`, `\r\n` and a lone `\r` as one
/// line break each.
pub fn line_of(before: &str) -> u64 {
    let bytes = before.as_bytes();
    let mut breaks = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            breaks += 1;
        }
    }
    breaks + 1
}

/// The encoding `chardetng` takes the bytes to be in (never UTF-8: they were not).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, false)
}

/// The script or region an encoding is for, to make a guess recognisable, and the other
/// encodings of that script a file is often in (the guess cannot tell them apart well).
fn script(encoding: &'static Encoding) -> Option<(&'static str, &'static str)> {
    Some(match encoding.name() {
        "windows-1251" | "KOI8-R" | "KOI8-U" | "IBM866" | "ISO-8859-5" | "x-mac-cyrillic" => {
            ("Cyrillic", "koi8-r or ibm866")
        }
        "windows-1252" | "ISO-8859-15" | "macintosh" => {
            ("Western European", "mac-roman, from an old Mac,")
        }
        "windows-1250" | "ISO-8859-2" => ("Central European", ""),
        "windows-1253" | "ISO-8859-7" => ("Greek", ""),
        "windows-1254" => ("Turkish", ""),
        "windows-1255" | "ISO-8859-8" => ("Hebrew", ""),
        "windows-1256" | "ISO-8859-6" => ("Arabic", ""),
        "windows-1257" | "ISO-8859-4" | "ISO-8859-13" => ("Baltic", ""),
        "windows-874" => ("Thai", ""),
        "windows-1258" => ("Vietnamese", ""),
        "Shift_JIS" | "EUC-JP" | "ISO-2022-JP" => ("Japanese", ""),
        "GBK" | "gb18030" => ("Simplified Chinese", ""),
        "Big5" => ("Traditional Chinese", ""),
        "EUC-KR" => ("Korean", ""),
        _ => return None,
    })
}

/// A spreadsheet workbook rather than the text saved from it.
fn workbook(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("a ZIP archive (an .xlsx or .ods workbook?)")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("an Excel 97-2003 workbook (.xls)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(encoding: Option<&str>) -> FileFormat {
        let mut format = FileFormat::detected("events");
        format.encoding = encoding.map(|e| TextEncoding::for_label(e).unwrap());
        format
    }

    fn text(bytes: &[u8], encoding: Option<&str>) -> String {
        decode(bytes.to_vec(), &format(encoding), "f.csv")
            .unwrap()
            .text
    }

    fn message(bytes: &[u8], encoding: Option<&str>) -> String {
        decode(bytes.to_vec(), &format(encoding), "f.csv")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn named_encodings_decode() {
        assert_eq!(text(b"caf\xe9 \x93q\x94", Some("windows-1252")), "café “q”");
        assert_eq!(text(b"caf\xe9 \x93", Some("latin-1")), "café \u{93}");
        assert_eq!(
            text(b"caf\x8e \xd2q\xd3 \xc9", Some("mac-roman")),
            "café “q” …"
        );
        assert_eq!(
            text(b"\xcf\xf0\xe8\xe2\xe5\xf2", Some("windows-1251")),
            "Привет"
        );
    }

    #[test]
    fn byte_order_marks_decide() {
        assert_eq!(text(b"\xef\xbb\xbfid", None), "id");
        assert_eq!(text(b"\xff\xfei\x00d\x00\x1f\x04", None), "idП");
        assert_eq!(text(b"\xfe\xff\x00i\x00d", Some("windows-1251")), "id");
    }

    #[test]
    fn not_utf8_names_the_line_and_the_likely_encoding() {
        let russian = "id;text\r\n1;Привет, мир, как дела у вас сегодня\r\n"
            .chars()
            .map(|c| match c {
                'А'..='я' => (c as u32 - 0x410 + 0xC0) as u8,
                c => c as u8,
            })
            .collect::<Vec<u8>>();
        assert_eq!(
            message(&russian, None),
            "f.csv:2: found a byte that is not UTF-8 (0xCF) at byte 3 of the line (byte offset 11 \
             of the file), expected UTF-8 text; the file looks like windows-1251 (Cyrillic; \
             koi8-r or ibm866 is also common): set `encoding: windows-1251` in `events`"
        );
    }

    #[test]
    fn utf8_declared_as_legacy_is_refused() {
        assert_eq!(
            message("id\n1,Привет\n".as_bytes(), Some("cp1251")),
            "f.csv:2: found UTF-8 text (\"Привет\"), but `encoding` in `events` says \
             windows-1251, which would garble it; remove the key (or set it to utf-8)"
        );
        assert_eq!(text(b"plain ascii", Some("cp1251")), "plain ascii");
    }

    #[test]
    fn utf16_without_bom_and_workbooks_are_refused() {
        assert!(message(b"i\x00d\x00\n\x00", None).contains("set `encoding: utf-16le`"));
        assert!(message(b"PK\x03\x04rest", None).contains("a ZIP archive"));
    }

    #[test]
    fn lines_count_every_kind_of_break() {
        assert_eq!(line_of("a\r\nb\rc\nd"), 4);
        assert_eq!(line_of(""), 1);
        assert_eq!(line_of("a\r"), 2);
    }
}
