"""Fixed dates of the synthetic dataset (never the clock, so two runs give the same data)."""

import datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
EDITION_YEAR = 2025
# The first desk evaluation stays open for scoring (the benchmark closes it inside a rolled-back
# transaction); a fixed far date keeps the data independent of the day it is generated.
DESK_OPENS = datetime.datetime(2025, 5, 5, 8, 0, tzinfo=WIB)
DESK_CLOSES = datetime.datetime(2099, 12, 31, 23, 59, tzinfo=WIB)
YEARS = tuple(range(2019, 2027))
YEAR_WEIGHTS = (6, 7, 9, 11, 13, 16, 17, 19)  # 37 % in the index's reporting years 2025–2026
MONTHS = [
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
]


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    """A moment in Asia/Jakarta time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WIB)
