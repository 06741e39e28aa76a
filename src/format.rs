//! How numbers are written on the pages, in the narratives and in the change report: with
//! thousands separators, as the paper prints them. One module, so that a figure reads the same
//! wherever it appears.

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

/// A number as written in full (`1182747.25`), its whole part grouped (`1,182,747.25`); text
/// that is not a plain decimal number comes back as it is.
pub fn grouped(text: &str) -> String {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    match (numeric, whole.parse::<u64>()) {
        (true, Ok(n)) => {
            let sign = if digits.len() < text.len() { "-" } else { "" };
            let point = if fraction.is_empty() { "" } else { "." };
            format!("{sign}{}{point}{fraction}", thousands(n))
        }
        _ => text.to_string(),
    }
}

/// A real number in full, as few digits as tell it apart from its neighbours, grouped:
/// `125.45454545454545`, `2,452,372`.
pub fn exact(value: f64) -> String {
    grouped(&value.to_string())
}

/// A UTC time as `report.json` and the CSV tables write it: `2019-05-31T10:40:00Z`.
pub fn utc(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
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
        assert_eq!(grouped("1182747.25"), "1,182,747.25");
        assert_eq!(grouped("-1234"), "-1,234");
        assert_eq!(grouped(">13"), ">13");
        assert_eq!(grouped("1e5"), "1e5");
        assert_eq!(exact(2452372.0), "2,452,372");
        assert_eq!(exact(0.1 + 0.2), "0.30000000000000004");
    }
}
