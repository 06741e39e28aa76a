//! Views over time (Figure 2): the series of each channel, its peaks by a stated rule, and
//! the protest events near each peak.
//!
//! The rule is the config's: a period above `factor` times the median of the `window` periods
//! centred on it (truncated at the ends of the series), or the `n` periods of most views. An
//! event is near a peak when its day lies within `window_days` of the peak's period (0 when
//! inside it). Only events dated to the day are placed; the report says how many are not.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::config::PeakRule;
use crate::model::events::{Event, Form, SizeClass};
use crate::model::media::{Period, ViewsPoint};

/// The `views` section of `report.json`: Figure 2's series, its peaks and the protest events near
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewsReport {
    /// The config's `views.description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The rule in words, as the page states it.
    pub rule: String,
    /// The config's `views.window_days`: events this many days or fewer from a peak's period are
    /// paired with it.
    pub window_days: u32,
    /// Each channel's series in period order (channels in file order).
    pub series: Vec<ViewsPoint>,
    /// The periods the rule picks, channels in file order, each channel's in period order.
    pub peaks: Vec<Peak>,
    /// The protest events dated to the day within the series' span, for the chart.
    pub events: Vec<DatedEvent>,
    /// Events left out of the pairing because their date has no day.
    pub undated_events: usize,
}

/// A period the peak rule picks out of a channel's series: a row of the peaks table, circled on
/// Figure 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Peak {
    /// The channel whose series peaks, as the views file names it.
    pub channel: String,
    /// The month or day of the peak, written `YYYY-MM` or `YYYY-MM-DD`.
    pub period: Period,
    /// The channel's views in that period.
    pub views: u64,
    /// What the rule compared the views with (the rolling median), when it has one.
    pub baseline: Option<f64>,
    /// The events dated to the day within `window_days` of the period, by date then id; empty when
    /// none.
    pub events_nearby: Vec<Nearby>,
}

/// A protest event dated to the day within the series' span, marked by a line on Figure 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedEvent {
    /// The event's id in the events file.
    pub event_id: String,
    /// The day of the event, where its line is drawn.
    pub date: NaiveDate,
    /// `strike`, `protest` or `picket`, written on the marker.
    pub form: Form,
    /// `lt100`, `100to1000`, `gt1000` or `unknown`; on the marker as `<100`, `100-1000`, `>1000` or
    /// `size unknown`.
    pub size_class: SizeClass,
    /// Where, as the events file writes it; may be empty.
    pub location: String,
}

/// A protest event dated to the day within `window_days` of a peak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nearby {
    /// The event's id in the events file; in the peaks CSV only, not on the page.
    pub event_id: String,
    /// The event's day, listed beside the peak (`event_date` in the CSV).
    pub date: NaiveDate,
    /// `strike`, `protest` or `picket`, listed beside the peak on the page.
    pub form: Form,
    /// `lt100`, `100to1000`, `gt1000` or `unknown`; beside the peak as `<100`, `100-1000`, `>1000`
    /// or `size unknown`.
    pub size_class: SizeClass,
    /// Days between the event and the peak's period (0 when inside it).
    pub days: i64,
}

/// The series, peaks and nearby events.
pub fn analyse(
    points: &[ViewsPoint],
    events: &[Event],
    rule: PeakRule,
    window_days: u32,
) -> ViewsReport {
    let series = ordered(points);
    let dated: Vec<(chrono::NaiveDate, &Event)> = events
        .iter()
        .filter_map(|e| Some((e.date.day_date()?, e)))
        .collect();
    let (first, last) = match (series.first(), series.last()) {
        (Some(a), Some(b)) => (a.period.days().0, b.period.days().1),
        _ => (chrono::NaiveDate::MIN, chrono::NaiveDate::MIN),
    };
    let mut peaks = Vec::new();
    let mut channels: Vec<&str> = series.iter().map(|p| p.channel.as_str()).collect();
    channels.dedup();
    for channel in channels {
        let of_channel: Vec<&ViewsPoint> = series.iter().filter(|p| p.channel == channel).collect();
        let values: Vec<u64> = of_channel.iter().map(|p| p.views).collect();
        for (i, baseline) in find_peaks(&values, rule) {
            let point = of_channel[i];
            peaks.push(Peak {
                channel: point.channel.clone(),
                period: point.period,
                views: point.views,
                baseline,
                events_nearby: nearby(point.period, &dated, window_days),
            });
        }
    }
    ViewsReport {
        description: None,
        rule: describe(rule),
        window_days,
        events: dated
            .iter()
            .filter(|(day, _)| (first..=last).contains(day))
            .map(|(day, e)| DatedEvent {
                event_id: e.event_id.clone(),
                date: *day,
                form: e.form,
                size_class: e.size_class,
                location: e.location.clone(),
            })
            .collect(),
        undated_events: events.len() - dated.len(),
        series,
        peaks,
    }
}

