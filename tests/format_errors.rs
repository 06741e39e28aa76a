//! Every export format's errors: the file, the line and column or the JSON path, what was
//! found and what was expected, for each kind of bad value.

use std::path::Path;

/// The problems `check` finds in a study of `section` over `files`, with the folder's path
/// taken out of the messages.
fn problems(section: &str, files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let config = dir.path().join("report.yaml");
    std::fs::write(&config, format!("title: t\n{section}")).unwrap();
    let checked = mobilize::check(&config).unwrap();
    let prefix = format!("{}/", dir.path().display());
    checked
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect()
}

fn corpus(format: &str, path: &str) -> String {
    format!("corpus: {{ path: {path}, format: {format} }}\n")
}

#[test]
fn telegram_errors_name_the_json_path() {
    let export = r#"{"name": "c", "id": 7, "messages": [
        {"id": 1, "type": "service", "date_unixtime": "x"},
        {"id": 2, "type": "message", "date_unixtime": "yesterday", "text": "a"},
        {"id": 3, "type": "message", "date_unixtime": "1560183082", "text": ["a", {"type": "bold"}]},
        {"id": 4, "type": "message", "date_unixtime": "1560183082", "text": 5},
        {"id": 4, "type": "message", "date_unixtime": "1560183082", "text": "b"},
        {"id": 4, "type": "message", "date_unixtime": "1560183082", "text": "c"}
    ]}"#;
    assert_eq!(
        problems(&corpus("telegram", "result.json"), &[("result.json", export)]),
        [
            "result.json: messages[1].date_unixtime: found \"yesterday\", expected Unix seconds as a string, such as \"1560183082\"",
            "result.json: messages[2].text[1].text: found no such field, expected the entity's text as a string",
            "result.json: messages[3].text: found 5, expected a string or an array of strings and entities",
            "result.json: messages[5].id: found the message 7/4 again, first at messages[4], expected each message once",
        ]
    );
}

#[test]
fn telegram_and_facebook_files_that_are_not_json_or_not_exports() {
    assert_eq!(
        problems(&corpus("telegram", "result.json"), &[("result.json", "{\n  \"messages\": [,]\n}")]),
        ["result.json:2:16: found invalid JSON (expected value at line 2 column 16), expected the export's JSON"]
    );
    assert_eq!(
        problems(&corpus("telegram", "result.json"), &[("result.json", "[1, 2]")]),
        ["result.json: (the whole file): found an array, expected one chat (with messages) or a full export (with chats.list)"]
    );
    assert_eq!(
        problems(&corpus("facebook", "posts"), &[("posts/comments.json", "[]")]),
        ["posts: found no posts file in the folder or the 4 levels of folders below it, expected Facebook's export in JSON with your_posts_1.json, your_posts__check_ins__photos_and_videos_1.json or profile_posts_1.json (and their numbered parts); the JSON files found hold other data: comments.json"]
    );
    assert_eq!(
        problems(
            "videos: { path: pages, format: youtube-api }\n",
            &[("pages/notes.txt", "x")]
        ),
        ["pages: found no .json file in the folder, expected the pages of videos.list"]
    );
}

#[test]
fn facebook_errors_name_the_part_and_the_json_path() {
    let part1 = r#"[{"timestamp": 1560183082, "data": [{"post": "a"}]}]"#;
    let part2 = r#"[{"timestamp": "yesterday", "data": []}, {"timestamp": 1560183082, "data": [{"post": 3}]}, {"timestamp": 1560183082, "data": {"post": "x"}}]"#;
    assert_eq!(
        problems(
            &corpus("facebook", "posts"),
            &[("posts/your_posts_1.json", part1), ("posts/your_posts_2.json", part2)]
        ),
        [
            "posts/your_posts_2.json: [0].timestamp: found \"yesterday\", expected Unix seconds",
            "posts/your_posts_2.json: [1].data[0].post: found 3, expected the post's text as a string",
            "posts/your_posts_2.json: [2].data: found an object, expected an array",
        ]
    );
}

