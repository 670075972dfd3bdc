//! Where the most of a query's different words stand together in a text: the passage a snippet
//! of a search for several words should show, rather than the first place one of them occurs.

use std::ops::Range;

/// Where one of a query's words occurs in a text, and which of them it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub range: Range<usize>,
    pub word: usize,
}

/// Which of `words` numbered words `occurrences` hold.
pub(crate) fn words_held(occurrences: &[Occurrence], words: usize) -> Vec<bool> {
    let mut held = vec![false; words];
    for occurrence in occurrences {
        held[occurrence.word] = true;
    }
    held
}

/// The first stretch no longer than `span` bytes that holds the most different words of
/// `occurrences` (in the order they start, each word numbered below `words`), from the start of
/// its first occurrence to the end of its last, with how many words it holds. Of the stretches
/// that overlap it and hold as many, the shortest: "clinic … Lambda clinic" is shown from
/// "Lambda", not from the lone "clinic" before.
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
        // Every word held, and no stretch from here on can overlap the one kept.
        if let Some((shown, most)) = &best
            && *most == words
            && added.range.end >= shown.end + span
        {
            break;
        }
        holds += usize::from(held[added.word] == 0);
        held[added.word] += 1;
        // Past the span, or opening on a word held again further on.
        while first < last
            && (added.range.end - occurrences[first].range.start > span
                || held[occurrences[first].word] > 1)
        {
            let dropped = occurrences[first].word;
            held[dropped] -= 1;
            holds -= usize::from(held[dropped] == 0);
            first += 1;
        }
        // A word that starts earlier may end later ("women's" beside "women").
        let end = occurrences[first..=last].iter().map(|o| o.range.end).max();
        let stretch = occurrences[first].range.start..end.unwrap_or(added.range.end);
        let better = best.as_ref().is_none_or(|(shown, most)| {
            holds > *most
                || (holds == *most && stretch.len() < shown.len() && stretch.start < shown.end)
        });
        if better {
            best = Some((stretch, holds));
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
        assert_eq!(words_held(&found, 3), [true, true, false]);
        assert_eq!(densest(&found, 160, 2), Some((20..35, 2)));
    }

    #[test]
    fn the_stretch_opens_on_the_words_that_stand_together() {
        // "clinic … Lambda clinic": not from the lone "clinic" before.
        let found = [at(0, 1), at(150, 0), at(157, 1)];
        assert_eq!(densest(&found, 160, 2), Some((150..162, 2)));
        // One word within another that starts before it.
        let found = [Occurrence { range: 0..7, word: 0 }, at(0, 1)];
        assert_eq!(densest(&found, 160, 2), Some((0..7, 2)));
    }

    #[test]
    fn a_word_longer_than_the_span_is_still_a_stretch() {
        let found = [Occurrence { range: 0..200, word: 0 }];
        assert_eq!(densest(&found, 160, 2), Some((0..200, 1)));
    }
}
