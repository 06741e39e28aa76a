//! Writes `data/corpus/posts.csv`: a SYNTHETIC corpus of 5,672 short English "posts", dated
//! 2017-04-01 to 2019-12-31, for demonstrating and testing mobilize's text stages.
//!
//! Run it with `cargo run --release --example make-demo-corpus` (no arguments).
//!
//! Why it exists: the paper's corpus (Mukhtar Ablyazov's Facebook posts, machine-translated from
//! Russian into English) is not public, so the report's term, n-gram, association, collocation
//! and clustering stages need a stand-in on which their output can be checked against the
//! paper's published figures. Reproducing those figures on this file checks the pipeline, not
//! the paper.
//!
//! Why it is shaped so:
//! - Every controlled word (the stems of Table 3, Table 4 and footnote 2, and a few more) occurs
//!   only inside a planted "unit" ("the Nazarbayev regime", "will", "mass protests", ...), and
//!   units are always separated by at least one filler word that is neither a stopword nor stems
//!   to a controlled stem. With the paper's pipeline (split on non-letters, lowercase, drop the
//!   stopwords of `data/stopwords/en.txt`, stem with Snowball English) no occurrence and no
//!   bigram of a controlled stem can arise that was not planned, so Tables 3 and 4 come out
//!   exactly.
//! - Posts are drawn into 11 topics of Table 5's sizes; each topic uses its Table 5 top words
//!   prominently, plus its own filler vocabulary, so that a Ward clustering can find them.
//! - "billion" and "support" are placed by a deterministic search so that their correlations
//!   with "nazarbayev" and "dck" come out as in section 4 of the paper.
//! - A small self-written generator (splitmix64, fixed seed) drives every choice, so the file is
//!   identical byte for byte on every run and does not change with crate versions.
//! - The file is written under a temporary name, read back through the pipeline and verified;
//!   only then is it moved into place. A missed exact target panics with a message.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use rust_stemmers::{Algorithm, Stemmer};

const SEED: u64 = 0x6d6f_6269_6c69_7a65; // "mobilize"
const TOPICS: usize = 11;
const OUTPUT: &str = "data/corpus/posts.csv";

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64, written out so that the stream never depends on a crate version.

struct Rng(u64);

impl Rng {
    /// An independent stream for each stage, so that changing one stage leaves the others alone.
    fn stream(stage: u64) -> Rng {
        Rng(SEED ^ stage.wrapping_mul(0xa076_1d64_78bd_642f))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn between(&mut self, (low, high): (usize, usize)) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, permille: u32) -> bool {
        self.below(1000) < permille as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    /// `k` distinct items of `items`, in random order.
    fn sample(&mut self, mut items: Vec<usize>, k: usize) -> Vec<usize> {
        assert!(k <= items.len(), "cannot draw {k} of {} posts", items.len());
        for i in 0..k {
            let j = i + self.below(items.len() - i);
            items.swap(i, j);
        }
        items.truncate(k);
        items
    }
}

// ---------------------------------------------------------------------------------------------
// The analysis pipeline, as the paper describes it.

struct Pipeline {
    stopwords: HashSet<String>,
    stemmer: Stemmer,
}

impl Pipeline {
    fn load(root: &Path) -> Pipeline {
        let path = root.join("data/stopwords/en.txt");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let stopwords = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        Pipeline {
            stopwords,
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(&word.to_ascii_lowercase())
    }

    /// The kept stems of a text, in order.
    fn terms(&self, text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| !word.is_empty())
            .map(str::to_ascii_lowercase)
            .filter(|word| !self.stopwords.contains(word))
            .map(|word| self.stemmer.stem(&word).into_owned())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Units: the only places where controlled stems occur.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A noun phrase, written in a noun slot.
    Noun,
    /// An adjective, written in a noun slot and followed by a filler noun.
    Adj,
    /// The modal "will", written after a filler noun and before a verb.
    Modal,
    /// "Nazarbayev will", opening a sentence.
    Subject,
    /// A verb phrase ("go to protest"), written after "we", "they" or a filler noun.
    Verb,
}

struct Unit {
    name: &'static str,
    kind: Kind,
    /// Surface forms; all of them give the same stems (checked at start).
    variants: &'static [&'static str],
}

const fn unit(name: &'static str, kind: Kind, variants: &'static [&'static str]) -> Unit {
    Unit {
        name,
        kind,
        variants,
    }
}

#[rustfmt::skip]
const UNITS: &[Unit] = &[
    // The bigrams of Table 4.
    unit("nazarbayev regime", Kind::Noun, &["the Nazarbayev regime", "Nazarbayev regime"]),
    unit("human rights", Kind::Noun, &["human rights"]),
    unit("nursultan nazarbayev", Kind::Noun, &["Nursultan Nazarbayev"]),
    unit("people of kazakhstan", Kind::Noun, &["the people of Kazakhstan", "people of Kazakhstan"]),
    unit("old man", Kind::Noun, &["the old man"]),
    unit("democratic choice", Kind::Noun, &["Democratic Choice", "the Democratic Choice"]),
    unit("democratic choice of kazakhstan", Kind::Noun, &["the Democratic Choice of Kazakhstan"]),
    unit("whole country", Kind::Noun, &["the whole country"]),
    unit("support for dck", Kind::Noun, &["support for the DCK", "support for DCK"]),
    unit("nazarbayev will", Kind::Subject, &["Nazarbayev will"]),
    unit("nazarbayev family", Kind::Noun, &["the Nazarbayev family", "Nazarbayev family"]),
    // The collocates of "protest" in footnote 2.
    unit("go protest", Kind::Verb, &["go to protest", "go out to protest"]),
    unit("protest protest", Kind::Noun, &["protest, protest"]),
    unit("mass protest", Kind::Noun, &["mass protests", "a mass protest"]),
    unit("peaceful protest", Kind::Noun, &["peaceful protest", "a peaceful protest"]),
    unit("hold protest", Kind::Verb, &["hold protests", "hold a protest"]),
    unit("liberal protest", Kind::Noun, &["liberal protest", "the liberal protest"]),
    unit("come protest", Kind::Verb, &["come to protest", "come out to protest"]),
    unit("organize protest", Kind::Verb, &["organize protests"]),
    unit("held protest", Kind::Verb, &["held a protest"]),
    unit("lite protest", Kind::Noun, &["lite protest", "a lite protest"]),
    // Single controlled words.
    unit("nazarbayev", Kind::Noun, &["Nazarbayev"]),
    unit("country", Kind::Noun, &["the country", "our country", "this country"]),
    unit("will", Kind::Modal, &["will"]),
    unit("people", Kind::Noun, &["people", "the people", "our people"]),
    unit("kazakhstan", Kind::Noun, &["Kazakhstan"]),
    unit("protest", Kind::Noun, &["the protest", "protests", "a protest"]),
    unit("regime", Kind::Noun, &["the regime"]),
    unit("man", Kind::Noun, &["a man", "the man"]),
    unit("old", Kind::Adj, &["old", "the old"]),
    unit("human", Kind::Adj, &["human"]),
    unit("rights", Kind::Noun, &["rights", "the right"]),
    unit("family", Kind::Noun, &["the family", "his family"]),
    unit("whole", Kind::Adj, &["the whole"]),
    unit("democratic", Kind::Adj, &["democratic"]),
    unit("choice", Kind::Noun, &["a choice", "the choice"]),
    unit("dck", Kind::Noun, &["the DCK", "DCK"]),
    unit("support", Kind::Noun, &["support", "our support"]),
    unit("billion", Kind::Noun, &["a billion", "billions"]),
];

fn unit_id(name: &str) -> usize {
    UNITS
        .iter()
        .position(|u| u.name == name)
        .unwrap_or_else(|| panic!("no unit named {name:?}"))
}

// ---------------------------------------------------------------------------------------------
// Sentence frames. `$N` noun slot (may take a noun unit), `$n` noun (may take a topic word),
// `$f` plain filler noun, `$a` adjective, `$v` verb (third person), `$b` verb (base form),
// `$W` "will", `$S` "Nazarbayev will", `$P` a verb unit. Every other word is a stopword, so it
// does not separate two kept words; every frame ends in a filler slot, so a sentence never
// begins next to a unit of the sentence before.

const NORMAL_FRAMES: &[&str] = &[
    "$N $v the $a $n.",
    "$N $v $N in the $n.",
    "The $a $f $v $N for the $n.",
    "We $b $N and the $n.",
    "They $b the $n of $N against the $n.",
    "$N is $a, and $N $v the $n.",
    "Against $N, we $b the $a $n.",
    "The $n of $N $v $N with the $n.",
    "Our $n $v $N, not the $n.",
    "$N and $N $b the $n.",
    "All $n $b $N about the $n.",
    "$N $v $N, and the $n $v $n.",
];
const MODAL_FRAMES: &[&str] = &[
    "The $a $f $W $b $N in the $n.",
    "Then the $f $W $b the $n.",
    "$N $v that the $f $W $b the $n.",
];
const SUBJECT_FRAMES: &[&str] = &[
    "$S $b $N with the $n.",
    "$S $b the $a $n.",
    "$S not $b the $n.",
];
const VERB_FRAMES: &[&str] = &[
    "We $P against $N in the $n.",
    "The $f and the $f $P in the $n.",
    "They $P, and $N $v the $n.",
];

// ---------------------------------------------------------------------------------------------
// Vocabulary. No word here may be a stopword or stem to a controlled stem, and the shared words
// may not stem like a topic's own words (all checked at start).

#[rustfmt::skip]
const GENERIC_NOUNS: &[&str] = &[
    "government", "official", "minister", "akimat", "police", "journalist", "blogger", "video",
    "channel", "message", "crisis", "economy", "corruption", "school", "hospital", "village",
    "city", "street", "square", "meeting", "citizen", "truth", "lie", "fear", "hope", "future",
    "history", "state", "nation", "society", "reform", "decision", "decree", "deputy", "akim",
    "mayor", "governor", "army", "soldier", "border", "land", "farmer", "worker", "miner",
    "teacher", "doctor", "student", "mother", "child", "generation", "bribe", "scandal", "news",
    "interview", "article", "comment", "friend", "enemy", "traitor", "propaganda", "censorship",
    "media", "television", "newspaper", "internet", "phone", "speech", "promise", "threat",
    "dictator", "dictatorship", "clan", "elite", "oligarch", "property", "palace", "capital",
    "district", "factory", "mine", "railway", "road", "bridge", "water", "gas", "electricity",
    "winter", "summer", "morning", "evening", "week", "year", "hour", "story", "question",
    "answer", "problem", "reason", "result", "goal", "plan", "idea", "dream", "victory",
    "defeat", "struggle", "battle", "resistance", "opposition", "movement", "revolution",
    "justice", "dignity", "honor", "shame", "poverty", "hunger", "wealth",
];
#[rustfmt::skip]
const GENERIC_VERBS: &[&str] = &[
    "demand", "arrest", "steal", "hide", "betray", "destroy", "control", "rob", "silence",
    "deceive", "ignore", "threaten", "punish", "blame", "expose", "accuse", "condemn", "attack",
    "oppress", "fight", "resist", "reject", "fail", "lose", "build", "close", "ban", "watch",
    "share", "read", "write", "believe", "remember", "forget", "understand", "expect", "answer",
    "promise", "suffer", "survive", "escape", "leave", "return", "prepare", "announce", "report",
    "publish", "discuss", "explain", "question", "intimidate", "sell", "buy", "pay", "rule",
    "govern", "serve", "protect", "save", "unite", "awaken", "inspire", "mobilize", "weaken",
    "cheat", "lead", "follow", "warn", "deserve", "hear", "see", "tell", "show", "call", "ask",
    "deny",
];
#[rustfmt::skip]
const GENERIC_ADJECTIVES: &[&str] = &[
    "corrupt", "brutal", "honest", "brave", "poor", "rich", "angry", "silent", "ordinary",
    "simple", "true", "false", "real", "huge", "small", "dark", "strong", "weak", "cruel",
    "shameful", "stolen", "hungry", "tired", "young", "modern", "independent", "national",
    "local", "foreign", "secret", "public", "private", "political", "economic", "social", "legal",
    "illegal", "unfair", "dangerous", "terrible", "great", "last", "next", "long", "bitter",
    "loyal", "frightened", "united", "endless", "empty",
];

/// The slot a topic word is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pos {
    N,
    A,
    V,
}

use Pos::{A, N, V};

/// One of Table 5's clusters, as this generator writes it.
struct Topic {
    size: usize,
    /// Sentences a post has at least (more if its planted material needs them).
    sentences: (usize, usize),
    /// Permille of filler draws taken from the topic's own nouns and verbs.
    own_share: u32,
    /// Table 5's top words (surface forms that stem to them), each with its slot and the
    /// permille of the topic's posts that use it.
    keywords: &'static [(&'static str, Pos, u32)],
    nouns: &'static [&'static str],
    verbs: &'static [&'static str],
}

