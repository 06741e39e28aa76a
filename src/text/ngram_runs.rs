//! Counting n-grams in bounded memory: a table in memory until the budget is reached, then
//! sorted runs on disk, merged at the end.
//!
//! The n-gram table is the one structure of the text stages that grows faster than the
//! corpus. Documents are counted in batches (each batch in parallel, on packed `u128` keys);
//! when the table's entries would take more than the [`MemoryBudget`], it is sorted by key
//! and written to a run file in a temporary folder, and counting goes on with an empty
//! table. At the end the runs are merged in key order, adding the tallies of equal keys: a
//! document lies in one batch only, so supports add up exactly as in memory, and the result
//! is the same whatever the budget. The folder is removed when counting ends, whether it
//! succeeded or not. Without a spill nothing touches the disk.

use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::budget::MemoryBudget;
use crate::error::{Error, Result};

/// An n-gram's occurrences and documents; `last_document` (within a batch) tells a new
/// document from the one being counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Occurrences.
    pub count: u64,
    /// Documents holding the n-gram at least once.
    pub support: u64,
    last_document: u32,
}

/// Packed n-gram keys and their tallies.
pub type Counted = HashMap<u128, Tally>;

/// Bytes an entry of the table may cost at its worst: 40 for the key and tally, the table's
/// control byte, up to twice that while the table grows, and the 32 bytes of the sorted run
/// it becomes when spilled. Dividing the budget by this gives the entries held at most.
pub const ENTRY_BYTES: u64 = 128;

/// Documents counted between two looks at the table's size, at most.
const BATCH_DOCUMENTS: usize = 65_536;

/// What counting found: how many distinct n-grams, and those kept (unsorted).
#[derive(Debug, Default)]
pub struct Counts {
    /// Distinct n-grams, kept or not.
    pub distinct: usize,
    /// Packed keys and tallies of the n-grams in at least `min_support` documents.
    pub kept: Vec<(u128, Tally)>,
    /// How many runs were written to disk (0 when the table fitted the budget).
    pub runs: usize,
}

/// Counts every window of `n` stems of `sequences` (keys packed `bits` bits a stem) and keeps
/// those in at least `min_support` documents, holding at most `budget` of table in memory.
pub fn count(
    sequences: &[Vec<u32>],
    n: usize,
    bits: u32,
    min_support: u64,
    budget: MemoryBudget,
) -> Result<Counts> {
    let limit = usize::try_from((budget.get() / ENTRY_BYTES).max(1)).unwrap_or(usize::MAX);
    // About 32 windows a document: a batch never adds more than the budget holds.
    let batch = (limit / 32).clamp(1, BATCH_DOCUMENTS);
    let mut table = Counted::default();
    let mut runs: Option<Runs> = None;
    for documents in sequences.chunks(batch) {
        table = merge(table, count_parallel(documents, n, bits, &|_| true));
        if table.len() >= limit {
            let spilled = match &mut runs {
                Some(runs) => runs,
                None => runs.insert(Runs::new()?),
            };
            spilled.write(&mut table)?;
        }
    }
    let Some(mut runs) = runs else {
        let distinct = table.len();
        let kept = table
            .into_iter()
            .filter(|(_, t)| t.support >= min_support)
            .collect();
        return Ok(Counts {
            distinct,
            kept,
            runs: 0,
        });
    };
    if !table.is_empty() {
        runs.write(&mut table)?;
    }
    drop(table);
    runs.merge(min_support)
}

/// Counts the windows of `documents` that `wanted` accepts, in blocks in parallel.
pub fn count_parallel(
    documents: &[Vec<u32>],
    n: usize,
    bits: u32,
    wanted: &(dyn Fn(&[u32]) -> bool + Sync),
) -> Counted {
    let block = (documents.len() / (4 * rayon::current_num_threads())).max(512);
    documents
        .par_chunks(block)
        .map(|block| count_block(block, n, bits, wanted))
        .reduce(Counted::default, merge)
}

