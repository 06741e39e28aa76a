//! The versions and layouts of the exports researchers hold: Mass Mobilization's CSV and
//! Dataverse's `.tab`, Facebook's export trees of each year and a Page's, Telegram files
//! written by tools other than Telegram Desktop. Each loads its fixture, written as its tool
//! writes it, into the right records; each neighbouring variant gives the right records or a
//! problem naming its place, never wrong values in silence.

use std::path::{Path, PathBuf};

mod common;
use common::copy_tree;

use mobilize::config::{Delimiter, FileFormat};
use mobilize::load::{facebook, mm, telegram, Loaded};
use mobilize::model::corpus::{Corpus, Post};
use mobilize::model::events::Event;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The problems of a load, with `dir`'s path taken out.
fn problems<T>(loaded: &Loaded<T>, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    loaded
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect()
}

// Mass Mobilization.

/// The events and placeholder count of an MM file, which must load without a problem.
fn mm_events(path: &Path, format: &FileFormat) -> (Vec<Event>, usize, String) {
    let (loaded, placeholders) = mm::load(path, format, &[]).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let read_as = loaded.summary.read_as.clone().unwrap().description;
    (loaded.records.unwrap(), placeholders, read_as)
}

fn event<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events.iter().find(|e| e.event_id == id).unwrap()
}

#[test]
fn mm_dataverse_tab_loads_the_records_of_its_csv() {
    let format = FileFormat::detected("events");
    let (tab, placeholders, read_as) = mm_events(&fixture("formats/mm/kazakhstan.tab"), &format);
    assert_eq!((tab.len(), placeholders), (79, 5));
    assert_eq!(read_as, "Dataverse .tab, tab-separated (detected), UTF-8");
    let (csv, _, read_as) = mm_events(&fixture("formats/mm/kazakhstan.csv"), &format);
    assert_eq!(read_as, "CSV, comma-separated (detected), UTF-8");
    assert_eq!(tab, csv);

    // Quotes, Cyrillic; the id written 7.051990001E9 and the date 29.0, 9.0, 1990.0.
    let first = event(&tab, "7051990001");
    assert_eq!(first.date.to_string(), "1990-09-29");
    assert_eq!(first.location, "Ust Kamenogorsk");
    assert_eq!(first.participants, Some(10_000));
    assert_eq!(first.size_class.as_str(), "gt1000");
    assert_eq!(first.source, "Mass Mobilization");
    assert_eq!(
        first.notes,
        "Residents rallied outside the \"Ulba\" plant; placards read «Нет ядерным испытаниям!»"
    );
    // A line break and quotes inside the note.
    let jeltoksan = event(&tab, "7051992002");
    assert_eq!(jeltoksan.date.to_string(), "1992-06-17");
    assert_eq!(jeltoksan.location, "Alma Ata");
    assert_eq!(jeltoksan.participants, Some(5000));
    assert_eq!(
        jeltoksan.notes,
        "Speakers of \"Желтоксан\" read a statement:\n\"We demand the resignation.\""
    );
    // A tab inside the note.
    let tabbed = event(&tab, "7051994001");
    assert_eq!(tabbed.date.to_string(), "1994-05-18");
    assert_eq!(tabbed.size_class.as_str(), "100to1000", "300 participants");
    assert_eq!(
        tabbed.notes,
        "Column copied from a spreadsheet:\tTab inside the note"
    );
    // Backslashes written \\, a backslash and a t typed as such, a carriage return.
    let zhanaozen = event(&tab, "7052011001");
    assert_eq!(zhanaozen.date.to_string(), "2011-05-26");
    assert_eq!(
        zhanaozen.location,
        "western Kazakhstan; Zhanaozen and Aktau"
    );
    assert_eq!(
        zhanaozen.notes,
        "Путь к файлу C:\\new\\table.doc was cited; also \\t as typed, and a CR\rhere"
    );
    // Size categories, coded from 2014.
    assert_eq!(event(&tab, "7052014001").size_class.as_str(), "lt100");
    let land = event(&tab, "7052016001");
    assert_eq!(
        (land.size_class.as_str(), land.participants),
        ("gt1000", None)
    );
    assert_eq!(land.notes, "Митинг против земельной реформы в Атырау");

    // Apart from the invented notes, the records of the real CSV as MM distributes it.
    let (real, _, _) = mm_events(
        &fixture("mm_kazakhstan/mm_kazakhstan_1990_2017.csv"),
        &format,
    );
    let without_notes = |events: &[Event]| -> Vec<Event> {
        events
            .iter()
            .cloned()
            .map(|e| Event {
                notes: String::new(),
                ..e
            })
            .collect()
    };
    assert_eq!(without_notes(&tab), without_notes(&real));
}

