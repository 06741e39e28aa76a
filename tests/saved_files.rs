//! Files as researchers save them: written by the programs that write them (Python's `csv`
//! module, Excel's dialects, LibreOffice Calc; see `tests/fixtures/saved/README.md`), each
//! rule of the one delimited reader checked by its exact message or by the records loaded.

mod common;

use std::path::Path;

use common::{copy_tree, mobilize, read, root};
use predicates::str::contains;

/// A study in a new folder: the files of `fixture` (under `tests/fixtures/saved/`) copied
/// in, plus `files`, with `report.yaml` holding `sections`.
fn study(fixture: Option<&str>, files: &[(&str, &[u8])], sections: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if let Some(fixture) = fixture {
        copy_tree(
            &root().join("tests/fixtures/saved").join(fixture),
            dir.path(),
        );
    }
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(
        dir.path().join("report.yaml"),
        format!("title: t\n{sections}"),
    )
    .unwrap();
    dir
}

/// The problems `check` finds, as printed, with the folder taken out.
fn problems(dir: &Path) -> Vec<String> {
    let checked = mobilize::check(&dir.join("report.yaml")).unwrap();
    let prefix = format!("{}/", dir.display());
    checked
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect()
}

/// What `read_inputs` loads of the study in `dir`.
fn inputs(dir: &Path) -> mobilize::load::Inputs {
    let config = mobilize::Config::load(&dir.join("report.yaml")).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    assert_eq!(reading.problems, [], "{}", dir.display());
    reading.inputs
}

#[test]
fn crlf_files_from_pythons_csv_report_their_physical_lines() {
    let dir = study(
        Some("crlf"),
        &[],
        "events: { path: events.csv }\naccounts: { path: accounts.csv }\ncorpus: { path: posts.csv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "accounts.csv:4:5: value: found \"many\", expected a whole number such as 5000, 5,000 or 5 000",
            // Two posts above hold quoted line breaks (CRLF outside quotes, LF inside).
            "posts.csv:8:2: date: found \"yesterday\", expected a date such as 2019-12-31, \
             2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds",
            "events.csv:7:2: date: found \"2019-13-45\", expected a day of the calendar",
        ]
    );
}

#[test]
fn an_unclosed_quote_on_line_7_of_40_is_an_error_where_it_opens() {
    let dir = study(Some("unclosed"), &[], "corpus: { path: posts.csv }\n");
    assert_eq!(
        problems(dir.path()),
        ["posts.csv:7:3: a quote opened here is never closed: it runs to the end of the file"]
    );
    mobilize(dir.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("nothing was written"));
    assert!(!dir.path().join("site").exists());
    let dir = study(Some("unclosed"), &[], "corpus: { path: quoted.csv }\n");
    assert_eq!(
        problems(dir.path()),
        [
            "quoted.csv:7:3: a quote opened here is never closed: the field runs on to line 8, \
          where a quote that opens a later field ends it"
        ]
    );
    let long = "id,text\n1,\"a\nb\nc\n2,x\n";
    let dir = study(
        None,
        &[("posts.csv", long.as_bytes())],
        "corpus: { path: posts.csv, date: ~, max_field_lines: 2 }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "posts.csv:2:2: a quote opened here is never closed: the field runs over 2 lines \
          (raise `max_field_lines` in `corpus` if it is meant to)"
        ]
    );
}

/// The test of done: events, accounts and corpus saved as Russian Excel saves them
/// build the report of their UTF-8 twin, byte for byte but for the files' SHA-256.
#[test]
fn semicolons_windows_1251_and_crlf_build_the_same_report_as_utf8() {
    let build = |fixture: &str| {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &root().join("tests/fixtures/saved").join(fixture),
            dir.path(),
        );
        mobilize(dir.path())
            .args(["build", "-q"])
            .assert()
            .success();
        let mut report: serde_json::Value =
            serde_json::from_str(&read(dir.path().join("site/report.json"))).unwrap();
        for input in report["inputs"].as_array_mut().unwrap() {
            input["sha256"] = serde_json::Value::Null;
        }
        report
    };
    let utf8 = build("utf8");
    assert_eq!(build("excel-ru"), utf8);
    assert_eq!(utf8["corpus"]["documents"], 308);
}

