//! The export formats: each loads its fixture into the same records as its generic CSV twin,
//! each trap of the format is handled, `check` prints what it read, and a study made only of
//! exports (a Telegram channel, ACLED events, YouTube pages, a channel list) builds a report.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_fixture, mobilize, read};
use mobilize::load::{read_inputs, Inputs};
use mobilize::Config;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(path)
}

/// The inputs of a fixture study, which must load without a problem.
fn inputs(config: &str) -> Inputs {
    let config = Config::load(&fixture(config)).unwrap();
    let reading = read_inputs(&config).unwrap();
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    reading.inputs
}

#[test]
fn every_export_loads_the_same_records_as_its_generic_csv() {
    for (export, generic) in [
        ("facebook/report.yaml", "facebook/generic.yaml"),
        ("telegram/report.yaml", "telegram/generic.yaml"),
        ("crowdtangle/report.yaml", "crowdtangle/generic.yaml"),
        ("ytdt/report_v1.yaml", "ytdt/generic_v1.yaml"),
        ("ytdt/report_v2.yaml", "ytdt/generic_v2.yaml"),
        ("ytdt/report.yaml", "ytdt/generic.yaml"),
        ("youtube-api/report.yaml", "youtube-api/generic.yaml"),
        ("acled/report.yaml", "acled/generic.yaml"),
        ("mm/report.yaml", "mm/generic.yaml"),
    ] {
        let (a, b) = (inputs(export), inputs(generic));
        let loaded = a.corpus.is_some() as u8
            + a.videos.is_some() as u8
            + a.accounts.is_some() as u8
            + a.events.is_some() as u8;
        assert_eq!(loaded, 1, "{export} reads one input");
        assert_eq!(a.corpus, b.corpus, "{export}");
        assert_eq!(a.videos, b.videos, "{export}");
        assert_eq!(a.accounts, b.accounts, "{export}");
        assert_eq!(a.events, b.events, "{export}");
    }
}

#[test]
fn facebook_mojibake_is_repaired_and_latin1_kept() {
    let corpus = inputs("facebook/report.yaml").corpus.unwrap();
    let texts: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts.iter().all(|t| !t.contains('Ð') && !t.contains('Ñ')),
        "{texts:?}"
    );
    let cyrillic = texts
        .iter()
        .filter(|t| t.chars().any(|c| ('а'..='я').contains(&c)))
        .count();
    assert_eq!(cyrillic, 5);
    assert!(texts.contains(
        &"Election eve at Café Almaty: crème brûlée, strong coffee and long arguments about the vote."
    ));
    assert!(texts.iter().all(|t| !t.contains("updated his status")));
    assert_eq!(corpus.empty.len(), 1);
    let ids: Vec<&str> = corpus.posts.iter().map(|p| p.id.as_str()).collect();
    let at = ids.iter().position(|id| *id == "fb-1560108600").unwrap();
    assert_eq!(ids[at + 1], "fb-1560108600-2");
    assert_eq!(corpus.posts[at].date.unwrap().to_string(), "2019-06-09");
}

#[test]
fn telegram_entity_arrays_service_messages_and_utc_days() {
    let corpus = inputs("telegram/report.yaml").corpus.unwrap();
    assert_eq!((corpus.posts.len(), corpus.empty.len()), (23, 1));
    assert_eq!(corpus.empty, ["1234567890/106"]);
    let post = |id: &str| corpus.posts.iter().find(|p| p.id == id);
    assert!(
        post("1234567890/103").is_none(),
        "a service message is not a post"
    );
    assert_eq!(
        post("1234567890/108").unwrap().text,
        "Видео с митинга в Алматы: https://youtu.be/Xk3vQ9mPz2A"
    );
    assert!(post("1234567890/105")
        .unwrap()
        .text
        .ends_with("#протест #выборы2019"));
    // Local 2019-06-10T03:00:00 in Almaty is 2019-06-09 in UTC.
    assert_eq!(
        post("1234567890/111").unwrap().date.unwrap().to_string(),
        "2019-06-09"
    );
    assert_eq!(
        post("1234567890/111").unwrap().author.as_deref(),
        Some("Степной вестник")
    );

    let full = inputs("telegram/full/report.yaml").corpus.unwrap();
    assert_eq!(full.posts.len(), 5);
    let ids: Vec<&str> = full.posts.iter().map(|p| p.id.as_str()).collect();
    let chats: std::collections::BTreeSet<&str> =
        ids.iter().map(|id| id.split('/').next().unwrap()).collect();
    assert_eq!(chats.len(), 2, "{ids:?}");
    let shared: Vec<&str> = ids.iter().map(|id| id.split('/').nth(1).unwrap()).collect();
    assert!(shared
        .iter()
        .any(|m| shared.iter().filter(|n| *n == m).count() == 2));
    assert!(full
        .posts
        .iter()
        .any(|p| p.author.as_deref().is_some_and(|a| a.starts_with("user"))));
}

