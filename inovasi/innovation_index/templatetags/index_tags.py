"""Template filters for index labels: {{ code|predikat }}, {{ code|validasi }}, {{ code|predikat_warna }}."""

from django import template

from inovasi.innovation_index.enums import ClaimValidation, Predicate

register = template.Library()

_COLOURS = {
    Predicate.SANGAT_INOVATIF: "success",
    Predicate.INOVATIF: "primary",
    Predicate.KURANG_INOVATIF: "warning",
    Predicate.TIDAK_DAPAT_DINILAI: "secondary",
}


@register.filter
def predikat(value):
    try:
        return Predicate(value).label
    except ValueError:
        return "–"


@register.filter
def predikat_warna(value):
    return _COLOURS.get(value, "secondary")


@register.filter
def validasi(value):
    try:
        return ClaimValidation(value).label
    except ValueError:
        return "–"