#[test]
fn crowdtangle_errors_name_line_and_column() {
    let csv = "Page Name,Post Created,Total Interactions,URL,Message\n\
               A,2019-06-10 19:31:22 EDT,\"1,23\",https://fb.com/1,x\n\
               A,10/06/2019,5,https://fb.com/2,y\n\
               A,2019-06-10 19:31:22 EDT,5,https://fb.com/3,z\n\
               A,2019-06-10 19:31:22 EDT,5,https://fb.com/3,z\n";
    assert_eq!(
        problems(&corpus("crowdtangle", "ct.csv"), &[("ct.csv", csv)]),
        [
            "ct.csv:2:3: Total Interactions: found \"1,23\", expected a whole number, not 1.23 (counts are never rounded)",
            "ct.csv:3:2: Post Created: found \"10/06/2019\", expected a time such as 2019-06-10 19:31:22 EDT",
            "ct.csv:5:4: URL: found \"https://fb.com/3\" again, first on line 4, expected each post once",
        ]
    );
}

#[test]
fn ytdt_errors_name_line_and_column() {
    let tab = "channelTitle\tvideoId\tpublishedAt\tvideoTitle\tduration\tdurationSec\tviewCount\tlikeCount\n\
               A\tv1\t2019-06-24T09:30:00Z\tt\t1:02:03\t123\t5\t1\n\
               A\tv2\t24.06.2019\tt\tPT1M\t60\t5\t\n\
               A\tv3\t2019-06-24T09:30:00Z\tsay \"hi\"\tPT1H\t0\t5 000x\t\n";
    assert_eq!(
        problems("videos: { path: v.tab, format: ytdt }\n", &[("v.tab", tab)]),
        [
            "v.tab:2:5: duration: found \"1:02:03\", expected an ISO 8601 duration such as PT1H2M3S, or whole seconds",
            "v.tab:3:3: publishedAt: found \"24.06.2019\", expected a date such as 2019-12-31, 2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds; a date written day first or month first reads two ways, so set `date_format: DD.MM.YYYY` (or DD/MM/YYYY, or MM/DD/YYYY) in `videos`",
            "v.tab:4:7: viewCount: found \"5 000x\", expected a whole number such as 5000, 5,000 or 5 000",
        ]
    );
    let channels = "id\ttitle\tviewCount\tsubscriberCount\thiddenSubscriberCount\tvideoCount\n\
                    UC1\tA\t10\t5\tmaybe\t2\n";
    assert_eq!(
        problems("accounts: { path: c.tab, format: ytdt }\n", &[("c.tab", channels)]),
        ["c.tab:2:5: hiddenSubscriberCount: found \"maybe\", expected 1, 0, true, false or nothing"]
    );
}

