//! Writes the data of the real-data study `studies/real-world/`: `posts.csv`, `videos.csv` and
//! `events.csv` in `studies/real-world/data/`, each converted from a real public dataset into
//! mobilize's generic formats.
//!
//! Run it with
//!
//! ```sh
//! cargo run --release --example make-real-world -- DATASETS CORPUS [OUT_DIR]
//! cargo run --release --example make-real-world -- /work/shared/datasets tests/fixtures/tweets/corpus.csv
//! ```
//!
//! where `DATASETS` is the folder holding `youtube_superbowl_ads/youtube.csv` and
//! `mm_kazakhstan/`, `CORPUS` is `tests/fixtures/tweets/corpus.csv` (the FiveThirtyEight tweets,
//! already decoded from Mac Roman to UTF-8), and `OUT_DIR` defaults to the study's `data/`.
//! The paths are arguments because a clone of the repository does not hold the source datasets.
//!
//! Why it exists: so that every byte of the study's data can be traced to its source by a rule
//! written down once, here, and rebuilt. The output is the same bytes on every run. What each
//! rule means for the data is in `studies/real-world/data/SOURCE.md`; in short:
//!
//! - **posts**: every row and column of the corpus, unchanged, except `date`, which the corpus
//!   writes `M/D/YY HH:MM` and mobilize reads as `YYYY-MM-DD`: it becomes `20YY-MM-DD` (the
//!   time of day is dropped; the source gives no time zone).
//! - **videos**: `channel` = the advertiser (`brand`, as spelt in the source), `video_id` = the
//!   YouTube id, `published_at` = RFC 3339 in UTC, `title` = the YouTube title, and the view,
//!   like and comment counts, empty where the source has `NA` (never 0). Rows with no
//!   publication time (the video was not found on YouTube) are left out, and so are exact
//!   repeats of a row already written; a repeated id with different values is an error.
//! - **events**: the Mass Mobilization events for Kazakhstan (`protest = 1`). 1990–2017 come
//!   from the detailed extract (dates, places, sizes); 2018–2020, which only MM v5 covers, come
//!   from the binary recode of v5, known to the year only. The two files are checked to agree
//!   on the number of events of every year they share. The size class comes from MM's
//!   `participants_category`, else from an exact participant count, else it is `unknown`; the
//!   form is `strike` when the protesters' identity or demands say strike, else `protest`.
//!
//! Bad input is reported as `FILE:LINE: what was found, expected what`, exit status 1; bad
//! arguments exit with status 2.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

const YOUTUBE: &str = "youtube_superbowl_ads/youtube.csv";
const MM_DETAILED: &str = "mm_kazakhstan/mm_kazakhstan_1990_2017.csv";
const MM_V5: &str = "mm_kazakhstan/mm_v5_derived_kazakhstan_1990_2020.csv";

const VIDEOS_HEADER: [&str; 7] = [
    "channel",
    "video_id",
    "published_at",
    "title",
    "views",
    "likes",
    "comments",
];
const EVENTS_HEADER: [&str; 12] = [
    "event_id",
    "date",
    "form",
    "participants",
    "size_class",
    "count",
    "at_least",
    "cities",
    "detainees",
    "location",
    "source",
    "notes",
];

// ---------------------------------------------------------------------------------------------
// Errors: the file, the line when there is one, and what was wrong.

struct Failure {
    file: PathBuf,
    line: Option<u64>,
    message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

type Result<T> = std::result::Result<T, Failure>;

fn failure(file: &Path, line: Option<u64>, message: impl Into<String>) -> Failure {
    Failure {
        file: file.to_path_buf(),
        line,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a CSV file by column name.

/// A whole CSV file: its header and its records, each with its line number.
struct Table {
    path: PathBuf,
    columns: HashMap<String, usize>,
    header: Vec<String>,
    records: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path, required: &[&str]) -> Result<Table> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|e| failure(path, None, format!("cannot open the file ({e})")))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_failure(path, &e))?
            .iter()
            .map(str::to_string)
            .collect();
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), i))
            .collect();
        for name in required {
            if !columns.contains_key(*name) {
                return Err(failure(
                    path,
                    Some(1),
                    format!(
                        "found the columns {}, expected a column \"{name}\"",
                        header.join(",")
                    ),
                ));
            }
        }
        let mut records = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_failure(path, &e))?;
            let line = record.position().map_or(0, |p| p.line());
            records.push((line, record));
        }
        Ok(Table {
            path: path.to_path_buf(),
            columns,
            header,
            records,
        })
    }

    /// The field of a column that `read` checked for.
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        record.get(self.columns[name]).unwrap_or("")
    }

    fn fail(&self, line: u64, message: impl Into<String>) -> Failure {
        failure(&self.path, Some(line), message)
    }
}

