//! Writes `data/videos.csv`, `data/likes.csv` and `data/views.csv`: SYNTHETIC YouTube
//! statistics for demonstrating and testing mobilize's video stages (Figures 1 and 2 of the
//! paper, the topic share of the most viewed videos, the like-velocity ranking, view peaks).
//!
//! Run it with `cargo run --release --example make-demo-media` (no arguments).
//!
//! Why it exists: the paper's video and views statistics were exported from the commercial
//! LiveDune service and are not public. The paper publishes only a few figures: the seven
//! channels of Figure 1, the share of Nazarbayev videos among the most viewed (57%), the total
//! views of Ablyazov's channel (77,372,662, Table 1), the months of the protests its views
//! follow (Figure 2), and the dates and views of three videos that received likes fastest.
//! These files stand in for the rest. Reproducing the paper's figures on them checks the
//! pipeline, not the paper.
//!
//! Why it is shaped so:
//! - 7 channels x 14 videos, so that "the 10 most viewed per channel" is a real selection;
//!   views are distinct within a channel, so the top 10 is never decided by a tie.
//! - Titles are Russian and drawn from hand-written lists, one list per topic. Exactly 40 of
//!   the 70 top-10 videos (57.1%) are about Nazarbayev and his family; the 28 other videos
//!   hold 8 more, so the share over all videos (48/98) differs from the planted one.
//! - The topic rules are matched on Snowball-Russian stems, a keyword matching a word whose
//!   stem begins with the keyword's stem. A stem is a prefix of its word, so a title none of
//!   whose lowercase words begins with a keyword's stem can never match it. The verifier
//!   checks every title that way against `TOPIC_STEMS` (the stems of the configured
//!   keywords, as Snowball gives them: note that `алиев` stems to `ал`, so no title outside
//!   the Nazarbayev topic may have a word beginning with "ал", such as "Алматы").
//! - The three real videos (dates and views from the paper) are in `Channel 16/12`; their
//!   first-snapshot likes are set after all other videos are drawn, so that they are the
//!   three fastest at receiving likes, in the paper's order, each about 20% ahead of the next
//!   (the verifier demands 10%).
//! - Ablyazov's monthly views are a smooth, growing baseline with small noise, multiplied in
//!   the months the paper's protests (2018-05, 2019-06) and Nazarbayev's resignation (2019-03)
//!   fall in, then scaled to sum exactly to Table 1's total.
//! - A small self-written generator (splitmix64, fixed seed) drives every choice, so the files
//!   are identical byte for byte on every run and do not change with crate versions.
//! - The files are written under temporary names, read back and verified; only then are they
//!   moved into place. A missed target panics with a message.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime};

const SEED: u64 = 0x6d65_6469_615f_6b7a; // "media_kz"

const VIDEOS: &str = "data/videos.csv";
const LIKES: &str = "data/likes.csv";
const VIEWS: &str = "data/views.csv";

const PER_CHANNEL: usize = 14;
const TOP: usize = 10;
/// Nazarbayev videos among the 70 top-10 videos: 40/70 = 57.1%, the paper's 57%.
const TOP_NAZARBAYEV: usize = 40;
/// Videos whose likes are not public (never a top-10 video, never a real one).
const HIDDEN_LIKES: usize = 4;
const FIRST_DAY: &str = "2015-01-01";
const LAST_DAY: &str = "2019-12-31";
/// When the statistics were taken (the paper accessed LiveDune in January 2020).
const COLLECTED: &str = "2020-01-25T00:00:00";

const ABLYAZOV: &str = "Mukhtar Ablyazov";
/// Ablyazov's YouTube views, Table 1 of the paper.
const ABLYAZOV_VIEWS: u64 = 77_372_662;
const FIRST_MONTH: (i32, u32) = (2017, 6);
const MONTHS: usize = 31;
const PEAK_MONTHS: [&str; 3] = ["2018-05", "2019-03", "2019-06"];
/// The report's peak rule: views above `PEAK_FACTOR` times the median of the `PEAK_WINDOW`
/// months centred on the month (truncated at the ends).
const PEAK_FACTOR: f64 = 1.5;
const PEAK_WINDOW: usize = 5;

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64, written out so that the stream never depends on a crate version.

struct Rng(u64);

impl Rng {
    /// An independent stream for each stage, so that changing one stage leaves the others alone.
    fn stream(stage: u64) -> Rng {
        Rng(SEED ^ stage.wrapping_mul(0x9fb2_1c65_1e98_df25))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// A float in `[low, high)`.
    fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        low + unit * (high - low)
    }

    /// A whole number between `low` and `high`, uniform on a log scale.
    fn log_uniform(&mut self, low: f64, high: f64) -> u64 {
        self.uniform(low.ln(), high.ln()).exp().round() as u64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i as u64 + 1) as usize);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Topics and titles.

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
enum Topic {
    Nazarbayev,
    Protests,
    Elections,
    Economy,
    Other,
}

impl Topic {
    fn name(self) -> &'static str {
        match self {
            Topic::Nazarbayev => "Назарбаев и семья",
            Topic::Protests => "Протесты",
            Topic::Elections => "Выборы и власть",
            Topic::Economy => "Экономика",
            Topic::Other => "other",
        }
    }
}

