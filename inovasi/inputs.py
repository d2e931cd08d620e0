"""Reading typed values from query strings, POST bodies and text fields: parse, don't crash.

A bad value meets one of two answers, never a 500:
- a *filter* (a query-string narrowing a list) ignores it: `int_param`, `id_param`, `year_param`
  return None (or the default) and the page shows as if the parameter were absent;
- a *command* (a POST naming what to act on) refuses it with 400 and an Indonesian message:
  `require_id` raises `InvalidInput`, rendered by `public.views.errors.bad_request`.

Only ASCII digits count as a number: `"²".isdigit()` is true but `int("²")` raises, and
`int("٣")` (Arabic-Indic three) parses, which no Indonesian user means. The bounds below are data:
forms, services and the fuzzer (`tests_security/test_input_fuzzing.py`) read them from here.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext as _

# Bounds (see docs/security.md, "Input bounds").
YEAR_MIN, YEAR_MAX = 1900, 2100
ID_MAX = 2**63 - 1  # a primary key never exceeds a signed 64-bit integer (PostgreSQL bigint, SQLite)
INT_MAX = 2**31 - 1  # counters, versions, positions
NAME_MAX_CHARS = 300  # a one-line name or title (innovation name, proposal title)
TEXT_MAX_CHARS = 20_000  # one free-text field (a narrative section, a note, a reason)
URL_MAX_CHARS = 2_000
FORMSET_MAX_ROWS = 50  # rows of any formset (rubric criteria); a forged TOTAL_FORMS builds no more

_ASCII_INT = re.compile(r"-?[0-9]{1,19}")
WEB_SCHEMES = ("http", "https")


class InvalidInput(BadRequest):
    """A request parameter that cannot mean anything; its message (Indonesian) is shown on the 400 page."""


def parse_int(raw, *, lo: int | None = None, hi: int | None = None) -> int | None:
    """`raw` as an int when it is ASCII digits (optionally negative) within [lo, hi], else None."""
    if not isinstance(raw, str) or not _ASCII_INT.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return None
    return value


def parse_id(raw) -> int | None:
    """A primary key: a positive integer a database can hold, else None."""
    return parse_int(raw, lo=1, hi=ID_MAX)


def parse_year(raw) -> int | None:
    return parse_int(raw, lo=YEAR_MIN, hi=YEAR_MAX)


def parse_ids(values) -> list[int]:
    """Every valid primary key among `values` (e.g. `request.POST.getlist("proposals")`), in order."""
    return [pk for pk in (parse_id(v) for v in values) if pk is not None]


def int_param(data, key: str, default: int | None = None, *, lo: int | None = None, hi: int | None = None):
    """A filter's integer from `data` (request.GET/POST); a missing or bad value gives `default`."""
    value = parse_int(data.get(key), lo=lo, hi=hi)
    return default if value is None else value


def id_param(data, key: str) -> int | None:
    return parse_id(data.get(key))


def year_param(data, key: str) -> int | None:
    return parse_year(data.get(key))


def require_id(data, key: str) -> int:
    """The primary key a command acts on; a missing or malformed one is a 400, not a 500."""
    value = parse_id(data.get(key))
    if value is None:
        raise InvalidInput(_("Permintaan tidak valid: isian “%(field)s” harus berupa nomor.") % {"field": key})
    return value


# Text -------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_CONTROL = ("Cc", "Cs")  # control characters and lone surrogates; format characters (ZWJ) stay


def single_line(value: str) -> str:
    """A name or title on one line: control characters dropped, newlines/tabs and runs of spaces
    folded into one space, trimmed. A name with a newline once broke every mail about it."""
    if not value:
        return value
    kept = "".join(ch for ch in value if unicodedata.category(ch) not in _CONTROL or ch in "\t\n\r")
    return _SPACES.sub(" ", kept).strip()


def strip_control(value: str) -> str:
    """Free text: control characters other than newline and tab dropped (NUL breaks PostgreSQL)."""
    if not value:
        return value
    return "".join(ch for ch in value if unicodedata.category(ch) not in _CONTROL or ch in "\t\n").replace("\r", "")


# Links ------------------------------------------------------------------------------------------


def is_web_url(value) -> bool:
    """True when `value` is an absolute http(s) URL with a host, the only links we store or render."""
    if not isinstance(value, str) or not value or len(value) > URL_MAX_CHARS:
        return False
    if any(unicodedata.category(ch) in _CONTROL or ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def validate_web_url(value) -> None:
    """Model/form validator: only http:// and https:// links (no javascript:, data:, ftp:, file:)."""
    if value and not is_web_url(value):
        raise ValidationError(_("Tautan harus diawali http:// atau https://."), code="invalid_url")
