"""Judging integrity from the organizer's chair (issue 13): a late conflict, a waiver, the frozen record.

Two jurors score two proposals of a KOVABLIK desk evaluation (Top 1). Dr. Ratna, who declared no
home region, submits 100 on Kota Batu's SI-APEL BATU in the browser. The organizer then records on
the jury page that she comes from Kota Batu: her score on that proposal is excluded ("Nilai
dikecualikan") and Kota Malang's proposal takes the lead on the desk. The organizer waives the
conflict with a reason, closes the stage after the pre-check (confirmation box), publishes it after
its own pre-check, and every reader of the closed stage shows the minutes' numbers: the public
results page (rank), the organizer's CSV export and the ranking API (the frozen score). The sealed
minutes PDF downloaded from the success message validates with pyHanko against the seal certificate.

Only what has no screen, or is not the point, is set up through services: the edition (the
KOVABLIK preset, its desk stage window moved around "now"), the proposals past the administrative
check, the jurors, their assignments, and the second juror's scores.
"""

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from browser_journeys.journey_support import expect_message, log_in, log_out
from inovasi.accounts.enums import Role
from inovasi.audit.seal import SEAL_FIELD, check_seal, seal_certificate
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import Edition, Proposal
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.innovations.services import jakarta_year
from inovasi.judging import closing, jury, scoring, setup
from inovasi.judging.assignment import assign
from inovasi.judging.models import Aggregation
from tests_support.personas import Cast, make_user

BATU = "SI-APEL BATU"
MALANG = "PASAR SEHAT MALANG"
WAIVER = "Juri pindah ke Kota Batu setelah menilai; nilainya diberikan sebelum ada hubungan dengan pengusul."


