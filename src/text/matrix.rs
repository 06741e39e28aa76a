//! The indexed corpus: vocabulary of stems, each document's sequence of stems, and the sparse
//! document-term matrix that every analysis (terms, associations, clusters) reads.
//!
//! Indexing is the only costly pass over the text, so it is done once. Documents are
//! tokenised in parallel; words are then numbered in corpus order (one sequential pass, so
//! numbering never depends on the thread count); each distinct word is stemmed once, in
//! parallel. The matrix is compressed sparse rows: a documents x vocabulary array of the
//! default corpus would be mostly zeros, and at ten times the size would not fit in memory.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};

use crate::progress::{self, Unit};
use crate::sparse::Csr;

use crate::config::{AliasEntry, Language};
use crate::error::Result;

use super::aliases::{AliasTally, Aliases};
use super::compounds::{CompoundTally, Compounds};
use super::language::{has_kazakh_letter, word_script, Script};
use super::stopwords::Stopwords;
use super::tokenize::Tokenizer;
use super::unicode::ScriptFolds;

/// How posts become terms.
#[derive(Clone)]
pub struct Normaliser {
    /// Cuts a text into normalised words, as the config's `text` section says.
    pub tokenizer: Tokenizer,
    /// The stopwords and stemmer of each language of the corpus, in `corpus.language` order;
    /// a document's language is an index into this list.
    pub languages: Vec<LanguageRules>,
    /// `text.compounds`: phrases joined into one token before stopwords and stemming.
    pub compounds: Compounds,
    /// `text.aliases`: words and stems counted as the study's term, after stemming.
    pub aliases: Aliases,
}

/// The flag on a word's language that marks a compound's token (`nur_otan`): counted as it
/// is, never a stopword and never stemmed. The other bits are the post's language.
pub const JOINED: u8 = 0x80;

/// The stopwords and stemmer of one language.
#[derive(Clone)]
pub struct LanguageRules {
    /// The language these rules are for.
    pub language: Language,
    /// Words dropped after tokenising: `text.stopwords` and `text.extra_stopwords`.
    pub stopwords: Stopwords,
    /// `None` when `text.stem` is off, and for Kazakh (Snowball has no Kazakh stemmer).
    pub stemmer: Option<Algorithm>,
}

/// The stems of the corpus; a stem's id is its index.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Every distinct stem, in order of first appearance in the corpus (the words themselves
    /// when `text.stem` is off).
    pub stems: Vec<String>,
    /// Each stem's most frequent word (ties: the first in byte order).
    pub forms: Vec<String>,
    /// Each stem's main language, an index into [`Normaliser::languages`]: the language its
    /// words are read in most often (ties: the first listed).
    pub languages: Vec<u8>,
}

/// Counts of stems by document: row `d` holds document `d`'s stem ids (ascending) and
/// their counts.
pub type Matrix = Csr<u32>;

/// A corpus through tokenising, stopwords and stemming.
#[derive(Debug, Clone, Default)]
pub struct Indexed {
    /// The stems, with the word each most often stands for.
    pub vocabulary: Vocabulary,
    /// Each document's kept stems, in text order (for n-grams).
    pub sequences: Vec<Vec<u32>>,
    /// Stem counts: row `d` is document `d` in corpus order, columns are stem ids.
    pub matrix: Matrix,
    /// The matrix's column totals, computed once for every analysis.
    pub sums: ColumnSums,
    /// Distinct words over [`MAX_STEMMED_CHARS`] characters, kept unstemmed.
    pub unstemmed: usize,
    /// Every distinct kept word, in order of first appearance (the surface forms); a word
    /// read in two languages is listed for each.
    pub words: Vec<String>,
    /// The language each of `words` is read in, an index into [`Normaliser::languages`].
    pub word_languages: Vec<u8>,
    /// Each document's language, an index into `languages`.
    pub document_languages: Vec<u8>,
    /// The corpus's languages, as [`Normaliser::languages`] lists them.
    pub languages: Vec<Language>,
    /// Words (every token, stopwords too) whose look-alike letters were folded into the
    /// other script (`text.fold_mixed_scripts`).
    pub script_folds: ScriptFolds,
    /// What each of `text.aliases` caught.
    pub aliases: AliasTally,
    /// Where each of `text.compounds` was found.
    pub compounds: CompoundTally,
    /// Each document's kept words as ids into `words`, in text order; parallel to
    /// `sequences` (for the surface form of an n-gram).
    pub word_sequences: Vec<Vec<u32>>,
}

