//! ACLED's exports as researchers hold them: the layout before 2017 (upper-case headers, one
//! event type `Riots/Protests`, interaction codes instead of sub-event types), the 2019-2023
//! layout with the crowd size in the notes, the present layout with tags and text labels, and
//! copies saved by a spreadsheet (`9-May-20`, `5/9/2020`). Each fixture is written by
//! `tests/fixtures/formats/acled/make.py`; each loads the right records, or the file is refused
//! with the line named, never misread in silence.

use std::path::{Path, PathBuf};

use mobilize::load::read_inputs;
use mobilize::model::events::{Event, Form};
use mobilize::Config;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/acled")
        .join(name)
}

/// What reading a study's events gave: the events (none when the file was refused), the
/// notices, and the problems with the study's folder taken out of them.
struct Read {
    events: Option<Vec<Event>>,
    notices: Vec<String>,
    problems: Vec<String>,
}

fn read(config: &Path) -> Read {
    let reading = read_inputs(&Config::load(config).unwrap()).unwrap();
    let prefix = format!("{}/", config.parent().unwrap().display());
    Read {
        events: reading.inputs.events,
        notices: reading.inputs.notices,
        problems: reading
            .problems
            .iter()
            .map(|p| p.to_string().replace(&prefix, ""))
            .collect(),
    }
}

/// The events of a fixture study, which must load without a problem.
fn events(config: &str) -> (Vec<Event>, Vec<String>) {
    let read = read(&fixture(config));
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    (read.events.unwrap(), read.notices)
}

/// A study of `section` over `files` written into a folder of its own.
fn study(section: &str, files: &[(&str, &[u8])]) -> Read {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let config = dir.path().join("report.yaml");
    std::fs::write(&config, format!("title: t\n{section}")).unwrap();
    read(&config)
}

/// Asserts the event `id`: its date, size class, form, location and notes.
fn assert_event(
    events: &[Event],
    id: &str,
    (date, size, form, location, notes): (&str, &str, Form, &str, &str),
) {
    let event = events
        .iter()
        .find(|e| e.event_id == id)
        .unwrap_or_else(|| panic!("no event {id}"));
    assert_eq!(event.date.to_string(), date, "{id} date");
    assert_eq!(event.size_class.as_str(), size, "{id} size class");
    assert_eq!(event.form, form, "{id} form");
    assert_eq!(event.location, location, "{id} location");
    assert_eq!(event.notes, notes, "{id} notes");
    assert_eq!((event.count, event.at_least), (1, false), "{id}");
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.event_id.as_str()).collect()
}

#[test]
fn before_2017_upper_case_headers_and_riots_protests() {
    let (events, notices) = events("v7_upper.yaml");
    assert_eq!(
        ids(&events),
        ["KAZ1", "KAZ2", "KAZ4", "KAZ5", "KAZ6", "KAZ8", "KAZ9", "KAZ10"],
        "a strategic development and violence against civilians are left out"
    );
    assert_event(
        &events,
        "KAZ1",
        (
            "2016-04-24",
            "unknown",
            Form::Protest,
            "Atyrau",
            "On 24 April 2016, residents of Atyrau gathered outside the regional administration \
             against amendments to the Land Code allowing foreigners to lease farmland. Their \
             placards read «Жер сатылмайды!» (Land is not for sale!).",
        ),
    );
    assert_event(
        &events,
        "KAZ8",
        (
            "2016-05-21",
            "unknown",
            Form::Picket,
            "Uralsk, West Kazakhstan",
            "On 21 May 2016, a pensioner held a single-person picket in Uralsk with a placard \
             «Нет продаже земли» (No to selling land).",
        ),
    );
    assert_event(
        &events,
        "KAZ9",
        (
            "2016-06",
            "unknown",
            Form::Strike,
            "Zhanaozen, Mangistau",
            "In June 2016 (month of report), oil workers in Zhanaozen went on strike over the \
             dismissal of their union leaders.",
        ),
    );
    assert_eq!(
        notices,
        [
            "events: 2 ACLED rows of event types other than Protests and Riots left out",
            "events: 8 events have no crowd size: 8 without one",
        ]
    );
}

