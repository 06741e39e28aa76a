//! The memory budget of a build (`--memory-budget 4G`): how much the counting of n-grams may
//! hold in memory before it writes sorted runs to disk and merges them.
//!
//! The n-gram tables are the one structure of the text stages that grows faster than the
//! corpus (every distinct window of every size), so they are the one the budget bounds;
//! everything else (the posts, their stem sequences, the document-term matrix) is a fixed
//! number of bytes per token. The value is parsed once, at the command line, into bytes,
//! and carried on the [`Config`](crate::config::Config) to the stage that honours it.

use std::fmt;
use std::str::FromStr;

/// A number of bytes the n-gram counting may hold before it spills to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MemoryBudget {
    bytes: u64,
}

impl MemoryBudget {
    /// The default, 1 GiB: enough to count every n-gram of a corpus of about a million posts
    /// in memory (so ordinary studies never touch the disk), and small enough that a build of
    /// five million posts stays well under 6 GB with the posts and the matrix beside it.
    pub const DEFAULT: MemoryBudget = MemoryBudget { bytes: 1 << 30 };

    /// The smallest budget accepted: 1 MiB. Below it the runs would be so many and so short
    /// that the merge, not the counting, would cost the time.
    pub const MINIMUM: MemoryBudget = MemoryBudget { bytes: 1 << 20 };

    /// A budget of `bytes`, not checked against [`MemoryBudget::MINIMUM`] (for tests that
    /// force spilling on tiny corpora).
    pub const fn bytes(bytes: u64) -> MemoryBudget {
        MemoryBudget { bytes }
    }

    /// The budget in bytes.
    pub const fn get(self) -> u64 {
        self.bytes
    }
}

impl Default for MemoryBudget {
    fn default() -> Self {
        MemoryBudget::DEFAULT
    }
}

impl fmt::Display for MemoryBudget {
    /// The budget in the largest unit that writes it whole: `4G`, `1536M`, `1000`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let units = [(40, "T"), (30, "G"), (20, "M"), (10, "K")];
        for (shift, unit) in units {
            let size = 1u64 << shift;
            if self.bytes >= size && self.bytes.is_multiple_of(size) {
                return write!(f, "{}{unit}", self.bytes / size);
            }
        }
        write!(f, "{}", self.bytes)
    }
}

impl FromStr for MemoryBudget {
    type Err = String;

    /// A whole number of bytes with an optional binary unit: `4G`, `512M`, `1500K`,
    /// `2GiB`, `3gb`, `1073741824`. Units are powers of 1024 whatever their spelling.
    fn from_str(text: &str) -> Result<MemoryBudget, String> {
        let expected = "expected a size such as 4G, 512M or 1073741824 (bytes), with the \
                        unit K, M, G or T";
        let trimmed = text.trim();
        let digits = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(digits);
        let shift = match unit.trim().to_ascii_uppercase().as_str() {
            "" | "B" => 0,
            "K" | "KB" | "KIB" => 10,
            "M" | "MB" | "MIB" => 20,
            "G" | "GB" | "GIB" => 30,
            "T" | "TB" | "TIB" => 40,
            _ => return Err(format!("found \"{}\", {expected}", text.escape_debug())),
        };
        let number: u64 = number
            .parse()
            .map_err(|_| format!("found \"{}\", {expected}", text.escape_debug()))?;
        let bytes = number.checked_mul(1 << shift).ok_or_else(|| {
            format!(
                "found \"{}\", expected a size below 16 EiB",
                text.escape_debug()
            )
        })?;
        let budget = MemoryBudget { bytes };
        if budget < MemoryBudget::MINIMUM {
            return Err(format!(
                "found \"{}\", expected at least {} (1 MiB)",
                text.escape_debug(),
                MemoryBudget::MINIMUM
            ));
        }
        Ok(budget)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_with_and_without_units() {
        let parse = |text: &str| text.parse::<MemoryBudget>().map(MemoryBudget::get);
        assert_eq!(parse("4G"), Ok(4 << 30));
        assert_eq!(parse("512M"), Ok(512 << 20));
        assert_eq!(parse("1500k"), Ok(1500 << 10));
        assert_eq!(parse("2GiB"), Ok(2 << 30));
        assert_eq!(parse(" 3gb "), Ok(3 << 30));
        assert_eq!(parse("1T"), Ok(1 << 40));
        assert_eq!(parse("1073741824"), Ok(1 << 30));
        assert_eq!(parse("1048576B"), Ok(1 << 20));
    }

    #[test]
    fn bad_sizes_say_what_was_expected() {
        let err = |text: &str| text.parse::<MemoryBudget>().unwrap_err();
        let expected = "expected a size such as 4G, 512M or 1073741824 (bytes), with the unit \
                        K, M, G or T";
        assert_eq!(err("4X"), format!("found \"4X\", {expected}"));
        assert_eq!(err(""), format!("found \"\", {expected}"));
        assert_eq!(err("G"), format!("found \"G\", {expected}"));
        assert_eq!(err("-1G"), format!("found \"-1G\", {expected}"));
        assert_eq!(err("1.5G"), format!("found \"1.5G\", {expected}"));
        assert_eq!(
            err("20000000T"),
            "found \"20000000T\", expected a size below 16 EiB"
        );
        assert_eq!(err("100K"), "found \"100K\", expected at least 1M (1 MiB)");
    }

    #[test]
    fn written_in_the_largest_whole_unit() {
        assert_eq!(MemoryBudget::DEFAULT.to_string(), "1G");
        assert_eq!(MemoryBudget::bytes(1536 << 20).to_string(), "1536M");
        assert_eq!(MemoryBudget::bytes(1000).to_string(), "1000");
        assert_eq!("4G".parse::<MemoryBudget>().unwrap().to_string(), "4G");
    }
}