#[test]
fn mm_tab_read_as_a_comma_csv_is_refused_at_its_header() {
    let mut format = FileFormat::detected("events");
    format.delimiter = Some(Delimiter(b','));
    let path = fixture("formats/mm/kazakhstan.tab");
    let (loaded, _) = mm::load(&path, &format, &[]).unwrap();
    assert!(loaded.records.is_none());
    let found = problems(&loaded, &fixture("formats/mm"));
    assert!(!found.is_empty());
    for problem in &found {
        assert!(
            problem.starts_with("kazakhstan.tab:1: the header has no column \""),
            "{problem}"
        );
    }
}

#[test]
fn mm_backslashes_are_escapes_only_in_a_tab_file() {
    let dir = tempfile::tempdir().unwrap();
    let header = [
        "id",
        "year",
        "protest",
        "startyear",
        "startmonth",
        "startday",
        "notes",
    ];
    // Excel or Python's csv module: a backslash is text, a quote is doubled.
    let csv = format!(
        "{}\n7052019001,2019,1,2019,6,9,\"Saved in C:\\new\\tab; \"\"quoted\"\"\"\n",
        header.join(",")
    );
    std::fs::write(dir.path().join("mm.csv"), csv).unwrap();
    // Dataverse: every string quoted, backslashes and quotes escaped, numbers as doubles.
    let tab = format!(
        "{}\n7.052019001E9\t2019.0\t1.0\t2019.0\t6.0\t9.0\t\"Saved in C:\\\\new\\\\tab; \\\"quoted\\\"\"\n",
        header.join("\t")
    );
    std::fs::write(dir.path().join("mm.tab"), tab).unwrap();
    let format = FileFormat::detected("events");
    let (csv, _, _) = mm_events(&dir.path().join("mm.csv"), &format);
    let (tab, _, _) = mm_events(&dir.path().join("mm.tab"), &format);
    assert_eq!(csv[0].notes, "Saved in C:\\new\\tab; \"quoted\"");
    assert_eq!(tab, csv);
    assert_eq!(tab[0].event_id, "7052019001");
    assert_eq!(tab[0].date.to_string(), "2019-06-09");
}

#[test]
fn mm_numbers_written_as_doubles_are_checked_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let tab = "id\tyear\tprotest\tstartyear\tstartmonth\tstartday\n\
               7.052019001E9\t2019.0\t1.0\t2018.0\t6.0\t9.0\n\
               7.052019002E9\t2019.0\t1.5\t2019.0\t6.0\t9.0\n\
               7.052019003E9\t2019.0\t1.0\t2019.0\t6.5\t9.0\n\
               7.052019004E9\t2019.0\t0.0\t\t\t\n\
               7.052019005E9\t2019.0\t1.0\t2019.0\t6.0\t9.0\n";
    std::fs::write(dir.path().join("mm.tab"), tab).unwrap();
    let (loaded, placeholders) = mm::load(
        &dir.path().join("mm.tab"),
        &FileFormat::detected("events"),
        &[],
    )
    .unwrap();
    assert_eq!(
        problems(&loaded, dir.path()),
        [
            "mm.tab:2:4: startyear: found \"2018.0\", expected a date in 2019, the year in column 2 (\"year\")",
            "mm.tab:3:3: protest: found \"1.5\", expected 1 (a protest) or 0 (a placeholder row)",
            "mm.tab:4:5: startmonth: found \"6.5\", expected a number from 1 to 12, or .",
        ]
    );
    assert_eq!(placeholders, 1);
    let events = loaded.records.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_id, "7052019005");
}

// Facebook.

/// The posts of a Facebook export at `path`, which must load without a problem, and what
/// `check` lists as read.
fn facebook_posts(path: &Path) -> (Corpus, usize, String) {
    let loaded = facebook::load(path).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let read_as = loaded.summary.read_as.clone().unwrap().description;
    (loaded.records.unwrap(), loaded.summary.rows, read_as)
}