fn count_block(
    block: &[Vec<u32>],
    n: usize,
    bits: u32,
    wanted: &(dyn Fn(&[u32]) -> bool + Sync),
) -> Counted {
    let mut counted = Counted::default();
    for (document, sequence) in block.iter().enumerate() {
        let document = document as u32;
        for window in sequence.windows(n).filter(|w| wanted(w)) {
            let key = window.iter().enumerate().fold(0u128, |key, (i, &id)| {
                key | (u128::from(id) << (bits * i as u32))
            });
            let tally = counted.entry(key).or_insert(Tally {
                last_document: u32::MAX,
                ..Tally::default()
            });
            tally.count += 1;
            if tally.last_document != document {
                tally.support += 1;
                tally.last_document = document;
            }
        }
    }
    counted
}

/// The tallies of two tables over different documents, added.
pub fn merge(a: Counted, b: Counted) -> Counted {
    let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (key, tally) in small {
        let into = big.entry(key).or_default();
        into.count += tally.count;
        into.support += tally.support;
    }
    big
}

/// The sorted runs written so far, in a temporary folder removed when this is dropped.
struct Runs {
    folder: tempfile::TempDir,
    files: Vec<PathBuf>,
}

/// A run's record: key, count, support, little-endian.
const RECORD: usize = 32;

impl Runs {
    fn new() -> Result<Runs> {
        let parent = std::env::temp_dir();
        let folder = tempfile::Builder::new()
            .prefix("mobilize-ngrams-")
            .tempdir_in(&parent)
            .map_err(|source| Error::write(&parent, source))?;
        Ok(Runs {
            folder,
            files: Vec::new(),
        })
    }

    /// Writes `table` sorted by key as the next run, and empties it.
    fn write(&mut self, table: &mut Counted) -> Result<()> {
        let mut entries: Vec<(u128, Tally)> = table.drain().collect();
        *table = Counted::default();
        entries.par_sort_unstable_by_key(|&(key, _)| key);
        let path = self
            .folder
            .path()
            .join(format!("run-{:05}", self.files.len()));
        let failed = |source| Error::write(&path, source);
        let mut out = BufWriter::new(File::create(&path).map_err(failed)?);
        for (key, tally) in entries {
            out.write_all(&key.to_le_bytes()).map_err(failed)?;
            out.write_all(&tally.count.to_le_bytes()).map_err(failed)?;
            out.write_all(&tally.support.to_le_bytes())
                .map_err(failed)?;
        }
        out.flush().map_err(failed)?;
        self.files.push(path);
        Ok(())
    }

    /// Merges the runs in key order, adding equal keys' tallies.
    fn merge(self, min_support: u64) -> Result<Counts> {
        let mut readers = self
            .files
            .iter()
            .map(|path| RunReader::open(path))
            .collect::<Result<Vec<_>>>()?;
        let mut heads = BinaryHeap::new();
        for (run, reader) in readers.iter_mut().enumerate() {
            if let Some((key, tally)) = reader.next()? {
                heads.push(std::cmp::Reverse((key, run, tally.count, tally.support)));
            }
        }
        let mut counts = Counts {
            runs: self.files.len(),
            ..Counts::default()
        };
        let mut current: Option<(u128, Tally)> = None;
        while let Some(std::cmp::Reverse((key, run, count, support))) = heads.pop() {
            if let Some(next) = readers[run].next()? {
                heads.push(std::cmp::Reverse((
                    next.0,
                    run,
                    next.1.count,
                    next.1.support,
                )));
            }
            match &mut current {
                Some((at, tally)) if *at == key => {
                    tally.count += count;
                    tally.support += support;
                }
                _ => {
                    counts.finish(current.take(), min_support);
                    current = Some((
                        key,
                        Tally {
                            count,
                            support,
                            last_document: 0,
                        },
                    ));
                }
            }
        }
        counts.finish(current, min_support);
        Ok(counts)
    }
}

