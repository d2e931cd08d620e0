"""Every path that writes a score × every kind of would-be juror (issue 13, "Done when").

Paths that write a scorecard: the juror's scoring screen (POST), the organizer's offline score
import (CSV) and the presentation-day live panel form (POST, on a presentation stage with the
proposal's slot under way). The judging API only reads (checked below, so a write endpoint added
later must join this matrix).

Would-be jurors, each with a juror record and an assignment written straight into the tables (as
an old row, an admin edit or a bug would leave them):
- refused outright: no role at all, an Admin Pemda without the juror role, another body's juror,
  and a juror conflicted at scoring time by each source (home Government, home Agency above the
  owning unit, Admin Pemda membership, operator membership of the agency above, named person by
  account or by name, declared);
- conflicted after scoring by each source: the score was written honestly, then the conflict
  appears; the score is excluded from the ranking.

Either way the would-be juror's 100 never moves the proposal: its score stays the honest juror's 50.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.api.judging import router
from inovasi.competitions.enums import StageKind
from inovasi.innovations.models import InnovationPerson
from inovasi.judging import closing, schedule, scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import Assignment, Conflict, ConflictKind, Juror, Scorecard, ScorecardState
from tests_support.personas import make_user

pytestmark = pytest.mark.django_db

PATHS = ("screen", "csv_import", "live_panel")
SOURCES = (
    "home_government",
    "home_agency_parent",
    "pemda_admin_membership",
    "operator_membership_parent",
    "named_person_account",
    "named_person_name",
    "declared",
)
NOT_JURORS = ("no_role", "pemda_admin_without_juror_role", "juror_of_another_body")
NAME = "Calon Juri"


def apply_source(world, juror, source):
    """Put `juror` in a conflict of kind `source` with the Kota Batu proposal (owned by the UPT
    under Dinas Pertanian Kota Batu)."""
    cast, proposal = world.cast, world.batu
    if source == "home_government":
        Juror.objects.filter(pk=juror.pk).update(home_government=cast.gov_a)
    elif source == "home_agency_parent":
        Juror.objects.filter(pk=juror.pk).update(home_agency=cast.agency_a)
    elif source == "pemda_admin_membership":
        Membership.objects.create(user=juror.user, role=Role.PEMDA_ADMIN, government=cast.gov_a)
    elif source == "operator_membership_parent":
        Membership.objects.create(user=juror.user, role=Role.OPERATOR, agency=cast.agency_a)
    elif source == "named_person_account":
        InnovationPerson.objects.create(innovation=proposal.innovation, name="Nama Lain", user=juror.user)
    elif source == "named_person_name":
        InnovationPerson.objects.create(innovation=proposal.innovation, name="calon  JURI", role="Penggagas")
    else:
        Conflict.objects.create(juror=juror, proposal=proposal, kind=ConflictKind.DECLARED, reason="Kerabat pengusul")
    juror.refresh_from_db()
    return juror


def would_be_juror(world, kind):
    """A juror record in the stage's body and an assignment to the Batu proposal, for `kind`."""
    cast = world.cast
    email = "calon@uji.test"
    if kind == "no_role":
        user = make_user(email)
    elif kind == "pemda_admin_without_juror_role":
        user = make_user(email, Role.PEMDA_ADMIN, "government", cast.gov_b)
    elif kind == "juror_of_another_body":
        user = make_user(email, Role.JUROR, "organizer_body", cast.other_body)
    else:
        user = make_user(email, Role.JUROR, "organizer_body", cast.body)
    juror = Juror.objects.create(user=user, body=cast.body, name=NAME)
    Assignment.objects.create(stage=world.stage, juror=juror, proposal=world.batu)
    if kind in SOURCES:
        apply_source(world, juror, kind)
    return juror


def write(world, client, path, juror) -> str | int:
    """Try to write the would-be juror's 100 through `path`: the HTTP status or the refusal text."""
    if path == "screen":
        client.force_login(juror.user)
        assignment = Assignment.objects.get(stage=world.stage, juror=juror, proposal=world.batu)
        data = {k: str(v) for k, v in world.full(100).items()} | {"action": "submit", "version": "0"}
        return client.post(reverse("jury:score", args=[assignment.pk]), data).status_code
    if path == "live_panel":
        client.force_login(juror.user)
        assignment = Assignment.objects.get(stage=world.stage, juror=juror, proposal=world.batu)
        data = {k: str(v) for k, v in world.full(100).items()} | {"action": "submit", "final": "1", "version": "0"}
        return client.post(reverse("jury:presentation_score", args=[assignment.pk]), data).status_code
    codes = [c.code for c in world.criteria]
    row = [juror.user.email, str(world.batu.pk)] + [str(world.full(100)[c]) for c in codes] + ["impor"]
    upload = ("juri,proposal," + ",".join(codes) + ",catatan\n" + ",".join(row) + "\n").encode()
    try:
        scoring.import_scores_csv(stage=world.stage, upload=upload, actor=world.cast.organizer)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return "imported"


