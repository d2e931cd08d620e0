"""Demo judging: an edition in desk evaluation right now, and a past stage closed with its minutes.

- KOVABLIK Jawa Timur of the current year (WIB): seven proposals of the demo Pemda passed the
  administrative check; the desk evaluation is open (dates computed from `timezone.now()` at load
  time, and moved again on a later load if the window has passed, so a new user always finds it
  open). Four jurors of Biro Organisasi Jatim form the edition's panel; the assignment is the
  automatic one (k = 3: 21 assignments, loads of 5 or 6). Ir. Dewi Kartika's home Pemda is Kota Batu, so she is
  conflicted with Kota Batu's "Among Tani Crop" and never assigned to it. Some scores are in:
  Dr. Bagus Santoso sent all of his, Prof. Lestari Juri (juri@inovasi.test) sent three and keeps one
  draft, Ir. Dewi Kartika sent two, Dr. Rahmat Hidayat has not started. The presentation stage
  (after the objection window) has a session of three slots in one room, each with a panel of
  three jurors (juri@, juri.unair@, juri.its@), so the room screen and the jurors' presentation
  page show it.
- KOVABLIK Jawa Timur 2023: the desk evaluation of STMJ SAKERA and BAKSO SAKERA, scored by three
  jurors, closed on 20 October 2023 15.00 WIB with its frozen ranking and minutes (berita acara).

Assignments, slots and current scores go through the judging services (the stage is open, so the
deadline rules hold); the 2023 scores and closure are history and are written directly with the
closing module's own ranking, hash and minutes functions. Idempotent: jurors are matched by user
and body, assignments are made once, a scorecard or closure that exists is left alone.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from inovasi.accounts.models import User
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import Edition
from inovasi.demo.competitions import BODY, _edition, _innovation, _place
from inovasi.judging import closing, jury, schedule, scoring
from inovasi.judging.assignment import assign, assign_automatically
from inovasi.judging.models import Assignment, Juror, Scorecard, ScorecardState, StageClosure
from inovasi.judging.stages import candidates
from inovasi.organisations.models import Government

WIB = ZoneInfo("Asia/Jakarta")

# (e-mail, name, affiliation, home Pemda region code or "")
JURORS = [
    ("juri@inovasi.test", "Prof. Lestari Juri", "Universitas Brawijaya", ""),
    ("juri.unair@inovasi.test", "Dr. Bagus Santoso", "Universitas Airlangga", ""),
    ("juri.batu@inovasi.test", "Ir. Dewi Kartika", "Bappelitbangda Kota Batu", "35.79"),
    ("juri.its@inovasi.test", "Dr. Rahmat Hidayat", "Institut Teknologi Sepuluh Nopember", ""),
]
PROPOSALS = [
    "Among Tani Crop",  # Kota Batu: the conflict of juri.batu
    "Sepasar Pedas",
    "Rumah Diapers",
    "Segar Kagemi",
    "STMJ SAKERA",
    "BAKSO SAKERA",
    "PENTAS GEMILANG",
]
# e-mail → (how many of the juror's assignments are sent, how many more kept as a draft)
SENT = {
    "juri.unair@inovasi.test": (len(PROPOSALS), 0),
    "juri@inovasi.test": (3, 1),
    "juri.batu@inovasi.test": (2, 0),
    "juri.its@inovasi.test": (0, 0),
}
ROOM = "Ruang Rapat Biro Organisasi, Kantor Gubernur Jawa Timur"
CLOSED_2023 = datetime(2023, 10, 20, 15, 0, tzinfo=WIB)


def _jurors(body) -> list[Juror]:
    jurors = []
    for email, name, affiliation, region in JURORS:
        user = User.objects.get(email=email)
        juror = Juror.objects.filter(user=user, body=body).first()
        if juror is None:
            home = Government.objects.get(region__code=region) if region else None
            juror = Juror.objects.create(user=user, body=body, name=name, affiliation=affiliation, home_government=home)
        jurors.append(juror)
    return jurors


def _windows(now) -> dict[str, tuple]:
    """Stage windows around `now`: the desk evaluation opened 10 days ago and closes in 10."""
    day = timezone.localtime(now, WIB).replace(hour=8, minute=0, second=0, microsecond=0)

    def span(start, end, end_hour=23, end_minute=59):
        return day + timedelta(days=start), (day + timedelta(days=end)).replace(hour=end_hour, minute=end_minute)

    return {
        StageKind.ADMINISTRATIVE_CHECK: span(-30, -12),
        StageKind.DESK_EVALUATION: span(-10, 10),
        StageKind.OBJECTION_WINDOW: span(11, 15),
        StageKind.PRESENTATION: span(17, 18, 17, 0),
        StageKind.FIELD_VERIFICATION: span(20, 30),
        StageKind.FINAL_DECISION: span(31, 35),
    }


def _current_edition(body, now) -> Edition:
    edition = _edition(body, timezone.localtime(now, WIB).year)
    desk = edition.stages.get(kind=StageKind.DESK_EVALUATION)
    if desk.is_open(now):
        return edition
    windows = _windows(now)
    edition.registration_opens_at = windows[StageKind.ADMINISTRATIVE_CHECK][0] - timedelta(days=60)
    edition.registration_closes_at = windows[StageKind.ADMINISTRATIVE_CHECK][0] - timedelta(days=2)
    edition.save(update_fields=["registration_opens_at", "registration_closes_at"])
    for stage in edition.stages.all():
        stage.opens_at, stage.closes_at = windows[stage.kind]
        stage.save(update_fields=["opens_at", "closes_at"])
    return edition


def _values(stage, seed: int) -> dict:
    """Deterministic demo scores: 60–94 per criterion."""
    return {c.code: 60 + (seed * 7 + n * 11) % 35 for n, c in enumerate(stage.criteria.all())}


def _score(desk, jurors):
    assignments = {}
    for a in Assignment.objects.filter(stage=desk).select_related("proposal").order_by("proposal_id"):
        assignments.setdefault(a.juror_id, []).append(a)
    for j, juror in enumerate(jurors):
        sent, drafts = SENT[juror.user.email]
        for n, assignment in enumerate(assignments.get(juror.pk, [])[: sent + drafts]):
            if Scorecard.objects.filter(stage=desk, juror=juror, proposal=assignment.proposal).exists():
                continue
            scoring.save_scorecard(
                stage=desk,
                juror=juror,
                proposal=assignment.proposal,
                values=_values(desk, j * 8 + assignment.proposal_id),
                comment="",
                submit=n < sent,
                actor=juror.user,
            )


def _session(edition, proposals, panel):
    stage = edition.stages.get(kind=StageKind.PRESENTATION)
    start = stage.opens_at + timedelta(hours=1)  # 09.00 WIB on the first presentation day
    for n, proposal in enumerate(proposals[1:4]):
        for juror in panel:  # the panel of the session: manual assignments in the presentation stage
            assign(stage=stage, juror=juror, proposal=proposal, actor=None)
        if stage.slots.filter(proposal=proposal).exists():
            continue
        schedule.schedule(
            stage=stage,
            proposal=proposal,
            starts_at=start + timedelta(minutes=30 * n),
            ends_at=start + timedelta(minutes=30 * (n + 1)),
            room=ROOM,
            actor=None,
        )


def _closed_2023(body, jurors):
    edition = Edition.objects.filter(competition__body=body, competition__short_name="KOVABLIK", year=2023).first()
    if edition is None:
        return None
    desk = edition.stages.get(kind=StageKind.DESK_EVALUATION)
    if desk.closures.exists():
        return desk.closures.first()
    proposals = list(candidates(desk))
    for j, juror in enumerate(jurors[:2] + jurors[3:]):
        for proposal in proposals:
            Assignment.objects.get_or_create(stage=desk, juror=juror, proposal=proposal)
            Scorecard.objects.get_or_create(
                stage=desk,
                juror=juror,
                proposal=proposal,
                defaults={
                    "values": _values(desk, j * 5 + proposal.pk),
                    "state": ScorecardState.SUBMITTED,
                    "submitted_at": CLOSED_2023 - timedelta(days=3, hours=j),
                },
            )
    outcome = closing.preview(desk)
    data = closing.canonical_ranking(desk, outcome, CLOSED_2023)
    digest = closing.content_hash(data)
    closure = StageClosure(
        stage=desk,
        ranking=data,
        sha256=digest,
        closed_by=User.objects.filter(email="panitia.jatim@inovasi.test").first(),
        closed_at=CLOSED_2023,
    )
    closure.minutes.save(
        f"berita-acara-{desk.pk}-{digest[:12]}.pdf", ContentFile(closing.minutes_pdf(data, digest)), save=False
    )
    closure.save()
    return closure


def load_judging_demo(loaded: dict, now=None) -> dict:
    """Returns the figures the command prints (each counted from the database)."""
    now = now or timezone.now()
    body = loaded["bodies"][BODY]
    jurors = _jurors(body)
    edition = _current_edition(body, now)
    desk = edition.stages.get(kind=StageKind.DESK_EVALUATION)
    proposals = []
    for name in PROPOSALS:
        innovation = _innovation(name)
        if innovation is not None:
            proposals.append(_place(edition, innovation, ProposalState.PASSED_ADMIN, now - timedelta(days=40)))
    jury.save_panel(edition=edition, name=f"Tim juri {edition.name}", jurors=jurors, actor=None)
    if not Assignment.objects.filter(stage=desk).exists():
        assign_automatically(stage=desk, actor=None, k=3)
    _score(desk, jurors)
    _session(edition, proposals, [j for j in jurors if j.user.email != "juri.batu@inovasi.test"])
    closure = _closed_2023(body, jurors)
    cards = Scorecard.objects.filter(stage=desk)
    return {
        "edition": edition,
        "desk": desk,
        "proposals": candidates(desk).count(),
        "jurors": len(jurors),
        "assignments": Assignment.objects.filter(stage=desk).count(),
        "submitted": cards.filter(state=ScorecardState.SUBMITTED).count(),
        "drafts": cards.filter(state=ScorecardState.DRAFT).count(),
        "slots": edition.stages.get(kind=StageKind.PRESENTATION).slots.count(),
        "closure": closure,
    }
