"""The short-lived cache of public pages for anonymous visitors (inovasi/public/views/page_cache.py)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.innovations.enums import InnovationStatus
from inovasi.search.tests.factories import make_innovation
from inovasi.search.tests.scenario import build_catalog

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _without_token(response) -> str:
    content = response.content.decode()
    return content.replace(TOKEN.search(content).group(1), "TOKEN")


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_an_anonymous_visitor_gets_the_second_view_of_a_page_from_the_cache(client, cast, page_cache):
    innovation = make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    url = reverse("public:innovation_detail", args=[innovation.pk])
    first, rendered_with = _get(client, url)
    second, served_with = _get(Client(), url)
    assert first.status_code == second.status_code == 200
    assert "Lumbung Pangan Desa" in second.content.decode()
    assert served_with <= 1  # at most the search-index version
    assert rendered_with > 5
    assert _without_token(first) == _without_token(second)


def test_a_cached_page_carries_the_visitors_own_csrf_token(cast, page_cache):
    url = reverse("public:catalog")
    Client().get(url)  # someone else renders and caches the page
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    token = TOKEN.search(page.content.decode()).group(1)
    assert "@@" not in page.content.decode()
    assert f'"X-CSRFToken": "{token}"' in page.content.decode()
    switched = visitor.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert switched.status_code == 302  # a foreign or placeholder token would be refused with 403


def test_the_page_changes_as_soon_as_the_innovation_is_edited(client, cast, page_cache):
    innovation = make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    url = reverse("public:innovation_detail", args=[innovation.pk])
    client.get(url)
    innovation.name = "Lumbung Pangan Kelurahan"
    innovation.save()  # re-indexed, so the index version changes
    assert "Lumbung Pangan Kelurahan" in client.get(url).content.decode()


def test_a_signed_in_user_never_gets_the_anonymous_copy(client, cast, page_cache):
    make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    url = reverse("public:catalog")
    Client().get(url)
    client.force_login(cast.operator_a)
    response, queries = _get(client, url)
    assert reverse("accounts:logout") in response.content.decode()
    assert queries > 1


def test_the_region_page_is_cached_and_each_language_separately(client, cast, page_cache):
    make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    url = reverse("public:region_detail", args=["35.79"])
    indonesian = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english, queries = _get(client, url)
    assert queries > 1  # rendered again for English
    assert english.content.decode() != indonesian
    _, queries = _get(client, url)
    assert queries <= 1


def test_test_mode_renders_every_request(client, cast):
    make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    url = reverse("public:catalog")
    cache.clear()
    client.get(url)
    _, second = _get(client, url)
    assert second > 1


def test_the_similar_list_is_kept_but_never_shows_a_withdrawn_innovation(client, cast, page_cache):
    catalog = build_catalog(cast)
    url = reverse("public:innovation_detail", args=[catalog.bank_sampah.pk])
    similar = client.get(url).content.decode().split('id="judul-serupa"')[1]
    assert "Layanan Kang Pisman" in similar and "Rumah Diapers" in similar
    catalog.bandung.status = InnovationStatus.ARCHIVED
    catalog.bandung.save()
    with CaptureQueriesContext(connection) as queries:
        similar = client.get(url).content.decode().split('id="judul-serupa"')[1]
    assert "Layanan Kang Pisman" not in similar and "Rumah Diapers" in similar
    assert not any("MATCH" in q["sql"] or "@@" in q["sql"] for q in queries.captured_queries)  # not ranked again


def test_the_edition_page_is_cached_for_anonymous_visitors(client, cast, page_cache):
    from inovasi.competitions.editions import create_edition_from_preset

    edition = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)
    edition.is_published = True
    edition.save()
    url = reverse("public:edition_detail", args=[edition.pk])
    first, rendered_with = _get(client, url)
    second, served_with = _get(Client(), url)
    assert first.status_code == second.status_code == 200
    assert rendered_with > 3 and served_with <= 1
    assert _without_token(first) == _without_token(second)
    client.force_login(cast.organizer)
    _, queries = _get(client, url)
    assert queries > 1  # the organizer sees it freshly rendered


def test_a_province_page_lists_the_most_active_agencies_and_says_how_many_more(client, cast, monkeypatch):
    from inovasi.public.views import region

    make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    make_innovation(cast.agency_a, "Lumbung Pangan Kota")
    make_innovation(cast.agency_b, "Sampah Jadi Emas")
    monkeypatch.setattr(region, "AGENCY_ROWS", 1)
    content = client.get(reverse("public:region_detail", args=["35"])).content.decode()
    assert cast.agency_a.name in content
    assert cast.agency_b.name not in content.split("judul-replikasi")[0].split("judul-opd")[1]
    assert "1 perangkat daerah lainnya" in content


def test_an_audited_change_shows_at_once_despite_the_cache(client, cast, page_cache):
    """Reproduction (#18): after the organizer upheld an objection the public edition page kept the
    eliminated proposal for up to a minute. Every change a public page shows is audited, and the
    latest audit event is part of the cache key."""
    from inovasi.audit.services import record_event
    from inovasi.public.views import page_cache as module

    innovation = make_innovation(cast.agency_a, "Lumbung Pangan Desa")
    url = reverse("public:innovation_detail", args=[innovation.pk])
    client.get(url)
    _cached, served_with = _get(Client(), url)
    assert served_with <= 1
    record_event(actor=cast.organizer, action="objection.upheld", obj=innovation, before={}, after={})
    module._version["read_at"] = -module.VERSION_SECONDS  # as another process would after 2 s
    _fresh, rendered_with = _get(Client(), url)
    assert rendered_with > 5


def test_replication_graph_data_is_kept_per_data_version_and_a_new_replication_shows_at_once(client, cast, page_cache):
    """Issue #18: the two hops and a region's spread are kept across pages (another query string is
    another page) until the next audited change; a replication recorded through the services is
    such a change."""
    from inovasi.innovations import services
    from inovasi.innovations.enums import AdopterKind, ReplicationEvidenceKind
    from inovasi.organisations.models import Government

    source = make_innovation(cast.agency_a, "Bank Sampah Digital")

    def replicate(government):
        services.add_replication(
            innovation=source,
            actor=cast.admin_a,
            adopter_kind=AdopterKind.GOVERNMENT,
            adopter_government=government,
            evidence_kind=ReplicationEvidenceKind.PKS,
            year=2023,
        )

    replicate(cast.gov_b)
    semarang = Government.objects.get(region__code="33.74")
    for url in (reverse("public:innovation_detail", args=[source.pk]), "/wilayah/35.79/"):
        first, rendered_with = _get(client, url + "?halaman=1")
        second, kept_with = _get(client, url + "?halaman=2")
        assert cast.gov_b.name in first.content.decode() and cast.gov_b.name in second.content.decode()
        assert kept_with <= rendered_with - 3  # the graph's queries are not run again
    replicate(semarang)
    for url in (reverse("public:innovation_detail", args=[source.pk]), "/wilayah/35.79/"):
        assert semarang.name in client.get(url + "?halaman=3").content.decode()