#[test]
fn crowdtangle_thousands_and_description_fallback() {
    let corpus = inputs("crowdtangle/report.yaml").corpus.unwrap();
    let first = &corpus.posts[0];
    assert_eq!(first.interactions, Some(12_506));
    assert_eq!(first.author.as_deref(), Some("Алматы Online"));
    assert_eq!(first.date.unwrap().to_string(), "2019-06-09");
    // An empty Message: the text is the link's Description.
    assert_eq!(corpus.posts[1].interactions, Some(1234));
    assert!(corpus.posts[1]
        .text
        .starts_with("Центризбирком опубликовал предварительные данные о"));
    // A Message with a comma, quotes and a newline; its Description is not read.
    assert!(corpus.posts[2]
        .text
        .starts_with("Статья \"Выборы без выбора\", ко"));
    assert!(corpus.posts[2].text.contains('\n'));
    assert!(!corpus.posts[2].text.contains("Репортаж с избирательных"));
    // Neither Message nor Description: counted as empty.
    assert_eq!(corpus.empty.len(), 1);
    assert!(corpus.empty[0].ends_with("/posts/702219874411983"));
}

#[test]
fn ytdt_lengths_come_from_duration_never_duration_sec() {
    let videos = inputs("ytdt/report_v1.yaml").videos.unwrap();
    let live = videos.iter().find(|v| v.video_id == "bT7nW2sYq0K").unwrap();
    assert_eq!(live.duration, Some(3723));
    let tab = read(fixture("ytdt/videolist_v1.tab"));
    assert!(
        tab.contains("PT1H2M3S\t123\t"),
        "the fixture holds the old tool's bug"
    );
    let quoted = videos.iter().find(|v| v.video_id == "mR4fU6iOw9J").unwrap();
    assert_eq!(
        quoted.title,
        "\"Мы не боимся\": репортаж с протеста в Нур-Султане"
    );
    assert_eq!(quoted.likes, None);

    let accounts = inputs("ytdt/report.yaml").accounts.unwrap();
    let hidden = accounts
        .iter()
        .find(|a| a.organization == "Алматы Live" && a.metric == "subscribers")
        .unwrap();
    assert_eq!(hidden.value, None, "a hidden subscriber count is not 0");
    assert_eq!(accounts.len(), 9);
}

#[test]
fn youtube_api_pages_in_natural_order_with_string_counts() {
    let videos = inputs("youtube-api/report.yaml").videos.unwrap();
    let ids: Vec<&str> = videos.iter().map(|v| v.video_id.as_str()).collect();
    // page_1 (3 videos), page_2 (3), page_10 (3): page_10 last.
    assert_eq!(ids[..3], ["Xk3vQ9mPz2A", "pX3k9QmLr2E", "Lq0rE5uVa8N"]);
    assert_eq!(ids[6..], ["Vd9sJ3wXe1R", "Kp4nD7gWb2U", "Qm5zC2vHs7Y"]);
    assert_eq!(videos[0].views, Some(214_377));
    assert_eq!(videos[2].likes, None);
    assert_eq!(videos[3].duration, Some(3605));
    assert_eq!(videos[0].published_at.to_string(), "2019-06-09 18:45:00");
}

