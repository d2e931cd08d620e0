"""The demo tells story 000 as a published release and story 002 as a draft, from the demo data."""

import datetime as dt

import pytest
from django.utils import timezone

from inovasi.awards.models import Award, AwardLabel, Ceremony
from inovasi.competitions.models import Proposal
from inovasi.demo.competitions import load_competitions
from inovasi.demo.innovations import load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.demo.press import load_press_demo
from inovasi.innovations.models import Innovation
from inovasi.press.models import PressKind, PressRelease, PressState

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(db):
    loaded = load_organisations()
    load_innovations(loaded)
    editions = load_competitions(loaded)
    return loaded, editions


def give_top_inovasi_terpuji(edition):
    """What the awards demo does for story 000 (built here so this test does not depend on it)."""
    label, _ = AwardLabel.objects.get_or_create(edition=edition, name="Top Inovasi Terpuji")
    ceremony = Ceremony.objects.create(
        edition=edition,
        name="Pembukaan Pameran Inovasi Pelayanan Publik dan Jatim Bureaucracy Fest 2023",
        held_on=dt.date(2023, 11, 23),
        place="Jatim Park 3 Kota Batu",
        presenter_name="Emil Elistianto Dardak",
        presenter_title="Wakil Gubernur Jawa Timur",
    )
    for name in ("STMJ SAKERA", "BAKSO SAKERA"):
        innovation = Innovation.objects.get(name=name)
        Award.objects.create(
            label=label,
            ceremony=ceremony,
            proposal=Proposal.objects.get(edition=edition, innovation=innovation),
            innovation=innovation,
            government=innovation.government,
            agency=innovation.agency,
            recipient_name=name,
            awarded_on=dt.date(2023, 11, 23),
            people=[{"name": "Andriyanto", "title": "Penjabat (Pj.) Bupati Pasuruan"}],
        )


def test_without_awards_only_the_kota_batu_draft_is_written(demo):
    loaded, editions = demo
    load_press_demo(loaded, editions)
    assert list(PressRelease.objects.values_list("kind", "state", "year")) == [
        (PressKind.REGION_YEAR, PressState.DRAFT, 2024)
    ]


def test_the_demo_publishes_pasuruan_and_drafts_batu_and_loading_twice_changes_nothing(demo):
    loaded, editions = demo
    give_top_inovasi_terpuji(editions[2023])
    load_press_demo(loaded, editions)
    load_press_demo(loaded, editions)
    assert PressRelease.objects.count() == 2
    pasuruan = PressRelease.objects.get(kind=PressKind.AWARD)
    assert (pasuruan.title, pasuruan.state) == ("Pemkab Pasuruan Raih Top Inovasi Terpuji KOVABLIK 2023", "published")
    assert timezone.localtime(pasuruan.published_at).date() == dt.date(2023, 11, 23)
    assert pasuruan.lead.endswith(
        "berkat inovasi STMJ SAKERA (Sehat Kuat Perkasa) dan BAKSO SAKERA (Sehat Nikmat Menggugah Selera) yang "
        "diinisiasi oleh Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan."
    )
    assert "telah diterapkan sejak tahun 2021 dan telah direplikasi oleh empat mitra" in pasuruan.body
    assert "GATRA Awards 2022" in pasuruan.body
    batu = PressRelease.objects.get(kind=PressKind.REGION_YEAR)
    assert (batu.title, batu.state) == ("Kota Batu Catat 63 Inovasi pada 2024, Naik 687,5 % dari 2021", "draft")
    figures = {f["key"]: f["value"] for f in batu.figures}
    assert (figures["region.innovations.2021"], figures["region.innovations.2024"], figures["region.growth"]) == (
        8,
        63,
        687.5,
    )
    assert "Nilai transaksi Bangga E-Lokal mencapai Rp109,6 miliar pada tahun 2024." in batu.body
