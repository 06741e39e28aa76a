//! The accounts, channels and videos: the ratios of Table 1's figures, the videos of Figure 1
//! and their topics, the views series of Figure 2 and its peaks.

pub mod ratios;
pub mod videos;
pub mod views;
