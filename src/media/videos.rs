//! Videos: topics by rule, the most-viewed videos of each channel (Figure 1), the topic
//! shares among them, and the speed of receiving likes.
//!
//! A topic rule lists keywords; titles and keywords are normalised and stemmed as the corpus
//! is, and a keyword matches a title word whose stem begins with the keyword's stem, so the
//! inflections of a Russian name (`Назарбаев`, `Назарбаева`, `Назарбаеву`) all match it. Rules
//! are tried in order and the first match wins; the matched word is kept, so every video's
//! topic can be audited.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::TopicRule;
use crate::model::media::{Snapshot, Video};
use crate::text::matrix::Normaliser;

/// The topic of a video that no rule matches.
pub const OTHER: &str = "other";
/// Videos listed by like velocity.
pub const FASTEST: usize = 10;

/// The `videos` section of `report.json`: Figure 1, its topic shares, every video's topic and the
/// like velocity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideosReport {
    /// The config's `videos.description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Figure 1: the most-viewed videos of each channel, channels in file order.
    pub top: Vec<TopVideo>,
    /// Topic shares among `top`, rules in config order, then `other`.
    pub topics: Vec<TopicShare>,
    /// Every video with its topic and the rule's keyword and title word that decided it.
    pub classified: Vec<Classified>,
    /// The videos fastest at receiving likes; `None` (left out) without like snapshots or
    /// `videos.as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub velocity: Option<Velocity>,
}

/// One bar of Figure 1: a video among the `videos.top_per_channel` most viewed of its channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopVideo {
    /// The channel, as the videos file names it.
    pub channel: String,
    /// YouTube's id of the video; in the CSV only, not on the page.
    pub video_id: String,
    /// The title as the videos file gives it, the bar's label in Figure 1.
    pub title: String,
    /// UTC, written `2019-05-31T10:40:00Z`.
    pub published_at: DateTime<Utc>,
    /// Views when the statistics were collected; `None` (`null`, shown `not public`) when hidden,
    /// and then ranked last.
    pub views: Option<u64>,
    /// Likes when the statistics were collected; `None` (`null`, shown `not public`) when hidden.
    pub likes: Option<u64>,
    /// Length in seconds, when the export gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// The name of the first topic rule with a keyword in the title, or `other`.
    pub topic: String,
}

/// How many of the most-viewed videos (`top`) have one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicShare {
    /// The topic rule's name, or `other` for titles no rule matched.
    pub topic: String,
    /// The number of videos of `top` with this topic.
    pub videos: usize,
    /// Percent of the top videos.
    pub share: f64,
}

/// A video of the videos file with its topic and what decided it: a row of the topic audit table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classified {
    /// The channel, as the videos file names it.
    pub channel: String,
    /// YouTube's id of the video; in the CSV only, not on the page.
    pub video_id: String,
    /// The title as the videos file gives it, which the topic rules were tried on.
    pub title: String,
    /// The name of the first topic rule with a keyword in the title, or `other`.
    pub topic: String,
    /// The rule's keyword and the title's word that matched; empty for `other`.
    pub keyword: String,
    /// The title's words that the keyword matched, lowercased as normalised (`назарбаеву`); empty
    /// for `other`.
    pub word: String,
}

/// How fast videos received likes, and the fastest of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Velocity {
    /// `snapshots` (likes per hour to the first snapshot 24 h or more after publication) or
    /// `as_of` (likes per day from publication to the data's date).
    pub method: String,
    /// `likes per hour` (method `snapshots`) or `likes per day` (method `as_of`), printed under the
    /// table.
    pub unit: String,
    /// At most [`FASTEST`] videos, highest rate first (ties by video id); videos with no rate are
    /// left out.
    pub fastest: Vec<Fast>,
}