#[test]
fn acled_dates_sizes_precision_and_forms() {
    let events = inputs("acled/report.yaml").events.unwrap();
    assert_eq!(
        events.len(),
        12,
        "the two strategic developments are left out"
    );
    let event = |id: &str| events.iter().find(|e| e.event_id == id).unwrap();
    let classes = |class: &str| -> Vec<&str> {
        events
            .iter()
            .filter(|e| e.size_class.as_str() == class)
            .map(|e| e.event_id.as_str())
            .collect()
    };
    assert_eq!(
        event("KAZ1021").size_class.as_str(),
        "100to1000",
        "between 200 and 300"
    );
    assert_eq!(
        event("KAZ912").size_class.as_str(),
        "100to1000",
        "[size=around 100]"
    );
    // By the crowd-size rule, hand-applied to the fixture's tags: around 50, dozens, several
    // dozen, around 40; between 200 and 300, hundreds, [size=around 100]; more than 1000,
    // thousands; large, no report, at least 20.
    let counts: Vec<usize> = ["lt100", "100to1000", "gt1000", "unknown"]
        .iter()
        .map(|c| classes(c).len())
        .collect();
    assert_eq!(counts, [4, 3, 2, 3]);
    let csv = read(fixture("acled/acled.csv"));
    let written = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap()
    };
    for id in classes("unknown") {
        let line = written(id);
        let tags = [
            "crowd size=large",
            "crowd size=no report",
            "crowd size=at least 20",
        ];
        assert!(tags.iter().any(|t| line.contains(t)), "{line}");
    }
    let may = events
        .iter()
        .find(|e| e.date.to_string() == "2025-05-16")
        .unwrap();
    assert!(written(&may.event_id).contains("16 May 2025"));
    let month_only: Vec<String> = events
        .iter()
        .filter(|e| e.date.day.is_none())
        .map(|e| e.date.to_string())
        .collect();
    assert_eq!(month_only, ["2020-02"]);
    let forms = |form: &str| {
        events
            .iter()
            .filter(|e| format!("{:?}", e.form).to_lowercase() == form)
            .count()
    };
    assert_eq!((forms("strike"), forms("picket")), (2, 1));
}

#[test]
fn mm_placeholders_dots_categories_and_free_text() {
    let events = inputs("mm/report.yaml").events.unwrap();
    assert_eq!(events.len(), 7, "the placeholder row is left out");
    let event = |id: &str| events.iter().find(|e| e.event_id == id).unwrap();
    let zhanaozen = event("7052011001");
    assert_eq!(zhanaozen.size_class.as_str(), "gt1000");
    assert_eq!(format!("{:?}", zhanaozen.form), "Strike");
    assert_eq!(
        event("7052019001").participants,
        Some(1500),
        "1,500 is a number"
    );
    assert_eq!(
        event("7052020001").date.to_string(),
        "2020-02",
        "startday is ."
    );
    assert_eq!(
        event("7052011002").source,
        "Mass Mobilization",
        "sources is ."
    );
    assert_eq!(format!("{:?}", event("7052019003").form), "Picket");
}

#[test]
fn check_prints_what_each_format_read() {
    let mut out = String::new();
    for config in [
        "facebook/report.yaml",
        "telegram/report.yaml",
        "telegram/full/report.yaml",
        "crowdtangle/report.yaml",
        "ytdt/report_v1.yaml",
        "ytdt/report_v2.yaml",
        "ytdt/report.yaml",
        "youtube-api/report.yaml",
        "acled/report.yaml",
        "mm/report.yaml",
    ] {
        let output = mobilize(&fixture(""))
            .args(["check", "-c", config])
            .output()
            .unwrap();
        assert!(output.status.success(), "{config}");
        out.push_str(&format!("$ mobilize check -c {config}\n"));
        out.push_str(&String::from_utf8(output.stdout).unwrap());
        out.push('\n');
    }
    insta::assert_snapshot!("formats_check", out);
}

#[test]
fn a_telegram_and_acled_study_builds_a_full_report() {
    let formats = copy_fixture("formats");
    mobilize(formats.path())
        .args(["build", "-q", "-c", "study/report.yaml"])
        .assert()
        .success();
    let site = formats.path().join("study/site");
    let report: serde_json::Value = serde_json::from_str(&read(site.join("report.json"))).unwrap();
    assert_eq!(report["corpus"]["documents"], 23);
    assert_eq!(report["corpus"]["authors"][0]["author"], "Степной вестник");
    assert_eq!(report["terms"][0]["term"], "алмат");
    assert_eq!(report["clusters"]["clusters"].as_array().unwrap().len(), 3);
    assert_eq!(report["events"]["list"].as_array().unwrap().len(), 12);
    assert_eq!(report["accounts"].as_array().unwrap().len(), 9);
    // The most-viewed video of the first channel is 48 min 12 s long (PT48M12S).
    assert_eq!(report["videos"]["top"][0]["duration"], 2892);
    let md = read(site.join("report.md"));
    for heading in [
        "Table 2: Forms",
        "Table 3: Most frequent terms",
        "Table 5",
        "Posts by author",
        "Figure 1",
    ] {
        assert!(md.contains(heading), "{heading} missing from report.md");
    }
    assert!(
        md.contains("| 1:00:05 |"),
        "a one-hour length reads as a clock"
    );
}