impl Normaliser {
    /// The same rules with no stemmer: words are counted lowercased, as written (the
    /// `no_stemming` variant of the clusters' sensitivity).
    pub fn unstemmed(&self) -> Normaliser {
        let mut copy = self.clone();
        copy.languages
            .iter_mut()
            .for_each(|rules| rules.stemmer = None);
        copy
    }

    /// A normaliser for one language.
    pub fn single(tokenizer: Tokenizer, rules: LanguageRules) -> Normaliser {
        Normaliser {
            tokenizer,
            languages: vec![rules],
            compounds: Compounds::default(),
            aliases: Aliases::default(),
        }
    }

    /// The normaliser with the study's aliases and compounds, their words normalised as the
    /// corpus's are; a variant or a phrase's word that is not one word is an error.
    pub fn with_study_terms(
        mut self,
        aliases: &[AliasEntry],
        compounds: &[String],
    ) -> Result<Self> {
        let tokenizer = self.tokenizer;
        let one_word = move |written: &str| match tokenizer.words(written).as_slice() {
            [word] => Some(word.text.clone()),
            _ => None,
        };
        self.compounds = Compounds::new(compounds, &one_word)?;
        self.aliases = Aliases::new(aliases, &one_word)?;
        Ok(self)
    }

    /// The kept words of a text in the first language: tokenised, stopwords removed, not yet
    /// stemmed.
    pub fn kept_words(&self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.visit_kept_words(text, 0, &mut |word, _| words.push(word.to_string()));
        words
    }

    /// Calls `visit` with each kept word of `text`, a document in language `document` (an
    /// index into [`Normaliser::languages`]), and the language the word is read in, without
    /// allocating for it.
    pub fn visit_kept_words(&self, text: &str, document: u8, visit: &mut dyn FnMut(&str, u8)) {
        self.visit_kept_words_counting(text, document, &mut ScriptFolds::default(), visit);
    }

    /// As [`Normaliser::visit_kept_words`], and adds to `folds` the words whose look-alike
    /// letters were folded into the other script.
    pub fn visit_kept_words_counting(
        &self,
        text: &str,
        document: u8,
        folds: &mut ScriptFolds,
        visit: &mut dyn FnMut(&str, u8),
    ) {
        let mut words: Vec<String> = Vec::new();
        let keep = |word: &str, visit: &mut dyn FnMut(&str, u8)| {
            let language = self.word_language(word, document);
            if !self.languages[language as usize].stopwords.contains(word) {
                visit(word, language);
            }
        };
        if self.compounds.is_empty() {
            self.tokenizer
                .visit_words_counting(text, folds, &mut |word, _, _| keep(word, visit));
            return;
        }
        self.tokenizer
            .visit_words_counting(text, folds, &mut |word, _, _| words.push(word.to_string()));
        let borrowed: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut at = 0;
        for found in self.compounds.find(&borrowed) {
            for word in &borrowed[at..found.start] {
                keep(word, visit);
            }
            visit(self.compounds.token(found.compound), document | JOINED);
            at = found.start + found.len;
        }
        for word in &borrowed[at..] {
            keep(word, visit);
        }
    }