/// The report's topic rules, in order, each with the Snowball-Russian stems of its keywords.
/// Nazarbayev: назарбаев, назарбаева, назарбаевых, дарига, елбасы, нурсултан, алиев, кулибаев.
/// Protests: протест, митинг, забастовка, задержан, акция.
/// Elections: выборы, токаев, парламент, власть, акимат.
/// Economy: тенге, кредит, цены, нефть, бюджет, зарплата.
const TOPIC_STEMS: &[(Topic, &[&str])] = &[
    (
        Topic::Nazarbayev,
        &[
            "назарба",
            "назарбаев",
            "дариг",
            "елбас",
            "нурсулта",
            "ал",
            "кулиба",
        ],
    ),
    (
        Topic::Protests,
        &["протест", "митинг", "забастовк", "задержа", "акц"],
    ),
    (
        Topic::Elections,
        &["выбор", "тока", "парламент", "власт", "акимат"],
    ),
    (
        Topic::Economy,
        &["тенг", "кред", "цен", "нефт", "бюджет", "зарплат"],
    ),
];

/// Word beginnings that make a title a Nazarbayev title beyond doubt: every such title has a
/// form of "Назарбаев", or "Дарига", or "Елбасы".
const NAZARBAYEV_MARKS: &[&str] = &["назарбаев", "дариг", "елбас"];

/// The prefixes no other title may have a word beginning with: the keywords themselves, and
/// the shorter stems Snowball gives for some of them.
const NAZARBAYEV_EXCLUDED: &[&str] = &[
    "назарбаев",
    "назарба",
    "дариг",
    "елбас",
    "нурсултан",
    "нурсулта",
    "алиев",
    "ал",
    "кулибаев",
    "кулиба",
];

struct Title {
    text: &'static str,
    topic: Topic,
    /// The earliest plausible day for it (`YYYY-MM-DD`), if later than the first day.
    after: Option<&'static str>,
}

const fn title(topic: Topic, text: &'static str, after: Option<&'static str>) -> Title {
    Title { text, topic, after }
}

use Topic::{Economy as E, Elections as V, Nazarbayev as N, Other as O, Protests as P};

