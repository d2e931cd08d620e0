"""Organizer forms without code (issue #17) in a real browser, under the CSP: the quota row editor
adds and removes rows, the government picker finds a Pemda by typing and shows it as a chip, and
the edition is announced from its check page; the settings tab is marked current throughout."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.models import Edition
from inovasi.innovations.services import jakarta_year
from tests_support.personas import Cast


def test_quota_rows_government_chips_and_announcing(live_server, reference_data, page, shoot):
    cast = Cast()
    edition = create_edition_from_preset(
        preset="kovablik-jatim", body=cast.body, year=jakarta_year(), actor=cast.organizer
    )
    stage = edition.stages.get(label="Top 45")
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    base = live_server.url
    log_in(page, base, "panitia@uji.test", lands_on="/panitia/")

    # 1. Quotas as rows: add a row, fill two, remove the empty one, save.
    page.goto(base + reverse("organizer:config_edit", args=[edition.pk, "tahap", stage.pk]))
    editor = page.locator("[data-row-editor]")
    expect(editor.get_by_role("row")).to_have_count(3)  # header and two blank rows
    editor.get_by_role("button", name="Tambah baris").click()
    expect(editor.get_by_role("row")).to_have_count(4)
    page.get_by_label("Baris 1: kelompok atau wilayah").select_option(label="Replikasi")
    page.get_by_label("Baris 1: jumlah").fill("10")
    page.get_by_label("Baris 2: kelompok atau wilayah").select_option(label="Umum")
    page.get_by_label("Baris 2: jumlah").fill("30")
    editor.get_by_role("button", name="Hapus").nth(2).click()
    expect(editor.get_by_role("row")).to_have_count(3)
    shoot("baris-kuota")
    page.get_by_role("button", name="Simpan").click()
    expect_message(page, "Tahap disimpan.")
    stage.refresh_from_db()
    assert stage.quotas == [{"group": "replikasi", "count": 10}, {"group": "umum", "count": 30}]
    expect(page.get_by_text("Kuota: Replikasi: 10; Umum: 30")).to_be_visible()

    # 2. A Pemda outside the scope, found by typing and shown as a chip.
    page.get_by_text("Cakupan, syarat dan jadwal pendaftaran").click()
    picker = page.get_by_role("combobox", name="Pemerintah daerah tambahan")
    picker.press_sequentially("semarang", delay=20)
    page.get_by_role("option", name=re.compile("kota semarang", re.I)).click()
    expect(page.get_by_role("button", name=re.compile("^Hapus .*kota semarang", re.I))).to_be_visible()
    shoot("chip-pemda")
    page.get_by_role("button", name="Simpan pengaturan edisi").click()
    expect_message(page, "Pengaturan edisi disimpan.")
    edition.refresh_from_db()
    assert [g.region.code for g in edition.extra_governments.all()] == ["33.74"]
    current = page.locator('.nav-tabs [aria-current="page"]')
    expect(current).to_have_text("Pengaturan")

    # 3. Announcing: the check page, then the confirmation.
    page.get_by_role("link", name="Periksa dan umumkan edisi").click()
    expect(page.get_by_role("heading", name="Periksa sebelum mengumumkan edisi")).to_be_visible()
    shoot("periksa-umumkan")
    page.get_by_role("button", name="Umumkan edisi").click()
    expect_message(page, "Edisi diumumkan.")
    assert Edition.objects.get(pk=edition.pk).is_published
    assert violations == []