#[rustfmt::skip]
const TOPIC_PLAN: [Topic; TOPICS] = [
    // 1: repression and protest, the bulk of the posts.
    Topic {
        size: 4570, sentences: (2, 4), own_share: 350,
        keywords: &[
            ("prison", N, 120), ("day", N, 115), ("Tokayev", N, 110), ("action", N, 105),
            ("Astana", N, 100), ("Kazakh", N, 95), ("China", N, 90), ("Russia", N, 85),
        ],
        nouns: &[
            "rally", "detention", "riot", "crowd", "march", "Almaty", "Shymkent", "Karaganda",
            "picket", "inmate", "guard", "embassy", "sanction", "Moscow", "Beijing", "Uighur",
            "camp", "Akorda", "colony", "convoy", "baton", "shield", "repression", "crackdown",
            "checkpoint", "fine", "van", "hostility", "detainment", "Taraz", "Aktobe", "Pavlodar",
            "Semey", "Zhanaozen", "Kostanay", "Uralsk", "Kyzylorda", "warden", "cellmate",
            "parole", "surveillance", "informer", "provocateur",
        ],
        verbs: &[
            "disperse", "jail", "beat", "surround", "chant", "persecute", "shout", "torment",
            "gather", "sentence", "interrogate", "search", "film", "stream", "raid", "expel",
            "block", "cordon", "release", "summon",
        ],
    },
    // 2: money.
    Topic {
        size: 139, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("bank", N, 700), ("tenge", N, 650), ("dollars", N, 550), ("budget", N, 500),
            ("month", N, 450), ("million", N, 420), ("average", A, 380), ("salary", N, 360),
        ],
        nouns: &[
            "pension", "loan", "debt", "tax", "fund", "price", "inflation", "wage", "deposit",
            "credit", "currency", "ruble", "account", "offshore", "payment", "mortgage", "profit",
            "income", "devaluation", "treasury",
        ],
        verbs: &[
            "spend", "borrow", "transfer", "withdraw", "owe", "cost", "earn", "invest", "devalue",
            "embezzle",
        ],
    },
    // 3: spam-like posts of names, VPNs and casinos.
    Topic {
        size: 391, sentences: (2, 3), own_share: 700,
        keywords: &[
            ("Orevoir", N, 520), ("VPN", N, 500), ("Diakovski", N, 480), ("Vyacheslav", N, 460),
            ("Jezcazgan", N, 440), ("Casine", N, 420), ("Esimov", N, 400), ("Samruk", N, 380),
            ("Gennadigon", N, 360), ("Hralyam", N, 340),
        ],
        nouns: &[
            "app", "link", "server", "access", "bonus", "jackpot", "login", "password", "proxy",
            "site", "mirror", "promo", "code", "winner", "prize", "ticket", "subscription",
            "roulette",
        ],
        verbs: &[
            "download", "install", "click", "connect", "unblock", "bypass", "register", "visit",
            "subscribe", "spin",
        ],
    },
    // 4: the old man and the elixir of youth.
    Topic {
        size: 41, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("gone", A, 600), ("youth", N, 580), ("new", A, 560), ("elixir", N, 540),
            ("far away", N, 500), ("quote", V, 480), ("invent", V, 460), ("sign", N, 440),
        ],
        nouns: &[
            "potion", "immortality", "pill", "legend", "miracle", "age", "birthday", "longevity",
            "grandson", "heir", "throne", "retirement", "portrait", "anecdote", "joke",
        ],
        verbs: &["outlive", "retire", "cling", "drink", "swallow", "fade"],
    },
    // 5: organising for the DCK.
    Topic {
        size: 206, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("party", N, 600), ("activists", N, 560), ("ranks", N, 500), ("join", V, 480),
            ("leaflets", N, 450), ("cell", N, 420), ("members", N, 400),
        ],
        nouns: &[
            "volunteer", "chat", "Telegram", "coordinator", "recruit", "sticker", "poster",
            "courier", "underground", "headquarters", "banner", "slogan", "flyer",
        ],
        verbs: &["recruit", "distribute", "print", "gather", "coordinate", "spread", "enroll"],
    },
    // 6: elections.
    Topic {
        size: 125, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("elections", N, 650), ("president", N, 600), ("Kosanov", N, 550),
            ("candidate", N, 500), ("parliamentary", A, 450), ("power", N, 420),
            ("presidential", A, 400), ("parliament", N, 380), ("vote", V, 360), ("fair", A, 340),
        ],
        nouns: &[
            "ballot", "station", "observer", "commission", "turnout", "fraud", "campaign",
            "boycott", "recount", "precinct", "mandate", "seat", "nominee",
        ],
        verbs: &["rig", "falsify", "count", "nominate", "observe"],
    },
    // 7: human rights and the courts.
    Topic {
        size: 61, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("Kazakhstani", A, 500), ("know", V, 450), ("defend", V, 430), ("freedom", N, 410),
            ("law", N, 390), ("court", N, 370), ("world", N, 350),
        ],
        nouns: &[
            "torture", "lawyer", "prisoner", "detainee", "verdict", "judge", "convention",
            "ombudsman", "asylum", "persecution", "dissident", "conscience", "tribunal",
        ],
        verbs: &["violate", "guarantee", "appeal", "sentence", "testify"],
    },
    // 8: oil money abroad.
    Topic {
        size: 47, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("million", N, 600), ("oil", N, 580), ("Dubai", N, 540), ("produce", V, 500),
            ("tons", N, 470), ("total", A, 440), ("region", N, 420), ("Emirates", N, 400),
            ("Atyrau", N, 380), ("per ton", N, 360),
        ],
        nouns: &[
            "barrel", "export", "field", "pipeline", "revenue", "refinery", "Tengiz", "Kashagan",
            "tanker", "villa", "sheikh", "gold", "diamond", "contract",
        ],
        verbs: &["pump", "refine", "extract", "smuggle", "launder", "ship"],
    },
    // 9: Dariga Nazarbayeva and the nuclear plant.
    Topic {
        size: 23, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("Nazarbayeva", N, 850), ("Dariga", N, 850), ("HansTV", N, 700),
            ("president", N, 600), ("Horr", N, 600), ("Kulyakh", N, 550), ("atomic", A, 500),
        ],
        nouns: &[
            "daughter", "senate", "speaker", "plant", "reactor", "heiress", "dynasty",
            "succession", "broadcaster", "son",
        ],
        verbs: &["inherit", "broadcast", "succeed"],
    },
    // 10: a survey on change.
    Topic {
        size: 45, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("change", V, 600), ("need", V, 560), ("survey", N, 520), ("realize", V, 480),
            ("power", N, 450), ("push", V, 420), ("respond", V, 400), ("able", A, 380),
            ("system", N, 360),
        ],
        nouns: &[
            "poll", "opinion", "percent", "majority", "questionnaire", "sociologist",
            "transition", "mood", "trust",
        ],
        verbs: &["prefer", "doubt", "desire", "hesitate"],
    },
    // 11: free Evgeny Kravets.
    Topic {
        size: 24, sentences: (2, 4), own_share: 600,
        keywords: &[
            ("free", A, 850), ("Eugene", N, 750), ("Kravets", N, 750),
            ("schoolchildren", N, 650), ("Evgeny", N, 650),
        ],
        nouns: &[
            "strike", "extradition", "Kiev", "Ukraine", "solidarity", "letter", "hostage",
            "lawyer", "prisoner", "release",
        ],
        verbs: &["release", "extradite"],
    },
];

