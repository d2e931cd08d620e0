"""The stage's CSV rows (`exports.visit_rows`): one per proposal in the outcome plus one per
cancelled visit, each cell group filled or blank as the visit's state allows."""

from decimal import Decimal

from inovasi.verification import exports, reports, services
from inovasi.verification.enums import Met
from inovasi.verification.tests.builders import image_bytes, photo


def _accepted_visit(world):
    visit = world.plan()
    reports.add_photos(visit=visit, actor=world.verifier, files=[photo("lahan.jpg", image_bytes(offset="+07:00"))])
    findings = world.findings(Met.PARTLY, "Baru sebagian petani.")
    findings[world.items[0].pk] = (Met.YES, "")
    visit.refresh_from_db()
    visit = reports.save_report(
        visit=visit,
        actor=world.verifier,
        version=visit.version,
        findings=findings,
        beneficiaries_met=12,
        recommendation="confirm",
        reasons="Aplikasi dipakai petani di lokasi kunjungan.",
        score="77,5",
        submit=True,
    )
    return services.accept_visit(visit=visit, actor=world.cast.organizer)


def test_rows_fill_each_cell_group_as_the_visit_allows(world):
    _accepted_visit(world)
    cancelled = world.plan(world.proposal("Dibatalkan Saja"), latitude="", longitude="")
    services.cancel_visit(visit=cancelled, actor=world.cast.organizer, reason="Jalan ke lokasi tertutup longsor.")
    world.proposal("Belum Dikunjungi")
    header, rows = exports.visit_rows(world.stage)
    assert len(header) == 26 + len(world.items)
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(r["Proposal"], r["Status kunjungan"]) for r in table] == [
        ("Among Tani Crop", "Diterima panitia"),
        ("Belum Dikunjungi", "Belum direncanakan"),
        ("Dibatalkan Saja", "Belum direncanakan"),  # in the running again, its visit cancelled
        ("Dibatalkan Saja", "Dibatalkan"),
    ]
    accepted, unplanned, replan, cancelled_row = table
    items = [f"Butir {item.code}" for item in world.items]
    assert [accepted[i] for i in items] == ["Ya"] + ["Sebagian — Baru sebagian petani."] * (len(items) - 1)
    assert (accepted["Ketua tim"], accepted["Anggota tim"], accepted["Lintang"]) == (
        "verif",
        "verif.dua",
        Decimal("-7.867100"),
    )
    assert (accepted["Penerima manfaat ditemui"], accepted["Rekomendasi"], accepted["Nilai verifikasi"]) == (
        12,
        "Konfirmasi",
        Decimal("77.50"),
    )
    assert (accepted["Jumlah foto"], accepted["Dikirim"], accepted["Diterima"]) == (
        1,
        "2025-06-12 10:00",
        "2025-06-12 10:00",
    )
    assert (accepted["Status hasil"], accepted["Lolos"]) == ("Final", "Ya")
    unplanned_cells = [unplanned[i] for i in ("ID kunjungan", "Ketua tim", "Jumlah foto", "Lolos", *items)]
    assert unplanned_cells == ["", "", 0, "", *[""] * len(items)]
    assert (cancelled_row["ID kunjungan"], cancelled_row["Lintang"], cancelled_row["Status hasil"]) == (
        cancelled.pk,
        "",
        "Dibatalkan",
    )
    assert unplanned["Status hasil"] == replan["Status hasil"] == "Belum ada kunjungan"
