"""Numbers typed the Indonesian way, read by what the field holds.

In Indonesian a comma separates the decimals and a dot groups the thousands: "85,5" is eighty-five
and a half, "1.000" is one thousand. A browser's `type="number"` input follows the *browser's*
locale instead (an English one turns "85,5" into 855), so every number is typed in a text input with
`inputmode="decimal"` and read here, on the server, by the field's kind:

- ``SCORE`` (scores, weights, percentages: values that never reach the thousands): the comma is
  the decimal separator, and a dot is read as one too ("85.5" = 85,5, as a phone keypad offers it);
  a value with both, or with two separators, is refused.
- ``COUNT`` (people, units): a whole number; dots group thousands ("1.000" = 1000) and must group
  by three; a comma is refused (a count has no decimals, and "1,000" would be ambiguous).
- ``MONEY`` (rupiah): dots group thousands, one comma starts the decimals ("1.500.000,50").

Everywhere, exponent notation ("8E+1", "1e3") is refused with a message, as are "NaN", "Infinity"
and any letters; spaces (also non-breaking ones) around and, for counts and money, inside the
number are ignored. Values are written back with a decimal comma and never in exponent notation
(`format_decimal`), so what a form shows parses back to the same value.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class NumberKind(Enum):
    SCORE = "score"
    COUNT = "count"
    MONEY = "money"


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_PLAIN = re.compile(r"^\d+$")
_SCORE = re.compile(r"^\d+(?:[.,]\d+)?$|^[.,]\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def _message_exponent() -> str:
    return _("Tulis angka tanpa notasi eksponen (misalnya 80, bukan 8E+1).")


def parse_number(value, *, kind: NumberKind) -> Decimal:
    """Read `value` (text typed by a person, or a number from an API) as a Decimal of `kind`.

    Raises ValidationError with an Indonesian message (codes: "exponent", "invalid", "grouping",
    "whole") when the text is not a number of that kind. Empty text is the caller's business: it
    raises "invalid" here. A count comes back as a whole Decimal (call `int()` on it).
    """
    if isinstance(value, bool):
        raise ValidationError(_("Isikan angka."), code="invalid")
    if isinstance(value, int | Decimal | float):
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
        if not number.is_finite():
            raise ValidationError(_("Isikan angka."), code="invalid")
        if kind is NumberKind.COUNT and number != number.to_integral_value():
            raise ValidationError(_("Isikan bilangan bulat, tanpa koma."), code="whole")
        return number
    text = _SPACES.sub(" ", str(value)).strip()
    sign = ""
    if text[:1] in "-+" and text:
        sign, text = text[0], text[1:].strip()
    if "e" in text.lower() and any(ch.isdigit() for ch in text):
        raise ValidationError(_message_exponent(), code="exponent")
    if kind is NumberKind.SCORE:
        if not _SCORE.match(text):
            if text.count(",") + text.count(".") > 1 and re.fullmatch(r"[\d.,]+", text):
                raise ValidationError(
                    _("Gunakan satu tanda desimal saja, misalnya 85,5 (nilai ini tidak memakai pemisah ribuan)."),
                    code="invalid",
                )
            raise ValidationError(_("Isikan angka, misalnya 85 atau 85,5."), code="invalid")
        digits = text.replace(",", ".")
    else:
        text = text.replace(" ", "")
        whole, comma, decimals = text.partition(",")
        if kind is NumberKind.COUNT and comma:
            raise ValidationError(_("Isikan bilangan bulat, tanpa koma (misalnya 1.250)."), code="whole")
        if comma and not (decimals.isdigit() and decimals.isascii()):
            raise ValidationError(_("Isikan angka, misalnya 1.500.000 atau 1.500.000,50."), code="invalid")
        if "." in whole:
            if not _GROUPED.match(whole):
                raise ValidationError(
                    _(
                        "Titik adalah pemisah ribuan dan mengelompokkan tiga angka (misalnya 1.000.000); "
                        "gunakan koma untuk desimal."
                    ),
                    code="grouping",
                )
            whole = whole.replace(".", "")
        if not (_PLAIN.match(whole) and whole.isascii()):
            raise ValidationError(
                _("Isikan bilangan bulat, misalnya 1.250.")
                if kind is NumberKind.COUNT
                else _("Isikan angka, misalnya 1.500.000 atau 1.500.000,50."),
                code="invalid",
            )
        digits = f"{whole}.{decimals}" if comma else whole
    if not digits.replace(".", "").isascii():
        raise ValidationError(_("Isikan angka, misalnya 85 atau 85,5."), code="invalid")
    try:
        number = Decimal(sign.replace("+", "") + digits)
    except InvalidOperation:
        raise ValidationError(_("Isikan angka, misalnya 85 atau 85,5."), code="invalid") from None
    return number


def format_decimal(value, *, kind: NumberKind = NumberKind.SCORE, places: int | None = None) -> str:
    """A number as a person types it back: 85.5 → "85,5"; 80 → "80" (never "8E+1"), trailing
    zeros dropped unless `places` fixes them. Counts and money group thousands with dots
    ("1.000"); scores never do, so "1.000" can never be read back as a score of 1."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return ""
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:f}"
    sign = "-" if text.startswith("-") else ""
    whole, _dot, frac = text.lstrip("-").partition(".")
    if places is None:
        frac = frac.rstrip("0")
    if kind is not NumberKind.SCORE:
        whole = f"{int(whole):,}".replace(",", ".")
    if sign and not (whole.strip("0.") or frac.strip("0")):
        sign = ""  # no "-0"
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


