"""Numbers the way Indonesian readers expect them: 1.234,5 · 687,5 % · Rp109,6 miliar.

Every figure the system prints goes through these, so a growth of 8 → 63 is an increase of
687,5 % everywhere (not "788 persen", which is 63 as a share of 8).
"""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from lokal.rupiah import format_rupiah

_SCALES = [
    (Decimal(10) ** 12, "triliun"),
    (Decimal(10) ** 9, "miliar"),
    (Decimal(10) ** 6, "juta"),
]


def _to_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value, decimals: int | None = None) -> str:
    """1234.5 → "1.234,5"; `decimals` fixes the digits after the comma (rounded half up)."""
    d = _to_decimal(value)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):f}"
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def growth_percent(old, new) -> Decimal | None:
    """Percentage increase from `old` to `new`: 8 → 63 is 687.5. None when `old` is zero."""
    old, new = _to_decimal(old), _to_decimal(new)
    if old == 0:
        return None
    return (new - old) / old * 100


def format_percent(value, decimals: int = 1) -> str:
    """687.5 → "687,5 %"; a whole number drops its decimals (50 → "50 %")."""
    d = _to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format_number(d, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def format_rupiah_words(value) -> str:
    """109_600_000_000 → "Rp109,6 miliar"; below a million, the full "Rp950.000"."""
    d = _to_decimal(value)
    for size, word in _SCALES:
        if abs(d) >= size:
            scaled = (d / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return f"Rp{format_number(scaled)} {word}"
    return format_rupiah(d)


_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_SMALL_NUMBERS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def format_date_id(value, *, weekday: bool = False) -> str:
    """date(2023, 11, 23) → "23 November 2023"; `weekday` → "Kamis, 23 November 2023".

    Always Indonesian, whatever the interface language: it writes Indonesian documents (press
    releases). A datetime is first converted to local time (WIB).
    """
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    text = f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{_WEEKDAYS[value.weekday()]}, {text}" if weekday else text


def format_datetime_id(value) -> str:
    """A moment in words, in WIB: "Kamis, 1 Mei 2026 pukul 00.00 WIB"; a date alone → "Kamis, 1 Mei 2026".

    What the date and time inputs show next to the field, whatever the browser's language.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt_timezone(timedelta(hours=7)))
        return f"{format_date_id(value.date(), weekday=True)} pukul {value:%H.%M} WIB"
    return format_date_id(value, weekday=True)


def format_count_words(value: int) -> str:
    """Counts below ten in words, the rest in digits, as Indonesian newspapers write them: 4 → "empat"."""
    return _SMALL_NUMBERS[value] if 0 <= value < 10 else format_number(value)