#[rustfmt::skip]
const TITLES: &[Title] = &[
    // Nazarbayev and his family: 53 titles for 48 videos.
    title(N, "Назарбаев и его миллиарды: куда уходят деньги страны", None),
    title(N, "Дарига Назарбаева: новые подробности о семейном бизнесе", None),
    title(N, "Почему Назарбаев боится собственного народа", None),
    title(N, "Семья Назарбаева и недвижимость в Лондоне", None),
    title(N, "Елбасы навсегда? Что будет после ухода Назарбаева", None),
    title(N, "Назарбаев и Кулибаев: кому принадлежит Казахстан", None),
    title(N, "Зять Назарбаева и офшоры: вопросы без ответов", None),
    title(N, "Назарбаев уходит в отставку: что это значит", Some("2019-03-19")),
    title(N, "Как Назарбаев управляет страной из-за кулис", Some("2019-03-20")),
    title(N, "Дарига во главе Сената: подготовка преемницы?", Some("2019-03-20")),
    title(N, "Где хранятся деньги семьи Назарбаевых?", None),
    title(N, "Назарбаев и коррупция: о чем молчат государственные СМИ", None),
    title(N, "Внуки Назарбаева: роскошь на фоне бедности", None),
    title(N, "Здоровье Назарбаева: что скрывает Акорда", None),
    title(N, "Назарбаев переписывает Конституцию под себя", Some("2017-01-25")),
    title(N, "Культ личности Назарбаева в школах", None),
    title(N, "Памятники Елбасы по всей стране: сколько это стоит", None),
    title(N, "Назарбаев против Аблязова: история вражды", None),
    title(N, "Дарига Назарбаева и телеканалы: кто контролирует эфир", None),
    title(N, "Сколько стоит резиденция Назарбаева", None),
    title(N, "Назарбаев обещал, но не сделал: разбор речи", None),
    title(N, "Родственники Назарбаева в Швейцарии", None),
    title(N, "Назарбаев и Китай: что отдали за долги", None),
    title(N, "Почему Назарбаеву не нужны честные суды", None),
    title(N, "Окружение Назарбаева делит активы", None),
    title(N, "Закон о Елбасы: пожизненная неприкосновенность", None),
    title(N, "Назарбаев и Рахат Алиев: правда о семейной войне", None),
    // Also a keyword of a later rule: the first rule that matches wins.
    title(N, "Старик цепляется за власть: Назарбаев и его наследники", None),
    title(N, "Назарбаев боится митингов", None),
    title(N, "Фонды семьи Назарбаева и деньги от нефти", None),
    title(N, "Дарига против Токаева: борьба за трон", Some("2019-03-20")),
    title(N, "Кто заработал на ЭКСПО: семья Назарбаева", Some("2017-06-10")),
    title(N, "Назарбаев стареет, режим трещит", None),
    title(N, "Назарбаевым недовольны даже в Акорде", None),
    title(N, "Назарбаев назначил преемника без народа", Some("2019-03-19")),
    title(N, "Пожизненное содержание Назарбаева: сколько платит народ", None),
    title(N, "Имя Назарбаева на карте: переименование столицы", Some("2019-03-20")),
    title(N, "Новогоднее обращение Назарбаева: разбор обещаний", None),
    title(N, "Назарбаев в Давосе: красивые слова для Запада", None),
    title(N, "Как Назарбаев расправляется с соперниками", None),
    title(N, "Назарбаев и Совбез: пожизненный контроль над армией", Some("2018-07-05")),
    title(N, "Елбасы и его библиотека: музей при жизни", None),
    title(N, "Назарбаев снова меняет правительство", None),
    title(N, "Бизнес дочерей Назарбаева", None),
    title(N, "Назарбаев и земельная реформа: кому продают степь", Some("2016-04-01")),
    title(N, "Что Назарбаев оставит после себя", None),
    title(N, "Назарбаев и Путин: о чем договорились", None),
    title(N, "Вопрос к Назарбаеву от простого рабочего", None),
    title(N, "Преемник Назарбаева: кого готовят", None),
    title(N, "Назарбаев и свобода слова: закрытые газеты", None),
    title(N, "Елбасы и пенсионная реформа: кто заплатит", Some("2017-06-01")),
    title(N, "Почему Назарбаева не любят в регионах", None),
    title(N, "Назарбаев и его зятья: семейный бизнес", None),
    // Protests and activists.
    title(P, "Митинг в Шымкенте: полиция против мирных граждан", None),
    title(P, "Протест нефтяников в Жанаозене: годы спустя", None),
    title(P, "Десятки задержанных после акции в Караганде", None),
    title(P, "Забастовка шахтеров: люди требуют справедливости", None),
    title(P, "Как проходил митинг 10 мая", Some("2018-05-10")),
    title(P, "Одиночный пикет у акимата: задержан активист", None),
    title(P, "Протесты многодетных матерей", Some("2019-02-05")),
    title(P, "Митинги против земельной реформы", Some("2016-04-24")),
    title(P, "Акция протеста в Таразе", None),
    title(P, "Задержан за пост в Фейсбуке", None),
    title(P, "Почему люди выходят на протест", None),
    title(P, "Забастовка на месторождении: что требуют рабочие", None),
    title(P, "Мирный митинг разогнали за десять минут", None),
    title(P, "Задержаны журналисты, снимавшие акцию", None),
    title(P, "Протест против китайской экспансии", Some("2019-09-01")),
    title(P, "Что делать, если вас задержали на митинге", None),
    title(P, "Задержание поэта Рената Заитова", Some("2019-03-01")),
    // Elections and power.
    title(V, "Выборы без выбора: как считают голоса", None),
    title(V, "Первые сто дней Токаева", Some("2019-06-20")),
    title(V, "Парламент одобрил закон против свободы слова", None),
    title(V, "Кто на самом деле управляет акиматом", None),
    title(V, "Досрочные выборы президента: кто кандидаты", Some("2019-04-10")),
    title(V, "Власть боится интернета", None),
    title(V, "Токаев подписал указ: что изменится", Some("2019-03-20")),
    title(V, "Выборы в парламент: фарс или шанс", Some("2016-01-15")),
    title(V, "Акимат сносит дома жителей", None),
    title(V, "Наблюдатели на выборах: что мы увидели", None),
    title(V, "Власть и суды: кому служит закон", None),
    title(V, "Токаев и диалог с обществом: пустые слова", Some("2019-06-20")),
    title(V, "Депутаты парламента получают премии", None),
    // Economy.
    title(E, "Тенге снова падает: что делать с накоплениями", None),
    title(E, "Кредит под 50 процентов: как банки разоряют людей", None),
    title(E, "Цены на бензин растут третий месяц", None),
    title(E, "Куда уходят деньги от нефти", None),
    title(E, "Бюджет страны: дыра в миллиарды", None),
    title(E, "Зарплата учителя и зарплата чиновника", None),
    title(E, "Девальвация тенге: кто выиграл", Some("2015-08-20")),
    title(E, "Почему растут цены на хлеб", None),
    title(E, "Нефть дешевеет, народ беднеет", None),
    title(E, "Кредитная кабала: истории заемщиков", None),
    title(E, "Бюджетные деньги на ветер", None),
    title(E, "Ипотека и кредиты: молодые семьи в долгах", None),
    // Everything else.
    title(O, "Ответы на вопросы зрителей", None),
    title(O, "Интервью с политэмигрантом", None),
    title(O, "Как обойти блокировку сайтов", None),
    title(O, "Религия и государство: спор в студии", None),
    title(O, "Экология Балхаша: озеро умирает", None),
    title(O, "История казахской эмиграции", None),
    title(O, "Школьная реформа: учителя в шоке", None),
    title(O, "Беседа с правозащитником", None),
    title(O, "Смерть в армии: новые случаи дедовщины", None),
    title(O, "Китайские лагеря: рассказ очевидца", Some("2018-06-01")),
    title(O, "Переход на латиницу: зачем и кому это нужно", Some("2017-04-12")),
    title(O, "Паводки на севере страны: люди без помощи", None),
];

// ---------------------------------------------------------------------------------------------
// Channels and the paper's three real videos.

struct Channel {
    name: &'static str,
    /// Views of a top video run up to about this many.
    scale: f64,
    /// Nazarbayev videos among the channel's top 10 and among its other 4.
    nazarbayev_top: usize,
    nazarbayev_rest: usize,
}

const fn channel(name: &'static str, scale: f64, top: usize, rest: usize) -> Channel {
    Channel {
        name,
        scale,
        nazarbayev_top: top,
        nazarbayev_rest: rest,
    }
}

