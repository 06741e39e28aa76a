//! Terms and n-grams with count and support, in the configured order.
//!
//! `count` is the number of occurrences, `support` the number of documents holding the term
//! (as the R package `corpus`'s `term_stats`). An n-gram is n consecutive kept stems of one
//! document. N-grams are counted on packed integer keys, per block of documents in parallel,
//! then merged; a document lies in one block only, so supports add up exactly. They are
//! sorted on those keys too (comparing stems by their rank in byte order, which orders the
//! joined terms exactly as comparing the strings would, since stems hold no character below
//! the space), and only then written out as strings.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::matrix::{Indexed, Vocabulary};
use super::ngram_runs::{self, Tally};
use crate::budget::MemoryBudget;
use crate::config::{Language, TermSort};
use crate::error::{Error, Result};

/// The largest n-gram size: five stem ids of 25 bits pack into one `u128` key, and six of 21.
pub const MAX_NGRAM: usize = 6;

/// One stem with its most frequent word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermStat {
    /// The stem (the word itself when `text.stem` is off).
    pub term: String,
    /// The word the stem most often stands for; the pages show `stem (form)`.
    pub form: String,
    /// Occurrences in the corpus.
    pub count: u64,
    /// Documents (posts) holding the stem at least once.
    pub support: u64,
    /// The language its words are read in most often, in a corpus of several languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// One n-gram of stems, joined by a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NgramStat {
    /// The n-gram's stems in text order, joined by single spaces.
    pub term: String,
    /// The words the n-gram most often stands for, joined by single spaces (ties: the first
    /// in byte order); the pages show `form (term)`. Empty in a report written before forms
    /// were kept.
    #[serde(default)]
    pub form: String,
    /// Occurrences: windows of n consecutive kept stems, over every document.
    pub count: u64,
    /// Documents holding the n-gram at least once.
    pub support: u64,
}

/// Every stem of the vocabulary, sorted.
pub fn term_stats(indexed: &Indexed, sort: TermSort) -> Vec<TermStat> {
    let sums = &indexed.sums;
    let Vocabulary {
        stems,
        forms,
        languages,
    } = &indexed.vocabulary;
    let mixed = indexed.languages.len() > 1;
    let mut terms: Vec<TermStat> = (0..stems.len())
        .map(|t| TermStat {
            term: stems[t].clone(),
            form: forms[t].clone(),
            count: sums.count[t],
            support: sums.support[t],
            language: mixed.then(|| indexed.languages[languages[t] as usize]),
        })
        .collect();
    terms.sort_by(|a, b| {
        order(
            sort,
            (a.count, a.support, &a.term),
            (b.count, b.support, &b.term),
        )
    });
    terms
}

/// The configured order: `support` (then count) or `count` (then support), both descending,
/// then the term in byte order.
pub fn order(sort: TermSort, a: (u64, u64, &str), b: (u64, u64, &str)) -> std::cmp::Ordering {
    let key = |(count, support, _): (u64, u64, &str)| match sort {
        TermSort::Support => (support, count),
        TermSort::Count => (count, support),
    };
    key(b).cmp(&key(a)).then_with(|| a.2.cmp(b.2))
}

/// The n-grams of one size: how many distinct ones there are, and the sorted list of those
/// that were asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NgramList {
    /// Distinct n-grams of the size, listed or not.
    pub distinct: usize,
    /// Those in at least `min_support` documents, in the configured order.
    pub stats: Vec<NgramStat>,
}

/// The n-grams of size `n` found in at least `min_support` documents, sorted. Filtering comes
/// before sorting and naming, so the many n-grams found once cost only their counting.
pub fn ngram_stats(
    indexed: &Indexed,
    n: usize,
    sort: TermSort,
    min_support: u64,
) -> Result<NgramList> {
    ngram_stats_within(indexed, n, sort, min_support, MemoryBudget::DEFAULT)
}

/// As [`ngram_stats`], the counting holding at most `budget` in memory and spilling the rest
/// to disk ([`super::ngram_runs`]); the result is the same whatever the budget.
pub fn ngram_stats_within(
    indexed: &Indexed,
    n: usize,
    sort: TermSort,
    min_support: u64,
    budget: MemoryBudget,
) -> Result<NgramList> {
    let bits = key_bits(n, indexed.vocabulary.stems.len())?;
    let counted = ngram_runs::count(&indexed.sequences, n, bits, min_support, budget)?;
    Ok(NgramList {
        distinct: counted.distinct,
        stats: sorted_stats(indexed, n, sort, counted.kept)?,
    })
}

/// The two-word terms holding the stem `id`, sorted.
pub fn pairs_with(indexed: &Indexed, id: u32, sort: TermSort) -> Result<Vec<NgramStat>> {
    let bits = key_bits(2, indexed.vocabulary.stems.len())?;
    let counted =
        ngram_runs::count_parallel(&indexed.sequences, 2, bits, &|window| window.contains(&id));
    sorted_stats(indexed, 2, sort, counted.into_iter().collect())
}