@pytest.fixture(params=PATHS)
def path(request):
    return request.param


@pytest.fixture
def scored(world, path):
    """The honest juror's 50 on the Kota Batu proposal, in the desk evaluation or, for the live
    panel, in the presentation stage with the proposal's slot under way now."""
    world.batu = world.proposal("Inovasi Batu", agency=world.cast.unit_a)
    if path == "live_panel":
        stage = world.edition.stages.get(kind=StageKind.PRESENTATION)
        stage.opens_at, stage.closes_at = world.stage.opens_at, world.stage.closes_at
        stage.save()
        world.stage, world.criteria = stage, list(stage.criteria.all())
        now = timezone.now()
        schedule.schedule(
            stage=stage,
            proposal=world.batu,
            starts_at=now - timedelta(minutes=10),
            ends_at=now + timedelta(minutes=20),
            room="Ruang Arjuna",
            actor=None,
        )
    world.honest = world.juror("jujur@uji.test", name="Juri Jujur")
    assign(stage=world.stage, juror=world.honest, proposal=world.batu, actor=world.cast.organizer)
    scoring.save_scorecard(
        stage=world.stage,
        juror=world.honest,
        proposal=world.batu,
        values=world.full(50),
        submit=True,
        actor=world.honest.user,
    )
    return world


def batu_row(world):
    outcome = closing.preview(world.stage)
    (row,) = [r for r in outcome.rows if r.proposal_id == world.batu.pk]
    return row, outcome


def test_the_judging_api_writes_no_score():
    methods = {m for view in router.path_operations.values() for op in view.operations for m in op.methods}
    assert methods == {"GET"}


@pytest.mark.parametrize("kind", NOT_JURORS + SOURCES)
def test_a_would_be_juror_is_refused_on_every_score_writing_path(client, scored, path, kind):
    juror = would_be_juror(scored, kind)
    result = write(scored, client, path, juror)
    if path in ("screen", "live_panel"):
        assert result == 403
    elif kind in NOT_JURORS:
        assert result == "Baris 2, kolom juri: calon@uji.test tidak memegang peran juri aktif penyelenggara ini."
    else:
        assert result == "Baris 2: Calon Juri berkonflik kepentingan dengan proposal ini."
    assert not Scorecard.objects.filter(juror=juror).exists()
    row, outcome = batu_row(scored)
    assert (row.score, list(row.totals), outcome.excluded) == (50.0, [scored.honest.pk], [])


@pytest.mark.parametrize("source", SOURCES)
def test_a_conflict_after_scoring_excludes_the_score_on_every_path(client, scored, path, source):
    user = make_user("calon@uji.test", Role.JUROR, "organizer_body", scored.cast.body)
    juror = Juror.objects.create(user=user, body=scored.cast.body, name="Juri Bersih")
    assign(stage=scored.stage, juror=juror, proposal=scored.batu, actor=scored.cast.organizer)
    assert write(scored, client, path, juror) in (302, "imported")
    assert Scorecard.objects.get(juror=juror).state == ScorecardState.SUBMITTED
    row, _outcome = batu_row(scored)
    assert row.score == 75.0  # both count while the juror is free of conflicts
    if source == "named_person_name":
        Juror.objects.filter(pk=juror.pk).update(name=NAME)
    apply_source(scored, juror, source)
    row, outcome = batu_row(scored)
    assert (row.score, list(row.totals)) == (50.0, [scored.honest.pk])
    assert [(e["juror_id"], e["proposal_id"], e["kind"]) for e in outcome.excluded] == [
        (juror.pk, scored.batu.pk, "conflict")
    ]


def test_a_juror_who_loses_the_role_after_scoring_no_longer_counts(client, scored, path):
    user = make_user("calon@uji.test", Role.JUROR, "organizer_body", scored.cast.body)
    juror = Juror.objects.create(user=user, body=scored.cast.body, name="Juri Bersih")
    assign(stage=scored.stage, juror=juror, proposal=scored.batu, actor=scored.cast.organizer)
    assert write(scored, client, path, juror) in (302, "imported")
    Membership.objects.filter(user=user, role=Role.JUROR).update(is_active=False)
    row, outcome = batu_row(scored)
    assert (row.score, [e["kind"] for e in outcome.excluded]) == (50.0, ["not_juror"])
