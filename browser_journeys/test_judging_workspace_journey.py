"""The juror's and the checker's workspace (issue 14), through a real Chromium.

- A juror reads the proposal's signed letter (a real PDF, served by the one download rule) from
  the scoring screen, types "85,5" the Indonesian way, saves a draft and finds "85,5" after the
  reload: at 1280 px and on a 390 × 844 phone, with nothing wider than the phone's screen.
- The organizer's checker opens the same letter beside its checklist item.
- A juror of the body who is not assigned, and an anonymous visitor, are refused the letter.
- Presentation day: three panel jurors score their running slot on the tablet form while the
  organizer's room screen, never reloaded, fills in through htmx polling and ends with the panel
  score and the session's tally.

Only what has no screen in this journey is set up through services, as the unit tests do: the
edition (KOVABLIK preset, registration and stage windows moved around "now" so no clock needs
freezing while live_server runs in another thread), the proposal entered, completed and submitted
by the Pemda, the administrative verdict, jurors, assignments and the presentation slot.
"""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from browser_journeys.conftest import SCREENSHOTS
from browser_journeys.journey_support import expect_message, log_in, tiny_pdf
from inovasi.accounts.enums import Role
from inovasi.competitions import administrative_check
from inovasi.competitions import services as proposals
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import AttachmentKind, StageKind
from inovasi.competitions.models import Edition, ProposalAttachment
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.innovations.services import jakarta_year
from inovasi.judging import jury, schedule
from inovasi.judging.assignment import assign
from tests_support.personas import Cast, make_user

TITLE = "SI-APEL BATU"
LETTER = "Surat pernyataan identitas inovasi"
ROOM = "Ruang Arjuna"
PANEL = {
    "juri@uji.test": "Dr. Ratna Wulandari",
    "juri.dua@uji.test": "Ir. Bambang Sutejo",
    "juri.tiga@uji.test": "Dra. Sri Lestari",
}
# Each panel juror gives every presentation criterion the same value, so their weighted total is
# that value; the panel score is the mean of the three.
PANEL_VALUES = {"juri@uji.test": "80", "juri.dua@uji.test": "72,5", "juri.tiga@uji.test": "90"}
PANEL_SCORE = "80,83"


class Desk:
    """A KOVABLIK edition with one submitted proposal from Kota Batu that passed the administrative
    check, its desk evaluation and presentation stages running now, and the juror assigned."""

    def __init__(self, *, passed=True):
        self.cast = cast = Cast()
        now = timezone.now()
        edition = create_edition_from_preset(
            preset="kovablik-jatim", body=cast.body, year=jakarta_year(), actor=cast.organizer
        )
        Edition.objects.filter(pk=edition.pk).update(
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=7),
            is_published=True,
        )
        edition.refresh_from_db()
        self.edition = edition
        innovation = make_innovation(cast.agency_a, TITLE)
        proposal = proposals.create_proposal(
            edition=edition, innovation=innovation, group=edition.groups.get(code="umum"), actor=cast.operator_a
        )
        answers = {a.section_id: a.text or "Isi bagian ini lengkap." for a in proposal.answers.all()}
        proposals.update_proposal(proposal=proposal, answers=answers, actor=cast.operator_a)
        for requirement in edition.attachment_requirements.filter(required=True):
            if requirement.group_id not in (None, proposal.group_id):
                continue
            if requirement.kind == AttachmentKind.LINK:
                proposals.attach(
                    proposal=proposal,
                    requirement=requirement,
                    url="https://www.youtube.com/watch?v=si-apel-batu",
                    actor=cast.operator_a,
                )
            else:
                upload = SimpleUploadedFile("surat.pdf", tiny_pdf(requirement.title), content_type="application/pdf")
                proposals.attach(proposal=proposal, requirement=requirement, upload=upload, actor=cast.operator_a)
        proposals.send_to_admin(proposal=proposal, actor=cast.operator_a)
        proposal = proposals.approve_and_submit(proposal=proposal, actor=cast.admin_a)
        self.letter = ProposalAttachment.objects.get(proposal=proposal, requirement__code="surat-identitas")
        self.letter_url = reverse("files:proposal_attachment", args=[self.letter.pk])
        if passed:
            stage = administrative_check.admin_stage(edition)
            proposal = administrative_check.decide_admin_check(
                proposal=proposal,
                verdicts={item.pk: (True, "") for item in stage.checklist_items.all()},
                actor=cast.organizer,
            )
        self.proposal = proposal
        self.stage = edition.stages.filter(kind=StageKind.DESK_EVALUATION).order_by("order").first()
        self.stage.opens_at, self.stage.closes_at = now - timedelta(hours=1), now + timedelta(days=2)
        self.stage.save()
        self.juror = jury.save_juror(body=cast.body, user=cast.juror, name=PANEL["juri@uji.test"], actor=cast.organizer)
        if passed:
            self.assignment = assign(stage=self.stage, juror=self.juror, proposal=proposal, actor=cast.organizer)