/// Sorts packed n-grams in the configured order (ties by the terms' byte order, compared
/// through the stems' ranks) and writes them out.
fn sorted_stats(
    indexed: &Indexed,
    n: usize,
    sort: TermSort,
    mut entries: Vec<(u128, Tally)>,
) -> Result<Vec<NgramStat>> {
    let bits = key_bits(n, indexed.vocabulary.stems.len())?;
    let stems = &indexed.vocabulary.stems;
    let mask = (1u128 << bits) - 1;
    let id_at = |key: u128, i: usize| ((key >> (bits * i as u32)) & mask) as usize;
    let rank = byte_order_ranks(stems);
    let rank = &rank;
    let ranks = |key: u128| (0..n).map(move |i| rank[id_at(key, i)]);
    entries.par_sort_unstable_by(|(a, ta), (b, tb)| {
        let key = |t: &Tally| match sort {
            TermSort::Support => (t.support, t.count),
            TermSort::Count => (t.count, t.support),
        };
        key(tb).cmp(&key(ta)).then_with(|| ranks(*a).cmp(ranks(*b)))
    });
    let keys: Vec<u128> = entries.iter().map(|(key, _)| *key).collect();
    let forms = ngram_forms(indexed, n, bits, &keys);
    Ok(entries
        .into_par_iter()
        .zip(forms)
        .map(|((key, tally), form)| {
            let words: Vec<&str> = (0..n).map(|i| stems[id_at(key, i)].as_str()).collect();
            NgramStat {
                term: words.join(" "),
                form,
                count: tally.count,
                support: tally.support,
            }
        })
        .collect())
}