/// Figure 1's channels, in its order.
const CHANNELS: [Channel; 7] = [
    channel("BASE", 820_000.0, 6, 1),
    channel("Channel 16/12", 1_100_000.0, 5, 1),
    channel("LIFE KZ", 310_000.0, 6, 1),
    channel("Yermek Narymbay", 140_000.0, 6, 2),
    channel("Yerzhan Turgumbay", 95_000.0, 5, 1),
    channel("Azamat Baikenov", 210_000.0, 6, 1),
    channel("Askar Shaigumarov", 75_000.0, 6, 1),
];

const REAL_CHANNEL: &str = "Channel 16/12";

struct Real {
    published: &'static str,
    title: &'static str,
    topic: Topic,
    views: u64,
    /// Minutes from publication to the first snapshot.
    first_after: i64,
    /// Like velocity as a multiple of the fastest other video's.
    speed: f64,
}

/// In the paper's order, which is also the order of their like velocity.
const REAL: [Real; 3] = [
    Real {
        published: "2019-06-24T15:30:00",
        title: "Взрыв на складе боеприпасов в Арыси: эвакуация города",
        topic: Topic::Other,
        views: 1_138_351,
        first_after: 26 * 60 + 10,
        speed: 1.75,
    },
    Real {
        published: "2019-06-12T09:05:00",
        title: "Массовые протесты после выборов и в день инаугурации",
        topic: Topic::Protests,
        views: 964_508,
        first_after: 28 * 60 + 40,
        speed: 1.45,
    },
    Real {
        published: "2019-06-26T13:40:00",
        title: "Токаев обещает кредитную амнистию",
        topic: Topic::Elections,
        views: 702_114,
        first_after: 25 * 60 + 20,
        speed: 1.2,
    },
];

// ---------------------------------------------------------------------------------------------
// Generation.

struct Snapshot {
    at: NaiveDateTime,
    views: u64,
    likes: u64,
}

struct Video {
    channel: &'static str,
    id: String,
    published: NaiveDateTime,
    title: &'static str,
    topic: Topic,
    views: u64,
    likes: Option<u64>,
    comments: u64,
    top: bool,
    real: Option<usize>,
    snapshots: Vec<Snapshot>,
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad day {text}: {e}"))
}

fn moment(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .unwrap_or_else(|e| panic!("bad time {text}: {e}"))
}

