"""`{{ value|web_url }}`: the value when it is an http(s) link, else "" — so a stored `javascript:`
or `data:` value (from before links were validated, or from a path we missed) is never an href."""

from django import template

from inovasi.inputs import is_web_url

register = template.Library()


@register.filter
def web_url(value) -> str:
    return value if is_web_url(value) else ""