fn post<'a>(corpus: &'a Corpus, id: &str) -> &'a Post {
    corpus.posts.iter().find(|p| p.id == id).unwrap()
}

fn assert_post(corpus: &Corpus, id: &str, date: &str, text: &str) {
    let post = post(corpus, id);
    assert_eq!(post.date.unwrap().to_string(), date, "{id}");
    assert_eq!(post.text, text, "{id}");
    assert_eq!(
        post.author, None,
        "{id}: the export does not name the author"
    );
    assert_eq!(post.interactions, None, "{id}");
}

const EXPORTS: &str = "formats/facebook/exports";

#[test]
fn facebook_export_roots_of_every_layout_load_their_posts() {
    let (old, rows, read_as) = facebook_posts(&fixture(&format!("{EXPORTS}/2019")));
    assert_eq!(
        read_as,
        "Facebook JSON export, posts from posts/your_posts_1.json, posts/your_posts_2.json"
    );
    assert_eq!((rows, old.posts.len(), old.empty.len()), (5, 4, 1));
    assert_eq!(old.empty, ["fb-1560099600"], "a photo without a word");
    assert_post(
        &old,
        "fb-1560356400",
        "2019-06-12",
        "Третий день задержаний в Алматы. Требуем освободить всех!",
    );
    // 20:30 UTC, already the 10th in Almaty: the UTC day.
    assert_post(
        &old,
        "fb-1560112200",
        "2019-06-09",
        "Наблюдатели сообщают о вбросах на участке №112 👀 #ВыборыКЗ",
    );
    assert_post(
        &old,
        "fb-1557496800",
        "2019-05-10",
        "Café Almaty: crème brûlée и споры о выборах до полуночи.",
    );
    let ids: Vec<&str> = old.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "fb-1560356400",
            "fb-1560112200",
            "fb-1557496800",
            "fb-1553252400"
        ],
        "part 1 before part 2, each in file order"
    );

    let (middle, rows, read_as) = facebook_posts(&fixture(&format!("{EXPORTS}/2022")));
    assert_eq!(
        read_as,
        "Facebook JSON export, posts from \
         your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json"
    );
    assert_eq!((rows, middle.posts.len(), middle.empty.len()), (9, 7, 2));
    assert_post(
        &middle,
        "fb-1641556800",
        "2022-01-07",
        "Интернет отключили по всей стране. Кто может — пишите, что видите в Алматы.",
    );
    assert_post(
        &middle,
        "fb-1641556800-2",
        "2022-01-07",
        "Дополнение: на площади Республики стреляют, не выходите из домов.",
    );
    // A check-in: the post, not the place or the tagged friend.
    assert_post(
        &middle,
        "fb-1634925600",
        "2021-10-22",
        "Пикет у акимата: требуем вернуть газ по 50 тенге.",
    );

    let (new, rows, read_as) = facebook_posts(&fixture(&format!("{EXPORTS}/2024")));
    assert_eq!(
        read_as,
        "Facebook JSON export, posts from \
         your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json, \
         your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json"
    );
    assert_eq!((rows, new.posts.len(), new.empty.len()), (10, 8, 2));
    assert_post(
        &new,
        "fb-1694790000",
        "2023-09-15",
        "Полтора года после январских событий: список задержанных\nвсё ещё не опубликован.",
    );
    assert!(
        new.posts
            .iter()
            .all(|p| !p.text.contains("Спасибо, что держите нас")),
        "posts on other people's pages are not the export's posts"
    );

    // A later export holds the earlier one's posts, with the same ids.
    assert_eq!(new.posts[1..], middle.posts[..]);
    assert_eq!(middle.posts[3..], old.posts[..]);
}