fn rfc3339(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A publication time on a day in `from..=LAST_DAY`, in the daytime of Kazakhstan.
fn draw_time(rng: &mut Rng, from: NaiveDate) -> NaiveDateTime {
    let last = day(LAST_DAY);
    let span = (last - from).num_days() as u64;
    let date = from + Days::new(rng.below(span + 1));
    let hour = rng.between(3, 17) as u32;
    let minute = rng.below(60) as u32;
    date.and_hms_opt(hour, minute, 0).expect("a valid time")
}

fn draw_id(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    loop {
        let id: String = (0..11)
            .map(|_| char::from(ALPHABET[rng.below(64) as usize]))
            .collect();
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

/// `count` views, distinct from each other and from `taken`, log-uniform in `low..high`.
fn draw_views(
    rng: &mut Rng,
    count: usize,
    low: f64,
    high: f64,
    taken: &mut HashSet<u64>,
) -> Vec<u64> {
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let v = rng.log_uniform(low, high);
        if taken.insert(v) {
            out.push(v);
        }
    }
    out
}

/// A slot of a channel: the views it gets and whether it is about Nazarbayev.
struct Slot {
    views: u64,
    top: bool,
    nazarbayev: bool,
    real: Option<usize>,
}

fn channel_slots(rng: &mut Rng, c: &Channel) -> Vec<Slot> {
    let mut taken = HashSet::new();
    let (top_views, rest_views, real): (Vec<u64>, Vec<u64>, Vec<usize>) = if c.name == REAL_CHANNEL
    {
        for r in &REAL {
            taken.insert(r.views);
        }
        let top = draw_views(rng, TOP - REAL.len(), 480_000.0, 1_100_000.0, &mut taken);
        let rest = draw_views(rng, PER_CHANNEL - TOP, 90_000.0, 400_000.0, &mut taken);
        (top, rest, vec![0, 1, 2])
    } else {
        let top = draw_views(rng, TOP, 0.35 * c.scale, c.scale, &mut taken);
        let rest = draw_views(
            rng,
            PER_CHANNEL - TOP,
            0.1 * c.scale,
            0.3 * c.scale,
            &mut taken,
        );
        (top, rest, Vec::new())
    };
    let mut slots = Vec::new();
    for (i, r) in real.iter().enumerate() {
        slots.push(Slot {
            views: REAL[*r].views,
            top: true,
            nazarbayev: false,
            real: Some(i),
        });
    }
    let mut flags: Vec<bool> = (0..top_views.len()).map(|i| i < c.nazarbayev_top).collect();
    rng.shuffle(&mut flags);
    for (views, nazarbayev) in top_views.into_iter().zip(flags) {
        slots.push(Slot {
            views,
            top: true,
            nazarbayev,
            real: None,
        });
    }
    let mut flags: Vec<bool> = (0..rest_views.len())
        .map(|i| i < c.nazarbayev_rest)
        .collect();
    rng.shuffle(&mut flags);
    for (views, nazarbayev) in rest_views.into_iter().zip(flags) {
        slots.push(Slot {
            views,
            top: false,
            nazarbayev,
            real: None,
        });
    }
    slots
}

fn make_videos() -> Vec<Video> {
    let mut rng = Rng::stream(1);
    let mut nazarbayev: Vec<&Title> = TITLES
        .iter()
        .filter(|t| t.topic == Topic::Nazarbayev)
        .collect();
    let mut others: Vec<&Title> = TITLES
        .iter()
        .filter(|t| t.topic != Topic::Nazarbayev)
        .collect();
    rng.shuffle(&mut nazarbayev);
    rng.shuffle(&mut others);
    let mut ids = HashSet::new();
    let mut videos = Vec::new();
    for c in &CHANNELS {
        let mut channel_videos = Vec::new();
        for slot in channel_slots(&mut rng, c) {
            let id = draw_id(&mut rng, &mut ids);
            let (published, title, topic) = match slot.real {
                Some(r) => (moment(REAL[r].published), REAL[r].title, REAL[r].topic),
                None => {
                    let pool = if slot.nazarbayev {
                        &mut nazarbayev
                    } else {
                        &mut others
                    };
                    let t = pool.pop().expect("enough titles");
                    let from = t.after.map_or_else(|| day(FIRST_DAY), day);
                    (draw_time(&mut rng, from), t.text, t.topic)
                }
            };
            channel_videos.push(Video {
                channel: c.name,
                id,
                published,
                title,
                topic,
                views: slot.views,
                likes: None,
                comments: 0,
                top: slot.top,
                real: slot.real,
                snapshots: Vec::new(),
            });
        }
        channel_videos.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
        videos.extend(channel_videos);
    }
    add_engagement(&mut videos);
    videos
}

/// Likes, comments and like snapshots; the real videos' likes come last, fitted to the others.
fn add_engagement(videos: &mut [Video]) {
    let mut rng = Rng::stream(2);
    let collected = moment(COLLECTED);
    // Hidden likes: drawn among the videos outside every top 10.
    let mut rest: Vec<usize> = (0..videos.len()).filter(|&i| !videos[i].top).collect();
    rng.shuffle(&mut rest);
    let hidden: HashSet<usize> = rest.into_iter().take(HIDDEN_LIKES).collect();
    for (i, v) in videos.iter_mut().enumerate() {
        let views = v.views as f64;
        v.comments = (views * rng.uniform(0.0008, 0.006)).round() as u64;
        if v.real.is_some() || hidden.contains(&i) {
            continue;
        }
        let likes = (views * rng.uniform(0.008, 0.035)).round() as u64;
        v.likes = Some(likes);
        let first_share = rng.uniform(0.15, 0.45);
        let first_at =
            v.published + Duration::minutes(rng.between(24 * 60 + 15, 72 * 60 - 15) as i64);
        v.snapshots.push(Snapshot {
            at: first_at,
            views: ((views * first_share * rng.uniform(0.9, 1.1)).round() as u64).min(v.views),
            likes: (likes as f64 * first_share).round() as u64,
        });
        let second_at = first_at
            + Duration::days(rng.between(3, 20) as i64)
            + Duration::minutes(rng.below(24 * 60) as i64);
        if rng.chance(65) && second_at <= collected {
            let share = first_share + (1.0 - first_share) * rng.uniform(0.25, 0.7);
            let first = &v.snapshots[0];
            let snapshot = Snapshot {
                at: second_at,
                views: ((views * share).round() as u64).clamp(first.views, v.views),
                likes: ((likes as f64 * share).round() as u64).clamp(first.likes, likes),
            };
            v.snapshots.push(snapshot);
        }
    }
    let fastest = videos
        .iter()
        .filter_map(|v| {
            v.snapshots
                .first()
                .map(|s| velocity(v.published, s.at, s.likes))
        })
        .fold(0.0, f64::max);
    for v in videos.iter_mut() {
        let Some(r) = v.real else { continue };
        let real = &REAL[r];
        let first_at = v.published + Duration::minutes(real.first_after);
        let hours = real.first_after as f64 / 60.0;
        let first_likes = (fastest * real.speed * hours).ceil() as u64;
        let likes = (first_likes as f64 / 0.45).round() as u64;
        v.likes = Some(likes);
        v.snapshots.push(Snapshot {
            at: first_at,
            views: (v.views as f64 * 0.55).round() as u64,
            likes: first_likes,
        });
        v.snapshots.push(Snapshot {
            at: first_at + Duration::days(7),
            views: (v.views as f64 * 0.9).round() as u64,
            likes: (likes as f64 * 0.93).round() as u64,
        });
    }
}

fn velocity(published: NaiveDateTime, at: NaiveDateTime, likes: u64) -> f64 {
    likes as f64 / ((at - published).num_minutes() as f64 / 60.0)
}

/// Ablyazov's monthly views, June 2017 to December 2019, summing to Table 1's total.
fn make_views() -> Vec<(String, u64)> {
    let mut rng = Rng::stream(3);
    let months: Vec<String> = (0..MONTHS).map(month_label).collect();
    let lift = |label: &str| match label {
        "2018-05" => 2.6,  // the DCK's first protest, 10 May 2018
        "2018-06" => 1.15, // its aftermath
        "2019-02" => 1.22, // unrest before the resignation
        "2019-03" => 2.0,  // Nazarbayev resigns, 19 March 2019: a peak without a protest
        "2019-06" => 3.1,  // election-day and inauguration-day protests, 9-12 June 2019
        "2019-07" => 1.2,  // their aftermath
        _ => 1.0,
    };
    let weights: Vec<f64> = months
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let t = i as f64;
            let growth = 0.3 + 0.7 * (1.0 - (-t / 7.0).exp());
            let season = 1.0 + 0.07 * (std::f64::consts::TAU * (t + 2.0) / 12.0).sin();
            growth * season * rng.uniform(0.96, 1.04) * lift(label)
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut views: Vec<u64> = weights
        .iter()
        .map(|w| (w / total * ABLYAZOV_VIEWS as f64).floor() as u64)
        .collect();
    let short = ABLYAZOV_VIEWS - views.iter().sum::<u64>();
    let biggest = (0..MONTHS).max_by_key(|&i| views[i]).expect("months");
    views[biggest] += short;
    months.into_iter().zip(views).collect()
}

fn month_label(i: usize) -> String {
    let index = FIRST_MONTH.0 * 12 + FIRST_MONTH.1 as i32 - 1 + i as i32;
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}

// ---------------------------------------------------------------------------------------------
// Writing.

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, Box<dyn Error>> {
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)?)
}