#[test]
fn youtube_api_errors_name_the_page_and_the_json_path() {
    let page =
        |items: &str| format!(r#"{{"kind": "youtube#videoListResponse", "items": [{items}]}}"#);
    let good = r#"{"id": "a", "snippet": {"publishedAt": "2019-06-24T09:30:00Z", "title": "t", "channelTitle": "C"}, "statistics": {"viewCount": "5"}}"#;
    let bad_count = r#"{"id": "b", "snippet": {"publishedAt": "2019-06-24T09:30:00Z", "title": "t", "channelTitle": "C"}, "statistics": {"viewCount": "5 000"}}"#;
    let bad_time =
        r#"{"id": "c", "snippet": {"publishedAt": "June 24", "title": "t", "channelTitle": "C"}}"#;
    let no_title =
        r#"{"id": "d", "snippet": {"publishedAt": "2019-06-24T09:30:00Z", "channelTitle": "C"}}"#;
    let bad_length = r#"{"id": "e", "snippet": {"publishedAt": "2019-06-24T09:30:00Z", "title": "t", "channelTitle": "C"}, "contentDetails": {"duration": "4:13"}}"#;
    assert_eq!(
        problems(
            "videos: { path: pages, format: youtube-api }\n",
            &[
                ("pages/page_1.json", &page(good)),
                ("pages/page_2.json", &page(&format!("{bad_count}, {bad_time}, {no_title}, {bad_length}"))),
                ("pages/page_10.json", &page(good)),
                ("pages/notes.txt", "not a page"),
            ]
        ),
        [
            "pages/page_2.json: items[0].statistics.viewCount: found \"5 000\", expected a count as a string of digits, such as \"1138351\"",
            "pages/page_2.json: items[1].snippet.publishedAt: found \"June 24\", expected a time such as \"2019-06-24T09:30:00Z\"",
            "pages/page_2.json: items[2].snippet.title: found no such field, expected the video's title",
            "pages/page_2.json: items[3].contentDetails.duration: found \"4:13\", expected an ISO 8601 duration such as \"PT1H2M3S\"",
            "pages/page_10.json: items[0].id: found the video \"a\" again, first at pages/page_1.json items[0], expected each video once",
        ]
    );
}

#[test]
fn acled_errors_name_line_and_column() {
    let csv =
        "event_id_cnty,event_date,time_precision,event_type,sub_event_type,location,notes,tags\n\
               KAZ1,16 May 2025,1,Protests,Peaceful protest,Almaty,,crowd size=around 50\n\
               KAZ2,May 16 2025,1,Protests,Peaceful protest,Almaty,,\n\
               KAZ3,2025-05-16,4,Riots,Mob violence,Almaty,,\n\
               KAZ4,2025-05-16,1,,,Almaty,,\n\
               KAZ1,2025-05-17,1,Protests,Peaceful protest,Almaty,,\n\
               KAZ5,2025-05-17,1,Battles,Armed clash,Almaty,,\n";
    assert_eq!(
        problems("events: { path: acled.csv, format: acled }\n", &[("acled.csv", csv)]),
        [
            "acled.csv:3:2: event_date: found \"May 16 2025\", expected a date such as 2025-05-16 or 16 May 2025",
            "acled.csv:4:3: time_precision: found \"4\", expected 1, 2 or 3",
            "acled.csv:5:4: event_type: found nothing, expected ACLED's event type, such as Protests",
            "acled.csv:6:1: event_id_cnty: found \"KAZ1\" again, first on line 2, expected each event once",
        ]
    );
}

#[test]
fn mm_errors_name_line_and_column() {
    let csv = "id,year,protest,startday,startmonth,startyear,participants_category,participants\n\
               7052019001,2019,1,9,6,2019,100-999,.\n\
               7052019002,2019,2,9,6,2019,,\n\
               7052019003,2019,1,31,6,2019,,\n\
               7052019004,2019,1,.,13,2019,,\n\
               7052019005,2019,1,9,6,2019,about 200,\n\
               7052019001,2019,1,9,6,2019,,\n\
               7052019006,.,0,.,.,.,.,.\n";
    assert_eq!(
        problems("events: { path: mm.csv, format: mm }\n", &[("mm.csv", csv)]),
        [
            "mm.csv:3:3: protest: found \"2\", expected 1 (a protest) or 0 (a placeholder row)",
            "mm.csv:4:4: startday: found \"31\", expected a day of the month, not 2019-06-31",
            "mm.csv:5:5: startmonth: found \"13\", expected a number from 1 to 12, or .",
            "mm.csv:6:7: participants_category: found \"about 200\", expected 50-99, 100-999, 1000-1999, 2000-4999, 5000-10000, >10000 or .",
            "mm.csv:7:1: id: found \"7052019001\" again, first on line 2, expected each event once",
        ]
    );
}

#[test]
fn the_real_mass_mobilization_rows_for_kazakhstan_load_without_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/fixtures/mm_kazakhstan/mm_kazakhstan_1990_2017.csv");
    let (loaded, placeholders) = mobilize::load::mm::load(
        &path,
        &mobilize::config::FileFormat::detected("events"),
        &[],
    )
    .unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let events = loaded.records.unwrap();
    assert_eq!((events.len(), placeholders), (79, 5));
    assert_eq!(loaded.summary.rows, 84);
    let land = events
        .iter()
        .find(|e| e.date.to_string() == "2016-04-15")
        .expect("the 2016 land-reform protests");
    assert_eq!(land.size_class.as_str(), "gt1000");
    let first = &events[0];
    assert_eq!(
        (
            first.event_id.as_str(),
            first.date.to_string(),
            first.participants
        ),
        ("7051990001", "1990-09-29".to_string(), Some(10_000))
    );
    assert_eq!(first.location, "Ust Kamenogorsk");
}
