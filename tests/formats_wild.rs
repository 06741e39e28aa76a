//! Export formats as they occur in the wild: every version of YouTube Data Tools' tables and
//! CrowdTangle's exports, each written by the tool's own writer (see the fixtures' scripts),
//! read into the same records; and a file given to the wrong reader named for what it is.

mod common;

use mobilize::model::accounts::Account;
use mobilize::model::corpus::Post;
use mobilize::model::media::Video;

/// What `read_inputs` loads of `sections` over the fixture folder `fixture`, with its
/// notices.
fn read(fixture: &str, sections: &str) -> (mobilize::load::Inputs, Vec<String>) {
    let dir = common::copy_fixture(fixture);
    std::fs::write(
        dir.path().join("report.yaml"),
        format!("title: t\n{sections}"),
    )
    .unwrap();
    let config = mobilize::Config::load(&dir.path().join("report.yaml")).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    assert_eq!(reading.problems, [], "{sections}");
    let notices = reading.inputs.notices.clone();
    (reading.inputs, notices)
}

fn problems(fixture: &str, sections: &str) -> Vec<String> {
    let dir = common::copy_fixture(fixture);
    std::fs::write(
        dir.path().join("report.yaml"),
        format!("title: t\n{sections}"),
    )
    .unwrap();
    let checked = mobilize::check(&dir.path().join("report.yaml")).unwrap();
    let prefix = format!("{}/", dir.path().display());
    checked
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect()
}

fn videos(file: &str) -> Vec<Video> {
    let (inputs, _) = read(
        "formats/ytdt/wild",
        &format!("videos: {{ path: {file}, format: ytdt }}\n"),
    );
    inputs.videos.unwrap()
}

#[test]
fn every_version_of_the_video_list_loads_the_same_videos() {
    let old = videos("videolist_2021.tab");
    assert_eq!(old.len(), 8);
    for file in [
        "videolist_2024.csv",
        "videolist_2024.tab",
        "videolist_v2tool.csv",
    ] {
        assert_eq!(videos(file), old, "{file}");
    }
    let shown = |v: &Video| {
        (
            v.channel.clone(),
            v.video_id.clone(),
            v.published_at.to_string(),
            v.title.clone(),
            v.views,
            v.likes,
            v.comments,
            v.duration,
        )
    };
    assert_eq!(
        shown(&old[1]),
        (
            "Голос Степи".to_string(),
            "Vd9sJ3wXe1R".to_string(),
            "2022-01-04 20:03:10".to_string(),
            "Жанаозен, Актобе, Алматы: протесты из-за цен на газ".to_string(),
            Some(731_502),
            Some(40_211),
            Some(9_822),
            Some(4_500),
        )
    );
    // A backslash before a quote: PHP's fputcsv leaves that quote undoubled.
    assert_eq!(
        shown(&old[6]),
        (
            "Голос Степи".to_string(),
            "Xq3b7TzL0aA".to_string(),
            "2022-01-07 08:00:00".to_string(),
            "Путь C:\\\"Кантар\" — хроника; часть 2".to_string(),
            Some(45_000),
            Some(1_200),
            Some(310),
            Some(7_205),
        )
    );
    assert_eq!(
        shown(&old[7]),
        (
            "Новости Казахстана 24".to_string(),
            "Mm8dK2pQw7Y".to_string(),
            "2022-01-08 19:45:01".to_string(),
            "\"Протест\", 'митинг', пикет: словарь".to_string(),
            Some(7_300),
            None,
            Some(12),
            Some(240),
        )
    );
}

#[test]
fn each_version_is_told_by_its_header_and_quoting_and_named() {
    for (file, named) in [
        (
            "videolist_2021.tab",
            "YouTube Data Tools, PHP before 2022 (unquoted), tab-separated",
        ),
        (
            "videolist_2024.tab",
            "YouTube Data Tools, PHP 2022- (fputcsv), tab-separated",
        ),
        (
            "videolist_2024.csv",
            "YouTube Data Tools, PHP 2022- (fputcsv), comma-separated",
        ),
        (
            "videolist_v2tool.csv",
            "YouTube Data Tools v2, Python (csv.DictWriter), comma-separated",
        ),
    ] {
        let (inputs, _) = read(
            "formats/ytdt/wild",
            &format!("videos: {{ path: {file}, format: ytdt }}\n"),
        );
        let read_as = inputs.summaries[0].read_as.as_ref().unwrap();
        assert!(
            read_as.description.starts_with(named),
            "{file}: {}",
            read_as.description
        );
    }
    let (_, notices) = read(
        "formats/ytdt/wild",
        "videos: { path: videolist_v2tool.csv, format: ytdt }\n",
    );
    assert_eq!(
        notices,
        ["videos: 1 video marked [not found: ...] by YouTube Data Tools (the API did not return it) left out"]
    );
}

