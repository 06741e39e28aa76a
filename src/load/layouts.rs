//! What a file looks like when it is not what its input expects.
//!
//! A header that lacks a column an input needs is often a good file in the wrong place: an
//! ACLED export given as mobilize's own events, a YouTube Data Tools list given as generic
//! videos. Each layout mobilize reads is told here by a few columns no other layout has, so the
//! message can name the layout and the key to set instead of only the column that is missing.

/// A layout, the columns that tell it (compared without regard to case), and where it is read.
struct Layout {
    name: &'static str,
    columns: &'static [&'static str],
    key: &'static str,
}

const LAYOUTS: [Layout; 9] = [
    Layout {
        name: "a YouTube Data Tools video list",
        columns: &["videoid", "channeltitle", "videotitle"],
        key: "`format: ytdt` in `videos`",
    },
    Layout {
        name: "a YouTube Data Tools channel list",
        columns: &["id", "title", "subscribercount", "videocount"],
        key: "`format: ytdt` in `accounts`",
    },
    Layout {
        name: "an ACLED export",
        columns: &["event_id_cnty", "event_date", "event_type"],
        key: "`format: acled` in `events`",
    },
    Layout {
        name: "a Mass Mobilization file",
        columns: &["id", "protest", "startyear", "participants_category"],
        key: "`format: mm` in `events`",
    },
    Layout {
        name: "a CrowdTangle export",
        columns: &["post created", "url", "total interactions"],
        key: "`format: crowdtangle` in `corpus`",
    },
    Layout {
        name: "mobilize's own events columns",
        columns: &["event_id", "date", "form"],
        key: "`format: csv` in `events`",
    },
    Layout {
        name: "mobilize's accounts columns",
        columns: &["organization", "platform", "metric", "value"],
        key: "`format: csv` in `accounts`",
    },
    Layout {
        name: "mobilize's video columns",
        columns: &["channel", "video_id", "published_at", "views"],
        key: "`format: csv` in `videos`",
    },
    Layout {
        name: "mobilize's views columns",
        columns: &["channel", "period", "views"],
        key: "`views`",
    },
];

/// What a header of lowercased, trimmed names looks like, as a sentence for a message:
/// `this file looks like an ACLED export: read it with `format: acled` in `events``.
pub fn recognise(keys: &[String]) -> Option<String> {
    LAYOUTS
        .iter()
        .find(|layout| layout.columns.iter().all(|c| keys.iter().any(|k| k == c)))
        .map(|layout| {
            format!(
                "this file looks like {}: read it with {}",
                layout.name, layout.key
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(header: &str) -> Vec<String> {
        header.split(',').map(|h| h.trim().to_lowercase()).collect()
    }

    #[test]
    fn layouts_are_told_by_their_columns() {
        assert_eq!(
            recognise(&keys("EVENT_ID_CNTY,EVENT_DATE,YEAR,EVENT_TYPE,NOTES")).as_deref(),
            Some("this file looks like an ACLED export: read it with `format: acled` in `events`")
        );
        assert!(
            recognise(&keys("position,channelId,channelTitle,videoId,videoTitle"))
                .unwrap()
                .contains("YouTube Data Tools video list")
        );
        assert_eq!(recognise(&keys("a,b,c")), None);
    }
}
