"""Drafts read like the seed stories and every number in them is computed from the data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inovasi.awards.models import AwardLabel, AwardLabelKind, Ceremony
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.innovations.enums import InnovationType
from inovasi.innovations.models import Recognition, Result
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government
from inovasi.press import drafting
from inovasi.press.tests.builders import award, enter, replicate_to_partners
from inovasi.search.tests.factories import make_innovation

PARTNERS = [
    "Cafeteria YUK NONGGO",
    "Kantin RSUD Bangil",
    "Rest Area Masjid Cheng-Ho",
    "Kantin Pondok Pesantren Al-Berr",
]


def values(draft) -> dict:
    return {f["key"]: f["value"] for f in draft.figures}


def numbers_in(draft) -> list[str]:
    text = re.sub(r"https?://\S+", "", f"{draft.title}\n{draft.lead}\n{draft.body}")
    return re.findall(r"\d+(?:[.,]\d+)*", text)


def assert_every_number_is_a_figure(draft, *names):
    """Each number printed comes from a recorded figure (or is part of a name, such as "Top 30")."""
    allowed = set()
    for text in [f["display"] for f in draft.figures] + list(names):
        allowed |= set(re.findall(r"\d+(?:[.,]\d+)*", text))
    assert sorted(set(numbers_in(draft)) - allowed) == []


# --- A region's year ----------------------------------------------------------------------------


def test_kota_batu_grew_from_8_to_63_innovations_an_increase_of_687_5_percent(cast, batu):
    draft = drafting.draft_region_year(cast.gov_a, 2024)
    assert draft.title == "Kota Batu Catat 63 Inovasi pada 2024, Naik 687,5 % dari 2021"
    assert draft.lead == (
        "Pemerintah Kota Batu mencatat 63 inovasi dari 29 perangkat daerah pada tahun 2024. "
        "Jumlah itu naik 687,5 % dibandingkan tahun 2021 yang mencatatkan 8 inovasi."
    )
    assert "788" not in draft.title + draft.lead + draft.body
    assert "Dari jumlah tersebut, 20 inovasi berjenis digital dan 43 lainnya non-digital." in draft.body
    figures = values(draft)
    assert figures["region.innovations.2021"] == 8
    assert figures["region.innovations.2024"] == 63
    assert figures["region.growth"] == 687.5
    assert figures["region.agencies.2024"] == 29
    growth = next(f for f in draft.figures if f["key"] == "region.growth")
    assert (growth["display"], growth["url"]) == ("687,5 %", "/wilayah/35.79/")
    assert_every_number_is_a_figure(draft)


def test_a_figure_changes_when_the_data_changes(cast, batu):
    before = values(drafting.draft_region_year(cast.gov_a, 2024))
    make_innovation(cast.agency_a, "Inovasi Batu Baru", year=2024, type=InnovationType.DIGITAL)
    draft = drafting.draft_region_year(cast.gov_a, 2024)
    after = values(draft)
    assert (before["region.innovations.2024"], after["region.innovations.2024"]) == (63, 64)
    assert (before["region.growth"], after["region.growth"]) == (687.5, 700)
    assert draft.title == "Kota Batu Catat 64 Inovasi pada 2024, Naik 700 % dari 2021"


def test_the_comparison_year_can_be_chosen_and_must_have_data(cast, batu):
    with pytest.raises(ValidationError) as refused:
        drafting.draft_region_year(cast.gov_a, 2024, compare_year=2022)
    assert refused.value.message_dict == {
        "compare_year": ["Tahun pembanding harus tahun sebelumnya yang memiliki data: 2021."]
    }
    with pytest.raises(ValidationError) as refused:
        drafting.draft_region_year(cast.gov_a, 2019)
    assert refused.value.message_dict == {"year": ["Belum ada inovasi terbit Kota Batu untuk tahun 2019."]}


def test_a_result_in_rupiah_is_written_in_words_and_kept_exact_in_the_figures(cast, batu):
    bangga = make_innovation(
        cast.agency_a,
        "Bangga E-Lokal",
        year=2024,
        summary="Memfasilitasi transaksi antara pelaku usaha lokal dan pemerintah. Tiga etalase sejak 2022.",
    )
    Result.objects.create(
        innovation=bangga,
        metric="Nilai transaksi",
        value=Decimal("109600000000"),
        unit="Rp",
        year=2024,
        note="Sebagian besar transaksi dilakukan oleh Pemkot Batu.",
    )
    draft = drafting.draft_region_year(cast.gov_a, 2024)
    assert (
        "Bangga E-Lokal memfasilitasi transaksi antara pelaku usaha lokal dan pemerintah. "
        "Nilai transaksi Bangga E-Lokal mencapai Rp109,6 miliar pada tahun 2024. "
        "Sebagian besar transaksi dilakukan oleh Pemkot Batu."
    ) in draft.body
    assert "2022" not in draft.body  # a number typed into the narrative is never quoted
    result = next(f for f in draft.figures if f["key"].startswith(f"innovation.{bangga.pk}.result."))
    assert (result["value"], result["display"]) == (109600000000, "Rp109,6 miliar")
    assert_every_number_is_a_figure(draft)


# --- Competitions -------------------------------------------------------------------------------


@pytest.fixture
def sakera(cast):
    """Story 000: Kabupaten Pasuruan's two innovations awarded "Top Inovasi Terpuji" at KOVABLIK 2023."""
    pasuruan = Government.objects.get(region__code="35.14")
    agency = Agency.objects.create(
        government=pasuruan, name="Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan", kind=AgencyKind.DINAS
    )
    shared = {
        "started_on": dt.date(2021, 1, 1),
        "started_year_only": True,
        "year": 2023,
        "background": "Memanfaatkan potensi susu dan daging sapi di Kabupaten Pasuruan untuk menjangkau pasar.",
        "sustainability": "Pengembangan pemasaran melalui marketplace dan produk frozen food.",
    }
    stmj = make_innovation(agency, "STMJ SAKERA", acronym_expansion="Sehat Kuat Perkasa", **shared)
    bakso = make_innovation(agency, "BAKSO SAKERA", acronym_expansion="Sehat Nikmat Menggugah Selera", **shared)
    for innovation in (stmj, bakso):
        replicate_to_partners(innovation, PARTNERS)
        Recognition.objects.create(
            innovation=innovation,
            name="GATRA Awards",
            giver="GATRA Media Group",
            category="Bidang Perlindungan dan Revitalisasi Komunitas",
            year=2022,
        )
    edition = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2023, actor=cast.organizer)
    label = AwardLabel.objects.create(edition=edition, name="Top Inovasi Terpuji", kind=AwardLabelKind.WINNER)
    ceremony = Ceremony.objects.create(
        edition=edition,
        name="Pembukaan Pameran Inovasi Pelayanan Publik",
        held_on=dt.date(2023, 11, 23),
        place="Jatim Park Kota Batu",
        presenter_name="Emil Elistianto Dardak",
        presenter_title="Wakil Gubernur Jawa Timur",
    )
    people = [{"name": "Andriyanto", "title": "Penjabat (Pj.) Bupati Pasuruan"}]
    first = award(label, enter(edition, stmj), ceremony, people=people, awarded_on=dt.date(2023, 11, 23))
    award(label, enter(edition, bakso), ceremony, people=people, awarded_on=dt.date(2023, 11, 23))
    return first, stmj, bakso


