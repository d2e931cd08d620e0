"""Template filters for Indonesian number formatting: {{ x|angka }}, {{ x|persen }}, {{ x|rupiah }}."""

from django import template

from inovasi.formats import display as formatting

register = template.Library()


@register.filter
def angka(value, decimals=None):
    if value is None or value == "":
        return "–"
    return formatting.format_number(value, None if decimals is None else int(decimals))


@register.filter
def persen(value, decimals=1):
    if value is None or value == "":
        return "–"
    return formatting.format_percent(value, int(decimals))


@register.filter
def rupiah(value):
    if value is None or value == "":
        return "–"
    return formatting.format_rupiah_words(value)
