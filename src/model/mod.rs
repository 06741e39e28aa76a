//! The records every stage shares: what the loaders make of the study's files and the
//! analyses, the config and the report read. They sit on the ground floor, below the loaders
//! and the analyses, so that each side imports them and neither imports the other: a loader
//! never depends on an analysis, and an analysis never on a loader.

pub mod accounts;
pub mod corpus;
pub mod events;
pub mod media;
pub mod narrative;
