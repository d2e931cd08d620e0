"""The public side: verification page, code/serial form, PDF download, API, innovation and region pages."""

import hashlib
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse

from inovasi.awards import certificates, issuance, services
from inovasi.awards.certificates import TOKEN_SALT
from inovasi.innovations.models import Innovation, Recognition


@pytest.fixture
def certificate(scene):
    return issuance.issue_certificate(
        award=scene.award(people=[{"name": "Sutiaji", "title": "Wali Kota Malang"}]), actor=scene.cast.organizer
    )


def _verify_path(certificate) -> str:
    return urlsplit(certificates.verification_url(certificate)).path


def test_anyone_scanning_the_qr_code_sees_a_valid_certificate_with_its_facts(client, certificate):
    response = client.get(_verify_path(certificate))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Sertifikat sah",
        "Segar Kagemi",
        "Dinas Kesehatan Kota Malang",
        "Pemerintah Kota Malang",
        "Sutiaji, Wali Kota Malang",
        "Top 30",
        "KOVABLIK Jawa Timur 2025",
        "Penganugerahan KOVABLIK 2025, Jatim Park 3, Kota Batu, 20 November 2025",
        "Diserahkan oleh Emil Elistianto Dardak, Wakil Gubernur Jawa Timur",
        "KOVABLIK-2025/T30/001",
        "1 Desember 2025",
        certificate.sha256,
    ):
        assert text in content, text
    innovation_url = reverse("public:innovation_detail", args=[certificate.award.innovation_id])
    assert f'href="{innovation_url}"' in content
    assert reverse("public:certificate_pdf", args=[certificates.token_for(certificate)]) in content


def test_the_innovation_link_is_left_out_while_the_innovation_is_not_published(client, certificate):
    Innovation.objects.filter(pk=certificate.award.innovation_id).update(status="archived")
    content = client.get(_verify_path(certificate)).content.decode()
    assert reverse("public:innovation_detail", args=[certificate.award.innovation_id]) not in content


def test_the_pdf_of_a_valid_certificate_is_public_and_matches_its_sha256(client, certificate):
    response = client.get(reverse("public:certificate_pdf", args=[certificates.token_for(certificate)]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="sertifikat-KOVABLIK-2025-T30-001.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == certificate.sha256


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("xy" if not t.endswith("xy") else "ab"),  # signature changed
        lambda t: "e" + t[1:] if not t.startswith("e") else "f" + t[1:],  # contents changed
        lambda t: signing.dumps("00000000-0000-0000-0000-000000000000", salt=TOKEN_SALT),  # unknown certificate
        lambda t: signing.dumps("bukan-uuid", salt=TOKEN_SALT),
        lambda t: "tidak-ada",
    ],
    ids=["signature", "contents", "unknown", "not-a-uuid", "garbage"],
)
def test_a_tampered_or_unknown_code_gets_the_invalid_page_with_404(client, certificate, mangle, request):
    token = mangle(certificates.token_for(certificate))
    response = client.get(reverse("public:certificate_verify", args=[token]))
    assert response.status_code == 404
    content = response.content.decode()
    assert "Segar Kagemi" not in content
    # A broken signature is "damaged or forged"; a well-signed unknown code or garbage is "not found".
    damaged = request.node.callspec.id in ("signature", "contents")
    assert ("Kode sertifikat rusak atau dipalsukan" in content) is damaged
    assert ("Sertifikat tidak ditemukan" in content) is not damaged
    assert client.get(reverse("public:certificate_pdf", args=[token])).status_code == 404


def test_a_mistyped_serial_is_not_found_never_called_forged(client, certificate):
    """Reproduction (#18): a mistyped number was answered "Sertifikat tidak valid … dipalsukan"."""
    response = client.get(reverse("public:certificate_lookup"), {"kode": "KOVABLIK-2025/T30/0O1"})
    content = response.content.decode()
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in content and "Periksa penulisan" in content
    assert "dipalsukan" not in content


def test_a_revoked_certificate_says_so_with_the_reason_and_its_pdf_is_withheld(client, certificate):
    issuance.revoke_certificate(certificate=certificate, reason="Inovasi tidak lagi berjalan.", actor=None)
    response = client.get(_verify_path(certificate))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat ini sudah DICABUT" in content and "Inovasi tidak lagi berjalan." in content
    assert "Sertifikat sah" not in content
    pdf = client.get(reverse("public:certificate_pdf", args=[certificates.token_for(certificate)]))
    assert pdf.status_code == 302 and pdf["Location"] == _verify_path(certificate)


def test_the_form_accepts_a_pasted_url_a_code_or_a_serial(client, certificate):
    lookup = reverse("public:certificate_lookup")
    assert client.get(lookup).status_code == 200
    target = _verify_path(certificate)
    for text in (
        certificates.verification_url(certificate),
        certificates.token_for(certificate),
        "kovablik-2025/t30/001",
    ):
        response = client.get(lookup, {"kode": text})
        assert (response.status_code, response["Location"]) == (302, target), text
    response = client.get(lookup, {"kode": "KOVABLIK-2025/T30/999"})
    assert response.status_code == 404 and "Sertifikat tidak ditemukan" in response.content.decode()