#[test]
fn form_rules_meet_the_sub_event_type_an_old_interaction_comes_closest_to() {
    let csv = std::fs::read(fixture("v7_upper.csv")).unwrap();
    let read = study(
        "events:\n  path: acled.csv\n  format: acled\n  date_format: DD/MM/YYYY\n  forms:\n    \
         - { form: picket, keywords: [intervention] }\n    \
         - { form: strike, keywords: [violent demonstration, mob violence] }\n",
        &[("acled.csv", &csv)],
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let events = read.events.unwrap();
    let of = |form: Form| -> Vec<&str> {
        events
            .iter()
            .filter(|e| e.form == form)
            .map(|e| e.event_id.as_str())
            .collect()
    };
    // 16 (protesters and state forces) is a protest with intervention; 15 (rioters and
    // state forces) a violent demonstration; 57 (rioters and civilians) mob violence; 60 and
    // 66 peaceful protests.
    assert_eq!(of(Form::Picket), ["KAZ2", "KAZ6"]);
    assert_eq!(of(Form::Strike), ["KAZ4", "KAZ5"]);
    assert_eq!(of(Form::Protest), ["KAZ1", "KAZ8", "KAZ9", "KAZ10"]);
}

/// The records of export_2020.csv, which its spreadsheet copies must load as well.
fn assert_export_2020(events: &[Event]) {
    assert_eq!(
        ids(events),
        [
            "KAZ1150", "KAZ1201", "KAZ1255", "KAZ1300", "KAZ1350", "KAZ1351", "KAZ1360", "KAZ1370",
            "KAZ1380", "KAZ1390", "KAZ1398"
        ],
        "an arrest and an attack on a journalist are left out"
    );
    assert_event(
        events,
        "KAZ1150",
        (
            "2020-02-21",
            "lt100",
            Form::Protest,
            "Almaty",
            "On 21 February 2020, dozens of depositors of a collapsed construction company \
             protested outside the Almaty city administration with placards «Верните наши \
             деньги» (Give us back our money). [size=dozens]",
        ),
    );
    assert_event(
        events,
        "KAZ1201",
        (
            "2020-05-09",
            "lt100",
            Form::Protest,
            "Astana",
            "[Size=around 30] On 9 May 2020, around 30 people gathered in Astana to demand \
             relief payments during the quarantine. Police dispersed them.",
        ),
    );
    assert_event(
        events,
        "KAZ1255",
        (
            "2020-06-06",
            "100to1000",
            Form::Strike,
            "Zhanaozen, Mangistau",
            "On 6 June 2020, several hundred oil workers in Zhanaozen went on strike, demanding \
             the wages promised in 2019. [size=several hundred}",
        ),
    );
    assert_event(
        events,
        "KAZ1300",
        (
            "2021-07-12",
            "100to1000",
            Form::Protest,
            "Shymkent",
            "Around 12 July 2021, about a hundred parents protested in Shymkent against the \
             closure of a school, shouting «Позор!» (Shame!). [size=about a hundred",
        ),
    );
    assert_event(
        events,
        "KAZ1398",
        (
            "2022-03",
            "lt100",
            Form::Picket,
            "Karaganda",
            "In March 2022 (month of report), a woman held a single-person picket in Karaganda \
             with a placard «Свободу политзаключённым» (Free the political prisoners). [size=1]",
        ),
    );
    let sizes: Vec<&str> = events.iter().map(|e| e.size_class.as_str()).collect();
    assert_eq!(
        sizes,
        [
            "lt100",
            "lt100",
            "100to1000",
            "100to1000",
            "gt1000",
            "unknown",
            "unknown",
            "unknown",
            "unknown",
            "unknown",
            "lt100"
        ]
    );
}

const EXPORT_2020_NOTICES: [&str; 2] = [
    "events: 2 ACLED rows of event types other than Protests and Riots left out",
    "events: 5 events have no crowd size: 1 without one, 1 with only a relative word \
     (\"large\"), 1 with a lower bound at or under 1,000 (\"at least 200\"), 1 with a range \
     across brackets (\"between 50 and 150\"), 1 of vehicles or families (\"47 cars\")",
];

#[test]
fn the_2019_2023_layout_with_the_size_in_the_notes() {
    let (events, notices) = events("export_2020.yaml");
    assert_export_2020(&events);
    assert_eq!(notices, EXPORT_2020_NOTICES);
}

#[test]
fn the_present_layout_with_tags_and_text_labels() {
    let (events, notices) = events("current.yaml");
    assert_eq!(
        ids(&events),
        [
            "KAZ1701", "KAZ1745", "KAZ1790", "KAZ1820", "KAZ1850", "KAZ1880", "KAZ1900", "KAZ1910",
            "KAZ1930", "KAZ1940"
        ]
    );
    assert_event(
        &events,
        "KAZ1701",
        (
            "2024-03-08",
            "lt100",
            Form::Protest,
            "Almaty",
            "On 8 March 2024, dozens of women marched in Almaty on International Women's Day \
             with banners «Нет насилию» (No to violence). Local administrators met them at the \
             square.",
        ),
    );
    assert_event(
        &events,
        "KAZ1745",
        (
            "2024-04-15",
            "100to1000",
            Form::Protest,
            "Petropavlovsk, North Kazakhstan",
            "On 15 April 2024, two hundred residents of flooded districts of Petropavlovsk \
             protested outside the city administration, demanding compensation. Police detained \
             two of them.",
        ),
    );
    assert_event(
        &events,
        "KAZ1790",
        (
            "2024-06-01",
            "lt100",
            Form::Protest,
            "Almaty",
            "On 1 June 2024, around a dozen journalists protested in Almaty against the draft \
             media law, holding sheets reading «Цензура» (Censorship).",
        ),
    );
    assert_event(
        &events,
        "KAZ1820",
        (
            "2024-09-20",
            "gt1000",
            Form::Protest,
            "Semey, Abai",
            "On 20 September 2024, over a thousand people in Semey threw stones at the police \
             after the death of a man in custody.",
        ),
    );
    assert_event(
        &events,
        "KAZ1930",
        (
            "2025-05-16",
            "unknown",
            Form::Picket,
            "Astana",
            "On 16 May 2025, a student held a single-person picket in Astana with a placard «Я \
             против» (I am against).",
        ),
    );
    assert_event(
        &events,
        "KAZ1940",
        (
            "2025-06",
            "100to1000",
            Form::Protest,
            "Aktobe",
            "In June 2025 (month of report), a couple hundred teachers protested in Aktobe \
             against unpaid overtime.",
        ),
    );
    let sizes: Vec<&str> = events.iter().map(|e| e.size_class.as_str()).collect();
    assert_eq!(
        sizes,
        [
            "lt100",
            "100to1000",
            "lt100",
            "gt1000",
            "100to1000",
            "unknown",
            "unknown",
            "unknown",
            "unknown",
            "100to1000"
        ]
    );
    assert_eq!(
        notices,
        [
            "events: 1 ACLED row of event types other than Protests and Riots left out",
            "events: 4 events have no crowd size: 2 without one, 1 with a lower bound at or \
             under 1,000 (\"more than 500\"), 1 of vehicles or families (\"134 families\")",
        ]
    );
}

#[test]
fn spreadsheet_dates_load_the_records_of_the_export() {
    let (export, _) = events("export_2020.yaml");
    for (config, file, written) in [
        ("calc_d-mmm-yy.yaml", "calc_d-mmm-yy.csv", ",9-May-20,2020,"),
        ("calc_m-d-yyyy.yaml", "calc_m-d-yyyy.csv", ",5/9/2020,2020,"),
    ] {
        let text = std::fs::read_to_string(fixture(file)).unwrap();
        assert!(text.contains(written), "{file} holds {written}");
        let (events, notices) = events(config);
        assert_export_2020(&events);
        assert_eq!(events, export, "{config}");
        assert_eq!(notices, EXPORT_2020_NOTICES, "{config}");
    }
}

#[test]
fn month_first_dates_are_refused_without_the_date_format() {
    let csv = std::fs::read(fixture("calc_m-d-yyyy.csv")).unwrap();
    let read = study(
        "events: { path: acled.csv, format: acled }\n",
        &[("acled.csv", &csv)],
    );
    assert_eq!(
        read.problems.len(),
        11,
        "every protest row: {:?}",
        read.problems
    );
    assert!(
        read.problems[1].starts_with(
            "acled.csv:3:5: event_date: found \"5/9/2020\", expected a date such as 2019-12-31"
        ),
        "{}",
        read.problems[1]
    );
    assert!(
        read.problems[1]
            .ends_with("set `date_format: DD.MM.YYYY` (or DD/MM/YYYY, or MM/DD/YYYY) in `events`"),
        "{}",
        read.problems[1]
    );
}

/// `calc_d-mmm-yy.csv` with its `year` column cut out, as a coder trimming the sheet leaves it.
fn without_year_column() -> Vec<u8> {
    let mut reader = csv::Reader::from_path(fixture("calc_d-mmm-yy.csv")).unwrap();
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "year")
        .unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = reader.headers().unwrap().clone();
    let keep = |record: &csv::StringRecord| -> Vec<String> {
        record
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, f)| f.to_string())
            .collect()
    };
    writer.write_record(keep(&header)).unwrap();
    for record in reader.records() {
        writer.write_record(keep(&record.unwrap())).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn two_digit_years_without_a_year_column_are_refused_on_their_lines() {
    let read = study(
        "events: { path: acled.csv, format: acled }\n",
        &[("acled.csv", &without_year_column())],
    );
    assert!(read.events.unwrap().is_empty());
    assert_eq!(read.problems.len(), 11, "{:?}", read.problems);
    assert_eq!(
        read.problems[1],
        "acled.csv:3:5: event_date: found \"9-May-20\", expected a date with a four-digit \
         year: \"20\" could be 1920 or 2020, and the file has no year column to tell"
    );
}

#[test]
fn two_digit_years_take_the_century_of_the_year_column() {
    let csv = "event_id_cnty,event_date,year,event_type,sub_event_type,location,notes\n\
               KAZ1,9-May-20,2020,Protests,Peaceful protest,Almaty,[size=dozens]\n\
               KAZ2,9-May-20,2019,Protests,Peaceful protest,Almaty,\n\
               KAZ3,9-May-20,,Protests,Peaceful protest,Almaty,\n\
               KAZ4,9-May-20,20,Protests,Peaceful protest,Almaty,\n\
               KAZ5,5/9/20,2020,Protests,Peaceful protest,Almaty,\n\
               KAZ6,31-Dec-99,1999,Riots/Protests,,Almaty,\n\
               KAZ7,30-Feb-20,2020,Protests,Peaceful protest,Almaty,\n";
    let read = study(
        "events: { path: acled.csv, format: acled }\n",
        &[("acled.csv", csv.as_bytes())],
    );
    assert_eq!(
        read.problems,
        [
            "acled.csv:3:2: event_date: found \"9-May-20\", expected a date in 2019, the year in \
             column 3 (\"year\")",
            "acled.csv:4:2: event_date: found \"9-May-20\", expected a date with a four-digit \
             year, or a year in the row's \"year\" column to tell the century of \"20\"",
            "acled.csv:5:3: year: found \"20\", expected the event's year, such as 2020",
            "acled.csv:6:2: event_date: found \"5/9/20\", expected a date such as 2019-12-31, \
             2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds; a date written day \
             first or month first reads two ways, so set `date_format: DD.MM.YYYY` (or \
             DD/MM/YYYY, or MM/DD/YYYY) in `events`",
            "acled.csv:8:2: event_date: found \"30-Feb-20\", expected a day of the calendar",
        ]
    );
    let dates: Vec<String> = read
        .events
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e.event_id, e.date))
        .collect();
    assert_eq!(dates, ["KAZ1 2020-05-09", "KAZ6 1999-12-31"]);

    let read = study(
        "events: { path: acled.csv, format: acled, date_format: MM/DD/YYYY }\n",
        &[("acled.csv", csv.as_bytes())],
    );
    let events = read.events.unwrap();
    let kaz5 = events.iter().find(|e| e.event_id == "KAZ5").unwrap();
    assert_eq!(kaz5.date.to_string(), "2020-05-09");
}

#[test]
fn neighbouring_layouts_are_refused_at_the_header() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for (name, file) in [("mm.csv", "mm/mm.csv"), ("events.csv", "acled/events.csv")] {
        let bytes = std::fs::read(root.join(file)).unwrap();
        let read = study(
            &format!("events: {{ path: {name}, format: acled }}\n"),
            &[(name, &bytes)],
        );
        assert!(read.events.is_none(), "{file}");
        assert!(!read.problems.is_empty(), "{file}");
        for problem in &read.problems {
            assert!(
                problem.starts_with(&format!("{name}:1: the header has no column \"event_")),
                "{problem}"
            );
        }
    }
}