    /// The language a word of a document in language `document` is read in. With one language,
    /// that one. With several, the word's script decides between English and the Cyrillic
    /// languages: a Latin word is English when English is listed, a Cyrillic word with a
    /// letter only Kazakh has (ә ғ қ ң ө ұ ү һ і) is Kazakh when Kazakh is listed; any other
    /// word is in the document's language, or, a Cyrillic word in an English document, in the
    /// first Cyrillic language listed. So `the` in a Russian post is an English stopword, and
    /// `people` in it is stemmed as English.
    pub fn word_language(&self, word: &str, document: u8) -> u8 {
        if self.languages.len() == 1 {
            return 0;
        }
        let listed = |wanted: Language| {
            self.languages
                .iter()
                .position(|rules| rules.language == wanted)
                .map(|i| i as u8)
        };
        let of_document = self.languages[document as usize].language;
        match word_script(word) {
            Script::Latin => listed(Language::En).unwrap_or(document),
            Script::Cyrillic if has_kazakh_letter(word) => listed(Language::Kk).unwrap_or(document),
            Script::Cyrillic if of_document == Language::En => self
                .languages
                .iter()
                .position(|rules| rules.language != Language::En)
                .map_or(document, |i| i as u8),
            _ => document,
        }
    }

    /// The terms of a short text in the first language (a published term, a keyword), one
    /// by one, as indexing counts them: stems, compounds joined, aliases applied.
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut stems = Vec::new();
        self.visit_kept_words(text, 0, &mut |word, language| {
            stems.push(self.term_of_kept(word, language).0)
        });
        stems
    }

    /// The term a kept word read in `language` counts as (its stem, or the study's alias),
    /// and the alias and variant that matched it.
    pub fn term_of_kept(&self, word: &str, language: u8) -> (String, Option<(u32, u32)>) {
        let stem = self.stem(word, language);
        match self.aliases.term_of(word, &stem) {
            Some(alias) => (self.aliases.term(alias.0).to_string(), Some(alias)),
            None => (stem, None),
        }
    }

    /// The term a word of a document in language `document` counts as, or `None` for a
    /// stopword: the word as [`Normaliser::visit_kept_words`] and indexing read it.
    pub fn term(&self, word: &str, document: u8) -> Option<String> {
        let language = self.word_language(word, document);
        if self.languages[language as usize].stopwords.contains(word) {
            return None;
        }
        Some(self.term_of_kept(word, language).0)
    }

    /// The stem of one kept word read in `language`; a word over [`MAX_STEMMED_CHARS`]
    /// characters is kept as it is.
    pub fn stem(&self, word: &str, language: u8) -> String {
        if language & JOINED != 0 {
            return word.to_string();
        }
        match self.languages[language as usize].stemmer {
            Some(algorithm) if !too_long_to_stem(word) => {
                Stemmer::create(algorithm).stem(word).into_owned()
            }
            _ => word.to_string(),
        }
    }
}

/// Words longer than this are not stemmed. No word of a language is this long; a run such as
/// `yyyy...` is not a word, and the Snowball English stemmer takes time that grows with the
/// square of its length (a 1 MB run took 14.5 s). Search engines drop such tokens for the
/// same reason.
pub const MAX_STEMMED_CHARS: usize = 64;

fn too_long_to_stem(word: &str) -> bool {
    word.len() > MAX_STEMMED_CHARS && word.chars().count() > MAX_STEMMED_CHARS
}

/// Indexes `texts` (one per document, in corpus order), all in the first language.
pub fn index(texts: &[&str], normaliser: &Normaliser) -> Indexed {
    index_in(texts, &vec![0; texts.len()], normaliser)
}