/// A video among the fastest at receiving likes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fast {
    /// The channel, as the videos file names it.
    pub channel: String,
    /// YouTube's id of the video; in the CSV only, not on the page.
    pub video_id: String,
    /// The title as the videos file gives it; a reproduction item notes it beside a published
    /// video.
    pub title: String,
    /// UTC, written `2019-05-31T10:40:00Z`.
    pub published_at: DateTime<Utc>,
    /// Views when the statistics were collected; `None` (`null`, shown `not public`) when hidden.
    pub views: Option<u64>,
    /// The likes the rate divides: at the snapshot used (`snapshots`), or when the statistics were
    /// collected (`as_of`).
    pub likes: u64,
    /// Likes per hour or per day, as the velocity's `unit` says; unrounded.
    pub rate: f64,
}

/// A rule's keywords, each with its stems.
type Keywords<'a> = Vec<(&'a str, Vec<String>)>;

/// Topic rules with their keywords stemmed.
pub struct Topics<'a> {
    rules: Vec<(&'a str, Keywords<'a>)>,
    normaliser: &'a Normaliser,
}

impl<'a> Topics<'a> {
    /// The rules in config order, their keywords stemmed by `normaliser`; a keyword with no stem
    /// left (e.g. only stopwords) is dropped.
    pub fn new(rules: &'a [TopicRule], normaliser: &'a Normaliser) -> Self {
        let rules = rules
            .iter()
            .map(|rule| {
                let keywords = rule
                    .keywords
                    .iter()
                    .map(|k| (k.as_str(), normaliser.stems(k)))
                    .filter(|(_, stems)| !stems.is_empty())
                    .collect();
                (rule.name.as_str(), keywords)
            })
            .collect();
        Topics { rules, normaliser }
    }