impl Counts {
    fn finish(&mut self, entry: Option<(u128, Tally)>, min_support: u64) {
        if let Some((key, tally)) = entry {
            self.distinct += 1;
            if tally.support >= min_support {
                self.kept.push((key, tally));
            }
        }
    }
}

/// Reads one run's records back in order.
struct RunReader<'a> {
    path: &'a Path,
    input: BufReader<File>,
}

impl<'a> RunReader<'a> {
    fn open(path: &'a Path) -> Result<RunReader<'a>> {
        let file = File::open(path).map_err(|source| Error::read(path, source))?;
        Ok(RunReader {
            path,
            input: BufReader::new(file),
        })
    }

    fn next(&mut self) -> Result<Option<(u128, Tally)>> {
        let mut record = [0u8; RECORD];
        match self.input.read_exact(&mut record) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(source) => return Err(Error::read(self.path, source)),
        }
        let word = |at: usize| u64::from_le_bytes(record[at..at + 8].try_into().unwrap_or([0; 8]));
        let key = u128::from_le_bytes(record[..16].try_into().unwrap_or([0; 16]));
        Ok(Some((
            key,
            Tally {
                count: word(16),
                support: word(24),
                last_document: 0,
            },
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut kept: Vec<(u128, Tally)>) -> Vec<(u128, u64, u64)> {
        kept.sort_unstable_by_key(|&(key, _)| key);
        kept.into_iter()
            .map(|(key, t)| (key, t.count, t.support))
            .collect()
    }

    /// Bigrams of ids packed 32 bits each, by hand: [1 2 1 2] and [1 2] hold "1 2" three
    /// times in two documents and "2 1" once.
    #[test]
    fn spilled_runs_merge_to_the_hand_counts() {
        let sequences = vec![vec![1, 2, 1, 2], vec![1, 2], vec![]];
        let one_two = 1 | (2u128 << 32);
        let two_one = 2 | (1u128 << 32);
        for budget in [MemoryBudget::DEFAULT, MemoryBudget::bytes(1)] {
            let counts = count(&sequences, 2, 32, 1, budget).unwrap();
            assert_eq!(counts.distinct, 2);
            assert_eq!(
                sorted(counts.kept),
                [(two_one, 1, 1), (one_two, 3, 2)],
                "{budget}"
            );
        }
        let spilled = count(&sequences, 2, 32, 2, MemoryBudget::bytes(1)).unwrap();
        assert_eq!(spilled.runs, 2, "one run a document with windows");
        assert_eq!(sorted(spilled.kept), [(one_two, 3, 2)]);
    }

    proptest::proptest! {
        /// Any budget gives what counting in memory gives: the same distinct n-grams, the same
        /// kept ones with the same tallies.
        #[test]
        fn spilling_changes_nothing(
            sequences in proptest::collection::vec(
                proptest::collection::vec(0u32..6, 0..12),
                1..40,
            ),
            n in 1usize..4,
            entries in 1u64..20,
            min_support in 1u64..3,
        ) {
            let bits = (128 / n as u32).min(32);
            let in_memory = count(&sequences, n, bits, min_support, MemoryBudget::DEFAULT).unwrap();
            proptest::prop_assert_eq!(in_memory.runs, 0);
            let budget = MemoryBudget::bytes(entries * ENTRY_BYTES);
            let spilled = count(&sequences, n, bits, min_support, budget).unwrap();
            proptest::prop_assert_eq!(spilled.distinct, in_memory.distinct);
            proptest::prop_assert_eq!(sorted(spilled.kept), sorted(in_memory.kept));
        }
    }

    #[test]
    fn the_runs_folder_is_removed() {
        let mut runs = Runs::new().unwrap();
        let folder = runs.folder.path().to_path_buf();
        let mut table = Counted::default();
        table.insert(7, Tally::default());
        runs.write(&mut table).unwrap();
        assert!(folder.join("run-00000").is_file());
        drop(runs);
        assert!(!folder.exists());
    }
}