#[test]
fn windows_1251_without_the_key_names_the_encoding_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/saved/excel-ru"), dir.path());
    let config = read(dir.path().join("report.yaml")).replace("  encoding: windows-1251\n", "");
    std::fs::write(dir.path().join("report.yaml"), config).unwrap();
    let found = problems(dir.path());
    assert_eq!(
        found[2],
        "data/events.csv:20: found a byte that is not UTF-8 (0xC8) at byte 49 of the line (byte \
         offset 2226 of the file), expected UTF-8 text; the file looks like windows-1251 \
         (Cyrillic; koi8-r or ibm866 is also common): set `encoding: windows-1251` in `events`"
    );
    assert!(found[1].starts_with("data/posts.csv:302: found a byte that is not UTF-8 (0xC2)"));
    assert!(found[1].ends_with("set `encoding: windows-1251` in `corpus`"));
}

#[test]
fn day_first_dates_need_the_key_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/saved/excel-ru"), dir.path());
    let config = read(dir.path().join("report.yaml")).replace("  date_format: DD.MM.YYYY\n", "");
    std::fs::write(dir.path().join("report.yaml"), config).unwrap();
    let found = problems(dir.path());
    assert_eq!(
        found[0],
        "data/posts.csv:2:2: date: found \"01.04.2017\", expected a date such as 2019-12-31, \
         2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds; a date written day first \
         or month first reads two ways, so set `date_format: DD.MM.YYYY` (or DD/MM/YYYY, or \
         MM/DD/YYYY) in `corpus`"
    );
    assert!(found
        .iter()
        .any(|p| p.starts_with("data/events.csv:13:2: date: found \"15.04.2016\"")));
}

#[test]
fn utf8_declared_as_windows_1251_is_refused_not_garbled() {
    let dir = study(
        Some("utf8"),
        &[],
        "corpus: { path: data/posts.csv, encoding: windows-1251 }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "data/posts.csv:302: found UTF-8 text (\"Выборы\"), but `encoding` in `corpus` says \
          windows-1251, which would garble it; remove the key (or set it to utf-8)"
        ]
    );
}

#[test]
fn what_libreoffice_saves_loads_as_its_source() {
    let source = study(Some("utf8"), &[], "events: { path: data/events.csv }\n");
    let calc = study(
        Some("libreoffice"),
        &[],
        "events: { path: events.csv, encoding: windows-1251 }\ncorpus: { path: posts.txt, language: ru }\n",
    );
    let calc_inputs = inputs(calc.path());
    assert_eq!(calc_inputs.events, inputs(source.path()).events);
    assert_eq!(calc_inputs.events.as_ref().unwrap().len(), 28);
    let typed = study(
        Some("unicode-text"),
        &[],
        "corpus: { path: posts.csv, language: ru }\n",
    );
    // Calc drops a tab inside a cell on import, so it was not given the post holding one.
    let mut expected = inputs(typed.path()).corpus.unwrap();
    expected.posts.retain(|p| !p.text.contains('\t'));
    assert_eq!(calc_inputs.corpus.unwrap(), expected);
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let text = study(Some("unicode-text"), &[], "corpus: { path: posts.txt }\n");
    let csv = study(Some("unicode-text"), &[], "corpus: { path: posts.csv }\n");
    let corpus = inputs(text.path()).corpus.unwrap();
    assert_eq!(Some(&corpus), inputs(csv.path()).corpus.as_ref());
    let posts: Vec<(&str, String, &str)> = corpus
        .posts
        .iter()
        .map(|p| (p.id.as_str(), p.date.unwrap().to_string(), p.text.as_str()))
        .collect();
    assert_eq!(posts.len(), 10);
    assert_eq!(
        posts[1],
        (
            "typed-02",
            "2019-06-10".to_string(),
            "He said \"peaceful protest\" three times; nobody listened.\nSecond line of the post."
        )
    );
    assert_eq!(
        posts[8],
        (
            "typed-kk",
            "2019-06-15".to_string(),
            "Біз бейбіт шеруге шықтық 🙂 — Қазақстан, Жаңаөзен, Алматы"
        )
    );
    assert_eq!(posts[9].2, "✊🏽 protest\tcontinues ✊");
    mobilize(text.path())
        .arg("check")
        .assert()
        .success()
        .stdout(contains(
            "  read as tab-separated (detected), UTF-16LE (byte-order mark)",
        ));
}