fn csv_failure(path: &Path, err: &csv::Error) -> Failure {
    let line = err.position().map(|p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "found bytes that are not UTF-8, expected UTF-8 text".into(),
        _ => format!("found a line that is not valid CSV ({err})"),
    };
    failure(path, line, message)
}

fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail, and each row has the header's length.
    writer.write_record(header).expect("a CSV header in memory");
    for row in rows {
        writer.write_record(row).expect("a CSV row in memory");
    }
    writer.into_inner().expect("a CSV buffer in memory")
}

// ---------------------------------------------------------------------------------------------
// posts.csv: the tweets, dated as mobilize reads dates.

/// `M/D/YY HH:MM` (FiveThirtyEight's `created_at`) → the day, in the 2000s.
fn tweet_day(text: &str) -> Option<NaiveDate> {
    let (day, time) = text.split_once(' ')?;
    NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    let parts: Vec<&str> = day.split('/').collect();
    let [month, day, year] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(month, &[1, 2]) || !digits(day, &[1, 2]) || !digits(year, &[2]) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        2000 + year.parse::<i32>().ok()?,
        month.parse().ok()?,
        day.parse().ok()?,
    )
}

fn posts(corpus: &Path) -> Result<(Vec<u8>, usize)> {
    let table = Table::read(corpus, &["id", "date", "text"])?;
    let date_column = table.columns["date"];
    let mut rows = Vec::with_capacity(table.records.len());
    for (line, record) in &table.records {
        let written = table.get(record, "date");
        let day = tweet_day(written).ok_or_else(|| {
            table.fail(
                *line,
                format!("date: found \"{written}\", expected M/D/YY HH:MM such as 10/16/17 22:59"),
            )
        })?;
        let mut row: Vec<String> = record.iter().map(str::to_string).collect();
        row[date_column] = day.format("%Y-%m-%d").to_string();
        rows.push(row);
    }
    let header: Vec<&str> = table.header.iter().map(String::as_str).collect();
    Ok((csv_bytes(&header, &rows), rows.len()))
}

// ---------------------------------------------------------------------------------------------
// videos.csv: the Super Bowl ads' YouTube statistics.

struct VideoCounts {
    written: usize,
    without_time: usize,
    repeated: usize,
}

/// A field of the R export, `NA` (or nothing) when the value is missing.
fn present(text: &str) -> Option<&str> {
    (!text.is_empty() && text != "NA").then_some(text)
}

/// The `v=` parameter of a `https://www.youtube.com/watch?v=ID` address.
fn youtube_id(url: &str) -> Option<&str> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("v="))
        .filter(|id| !id.is_empty())
}

/// `YYYY-MM-DD HH:MM:SS` (the R re-export) or `YYYY-MM-DDTHH:MM:SSZ` (the YouTube API), UTC.
fn youtube_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ"))
        .ok()
}