@pytest.fixture
def scored_desk(live_server, reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = Cast()
    edition = create_edition_from_preset(
        preset="kovablik-jatim", body=cast.body, year=jakarta_year(), actor=cast.organizer
    )
    Edition.objects.filter(pk=edition.pk).update(is_published=True)
    stage = edition.stages.filter(kind=StageKind.DESK_EVALUATION).order_by("order").first()
    now = timezone.now()
    stage.opens_at, stage.closes_at, stage.top_n = now - timedelta(hours=1), now + timedelta(days=2), 1
    stage.save()
    setup.update_judging_settings(stage=stage, actor=cast.organizer, aggregation=Aggregation.MEAN)
    group = edition.groups.get(code="umum")
    proposals = {}
    for title, agency in ((BATU, cast.agency_a), (MALANG, cast.agency_b)):
        proposals[title] = Proposal.objects.create(
            edition=edition,
            innovation=make_innovation(agency, title),
            government=agency.government,
            agency=agency,
            group=group,
            title=title,
            state=ProposalState.PASSED_ADMIN,
            submitted_at=now - timedelta(days=3),
        )
    ratna = jury.save_juror(
        body=cast.body,
        user=cast.juror,
        name="Dr. Ratna Wulandari",
        affiliation="Universitas Brawijaya",
        actor=cast.organizer,
    )
    budi = jury.save_juror(
        body=cast.body,
        user=make_user("juri.dua@uji.test", Role.JUROR, "organizer_body", cast.body),
        name="Ir. Budi Santoso",
        affiliation="ITS",
        actor=cast.organizer,
    )
    for juror in (ratna, budi):
        for proposal in proposals.values():
            assign(stage=stage, juror=juror, proposal=proposal, actor=cast.organizer)
    criteria = list(stage.criteria.all())
    for title, ratna_value, budi_value in ((BATU, None, 50), (MALANG, 40, 70)):
        for juror, value in ((ratna, ratna_value), (budi, budi_value)):
            if value is None:
                continue  # Ratna scores Batu in the browser
            scoring.save_scorecard(
                stage=stage,
                juror=juror,
                proposal=proposals[title],
                values={c.code: c.scale_min + (c.scale_max - c.scale_min) * value / 100 for c in criteria},
                submit=True,
                actor=juror.user,
            )
    return cast, edition, stage, proposals, criteria


def test_a_late_conflict_is_excluded_waived_with_a_reason_and_every_reader_shows_the_sealed_minutes(
    live_server, scored_desk, page, shoot
):
    cast, edition, stage, proposals, criteria = scored_desk
    base = live_server.url

    # 1. Dr. Ratna, with no home region declared, submits 100 on Kota Batu's proposal.
    log_in(page, base, "juri@uji.test", lands_on="/juri/")
    page.get_by_role("link", name=BATU).click()
    for criterion in criteria:
        page.locator(f"#f-{criterion.code}").fill(str(criterion.scale_max))
    page.get_by_role("button", name="Kirim nilai").click()
    page.get_by_role("button", name="Ya, kirim nilai").click()
    expect_message(page, "Nilai terkirim")
    shoot("juri-menilai-100")
    log_out(page)

    # 2. The organizer sees Batu first on both jurors' scores (100 and 50: 75,00).
    log_in(page, base, "panitia@uji.test", lands_on="/panitia/")
    page.goto(base + reverse("organizer:judging_stage", args=[stage.pk]))
    expect(page.get_by_role("row").filter(has_text=BATU)).to_contain_text("75,00")

    # 3. On the jury page she is recorded as coming from Kota Batu: a conflict after scoring.
    page.goto(base + reverse("organizer:judging_jury", args=[edition.pk]))
    form = page.locator("form").filter(has=page.get_by_role("button", name="Simpan juri"))
    form.get_by_label("Surel akun juri").fill("juri@uji.test")
    form.locator("input[name=name]").fill("Dr. Ratna Wulandari")
    form.get_by_label("Afiliasi").fill("Universitas Brawijaya")
    form.get_by_label("Pemerintah daerah asal").select_option(value=str(cast.gov_a.pk))
    form.get_by_role("button", name="Simpan juri").click()
    expect_message(page, "Juri disimpan.")
    shoot("panitia-mencatat-daerah-asal-juri")

    # 4. The desk excludes her score on Batu and says so; Malang (40 and 70: 55,00) now leads.
    page.goto(base + reverse("organizer:judging_stage", args=[stage.pk]))
    excluded = page.get_by_role("listitem").filter(
        has_text="Nilai dikecualikan: konflik kepentingan muncul setelah penilaian"
    )
    expect(excluded).to_contain_text("Dr. Ratna Wulandari")
    expect(excluded).to_contain_text(BATU)
    expect(page.get_by_role("row").filter(has_text=BATU)).to_contain_text("50,00")
    expect(page.get_by_role("row").filter(has_text=MALANG)).to_contain_text("55,00")
    shoot("meja-nilai-dikecualikan")

    # 5. The organizer waives the conflict with a reason; the score counts again, and the waiver is
    #    listed for the minutes.
    excluded.get_by_label("Alasan pengecualian konflik").fill(WAIVER)
    excluded.get_by_role("button", name="Kecualikan konflik dan hitung nilai").click()
    expect_message(page, "Konflik kepentingan dikecualikan.")
    expect(page.get_by_role("row").filter(has_text=BATU)).to_contain_text("75,00")
    expect(page.get_by_text(WAIVER).first).to_be_visible()
    shoot("meja-konflik-dikecualikan")

    # 6. Closing goes through the pre-check and an explicit confirmation.
    page.get_by_role("link", name="Periksa lalu tetapkan hasil").click()
    expect(page.get_by_text(WAIVER).first).to_be_visible()
    shoot("prapemeriksaan-penetapan")
    page.get_by_role("button", name="Tetapkan hasil").click()  # the confirmation box is required
    expect(page).to_have_url(re.compile(r"/tetapkan/periksa/$"))
    page.get_by_label("Saya sudah memeriksa hal di atas dan menetapkan hasil tahap ini.", exact=False).check()
    # While the close runs, the form says what is happening and its button cannot start the close
    # a second time. (The first submission is stopped after the page's own handlers ran, to look.)
    page.evaluate("() => { window.hold = (e) => e.preventDefault(); addEventListener('submit', window.hold); }")
    page.get_by_role("button", name="Tetapkan hasil").click()
    expect(page.get_by_role("status").filter(has_text="Menetapkan hasil: menghitung peringkat")).to_be_visible()
    expect(page.get_by_role("button", name="Tetapkan hasil")).to_be_disabled()
    shoot("penetapan-berjalan")
    page.evaluate("() => removeEventListener('submit', window.hold)")
    page.evaluate("() => document.querySelector('form[data-busy]').requestSubmit()")
    expect_message(page, "Hasil tahap ditetapkan dan dibekukan.")
    minutes_link = page.get_by_role("alert").get_by_role("link", name="Unduh berita acara bersegel (PDF)")
    minutes_href = minutes_link.get_attribute("href")  # the success message offers the minutes, not a hash
    closure = closing.current_closure(stage)
    frozen = {item["title"]: item for item in closure.ranking["ranking"]}
    assert [(t, frozen[t]["rank"], frozen[t]["score"], frozen[t]["advances"]) for t in (BATU, MALANG)] == [
        (BATU, 1, 75.0, True),
        (MALANG, 2, 55.0, False),
    ]
    assert [w["waiver_reason"] for w in closure.ranking["waivers"]] == [WAIVER]

    # 7. Publishing has its own pre-check and confirmation.
    page.get_by_role("link", name="Periksa lalu umumkan daftar Top 90").click()
    expect(page.get_by_text(MALANG).first).to_be_visible()  # whom publishing eliminates
    page.get_by_label("Saya sudah memeriksa daftar di atas dan mengumumkannya.", exact=False).check()
    page.get_by_role("button", name="Umumkan daftar").click()
    expect_message(page, "Daftar Top 90 diumumkan: 1 proposal.")
    shoot("panitia-mengumumkan")

    # 8. Every reader of the closed stage shows the minutes' numbers.
    desk_row = page.get_by_role("row").filter(has_text=BATU)
    expect(desk_row).to_contain_text("75,00")
    export = page.request.get(base + reverse("organizer:judging_export", args=[stage.pk, "csv"]))
    assert export.status == 200
    lines = list(csv.reader(io.StringIO(export.text().lstrip("\ufeff"))))
    by_title = {line[2]: line for line in lines[1:]}
    assert (by_title[BATU][0], float(by_title[BATU][4].replace(",", "."))) == ("1", 75.0)
    assert (by_title[MALANG][0], float(by_title[MALANG][4].replace(",", "."))) == ("2", 55.0)
    api = page.request.get(f"{base}/api/v1/judging/stages/{stage.pk}/ranking")
    assert api.status == 200
    rows = {row[2]: row for row in api.json()["rows"]}
    assert [(rows[t][0], rows[t][4]) for t in (BATU, MALANG)] == [(1, 75.0), (2, 55.0)]

    # 9. The sealed minutes validate with pyHanko against the organizer body's seal certificate.
    minutes = page.request.get(base + minutes_href)
    assert (minutes.status, minutes.headers["content-type"]) == (200, "application/pdf")
    pdf = minutes.body()
    assert pdf == closure.minutes.open("rb").read()
    # pyHanko validates through asyncio.run; Playwright's sync API holds this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_validate_seal, pdf).result()
    text = pdf.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
    assert "Pengecualian konflik (waiver)" in text
    assert "- Dr. Ratna Wulandari" in text
    assert closure.sha256 in text
    log_out(page)

    # 10. The public results page lists the published Top 90 from the frozen record.
    page.goto(base + reverse("public:edition_results", args=[edition.pk]))
    top = page.locator("section").filter(has=page.get_by_role("heading", name="Top 90", exact=True))
    expect(top.get_by_role("listitem")).to_have_count(1)
    expect(top.get_by_role("listitem")).to_contain_text(BATU)
    expect(top.get_by_title("Peringkat")).to_have_text("1")
    expect(page.get_by_text(MALANG)).to_have_count(0)
    shoot("publik-hasil")
    result = proposals[BATU].stage_results.get()
    assert (result.rank, float(result.score)) == (1, 75.0)


def _validate_seal(pdf: bytes) -> None:
    """As `inovasi/judging/tests/test_integrity_steps.py` validates the minutes' seal."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    seal = next(s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD)
    status = validate_pdf_signature(seal, ValidationContext(trust_roots=[seal_certificate()]))
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert check_seal(pdf).ok
