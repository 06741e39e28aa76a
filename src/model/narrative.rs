//! A narrative file of the study, as the config places it.

/// A narrative file as the config places it, with its text.
#[derive(Debug, Clone)]
pub struct NarrativeSource {
    /// The path as the config writes it.
    pub file: String,
    /// Where it goes on the page.
    pub at: Placement,
    /// The file's Markdown as read: a template whose `{{ ... }}` are filled from `report.json`.
    pub text: String,
}

/// Where a narrative goes on the page: before the first section, after the last, or after the
/// section, table or figure of an id (checked against the page's ids when the page is built,
/// by `build` and `check` alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// `start`: before the first section.
    Start,
    /// `end`: after the last section.
    End,
    /// After the section, table or figure of this id, e.g. `terms`, `table3`, `chart-table3-terms`.
    After(String),
}

impl Placement {
    /// `start`, `end` or the id, as the config writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Placement::Start => "start",
            Placement::End => "end",
            Placement::After(id) => id,
        }
    }

    fn parse(text: &str) -> Placement {
        match text {
            "start" => Placement::Start,
            "end" => Placement::End,
            id => Placement::After(id.to_string()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Placement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Placement::parse(&text))
    }
}

impl serde::Serialize for Placement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