def test_serials_of_an_unpublished_edition_are_not_looked_up(client, scene, certificate):
    scene.edition.is_published = False
    scene.edition.save(update_fields=["is_published"])
    assert client.get(reverse("public:certificate_lookup"), {"kode": certificate.serial}).status_code == 404
    assert client.get(_verify_path(certificate)).status_code == 200  # the signed code still verifies


# --- API -------------------------------------------------------------------------------------


def test_the_api_lists_awards_of_published_editions_only(client, scene, certificate, cast):
    special = services.create_label(edition=scene.edition, actor=None, name="Pemda Terinovatif")
    services.give_award(label=special, government=cast.gov_a, awarded_on=date(2025, 11, 15), actor=None)
    body = client.get("/api/v1/awards").json()
    assert body["count"] == 2
    by_name = {item["recipient_name"]: item for item in body["items"]}
    segar = by_name["Segar Kagemi"]
    assert (segar["label"], segar["edition"], segar["year"], segar["region_code"]) == (
        "Top 30",
        "KOVABLIK Jawa Timur 2025",
        2025,
        "35.73",
    )
    assert (segar["certificate_serial"], segar["certificate_status"]) == ("KOVABLIK-2025/T30/001", "valid")
    assert segar["ceremony"]["place"] == "Jatim Park 3, Kota Batu"
    assert segar["innovation_id"] == certificate.award.innovation_id
    assert by_name["Pemerintah Kota Batu"]["certificate_status"] is None
    only_batu = client.get("/api/v1/awards", {"government": cast.gov_a.pk}).json()
    assert [i["recipient_name"] for i in only_batu["items"]] == ["Pemerintah Kota Batu"]
    assert client.get("/api/v1/awards", {"edition": scene.edition.pk + 999}).json()["count"] == 0
    scene.edition.is_published = False
    scene.edition.save(update_fields=["is_published"])
    assert client.get("/api/v1/awards").json()["count"] == 0


def test_the_api_verifies_a_code_as_valid_revoked_or_invalid(client, certificate):
    token = certificates.token_for(certificate)
    valid = client.get("/api/v1/certificates/verify", {"token": token})
    assert valid.status_code == 200
    assert valid.json()["status"] == "valid" and valid.json()["serial"] == "KOVABLIK-2025/T30/001"
    assert valid.json()["sha256"] == certificate.sha256
    invalid = client.get("/api/v1/certificates/verify", {"token": token[:-1]})
    assert invalid.status_code == 404
    assert invalid.json() == {"status": "invalid", "detail": "Sertifikat tidak valid"}
    issuance.revoke_certificate(certificate=certificate, reason="Data inovasi tidak benar.", actor=None)
    revoked = client.get("/api/v1/certificates/verify", {"token": token}).json()
    assert (revoked["status"], revoked["revoke_reason"]) == ("revoked", "Data inovasi tidak benar.")


def test_the_award_list_api_costs_the_same_queries_for_one_or_three_awards(
    client, scene, cast, django_assert_num_queries
):
    scene.award()
    client.get("/api/v1/awards")
    with django_assert_num_queries(2):  # count + page
        assert client.get("/api/v1/awards").json()["count"] == 1
    scene.award(scene.diapers)
    special = services.create_label(edition=scene.edition, actor=None, name="Pemda Terinovatif")
    services.give_award(label=special, government=cast.gov_a, awarded_on=date(2025, 11, 15), actor=None)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/awards").json()["count"] == 3


# --- Innovation and region pages ------------------------------------------------------------


def test_the_innovation_page_shows_its_award_beside_outside_recognitions(client, scene, certificate):
    innovation = certificate.award.innovation
    Recognition.objects.create(innovation=innovation, name="GATRA Awards 2022", giver="GATRA Media Group", year=2022)
    content = client.get(reverse("public:innovation_detail", args=[innovation.pk])).content.decode()
    section = content.split('id="judul-penghargaan"')[1].split("</section>")[0]
    assert "Top 30</span>" in section and "KOVABLIK Jawa Timur 2025" in section
    assert "20 November 2025, Jatim Park 3, Kota Batu" in section and "KOVABLIK-2025/T30/001" in section
    assert "Penghargaan dari luar sistem" in section
    link = re.search(r'href="(/sertifikat/\?kode=[^"]+)"', section).group(1)
    assert client.get(link)["Location"] == _verify_path(certificate)
    assert (
        'title="penghargaan dari luar sistem">penghargaan luar</span> GATRA Awards 2022 — GATRA Media Group' in section
    )


def test_the_region_page_lists_the_awards_of_its_pemda(client, scene, certificate):
    content = client.get(reverse("public:region_detail", args=["35.73"])).content.decode()
    section = content.split('id="judul-penghargaan"')[1].split("</section>")[0]
    innovation_url = reverse("public:innovation_detail", args=[certificate.award.innovation_id])
    assert f'<a href="{innovation_url}">Segar Kagemi</a>' in section and "Top 30" in section
    batu = client.get(reverse("public:region_detail", args=["35.79"])).content.decode()
    assert "Belum ada penghargaan yang tercatat." in batu


def test_awards_of_an_unpublished_edition_stay_off_the_public_pages(client, scene, certificate):
    scene.edition.is_published = False
    scene.edition.save(update_fields=["is_published"])
    content = client.get(reverse("public:region_detail", args=["35.73"])).content.decode()
    assert "KOVABLIK-2025/T30/001" not in content
