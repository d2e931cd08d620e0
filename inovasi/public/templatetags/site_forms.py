"""Render a form field's widget with Bootstrap classes and accessible error wiring."""

from datetime import date, datetime, timedelta, timezone

from django import forms, template
from django.utils.html import format_html, format_html_join

from inovasi.formats.display import format_datetime_id

register = template.Library()


def _choice_list(field, described):
    """A checkbox or radio list as real Bootstrap checks (box, then label; 24 px targets), not
    inputs styled as text fields. `_form.html` puts it in a fieldset whose legend names it."""

    w = field.field.widget
    w.attrs["class"] = "form-check-input" + (" is-invalid" if field.errors else "")
    items = format_html_join(
        "",
        '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
        ((sub.tag(), sub.id_for_label, sub.choice_label) for sub in field.subwidgets),
    )
    described_attr = format_html(' aria-describedby="{}"', " ".join(described)) if described else ""
    return format_html('<div class="checkbox-columns" id="{}"{}>{}</div>', field.auto_id, described_attr, items)


@register.simple_tag
def widget(field):
    attrs = {}
    w = field.field.widget
    if isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
        described = [f"{field.auto_id}_helptext"] if field.help_text else []
        if field.errors:
            described.append(f"{field.auto_id}_error")
        return _choice_list(field, described)
    if isinstance(w, (forms.CheckboxInput,)):
        css = "form-check-input"
    elif isinstance(w, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    else:
        css = "form-control"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    existing = w.attrs.get("class", "")
    attrs["class"] = f"{existing} {css}".strip()
    return field.as_widget(attrs=attrs)


@register.filter
def affair_groups(field):
    """The urusan of a multiple-choice field in their groups, in code order:
    [(group, [(id, value, label, checked)])] (wajib pelayanan dasar first, penunjang last)."""
    chosen = {str(v.pk if hasattr(v, "pk") else v) for v in (field.value() or [])}
    groups: dict[str, list] = {}
    for i, affair in enumerate(field.field.queryset):
        groups.setdefault(affair.group, []).append(
            (f"{field.auto_id}_{i}", affair.pk, affair.name, str(affair.pk) in chosen)
        )
    return list(groups.items())


@register.filter
def tanggal_kata(value):
    """A date or datetime value (object or ISO text from a form) in Indonesian words, or ""."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        try:
            value = datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        except ValueError:
            return ""
        if isinstance(value, datetime) and value.tzinfo is None:
            # A datetime-local input is in WIB already: show it as typed.
            value = value.replace(tzinfo=timezone(timedelta(hours=7)))
    if not isinstance(value, date):
        return ""
    return format_datetime_id(value)