#[test]
fn a_coding_sheet_with_its_own_columns_and_capitals_loads() {
    let dir = study(Some("sheet"), &[], "events: { path: events.csv }\n");
    mobilize(dir.path())
        .arg("check")
        .assert()
        .success()
        .stdout(contains("events: events.csv (28 rows, 0 rejected)\n  read as comma-separated (detected), UTF-8\n  not read: PARTICIPNTS, url, coder\n"))
        .stdout(contains(
            "notice: events: the column \"PARTICIPNTS\" is not read; did you mean \"participants\"?",
        ));
    let events = inputs(dir.path()).events.unwrap();
    let twin = study(Some("utf8"), &[], "events: { path: data/events.csv }\n");
    let mut expected = inputs(twin.path()).events.unwrap();
    // What the misspelt column costs, and why the notice says so: the one event whose size
    // class came from its participants (5000) has none.
    let election = expected
        .iter_mut()
        .find(|e| e.participants.is_some())
        .unwrap();
    assert_eq!(election.event_id, "kz-2019-06-09-election");
    election.participants = None;
    election.size_class = mobilize::model::events::SizeClass::Unknown;
    assert_eq!(events, expected);
    mobilize(dir.path())
        .arg("build")
        .assert()
        .success()
        .stderr(contains(
            "notice: events: the column \"PARTICIPNTS\" is not read",
        ));
}

#[test]
fn headers_that_mean_one_column_twice_are_an_error() {
    let dir = study(
        None,
        &[(
            "events.csv",
            b"event_id,date,form, Date\ne1,2019,protest,2019\n",
        )],
        "events: { path: events.csv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "events.csv:1:4: found the column \"Date\" again (first as \"date\" in column 2), \
          expected each column once: columns are matched without regard to case and spaces"
        ]
    );
}

#[test]
fn delimiters_are_detected_or_named() {
    let header = "event_id{d}date{d}form{d}notes\n";
    let row = "e1{d}2019{d}protest{d}\"a, b; c | d\"\n";
    for delimiter in [",", ";", "\t", "|"] {
        let text = format!("{header}{row}").replace("{d}", delimiter);
        let dir = study(
            None,
            &[("events.csv", text.as_bytes())],
            "events: { path: events.csv }\n",
        );
        let events = inputs(dir.path()).events.unwrap();
        assert_eq!(events[0].notes, "a, b; c | d", "{delimiter:?}");
    }
    let dir = study(
        None,
        &[("events.csv", b"event_id,date;form\ne1,2019;protest\n")],
        "events: { path: events.csv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "events.csv:1: found a header that splits into known columns with more than one \
          delimiter (\",\" gives \"event_id\", \"date;form\"; \";\" gives \"event_id,date\", \
          \"form\"), expected one; set `delimiter: \",\"` or `delimiter: \";\"` in `events`"
        ]
    );
    let dir = study(
        None,
        &[("events.csv", b"event_id;date;form\ne1;2019;protest\n")],
        "events: { path: events.csv, delimiter: \",\" }\n",
    );
    let found = problems(dir.path());
    assert!(found[0].starts_with("events.csv:1: the header has no column \"event_id\""));
    assert!(found[0].ends_with(
        "its header names hold semicolon characters: the file may be semicolon-separated, and \
         mobilize read it as comma-separated; set `delimiter: \";\"` in `events`"
    ));
    let excel = "sep=;\r\nevent_id;date;form\r\ne1;2019;protest\r\ne2;20x9;protest\r\n";
    let dir = study(
        None,
        &[("events.csv", excel.as_bytes())],
        "events: { path: events.csv }\n",
    );
    assert!(problems(dir.path())[0].starts_with("events.csv:4:2: date: found \"20x9\""));
    // After a `sep=` line the header is on line 2, and its problems say so.
    let excel = "sep=;\r\nevent_id;Date;form;DATE\r\ne1;2019;protest;2019\r\n";
    let dir = study(
        None,
        &[("events.csv", excel.as_bytes())],
        "events: { path: events.csv }\n",
    );
    assert!(problems(dir.path())[0].starts_with("events.csv:2:4: found the column \"DATE\" again"));
    let excel = "sep=;\r\nevent_id;form\r\ne1;protest\r\n";
    let dir = study(
        None,
        &[("events.csv", excel.as_bytes())],
        "events: { path: events.csv }\n",
    );
    assert!(problems(dir.path())[0].starts_with("events.csv:2: the header has no column \"date\""));
}