/// Indexes `texts`, each in its language (`languages[d]`, an index into
/// [`Normaliser::languages`]).
pub fn index_in(texts: &[&str], languages: &[u8], normaliser: &Normaliser) -> Indexed {
    let block = (texts.len() / (4 * rayon::current_num_threads())).max(256);
    let tokenise = progress::start("tokenise", Unit::Posts, texts.len() as u64);
    let blocks: Vec<Block> = texts
        .par_chunks(block)
        .zip(languages.par_chunks(block))
        .enumerate()
        .map(|(b, (texts, languages))| {
            let numbered = number_block(texts, languages, b * block, normaliser);
            tokenise.advance(texts.len() as u64);
            numbered
        })
        .collect();
    drop(tokenise);
    let mut script_folds = ScriptFolds::default();
    let mut compounds = CompoundTally::new(&normaliser.compounds);
    for block in &blocks {
        script_folds += block.folds;
    }
    let blocks: Vec<Block> = blocks
        .into_iter()
        .map(|mut block| {
            compounds.merge(std::mem::take(&mut block.compounds));
            block
        })
        .collect();
    let (distinct, word_sequences) = number_words(blocks, normaliser.languages.len());
    let unstemmed = distinct.iter().filter(|(_, w)| too_long_to_stem(w)).count();
    let stem = progress::start("stem", Unit::Words, distinct.len() as u64);
    let (stems, alias_of_word): (Vec<String>, Vec<Option<(u32, u32)>>) = distinct
        .par_iter()
        .map(|(language, word)| {
            let term = normaliser.term_of_kept(word, *language);
            stem.advance(1);
            term
        })
        .unzip();
    drop(stem);
    let (stem_names, stem_of_word) = number_stems(stems);
    let sequences: Vec<Vec<u32>> = word_sequences
        .par_iter()
        .map(|seq| seq.iter().map(|&w| stem_of_word[w as usize]).collect())
        .collect();
    let (word_languages, words): (Vec<u8>, Vec<String>) = distinct
        .into_iter()
        .map(|(language, word)| (language & !JOINED, word))
        .unzip();
    let occurrences = word_occurrences(&word_sequences, words.len());
    let aliases = alias_tally(&normaliser.aliases, &alias_of_word, &words, &word_sequences);
    let forms = most_frequent_forms(&words, &occurrences, &stem_of_word, stem_names.len());
    let stem_languages = main_languages(
        &word_languages,
        &occurrences,
        &stem_of_word,
        stem_names.len(),
    );
    let matrix = Matrix::from_sequences(&sequences, stem_names.len());
    let sums = matrix.column_sums();
    Indexed {
        vocabulary: Vocabulary {
            stems: stem_names,
            forms,
            languages: stem_languages,
        },
        sequences,
        matrix,
        sums,
        unstemmed,
        words,
        word_languages,
        word_sequences,
        document_languages: languages.to_vec(),
        languages: normaliser.languages.iter().map(|r| r.language).collect(),
        script_folds,
        aliases,
        compounds,
    }
}

/// What each alias caught: the words, their occurrences, and the documents holding them.
fn alias_tally(
    aliases: &Aliases,
    alias_of_word: &[Option<(u32, u32)>],
    words: &[String],
    sequences: &[Vec<u32>],
) -> AliasTally {
    let mut tally = AliasTally::new(aliases);
    if aliases.is_empty() {
        return tally;
    }
    for (document, sequence) in sequences.iter().enumerate() {
        for &word in sequence {
            if let Some(alias) = alias_of_word[word as usize] {
                tally.add(alias, &words[word as usize], document as u32);
            }
        }
    }
    tally
}

/// The kept words of a block of documents with the language each is read in, numbered within
/// the block in order of first appearance.
struct Block {
    words: Vec<(u8, String)>,
    sequences: Vec<Vec<u32>>,
    folds: ScriptFolds,
    compounds: CompoundTally,
}

/// The slot of a word's numbering table: one per language, and one per language for
/// compounds' tokens.
fn slot(language: u8, languages: usize) -> usize {
    let base = (language & !JOINED) as usize;
    if language & JOINED != 0 {
        base + languages
    } else {
        base
    }
}

