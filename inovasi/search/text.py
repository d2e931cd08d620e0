"""Indonesian text normalisation for the search index: lower-case words, Sastrawi stems, no stop words.

Documents and queries go through the same `stems()` so "pengolahan sampah" and "mengolah sampah"
both become "olah sampah". Sastrawi is slow per call (dictionary look-ups and affix rules), so
each distinct word is stemmed once per process (`stem_word` is cached).
"""

import re
from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

_WORD = re.compile(r"[0-9a-z]+")

# Sastrawi's list plus a few words every innovation text carries, which would only add noise to
# "similar innovations" and nothing to a search.
STOP_WORDS = frozenset(StopWordRemoverFactory().get_stop_words()) | {"inovasi", "program", "kota", "kabupaten"}


class _SetDictionary(ArrayDictionary):
    """Sastrawi's root-word dictionary with set look-ups (its own list look-up costs ~0.1 s a word)."""

    def __init__(self, words):
        super().__init__()
        self.words = {word for word in words if word and word.strip()}

    def add(self, word):
        if word and word.strip():
            self.words.add(word)


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer(_SetDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The Sastrawi stem of one lower-case word ("pengolahan" → "olah"); the word itself if none."""
    return _stemmer().stem(word) or word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# word → its stem, or "" when the word or its stem is a stop word; one dict per `keep_stop_words`.
# Indexing 100,000 innovations looks up ~20 million words: a dict lookup per word, not a call.
_STEMS: dict[bool, dict[str, str]] = {False: {}, True: {}}
_STEMS_MAX = 500_000


def _stem_or_drop(word: str, keep_stop_words: bool) -> str:
    if keep_stop_words:
        return stem_word(word)
    if word in STOP_WORDS:
        return ""
    stem = stem_word(word)
    return "" if stem in STOP_WORDS else stem


def stems(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stems of `text` in order, stop words removed (they are removed before and after stemming)."""
    cache = _STEMS[keep_stop_words]
    if len(cache) > _STEMS_MAX:
        cache.clear()
    found = _WORD.findall(text.lower())
    stemmed = list(map(cache.get, found))  # the common case stays in C: every word seen before
    if None in stemmed:
        for index, stem in enumerate(stemmed):
            if stem is None:
                word = found[index]
                stemmed[index] = cache[word] = _stem_or_drop(word, keep_stop_words)
    return [stem for stem in stemmed if stem]