fn third_person(base: &str) -> String {
    let stem = &base[..base.len() - 1];
    if base.ends_with('y') && !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
        format!("{stem}ies")
    } else if base.ends_with(['s', 'x', 'z']) || base.ends_with("sh") || base.ends_with("ch") {
        format!("{base}es")
    } else {
        format!("{base}s")
    }
}

// ---------------------------------------------------------------------------------------------
// The plan: which units and topic words each post receives.

/// Table 4 (or part of one of its rows): `count` occurrences of `unit`, in `quota[t]` posts of
/// topic `t` that do not yet contain the bigram `key`.
struct Planted {
    key: &'static str,
    unit: &'static str,
    count: u32,
    quota: [usize; TOPICS],
}

const fn planted(
    key: &'static str,
    unit: &'static str,
    count: u32,
    quota: [usize; TOPICS],
) -> Planted {
    Planted {
        key,
        unit,
        count,
        quota,
    }
}

#[rustfmt::skip]
const TABLE4_PLAN: &[Planted] = &[
    planted("nazarbayev regim", "nazarbayev regime", 126, [90, 12, 0, 0, 6, 6, 4, 0, 0, 4, 2]),
    planted("human right", "human rights", 121, [14, 3, 0, 0, 10, 8, 55, 0, 0, 3, 4]),
    planted("nursultan nazarbayev", "nursultan nazarbayev", 56, [40, 4, 0, 0, 2, 4, 0, 0, 2, 2, 0]),
    planted("peopl kazakhstan", "people of kazakhstan", 56, [40, 2, 0, 0, 6, 2, 2, 0, 0, 0, 2]),
    planted("old man", "old man", 52, [11, 0, 0, 41, 0, 0, 0, 0, 0, 0, 0]),
    planted("democrat choic", "democratic choice of kazakhstan", 20, [6, 0, 0, 0, 12, 0, 0, 0, 0, 0, 2]),
    planted("democrat choic", "democratic choice", 31, [12, 0, 0, 0, 18, 0, 0, 0, 0, 0, 1]),
    planted("whole countri", "whole country", 49, [36, 2, 0, 0, 0, 2, 5, 0, 0, 2, 0]),
    planted("support dck", "support for dck", 51, [10, 0, 0, 0, 32, 0, 0, 0, 0, 0, 4]),
    planted("nazarbayev will", "nazarbayev will", 49, [34, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0]),
    planted("nazarbayev famili", "nazarbayev family", 47, [26, 10, 0, 0, 2, 0, 0, 0, 8, 0, 0]),
];

/// Footnote 2: the collocates of "protest" (stems, unit), each in this many posts, once a
/// post, in the footnote's order; all below the 46 posts of Table 4's last row.
const COLLOCATES: &[(&str, &str, usize)] = &[
    ("go protest", "go protest", 45),
    ("protest protest", "protest protest", 42),
    ("mass protest", "mass protest", 39),
    ("peac protest", "peaceful protest", 36),
    ("hold protest", "hold protest", 33),
    ("liber protest", "liberal protest", 30),
    ("come protest", "come protest", 28),
    ("organ protest", "organize protest", 26),
    ("held protest", "held protest", 24),
    ("lite protest", "lite protest", 22),
];

