//! A narrative file of the study, as the config places it.

/// A narrative file as the config places it, with its text.
#[derive(Debug, Clone)]
pub struct NarrativeSource {
    /// The path as the config writes it.
    pub file: String,
    /// `start`, `end`, or the id of a section, table or figure it follows.
    pub at: String,
    pub text: String,
}
