"""Replaying the Kab. Pasuruan story: KOVABLIK 2023, STMJ SAKERA and BAKSO SAKERA awarded "Top Inovasi
Terpuji" at the exhibition, certificates whose QR codes verify; and the 2020 Top 30 / Top 45."""

from datetime import date
from urllib.parse import urlsplit

import pytest

from inovasi.awards.certificates import verification_url
from inovasi.awards.models import Award, AwardLabel, Ceremony, Certificate
from inovasi.demo.awards import load_awards_demo
from inovasi.demo.competitions import load_competitions
from inovasi.demo.innovations import load_innovations
from inovasi.demo.organisations import load_organisations
from inovasi.demo.personas import load_personas

pytestmark = pytest.mark.slow


def _load():
    # What `manage.py load_demo` runs up to the awards (the index demo is slow and unrelated).
    loaded = load_organisations()
    load_personas(loaded)
    load_innovations(loaded)
    editions = load_competitions(loaded)
    load_awards_demo(loaded, editions)
    return editions


def _counts():
    return {m.__name__: m.objects.count() for m in (AwardLabel, Ceremony, Award, Certificate)} | {
        "sha": sorted(Certificate.objects.values_list("sha256", flat=True))
    }


def test_the_pasuruan_story_replays_with_certificates_that_verify(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    editions = _load()
    first = _counts()
    _load()
    assert _counts() == first  # idempotent, and the PDFs are byte-for-byte the same

    edition = editions[2023]
    assert "Top Inovasi Terpuji" in set(edition.award_labels.values_list("name", flat=True))
    ceremony = edition.ceremonies.get()
    assert (ceremony.held_on, ceremony.place, ceremony.presenter_name, ceremony.presenter_title) == (
        date(2023, 11, 23),
        "Jatim Park 3, Kota Batu",
        "Emil Elistianto Dardak",
        "Wakil Gubernur Jawa Timur",
    )
    assert ceremony.name == "Pembukaan Pameran Inovasi Pelayanan Publik dan Jatim Bureaucracy Fest 2023"
    awards = Award.objects.filter(label__edition=edition, label__name="Top Inovasi Terpuji").select_related(
        "government", "agency", "certificate"
    )
    assert sorted(a.recipient_name for a in awards) == ["BAKSO SAKERA", "STMJ SAKERA"]
    for award in awards:
        assert award.government.name == "Pemerintah Kabupaten Pasuruan"
        assert award.agency.name == "Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan"
        assert award.people == [{"name": "Andriyanto", "title": "Penjabat (Pj.) Bupati Pasuruan"}]
        assert award.ceremony == ceremony and award.awarded_on == date(2023, 11, 23)
        certificate = award.certificate
        assert certificate.serial.startswith("KOVABLIK-2023/TIT/00")
        response = client.get(urlsplit(verification_url(certificate)).path)
        content = response.content.decode()
        assert response.status_code == 200 and "Sertifikat sah" in content
        assert award.recipient_name in content and certificate.serial in content and "23 November 2023" in content
    assert sorted(a.certificate.serial for a in awards) == ["KOVABLIK-2023/TIT/001", "KOVABLIK-2023/TIT/002"]

    earlier = {
        (a.label.name, a.recipient_name, a.ceremony.place)
        for a in Award.objects.filter(label__edition=editions[2020]).select_related("label", "ceremony")
    }
    assert earlier == {
        ("Top 30", "Segar Kagemi", "The Singhasari Resort, Kota Batu"),
        ("Top 45", "Rumah Diapers", "The Singhasari Resort, Kota Batu"),
    }
    assert Certificate.objects.filter(award__label__edition=editions[2020]).count() == 2