fn write_videos(path: &Path, videos: &[Video]) -> Result<(), Box<dyn Error>> {
    let mut out = writer(path)?;
    out.write_record([
        "channel",
        "video_id",
        "published_at",
        "title",
        "views",
        "likes",
        "comments",
    ])?;
    for v in videos {
        out.write_record([
            v.channel,
            &v.id,
            &rfc3339(v.published),
            v.title,
            &v.views.to_string(),
            &v.likes.map(|l| l.to_string()).unwrap_or_default(),
            &v.comments.to_string(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

fn write_likes(path: &Path, videos: &[Video]) -> Result<(), Box<dyn Error>> {
    let mut out = writer(path)?;
    out.write_record(["video_id", "observed_at", "views", "likes"])?;
    for v in videos {
        for s in &v.snapshots {
            out.write_record([
                &v.id,
                &rfc3339(s.at),
                &s.views.to_string(),
                &s.likes.to_string(),
            ])?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_views(path: &Path, views: &[(String, u64)]) -> Result<(), Box<dyn Error>> {
    let mut out = writer(path)?;
    out.write_record(["channel", "period", "views"])?;
    for (period, n) in views {
        out.write_record([ABLYAZOV, period, &n.to_string()])?;
    }
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Verification: everything is read back from the written files.

fn read_rows(path: &Path, header: &[&str]) -> Result<Vec<Vec<String>>, Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let got: Vec<&str> = reader.headers()?.iter().collect();
    assert_eq!(got, header, "{}: header", path.display());
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record?.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

fn parse_utc(text: &str) -> NaiveDateTime {
    assert!(text.ends_with('Z'), "{text}: not written in UTC with Z");
    let at = DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(at.offset().local_minus_utc(), 0, "{text}: not UTC");
    at.naive_utc()
}

fn number(text: &str, what: &str) -> u64 {
    text.parse()
        .unwrap_or_else(|e| panic!("{what}: {text:?} is not a whole number: {e}"))
}

fn words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn has_prefix(words: &[String], prefixes: &[&str]) -> bool {
    words
        .iter()
        .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
}

/// The topic the report's rules give, by prefixes of the lowercase title words.
fn classify(title: &str) -> Topic {
    let words = words(title);
    TOPIC_STEMS
        .iter()
        .find(|(_, stems)| has_prefix(&words, stems))
        .map_or(Topic::Other, |(topic, _)| *topic)
}

struct Row {
    channel: String,
    id: String,
    published: NaiveDateTime,
    title: String,
    views: u64,
    likes: Option<u64>,
}

fn verify_videos(path: &Path, planned: &[Video]) -> Result<Vec<Row>, Box<dyn Error>> {
    let header = [
        "channel",
        "video_id",
        "published_at",
        "title",
        "views",
        "likes",
        "comments",
    ];
    let rows = read_rows(path, &header)?;
    assert_eq!(rows.len(), CHANNELS.len() * PER_CHANNEL, "number of videos");
    let (first, last) = (day(FIRST_DAY), day(LAST_DAY));
    let mut ids = HashSet::new();
    let mut titles = HashSet::new();
    let mut out = Vec::new();
    for (r, plan) in rows.iter().zip(planned) {
        let row = Row {
            channel: r[0].clone(),
            id: r[1].clone(),
            published: parse_utc(&r[2]),
            title: r[3].clone(),
            views: number(&r[4], "views"),
            likes: (!r[5].is_empty()).then(|| number(&r[5], "likes")),
        };
        let comments = number(&r[6], "comments");
        let id_ok = row.id.len() == 11
            && row
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        assert!(id_ok, "{}: not a YouTube-like id", row.id);
        assert!(ids.insert(row.id.clone()), "video id {} repeated", row.id);
        assert!(
            titles.insert(row.title.clone()),
            "title {:?} repeated",
            row.title
        );
        let date = row.published.date();
        assert!(
            first <= date && date <= last,
            "{}: published {date}",
            row.id
        );
        assert!(
            row.title
                .chars()
                .any(|c| ('\u{0400}'..='\u{04ff}').contains(&c)),
            "{:?} is not Cyrillic",
            row.title
        );
        if let Some(likes) = row.likes {
            assert!(
                likes * 10 <= row.views,
                "{}: {likes} likes for {} views",
                row.id,
                row.views
            );
        }
        assert!(
            comments * 50 <= row.views,
            "{}: {comments} comments",
            row.id
        );
        let words = words(&row.title);
        let got = classify(&row.title);
        assert_eq!(got, plan.topic, "{:?}: topic", row.title);
        if got == Topic::Nazarbayev {
            assert!(
                has_prefix(&words, NAZARBAYEV_MARKS),
                "{:?}: no Nazarbayev word",
                row.title
            );
        } else {
            assert!(
                !has_prefix(&words, NAZARBAYEV_EXCLUDED),
                "{:?}: a Nazarbayev prefix",
                row.title
            );
        }
        out.push(row);
    }
    Ok(out)
}

/// The top-10 rows of each channel, and the Nazarbayev count among them.
fn verify_tops(rows: &[Row]) -> (HashSet<String>, usize, Vec<(String, usize)>) {
    let mut top_ids = HashSet::new();
    let mut per_channel = Vec::new();
    for c in &CHANNELS {
        let mut mine: Vec<&Row> = rows.iter().filter(|r| r.channel == c.name).collect();
        assert_eq!(mine.len(), PER_CHANNEL, "{}: videos", c.name);
        let distinct: HashSet<u64> = mine.iter().map(|r| r.views).collect();
        assert_eq!(distinct.len(), PER_CHANNEL, "{}: tied views", c.name);
        mine.sort_by_key(|r| std::cmp::Reverse(r.views));
        let top = &mine[..TOP];
        let nazarbayev = top
            .iter()
            .filter(|r| classify(&r.title) == Topic::Nazarbayev)
            .count();
        assert_eq!(
            nazarbayev, c.nazarbayev_top,
            "{}: Nazarbayev videos in the top 10",
            c.name
        );
        top_ids.extend(top.iter().map(|r| r.id.clone()));
        per_channel.push((c.name.to_owned(), nazarbayev));
    }
    let total = per_channel.iter().map(|(_, n)| n).sum();
    assert_eq!(total, TOP_NAZARBAYEV, "Nazarbayev videos among the top 10s");
    assert!(
        (total as f64 / (TOP * CHANNELS.len()) as f64 * 100.0).round() == 57.0,
        "the share does not round to 57%"
    );
    (top_ids, total, per_channel)
}

fn verify_real(rows: &[Row], top_ids: &HashSet<String>) -> Vec<String> {
    REAL.iter()
        .map(|real| {
            let row = rows
                .iter()
                .find(|r| r.title == real.title)
                .unwrap_or_else(|| panic!("real video {:?} missing", real.title));
            assert_eq!(row.channel, REAL_CHANNEL, "{:?}: channel", real.title);
            assert_eq!(
                row.published,
                moment(real.published),
                "{:?}: date",
                real.title
            );
            assert_eq!(row.views, real.views, "{:?}: views", real.title);
            assert!(
                top_ids.contains(&row.id),
                "{:?}: not in the top 10",
                real.title
            );
            assert_ne!(
                classify(&row.title),
                Topic::Nazarbayev,
                "{:?}: topic",
                real.title
            );
            assert!(row.likes.is_some(), "{:?}: likes hidden", real.title);
            row.id.clone()
        })
        .collect()
}

/// Like velocities per hour with video ids, fastest first.
type Velocities = Vec<(f64, String)>;

/// The like velocities, and the number of videos with hidden likes.
fn verify_likes(path: &Path, rows: &[Row]) -> Result<(Velocities, usize), Box<dyn Error>> {
    let snapshots = read_rows(path, &["video_id", "observed_at", "views", "likes"])?;
    let by_id: HashMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut seen: HashMap<String, Vec<(NaiveDateTime, u64, u64)>> = HashMap::new();
    for s in &snapshots {
        let row = by_id
            .get(s[0].as_str())
            .unwrap_or_else(|| panic!("snapshot of unknown video {}", s[0]));
        let likes = row
            .likes
            .unwrap_or_else(|| panic!("{}: snapshot of hidden likes", row.id));
        let (views_then, likes_then) = (number(&s[2], "views"), number(&s[3], "likes"));
        assert!(
            views_then <= row.views && likes_then <= likes,
            "{}: snapshot above totals",
            row.id
        );
        seen.entry(s[0].clone())
            .or_default()
            .push((parse_utc(&s[1]), views_then, likes_then));
    }
    let mut velocities = Vec::new();
    for row in rows.iter().filter(|r| r.likes.is_some()) {
        let list = seen
            .get(&row.id)
            .unwrap_or_else(|| panic!("{}: no snapshot", row.id));
        assert!(
            (1..=2).contains(&list.len()),
            "{}: {} snapshots",
            row.id,
            list.len()
        );
        let hours = (list[0].0 - row.published).num_minutes() as f64 / 60.0;
        assert!(
            (24.0..=72.0).contains(&hours),
            "{}: first snapshot at {hours} h",
            row.id
        );
        if let [a, b] = list.as_slice() {
            assert!(
                a.0 + Duration::days(1) < b.0 && a.1 <= b.1 && a.2 <= b.2,
                "{}: snapshots",
                row.id
            );
        }
        velocities.push((list[0].2 as f64 / hours, row.id.clone()));
    }
    let hidden = rows.iter().filter(|r| r.likes.is_none()).count();
    velocities.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok((velocities, hidden))
}

/// Medians of the window centred on each month: (lower middle, median, upper middle).
fn window_medians(views: &[u64], i: usize) -> (f64, f64, f64) {
    let half = PEAK_WINDOW / 2;
    let mut window: Vec<u64> =
        views[i.saturating_sub(half)..(i + half + 1).min(views.len())].to_vec();
    window.sort_unstable();
    let n = window.len();
    let (low, high) = (window[(n - 1) / 2] as f64, window[n / 2] as f64);
    (low, (low + high) / 2.0, high)
}

fn verify_views(path: &Path) -> Result<Vec<(String, f64)>, Box<dyn Error>> {
    let rows = read_rows(path, &["channel", "period", "views"])?;
    assert_eq!(rows.len(), MONTHS, "months of views");
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], ABLYAZOV, "views channel");
        assert_eq!(r[1], month_label(i), "month {i}");
    }
    let views: Vec<u64> = rows.iter().map(|r| number(&r[2], "views")).collect();
    let total: u64 = views.iter().sum();
    assert_eq!(
        total, ABLYAZOV_VIEWS,
        "Ablyazov's views do not sum to Table 1's"
    );
    let mut peaks = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let (low, median, high) = window_medians(&views, i);
        let v = views[i] as f64;
        let ratio = v / median;
        let planted = PEAK_MONTHS.contains(&r[1].as_str());
        assert_eq!(
            v > PEAK_FACTOR * median,
            planted,
            "{}: views {v}, {ratio:.2} x median",
            r[1]
        );
        // Whatever median an even window takes, the verdict stays, with room to spare.
        if planted {
            assert!(v > 1.6 * high, "{}: peak too close to the rule", r[1]);
            peaks.push((r[1].clone(), ratio));
        } else {
            assert!(v < 1.4 * low, "{}: non-peak too close to the rule", r[1]);
        }
    }
    Ok(peaks)
}

// ---------------------------------------------------------------------------------------------

fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let videos = make_videos();
    let views = make_views();
    let paths = [VIDEOS, LIKES, VIEWS].map(|p| root.join(p));
    let drafts = paths.clone().map(|p| p.with_extension("csv.tmp"));
    std::fs::create_dir_all(paths[0].parent().ok_or("the output has no directory")?)?;
    write_videos(&drafts[0], &videos)?;
    write_likes(&drafts[1], &videos)?;
    write_views(&drafts[2], &views)?;

    let rows = verify_videos(&drafts[0], &videos)?;
    let (top_ids, nazarbayev, per_channel) = verify_tops(&rows);
    let real_ids = verify_real(&rows, &top_ids);
    let (velocities, hidden) = verify_likes(&drafts[1], &rows)?;
    assert_eq!(hidden, HIDDEN_LIKES, "videos with hidden likes");
    assert!(
        rows.iter()
            .all(|r| r.likes.is_some() || !top_ids.contains(&r.id)),
        "a top-10 video has hidden likes"
    );
    let fastest: Vec<&str> = velocities.iter().take(3).map(|v| v.1.as_str()).collect();
    assert_eq!(
        fastest, real_ids,
        "the three fastest videos are not the paper's, in order"
    );
    for w in velocities[..4].windows(2) {
        assert!(
            w[0].0 >= 1.1 * w[1].0,
            "like velocities too close: {} vs {}",
            w[0].0,
            w[1].0
        );
    }
    let peaks = verify_views(&drafts[2])?;
    for (draft, path) in drafts.iter().zip(&paths) {
        std::fs::rename(draft, path)?;
    }

    let mut topics: Vec<(Topic, usize, usize)> = Vec::new();
    for topic in [
        Topic::Nazarbayev,
        Topic::Protests,
        Topic::Elections,
        Topic::Economy,
        Topic::Other,
    ] {
        let all = rows.iter().filter(|r| classify(&r.title) == topic).count();
        let top = rows
            .iter()
            .filter(|r| top_ids.contains(&r.id) && classify(&r.title) == topic)
            .count();
        topics.push((topic, top, all));
    }
    let years: BTreeSet<i32> = rows.iter().map(|r| r.published.year()).collect();
    eprintln!(
        "videos: {} in {} channels, published {:?}; top {TOP} per channel: {nazarbayev}/{} about Nazarbayev ({:.1}%)",
        rows.len(),
        CHANNELS.len(),
        years,
        top_ids.len(),
        nazarbayev as f64 / top_ids.len() as f64 * 100.0
    );
    let shown: Vec<String> = per_channel
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    eprintln!("  Nazarbayev in each top 10: {}", shown.join(", "));
    let shown: Vec<String> = topics
        .iter()
        .map(|(t, top, all)| format!("{} {top}/{all}", t.name()))
        .collect();
    eprintln!("  topics (top 10s / all): {}", shown.join(", "));
    eprintln!("  hidden likes: {hidden} videos, none in a top 10");
    let shown: Vec<String> = velocities
        .iter()
        .take(4)
        .map(|(v, id)| {
            let title = &rows.iter().find(|r| &r.id == id).expect("a row").title;
            format!("{v:.1}/h {id} {title:?}")
        })
        .collect();
    eprintln!("  fastest likes: {}", shown.join("; "));
    let shown: Vec<String> = peaks
        .iter()
        .map(|(m, r)| format!("{m} ({r:.2} x median)"))
        .collect();
    eprintln!(
        "views: {MONTHS} months of {ABLYAZOV}, total {ABLYAZOV_VIEWS}; peaks: {}",
        shown.join(", ")
    );
    eprintln!(
        "wrote {VIDEOS}, {LIKES}, {VIEWS} in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