/// The most frequent run of surface words behind each packed n-gram of `keys` (ties: the
/// first joined form in byte order), in the order of `keys`. Windows are read per block of
/// documents in parallel and their tallies added, so the result does not depend on the
/// threads. A corpus of more distinct words than `bits` can number leaves the forms empty.
fn ngram_forms(indexed: &Indexed, n: usize, bits: u32, keys: &[u128]) -> Vec<String> {
    let words = &indexed.words;
    let fits = bits >= 32 || (words.len() as u128) < 1u128 << bits;
    if keys.is_empty() || !fits || indexed.word_sequences.len() != indexed.sequences.len() {
        return vec![String::new(); keys.len()];
    }
    let listed: HashMap<u128, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &key)| (key, i as u32))
        .collect();
    let pack = |window: &[u32]| {
        window.iter().enumerate().fold(0u128, |key, (i, &id)| {
            key | (u128::from(id) << (bits * i as u32))
        })
    };
    let documents: Vec<(&Vec<u32>, &Vec<u32>)> = indexed
        .sequences
        .iter()
        .zip(&indexed.word_sequences)
        .collect();
    let block = (documents.len() / (4 * rayon::current_num_threads())).max(512);
    let tallies: HashMap<(u32, u128), u64> = documents
        .par_chunks(block)
        .map(|block| {
            let mut tally: HashMap<(u32, u128), u64> = HashMap::default();
            for (stems, surface) in block {
                for (window, spelled) in stems.windows(n).zip(surface.windows(n)) {
                    if let Some(&i) = listed.get(&pack(window)) {
                        *tally.entry((i, pack(spelled))).or_default() += 1;
                    }
                }
            }
            tally
        })
        .reduce(HashMap::default, |mut a, b| {
            for (key, count) in b {
                *a.entry(key).or_default() += count;
            }
            a
        });
    let mask = (1u128 << bits) - 1;
    let spell = |key: u128| {
        (0..n)
            .map(|i| words[((key >> (bits * i as u32)) & mask) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut best: Vec<Option<(u64, String)>> = vec![None; keys.len()];
    for ((i, key), count) in tallies {
        let form = spell(key);
        let slot = &mut best[i as usize];
        let better = match slot {
            None => true,
            Some((c, f)) => count > *c || (count == *c && form < *f),
        };
        if better {
            *slot = Some((count, form));
        }
    }
    best.into_iter()
        .map(|b| b.map(|(_, form)| form).unwrap_or_default())
        .collect()
}

/// Each stem's position when the stems are sorted in byte order.
fn byte_order_ranks(stems: &[String]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..stems.len()).collect();
    order.par_sort_unstable_by(|&a, &b| stems[a].cmp(&stems[b]));
    let mut rank = vec![0u32; stems.len()];
    for (position, &stem) in order.iter().enumerate() {
        rank[stem] = position as u32;
    }
    rank
}

fn key_bits(n: usize, vocabulary: usize) -> Result<u32> {
    if !(1..=MAX_NGRAM).contains(&n) {
        return Err(Error::config(
            "terms.ngrams",
            format!("found {n}, expected n-gram sizes from 1 to {MAX_NGRAM}"),
        ));
    }
    let bits = (128 / n as u32).min(32);
    if bits < 32 && vocabulary as u128 >= 1u128 << bits {
        return Err(Error::config(
            "terms.ngrams",
            format!(
                "found {n}-grams of a vocabulary of {vocabulary} stems, expected at most {} \
                 stems for {n}-grams",
                1u128 << bits
            ),
        ));
    }
    Ok(bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::matrix::{english, index};

    fn indexed(texts: &[&str]) -> Indexed {
        index(texts, &english(true))
    }

    #[test]
    fn bigrams_skip_stopwords_and_never_cross_documents() {
        let corpus = indexed(&["human rights of people", "people human rights"]);
        let bigrams = ngram_stats(&corpus, 2, TermSort::Support, 1).unwrap().stats;
        let rows: Vec<(&str, u64, u64)> = bigrams
            .iter()
            .map(|b| (b.term.as_str(), b.count, b.support))
            .collect();
        assert_eq!(
            rows,
            [
                ("human right", 2, 2),
                ("peopl human", 1, 1),
                ("right peopl", 1, 1)
            ]
        );
    }

    /// "peaceful protest" twice and "peaceful protests" once give the stems "peac protest"
    /// shown as "peaceful protest"; a tie goes to the first form in byte order.
    #[test]
    fn an_ngram_carries_its_most_frequent_words() {
        let corpus = indexed(&[
            "peaceful protest today",
            "peaceful protests",
            "a peaceful protest",
            "rallies held",
            "rally held",
        ]);
        let bigrams = ngram_stats(&corpus, 2, TermSort::Support, 1).unwrap().stats;
        let form = |term: &str| {
            bigrams
                .iter()
                .find(|b| b.term == term)
                .map(|b| b.form.as_str())
                .unwrap()
        };
        assert_eq!(form("peac protest"), "peaceful protest");
        assert_eq!(form("protest today"), "protest today");
        assert_eq!(form("ralli held"), "rallies held", "a tie: byte order");
        let pairs = pairs_with(&corpus, 1, TermSort::Support).unwrap();
        assert!(pairs.iter().all(|p| !p.form.is_empty()), "{pairs:?}");
    }

    #[test]
    fn support_and_count_orders_differ_by_hand() {
        // vote: count 3 in one document; rally: count 2 in two documents.
        let corpus = indexed(&["vote vote vote", "rally", "rally"]);
        let terms = |sort| -> Vec<(String, u64, u64)> {
            term_stats(&corpus, sort)
                .into_iter()
                .map(|t| (t.term, t.count, t.support))
                .collect()
        };
        let by_support = [("ralli".to_string(), 2, 2), ("vote".to_string(), 3, 1)];
        assert_eq!(terms(TermSort::Support), by_support);
        let by_count = [("vote".to_string(), 3, 1), ("ralli".to_string(), 2, 2)];
        assert_eq!(terms(TermSort::Count), by_count);
    }

    #[test]
    fn a_term_counted_twice_in_a_document_has_support_one() {
        let corpus = indexed(&["protest protest protest", "protest"]);
        let trigrams = ngram_stats(&corpus, 3, TermSort::Support, 1).unwrap().stats;
        assert_eq!(trigrams.len(), 1);
        assert_eq!((trigrams[0].count, trigrams[0].support), (1, 1));
        let unigrams = ngram_stats(&corpus, 1, TermSort::Support, 1).unwrap().stats;
        assert_eq!((unigrams[0].count, unigrams[0].support), (4, 2));
    }

    #[test]
    fn sizes_out_of_range_are_config_errors() {
        let corpus = indexed(&["a b"]);
        let err = ngram_stats(&corpus, 7, TermSort::Support, 1).unwrap_err();
        assert!(err.to_string().contains("found 7"), "{err}");
    }

    proptest::proptest! {
        /// Counts add up: the terms' counts to the tokens, the n-grams' counts to the windows;
        /// support never exceeds count or the documents; reversing the corpus changes nothing.
        #[test]
        fn counts_and_supports_add_up(
            docs in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec!["vote", "rally", "strike", "march", "court"]), 0..8),
                1..12,
            )
        ) {
            let texts: Vec<String> = docs.iter().map(|d| d.join(" ")).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let corpus = indexed(&refs);
            let terms = term_stats(&corpus, TermSort::Support);
            let tokens: usize = docs.iter().map(Vec::len).sum();
            proptest::prop_assert_eq!(terms.iter().map(|t| t.count).sum::<u64>(), tokens as u64);
            for n in 1..=3 {
                let grams = ngram_stats(&corpus, n, TermSort::Count, 1).unwrap().stats;
                let windows: usize = docs.iter().map(|d| d.len().saturating_sub(n - 1)).sum();
                proptest::prop_assert_eq!(grams.iter().map(|g| g.count).sum::<u64>(), windows as u64);
                for g in &grams {
                    proptest::prop_assert!(g.support <= g.count && g.support <= docs.len() as u64);
                }
                let spilled = ngram_stats_within(&corpus, n, TermSort::Count, 1, MemoryBudget::bytes(1)).unwrap().stats;
                proptest::prop_assert_eq!(&spilled, &grams);
                let reversed: Vec<&str> = refs.iter().rev().copied().collect();
                let again = ngram_stats(&indexed(&reversed), n, TermSort::Count, 1).unwrap().stats;
                proptest::prop_assert_eq!(grams, again);
            }
        }
    }
}
