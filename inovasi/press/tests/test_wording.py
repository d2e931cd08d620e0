"""Indonesian wording: lists, dates, counts, and narrative sentences that may be quoted."""

import datetime as dt
from zoneinfo import ZoneInfo

from inovasi.formats.display import format_count_words, format_date_id
from inovasi.press.wording import digit_free, join, lower_first


def test_names_are_joined_the_indonesian_way():
    assert join([]) == ""
    assert join(["STMJ SAKERA"]) == "STMJ SAKERA"
    assert join(["STMJ SAKERA", "BAKSO SAKERA"]) == "STMJ SAKERA dan BAKSO SAKERA"
    assert join(["A", "B", "C"]) == "A, B, dan C"


def test_dates_are_written_in_indonesian_whatever_the_interface_language(settings):
    settings.LANGUAGE_CODE = "en"
    assert format_date_id(dt.date(2023, 11, 23)) == "23 November 2023"
    assert format_date_id(dt.date(2023, 11, 23), weekday=True) == "Kamis, 23 November 2023"
    assert format_date_id(dt.date(2024, 2, 1), weekday=True) == "Kamis, 1 Februari 2024"
    # 23:30 UTC on 22 November is already 23 November in WIB.
    assert format_date_id(dt.datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))) == "23 November 2026"


def test_counts_below_ten_are_words_and_the_rest_digits():
    assert [format_count_words(n) for n in (1, 4, 9, 10, 1234)] == ["satu", "empat", "sembilan", "10", "1.234"]


def test_only_narrative_sentences_without_digits_are_quoted():
    text = "Sejak 2019 melayani 500 petani. Membantu petani bertanya kepada ahli! Gratis."
    assert digit_free(text) == "Membantu petani bertanya kepada ahli! Gratis."
    assert digit_free("") == ""


def test_lowering_the_first_letter_keeps_acronyms():
    assert lower_first("Memanfaatkan potensi susu") == "memanfaatkan potensi susu"
    assert lower_first("BLH menjadi mitra") == "BLH menjadi mitra"
