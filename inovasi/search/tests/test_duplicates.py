"""Duplicate check when an operator records an innovation (#18): same Pemda, any state, a warning only."""

import pytest
from django.urls import reverse

from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation
from inovasi.search.duplicates import possible_duplicates
from inovasi.search.tests.factories import make_innovation
from inovasi.search.tests.scenario import build_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(cast):
    return build_catalog(cast)


def test_an_exact_duplicate_of_among_tani_crop_in_kota_batu_is_flagged(cast, catalog):
    found = possible_duplicates(cast.gov_a, "Among Tani Crop", agency=cast.agency_a)
    assert [d.innovation for d in found] == [catalog.among_tani]
    assert found[0].same_agency
    # From the UPT (another agency of the same Pemda) it is "di Pemda Anda".
    assert not possible_duplicates(cast.gov_a, "among tani  crop 2025", agency=cast.unit_a)[0].same_agency


def test_another_pemda_archived_records_and_unrelated_names_are_not_duplicates(cast, catalog):
    assert possible_duplicates(cast.gov_b, "Among Tani Crop") == []  # Kota Malang has none
    assert possible_duplicates(cast.gov_a, "Rumah Layak Huni") == []
    catalog.among_tani.status = InnovationStatus.ARCHIVED
    catalog.among_tani.save()
    assert possible_duplicates(cast.gov_a, "Among Tani Crop") == []


def test_a_draft_is_a_duplicate_too_and_a_summary_finds_a_renamed_copy(cast, catalog):
    # "Sampah Rahasia" is a draft of Kota Batu: a colleague's unpublished record counts.
    assert [d.innovation.name for d in possible_duplicates(cast.gov_a, "Sampah Rahasia")] == ["Sampah Rahasia"]
    found = possible_duplicates(
        cast.gov_a, "Konsultasi Tani Daring", "Petani bertanya langsung kepada ahli pertanian melalui aplikasi."
    )
    assert catalog.among_tani in [d.innovation for d in found]


def test_the_create_form_warns_while_typing_and_after_saving_but_lets_the_operator_continue(client, cast, catalog):
    client.force_login(cast.operator_a)
    form = client.get(reverse("workspace:innovation_create")).content.decode()
    assert reverse("workspace:innovation_duplicates") in form
    fragment = client.get(
        reverse("workspace:innovation_duplicates"), {"name": "Among Tani Crop", "agency": cast.agency_a.pk}
    ).content.decode()
    assert "Mirip dengan <strong>Among Tani Crop</strong> di perangkat daerah Anda" in fragment
    assert client.get(reverse("workspace:innovation_duplicates"), {"name": "Posyandu Remaja"}).content.strip() == b""
    response = client.post(
        reverse("workspace:innovation_create"), {"agency": cast.agency_a.pk, "name": "Among Tani Crop"}, follow=True
    )
    assert Innovation.objects.filter(name="Among Tani Crop", government=cast.gov_a).count() == 2  # saved anyway
    assert "Mirip dengan Among Tani Crop di perangkat daerah Anda" in response.content.decode()


def test_the_fragment_never_answers_for_another_pemdas_agency(client, cast, catalog):
    make_innovation(cast.agency_b, "Kartu Sehat Malang")
    client.force_login(cast.operator_a)
    fragment = client.get(
        reverse("workspace:innovation_duplicates"), {"name": "Kartu Sehat Malang", "agency": cast.agency_b.pk}
    ).content.decode()
    assert "Kartu Sehat Malang" not in fragment  # operator A may not use B's agency: own Pemda only
    assert client.get(reverse("workspace:innovation_duplicates"), {"name": "x", "agency": "abc"}).status_code == 200
