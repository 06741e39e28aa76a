//! The records every stage shares: what the loaders make of the study's files and the
//! analyses, the config and the report read. They sit on the ground floor, below the loaders
//! and the analyses, so that each side imports them and neither imports the other: a loader
//! never depends on an analysis, and an analysis never on a loader.

pub mod accounts;
pub mod corpus;
pub mod events;
pub mod media;
pub mod narrative;

/// The text of a value, by an enum's table of (value, text): its one mapping.
pub(crate) fn name_of<T: PartialEq + Copy>(names: &[(T, &'static str)], value: T) -> &'static str {
    names
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, name)| *name)
        .expect("every value has a name")
}

pub(crate) fn value_of<T: Copy>(names: &[(T, &'static str)], text: &str) -> Option<T> {
    names
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(text.trim()))
        .map(|(value, _)| *value)
}

/// Serialises and reads back an enum by its one mapping.
macro_rules! by_name {
    ($type:ty, $expected:expr) => {
        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::model::from_text(deserializer, $expected, <$type>::parse)
            }
        }
    };
}

pub(crate) use by_name;

/// Reads a value written as text by its own parser, naming what was found when it fails: the
/// other half of a `Serialize` that writes the value's `Display`. The text is parsed inside
/// the deserializer's visit, so the error carries the position and the field path the
/// format gives (`events.forms[0].form` in the config, a line and column in `report.json`).
pub(crate) fn from_text<'de, D, T, P>(
    deserializer: D,
    expected: &str,
    parse: P,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    P: Fn(&str) -> Option<T>,
{
    struct Text<'a, P> {
        expected: &'a str,
        parse: P,
    }
    impl<T, P: Fn(&str) -> Option<T>> serde::de::Visitor<'_> for Text<'_, P> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expected)
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            (self.parse)(text).ok_or_else(|| {
                E::custom(format!(
                    "found \"{}\", expected {}",
                    text.escape_debug(),
                    self.expected
                ))
            })
        }
    }
    deserializer.deserialize_str(Text { expected, parse })
}
