//! Where the most of a query's different words stand together in a text: the passage a snippet
//! of a search for several words should show, rather than the first place one of them occurs.

use std::ops::Range;

/// Where one of a query's words occurs in a text, and which of them it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub range: Range<usize>,
    pub word: usize,
}

/// How many different words `occurrences` hold.
pub(crate) fn different_words(occurrences: &[Occurrence]) -> usize {
    let mut words: Vec<usize> = occurrences.iter().map(|o| o.word).collect();
    words.sort_unstable();
    words.dedup();
    words.len()
}

/// The first stretch no longer than `span` bytes that holds the most different words of
/// `occurrences` (in the order they occur, each word numbered below `words`), from the start of
/// its first occurrence to the end of its last, with how many words it holds.
pub(crate) fn densest(
    occurrences: &[Occurrence],
    span: usize,
    words: usize,
) -> Option<(Range<usize>, usize)> {
    // Each word's occurrences in the stretch from `first` to the one being added.
    let mut held = vec![0usize; words];
    let mut holds = 0;
    let mut best: Option<(Range<usize>, usize)> = None;
    let mut first = 0;
    for (last, added) in occurrences.iter().enumerate() {
        holds += usize::from(held[added.word] == 0);
        held[added.word] += 1;
        while added.range.end - occurrences[first].range.start > span {
            let dropped = occurrences[first].word;
            held[dropped] -= 1;
            holds -= usize::from(held[dropped] == 0);
            first += 1;
        }
        if best.as_ref().is_none_or(|(_, most)| holds > *most) {
            best = Some((occurrences[first].range.start..occurrences[last].range.end, holds));
            if holds == words {
                break;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: usize, word: usize) -> Occurrence {
        Occurrence { range: start..start + 5, word }
    }

    #[test]
    fn the_first_stretch_holding_every_word_is_taken() {
        let found = [at(0, 0), at(100, 0), at(400, 1), at(450, 0), at(900, 1), at(910, 0)];
        assert_eq!(densest(&found, 160, 2), Some((400..455, 2)));
    }

    #[test]
    fn without_every_word_anywhere_the_stretch_holding_most_is_taken() {
        let found = [at(0, 0), at(300, 1), at(320, 2), at(600, 0), at(610, 2)];
        assert_eq!(densest(&found, 160, 3), Some((300..325, 2)));
    }

    #[test]
    fn words_farther_apart_than_the_span_are_not_together() {
        let found = [at(0, 0), at(200, 1), at(400, 0)];
        assert_eq!(densest(&found, 160, 2), Some((0..5, 1)));
        assert_eq!(densest(&found, 205, 2), Some((0..205, 2)));
        assert_eq!(densest(&[], 160, 2), None);
    }

    #[test]
    fn a_word_counts_once_however_often_it_occurs() {
        let found = [at(0, 0), at(10, 0), at(20, 0), at(30, 1)];
        assert_eq!(different_words(&found), 2);
        assert_eq!(densest(&found, 160, 2), Some((0..35, 2)));
    }
}