    /// The rules' names in config order, without `other`.
    pub fn names(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// The topic of `title`, with the keyword and the title word that matched.
    pub fn classify(&self, title: &str) -> (String, String, String) {
        let words = self.normaliser.kept_words(title);
        let stems = self.normaliser.stems(title);
        for (name, keywords) in &self.rules {
            for (keyword, key_stems) in keywords {
                let found = stems.windows(key_stems.len()).position(|window| {
                    window
                        .iter()
                        .zip(key_stems)
                        .all(|(s, k)| s.starts_with(k.as_str()))
                });
                if let Some(at) = found {
                    let word = words[at..at + key_stems.len()].join(" ");
                    return (name.to_string(), keyword.to_string(), word);
                }
            }
        }
        (OTHER.to_string(), String::new(), String::new())
    }
}

/// Figure 1 and the topics of the videos.
pub fn analyse(
    videos: &[Video],
    topics: &Topics<'_>,
    top_per_channel: usize,
    velocity: Option<Velocity>,
) -> VideosReport {
    let classified: Vec<Classified> = videos
        .iter()
        .map(|v| {
            let (topic, keyword, word) = topics.classify(&v.title);
            Classified {
                channel: v.channel.clone(),
                video_id: v.video_id.clone(),
                title: v.title.clone(),
                topic,
                keyword,
                word,
            }
        })
        .collect();
    let topic_of: BTreeMap<&str, &str> = classified
        .iter()
        .map(|c| (c.video_id.as_str(), c.topic.as_str()))
        .collect();
    let top: Vec<TopVideo> = most_viewed(videos, top_per_channel)
        .into_iter()
        .map(|v| TopVideo {
            channel: v.channel.clone(),
            video_id: v.video_id.clone(),
            title: v.title.clone(),
            published_at: v.published_at.and_utc(),
            views: v.views,
            likes: v.likes,
            duration: v.duration,
            topic: topic_of[v.video_id.as_str()].to_string(),
        })
        .collect();
    VideosReport {
        description: None,
        topics: shares(&top, topics.names()),
        top,
        classified,
        velocity,
    }
}

/// The `n` videos of most views of each channel (channels in order of first appearance;
/// ties by id; videos without public views last).
fn most_viewed(videos: &[Video], n: usize) -> Vec<&Video> {
    let mut channels: Vec<&str> = Vec::new();
    for v in videos {
        if !channels.contains(&v.channel.as_str()) {
            channels.push(&v.channel);
        }
    }
    channels
        .into_iter()
        .flat_map(|channel| {
            let mut of_channel: Vec<&Video> =
                videos.iter().filter(|v| v.channel == channel).collect();
            of_channel.sort_by(|a, b| {
                b.views
                    .is_some()
                    .cmp(&a.views.is_some())
                    .then(b.views.cmp(&a.views))
                    .then(a.video_id.cmp(&b.video_id))
            });
            of_channel.truncate(n);
            of_channel
        })
        .collect()
}

fn shares(top: &[TopVideo], mut names: Vec<String>) -> Vec<TopicShare> {
    names.push(OTHER.to_string());
    names
        .into_iter()
        .map(|topic| {
            let videos = top.iter().filter(|v| v.topic == topic).count();
            TopicShare {
                share: if top.is_empty() {
                    0.0
                } else {
                    100.0 * videos as f64 / top.len() as f64
                },
                topic,
                videos,
            }
        })
        .collect()
}

/// Likes per hour to the first snapshot at least 24 hours after publication.
pub fn velocity_from_snapshots(videos: &[Video], snapshots: &[Snapshot]) -> Velocity {
    let mut by_video: BTreeMap<&str, Vec<&Snapshot>> = BTreeMap::new();
    for s in snapshots {
        by_video.entry(&s.video_id).or_default().push(s);
    }
    let rates = videos.iter().filter_map(|v| {
        let mut list = by_video.get(v.video_id.as_str())?.clone();
        list.sort_by_key(|s| s.observed_at);
        let day_later = v.published_at + chrono::Duration::hours(24);
        let first = list
            .into_iter()
            .find(|s| s.observed_at >= day_later && s.likes.is_some())?;
        let hours = (first.observed_at - v.published_at).num_seconds() as f64 / 3600.0;
        let likes = first.likes?;
        Some((v, likes, likes as f64 / hours))
    });
    Velocity {
        method: "snapshots".into(),
        unit: "likes per hour".into(),
        fastest: fastest(rates),
    }
}

/// Likes per day from publication to `as_of`.
pub fn velocity_to_date(videos: &[Video], as_of: NaiveDateTime) -> Velocity {
    let rates = videos.iter().filter_map(|v| {
        let likes = v.likes?;
        let days = (as_of - v.published_at).num_seconds() as f64 / 86_400.0;
        (days > 0.0).then(|| (v, likes, likes as f64 / days))
    });
    Velocity {
        method: "as_of".into(),
        unit: "likes per day".into(),
        fastest: fastest(rates),
    }
}

fn fastest<'a>(rates: impl Iterator<Item = (&'a Video, u64, f64)>) -> Vec<Fast> {
    let mut rated: Vec<(&Video, u64, f64)> = rates.collect();
    rated.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.video_id.cmp(&b.0.video_id)));
    rated
        .into_iter()
        .take(FASTEST)
        .map(|(v, likes, rate)| Fast {
            channel: v.channel.clone(),
            video_id: v.video_id.clone(),
            title: v.title.clone(),
            published_at: v.published_at.and_utc(),
            views: v.views,
            likes,
            rate,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::text::matrix::{LanguageRules, Normaliser};
    use crate::text::stopwords::Stopwords;
    use crate::text::tokenize::Tokenizer;

    fn russian() -> Normaliser {
        Normaliser::single(
            Tokenizer::defaults(Language::Ru),
            LanguageRules {
                language: Language::Ru,
                stopwords: Stopwords::builtin(Language::Ru),
                stemmer: Some(rust_stemmers::Algorithm::Russian),
            },
        )
    }

    fn rules() -> Vec<TopicRule> {
        vec![
            TopicRule {
                name: "Назарбаев".into(),
                keywords: vec!["назарбаев".into(), "Дарига".into()],
            },
            TopicRule {
                name: "Протесты".into(),
                keywords: vec!["протест".into(), "мирный митинг".into()],
            },
        ]
    }

    #[test]
    fn inflections_and_case_hit_the_same_rule_and_the_first_rule_wins() {
        let normaliser = russian();
        let rules = rules();
        let topics = Topics::new(&rules, &normaliser);
        let classify = |t: &str| topics.classify(t);
        assert_eq!(classify("Назарбаева снова обманул").0, "Назарбаев");
        assert_eq!(classify("Письмо НАЗАРБАЕВУ").2, "назарбаеву");
        assert_eq!(classify("Кто такой Назарбаев?").1, "назарбаев");
        assert_eq!(classify("Дариге не понравится").0, "Назарбаев");
        // Both rules match: the first one wins.
        assert_eq!(classify("Протест против Назарбаева").0, "Назарбаев");
        assert_eq!(classify("Протесты в Алматы").0, "Протесты");
        // A two-word keyword needs both words in a row.
        assert_eq!(classify("Мирные митинги прошли").2, "мирные митинги");
        assert_eq!(classify("Мирные люди и митинги").0, OTHER);
        assert_eq!(classify("Курс тенге").0, OTHER);
    }

    fn video(id: &str, channel: &str, views: Option<u64>, likes: Option<u64>, at: &str) -> Video {
        Video {
            channel: channel.into(),
            video_id: id.into(),
            published_at: crate::load::media::parse_time(at).unwrap(),
            title: id.into(),
            views,
            likes,
            comments: None,
            duration: None,
        }
    }

    #[test]
    fn top_videos_per_channel_and_shares_by_hand() {
        let videos = vec![
            video("a", "A", Some(5), None, "2019-01-01"),
            video("b", "A", None, None, "2019-01-01"),
            video("c", "A", Some(9), None, "2019-01-01"),
            video("d", "B", Some(1), None, "2019-01-01"),
        ];
        let top: Vec<&str> = most_viewed(&videos, 2)
            .iter()
            .map(|v| v.video_id.as_str())
            .collect();
        assert_eq!(top, ["c", "a", "d"]);
        let normaliser = russian();
        let rules = rules();
        let report = analyse(&videos, &Topics::new(&rules, &normaliser), 2, None);
        let last = report.topics.last().unwrap();
        assert_eq!(
            (last.topic.as_str(), last.videos, last.share),
            (OTHER, 3, 100.0)
        );
    }

    #[test]
    fn like_velocity_by_hand() {
        let videos = vec![
            video("fast", "A", Some(10), Some(480), "2019-06-24T00:00:00Z"),
            video("slow", "A", Some(10), Some(100), "2019-06-20T00:00:00Z"),
        ];
        let snap = |id: &str, at: &str, likes: u64| Snapshot {
            video_id: id.into(),
            observed_at: crate::load::media::parse_time(at).unwrap(),
            views: None,
            likes: Some(likes),
        };
        // fast: the 12 h snapshot is too early; the 48 h one gives 480 / 48 = 10 per hour.
        let snapshots = vec![
            snap("fast", "2019-06-24T12:00:00Z", 300),
            snap("fast", "2019-06-26T00:00:00Z", 480),
            snap("slow", "2019-06-21T00:00:00Z", 48),
        ];
        let v = velocity_from_snapshots(&videos, &snapshots);
        let rates: Vec<(&str, f64)> = v
            .fastest
            .iter()
            .map(|f| (f.video_id.as_str(), f.rate))
            .collect();
        assert_eq!(rates, [("fast", 10.0), ("slow", 2.0)]);
        // To a date: 480 likes in 6 days = 80 a day; 100 in 10 days = 10 a day.
        let as_of = crate::load::media::parse_time("2019-06-30").unwrap();
        let v = velocity_to_date(&videos, as_of);
        let rates: Vec<f64> = v.fastest.iter().map(|f| f.rate).collect();
        assert_eq!(rates, [80.0, 10.0]);
        assert_eq!(v.unit, "likes per day");
    }
}
