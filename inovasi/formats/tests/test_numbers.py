from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inovasi.formats.numbers import IndonesianNumberField, NumberKind, format_decimal, parse_number

SCORE, COUNT, MONEY = NumberKind.SCORE, NumberKind.COUNT, NumberKind.MONEY


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("85,5", SCORE, Decimal("85.5")),
        ("85.5", SCORE, Decimal("85.5")),
        (" 80 ", SCORE, Decimal("80")),
        ("0,25", SCORE, Decimal("0.25")),
        (",5", SCORE, Decimal("0.5")),
        ("100", SCORE, Decimal("100")),
        ("-3", SCORE, Decimal("-3")),
        ("1.000", COUNT, Decimal("1000")),
        ("1.250.000", COUNT, Decimal("1250000")),
        ("1 000", COUNT, Decimal("1000")),
        ("12", COUNT, Decimal("12")),
        ("1.500.000,50", MONEY, Decimal("1500000.50")),
        ("1.000", MONEY, Decimal("1000")),
        ("109600000000", MONEY, Decimal("109600000000")),
        ("950,5", MONEY, Decimal("950.5")),
        (85.5, SCORE, Decimal("85.5")),
        (80, SCORE, Decimal("80")),
        (Decimal("77.70"), SCORE, Decimal("77.70")),
    ],
)
def test_a_number_is_read_by_the_kind_of_its_field(text, kind, expected):
    assert parse_number(text, kind=kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("8E+1", SCORE, "exponent"),
        ("1e3", SCORE, "exponent"),
        ("1e3", COUNT, "exponent"),
        ("2E5", MONEY, "exponent"),
        ("85.5,3", SCORE, "invalid"),
        ("1.000,5", SCORE, "invalid"),
        ("85,", SCORE, "invalid"),
        ("abc", SCORE, "invalid"),
        ("NaN", SCORE, "invalid"),
        ("Infinity", SCORE, "invalid"),
        ("", SCORE, "invalid"),
        ("٨٥", SCORE, "invalid"),
        ("1,000", COUNT, "whole"),
        ("12,5", COUNT, "whole"),
        ("1.5", COUNT, "grouping"),
        ("10.00", COUNT, "grouping"),
        ("1.5", MONEY, "grouping"),
        ("1.000,5,5", MONEY, "invalid"),
        (True, SCORE, "invalid"),
        (float("nan"), SCORE, "invalid"),
        (2.5, COUNT, "whole"),
    ],
)
def test_a_text_that_is_not_a_number_of_its_kind_is_refused_with_a_code(text, kind, code):
    with pytest.raises(ValidationError) as caught:
        parse_number(text, kind=kind)
    assert caught.value.code == code


def test_exponent_notation_is_refused_in_indonesian():
    with pytest.raises(ValidationError) as caught:
        parse_number("8E+1", kind=SCORE)
    assert caught.value.messages == ["Tulis angka tanpa notasi eksponen (misalnya 80, bukan 8E+1)."]


@pytest.mark.parametrize(
    ("value", "kind", "places", "expected"),
    [
        (Decimal("80"), SCORE, None, "80"),
        (Decimal("8E+1"), SCORE, None, "80"),
        (Decimal("80.00"), SCORE, None, "80"),
        (85.5, SCORE, None, "85,5"),
        (Decimal("77.7"), SCORE, 2, "77,70"),
        (Decimal("1000"), SCORE, None, "1000"),
        (1000, COUNT, None, "1.000"),
        (Decimal("1500000.5"), MONEY, None, "1.500.000,5"),
        (Decimal("-0.0"), SCORE, None, "0"),
        (None, SCORE, None, ""),
    ],
)
def test_a_number_is_written_with_a_decimal_comma_and_never_an_exponent(value, kind, places, expected):
    assert format_decimal(value, kind=kind, places=places) == expected


@pytest.mark.parametrize("value", [Decimal("85.5"), Decimal("1000"), Decimal("0.25")])
def test_what_is_written_reads_back_to_the_same_score(value):
    assert parse_number(format_decimal(value, kind=SCORE), kind=SCORE) == value


def test_the_form_field_is_a_decimal_text_input_that_checks_bounds_in_indonesian():
    field = IndonesianNumberField(min_value=0, max_value=100, decimal_places=2)
    assert 'inputmode="decimal"' in field.widget.render("nilai", Decimal("85.5"))
    assert 'value="85,5"' in field.widget.render("nilai", field.prepare_value(Decimal("85.5")))
    assert 'type="text"' in field.widget.render("nilai", "")
    assert field.clean("85,5") == Decimal("85.5")
    with pytest.raises(ValidationError) as caught:
        field.clean("100,5")
    assert caught.value.messages == ["Nilai paling besar 100."]
    with pytest.raises(ValidationError) as caught:
        field.clean("1,255")
    assert caught.value.messages == ["Paling banyak 2 angka di belakang koma."]


def test_a_count_field_cleans_to_a_whole_number_and_offers_the_numeric_keypad():
    field = IndonesianNumberField(kind=COUNT, required=False)
    assert field.clean("1.000") == 1000
    assert field.clean("") is None
    assert 'inputmode="numeric"' in field.widget.render("jumlah", "")