#[test]
fn facebook_posts_folder_a_part_and_the_folder_above_the_root_load_alike() {
    let (root, _, _) = facebook_posts(&fixture(&format!("{EXPORTS}/2024")));
    let posts = fixture(&format!("{EXPORTS}/2024/your_facebook_activity/posts"));
    let (folder, _, read_as) = facebook_posts(&posts);
    assert_eq!(folder, root);
    assert_eq!(
        read_as,
        "Facebook JSON export, posts from your_posts__check_ins__photos_and_videos_1.json, \
         your_posts__check_ins__photos_and_videos_2.json"
    );
    let (part, rows, read_as) =
        facebook_posts(&posts.join("your_posts__check_ins__photos_and_videos_2.json"));
    assert_eq!((rows, part.posts.len()), (5, 4));
    assert_eq!(
        read_as,
        "Facebook JSON export, posts from your_posts__check_ins__photos_and_videos_2.json"
    );

    // The folder an export was unzipped into, and parts below the search's reach.
    let dir = tempfile::tempdir().unwrap();
    let unzipped = dir.path().join("facebook-yerlansaparov-2024-03-11-AbCdEf");
    copy_tree(&fixture(&format!("{EXPORTS}/2024")), &unzipped);
    let (above, _, _) = facebook_posts(dir.path());
    assert_eq!(above, root);
    let deep = tempfile::tempdir().unwrap();
    let far = deep.path().join("a/b/c/d/e");
    std::fs::create_dir_all(&far).unwrap();
    std::fs::write(
        far.join("your_posts_1.json"),
        r#"[{"timestamp": 1560356400, "data": [{"post": "a"}]}]"#,
    )
    .unwrap();
    let loaded = facebook::load(deep.path()).unwrap();
    assert!(loaded.records.is_none());
    assert!(loaded.problems[0]
        .message
        .starts_with("found no posts file in the folder or the 4 levels of folders below it"));
}

#[test]
fn facebook_page_exports_read_profile_posts() {
    let page = fixture(&format!("{EXPORTS}/page"));
    let (corpus, rows, read_as) = facebook_posts(&page);
    assert_eq!(
        read_as,
        "Facebook JSON export, posts from \
         this_profile's_activity_across_facebook/posts/profile_posts_1.json"
    );
    assert_eq!((rows, corpus.posts.len(), corpus.empty.len()), (4, 3, 1));
    assert_post(
        &corpus,
        "fb-1641567600",
        "2022-01-07",
        "Срочно: в Алматы введён режим ЧП. Следите за обновлениями.",
    );
    assert_post(
        &corpus,
        "fb-1560169800",
        "2019-06-10",
        "Итоги дня выборов: хроника задержаний в Алматы и Нур-Султане.",
    );
    assert_post(
        &corpus,
        "fb-1553252400",
        "2019-03-22",
        "Столицу переименовали за один день. Что думают читатели?",
    );
}

#[test]
fn facebook_folders_of_two_exports_or_none_are_refused_by_name() {
    let exports = fixture(EXPORTS);
    let loaded = facebook::load(&exports).unwrap();
    assert!(loaded.records.is_none());
    assert_eq!(
        problems(&loaded, &fixture("formats/facebook")),
        ["exports: found the posts of more than one export, \
          2019/posts/your_posts_1.json (2 parts), \
          2022/your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json, \
          2024/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json (2 parts) \
          and page/this_profile's_activity_across_facebook/posts/profile_posts_1.json, \
          expected the posts of one: set `corpus.path` to the folder of the export to read"]
    );

    // Two layouts side by side in one folder.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &fixture(&format!("{EXPORTS}/2019/posts")),
        &dir.path().join("posts"),
    );
    copy_tree(
        &fixture(&format!(
            "{EXPORTS}/page/this_profile's_activity_across_facebook/posts"
        )),
        &dir.path().join("posts"),
    );
    let loaded = facebook::load(&dir.path().join("posts")).unwrap();
    assert_eq!(
        problems(&loaded, dir.path()),
        [
            "posts: found the posts of more than one export, profile_posts_1.json and \
             your_posts_1.json (2 parts), expected the posts of one: set `corpus.path` to the \
             folder of the export to read"
        ]
    );

    // Comments and reactions only: nothing read as posts, and what was found is named.
    let loaded = facebook::load(&fixture(&format!("{EXPORTS}/comments-only"))).unwrap();
    assert!(loaded.records.is_none());
    assert_eq!(
        problems(&loaded, &fixture(EXPORTS)),
        [
            "comments-only: found no posts file in the folder or the 4 levels of folders below \
          it, expected Facebook's export in JSON with your_posts_1.json, \
          your_posts__check_ins__photos_and_videos_1.json or profile_posts_1.json (and their \
          numbered parts); the JSON files found hold other data: \
          your_facebook_activity/comments_and_reactions/comments.json, \
          your_facebook_activity/comments_and_reactions/likes_and_reactions_1.json"
        ]
    );

    // The export in HTML, which Facebook offers beside JSON.
    let html = tempfile::tempdir().unwrap();
    let posts = html.path().join("your_facebook_activity/posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(
        posts.join("your_posts__check_ins__photos_and_videos_1.html"),
        "<html></html>",
    )
    .unwrap();
    let loaded = facebook::load(html.path()).unwrap();
    assert!(loaded.records.is_none());
    assert!(loaded.problems[0].message.ends_with(
        "; the posts found are in HTML \
         (your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html), which \
         is not read: download the export again with the format JSON"
    ));
}

