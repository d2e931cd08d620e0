"""The read API: innovations (search, filters, pagination), one innovation, replications."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovasi.innovations.models import InnovationPerson
from inovasi.search.tests.factories import make_innovation, replicate
from inovasi.search.tests.scenario import build_catalog


@pytest.fixture
def catalog(cast):
    return build_catalog(cast)


def test_search_with_stemming_and_filters(client, catalog):
    data = client.get("/api/v1/innovations", {"q": "pengolahan sampah", "province": "35"}).json()
    assert (data["count"], data["page"], data["page_size"], data["num_pages"]) == (1, 1, 20, 1)
    item = data["items"][0]
    assert item["name"] == "Bank Sampah Sekolah"
    assert item["government"] == {
        "id": catalog.bank_sampah.government_id,
        "name": "Pemerintah Kota Batu",
        "region_code": "35.79",
    }
    assert item["agency"]["kind"] == "upt"
    assert (item["stage"], item["started_on"], item["url"]) == (
        "uji_coba",
        "2023-07-17",
        f"/inovasi/{catalog.bank_sampah.pk}/",
    )


def test_the_list_is_paginated_and_never_shows_drafts(client, catalog):
    data = client.get("/api/v1/innovations", {"page_size": 3, "page": 2}).json()
    assert (data["count"], data["num_pages"]) == (4, 2)
    assert [item["name"] for item in data["items"]] == ["Rumah Diapers"]
    names = [i["name"] for i in client.get("/api/v1/innovations", {"q": "sampah", "page_size": 100}).json()["items"]]
    assert "Sampah Rahasia" not in names
    assert client.get("/api/v1/innovations", {"page_size": 500}).status_code == 422


def test_sorting_by_replications(client, catalog):
    data = client.get("/api/v1/innovations", {"sort": "replications"}).json()
    assert [(i["name"], i["replication_count"]) for i in data["items"][:2]] == [
        ("Rumah Diapers", 1),
        ("Among Tani Crop", 0),
    ]


def test_one_innovation_with_its_public_details(client, cast, catalog):
    InnovationPerson.objects.create(
        innovation=catalog.rumah_diapers, name="Anita Resky DS", role="Pelaksana Sanitarian"
    )
    data = client.get(f"/api/v1/innovations/{catalog.rumah_diapers.pk}").json()
    assert data["people"] == [{"name": "Anita Resky DS", "role": "Pelaksana Sanitarian", "is_initiator": False}]
    assert data["affairs"] == [{"code": "1.02", "name": "Kesehatan"}, {"code": "2.11", "name": "Lingkungan Hidup"}]
    assert data["narrative"]["summary"] == "Mendaur ulang sampah popok bayi bersama warga."
    assert data["replications"] == [
        {
            "adopter_kind": "government",
            "adopter_name": "Pemerintah Kota Batu",
            "adopter_government": {"id": cast.gov_a.pk, "name": "Pemerintah Kota Batu", "region_code": "35.79"},
            "partner_kind": "",
            "adopter_region": None,  # the factory writes the row directly, without the services
            "adopter_innovation_id": None,
            "year": None,
            "adopted_on": "2023-05-02",
            "evidence_kind": "surat_pernyataan",
        }
    ]
    assert data["replication_count"] == 1


def test_an_unpublished_innovation_is_a_404(client, catalog):
    assert client.get(f"/api/v1/innovations/{catalog.draft.pk}").status_code == 404
    assert client.get("/api/v1/innovations/999999").status_code == 404


def test_replications_filtered_by_source_or_adopter(client, cast, catalog):
    replicate(catalog.among_tani, cast.gov_b, name="Dinas Pertanian Kota Malang")
    replicate(catalog.draft, cast.gov_b, name="Tidak boleh tampil")
    everything = client.get("/api/v1/replications").json()
    assert everything["count"] == 2
    by_source = client.get("/api/v1/replications", {"source_government": "35.79"}).json()
    assert [r["adopter_name"] for r in by_source["items"]] == ["Dinas Pertanian Kota Malang"]
    assert by_source["items"][0]["source_government"]["region_code"] == "35.79"
    by_adopter = client.get("/api/v1/replications", {"adopter_government": "35.79"}).json()
    assert [(r["innovation_name"], r["adopter_name"]) for r in by_adopter["items"]] == [
        ("Rumah Diapers", "Pemerintah Kota Batu")
    ]


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        data = client.get(url).json()
    return len(ctx), len(data["items"])


def test_the_innovation_list_costs_the_same_queries_for_1_and_3_items(client, cast):
    first = make_innovation(cast.agency_a, "Satu")
    one, shown = _queries(client, "/api/v1/innovations")
    assert shown == 1
    make_innovation(cast.agency_b, "Dua")
    make_innovation(cast.unit_a, "Tiga")
    three, shown = _queries(client, "/api/v1/innovations")
    assert (shown, one) == (3, three)
    replicate(first, cast.gov_b)
    one, shown = _queries(client, "/api/v1/replications")
    replicate(first, None, name="Kantin")
    replicate(first, cast.gov_b, name="Dinas Lain")
    three, shown_three = _queries(client, "/api/v1/replications")
    assert (shown, shown_three, one) == (1, 3, three)


def test_the_schema_documents_the_new_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    params = {p["name"] for p in paths["/api/v1/innovations"]["get"]["parameters"]}
    assert {"q", "province", "region", "affair", "award", "replicated", "sort", "page", "page_size"} <= params
    assert "/api/v1/replications" in paths and "/api/v1/innovations/{innovation_id}" in paths


def test_governments_of_a_province_do_not_match_by_code_prefix(client, db):
    assert client.get("/api/v1/governments", {"province": "3"}).json()["count"] == 0
    assert client.get("/api/v1/governments", {"province": "35", "page_size": 100}).json()["count"] == 39


def test_replications_say_the_adopter_kind_partner_kind_region_and_year(client, cast, catalog):
    from inovasi.innovations.enums import AdopterKind, PartnerKind
    from inovasi.innovations.services import add_replication

    add_replication(
        innovation=catalog.among_tani,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.NON_GOVERNMENT,
        adopter_name="Kantin RSUD Kota Malang",
        partner_kind=PartnerKind.HEALTH,
        adopter_region=cast.gov_b.region,
        year=2024,
        evidence_kind="pks",
    )
    add_replication(
        innovation=catalog.among_tani,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=cast.gov_b,
        evidence_kind="surat_pernyataan",
        adopted_on=datetime.date(2025, 3, 1),
    )
    partners = client.get("/api/v1/replications", {"adopter_kind": "non_government"}).json()["items"]
    assert [(r["adopter_name"], r["partner_kind"], r["adopter_region"], r["year"]) for r in partners] == [
        (
            "Kantin RSUD Kota Malang",
            "health",
            {"code": "35.73", "name": cast.gov_b.region.name, "province_code": "35"},
            2024,
        )
    ]
    detail = client.get(f"/api/v1/innovations/{catalog.among_tani.pk}").json()["replications"]
    assert [(r["adopter_kind"], r["year"], r["adopter_region"]["code"]) for r in detail] == [
        ("non_government", 2024, "35.73"),
        ("government", 2025, "35.73"),
    ]