fn videos(datasets: &Path) -> Result<(Vec<u8>, VideoCounts)> {
    let path = datasets.join(YOUTUBE);
    let table = Table::read(
        &path,
        &[
            "year",
            "brand",
            "youtube_url",
            "id",
            "view_count",
            "like_count",
            "comment_count",
            "published_at",
            "title",
            "description",
        ],
    )?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first: HashMap<String, (u64, csv::StringRecord)> = HashMap::new();
    let mut counts = VideoCounts {
        written: 0,
        without_time: 0,
        repeated: 0,
    };
    for (row_number, (line, record)) in table.records.iter().enumerate() {
        let field = |name: &str| present(table.get(record, name));
        let Some(published) = field("published_at") else {
            counts.without_time += 1;
            continue;
        };
        let published = youtube_time(published).ok_or_else(|| {
            table.fail(
                *line,
                format!("published_at: found \"{published}\", expected YYYY-MM-DD HH:MM:SS or NA"),
            )
        })?;
        let channel = field("brand")
            .ok_or_else(|| table.fail(*line, "brand: found nothing, expected the advertiser"))?;
        let video_id = match field("id").or_else(|| field("youtube_url").and_then(youtube_id)) {
            Some(id) => id.to_string(),
            None => format!(
                "superbowl-{}-row{}",
                table.get(record, "year"),
                row_number + 1
            ),
        };
        if let Some((first_line, first_record)) = first.get(&video_id) {
            if first_record == record {
                counts.repeated += 1;
                continue;
            }
            return Err(table.fail(
                *line,
                format!(
                    "id: found \"{video_id}\" again with other values (first on line \
                     {first_line}), expected each video once"
                ),
            ));
        }
        first.insert(video_id.clone(), (*line, record.clone()));
        let title = field("title")
            .or_else(|| field("description").and_then(|d| d.lines().next()))
            .unwrap_or("");
        let mut row = vec![
            channel.to_string(),
            video_id,
            published.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            title.to_string(),
        ];
        for column in ["view_count", "like_count", "comment_count"] {
            let count = match field(column) {
                None => String::new(),
                Some(text) => match text.parse::<u64>() {
                    Ok(n) => n.to_string(),
                    Err(_) => {
                        return Err(table.fail(
                            *line,
                            format!("{column}: found \"{text}\", expected a whole number or NA"),
                        ))
                    }
                },
            };
            row.push(count);
        }
        rows.push(row);
    }
    counts.written = rows.len();
    Ok((csv_bytes(&VIDEOS_HEADER, &rows), counts))
}

// ---------------------------------------------------------------------------------------------
// events.csv: Mass Mobilization, Kazakhstan.

struct EventCounts {
    detailed: usize,
    placeholders: usize,
    from_v5: usize,
    strikes: usize,
    by_year: BTreeMap<i32, usize>,
}

/// MM's `participants_category` → mobilize's size class. MM's brackets start at 50, so
/// `50-99` is under 100; `1000-1999` and above are over 1,000 (MM's 1,000 is the lower edge of
/// the bracket, which mobilize counts in 100to1000; no event here is coded exactly so).
fn size_class_of_category(category: &str) -> Option<&'static str> {
    match category {
        "50-99" => Some("lt100"),
        "100-999" => Some("100to1000"),
        "1000-1999" | "2000-4999" | "5000-10000" | ">10000" => Some("gt1000"),
        _ => None,
    }
}

/// mobilize's own brackets for an exact count (`SizeClass::of_participants`).
fn size_class_of_count(participants: u64) -> &'static str {
    match participants {
        0..=99 => "lt100",
        100..=1000 => "100to1000",
        _ => "gt1000",
    }
}

/// Whether a text says strike: a word beginning with `strik` (strike, strikes, striking,
/// strikers), in any case.
fn says_strike(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| word.to_lowercase().starts_with("strik"))
}

fn whole(text: &str) -> Option<u64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn day_of(table: &Table, line: u64, record: &csv::StringRecord, which: &str) -> Result<NaiveDate> {
    let part = |unit: &str| table.get(record, &format!("{which}{unit}"));
    let (year, month, day) = (part("year"), part("month"), part("day"));
    let number = |text: &str| text.parse::<u32>().ok();
    number(month)
        .zip(number(day))
        .zip(year.parse::<i32>().ok())
        .and_then(|((m, d), y)| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| {
            table.fail(
                line,
                format!(
                    "{which}year/{which}month/{which}day: found \"{year}\"/\"{month}\"/\"{day}\", \
                     expected a date of the calendar"
                ),
            )
        })
}

/// `protest` is 1 for an event, 0 for a country-year without one.
fn is_event(table: &Table, line: u64, record: &csv::StringRecord) -> Result<bool> {
    match table.get(record, "protest") {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(table.fail(line, format!("protest: found \"{other}\", expected 0 or 1"))),
    }
}

fn kazakhstan(table: &Table, line: u64, record: &csv::StringRecord) -> Result<()> {
    match table.get(record, "country") {
        "Kazakhstan" => Ok(()),
        other => Err(table.fail(
            line,
            format!("country: found \"{other}\", expected Kazakhstan"),
        )),
    }
}

fn year_of(table: &Table, line: u64, record: &csv::StringRecord) -> Result<i32> {
    let text = table.get(record, "year");
    text.parse()
        .map_err(|_| table.fail(line, format!("year: found \"{text}\", expected a year")))
}