def test_an_award_is_told_like_the_pasuruan_story(sakera):
    first, stmj, bakso = sakera
    draft = drafting.draft_award(first)
    assert draft.title == "Pemkab Pasuruan Raih Top Inovasi Terpuji KOVABLIK 2023"
    assert draft.lead == (
        "Pemerintah Kabupaten Pasuruan meraih penghargaan Top Inovasi Terpuji dalam Kompetisi Inovasi Pelayanan "
        "Publik Jawa Timur (KOVABLIK) Tahun 2023. Prestasi ini diraih berkat inovasi STMJ SAKERA (Sehat Kuat "
        "Perkasa) dan BAKSO SAKERA (Sehat Nikmat Menggugah Selera) yang diinisiasi oleh Dinas Peternakan dan "
        "Kesehatan Hewan Kabupaten Pasuruan."
    )
    paragraphs = draft.body.split("\n\n")
    assert paragraphs[0] == (
        "Penghargaan diserahkan oleh Wakil Gubernur Jawa Timur, Emil Elistianto Dardak, kepada Penjabat (Pj.) "
        "Bupati Pasuruan, Andriyanto, dalam agenda Pembukaan Pameran Inovasi Pelayanan Publik di Jatim Park Kota "
        "Batu pada 23 November 2023."
    )
    assert paragraphs[1] == (
        "Inovasi STMJ SAKERA dan BAKSO SAKERA memanfaatkan potensi susu dan daging sapi di Kabupaten Pasuruan "
        "untuk menjangkau pasar."
    )
    assert paragraphs[2] == (
        "Kedua inovasi ini telah diterapkan sejak tahun 2021 dan telah direplikasi oleh empat mitra, yaitu "
        "Cafeteria YUK NONGGO, Kantin RSUD Bangil, Rest Area Masjid Cheng-Ho, dan Kantin Pondok Pesantren Al-Berr. "
        "Strategi keberlanjutan inovasi STMJ SAKERA dan BAKSO SAKERA mencakup pengembangan pemasaran melalui "
        "marketplace dan produk frozen food."
    )
    assert paragraphs[3] == (
        "Keberhasilan inovasi STMJ SAKERA dan BAKSO SAKERA juga telah mendapatkan pengakuan dari GATRA Media Group "
        "melalui GATRA Awards, dalam kategori Bidang Perlindungan dan Revitalisasi Komunitas."
    )
    assert paragraphs[-1] == (
        f"Daftar lengkap hasil KOVABLIK 2023 dapat dilihat di https://inovasi.contoh.id/kompetisi/"
        f"{first.label.edition_id}/hasil/."
    )
    figures = values(draft)
    assert figures[f"innovation.{stmj.pk}.replications"] == 4
    assert figures[f"innovation.{bakso.pk}.replications"] == 4
    assert figures[f"innovation.{stmj.pk}.started"] == 2021
    assert figures[f"ceremony.{first.ceremony_id}.date"] == "2023-11-23"
    assert_every_number_is_a_figure(draft)