/// Table 3: a single word brought to exactly `count` occurrences in `support` posts. For
/// topics 2 to 11, `rates[t]` is the permille of the topic's posts that should contain it;
/// topic 1 takes the rest.
struct Term {
    unit: &'static str,
    count: u32,
    support: usize,
    rates: [u32; TOPICS],
}

#[rustfmt::skip]
const TABLE3_PLAN: &[Term] = &[
    Term { unit: "nazarbayev", count: 1469, support: 1126, rates: [0, 920, 0, 150, 120, 200, 150, 150, 250, 200, 150] },
    Term { unit: "country", count: 1169, support: 872, rates: [0, 150, 0, 150, 150, 200, 450, 200, 150, 200, 150] },
    Term { unit: "will", count: 1165, support: 812, rates: [0, 150, 0, 150, 150, 150, 150, 150, 150, 700, 600] },
    Term { unit: "people", count: 933, support: 708, rates: [0, 120, 0, 100, 450, 150, 200, 100, 100, 150, 200] },
    Term { unit: "kazakhstan", count: 843, support: 693, rates: [0, 150, 0, 50, 150, 150, 200, 150, 100, 150, 700] },
];

/// Other controlled words, drawn freely: each post of topic `t` gets the unit with probability
/// `rates[t]` permille, and a second one with probability `extra` permille.
struct Sprinkle {
    unit: &'static str,
    rates: [u32; TOPICS],
    extra: u32,
}

#[rustfmt::skip]
const SPRINKLES: &[Sprinkle] = &[
    Sprinkle { unit: "regime", rates: [60, 50, 0, 20, 60, 50, 80, 20, 20, 20, 20], extra: 100 },
    Sprinkle { unit: "protest", rates: [50, 0, 0, 0, 60, 30, 0, 0, 0, 0, 500], extra: 0 },
    Sprinkle { unit: "man", rates: [20, 10, 0, 300, 10, 10, 10, 10, 500, 10, 400], extra: 200 },
    Sprinkle { unit: "old", rates: [10, 5, 0, 450, 5, 5, 5, 5, 0, 5, 5], extra: 0 },
    Sprinkle { unit: "human", rates: [5, 5, 0, 5, 5, 5, 350, 5, 5, 5, 5], extra: 0 },
    Sprinkle { unit: "rights", rates: [10, 10, 0, 10, 10, 10, 550, 10, 10, 10, 100], extra: 100 },
    Sprinkle { unit: "family", rates: [15, 100, 0, 5, 5, 5, 5, 5, 300, 5, 5], extra: 50 },
    Sprinkle { unit: "whole", rates: [10, 5, 0, 5, 5, 5, 5, 5, 5, 5, 5], extra: 0 },
    Sprinkle { unit: "democratic", rates: [10, 0, 0, 0, 150, 100, 0, 0, 0, 0, 0], extra: 0 },
    Sprinkle { unit: "choice", rates: [5, 0, 0, 0, 0, 60, 0, 0, 0, 0, 0], extra: 0 },
    Sprinkle { unit: "dck", rates: [12, 0, 0, 0, 800, 40, 0, 0, 0, 20, 700], extra: 150 },
];

/// Section 4's associations: `unit` (a word that is its own stem) is placed so that its
/// correlation with the stem `with` over all posts comes close to `r`.
struct Association {
    unit: &'static str,
    with: &'static str,
    r: f64,
}

const NAZARBAYEV_BILLION: Association = Association {
    unit: "billion",
    with: "nazarbayev",
    r: 0.31,
};
const DCK_SUPPORT: Association = Association {
    unit: "support",
    with: "dck",
    r: 0.41,
};

struct Plan {
    topic: Vec<usize>,
    units: Vec<Vec<usize>>,
    keywords: Vec<Vec<(&'static str, Pos)>>,
    /// The stems of each entry of `UNITS`.
    unit_terms: Vec<Vec<String>>,
}

fn key_of(text: &str) -> Vec<String> {
    text.split(' ').map(str::to_owned).collect()
}

fn occurrences(terms: &[String], key: &[String]) -> u32 {
    terms.windows(key.len()).filter(|w| *w == key).count() as u32
}

impl Plan {
    fn new(pipeline: &Pipeline, rng: &mut Rng) -> Plan {
        let mut topic: Vec<usize> = TOPIC_PLAN
            .iter()
            .enumerate()
            .flat_map(|(t, spec)| std::iter::repeat_n(t, spec.size))
            .collect();
        rng.shuffle(&mut topic);
        let unit_terms = UNITS
            .iter()
            .map(|u| pipeline.terms(u.variants[0]))
            .collect();
        Plan {
            units: vec![Vec::new(); topic.len()],
            keywords: vec![Vec::new(); topic.len()],
            topic,
            unit_terms,
        }
    }

    /// Occurrences of the stem sequence `key` in a post. Units never touch each other, so
    /// counting inside units counts the whole post.
    fn count(&self, post: usize, key: &[String]) -> u32 {
        self.units[post]
            .iter()
            .map(|&u| occurrences(&self.unit_terms[u], key))
            .sum()
    }

    fn column(&self, key: &[String]) -> Vec<u32> {
        (0..self.topic.len()).map(|p| self.count(p, key)).collect()
    }

    fn posts_in(&self, topic: usize) -> Vec<usize> {
        (0..self.topic.len())
            .filter(|&p| self.topic[p] == topic)
            .collect()
    }

