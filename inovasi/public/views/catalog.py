"""The public catalog page: search, filters with facet counts, sorting and pagination."""

from django.http import QueryDict
from django.shortcuts import render

from inovasi.public.views.page_cache import cached_public_page
from inovasi.search.catalog import SORTS, CatalogParams, search_catalog


def _query_string(params: CatalogParams, **changes) -> str:
    data = QueryDict(mutable=True)
    data.update(params.as_query(**changes))
    return data.urlencode()


@cached_public_page
def catalog(request):
    params = CatalogParams.from_data(request.GET)
    result = search_catalog(params)
    page = result.page(request.GET.get("page"))
    for facet in result.facets:
        for option in facet.options:
            changes = {facet.key: None if option.selected else option.value}
            if facet.key == "province":
                changes["region"] = None  # a kabupaten/kota of another province would contradict it
            option.query = _query_string(params, **changes)
    active_filters = [
        {"label": facet.label, "value": option.label, "query": option.query}
        for facet in result.facets
        for option in facet.options
        if option.selected
    ]
    sort_choices = [(key, label) for key, label in SORTS.items() if key != "relevance" or params.q]
    return render(
        request,
        "public/catalog/catalog.html",
        {
            "params": params,
            "result": result,
            "page": page,
            "active_filters": active_filters,
            "sort_choices": sort_choices,
            "page_query": _query_string(params),
            "export_query": _query_string(params),
        },
    )