fn ordered(points: &[ViewsPoint]) -> Vec<ViewsPoint> {
    let mut channels: Vec<&str> = Vec::new();
    for p in points {
        if !channels.contains(&p.channel.as_str()) {
            channels.push(&p.channel);
        }
    }
    let mut series: Vec<ViewsPoint> = points.to_vec();
    series.sort_by(|a, b| {
        let rank = |c: &str| channels.iter().position(|x| *x == c);
        rank(&a.channel)
            .cmp(&rank(&b.channel))
            .then(a.period.cmp(&b.period))
    });
    series
}

/// The rule in the page's words.
pub fn describe(rule: PeakRule) -> String {
    match rule {
        PeakRule::Median { factor, window } => format!(
            "a period whose views exceed {factor} times the median of the {window} periods \
             centred on it"
        ),
        PeakRule::Top { n } => format!("the {n} periods with the most views"),
    }
}

/// Indexes of the peaks of one series of values (in period order) with their baselines (the
/// rolling median, for the median rule): the rule of Figure 2, shared by the timeline.
pub fn find_peaks(series: &[u64], rule: PeakRule) -> Vec<(usize, Option<f64>)> {
    match rule {
        PeakRule::Median { factor, window } => {
            let half = window / 2;
            (0..series.len())
                .filter_map(|i| {
                    let from = i.saturating_sub(half);
                    let to = (i + half + 1).min(series.len());
                    let mut values: Vec<u64> = series[from..to].to_vec();
                    values.sort_unstable();
                    let m = values.len();
                    let median = if m % 2 == 1 {
                        values[m / 2] as f64
                    } else {
                        (u128::from(values[m / 2 - 1]) + u128::from(values[m / 2])) as f64 / 2.0
                    };
                    (series[i] as f64 > factor * median).then_some((i, Some(median)))
                })
                .collect()
        }
        PeakRule::Top { n } => {
            let mut order: Vec<usize> = (0..series.len()).collect();
            order.sort_by(|&a, &b| series[b].cmp(&series[a]).then(a.cmp(&b)));
            order.truncate(n);
            order.sort_unstable();
            order.into_iter().map(|i| (i, None)).collect()
        }
    }
}

/// The events (with their days) within `window` days of `period` (0 when inside it), by date
/// then id: the pairing of Figure 2's peaks, shared by the timeline.
pub fn nearby(period: Period, events: &[(chrono::NaiveDate, &Event)], window: u32) -> Vec<Nearby> {
    let (first, last) = period.days();
    let mut found: Vec<Nearby> = events
        .iter()
        .filter_map(|&(day, e)| {
            let days = if day < first {
                (first - day).num_days()
            } else if day > last {
                (day - last).num_days()
            } else {
                0
            };
            (days <= i64::from(window)).then(|| Nearby {
                event_id: e.event_id.clone(),
                date: day,
                form: e.form,
                size_class: e.size_class,
                days,
            })
        })
        .collect();
    found.sort_by(|a, b| a.date.cmp(&b.date).then(a.event_id.cmp(&b.event_id)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[u64]) -> Vec<ViewsPoint> {
        values
            .iter()
            .enumerate()
            .map(|(i, &views)| ViewsPoint {
                channel: "A".into(),
                period: Period::Month(2019, i as u32 + 1),
                views,
            })
            .collect()
    }

    #[test]
    fn peaks_by_rolling_median_by_hand() {
        // Medians of 5 centred: Jan [10,10,40] -> 10; Mar [10,10,40,10,10] -> 10 (40 > 15);
        // Jun [10,30,10] -> 10 (30 > 15).
        let points = series(&[10, 10, 40, 10, 10, 30]);
        let rule = PeakRule::Median {
            factor: 1.5,
            window: 5,
        };
        let report = analyse(&points, &[], rule, 31);
        let peaks: Vec<(String, Option<f64>)> = report
            .peaks
            .iter()
            .map(|p| (p.period.to_string(), p.baseline))
            .collect();
        assert_eq!(
            peaks,
            [
                ("2019-03".into(), Some(10.0)),
                ("2019-06".into(), Some(10.0))
            ]
        );
        let top = analyse(&points, &[], PeakRule::Top { n: 1 }, 31);
        assert_eq!(top.peaks[0].period.to_string(), "2019-03");
    }

    #[test]
    fn events_near_a_peak_by_days() {
        use crate::model::events::EventDate;
        let event = |id: &str, date: &str| Event {
            event_id: id.into(),
            date: EventDate::parse(date).unwrap(),
            form: Form::Protest,
            participants: None,
            size_class: SizeClass::Over1000,
            count: 1,
            at_least: false,
            cities: None,
            detainees: None,
            location: String::new(),
            source: String::new(),
            notes: String::new(),
        };
        let events = [
            event("in", "2019-03-09"),
            event("after", "2019-04-30"),
            event("far", "2019-05-15"),
            event("year", "2019"),
        ];
        let points = series(&[10, 10, 40, 10, 10, 10]);
        let report = analyse(&points, &events, PeakRule::Top { n: 1 }, 31);
        let near: Vec<(&str, i64)> = report.peaks[0]
            .events_nearby
            .iter()
            .map(|n| (n.event_id.as_str(), n.days))
            .collect();
        assert_eq!(near, [("in", 0), ("after", 30)]);
        assert_eq!(report.undated_events, 1);
        assert_eq!(report.events.len(), 3);
    }
}