    fn copies(&self, post: usize, unit: usize) -> usize {
        self.units[post].iter().filter(|&&u| u == unit).count()
    }
}

/// Adds `extra` more copies of `unit` to posts of `holders`, at most 3 copies a post.
/// Adds `extra` more copies of `unit` to posts of `holders`, at most 2 copies a post.
fn add_extras(plan: &mut Plan, rng: &mut Rng, unit: usize, holders: &[usize], extra: u32) {
    let room: usize = holders
        .iter()
        .map(|&p| 2usize.saturating_sub(plan.copies(p, unit)))
        .sum();
    let name = UNITS[unit].name;
    assert!(
        room >= extra as usize,
        "too few posts for {extra} more {name:?}"
    );
    let mut left = extra;
    while left > 0 {
        let post = *rng.pick(holders);
        if plan.copies(post, unit) < 2 {
            plan.units[post].push(unit);
            left -= 1;
        }
    }
}

fn place(plan: &mut Plan, rng: &mut Rng, target: &Planted) {
    let key = key_of(target.key);
    let unit = unit_id(target.unit);
    let once = occurrences(&plan.unit_terms[unit], &key) == 1;
    assert!(once, "{:?} must contain {:?} once", target.unit, target.key);
    let mut chosen = Vec::new();
    for (topic, &k) in target.quota.iter().enumerate() {
        let free: Vec<usize> = plan
            .posts_in(topic)
            .into_iter()
            .filter(|&p| plan.count(p, &key) == 0)
            .collect();
        chosen.extend(rng.sample(free, k));
    }
    for &post in &chosen {
        plan.units[post].push(unit);
    }
    // Second copies go to the row's main topic, which keeps the others' posts less marked.
    let main = (0..TOPICS)
        .max_by_key(|&t| (target.quota[t], TOPICS - t))
        .unwrap_or(0);
    let in_main: Vec<usize> = chosen
        .into_iter()
        .filter(|&p| plan.topic[p] == main)
        .collect();
    let extra = target
        .count
        .checked_sub(target.quota.iter().sum::<usize>() as u32);
    add_extras(
        plan,
        rng,
        unit,
        &in_main,
        extra.expect("count below support"),
    );
}

fn collocate_targets() -> Vec<Planted> {
    COLLOCATES
        .iter()
        .map(|&(key, unit, support)| {
            let mut quota = [0; TOPICS];
            quota[4] = support / 8;
            quota[0] = support - quota[4];
            planted(key, unit, support as u32, quota)
        })
        .collect()
}

fn fill_term(plan: &mut Plan, rng: &mut Rng, term: &Term) {
    let unit = unit_id(term.unit);
    let key = plan.unit_terms[unit].clone();
    assert_eq!(key.len(), 1, "{:?} is not a single word", term.unit);
    let before = plan.column(&key);
    let holders = before.iter().filter(|&&c| c > 0).count();
    let needed = term
        .support
        .checked_sub(holders)
        .expect("support already exceeded");
    let mut new_posts = Vec::new();
    for (topic, spec) in TOPIC_PLAN.iter().enumerate().skip(1) {
        let members = plan.posts_in(topic);
        let have = members.iter().filter(|&&p| before[p] > 0).count();
        let wanted = (term.rates[topic] as usize * spec.size + 500) / 1000;
        let free: Vec<usize> = members.into_iter().filter(|&p| before[p] == 0).collect();
        let k = wanted.saturating_sub(have).min(free.len());
        new_posts.extend(rng.sample(free, k));
    }
    let rest = needed
        .checked_sub(new_posts.len())
        .expect("small topics take too many posts");
    let free: Vec<usize> = plan
        .posts_in(0)
        .into_iter()
        .filter(|&p| before[p] == 0)
        .collect();
    new_posts.extend(rng.sample(free, rest));
    for &post in &new_posts {
        plan.units[post].push(unit);
    }
    let placed = before.iter().sum::<u32>() + new_posts.len() as u32;
    let extra = term
        .count
        .checked_sub(placed)
        .expect("count already exceeded");
    let all: Vec<usize> = (0..plan.topic.len())
        .filter(|&p| plan.count(p, &key) > 0)
        .collect();
    add_extras(plan, rng, unit, &all, extra);
}

fn sprinkle(plan: &mut Plan, rng: &mut Rng, s: &Sprinkle) {
    let unit = unit_id(s.unit);
    for (topic, units) in plan.topic.iter().zip(plan.units.iter_mut()) {
        if rng.chance(s.rates[*topic]) {
            units.push(unit);
            if rng.chance(s.extra) {
                units.push(unit);
            }
        }
    }
}

/// Exact integer sums of two count columns, for Pearson's r.
#[derive(Clone, Copy, Default)]
struct Sums {
    n: i128,
    x: i128,
    y: i128,
    xx: i128,
    yy: i128,
    xy: i128,
}

impl Sums {
    fn of(x: &[u32], y: &[u32]) -> Sums {
        let mut s = Sums::default();
        for (&a, &b) in x.iter().zip(y) {
            s = s.plus(Sums::one(a, b));
        }
        s
    }

    fn one(x: u32, y: u32) -> Sums {
        let (x, y) = (i128::from(x), i128::from(y));
        Sums {
            n: 1,
            x,
            y,
            xx: x * x,
            yy: y * y,
            xy: x * y,
        }
    }

    /// What giving `y` of the second word to a post that has `x` of the first and none of the
    /// second adds to the sums of all posts.
    fn added(x: u32, y: u32) -> Sums {
        Sums {
            n: 0,
            x: 0,
            xx: 0,
            ..Sums::one(x, y)
        }
    }

    fn plus(self, o: Sums) -> Sums {
        Sums {
            n: self.n + o.n,
            x: self.x + o.x,
            y: self.y + o.y,
            xx: self.xx + o.xx,
            yy: self.yy + o.yy,
            xy: self.xy + o.xy,
        }
    }

    fn r(&self) -> f64 {
        let cov = self.n * self.xy - self.x * self.y;
        let vx = self.n * self.xx - self.x * self.x;
        let vy = self.n * self.yy - self.y * self.y;
        if vx == 0 || vy == 0 {
            return 0.0;
        }
        cov as f64 / ((vx as f64) * (vy as f64)).sqrt()
    }
}

/// Posts of the given topic groups: each group's posts shuffled, groups in the given order.
fn pool(
    plan: &Plan,
    rng: &mut Rng,
    groups: &[&[usize]],
    keep: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    for group in groups {
        let mut posts: Vec<usize> = (0..plan.topic.len())
            .filter(|&p| group.contains(&plan.topic[p]) && keep(p))
            .collect();
        rng.shuffle(&mut posts);
        out.extend(posts);
    }
    out
}

/// Every fourth post of a pool receives two copies, the others one.
fn copies_at(i: usize) -> u32 {
    if i % 4 == 3 {
        2
    } else {
        1
    }
}

/// What the first k posts of a pool add to the sums, for every k.
fn prefix_sums(pool: &[usize], x: &[u32]) -> Vec<Sums> {
    let mut sums = vec![Sums::default()];
    for (i, &post) in pool.iter().enumerate() {
        let last = sums[sums.len() - 1];
        sums.push(last.plus(Sums::added(x[post], copies_at(i))));
    }
    sums
}

/// Places `assoc.unit` in the first `a` posts of `near` and the first `b` posts of `far`,
/// choosing `a >= min_a` and `b <= max_b` so that r comes closest to `assoc.r`.
fn associate(
    plan: &mut Plan,
    assoc: &Association,
    near: &[usize],
    far: &[usize],
    (min_a, max_b): (usize, usize),
) {
    let unit = unit_id(assoc.unit);
    assert_eq!(
        plan.unit_terms[unit],
        [assoc.unit],
        "{:?} must be its own stem",
        assoc.unit
    );
    let x = plan.column(&key_of(assoc.with));
    let y = plan.column(&key_of(assoc.unit));
    let lacking = near.iter().chain(far).all(|&p| y[p] == 0);
    assert!(lacking, "the pools must lack {:?}", assoc.unit);
    let base = Sums::of(&x, &y);
    let (pa, pb) = (prefix_sums(near, &x), prefix_sums(far, &x));
    // Within 0.0005 of the target every choice is as good: take the fewest posts of `far`,
    // then the most of `near`.
    let mut best = (f64::INFINITY, 0, 0);
    for (b, sb) in pb.iter().enumerate().take(max_b + 1) {
        for (a, sa) in pa.iter().enumerate().skip(min_a).rev() {
            let miss = (base.plus(*sa).plus(*sb).r() - assoc.r).abs().max(0.0005);
            if miss < best.0 {
                best = (miss, a, b);
            }
        }
    }
    let (_, a, b) = best;
    for (i, &post) in near[..a]
        .iter()
        .enumerate()
        .chain(far[..b].iter().enumerate())
    {
        plan.units[post].extend(std::iter::repeat_n(unit, copies_at(i) as usize));
    }
    eprintln!(
        "placed {:?} in {a} of {} posts with {:?} and {b} of {} without",
        assoc.unit,
        near.len(),
        assoc.with,
        far.len()
    );
}

fn plant_associations(plan: &mut Plan, rng: &mut Rng) {
    // "billion": in every post of the money and Dariga topics that names Nazarbayev, then in
    // other posts that name him; and, if the correlation is then too high, elsewhere in those
    // topics, in the oil topic and in the general one.
    let nazarbayev = plan.column(&key_of(NAZARBAYEV_BILLION.with));
    let near = pool(plan, rng, &[&[1, 8], &[0]], |p| nazarbayev[p] > 0);
    let far = pool(plan, rng, &[&[1, 8], &[7], &[0]], |p| nazarbayev[p] == 0);
    let min_a = near
        .iter()
        .filter(|&&p| [1, 8].contains(&plan.topic[p]))
        .count();
    associate(plan, &NAZARBAYEV_BILLION, &near, &far, (min_a, far.len()));
    // "support": in at least two fifths of the posts that name the DCK, and in at most 260
    // others of the party topic and the general one, so that it stays well below Table 3's
    // terms.
    let dck = plan.column(&key_of(DCK_SUPPORT.with));
    let support = plan.column(&key_of(DCK_SUPPORT.unit));
    let all: Vec<usize> = (0..TOPICS).collect();
    let near = pool(plan, rng, &[&all], |p| dck[p] > 0 && support[p] == 0);
    let far = pool(plan, rng, &[&[4], &[0]], |p| dck[p] == 0);
    let min_a = near.len() * 2 / 5;
    associate(plan, &DCK_SUPPORT, &near, &far, (min_a, 260));
}

fn draw_keywords(plan: &mut Plan, rng: &mut Rng) {
    for (topic, keywords) in plan.topic.iter().zip(plan.keywords.iter_mut()) {
        for &(word, pos, rate) in TOPIC_PLAN[*topic].keywords {
            if rng.chance(rate) {
                keywords.push((word, pos));
            }
        }
    }
}

fn make_plan(pipeline: &Pipeline) -> Plan {
    let mut plan = Plan::new(pipeline, &mut Rng::stream(1));
    let mut rng = Rng::stream(2);
    for target in TABLE4_PLAN.iter().chain(&collocate_targets()) {
        place(&mut plan, &mut rng, target);
    }
    let mut rng = Rng::stream(3);
    for term in TABLE3_PLAN {
        fill_term(&mut plan, &mut rng, term);
    }
    let mut rng = Rng::stream(4);
    for s in SPRINKLES {
        sprinkle(&mut plan, &mut rng, s);
    }
    plant_associations(&mut plan, &mut Rng::stream(5));
    draw_keywords(&mut plan, &mut Rng::stream(6));
    plan
}

// ---------------------------------------------------------------------------------------------
// Writing posts from the plan.

/// What a post still has to say.
#[derive(Default)]
struct Pending {
    nouns: Vec<usize>,
    modals: Vec<usize>,
    subjects: Vec<usize>,
    verbs: Vec<usize>,
    keyword_nouns: Vec<&'static str>,
    keyword_adjectives: Vec<&'static str>,
    keyword_verbs: Vec<&'static str>,
}

impl Pending {
    fn new(rng: &mut Rng, units: &[usize], keywords: &[(&'static str, Pos)]) -> Pending {
        let mut units = units.to_vec();
        let mut keywords = keywords.to_vec();
        rng.shuffle(&mut units);
        rng.shuffle(&mut keywords);
        let mut p = Pending::default();
        for u in units {
            match UNITS[u].kind {
                Kind::Noun | Kind::Adj => p.nouns.push(u),
                Kind::Modal => p.modals.push(u),
                Kind::Subject => p.subjects.push(u),
                Kind::Verb => p.verbs.push(u),
            }
        }
        for (word, pos) in keywords {
            match pos {
                N => p.keyword_nouns.push(word),
                A => p.keyword_adjectives.push(word),
                V => p.keyword_verbs.push(word),
            }
        }
        p
    }

    fn is_empty(&self) -> bool {
        self.nouns.is_empty()
            && self.modals.is_empty()
            && self.subjects.is_empty()
            && self.verbs.is_empty()
            && self.keyword_nouns.is_empty()
            && self.keyword_adjectives.is_empty()
            && self.keyword_verbs.is_empty()
    }
}

struct Writer<'a> {
    rng: &'a mut Rng,
    topic: &'static Topic,
    todo: Pending,
    /// Whether the last kept word written belongs to a unit: the next kept word must then be
    /// a plain filler.
    after_unit: bool,
}

impl Writer<'_> {
    fn choose_frame(&mut self) -> &'static str {
        let frames = if !self.todo.subjects.is_empty() {
            SUBJECT_FRAMES
        } else if !self.todo.verbs.is_empty() && self.rng.chance(500) {
            VERB_FRAMES
        } else if !self.todo.modals.is_empty() && self.rng.chance(500) {
            MODAL_FRAMES
        } else {
            NORMAL_FRAMES
        };
        frames[self.rng.below(frames.len())]
    }

