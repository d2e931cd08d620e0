"""Render a form field's widget with Bootstrap classes and accessible error wiring."""

from django import forms, template

register = template.Library()


@register.simple_tag
def widget(field):
    attrs = {}
    w = field.field.widget
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
