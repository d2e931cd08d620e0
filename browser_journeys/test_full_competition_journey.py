"""One competition from end to end, through the screens each persona really uses.

An operator of Dinas Pertanian Kota Batu records an innovation, the Admin Pemda publishes it, the
operator drafts a proposal for an open KOVABLIK edition, the Admin Pemda submits it, the organizer
runs the administrative check and opens the desk evaluation, a juror scores, the organizer closes
the stage, publishes the list and issues the award certificate, and an anonymous visitor finds
the innovation in the catalog and verifies the certificate by the link its QR code holds.

Only what has no screen is set up through services: the edition (copied from the KOVABLIK preset,
its placeholder registration window moved around "now" so no clock needs freezing while
live_server runs in another thread) and the personas.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in, log_out, tiny_pdf, wib_input
from inovasi.awards.certificates import verification_url
from inovasi.awards.models import Certificate
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.models import Edition, Proposal
from inovasi.innovations.services import jakarta_year
from tests_support.personas import Cast

NAME = "SI-APEL BATU"
EXPANSION = "Sistem Informasi Apel Petani Batu"
NARRATIVE = {
    "Ringkasan": "Petani apel Kota Batu mencatat panen dan menjual langsung lewat aplikasi SI-APEL.",
    "Latar belakang dan tujuan": "Harga apel di tingkat petani jatuh karena rantai tengkulak yang panjang.",
    "Kebaruan / nilai tambah": "Pertama di Jawa Timur: pencatatan panen dan pasar daring dalam satu aplikasi.",
    "Implementasi": "Dinas Pertanian melatih 40 kelompok tani dan menyediakan pendamping di tiap desa.",
    "Signifikansi": "Pendapatan petani naik 23 % dalam dua tahun; penjualan langsung mencapai 310 ton.",
    "Adaptabilitas": "Dapat dipakai daerah penghasil buah lain dengan mengganti daftar komoditas.",
    "Sumber daya": "APBD Kota Batu, 6 pendamping lapangan dan server milik Diskominfo.",
    "Strategi keberlanjutan": "Diatur Peraturan Wali Kota dan dianggarkan setiap tahun oleh Dinas Pertanian.",
}
SCORES = {
    "kebaruan": "88",
    "efektivitas": "85",
    "kemanfaatan": "90",
    "kemudahan-replikasi": "80",
    "keberlanjutan": "86",
}
CEREMONY = "Malam Penganugerahan KOVABLIK"
# Weights are 20 % each, so the weighted total is the plain mean.
EXPECTED_SCORE = "85,80"


@pytest.fixture
def open_edition(live_server, reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url  # so the certificate's QR code points at this server
    cast = Cast()
    edition = create_edition_from_preset(
        preset="kovablik-jatim", body=cast.body, year=jakarta_year(), actor=cast.organizer
    )
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=7),
        is_published=True,
    )
    edition.refresh_from_db()
    return cast, edition


def test_an_innovation_goes_from_the_registry_through_a_competition_to_the_public(
    live_server, open_edition, page, shoot
):
    cast, edition = open_edition
    base = live_server.url

    # 1. The operator records the innovation and sends it to the Admin Pemda.
    log_in(page, base, "op.a@uji.test", lands_on="/ruang-kerja/")
    page.get_by_role("listitem").filter(has_text=cast.agency_a.name).get_by_role("link", name="Catat inovasi").click()
    page.wait_for_url("**/ruang-kerja/inovasi/baru/**")
    page.get_by_label("Nama inovasi").fill(NAME)
    page.get_by_label("Kepanjangan akronim").fill(EXPANSION)
    page.get_by_label("Inisiator").select_option(label="Perangkat daerah (OPD)")
    page.get_by_label("Bentuk inovasi").select_option(label="Inovasi pelayanan publik")
    page.get_by_label("Jenis inovasi").select_option(label="Digital")
    page.get_by_label("Tahapan").select_option(label="Penerapan")
    page.get_by_label("Pertanian", exact=True).check()
    page.get_by_label("Mulai diterapkan").fill("2021-03-01")
    for label, text in NARRATIVE.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Simpan draf").click()
    expect_message(page, f"Draf {NAME} disimpan.")
    # The task list: a running innovation needs evidence before it can be submitted.
    page.get_by_label("Judul bukti").fill("Video SI-APEL")
    page.get_by_label("Tautan (video atau dokumen daring)").fill("https://www.youtube.com/watch?v=si-apel")
    page.get_by_role("button", name="Tambahkan tautan").click()
    expect(page.get_by_text("Video SI-APEL")).to_be_visible()
    page.get_by_role("link", name="Periksa dan ajukan ke Admin Pemda").click()
    page.get_by_role("button", name="Ajukan ke Admin Pemda").click()
    expect_message(page, "Inovasi diajukan ke Admin Pemda.")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    shoot("operator-mencatat-inovasi")
    log_out(page)

    # The registry requires the Admin Pemda to publish it before it may enter a competition.
    log_in(page, base, "admin.a@uji.test", lands_on="/ruang-kerja/")
    page.get_by_role("navigation", name="Pintasan ruang kerja").get_by_role("link", name="Menunggu tinjauan").click()
    page.get_by_role("row").filter(has_text=NAME).get_by_role("link", name="Tinjau").click()
    page.get_by_role("link", name="Pratinjau dan terbitkan").click()
    page.get_by_role("button", name="Terbitkan").click()
    expect_message(page, "Inovasi diterbitkan dan tampil di katalog publik.")
    shoot("admin-pemda-menerbitkan")
    log_out(page)

    # 2. The operator drafts a proposal for the open KOVABLIK edition.
    log_in(page, base, "op.a@uji.test", lands_on="/ruang-kerja/")
    page.get_by_role("link", name="Kompetisi dan proposal").click()
    page.get_by_role("listitem").filter(has_text=edition.name).get_by_role("link", name="Ikutkan inovasi").click()
    page.get_by_label("Inovasi yang diikutkan").select_option(label=NAME)
    page.get_by_role("combobox", name="Kelompok").select_option(label="Umum")
    page.get_by_role("button", name="Buat proposal").click()
    expect_message(page, "Proposal dibuat dan diisi dari data inovasi.")
    # Prefilled from the registry; the one section without a registry field is written here.
    expect(page.get_by_label("Ringkasan")).to_have_value(NARRATIVE["Ringkasan"])
    page.get_by_label("Adaptabilitas: potensi replikasi").fill(
        "Kota dan kabupaten penghasil buah di Jawa Timur dapat memakai aplikasi yang sama."
    )
    page.get_by_role("button", name="Simpan isian").click()
    expect_message(page, "Isian proposal disimpan.")
    video = page.get_by_role("listitem").filter(has_text="Tautan video inovasi")
    video.get_by_label("Tautan").fill("https://www.youtube.com/watch?v=si-apel-batu")
    video.get_by_role("button", name="Simpan lampiran").click()
    # Uploaded in the background: the page stays, the row says so.
    expect(video.get_by_role("status")).to_have_text("Lampiran “Tautan video inovasi” disimpan.")
    for title in (
        "Surat pernyataan implementasi inovasi",
        "Surat pernyataan identitas inovasi",
        "Surat pernyataan bersedia direplikasi",
    ):
        item = page.get_by_role("listitem").filter(has_text=title)
        item.locator("input[type=file]").set_input_files(
            {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(title)}
        )
        item.get_by_role("button", name="Simpan lampiran").click()
        expect(item.get_by_role("status")).to_have_text(f"Lampiran “{title}” disimpan.")
    page.get_by_role("link", name="Periksa dan kirim ke Admin Pemda").click()
    page.get_by_role("button", name="Kirim ke Admin Pemda").click()
    expect_message(page, "Proposal dikirim ke Admin Pemda.")
    expect(page.locator("#status")).to_have_text("Menunggu persetujuan Admin Pemda")
    shoot("operator-menyusun-proposal")
    log_out(page)

    # 3. The Admin Pemda approves and submits it to the organizer.
    log_in(page, base, "admin.a@uji.test", lands_on="/ruang-kerja/")
    page.get_by_role("link", name="Kompetisi dan proposal").click()
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Periksa, setujui dan ajukan ke panitia").click()
    expect(page.get_by_role("heading", name="Yang tidak dapat diubah lagi")).to_be_visible()
    page.get_by_role("button", name="Setujui dan ajukan ke panitia").click()
    expect_message(page, "Proposal disetujui dan diajukan ke panitia.")
    expect(page.locator("#status")).to_have_text("Diterima panitia")
    expect(page.locator("#tanda-terima")).to_contain_text("Nomor tanda terima")
    shoot("admin-pemda-mengajukan")
    log_out(page)

    # 4. The organizer runs the administrative check, then opens the desk evaluation and its jury.
    log_in(page, base, "panitia@uji.test", lands_on="/panitia/")
    page.get_by_role("navigation", name="Pintasan panitia").get_by_role("link", name="Kompetisi").click()
    page.get_by_role("link", name=edition.name).click()
    page.get_by_role("link", name="Proposal", exact=True).click()
    page.get_by_role("button", name="Jalankan pemeriksaan otomatis").click()
    expect_message(page, "Pemeriksaan otomatis dijalankan.")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_text("Semua aturan otomatis terpenuhi.")).to_be_visible()
    verdicts = page.get_by_label("Memenuhi", exact=True)
    expect(verdicts).to_have_count(4)
    for i in range(4):
        verdicts.nth(i).check()
    page.get_by_role("button", name="Simpan hasil seleksi administrasi").click()
    expect_message(page, "Hasil seleksi administrasi: Lolos seleksi administrasi.")
    shoot("panitia-seleksi-administrasi")

    page.get_by_role("link", name="Pengaturan", exact=True).click()
    desk_row = page.get_by_role("row").filter(has_text="Evaluasi proposal").filter(has_text="Top 90")
    desk_row.get_by_role("link", name="Ubah").click()
    now = timezone.now()
    page.get_by_label("Dibuka", exact=True).fill(wib_input(now - timedelta(hours=1)))
    page.get_by_label("Ditutup", exact=True).fill(wib_input(now + timedelta(days=2)))
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect_message(page, "Tahap disimpan.")

    page.get_by_role("link", name="Penjurian", exact=True).click()
    page.get_by_label("Surel akun juri").fill("juri@uji.test")
    page.get_by_role("textbox", name=re.compile(r"^Nama\b")).fill("Dr. Ratna Wulandari")
    page.get_by_label("Afiliasi").fill("Universitas Brawijaya")
    page.get_by_role("button", name="Simpan juri").click()
    expect_message(page, "Juri disimpan.")
    page.get_by_role("link", name="Evaluasi proposal").click()
    page.get_by_label("Juri", exact=True).select_option(label="Dr. Ratna Wulandari")
    # At national size the desk takes the proposal's ID (shown in the ranking's ID column), not a list.
    proposal_id = Proposal.objects.get(innovation__name=NAME).pk
    page.get_by_label("ID proposal (lihat kolom ID pada peringkat)").fill(str(proposal_id))
    page.get_by_role("button", name="Tugaskan manual").click()
    expect_message(page, "Juri ditugaskan.")
    shoot("panitia-membuka-evaluasi")
    log_out(page)

    # 5. The juror scores the proposal on the jury desk.
    log_in(page, base, "juri@uji.test", lands_on="/juri/")
    page.get_by_role("link", name=NAME).click()
    for code, value in SCORES.items():
        page.locator(f"#f-{code}").fill(value)
    page.get_by_label("Catatan untuk panitia").fill("Dampak ekonomi jelas dan terukur.")
    page.get_by_role("button", name="Kirim nilai").click()
    # Check your answers first: the scores and the weighted total, then the deliberate send.
    expect(page.get_by_role("heading", name="Periksa nilai sebelum mengirim")).to_be_visible()
    page.get_by_role("button", name="Ya, kirim nilai").click()
    expect_message(page, "Nilai terkirim")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_text("Nilai sudah dikirim", exact=True)).to_be_visible()
    shoot("juri-menilai")
    log_out(page)

    # 6. The organizer closes the stage and publishes the list.
    log_in(page, base, "panitia@uji.test", lands_on="/panitia/")
    page.get_by_role("navigation", name="Pintasan panitia").get_by_role("link", name="Kompetisi").click()
    page.get_by_role("link", name=edition.name).click()
    page.get_by_role("link", name="Penjurian", exact=True).click()
    page.get_by_role("link", name="Evaluasi proposal").click()
    ranked = page.get_by_role("row").filter(has_text=NAME)
    expect(ranked).to_contain_text(EXPECTED_SCORE)
    expect(ranked).to_contain_text("Lolos")
    page.get_by_role("link", name="Periksa lalu tetapkan hasil").click()
    page.get_by_label("Saya sudah memeriksa hal di atas dan menetapkan hasil tahap ini.", exact=False).check()
    page.get_by_role("button", name="Tetapkan hasil").click()
    expect_message(page, "Hasil tahap ditetapkan dan dibekukan.")
    page.get_by_role("link", name="Periksa lalu umumkan daftar Top 90").click()
    page.get_by_label("Saya sudah memeriksa daftar di atas dan mengumumkannya.", exact=False).check()
    page.get_by_role("button", name="Umumkan daftar").click()
    expect_message(page, "Daftar Top 90 diumumkan: 1 proposal.")
    page.get_by_role("link", name="Halaman publik").click()
    top = page.locator("section").filter(has=page.get_by_role("heading", name="Top 90", exact=True))
    expect(top.get_by_role("listitem")).to_have_text(f"{NAME} — {cast.agency_a.name}, {cast.gov_a.name}")
    shoot("panitia-mengumumkan-top-90")
    proposal = Proposal.objects.get(edition=edition, innovation__name=NAME)
    result = proposal.stage_results.get()
    assert (proposal.state, result.label, result.rank, float(result.score)) == ("shortlisted", "Top 90", 1, 85.8)

    # The organizer turns the published list into awards and issues the certificate.
    page.goto(base + reverse("organizer:award_setup", args=[edition.pk]))
    today = timezone.localdate()
    page.get_by_role("link", name="Acara baru").click()
    page.get_by_label("Nama acara").fill(CEREMONY)
    page.get_by_label(re.compile(r"^Tanggal")).fill(today.isoformat())
    page.get_by_label(re.compile(r"^Tempat")).fill("Gedung Negara Grahadi, Surabaya")
    page.get_by_label("Diserahkan oleh").fill("Adhy Karyono")
    page.get_by_label("Jabatan penyerah").fill("Sekretaris Daerah Provinsi Jawa Timur")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect_message(page, f"Acara “{CEREMONY}” disimpan.")
    page.get_by_role("link", name="Penerima dan sertifikat").click()
    page.get_by_role("link", name="Impor dari hasil tahap").click()
    page.get_by_label("Tahap yang hasilnya sudah diumumkan").select_option(label="Evaluasi proposal — Top 90")
    page.get_by_label("Acara penganugerahan").select_option(label=f"{CEREMONY} ({today:%d-%m-%Y})")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect_message(page, "1 penghargaan “Top 90” dibuat dari Evaluasi proposal; 0 sudah ada.")
    page.get_by_role("row").filter(has_text=NAME).get_by_role("button", name="Buat sertifikat").click()
    expect_message(page, re.compile(r"^Sertifikat KOVABLIK-\d{4}/\S+ siap\.$"))
    certificate = Certificate.objects.get(award__proposal=proposal)
    expect(page.get_by_role("row").filter(has_text=NAME)).to_contain_text(certificate.serial)
    shoot("panitia-menerbitkan-sertifikat")
    log_out(page)

    # 7. An anonymous visitor searches the public catalog and finds it.
    page.get_by_role("link", name="Katalog inovasi").click()
    page.get_by_label("Cari inovasi").fill("petani apel")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_role("heading", name="1 inovasi")).to_be_visible()
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    expect(page.get_by_text(NARRATIVE["Signifikansi"])).to_be_visible()
    shoot("publik-menemukan-inovasi")

    # 8. The visitor follows the certificate's QR link, and a tampered code is refused.
    qr_url = verification_url(certificate)
    assert qr_url.startswith(base + "/sertifikat/")
    page.goto(qr_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sertifikat sah")
    recipient = page.locator("dt", has_text="Penerima").locator("xpath=following-sibling::dd[1]")
    expect(recipient).to_contain_text(NAME)
    expect(recipient).to_contain_text(cast.gov_a.name)
    expect(page.get_by_text(certificate.serial)).to_be_visible()
    pdf = page.request.get(base + page.get_by_role("link", name="Unduh sertifikat (PDF)").get_attribute("href"))
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    shoot("publik-memverifikasi-sertifikat")
    token = qr_url.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")  # one character of the signature
    response = page.goto(base + reverse("public:certificate_verify", args=[tampered]))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode sertifikat rusak atau dipalsukan")
    expect(page.get_by_text(NAME)).to_have_count(0)
    shoot("publik-sertifikat-palsu")