class IndonesianNumberInput(forms.TextInput):
    """A text input with the phone's numeric keypad; the value is shown with a decimal comma."""

    def __init__(self, attrs=None, *, kind: NumberKind = NumberKind.SCORE):
        base = {"inputmode": "numeric" if kind is NumberKind.COUNT else "decimal", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})


class IndonesianNumberField(forms.Field):
    """A form field for a number typed the Indonesian way (see the module docstring).

    `kind` decides how dots and commas are read; `min_value`, `max_value` and `decimal_places`
    check the value with Indonesian messages. Cleans to a Decimal (an int for counts) or None.
    """

    default_error_messages = {
        "min_value": gettext_lazy("Nilai paling kecil %(limit)s."),
        "max_value": gettext_lazy("Nilai paling besar %(limit)s."),
        "decimal_places": gettext_lazy("Paling banyak %(places)s angka di belakang koma."),
    }

    def __init__(
        self,
        *,
        kind: NumberKind = NumberKind.SCORE,
        min_value=None,
        max_value=None,
        decimal_places=None,
        max_digits=None,
        **kwargs,
    ):
        self.kind, self.min_value, self.max_value, self.decimal_places = kind, min_value, max_value, decimal_places
        # A model DecimalField's bound: the digits before the comma may not exceed it.
        self.max_whole_digits = None if max_digits is None else max_digits - (decimal_places or 0)
        kwargs.setdefault("widget", IndonesianNumberInput(kind=kind))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["maxlength"] = "24"  # "1.000.000.000.000,00" and a sign; longer is not a number
        return attrs

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_decimal(value, kind=self.kind)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and len(value) > 40:
            raise ValidationError(_("Isikan angka, misalnya 85 atau 85,5."), code="invalid")
        number = parse_number(value, kind=self.kind)
        return int(number) if self.kind is NumberKind.COUNT else number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            limit = format_decimal(self.min_value, kind=self.kind)
            raise ValidationError(self.error_messages["min_value"], code="min_value", params={"limit": limit})
        if self.max_value is not None and value > self.max_value:
            limit = format_decimal(self.max_value, kind=self.kind)
            raise ValidationError(self.error_messages["max_value"], code="max_value", params={"limit": limit})
        if self.max_whole_digits is not None and abs(value) >= Decimal(10) ** self.max_whole_digits:
            raise ValidationError(_("Angka terlalu besar."), code="max_digits")
        if self.decimal_places is not None and isinstance(value, Decimal):
            exponent = value.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > self.decimal_places:
                raise ValidationError(
                    self.error_messages["decimal_places"],
                    code="decimal_places",
                    params={"places": self.decimal_places},
                )
