"""The harvestable open-data catalogue: /data.json validates against the DCAT-US 1.1 fields CKAN
reads, /data/katalog.jsonld says the same in DCAT, and every identifier and distribution answers."""

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest
from django.conf import settings
from django.utils import timezone

from inovasi.competitions.editions import create_edition_from_preset
from inovasi.innovation_index.models import IndexFramework
from inovasi.innovation_index.presets import load_preset
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.tests.builders import make_innovation

SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs" / "schemas" / "data-json-pod-1.1.schema.json").read_text())
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def published(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_innovation(cast, status=InnovationStatus.PUBLISHED)
    edition = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)
    edition.is_published = True
    edition.save(update_fields=["is_published"])
    edition.stages.order_by("order").filter(pk=edition.stages.order_by("order").first().pk).update(
        results_published_at=datetime(2025, 8, 1, 10, tzinfo=WIB)
    )
    framework = load_preset("iid-2026", body=cast.body)
    IndexFramework.objects.filter(pk=framework.pk).update(results_published_at=timezone.now())
    unpublished = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2026, actor=cast.organizer)
    return edition, framework, unpublished


def test_data_json_validates_and_lists_each_open_dataset(client, published):
    edition, framework, unpublished = published
    response = client.get("/data.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    jsonschema_rs.validator_for(SCHEMA).validate(data)
    identifiers = [d["identifier"] for d in data["dataset"]]
    site = settings.SITE_URL
    assert identifiers == [
        f"{site}/data/katalog-inovasi/",
        f"{site}/data/hasil-kompetisi-{edition.pk}/",
        f"{site}/data/indeks-inovasi-daerah-{framework.year}/",
    ]
    assert f"hasil-kompetisi-{unpublished.pk}" not in response.content.decode()
    results = data["dataset"][1]
    assert results["publisher"]["name"] == "Biro Organisasi Jatim"
    assert results["modified"] == "2025-08-01" and results["license"].startswith("https://creativecommons.org/")
    assert {d["mediaType"] for d in results["distribution"]} == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def test_a_catalogue_missing_a_required_field_is_refused_by_the_schema(client, published):
    data = client.get("/data.json").json()
    del data["dataset"][0]["contactPoint"]
    assert not jsonschema_rs.validator_for(SCHEMA).is_valid(data)


def test_every_identifier_landing_page_and_distribution_answers(client, published):
    data = client.get("/data.json").json()
    site = settings.SITE_URL
    urls = []
    for dataset in data["dataset"]:
        urls += [dataset["identifier"], dataset["landingPage"]]
        urls += [d.get("downloadURL") or d["accessURL"] for d in dataset["distribution"]]
    failures = {}
    for url in urls:
        assert url.startswith(site)
        response = client.get(url[len(site) :])
        if response.status_code != 200:
            failures[url] = response.status_code
    assert failures == {}
    csv = client.get(data["dataset"][0]["distribution"][0]["downloadURL"][len(site) :])
    assert csv["Content-Type"].startswith("text/csv")


def test_the_dcat_json_ld_says_the_same(client, published):
    pod = client.get("/data.json").json()
    response = client.get("/data/katalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    dcat = response.json()
    assert dcat["@type"] == "dcat:Catalog" and dcat["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert [d["@id"] for d in dcat["dcat:dataset"]] == [d["identifier"] for d in pod["dataset"]]
    assert [d["dct:title"] for d in dcat["dcat:dataset"]] == [d["title"] for d in pod["dataset"]]
    for dataset in dcat["dcat:dataset"]:
        assert dataset["dct:modified"]["@type"] == "xsd:date"
        assert all("dcat:accessURL" in dist for dist in dataset["dcat:distribution"])


def test_an_unknown_dataset_is_404_and_the_page_names_its_downloads(client, published):
    assert client.get("/data/tidak-ada/").status_code == 404
    html = client.get("/data/").content.decode()
    assert "Katalog inovasi daerah" in html and "data.json" in html
    page = client.get("/data/katalog-inovasi/").content.decode()
    assert "Katalog inovasi (CSV)" in page


def test_an_empty_site_still_has_a_valid_catalogue(client, db):
    data = client.get("/data.json").json()
    jsonschema_rs.validator_for(SCHEMA).validate(data)
    assert [d["title"] for d in data["dataset"]] == ["Katalog inovasi daerah"]
    assert date.fromisoformat(data["dataset"][0]["modified"])
