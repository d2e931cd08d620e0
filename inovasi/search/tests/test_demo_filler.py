"""The demo's generated filler ("Inovasi Demo …") stays out of the public catalog, facets and similar box (#18)."""

import pytest

from inovasi.demo.index import DEMO_TAG
from inovasi.search.catalog import CatalogParams, search_catalog
from inovasi.search.models import SearchDocument
from inovasi.search.similar import similar_innovations
from inovasi.search.tests.factories import make_innovation

pytestmark = pytest.mark.django_db


def test_filler_is_not_indexed_so_stories_lead_every_list(cast):
    story = make_innovation(cast.agency_a, "Bank Sampah Digital", summary="Warga menabung sampah lewat aplikasi.")
    filler = make_innovation(cast.agency_b, "Inovasi Demo Kota Malang 01: Bank Sampah Digital", summary=DEMO_TAG)
    assert not SearchDocument.objects.filter(pk=filler.pk).exists()
    result = search_catalog(CatalogParams.from_data({}))
    assert [i.name for i in result.page(1).innovations] == [story.name]
    assert result.total == 1
    province = next(f for f in result.facets if f.key == "province")
    assert sum(option.count for option in province.options) == 1
    assert search_catalog(CatalogParams.from_data({"q": "bank sampah"})).total == 1
    assert filler not in similar_innovations(innovation=story)
