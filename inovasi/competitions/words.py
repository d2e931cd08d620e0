"""Counting words the same way on the server and in the browser (`static/inovasi/proposal-words.js`).

A word is a maximal run of non-whitespace characters. The JS counter uses the same definition
(`text.split(/\\s+/)` without empty pieces), so the live count and the server's verdict agree.
"""

import re
import unicodedata

_WORD = re.compile(r"\S+")


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def normalise_title(title: str) -> str:
    """A title reduced for duplicate detection: case, accents, punctuation and spacing ignored.

    "PENTAS  GEMILANG!" and "Pentas Gemilang" are the same title.
    """
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())
