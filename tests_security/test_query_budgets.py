"""Query budgets: every list page and API list costs the same queries for 1 item as for 3.

Inventory (issue #8). Budgeted next to their app:
  public    catalog (public/tests/test_catalog_pages), edition list and detail
            (competitions/tests/test_public_pages), index dashboard (innovation_index/tests/test_pages)
  workspace agency list (workspace/tests/test_agency_pages), innovation list, review queue and
            record page (workspace/tests/test_innovation_pages), import jobs
            (data_exchange/tests/test_import_pages), proposal list and page
            (competitions/tests/test_workspace_pages), index self-assessment (innovation_index)
  organizer competition list, edition settings, received proposals, objections
            (competitions/tests/test_organizer_pages), index validation queue (innovation_index),
            judging stage desk and jury (judging/tests/test_pages), reliability, presentation slots
  jury      assignments (judging/tests/test_pages)
  api       /innovations (api/tests/test_innovations_api), /judging/my-assignments (judging)
Budgeted here: the public innovation page (every child list), region page (kota and provinsi),
similar-innovations fragment, catalog export (CSV, XLSX), index region page and export; the API's
/regions, /governments, /governments/{id}/agencies, /replications, /index/frameworks,
/index/{year}/regions. Desk pages not listed above are in test_query_budgets_desks.py; the system
admin's lists (bodies, users, invitations, outbox) and the corrections list in
test_query_budgets_admin.py.
Not lists, so not budgeted: home (three counts), single-object pages and forms whose lists are
fixed by a preset (indicator form, rubric, checklist review). Awards, verification, press and
results pages are budgeted by their own modules.
"""

import datetime
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.innovation_index import services as index_services
from inovasi.innovation_index.enums import ClaimValidation
from inovasi.innovation_index.models import IndexIndicator, RegionIndex
from inovasi.innovation_index.presets import load_preset
from inovasi.innovations.enums import AdopterKind, EvidenceKind
from inovasi.innovations.models import (
    Evidence,
    GovernmentAffair,
    InnovationPerson,
    Partner,
    Recognition,
    Replication,
    Result,
    SustainableDevelopmentGoal,
)
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region
from inovasi.search.tests.factories import make_innovation, replicate
from tests_security.budget import constant_queries

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx_rows(body: bytes) -> int:
    """Data rows of the first sheet (the header row not counted)."""
    return sum(1 for _row in load_workbook(io.BytesIO(body)).active.iter_rows()) - 1


def csv_rows(body: str) -> int:
    return len(body.strip().splitlines()) - 1


def api_items(body: str) -> int:
    data = json.loads(body)
    return len(data["items"]) if isinstance(data, dict) else len(data)


# --- Public pages ------------------------------------------------------------------------------