def test_a_fifth_replication_changes_the_draft(sakera):
    first, stmj, _bakso = sakera
    replicate_to_partners(stmj, ["Kantin Pemkab Pasuruan"])
    draft = drafting.draft_award(first)
    assert "Inovasi STMJ SAKERA telah diterapkan sejak tahun 2021 dan telah direplikasi oleh lima mitra" in draft.body
    assert "Inovasi BAKSO SAKERA telah diterapkan sejak tahun 2021 dan telah direplikasi oleh empat mitra" in draft.body
    assert values(draft)[f"innovation.{stmj.pk}.replications"] == 5


def test_a_pemda_with_two_labels_is_told_like_the_kota_malang_story(cast, kovablik):
    draft = drafting.draft_edition_results(kovablik.edition, cast.gov_b)
    assert draft.title == "Kota Malang Raih 2 Penghargaan KOVABLIK 2020"
    assert draft.lead == (
        "Pemerintah Kota Malang meraih dua penghargaan dalam Kompetisi Inovasi Pelayanan Publik Jawa Timur "
        "(KOVABLIK) Tahun 2020: inovasi Segar Kagemi (SMP Negeri Sepuluh Malang) masuk Top 30 dan inovasi "
        "Rumah Diapers (Puskesmas Polowijen) masuk Top 45."
    )
    assert draft.body.split("\n\n")[:3] == [
        "Penghargaan diserahkan oleh Deputi Bidang Pelayanan Publik Kementerian PANRB, Diah Natalisa, dalam "
        "agenda Penganugerahan KOVABLIK di The Singhasari Resort Kota Batu pada 15 November 2020.",
        "Inovasi Segar Kagemi berawal dari keprihatinan guru melihat banyak anak yang enggan makan ikan.",
        "Inovasi Rumah Diapers mengolah dan mendaur ulang popok bayi sekali pakai.",
    ]
    assert "Inovasi Segar Kagemi telah diterapkan sejak tahun 2017." in draft.body
    assert "Inovasi Rumah Diapers telah diterapkan sejak 4 Maret 2019." in draft.body
    assert values(draft)[f"government.{cast.gov_b.pk}.awards"] == 2
    assert_every_number_is_a_figure(draft, "Top 30", "Top 45")


