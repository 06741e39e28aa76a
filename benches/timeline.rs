//! The cost of the timeline stage (issue 19) on the default corpus and on ten copies of it:
//! posts per period (the span's default, ISO weeks here), peaks and their events, and the
//! shares of five terms (four words and a two-word n-gram), from the document-term matrix the
//! text stage has already built (indexing is outside the timing). Target: under 50 ms and
//! under 500 ms. Run with `cargo bench --bench timeline`.

use std::path::PathBuf;

use mobilize::config::{Config, PeakRule};
use mobilize::model::corpus::Post;
use mobilize::model::events::Event;
use mobilize::text;
use mobilize::timeline::{self, Settings};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default study's config, posts `times` over (new ids) and events.
fn study(times: usize) -> (Config, Vec<Post>, Vec<Event>) {
    let config = Config::load(&root().join("report.yaml")).expect("the default study's config");
    let section = config.corpus.as_ref().expect("a corpus");
    let corpus = mobilize::load::load_corpus(&config.resolve(&section.path), section)
        .expect("the corpus reads")
        .records
        .expect("the corpus is valid");
    let events_section = config.events.as_ref().expect("events");
    let events = mobilize::load::load_events(&config.resolve(&events_section.path), events_section)
        .expect("the events read")
        .records
        .expect("the events are valid");
    let mut posts = Vec::new();
    for copy in 0..times {
        posts.extend(corpus.posts.iter().map(|p| Post {
            id: format!("{}-{copy}", p.id),
            ..p.clone()
        }));
    }
    (config, posts, events)
}

#[divan::bench(args = [1, 10])]
fn timeline_stage(bencher: divan::Bencher, times: usize) {
    let (config, posts, events) = study(times);
    let normaliser = text::normaliser(&config, None);
    let texts: Vec<&str> = posts.iter().map(|p| p.text.as_str()).collect();
    let indexed = text::matrix::index(&texts, &normaliser);
    let dates: Vec<_> = posts.iter().map(|p| p.date).collect();
    let settings = Settings {
        period: None,
        window_days: 7,
        peaks: PeakRule::default(),
        terms: ["protest", "rally", "election", "regime", "nur otan"]
            .map(String::from)
            .to_vec(),
    };
    bencher.bench(|| timeline::analyse(&dates, &indexed, &normaliser, &events, &settings));
}
