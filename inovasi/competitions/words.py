"""Counting words the same way on the server and in the browser (`static/inovasi/word-rule.js`).

A word is a maximal run of characters that are not separators. Separators are not only the ASCII
spaces `str.split()` knows: every Unicode space and line/paragraph separator (categories Zs, Zl,
Zp), every invisible format character (category Cf: zero-width space U+200B, joiners, bidi marks,
the byte-order mark, tag characters) and the characters that render as a blank although Unicode
calls them letters or symbols (Braille blank U+2800, Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
variation selectors, the combining grapheme joiner). Without this, 800 words joined by U+200B
count as one.

The separators are one table of code-point ranges, `SEPARATOR_RANGES`; the browser counter
carries the same table (a test compares the two and runs the JS on the same cases), so the live
count and the server's verdict agree. Known cost: a soft hyphen (U+00AD) inside a word splits it.

A section also has a character cap (`FormSection.char_limit`, code points counted by
`count_chars`), so no one stores a megabyte in a 200-word section.
"""

import re
import unicodedata

# (first, last) code points, inclusive, sorted. Python's `unicodedata` 14.0 Z* and Cf, the
# characters `str.isspace()` accepts, and the blank-looking ones listed in the module docstring.
SEPARATOR_RANGES: tuple[tuple[int, int], ...] = (
    (0x9, 0xD),
    (0x1C, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0xAD, 0xAD),
    (0x34F, 0x34F),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D159, 0x1D159),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
)

_CLASS = "".join(
    f"\\U{first:08X}" if first == last else f"\\U{first:08X}-\\U{last:08X}" for first, last in SEPARATOR_RANGES
)
_WORD = re.compile(f"[^{_CLASS}]+")


def is_separator(char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in SEPARATOR_RANGES)


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def count_chars(text: str | None) -> int:
    """Characters (code points) as stored: what `FormSection.char_limit` caps."""
    return len(text or "")


def normalise_title(title: str) -> str:
    """A title reduced for duplicate detection: case, accents, punctuation and spacing ignored.

    "PENTAS  GEMILANG!" and "Pentas Gemilang" are the same title.
    """
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())