    fn sentence(&mut self, frame: &str) -> String {
        let mut words: Vec<String> = Vec::new();
        for token in frame.split(' ') {
            let core = token.trim_end_matches(['.', ',']);
            let tail = &token[core.len()..];
            let text = match core.strip_prefix('$') {
                Some(slot) => self.slot(slot),
                None => core.to_owned(),
            };
            // "the Moscow" reads badly; "the" is a stopword, so dropping it changes nothing
            // the pipeline sees.
            let name = text.starts_with(|c: char| c.is_ascii_uppercase());
            if name && words.last().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                words.pop();
            }
            words.push(format!("{text}{tail}"));
        }
        capitalize(&words.join(" "))
    }

    fn slot(&mut self, slot: &str) -> String {
        match slot {
            "N" => self.noun_or_unit(),
            "n" => self.noun(true),
            "f" => self.noun(false),
            "a" => self.adjective(),
            "v" => self.verb(true),
            "b" => self.verb(false),
            "W" => self.unit(Kind::Modal),
            "S" => self.unit(Kind::Subject),
            "P" => self.unit(Kind::Verb),
            other => panic!("unknown slot ${other}"),
        }
    }

    fn variant(&mut self, unit: usize) -> String {
        (*self.rng.pick(UNITS[unit].variants)).to_owned()
    }

    fn noun_or_unit(&mut self) -> String {
        if self.after_unit {
            return self.noun(true);
        }
        let Some(unit) = self.todo.nouns.pop() else {
            return self.noun(true);
        };
        let text = self.variant(unit);
        self.after_unit = true;
        if UNITS[unit].kind == Kind::Adj {
            let noun = self.noun(false);
            return format!("{text} {noun}");
        }
        text
    }

    fn unit(&mut self, kind: Kind) -> String {
        assert!(!self.after_unit, "a frame puts a unit next to a unit");
        let list = match kind {
            Kind::Modal => &mut self.todo.modals,
            Kind::Subject => &mut self.todo.subjects,
            _ => &mut self.todo.verbs,
        };
        let unit = list.pop().expect("a frame chosen without its unit");
        self.after_unit = true;
        self.variant(unit)
    }

    /// A noun: a pending topic word if allowed (never right after a unit), else a filler.
    fn noun(&mut self, topic_word: bool) -> String {
        let keyword = if topic_word && !self.after_unit {
            self.todo.keyword_nouns.pop()
        } else {
            None
        };
        self.after_unit = false;
        match keyword {
            Some(word) => word.to_owned(),
            None => self.filler(self.topic.nouns, GENERIC_NOUNS),
        }
    }

    fn adjective(&mut self) -> String {
        let keyword = if self.after_unit {
            None
        } else {
            self.todo.keyword_adjectives.pop()
        };
        self.after_unit = false;
        match keyword {
            Some(word) => word.to_owned(),
            None => (*self.rng.pick(GENERIC_ADJECTIVES)).to_owned(),
        }
    }

    fn verb(&mut self, third: bool) -> String {
        let keyword = if self.after_unit {
            None
        } else {
            self.todo.keyword_verbs.pop()
        };
        self.after_unit = false;
        let base = match keyword {
            Some(word) => word.to_owned(),
            None => self.filler(self.topic.verbs, GENERIC_VERBS),
        };
        if third {
            third_person(&base)
        } else {
            base
        }
    }

    fn filler(&mut self, own: &[&str], generic: &[&str]) -> String {
        let list = if !own.is_empty() && self.rng.chance(self.topic.own_share) {
            own
        } else {
            generic
        };
        (*self.rng.pick(list)).to_owned()
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn render_post(rng: &mut Rng, plan: &Plan, post: usize) -> String {
    let topic = &TOPIC_PLAN[plan.topic[post]];
    let todo = Pending::new(rng, &plan.units[post], &plan.keywords[post]);
    let target = rng.between(topic.sentences);
    let mut writer = Writer {
        rng,
        topic,
        todo,
        after_unit: false,
    };
    let mut sentences = Vec::new();
    while sentences.len() < target || !writer.todo.is_empty() {
        assert!(sentences.len() < 80, "post {post} does not converge");
        let frame = writer.choose_frame();
        sentences.push(writer.sentence(frame));
    }
    sentences.join(" ")
}

/// Sorted dates from the first to the last day, both included.
fn dates(rng: &mut Rng, n: usize) -> Vec<String> {
    let first = NaiveDate::from_ymd_opt(2017, 4, 1).expect("a valid date");
    let last = NaiveDate::from_ymd_opt(2019, 12, 31).expect("a valid date");
    let span = (last - first).num_days() as usize;
    let mut offsets: Vec<usize> = (0..n).map(|_| rng.below(span + 1)).collect();
    offsets.sort_unstable();
    offsets[0] = 0;
    offsets[n - 1] = span;
    offsets
        .into_iter()
        .map(|d| (first + Days::new(d as u64)).format("%Y-%m-%d").to_string())
        .collect()
}

struct Post {
    id: String,
    date: String,
    text: String,
}

fn write_posts(plan: &Plan) -> Vec<Post> {
    let mut rng = Rng::stream(7);
    let dates = dates(&mut Rng::stream(8), plan.topic.len());
    dates
        .into_iter()
        .enumerate()
        .map(|(i, date)| Post {
            id: format!("post-{:04}", i + 1),
            date,
            text: render_post(&mut rng, plan, i),
        })
        .collect()
}

fn write_csv(path: &Path, posts: &[Post]) -> Result<(), Box<dyn Error>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)?;
    out.write_record(["id", "date", "text"])?;
    for post in posts {
        out.write_record([&post.id, &post.date, &post.text])?;
    }
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Checks of the vocabulary and frames, before anything is written.

