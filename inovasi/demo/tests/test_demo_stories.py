"""The demo data tells the seed stories with their real facts, and loading it twice changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from inovasi.demo.innovations import demo_innovations, load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.demo.personas import load_personas
from inovasi.formats.display import format_percent, format_rupiah_words, growth_percent
from inovasi.innovations.enums import AdopterKind, InnovationStatus
from inovasi.innovations.models import (
    Innovation,
    InnovationPerson,
    InnovationVersion,
    Partner,
    Recognition,
    Replication,
    Result,
)
from inovasi.organisations.models import Agency, Government
from inovasi.search.models import SearchDocument

pytestmark = pytest.mark.slow


def _load_stories():
    # What `manage.py load_demo` does for the registry (the index demo, loaded after it, is another
    # helper's and takes minutes; it does not touch these stories).
    loaded = load_organisations()
    load_personas(loaded)
    load_innovations(loaded)


@pytest.fixture
def demo(db):
    _load_stories()


def _story(region_code, name) -> Innovation:
    return Innovation.objects.select_related("agency", "agency__parent").get(
        government__region__code=region_code, name=name
    )


def _counts() -> dict:
    models = [Agency, Innovation, InnovationVersion, InnovationPerson, Partner, Result, Recognition, Replication]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["affair links"] = Innovation.affairs.through.objects.count()
    counts["sdg links"] = Innovation.sdgs.through.objects.count()
    counts["last change"] = max(Innovation.objects.values_list("updated_at", flat=True))
    return counts


def test_loading_the_demo_twice_changes_nothing(demo):
    first = _counts()
    _load_stories()
    assert _counts() == first


def test_every_story_innovation_is_published_and_searchable(demo):
    names = [item.name for item in demo_innovations()]
    assert len(names) == len(set(names)) == 69
    mine = Innovation.objects.filter(name__in=names)
    assert mine.count() == 69
    assert set(mine.values_list("status", flat=True)) == {InnovationStatus.PUBLISHED}
    assert not mine.filter(published_at__isnull=True).exists()
    assert SearchDocument.objects.filter(innovation__in=mine).count() == 69


def test_kabupaten_pasuruan_sakera_pair_with_four_partners_and_the_gatra_award(demo):
    for name, expansion in (("STMJ SAKERA", "Sehat Kuat Perkasa"), ("BAKSO SAKERA", "Sehat Nikmat Menggugah Selera")):
        innovation = _story("35.14", name)
        assert innovation.acronym_expansion == expansion
        assert innovation.agency.name == "Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan"
        assert innovation.started_on.year == 2021
        assert "marketplace" in innovation.sustainability and "frozen food" in innovation.sustainability
        assert list(innovation.replications.order_by("pk").values_list("adopter_kind", "adopter_name")) == [
            (AdopterKind.NON_GOVERNMENT, "Cafeteria YUK NONGGO"),
            (AdopterKind.NON_GOVERNMENT, "Kantin RSUD Bangil"),
            (AdopterKind.NON_GOVERNMENT, "Rest Area Masjid Cheng-Ho"),
            (AdopterKind.NON_GOVERNMENT, "Kantin Pondok Pesantren Al-Berr"),
        ]
        recognition = innovation.recognitions.get()
        assert (recognition.name, recognition.giver, recognition.category, recognition.year) == (
            "GATRA Awards 2022",
            "GATRA Media Group",
            "Bidang Perlindungan dan Revitalisasi Komunitas",
            2022,
        )


def test_kota_pasuruan_pentas_gemilang_with_pkk_blh_and_three_government_replications(demo):
    innovation = _story("35.75", "PENTAS GEMILANG")
    assert innovation.agency.name == "Dinas Pendidikan dan Kebudayaan Kota Pasuruan"
    assert "tas anyaman" in innovation.summary and "limbah anorganik" in innovation.summary
    assert list(innovation.partners.order_by("name").values_list("name", "role")) == [
        ("BLH", "Mitra pembangun nilai"),
        ("PKK", "Mentor keterampilan"),
    ]
    adopters = innovation.replications.order_by("adopter_government__region__code")
    assert [(r.adopter_kind, r.adopter_government.region.code, r.adopter_name) for r in adopters] == [
        (AdopterKind.GOVERNMENT, "35.13", "Pemerintah Kabupaten Probolinggo"),
        (AdopterKind.GOVERNMENT, "35.73", "Pemerintah Kota Malang"),
        (AdopterKind.GOVERNMENT, "35.74", "Pemerintah Kota Probolinggo"),
    ]


def test_kota_batu_among_tani_crop_and_bangga_e_lokal_with_rp_109_6_miliar(demo):
    among = _story("35.79", "Among Tani Crop")
    assert (among.agency.name, among.type) == ("Dinas Pertanian Kota Batu", "digital")
    assert "fitur keluhan petani" in among.summary
    bangga = _story("35.79", "Bangga E-Lokal")
    assert "jasa penyelenggara, jasa penyewaan, dan produk unggulan" in bangga.summary
    result = bangga.results.get()
    assert (result.metric, result.value, result.unit, result.year) == (
        "Nilai transaksi",
        Decimal("109600000000"),
        "Rp",
        2024,
    )
    assert format_rupiah_words(result.value) == "Rp109,6 miliar"


def test_kota_malang_segar_kagemi_rumah_diapers_and_sepasar_pedas(demo):
    kagemi = _story("35.73", "Segar Kagemi")
    assert kagemi.acronym_expansion == "Semua Bugar dengan Kantin Gemar Makan Ikan"
    assert (kagemi.agency.name, kagemi.agency.parent.name) == (
        "SMP Negeri 10 Malang",
        "Dinas Pendidikan dan Kebudayaan Kota Malang",
    )
    assert kagemi.started_on.year == 2017

    diapers = _story("35.73", "Rumah Diapers")
    assert (diapers.agency.name, diapers.agency.parent.name) == ("Puskesmas Polowijen", "Dinas Kesehatan Kota Malang")
    person = diapers.people.get()
    assert (person.name, person.role, person.is_initiator) == ("Anita Resky DS", "Pelaksana Sanitarian", True)
    stbm = diapers.recognitions.get()
    assert (stbm.name, stbm.giver, stbm.awarded_on) == (
        "Penghargaan Sanitasi Total Berbasis Masyarakat (STBM)",
        "Kementerian Kesehatan",
        dt.date(2020, 10, 2),
    )

    pedas = _story("35.73", "Sepasar Pedas")
    assert (pedas.acronym_expansion, pedas.agency.name) == (
        "Sekolah Pasar Pedagang Cerdas",
        "Dinas Perdagangan Kota Malang",
    )


def _top_level(agency: Agency) -> Agency:
    while agency.parent_id:
        agency = agency.parent
    return agency


def test_kota_batu_has_63_innovations_from_29_agencies_in_2024_and_8_in_2021(demo):
    batu = Government.objects.get(region__code="35.79")
    published = Innovation.objects.published().filter(government=batu).select_related("agency__parent")
    in_2024 = [i for i in published if i.year == 2024 or i.versions.filter(year=2024).exists()]
    in_2021 = [i for i in published if i.year == 2021 or i.versions.filter(year=2021).exists()]
    assert len(in_2024) == 63
    assert len({_top_level(i.agency).pk for i in in_2024}) == 29
    assert len(in_2021) == 8
    assert InnovationVersion.objects.filter(innovation__government=batu).count() == 8
    assert format_percent(growth_percent(len(in_2021), len(in_2024))) == "687,5 %"
    affairs = set(published.filter(affairs__is_basic_service=True).values_list("affairs__code", flat=True))
    assert affairs == {"1.01", "1.02", "1.03", "1.04", "1.05", "1.06"}
    assert Innovation.objects.filter(government=batu).values("name").distinct().count() == 63


def test_the_region_page_statistics_print_the_story_numbers(demo):
    from inovasi.innovations.region_stats import agency_statistics, innovations_per_year

    batu = Government.objects.get(region__code="35.79")
    rows = {row.year: (row.count, row.growth) for row in innovations_per_year([batu.pk])}
    assert rows == {2021: (8, None), 2024: (63, "687,5 %")}
    _agencies, share = agency_statistics([batu.pk])
    assert (share.year, share.with_innovation) == (2024, 29)


def test_story_start_years_are_shown_as_years_not_invented_dates(client, demo):
    from inovasi.innovations.models import Innovation

    bakso = Innovation.objects.get(name="BAKSO SAKERA")
    assert (bakso.started_on.year, bakso.started_year_only) == (2021, True)
    content = client.get(f"/inovasi/{bakso.pk}/").content.decode()
    assert "1 Januari 2021" not in content
    assert '<dt class="col-sm-4">Mulai diterapkan</dt><dd class="col-sm-8">2021</dd>' in content


def test_kota_batus_region_page_links_its_published_index(client, db):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    content = client.get("/wilayah/35.79/").content.decode()
    assert 'href="/indeks/2024/wilayah/35.79/"' in content
    # The same figure on SQLite and PostgreSQL: the demo's seeded verdicts follow a fixed claim order.
    assert "Indeks Inovasi Daerah 2024: 66,26 · Sangat Inovatif" in content
