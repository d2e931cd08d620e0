"""Organizer desks that page: the query-string vocabulary every list shares.

`?q=` searches title and Pemda, `?urut=` sorts by one of the list's keys (a leading "-" reverses),
`?per=` picks 25, 50 or 100 rows a page, `?hal=` is the page. A value that cannot mean anything
(`hal=abc`, `urut=evil`, `per=7`, `hal=99999`) is treated as absent or clamped, never a 500:
`inovasi.inputs` parses, Django's `Paginator.get_page` clamps. Only the rows are paged; every
desk computes its summary figures over the whole list.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator

from inovasi.inputs import NAME_MAX_CHARS, int_param, single_line

PER_PAGE_CHOICES = (25, 50, 100)
PER_PAGE_DEFAULT = 50


@dataclass
class ListParams:
    q: str
    sort: str
    per_page: int
    flags: dict  # filter name → bool (a checkbox: "1" means on)


def list_params(data, *, sorts, default_sort: str, flags=()) -> ListParams:
    """The list's parameters from `request.GET`; unknown values fall back to the defaults."""
    q = single_line(data.get("q", "") or "")[:NAME_MAX_CHARS]
    sort = data.get("urut", "")
    if sort.lstrip("-") not in sorts:
        sort = default_sort
    per = int_param(data, "per", PER_PAGE_DEFAULT)
    per_page = per if per in PER_PAGE_CHOICES else PER_PAGE_DEFAULT
    return ListParams(q=q, sort=sort, per_page=per_page, flags={name: data.get(name) == "1" for name in flags})


def page_of(data, items, per_page: int, param: str = "hal", count: int | None = None):
    """One page of `items` (a list or a queryset); a bad or too large page number gives the nearest
    page. `count`, when the caller knows it more cheaply than `items.count()` would."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(data.get(param))


def matches(q: str, *texts) -> bool:
    needle = q.casefold()
    return any(needle in (text or "").casefold() for text in texts)