fn check_vocabulary(pipeline: &Pipeline) {
    let mut controlled = HashSet::new();
    for u in UNITS {
        let terms = pipeline.terms(u.variants[0]);
        for v in u.variants {
            let plain = v
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == ',');
            assert!(plain, "unit text {v:?} is not plain letters");
            assert_eq!(pipeline.terms(v), terms, "variants of {:?} differ", u.name);
        }
        controlled.extend(terms);
    }
    let frames = NORMAL_FRAMES
        .iter()
        .chain(MODAL_FRAMES)
        .chain(SUBJECT_FRAMES);
    for frame in frames.chain(VERB_FRAMES) {
        check_frame(pipeline, frame);
    }
    for word in all_fillers() {
        check_filler(pipeline, &controlled, &word);
    }
    check_generic_apart(pipeline);
}

/// Every word a filler slot can write, verbs in both forms.
fn all_fillers() -> Vec<String> {
    let verbs = |list: &[&str]| -> Vec<String> {
        list.iter()
            .flat_map(|v| [v.to_string(), third_person(v)])
            .collect()
    };
    let mut words: Vec<String> = GENERIC_NOUNS.iter().map(|w| w.to_string()).collect();
    words.extend(GENERIC_ADJECTIVES.iter().map(|w| w.to_string()));
    words.extend(verbs(GENERIC_VERBS));
    for topic in &TOPIC_PLAN {
        words.extend(topic.nouns.iter().map(|w| w.to_string()));
        words.extend(verbs(topic.verbs));
        for &(word, pos, _) in topic.keywords {
            match pos {
                V => words.extend(verbs(&[word])),
                _ => words.push(word.to_string()),
            }
        }
    }
    words
}

fn check_frame(pipeline: &Pipeline, frame: &str) {
    let tokens: Vec<&str> = frame
        .split(' ')
        .map(|t| t.trim_end_matches(['.', ',']))
        .collect();
    for token in &tokens {
        let ok = token.starts_with('$') || pipeline.is_stopword(token);
        assert!(ok, "frame word {token:?} is not a stopword");
    }
    let last = tokens.last().copied().unwrap_or_default();
    let filler = ["$n", "$f", "$a", "$v", "$b"].contains(&last);
    assert!(filler, "frame {frame:?} does not end in a filler slot");
}

fn check_filler(pipeline: &Pipeline, controlled: &HashSet<String>, word: &str) {
    for part in word.split(' ') {
        assert!(
            part.chars().all(|c| c.is_ascii_alphabetic()),
            "{part:?} is not plain letters"
        );
        assert!(!pipeline.is_stopword(part), "filler {part:?} is a stopword");
        let clash = pipeline.terms(part).iter().any(|s| controlled.contains(s));
        assert!(!clash, "filler {part:?} stems to a controlled stem");
    }
}

/// The shared vocabulary must not reuse a topic's own words, or the topics blur.
fn check_generic_apart(pipeline: &Pipeline) {
    let mut topic_stems = HashSet::new();
    for topic in &TOPIC_PLAN {
        let words = topic.nouns.iter().chain(topic.verbs).copied();
        for word in words.chain(topic.keywords.iter().map(|k| k.0)) {
            topic_stems.extend(pipeline.terms(word));
        }
    }
    let shared: Vec<&str> = GENERIC_NOUNS
        .iter()
        .chain(GENERIC_VERBS)
        .chain(GENERIC_ADJECTIVES)
        .copied()
        .filter(|word| pipeline.terms(word).iter().any(|s| topic_stems.contains(s)))
        .collect();
    assert!(
        shared.is_empty(),
        "generic words that are also topic words: {shared:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Cross-checks against the paper's tables in data/paper.

/// The paper's figures, as stems: Table 3 and Table 4.
const TABLE3: &[(&str, u32, u32)] = &[
    ("nazarbayev", 1469, 1126),
    ("countri", 1169, 872),
    ("will", 1165, 812),
    ("peopl", 933, 708),
    ("kazakhstan", 843, 693),
];
const TABLE4: &[(&str, u32, u32)] = &[
    ("nazarbayev regim", 126, 124),
    ("human right", 121, 97),
    ("nursultan nazarbayev", 56, 54),
    ("peopl kazakhstan", 56, 54),
    ("old man", 52, 52),
    ("democrat choic", 51, 51),
    ("whole countri", 49, 47),
    ("support dck", 51, 46),
    ("nazarbayev will", 49, 46),
    ("nazarbayev famili", 47, 46),
];

fn read_table(path: &Path) -> Result<Vec<csv::StringRecord>, Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    Ok(reader.records().collect::<Result<_, _>>()?)
}

fn stemmed(pipeline: &Pipeline, text: &str) -> String {
    pipeline.terms(text).join(" ")
}

/// Checks that the targets above are the paper's figures as printed, once stemmed, and returns
/// Table 5's top words, stemmed, for the summary.
fn check_paper(pipeline: &Pipeline, root: &Path) -> Result<Vec<Vec<String>>, Box<dyn Error>> {
    let paper = root.join("data/paper");
    for (file, first, want) in [
        ("table3_terms.csv", 1, TABLE3),
        ("table4_bigrams.csv", 0, TABLE4),
    ] {
        let rows = read_table(&paper.join(file))?;
        assert_eq!(rows.len(), want.len(), "{file}: rows");
        for (row, &(term, count, support)) in rows.iter().zip(want) {
            let got: (String, u32, u32) = (
                stemmed(pipeline, &row[first]),
                row[first + 1].parse()?,
                row[first + 2].parse()?,
            );
            assert_eq!(got, (term.to_owned(), count, support), "{file}");
        }
    }
    let facts = read_table(&paper.join("text_facts.csv"))?;
    let footnote = facts
        .iter()
        .find(|r| &r[0] == "protest_collocates")
        .ok_or("text_facts.csv has no protest_collocates")?;
    let want: Vec<&str> = COLLOCATES.iter().map(|c| c.0).collect();
    let got: Vec<&str> = footnote[1].split("; ").collect();
    assert_eq!(got, want, "text_facts.csv: footnote 2");
    let rows = read_table(&paper.join("table5_clusters.csv"))?;
    let sizes: Vec<usize> = rows
        .iter()
        .map(|r| r[1].parse())
        .collect::<Result<_, _>>()?;
    let ours: Vec<usize> = TOPIC_PLAN.iter().map(|t| t.size).collect();
    assert_eq!(sizes, ours, "table5_clusters.csv: sizes");
    let words = |r: &csv::StringRecord| r[2].split(", ").map(|w| stemmed(pipeline, w)).collect();
    Ok(rows.iter().map(words).collect())
}

// ---------------------------------------------------------------------------------------------
// Verification: the written file, read back through the pipeline.

#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    term: String,
    count: u32,
    support: u32,
}

