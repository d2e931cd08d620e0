from decimal import Decimal

import pytest

from inovasi.formats.display import format_number, format_percent, format_rupiah_words, growth_percent


def test_8_to_63_is_an_increase_of_687_5_percent_not_788():
    assert growth_percent(8, 63) == Decimal("687.5")
    assert format_percent(growth_percent(8, 63)) == "687,5 %"


def test_growth_from_zero_is_undefined():
    assert growth_percent(0, 5) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (109_600_000_000, "Rp109,6 miliar"),
        (2_500_000, "Rp2,5 juta"),
        (1_000_000_000_000, "Rp1 triliun"),
        (950_000, "Rp950.000"),
        (Decimal("109600000000.00"), "Rp109,6 miliar"),
    ],
)
def test_rupiah_in_words(value, expected):
    assert format_rupiah_words(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, None, "1.234,5"),
        (36742, None, "36.742"),
        (Decimal("60.005"), 2, "60,01"),
        (-3, None, "-3"),
        (Decimal("90.0"), None, "90"),
    ],
)
def test_numbers_use_dot_thousands_and_comma_decimals(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_whole_percentages_drop_their_decimals():
    assert format_percent(50) == "50 %"
    assert format_percent(Decimal("90.625")) == "90,6 %"