fn number_block(texts: &[&str], languages: &[u8], first: usize, normaliser: &Normaliser) -> Block {
    let listed = normaliser.languages.len();
    let mut ids: Vec<HashMap<String, u32>> = vec![HashMap::default(); 2 * listed];
    let mut words = Vec::new();
    let mut folds = ScriptFolds::default();
    let mut compounds = CompoundTally::new(&normaliser.compounds);
    let sequences = texts
        .iter()
        .zip(languages)
        .enumerate()
        .map(|(d, (text, &document))| {
            let mut sequence = Vec::new();
            let visit = &mut |word: &str, language: u8| {
                if language & JOINED != 0 {
                    if let Some(compound) = normaliser.compounds.id_of_token(word) {
                        compounds.add(compound, (first + d) as u32);
                    }
                }
                let ids = &mut ids[slot(language, listed)];
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = words.len() as u32;
                        words.push((language, word.to_string()));
                        ids.insert(word.to_string(), id);
                        id
                    }
                };
                sequence.push(id);
            };
            normaliser.visit_kept_words_counting(text, document, &mut folds, visit);
            sequence
        })
        .collect();
    Block {
        words,
        sequences,
        folds,
        compounds,
    }
}

/// Numbers the words of the whole corpus in order of first appearance: blocks are merged in
/// corpus order, so the numbering is the same whatever the number of blocks or threads. A
/// word is its text and the language it is read in, since that decides its stem.
fn number_words(blocks: Vec<Block>, languages: usize) -> (Vec<(u8, String)>, Vec<Vec<u32>>) {
    let mut ids: Vec<HashMap<String, u32>> = vec![HashMap::default(); 2 * languages];
    let mut distinct: Vec<(u8, String)> = Vec::new();
    let mut renumbered = Vec::with_capacity(blocks.len());
    for block in blocks {
        let global: Vec<u32> = block
            .words
            .into_iter()
            .map(|(language, word)| {
                *ids[slot(language, languages)]
                    .entry(word)
                    .or_insert_with_key(|word| {
                        distinct.push((language, word.clone()));
                        (distinct.len() - 1) as u32
                    })
            })
            .collect();
        renumbered.push((global, block.sequences));
    }
    let sequences = renumbered
        .into_par_iter()
        .flat_map_iter(|(global, sequences)| {
            sequences
                .into_iter()
                .map(move |s| s.iter().map(|&w| global[w as usize]).collect::<Vec<u32>>())
        })
        .collect();
    (distinct, sequences)
}

/// Numbers the stems in order of their first word; returns the stems and each word's stem.
fn number_stems(stems: Vec<String>) -> (Vec<String>, Vec<u32>) {
    let mut ids: HashMap<String, u32> = HashMap::default();
    let mut names = Vec::new();
    let stem_of_word = stems
        .into_iter()
        .map(|stem| {
            *ids.entry(stem).or_insert_with_key(|stem| {
                names.push(stem.clone());
                (names.len() - 1) as u32
            })
        })
        .collect();
    (names, stem_of_word)
}

fn word_occurrences(sequences: &[Vec<u32>], words: usize) -> Vec<u64> {
    let mut occurrences = vec![0u64; words];
    for &word in sequences.iter().flatten() {
        occurrences[word as usize] += 1;
    }
    occurrences
}

fn most_frequent_forms(
    words: &[String],
    occurrences: &[u64],
    stem_of_word: &[u32],
    stems: usize,
) -> Vec<String> {
    let mut best: Vec<Option<usize>> = vec![None; stems];
    for (word, &stem) in stem_of_word.iter().enumerate() {
        let slot = &mut best[stem as usize];
        let better = match *slot {
            None => true,
            Some(b) => (occurrences[word], &words[b]) > (occurrences[b], &words[word]),
        };
        if better {
            *slot = Some(word);
        }
    }
    best.into_iter()
        .map(|w| w.map_or_else(String::new, |w| words[w].clone()))
        .collect()
}

/// Each stem's main language: the one its words are read in most often (ties: the first
/// listed).
fn main_languages(
    word_languages: &[u8],
    occurrences: &[u64],
    stem_of_word: &[u32],
    stems: usize,
) -> Vec<u8> {
    let languages = word_languages.iter().max().map_or(1, |&l| l as usize + 1);
    if languages == 1 {
        return vec![0; stems];
    }
    let mut tally = vec![0u64; stems * languages];
    for (word, &stem) in stem_of_word.iter().enumerate() {
        tally[stem as usize * languages + word_languages[word] as usize] += occurrences[word];
    }
    tally
        .chunks(languages)
        .map(|counts| {
            let top = counts.iter().max().copied().unwrap_or(0);
            counts.iter().position(|&c| c == top).unwrap_or(0) as u8
        })
        .collect()
}