#[test]
fn counts_as_people_write_them() {
    let accounts = "organization,platform,metric,value\n\
                    A,youtube,subscribers,\"48,200\"\n\
                    A,youtube,views,1 200 000\n\
                    A,youtube,videos,1\u{a0}234\n\
                    A,facebook,followers,1'234\n\
                    B,youtube,subscribers,1.234.567\n\
                    B,youtube,views,407.137\n\
                    B,youtube,videos,1234.0\n\
                    B,facebook,followers,\"1,5\"\n";
    let dir = study(
        None,
        &[("accounts.csv", accounts.as_bytes())],
        "accounts: { path: accounts.csv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "accounts.csv:7:4: value: found \"407.137\", expected a number that reads one way: it \
             could be 407137 (a dot between thousands) or 407.137 (a decimal point), and the \
             column does not show which; set `number_format: \"1.234,5\"` or \
             `number_format: \"1,234.5\"` in `accounts`",
            "accounts.csv:9:4: value: found \"1,5\", expected a whole number, not 1.5 (counts are \
             never rounded)",
        ]
    );
    // Under a decimal comma, 48,200 and 1,5 are decimals and 1234.0 is malformed: those
    // rows are left out here.
    let rows: Vec<&str> = accounts
        .lines()
        .filter(|l| !l.contains('"') && !l.ends_with(".0"))
        .collect();
    let dir = study(
        None,
        &[("accounts.csv", rows.join("\r\n").as_bytes())],
        "accounts: { path: accounts.csv, number_format: \"1.234,5\" }\n",
    );
    let values: Vec<Option<u64>> = inputs(dir.path())
        .accounts
        .unwrap()
        .iter()
        .map(|a| a.value)
        .collect();
    let expected = [1_200_000, 1_234, 1_234, 1_234_567, 407_137];
    assert_eq!(values, expected.map(Some));
}

#[test]
fn the_rest_of_the_column_settles_a_count_that_reads_two_ways() {
    let views = "channel;period;views\nA;2019-05;1.234.567\nA;2019-06;407.137\n";
    let dir = study(
        None,
        &[("views.csv", views.as_bytes())],
        "views: { path: views.csv }\n",
    );
    let views: Vec<u64> = inputs(dir.path())
        .views
        .unwrap()
        .iter()
        .map(|v| v.views)
        .collect();
    assert_eq!(views, [1_234_567, 407_137]);
}