// Telegram.

#[test]
fn telegram_files_of_other_exporters_with_iso_dates() {
    let loaded = telegram::load(&fixture("formats/telegram/third_party/result.json")).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.summary.rows, 7, "the service message is not a post");
    let corpus = loaded.records.unwrap();
    assert_eq!(corpus.empty, ["1987654321/6"]);
    let days: Vec<(&str, String)> = corpus
        .posts
        .iter()
        .map(|p| (p.id.as_str(), p.date.unwrap().to_string()))
        .collect();
    assert_eq!(
        days,
        [
            ("1987654321/1", "2017-01-01".to_string()),
            // 20:30Z: the UTC day, though Almaty is already on the 6th.
            ("1987654321/2", "2022-01-05".into()),
            // 01:15+06:00 is 19:15 UTC on the 5th.
            ("1987654321/3", "2022-01-05".into()),
            // No offset: the day as written.
            ("1987654321/5", "2022-01-06".into()),
            ("1987654321/7", "2022-01-07".into()),
            // 22:00-05:00 is 03:00 UTC on the 8th.
            ("1987654321/8", "2022-01-08".into()),
        ]
    );
    let first = &corpus.posts[0];
    assert_eq!(first.author.as_deref(), Some("Степной вестник"));
    assert_eq!(first.text, "С Новым годом! Канал начинает работу.");
    let third = &corpus.posts[2];
    assert_eq!(third.author.as_deref(), Some("Степной вестник"));
    assert_eq!(
        third.text,
        "Акимат Алматы окружён, интернет работает с перебоями."
    );
    let last = &corpus.posts[5];
    assert_eq!(last.text, "Диаспора в Нью-Йорке вышла к консульству.");
    assert_eq!(last.interactions, None);
}

#[test]
fn telegram_dates_in_other_forms_are_read_or_refused_at_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let export = r#"{"name": "c", "id": 7, "messages": [
        {"id": 1, "type": "message", "date": "05.01.2022 14:02", "text": "day first"},
        {"id": 2, "type": "message", "date": "1641391331512", "text": "milliseconds"},
        {"id": 3, "type": "message", "date": "January 5, 2022", "text": "words"},
        {"id": 4, "type": "message", "date": 1641391331, "text": "Unix seconds"},
        {"id": 5, "type": "message", "date": "2022-01-05 23:30:00+06:00", "text": "a space"},
        {"id": 6, "date": "2022-01-05T10:00:00", "from": "Айгерим", "text": "no type"},
        {"id": 7, "type": "service", "date": "someday", "action": "pin_message"}
    ]}"#;
    std::fs::write(dir.path().join("result.json"), export).unwrap();
    let loaded = telegram::load(&dir.path().join("result.json")).unwrap();
    let expected = "expected an ISO 8601 time such as \"2019-06-10T19:31:22\" or \
                    \"2017-01-01T06:20:09.248Z\" (or a date_unixtime field)";
    assert_eq!(
        problems(&loaded, dir.path()),
        [
            format!("result.json: messages[0].date: found \"05.01.2022 14:02\", {expected}"),
            "result.json: messages[1].date: found \"1641391331512\", expected Unix seconds, not \
             milliseconds (divide by 1000)"
                .to_string(),
            format!("result.json: messages[2].date: found \"January 5, 2022\", {expected}"),
        ]
    );
    let corpus = loaded.records.unwrap();
    let read: Vec<(&str, String, Option<&str>)> = corpus
        .posts
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.date.unwrap().to_string(),
                p.author.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("7/4", "2022-01-05".to_string(), None),
            ("7/5", "2022-01-05".to_string(), None),
            ("7/6", "2022-01-05".to_string(), Some("Айгерим")),
        ]
    );
}
