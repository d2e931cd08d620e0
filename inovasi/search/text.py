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


def stems(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stems of `text` in order, stop words removed (they are removed before and after stemming)."""
    result = []
    for word in words(text):
        if not keep_stop_words and word in STOP_WORDS:
            continue
        stem = stem_word(word)
        if keep_stop_words or stem not in STOP_WORDS:
            result.append(stem)
    return result