fn events(datasets: &Path) -> Result<(Vec<u8>, EventCounts)> {
    let detailed = Table::read(
        &datasets.join(MM_DETAILED),
        &[
            "id",
            "country",
            "year",
            "protest",
            "startday",
            "startmonth",
            "startyear",
            "endday",
            "endmonth",
            "endyear",
            "location",
            "participants_category",
            "participants",
            "protesteridentity",
            "protesterdemand1",
            "protesterdemand2",
            "protesterdemand3",
            "protesterdemand4",
        ],
    )?;
    let v5 = Table::read(&datasets.join(MM_V5), &["", "country", "year", "protest"])?;

    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut counts = EventCounts {
        detailed: 0,
        placeholders: 0,
        from_v5: 0,
        strikes: 0,
        by_year: BTreeMap::new(),
    };
    let mut detailed_years: BTreeMap<i32, usize> = BTreeMap::new();
    for (line, record) in &detailed.records {
        let line = *line;
        let get = |name: &str| detailed.get(record, name);
        kazakhstan(&detailed, line, record)?;
        let year = year_of(&detailed, line, record)?;
        let events_of_year = detailed_years.entry(year).or_insert(0);
        if !is_event(&detailed, line, record)? {
            counts.placeholders += 1;
            continue;
        }
        *events_of_year += 1;
        let id = get("id");
        if id.is_empty() {
            return Err(detailed.fail(line, "id: found nothing, expected MM's event id"));
        }
        let start = day_of(&detailed, line, record, "start")?;
        let end = day_of(&detailed, line, record, "end")?;

        let exact = whole(get("participants"));
        let category = get("participants_category");
        let from_category = match category {
            "" => None,
            text => Some(size_class_of_category(text).ok_or_else(|| {
                detailed.fail(
                    line,
                    format!(
                        "participants_category: found \"{text}\", expected one of MM's \
                         brackets (50-99, 100-999, 1000-1999, 2000-4999, 5000-10000, >10000) \
                         or nothing"
                    ),
                )
            })?),
        };
        // The category decides the class; an exact count is kept only where it agrees.
        let (participants, size_class) = match (exact, from_category) {
            (Some(n), Some(class)) if size_class_of_count(n) == class => (Some(n), class),
            (_, Some(class)) => (None, class),
            (Some(n), None) => (Some(n), size_class_of_count(n)),
            (None, None) => (None, "unknown"),
        };

        let demands: Vec<&str> = (1..=4)
            .map(|i| get(&format!("protesterdemand{i}")))
            .filter(|d| !d.is_empty())
            .collect();
        let identity = get("protesteridentity");
        let strike = says_strike(identity) || demands.iter().any(|d| says_strike(d));
        if strike {
            counts.strikes += 1;
        }

        let mut notes = Vec::new();
        if !demands.is_empty() {
            notes.push(format!("demands: {}", demands.join(" / ")));
        }
        if end != start {
            notes.push(format!("until {}", end.format("%Y-%m-%d")));
        }
        let written = get("participants");
        if participants.is_none() && !written.is_empty() && written != "." {
            notes.push(format!("participants as MM gives them: {written}"));
        }

        rows.push(vec![
            id.to_string(),
            start.format("%Y-%m-%d").to_string(),
            if strike { "strike" } else { "protest" }.to_string(),
            participants.map(|n| n.to_string()).unwrap_or_default(),
            size_class.to_string(),
            "1".to_string(),
            "false".to_string(),
            String::new(),
            String::new(),
            get("location").to_string(),
            "Mass Mobilization (Clark and Regan), mm_kazakhstan_1990_2017.csv".to_string(),
            notes.join(" | "),
        ]);
        counts.detailed += 1;
        *counts.by_year.entry(start.year()).or_insert(0) += 1;
    }

    // MM v5, binary recode: the years after the detailed extract, and a check of the others.
    let last_detailed = *detailed_years
        .keys()
        .next_back()
        .ok_or_else(|| failure(&detailed.path, None, "found no rows, expected MM's rows"))?;
    let mut v5_years: BTreeMap<i32, usize> = BTreeMap::new();
    for (line, record) in &v5.records {
        let line = *line;
        kazakhstan(&v5, line, record)?;
        let year = year_of(&v5, line, record)?;
        let events_of_year = v5_years.entry(year).or_insert(0);
        if !is_event(&v5, line, record)? {
            continue;
        }
        *events_of_year += 1;
        if year <= last_detailed {
            continue;
        }
        let index = v5.get(record, "");
        let flagged = |prefix: &str| -> Vec<String> {
            v5.header
                .iter()
                .filter_map(|name| name.strip_prefix(prefix))
                .filter(|name| v5.get(record, &format!("{prefix}{name}")) == "1")
                .map(|name| match name {
                    "policebrutality" => "police brutality".to_string(),
                    name => name.replace('_', " "),
                })
                .collect()
        };
        let reasons = flagged("reasons_");
        let responses = flagged("responses_");
        let mut notes = Vec::new();
        if !reasons.is_empty() {
            notes.push(format!("reasons: {}", reasons.join(" / ")));
        }
        if !responses.is_empty() {
            notes.push(format!("state responses: {}", responses.join(" / ")));
        }
        notes.push("MM v5 recode: no day, place or size".to_string());
        rows.push(vec![
            format!("mmv5-{index}"),
            year.to_string(),
            "protest".to_string(),
            String::new(),
            "unknown".to_string(),
            "1".to_string(),
            "false".to_string(),
            String::new(),
            String::new(),
            String::new(),
            format!(
                "Mass Mobilization v5 (Clark and Regan), \
                 mm_v5_derived_kazakhstan_1990_2020.csv row {index}"
            ),
            notes.join(" | "),
        ]);
        counts.from_v5 += 1;
        *counts.by_year.entry(year).or_insert(0) += 1;
    }
    let shared_years: std::collections::BTreeSet<i32> = detailed_years
        .keys()
        .chain(v5_years.keys().filter(|&&year| year <= last_detailed))
        .copied()
        .collect();
    let disagreeing: Vec<String> = shared_years
        .into_iter()
        .filter_map(|year| {
            let here = detailed_years.get(&year).copied().unwrap_or(0);
            let there = v5_years.get(&year).copied().unwrap_or(0);
            (here != there).then(|| format!("{year}: {here} here, {there} in {MM_V5}"))
        })
        .collect();
    if !disagreeing.is_empty() {
        return Err(failure(
            &detailed.path,
            None,
            format!(
                "found event counts that MM v5 does not have ({}), expected the same count for \
                 every year",
                disagreeing.join("; ")
            ),
        ));
    }
    Ok((csv_bytes(&EVENTS_HEADER, &rows), counts))
}