/// All n-grams of kept stems, sorted by support, then count (both descending), then term.
fn ngram_table(docs: &[Vec<String>], n: usize) -> Vec<Row> {
    let mut table: HashMap<String, (u32, u32)> = HashMap::new();
    for doc in docs {
        let mut seen = HashSet::new();
        for window in doc.windows(n) {
            let term = window.join(" ");
            let entry = table.entry(term.clone()).or_default();
            entry.0 += 1;
            if seen.insert(term) {
                entry.1 += 1;
            }
        }
    }
    let mut rows: Vec<Row> = table
        .into_iter()
        .map(|(term, (count, support))| Row {
            term,
            count,
            support,
        })
        .collect();
    rows.sort_by(|a, b| (b.support, b.count, &a.term).cmp(&(a.support, a.count, &b.term)));
    rows
}

/// The first rows must be `want` exactly, and the next row's support below the last of them.
fn expect_top(rows: &[Row], want: &[(&str, u32, u32)], what: &str) {
    for (i, (got, &(term, count, support))) in rows.iter().zip(want).enumerate() {
        let same = got.term == term && got.count == count && got.support == support;
        assert!(
            same,
            "{what} row {}: want {term} {count}/{support}, got {} {}/{}",
            i + 1,
            got.term,
            got.count,
            got.support
        );
    }
    let (next, floor) = (&rows[want.len()], want[want.len() - 1].2);
    assert!(
        next.support < floor,
        "{what}: {:?} has support {}, not below {floor}",
        next.term,
        next.support
    );
}

fn read_posts(path: &Path) -> Result<Vec<Post>, Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    assert_eq!(header, ["id", "date", "text"], "header");
    let mut posts = Vec::new();
    for record in reader.records() {
        let record = record?;
        posts.push(Post {
            id: record[0].to_owned(),
            date: record[1].to_owned(),
            text: record[2].to_owned(),
        });
    }
    Ok(posts)
}

fn check_rows(posts: &[Post], expected: usize) {
    assert_eq!(posts.len(), expected, "number of posts");
    for (i, post) in posts.iter().enumerate() {
        assert_eq!(post.id, format!("post-{:04}", i + 1), "ids in order");
        let plain = post
            .text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || " .,".contains(c));
        assert!(
            plain,
            "{}: text outside letters, spaces, '.' and ','",
            post.id
        );
        let marks = simple_marks(&post.text);
        assert!(
            marks,
            "{}: a mark not between a letter and a space",
            post.id
        );
    }
    assert!(
        posts.windows(2).all(|w| w[0].date <= w[1].date),
        "dates out of order"
    );
    assert_eq!(posts[0].date, "2017-04-01", "first date");
    assert_eq!(posts[posts.len() - 1].date, "2019-12-31", "last date");
}

/// Whether every '.' and ',' follows a letter and precedes a space or the end, and spaces stand
/// alone: then splitting on non-letters and on Unicode word boundaries (UAX #29, under which
/// "a.b" is one word) give the same words.
fn simple_marks(text: &str) -> bool {
    let bytes = text.as_bytes();
    let letter_before = |i: usize| i > 0 && bytes[i - 1].is_ascii_alphabetic();
    let after = |i: usize| bytes.get(i + 1).copied();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'.' | b',' => letter_before(i) && after(i).is_none_or(|n| n == b' '),
        b' ' => i > 0 && bytes[i - 1] != b' ' && after(i).is_some_and(|n| n != b' '),
        _ => true,
    })
}

fn column(docs: &[Vec<String>], stem: &str) -> Vec<u32> {
    docs.iter()
        .map(|d| d.iter().filter(|t| *t == stem).count() as u32)
        .collect()
}

fn show(rows: &[Row], n: usize) -> String {
    let shown: Vec<String> = rows
        .iter()
        .take(n)
        .map(|r| format!("{} {}/{}", r.term, r.count, r.support))
        .collect();
    shown.join("; ")
}

/// For each planted topic: how many of Table 5's top words are among the 15 stems found in
/// most of its posts.
fn topic_summary(docs: &[Vec<String>], plan: &Plan, table5: &[Vec<String>]) -> String {
    let mut line = String::from("Table 5 top words among each topic's 15 most widespread stems:");
    for (topic, words) in table5.iter().enumerate() {
        let members: Vec<Vec<String>> = (0..docs.len())
            .filter(|&p| plan.topic[p] == topic)
            .map(|p| docs[p].clone())
            .collect();
        let top: Vec<String> = ngram_table(&members, 1)
            .into_iter()
            .take(15)
            .map(|r| r.term)
            .collect();
        let found = words.iter().filter(|w| top.contains(w)).count();
        line += &format!(" {}:{found}/{}", topic + 1, words.len());
    }
    line
}

fn verify(
    pipeline: &Pipeline,
    path: &Path,
    plan: &Plan,
    table5: &[Vec<String>],
) -> Result<(), Box<dyn Error>> {
    let posts = read_posts(path)?;
    check_rows(&posts, plan.topic.len());
    let docs: Vec<Vec<String>> = posts.iter().map(|p| pipeline.terms(&p.text)).collect();
    let terms = ngram_table(&docs, 1);
    let bigrams = ngram_table(&docs, 2);
    let protest: Vec<Row> = bigrams
        .iter()
        .filter(|r| r.term.split(' ').any(|w| w == "protest"))
        .cloned()
        .collect();
    eprintln!("top terms: {}", show(&terms, 8));
    eprintln!("top bigrams: {}", show(&bigrams, 12));
    eprintln!("protest collocates: {}", show(&protest, 12));
    for a in [NAZARBAYEV_BILLION, DCK_SUPPORT] {
        let r = pearson(&column(&docs, a.with), &column(&docs, a.unit));
        let mark = if (r - a.r).abs() <= 0.02 {
            "ok"
        } else {
            "MISSED"
        };
        eprintln!(
            "r({} ~ {}) = {r:.4} (paper {:.2}, {mark})",
            a.with, a.unit, a.r
        );
    }
    eprintln!("{}", topic_summary(&docs, plan, table5));
    expect_top(&terms, TABLE3, "Table 3");
    expect_top(&bigrams, TABLE4, "Table 4");
    let got: Vec<&str> = protest
        .iter()
        .take(COLLOCATES.len())
        .map(|r| r.term.as_str())
        .collect();
    let want: Vec<&str> = COLLOCATES.iter().map(|c| c.0).collect();
    assert_eq!(got, want, "footnote 2: the collocates of protest");
    Ok(())
}

fn pearson(x: &[u32], y: &[u32]) -> f64 {
    Sums::of(x, y).r()
}

// ---------------------------------------------------------------------------------------------

fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let pipeline = Pipeline::load(&root);
    check_vocabulary(&pipeline);
    let table5 = check_paper(&pipeline, &root)?;
    let plan = make_plan(&pipeline);
    let posts = write_posts(&plan);
    let path = root.join(OUTPUT);
    let draft = path.with_extension("csv.tmp");
    std::fs::create_dir_all(path.parent().ok_or("the output has no directory")?)?;
    write_csv(&draft, &posts)?;
    verify(&pipeline, &draft, &plan, &table5)?;
    std::fs::rename(&draft, &path)?;
    eprintln!(
        "wrote {} ({} posts) in {:.2} s",
        path.display(),
        posts.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
