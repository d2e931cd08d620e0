"""Links of the paged organizer desks: the current query string with one parameter changed."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def with_param(context, name, value, reset=""):
    """`?…` of this request with `name` set to `value` (removed when empty); `reset` names a
    parameter to drop as well (a new sort or filter starts at page 1)."""
    query = context["request"].GET.copy()
    if value in ("", None):
        query.pop(name, None)
    else:
        query[name] = str(value)
    if reset:
        query.pop(reset, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def elided(page):
    """The page numbers to link around the current one (… for the gaps)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
