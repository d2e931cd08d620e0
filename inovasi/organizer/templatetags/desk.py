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


# The edition tab each organizer page belongs to (by URL name or its prefix).
EDITION_TABS = {
    "dashboard": ("edition_dashboard", "stage_shortlist"),
    "settings": ("edition_settings", "edition_publish", "config_", "rubric_edit"),
    "proposals": ("edition_proposals", "proposal_review"),
    "objections": ("edition_objections",),
    "judging": ("judging_", "presentation_", "verification_"),
    "awards": ("award_", "ceremony_", "certificate_"),
    "audit": ("audit_trail",),
    "press": ("press_",),
}


@register.simple_tag(takes_context=True)
def edition_tab(context):
    """Which tab of the edition's navigation this page belongs to ("" if none)."""
    match = getattr(context.get("request"), "resolver_match", None)
    name = getattr(match, "url_name", "") or ""
    for tab, prefixes in EDITION_TABS.items():
        if any(name == p or (p.endswith("_") and name.startswith(p)) for p in prefixes):
            return tab
    return ""