@pytest.fixture
def media(live_server, reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return live_server.url


def _phone(browser):
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _watch(page, path):
    """Collect the responses for `path` from now on (the iframe may load before we scroll to it)."""
    seen = []
    page.on("response", lambda r: seen.append(r) if r.url.endswith(path) else None)
    return seen


def _first(page, seen):
    """The first collected response that came from the server, waiting up to 10 s for it.

    Chromium's PDF viewer takes over the frame's stream and Playwright may also report that
    hand-over as a header-less "response" for the same URL; the server's answer is the one with
    headers."""
    for _ in range(50):
        answered = [r for r in seen if r.all_headers()]
        if answered:
            return answered[0]
        page.wait_for_timeout(200)
    raise AssertionError(f"no answer from the server among {len(seen)} responses")


def _shot(page, request, step):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}-{step}.png", full_page=True)


def _opens_the_pdf_and_keeps_85_comma_5(page, base, desk, shot, tag):
    """On the scoring screen: the letter is there, opens as a PDF, and a draft keeps "85,5"."""
    seen = _watch(page, desk.letter_url)
    page.goto(base + reverse("jury:score", args=[desk.assignment.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    letter = page.locator(".attachment").filter(has_text=LETTER)
    frame = letter.locator("iframe.attachment-pdf")
    expect(frame).to_have_attribute("src", desk.letter_url)
    # The inline viewer loads when it scrolls into view; its answer is the PDF itself.
    frame.scroll_into_view_if_needed()
    response = _first(page, seen)
    headers = response.all_headers()
    assert (response.status, headers["content-type"]) == (200, "application/pdf")
    assert re.fullmatch(r'inline; filename="surat(_\w+)?\.pdf"', headers["content-disposition"])
    assert headers["x-content-type-options"] == "nosniff"
    # "Buka di tab baru" points at the same download rule.
    in_new_tab = letter.get_by_role("link", name="Buka di tab baru")
    expect(in_new_tab).to_have_attribute("target", "_blank")
    assert in_new_tab.get_attribute("href") == desk.letter_url
    with page.context.expect_page() as popup:
        in_new_tab.click()
    tab = popup.value
    tab.wait_for_load_state()
    assert tab.url == base + desk.letter_url
    assert tab.evaluate("document.contentType") == "application/pdf"
    tab.close()
    shot(f"{tag}-lampiran-pdf")

    box = page.locator("#f-kebaruan")
    expect(box).to_have_attribute("inputmode", "decimal")
    box.fill("85,5")
    page.get_by_role("button", name="Simpan draf").click()
    expect_message(page, "Nilai disimpan.")
    page.reload()
    expect(page.locator("#f-kebaruan")).to_have_value("85,5")
    expect(page.locator("#draft-restored")).to_be_hidden()  # from the server, not the device
    shot(f"{tag}-draf-85-5")


def test_the_juror_opens_the_pdf_from_the_scoring_screen_and_keeps_85_comma_5(media, page, browser, request):
    desk = Desk()
    log_in(page, media, "juri@uji.test", lands_on="/juri/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**{reverse('jury:score', args=[desk.assignment.pk])}")
    _opens_the_pdf_and_keeps_85_comma_5(page, media, desk, lambda step: _shot(page, request, step), "1280")

    # The same on a phone, 390 × 844: nothing scrolls sideways.
    context, phone = _phone(browser)
    try:
        log_in(phone, media, "juri@uji.test", lands_on="/juri/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the juror's desk too
        _opens_the_pdf_and_keeps_85_comma_5(phone, media, desk, lambda step: _shot(phone, request, step), "390")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_checker_opens_the_signed_letter_beside_its_checklist_item(media, page, shoot):
    desk = Desk(passed=False)
    log_in(page, media, "panitia@uji.test", lands_on="/panitia/")
    seen = _watch(page, desk.letter_url)
    page.goto(media + reverse("organizer:proposal_review", args=[desk.proposal.pk]))
    row = page.locator(".check-row").filter(
        has=page.get_by_role("group", name="Surat pernyataan ditandatangani pejabat yang berwenang.")
    )
    expect(row).to_have_count(1)
    letter = row.locator(".attachment").filter(has_text=LETTER)
    frame = letter.locator("iframe.attachment-pdf")
    expect(frame).to_have_attribute("src", desk.letter_url)
    frame.scroll_into_view_if_needed()
    response = _first(page, seen)
    assert (response.status, response.all_headers()["content-type"]) == (200, "application/pdf")
    # Content on the left, the checklist on the right, at 1280 px.
    content, checklist = frame.bounding_box(), row.get_by_role("group").bounding_box()
    assert content["x"] + content["width"] <= checklist["x"]
    # What the automatic check verified is marked beside the item; the signature is for a person.
    expect(row.locator(".verified")).to_contain_text(f"✓ Diperiksa otomatis: “{LETTER}”: berkas PDF")
    shoot("pemeriksa-surat-di-samping-butir")


def test_an_unassigned_juror_and_an_anonymous_visitor_cannot_open_the_attachment(media, page, browser):
    desk = Desk()
    other = make_user("juri.lain@uji.test", Role.JUROR, "organizer_body", desk.cast.body)
    jury.save_juror(body=desk.cast.body, user=other, name="Juri Lain", actor=desk.cast.organizer)

    anonymous = page.goto(media + desk.letter_url)
    assert anonymous.status in (403, 404)
    assert anonymous.headers["content-type"] != "application/pdf"

    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        stranger = context.new_page()
        log_in(stranger, media, "juri.lain@uji.test", lands_on="/juri/")
        refused = stranger.goto(media + desk.letter_url)
        assert refused.status in (403, 404)
        assert refused.headers["content-type"] != "application/pdf"
        expect(stranger.get_by_text(TITLE)).to_have_count(0)
    finally:
        context.close()


def test_a_live_panel_session_with_three_jurors_ends_with_the_tally_on_the_room_screen(
    media, page, browser, shoot, request
):
    desk = Desk()
    cast, now = desk.cast, timezone.now()
    stage = desk.edition.stages.get(kind=StageKind.PRESENTATION)
    stage.opens_at, stage.closes_at = now - timedelta(hours=1), now + timedelta(days=1)
    stage.save()
    users = {"juri@uji.test": cast.juror}
    for email in ("juri.dua@uji.test", "juri.tiga@uji.test"):
        users[email] = make_user(email, Role.JUROR, "organizer_body", cast.body)
    assignments = {}
    for email, user in users.items():
        juror = jury.save_juror(body=cast.body, user=user, name=PANEL[email], actor=cast.organizer)
        assignments[email] = assign(stage=stage, juror=juror, proposal=desk.proposal, actor=cast.organizer)
    schedule.schedule(
        stage=stage,
        proposal=desk.proposal,
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(minutes=20),
        room=ROOM,
        actor=cast.organizer,
    )

    # The organizer puts the room screen up before the session's scores come in.
    log_in(page, media, "panitia@uji.test", lands_on="/panitia/")
    page.goto(media + reverse("organizer:presentation_room", args=[stage.pk]))
    row = page.locator("#room-tally tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("0/3 terkirim")
    expect(page.locator("#room-count")).to_have_text("0 dari 1 proposal sudah bernilai panel")
    shoot("ruang-presentasi-awal")

    # Each panel juror scores on their own tablet during the slot.
    for email, value in PANEL_VALUES.items():
        context = browser.new_context(
            locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 820, "height": 1180}, has_touch=True
        )
        try:
            tablet = context.new_page()
            tablet.set_default_timeout(10_000)
            log_in(tablet, media, email, lands_on="/juri/")
            tablet.goto(media + reverse("jury:presentation_live"))
            tablet.get_by_role("link", name=TITLE).first.click()
            tablet.wait_for_url(f"**{reverse('jury:presentation_score', args=[assignments[email].pk])}")
            expect(tablet.locator("#status-sesi")).to_have_text("Sedang berlangsung")
            boxes = tablet.locator("form[data-panel-draft] input[inputmode=decimal]")
            assert boxes.count() >= 1
            for i in range(boxes.count()):
                boxes.nth(i).fill(value)
            if "," in value:
                # A draft first: the tablet shows the saved value back the Indonesian way.
                tablet.get_by_role("button", name="Simpan draf").click()
                expect_message(tablet, "Draf disimpan.")
                for i in range(boxes.count()):
                    expect(boxes.nth(i)).to_have_value(value)
            tablet.get_by_label("Nilai saya final untuk sesi ini", exact=False).check()
            tablet.get_by_role("button", name="Kirim nilai panel").click()
            expect_message(tablet, "Nilai panel terkirim.")
            expect(tablet.locator("#status-kunci")).to_contain_text("Nilai panel sudah dikirim")
            _shot(tablet, request, f"panel-{email.split('@')[0]}")
        finally:
            context.close()

    # The room screen, never reloaded, catches up through its 5-second poll.
    expect(row).to_contain_text("3/3 terkirim", timeout=20_000)
    expect(row.locator("td.text-end")).to_have_text(PANEL_SCORE, timeout=20_000)
    for name in PANEL.values():
        expect(row).to_contain_text(f"✓ {name}")
    expect(page.locator("#room-count")).to_have_text("1 dari 1 proposal sudah bernilai panel")
    shoot("ruang-presentasi-selesai")
