"""Open data: the harvestable catalogue (/data.json for CKAN, /data/katalog.jsonld for DCAT) and a
page per dataset at its stable URL (the dataset's identifier), all from `public.open_data`."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from inovasi.public import open_data
from inovasi.public.views.page_cache import cached_public_page


def _json(data: dict, content_type: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"  # harvesters and portals read it from elsewhere
    return response


@cached_public_page
def data_json(request):
    return _json(open_data.data_json(open_data.datasets()), "application/json; charset=utf-8")


@cached_public_page
def dcat_catalog(request):
    return _json(open_data.dcat_jsonld(open_data.datasets()), "application/ld+json; charset=utf-8")


@cached_public_page
def open_data_home(request):
    return render(request, "public/open_data/home.html", {"datasets": open_data.datasets()})


@cached_public_page
def open_dataset(request, slug):
    item = open_data.dataset(slug)
    if item is None:
        raise Http404
    return render(request, "public/open_data/dataset.html", {"dataset": item, "license": settings.OPEN_DATA_LICENSE})