def _children(innovation, n):
    """One child of every kind the public innovation page lists, numbered n."""
    InnovationPerson.objects.create(innovation=innovation, name=f"Anggota Tim {n}", role="Pelaksana")
    Partner.objects.create(innovation=innovation, name=f"Mitra Kerja {n}", role="pendamping")
    Result.objects.create(
        innovation=innovation, metric=f"Ukuran Hasil {n}", value=Decimal(1000 * n), unit="kg", year=2020 + n
    )
    Recognition.objects.create(innovation=innovation, name=f"Penghargaan Luar {n}", giver="Kementerian", year=2020 + n)
    adopter = Government.objects.get(region__code=f"35.{n + 70:02d}")
    agency = Agency.objects.create(government=adopter, name=f"Dinas Pereplikasi {n}", kind=AgencyKind.DINAS)
    adopted = make_innovation(agency, f"Inovasi Adopsi {n}")
    Replication.objects.create(
        innovation=innovation,
        adopter_kind=AdopterKind.GOVERNMENT,
        adopter_government=adopter,
        adopter_agency=agency,
        adopter_innovation=adopted,
        adopter_name=f"Pereplikasi Nomor {n}",
        adopted_on=datetime.date(2023, 1, n),
    )
    evidence = Evidence.objects.create(
        innovation=innovation, kind=EvidenceKind.FILE, title=f"Bukti Publik {n}", is_public=True
    )
    evidence.file.save(f"bukti-{n}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    innovation.affairs.add(GovernmentAffair.objects.order_by("code")[n])
    innovation.sdgs.add(SustainableDevelopmentGoal.objects.order_by("number")[n])


def test_the_public_innovation_page_costs_the_same_for_1_and_3_of_every_child(client, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    _children(innovation, 1)

    def grow():
        _children(innovation, 2)
        _children(innovation, 3)

    markers = ("Anggota Tim", "Mitra Kerja", "Ukuran Hasil", "Penghargaan Luar", "Pereplikasi Nomor", "Bukti Publik")
    constant_queries(
        client,
        reverse("public:innovation_detail", args=[innovation.pk]),
        # every kind must show the same number of items, else the minimum is off
        count=lambda body: min(body.count(m) for m in markers),
        grow=grow,
    )


def _published_with_replication(agency, n):
    innovation = make_innovation(agency, f"Inovasi Wilayah {n}", year=2022 + n)
    replicate(innovation, name=f"Pereplikasi Wilayah {n}")
    return innovation


@pytest.mark.parametrize("code", ["35.79", "35"])
def test_the_region_page_costs_the_same_for_1_and_3_innovations_and_replications(client, cast, code):
    _published_with_replication(cast.agency_a, 1)

    def grow():
        _published_with_replication(cast.unit_a, 2)  # a unit: counted under its Dinas
        _published_with_replication(
            Agency.objects.create(government=cast.gov_a, name="Dinas Kesehatan Kota Batu", kind=AgencyKind.DINAS), 3
        )

    constant_queries(
        client,
        reverse("public:region_detail", args=[code]),
        count=lambda body: body.count("Pereplikasi Wilayah"),
        grow=grow,
    )


def test_the_similar_innovations_fragment_costs_the_same_for_1_and_3(client, cast):
    make_innovation(cast.agency_b, "Bank Sampah Popok", summary="mengolah sampah popok bayi")

    def grow():
        make_innovation(cast.agency_b, "Sampah Jadi Emas", summary="mengolah sampah plastik")
        make_innovation(cast.agency_b, "Sedekah Sampah", summary="sampah ditukar beras")

    constant_queries(
        client,
        reverse("public:similar_innovations"),
        data={"q": "sampah"},
        count=lambda body: body.count('<li class="mb-2">'),
        grow=grow,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_catalog_export_costs_the_same_for_1_and_3_innovations(client, cast, fmt):
    def innovation(agency, name, n):
        created = make_innovation(agency, name, affairs=GovernmentAffair.objects.order_by("code")[:n])
        Recognition.objects.create(innovation=created, name=f"Penghargaan {n}", giver="Kementerian", year=2022)
        replicate(created, cast.gov_b)
        return created

    innovation(cast.agency_a, "Satu", 1)

    def grow():
        innovation(cast.unit_a, "Dua", 2)
        innovation(cast.agency_b, "Tiga", 3)

    constant_queries(
        client,
        reverse("public:catalog_export"),
        data={"format": fmt},
        count=xlsx_rows if fmt == "xlsx" else csv_rows,
        grow=grow,
    )


# --- Index ---------------------------------------------------------------------------------------


class PublishedIndex:
    """The 2026 methodology with validated, computed and published results."""

    def __init__(self, cast):
        self.cast = cast
        self.framework = load_preset("iid-2026", body=cast.body)
        self.assessments = {}

    def indicator(self, number):
        return IndexIndicator.objects.get(framework=self.framework, number=number)

    def claim(self, assessment, number, innovation=None):
        indicator = self.indicator(number)
        claim = index_services.set_claim(
            assessment=assessment,
            indicator=indicator,
            option=indicator.options.get(value=2),
            innovation=innovation,
            actor=None,
        )
        index_services.validate_claim(claim=claim, verdict=ClaimValidation.ACCEPTED, actor=self.cast.organizer)

    def assess(self, government, innovations=()):
        assessment = self.assessments.get(government.pk) or index_services.start_assessment(
            framework=self.framework, government=government, actor=None
        )
        self.assessments[government.pk] = assessment
        self.framework.refresh_from_db()
        if self.framework.is_published:  # a published year is frozen: withdraw, change, publish again
            index_services.publish_results(framework=self.framework, actor=self.cast.organizer, publish=False)
        self.claim(assessment, 1)
        for innovation in innovations:
            for number in (16, 17):
                self.claim(assessment, number, innovation)
        index_services.compute_framework(framework=self.framework, actor=None)
        index_services.publish_results(framework=self.framework, actor=self.cast.organizer)


@pytest.fixture
def index(cast):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=WIB), tick=False):
        yield PublishedIndex(cast)


def _index_innovation(agency, name):
    return make_innovation(agency, name, year=2026)


def test_the_public_index_region_page_costs_the_same_for_1_and_3_innovations(client, cast, index):
    index.assess(cast.gov_a, [_index_innovation(cast.agency_a, "Inovasi Indeks 1")])

    def grow():
        index.assess(
            cast.gov_a,
            [_index_innovation(cast.agency_a, "Inovasi Indeks 2"), _index_innovation(cast.unit_a, "Inovasi Indeks 3")],
        )

    constant_queries(
        client,
        reverse("public:index_region", args=[2026, "35.79"]),
        count=lambda body: body.count('class="index-innovation-row"'),
        grow=grow,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_public_index_export_costs_the_same_for_1_and_3_regions(client, cast, index, fmt):
    index.assess(cast.gov_a)

    def grow():
        index.assess(cast.gov_b)
        index.assess(Government.objects.get(region__code="35.72"))

    constant_queries(
        client,
        reverse("public:index_export", args=[2026, fmt]),
        count=xlsx_rows if fmt == "xlsx" else csv_rows,
        grow=grow,
    )


# --- API -----------------------------------------------------------------------------------------


def _test_province():
    """A made-up province 99 (no real code uses it) with its own Pemda, for lists that must start at 1."""
    province = Region.objects.create(code="99", name="Provinsi Uji", level=RegionLevel.PROVINSI)
    Government.objects.create(region=province, name="Pemerintah Provinsi Uji", short_name="Pemprov Uji")
    return province


def _test_regency(province, n):
    region = Region.objects.create(
        code=f"99.0{n}", name=f"Kabupaten Uji {n}", level=RegionLevel.KABUPATEN, parent=province
    )
    Government.objects.create(region=region, name=f"Pemerintah Kabupaten Uji {n}", short_name=f"Pemkab Uji {n}")


def test_the_region_api_costs_the_same_for_1_and_3_regions(client, db):
    province = _test_province()
    _test_regency(province, 1)
    constant_queries(
        client,
        "/api/v1/regions",
        data={"parent": "99"},
        count=api_items,
        grow=lambda: [_test_regency(province, n) for n in (2, 3)],
    )


def test_the_government_api_costs_the_same_for_1_and_3_governments(client, db):
    province = _test_province()  # the province's own Pemda is the first
    constant_queries(
        client,
        "/api/v1/governments",
        data={"province": "99"},
        count=api_items,
        grow=lambda: [_test_regency(province, n) for n in (1, 2)],
    )


def test_the_agency_api_costs_the_same_for_1_and_3_agencies(client, cast):
    def grow():
        Agency.objects.create(government=cast.gov_b, name="Dinas Pendidikan", kind=AgencyKind.DINAS)
        Agency.objects.create(
            government=cast.gov_b, name="Puskesmas Polowijen", kind=AgencyKind.PUSKESMAS, parent=cast.agency_b
        )

    constant_queries(client, f"/api/v1/governments/{cast.gov_b.pk}/agencies", count=api_items, grow=grow)


def test_the_replication_api_costs_the_same_for_1_and_3_replications(client, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    replicate(innovation, cast.gov_b)

    def grow():
        replicate(innovation, Government.objects.get(region__code="35.72"))
        replicate(make_innovation(cast.agency_b, "Rumah Diapers"), name="Kantin Sekolah")

    constant_queries(client, "/api/v1/replications", count=api_items, grow=grow)


def test_the_framework_api_costs_the_same_for_1_and_3_frameworks(client, cast):
    framework = load_preset("iid-2026", body=cast.body)

    def grow():
        load_preset("iid-2023", body=cast.other_body)
        index_services.copy_framework(source=framework, year=2027, name="IID 2027", actor=cast.organizer)

    constant_queries(client, "/api/v1/index/frameworks", count=api_items, grow=grow)


def test_the_region_index_api_costs_the_same_for_1_and_3_regions(client, cast, index):
    index.assess(cast.gov_a)

    def grow():
        index.assess(cast.gov_b)
        index.assess(Government.objects.get(region__code="35.72"))

    constant_queries(client, "/api/v1/index/2026/regions", count=api_items, grow=grow)
    assert RegionIndex.objects.filter(framework=index.framework).count() == 3