#[test]
fn every_version_of_the_channel_list_loads_the_same_accounts() {
    let accounts = |file: &str| -> Vec<Account> {
        let (inputs, _) = read(
            "formats/ytdt/wild",
            &format!("accounts: {{ path: {file}, format: ytdt }}\n"),
        );
        inputs.accounts.unwrap()
    };
    let old = accounts("channels_2021.tab");
    assert_eq!(old.len(), 9);
    for file in [
        "channels_2024.csv",
        "channels_2024.tab",
        "channels_v2tool.csv",
    ] {
        assert_eq!(accounts(file), old, "{file}");
    }
    let figure = |a: &Account| (a.organization.clone(), a.metric.clone(), a.value);
    let expected = |o: &str, m: &str, v| (o.to_string(), m.to_string(), v);
    assert_eq!(
        figure(&old[0]),
        expected("Новости Казахстана 24", "subscribers", Some(412_000))
    );
    assert_eq!(
        figure(&old[4]),
        expected("Голос Степи", "views", Some(94_100_227))
    );
    assert_eq!(
        figure(&old[6]),
        expected("Алматы Live", "subscribers", None)
    );
}

fn posts(file: &str, extra: &str) -> Vec<Post> {
    let (inputs, _) = read(
        "formats/crowdtangle",
        &format!("corpus: {{ path: {file}, format: crowdtangle{extra} }}\n"),
    );
    inputs.corpus.unwrap().posts
}

#[test]
fn crowdtangle_counts_grouped_as_the_locale_groups_them() {
    let english = posts("posts.csv", "");
    let german = posts("posts_de.csv", "");
    assert_eq!(german, english);
    assert_eq!(german[0].interactions, Some(12_506));
    assert_eq!(german[1].interactions, Some(1_234));
    assert_eq!(german.len(), 7, "one of the eight posts has no text");
}

#[test]
fn crowdtangle_instagram_and_reddit_exports() {
    let facebook = posts("posts.csv", "");
    let instagram = posts("instagram.csv", "");
    assert_eq!(instagram.len(), facebook.len());
    for (ig, fb) in instagram.iter().zip(&facebook) {
        assert_eq!(ig.author, fb.author, "Account is the author");
        assert_eq!(ig.text, fb.text, "the caption is the Description");
        assert_eq!((ig.date, ig.interactions), (fb.date, fb.interactions));
    }
    assert_eq!(
        instagram[0].id,
        "https://www.instagram.com/104857362918475/posts/2291873312064501"
    );
    let reddit = posts("reddit.csv", ", text: [Message, Title]");
    assert_eq!(reddit[0].author.as_deref(), Some("r/Kazakhstan"));
    assert_eq!(reddit[0].text, facebook[0].text);
    // Read by the default text columns, a Reddit export's empty Message leaves every post
    // without text: each is counted, and said so, never loaded as empty text.
    let (inputs, _) = read(
        "formats/crowdtangle",
        "corpus: { path: reddit.csv, format: crowdtangle }\n",
    );
    let corpus = inputs.corpus.unwrap();
    assert_eq!((corpus.posts.len(), corpus.empty.len()), (0, 8));
}

#[test]
fn a_file_given_to_another_reader_is_named_for_what_it_is() {
    let found = problems(
        "formats/ytdt/wild",
        "videos: { path: videolist_2024.csv }\n",
    );
    assert!(
        found[0].ends_with(
            "this file looks like a YouTube Data Tools video list: read it with `format: ytdt` in `videos`"
        ),
        "{found:?}"
    );
    let found = problems("formats/acled", "events: { path: acled.csv }\n");
    assert!(
        found[0].ends_with(
            "this file looks like an ACLED export: read it with `format: acled` in `events`"
        ),
        "{found:?}"
    );
}