def test_a_pemda_that_reached_a_shortlist_only_is_told_like_the_kota_pasuruan_story(cast, kovablik):
    draft = drafting.draft_edition_results(kovablik.edition, cast.gov_a)
    assert draft.title == "Kota Batu Masuk Top 90 KOVABLIK 2020"
    assert draft.lead == (
        "Pemerintah Kota Batu masuk Top 90 Kompetisi Inovasi Pelayanan Publik Jawa Timur (KOVABLIK) Tahun 2020 "
        "dengan inovasi Among Tani Crop (Dinas Pertanian Kota Batu)."
    )
    assert draft.body.startswith("Daftar Top 90 diumumkan oleh Biro Organisasi Jatim pada 1 Oktober 2020.")
    assert "Inovasi Rahasia" not in draft.body  # in a list that is not announced


def test_the_whole_edition_names_every_award_and_the_earlier_shortlist(kovablik):
    draft = drafting.draft_edition_results(kovablik.edition)
    assert draft.title == "Hasil KOVABLIK 2020: 2 Penghargaan untuk 1 Pemerintah Daerah"
    assert draft.lead == (
        "Biro Organisasi Jatim menetapkan dua penghargaan Kompetisi Inovasi Pelayanan Publik Jawa Timur (KOVABLIK) "
        "Tahun 2020 untuk satu pemerintah daerah. Penghargaan itu terdiri atas satu Top 30 dan satu Top 45."
    )
    paragraphs = draft.body.split("\n\n")
    assert paragraphs[:2] == [
        "Top 30 diraih oleh Segar Kagemi (SMP Negeri Sepuluh Malang).",
        "Top 45 diraih oleh Rumah Diapers (Puskesmas Polowijen, Kota Malang).",
    ]
    assert (
        "Daftar Top 90 yang diumumkan pada 1 Oktober 2020 memuat 3 inovasi: Segar Kagemi (SMP Negeri Sepuluh "
        "Malang), Rumah Diapers (Puskesmas Polowijen, Kota Malang), dan Among Tani Crop (Dinas Pertanian Kota Batu)."
    ) in paragraphs
    assert "Pada edisi ini panitia menerima 5 proposal dari 2 pemerintah daerah." in paragraphs
    assert "Sepasar Pedas" not in draft.body  # withdrawn from the Top 90
    figures = values(draft)
    assert (figures["edition.proposals"], figures["edition.participants"], figures["edition.awards"]) == (5, 2, 2)
    assert_every_number_is_a_figure(draft, "Top 30", "Top 45", "Top 90")


def test_nothing_announced_means_no_draft(cast, kovablik):
    with pytest.raises(ValidationError) as refused:
        drafting.draft_edition_results(kovablik.edition, Government.objects.get(region__code="35.14"))
    assert refused.value.messages == [
        "Pemerintah Kabupaten Pasuruan belum memiliki hasil yang diumumkan pada KOVABLIK Jawa Timur 2020."
    ]
    empty = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2026, actor=cast.organizer)
    with pytest.raises(ValidationError) as refused:
        drafting.draft_edition_results(empty)
    assert refused.value.messages == ["Belum ada hasil yang diumumkan untuk KOVABLIK Jawa Timur 2026."]