#[test]
fn platforms_and_metrics_in_any_case_are_one() {
    let accounts = "organization,platform,metric,value\n\
                    Nur Otan,Facebook,Followers,10\n\
                    Nur Otan,youtube,subscribers,5\n\
                    Ak Orda,facebook,followers ,20\n\
                    ak orda,YouTube,Subscribers,7\n";
    let sections = "accounts:\n  path: accounts.csv\n  ratios:\n    - label: r\n      \
                    numerator: { organization: Nur Otan, platform: FACEBOOK, metric: followers }\n      \
                    denominator: { organization: Ak Orda, platform: facebook, metric: Followers }\n";
    let dir = study(None, &[("accounts.csv", accounts.as_bytes())], sections);
    let loaded = inputs(dir.path());
    let names: Vec<(&str, &str)> = loaded
        .accounts
        .as_ref()
        .unwrap()
        .iter()
        .map(|a| (a.platform.as_str(), a.metric.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Facebook", "Followers"),
            ("youtube", "subscribers"),
            ("Facebook", "Followers"),
            ("youtube", "subscribers")
        ]
    );
    assert_eq!(
        loaded.notices,
        [
            "accounts: the organizations \"Ak Orda\" and \"ak orda\" differ only in case or \
          spacing, and are kept apart; write them alike if they are one"
        ]
    );
    mobilize(dir.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let page = read(dir.path().join("site/index.html"));
    assert_eq!(page.matches("<th scope=\"col\">Facebook</th>").count(), 1);
    assert_eq!(page.matches("<th scope=\"col\">YouTube</th>").count(), 1);
    let report: serde_json::Value =
        serde_json::from_str(&read(dir.path().join("site/report.json"))).unwrap();
    assert_eq!(report["ratios"][0]["value"], 0.5);
}

#[test]
fn dates_and_times_as_sheets_write_them() {
    let posts = "id,date,text\n1,2019-12-31 14:22,a\n2,31/12/2019,b\n3,1560128400,c\n4,2019,d\n";
    let dir = study(
        None,
        &[("posts.csv", posts.as_bytes())],
        "corpus: { path: posts.csv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        [
            "posts.csv:3:2: date: found \"31/12/2019\", expected a date such as 2019-12-31, \
             2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds; a date written day \
             first or month first reads two ways, so set `date_format: DD.MM.YYYY` (or \
             DD/MM/YYYY, or MM/DD/YYYY) in `corpus`",
            "posts.csv:5:2: date: found \"2019\", expected a date such as 2019-12-31, 2019-12-31 \
             14:22, 2019-12-31T14:22:00+06:00 or Unix seconds",
        ]
    );
    let posts = posts.replace("4,2019,d\n", "");
    for (format, day) in [("DD/MM/YYYY", "2019-12-31"), ("MM/DD/YYYY", "")] {
        let posts = if day.is_empty() {
            posts.replace("31/12", "12/31")
        } else {
            posts.clone()
        };
        let dir = study(
            None,
            &[("posts.csv", posts.as_bytes())],
            &format!("corpus: {{ path: posts.csv, date_format: {format} }}\n"),
        );
        let dates: Vec<String> = inputs(dir.path())
            .corpus
            .unwrap()
            .posts
            .iter()
            .map(|p| p.date.unwrap().to_string())
            .collect();
        assert_eq!(
            dates,
            ["2019-12-31", "2019-12-31", "2019-06-10"],
            "{format}"
        );
    }
}

#[test]
fn a_date_whose_year_disagrees_with_the_year_column_is_an_error() {
    let events =
        "event_id\tdate\tform\tyear\ne1\t2019-06-09\tprotest\t2018\ne2\t2019\tprotest\t2019\n";
    let dir = study(
        None,
        &[("events.tsv", events.as_bytes())],
        "events: { path: events.tsv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        ["events.tsv:2:2: date: found \"2019-06-09\", expected a date in 2018, the year in column 4 (\"year\")"]
    );
}

#[test]
fn a_workbook_or_a_file_in_utf16_without_a_mark_is_named() {
    let dir = study(
        None,
        &[("events.xlsx", b"PK\x03\x04\x14\x00\x06\x00")],
        "events: { path: events.xlsx }\n",
    );
    assert_eq!(
        problems(dir.path()),
        ["events.xlsx:1: found a ZIP archive (an .xlsx or .ods workbook?), expected a text file: \
          save the sheet as CSV (or Unicode text) and name that file"]
    );
    let utf16: Vec<u8> = "event_id,date,form\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = study(
        None,
        &[("events.csv", &utf16)],
        "events: { path: events.csv }\n",
    );
    assert_eq!(
        problems(dir.path()),
        ["events.csv:1: found a NUL character, expected text; the file looks like UTF-16 without \
          a byte-order mark: set `encoding: utf-16le` in `events`"]
    );
    let dir = study(
        None,
        &[("events.csv", &utf16)],
        "events: { path: events.csv, encoding: utf-16le }\n",
    );
    assert_eq!(inputs(dir.path()).events.unwrap(), []);
}

/// `mobilize check 2>&1 | head -1`: the pipe closes under the program while it writes. Run
/// many times, since whether a write meets the closed pipe depends on timing.
#[test]
fn a_closed_pipe_ends_the_program_quietly_with_its_status() {
    let dir = study(Some("crlf"), &[], "events: { path: events.csv }\naccounts: { path: accounts.csv }\ncorpus: { path: posts.csv }\n");
    let binary = assert_cmd::cargo::cargo_bin("mobilize");
    let script = format!(
        "for i in $(seq 40); do \
           '{bin}' check 2>&1 | head -1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"; \
           '{bin}' check 2>/dev/null | head -0; echo \"${{PIPESTATUS[0]}}\"; \
         done 2>&1",
        bin = binary.display()
    );
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let statuses: Vec<&str> = text.lines().collect();
    assert_eq!(statuses.len(), 80, "{text}");
    assert!(statuses.iter().all(|s| *s == "1"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}