// ---------------------------------------------------------------------------------------------

/// Writes under a temporary name and moves it into place, so a failed run leaves the old file.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    let temporary = dir.join(format!(".{name}.tmp"));
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| failure(&path, None, format!("cannot write the file ({e})")))
}

fn run(datasets: &Path, corpus: &Path, out: &Path) -> Result<()> {
    let (posts, n_posts) = posts(corpus)?;
    let (videos, video_counts) = videos(datasets)?;
    let (events, event_counts) = events(datasets)?;
    std::fs::create_dir_all(out)
        .map_err(|e| failure(out, None, format!("cannot create the folder ({e})")))?;
    write(out, "posts.csv", &posts)?;
    write(out, "videos.csv", &videos)?;
    write(out, "events.csv", &events)?;
    println!("posts.csv: {n_posts} posts");
    println!(
        "videos.csv: {} videos ({} rows without a publication time and {} exact repeats left out)",
        video_counts.written, video_counts.without_time, video_counts.repeated
    );
    println!(
        "events.csv: {} events ({} from the detailed extract, {} placeholder rows left out; \
         {} from MM v5; {} strikes)",
        event_counts.detailed + event_counts.from_v5,
        event_counts.detailed,
        event_counts.placeholders,
        event_counts.from_v5,
        event_counts.strikes
    );
    let by_year: Vec<String> = event_counts
        .by_year
        .iter()
        .map(|(year, n)| format!("{year} {n}"))
        .collect();
    println!("events by year: {}", by_year.join(", "));
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (datasets, corpus, out) = match args.as_slice() {
        [datasets, corpus] => (
            datasets,
            corpus,
            Path::new(env!("CARGO_MANIFEST_DIR")).join("studies/real-world/data"),
        ),
        [datasets, corpus, out] => (datasets, corpus, out.clone()),
        _ => {
            eprintln!(
                "usage: cargo run --release --example make-real-world -- DATASETS CORPUS [OUT_DIR]\n\
                 DATASETS holds {YOUTUBE}, {MM_DETAILED} and {MM_V5}; CORPUS is \
                 tests/fixtures/tweets/corpus.csv; OUT_DIR defaults to studies/real-world/data"
            );
            return ExitCode::from(2);
        }
    };
    match run(datasets, corpus, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::FAILURE
        }
    }
}