impl Csr<u32> {
    /// Counts each document's stems.
    pub fn from_sequences(sequences: &[Vec<u32>], terms: usize) -> Self {
        let count = progress::start("count", Unit::Posts, sequences.len() as u64);
        let rows: Vec<Vec<(u32, u32)>> = sequences
            .par_iter()
            .map(|s| {
                let row = row_counts(s);
                count.advance(1);
                row
            })
            .collect();
        let mut matrix = Csr::new(terms);
        for row in rows {
            matrix.push_row(row);
        }
        matrix
    }

    /// Per term: occurrences, documents containing it, and the sum of squared counts.
    pub fn column_sums(&self) -> ColumnSums {
        let mut sums = ColumnSums {
            count: vec![0; self.width()],
            support: vec![0; self.width()],
            squares: vec![0; self.width()],
        };
        for (column, count) in self.entries() {
            let c = column as usize;
            sums.count[c] += u64::from(count);
            sums.support[c] += 1;
            sums.squares[c] += u64::from(count) * u64::from(count);
        }
        sums
    }
}

/// Column totals of the matrix.
#[derive(Debug, Clone, Default)]
pub struct ColumnSums {
    /// Occurrences of each stem in the corpus, by stem id.
    pub count: Vec<u64>,
    /// Documents holding each stem at least once, by stem id.
    pub support: Vec<u64>,
    /// Each stem's squared counts summed over the documents, by stem id (for correlations).
    pub squares: Vec<u64>,
}

fn row_counts(sequence: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = sequence.to_vec();
    sorted.sort_unstable();
    let mut row: Vec<(u32, u32)> = Vec::new();
    for term in sorted {
        match row.last_mut() {
            Some((last, count)) if *last == term => *count += 1,
            _ => row.push((term, 1)),
        }
    }
    row
}

/// The default English normaliser, with the built-in stopwords and stems (`full`) or with
/// neither, for the unit tests of the text stages.
#[cfg(test)]
pub(crate) fn english(full: bool) -> Normaliser {
    Normaliser::single(
        Tokenizer::defaults(Language::En),
        LanguageRules {
            language: Language::En,
            stopwords: if full {
                Stopwords::builtin(Language::En)
            } else {
                Stopwords::default()
            },
            stemmer: full.then_some(Algorithm::English),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_forms_and_counts_by_hand() {
        let texts = [
            "Human rights of people, human rights!",
            "The country and its countries.",
            "Peoples: people.",
        ];
        let indexed = index(&texts, &english(true));
        let v = &indexed.vocabulary;
        assert_eq!(v.stems, ["human", "right", "peopl", "countri"]);
        // "countries" and "country" tie once each: the first in byte order wins.
        assert_eq!(v.forms, ["human", "rights", "people", "countries"]);
        assert_eq!(
            indexed.sequences,
            [vec![0, 1, 2, 0, 1], vec![3, 3], vec![2, 2]]
        );
        let m = &indexed.matrix;
        assert_eq!(m.row(0), (&[0, 1, 2][..], &[2, 2, 1][..]));
        assert_eq!(m.get(1, 3), Some(2));
        assert_eq!(m.get(1, 0), None);
        let sums = m.column_sums();
        assert_eq!(sums.count, [2, 2, 3, 2]);
        assert_eq!(sums.support, [1, 1, 2, 1]);
        assert_eq!(sums.squares, [4, 4, 5, 4]);
    }

    #[test]
    fn a_document_without_terms_is_an_empty_row() {
        let indexed = index(&["the and of", "word"], &english(true));
        assert_eq!(indexed.matrix.rows(), 2);
        assert_eq!(indexed.matrix.row(0).0.len(), 0);
        assert_eq!(indexed.vocabulary.stems, ["word"]);
    }
}
