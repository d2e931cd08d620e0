"""The conflicted juror persona: assigned to a proposal, but in a conflict of interest with it.

A conflict bars the juror from the proposal whatever the assignment table says (the assignment may
predate the conflict, or come from a manual or CSV path). For every kind of conflict — the juror's
home Pemda owns the proposal, the juror's home agency (or a parent of the owning unit), the juror's
account is Admin Pemda of the proposer or operator of the owning agency (or one above it), the juror
is a named person on the innovation, or a declared conflict — the juror is refused (403/404) on
every URL of the "jury" namespace and on every judging API endpoint naming the proposal, sees it
nowhere on the desk, writes nothing, and is never assigned to it by the automatic assignment, a
manual assignment or a CSV import. Declaring the conflict (again) is refused as well: the juror is
already kept away and the organizer sees the conflict on the judging desk.

The URL list is generated from the URL configuration (namespace "jury", and the API patterns
taking an assignment, stage or proposal), so a new juror URL is covered as soon as it exists; its
arguments come from the shared world (tests_security/world.py), whose objects all belong to the
conflicted proposal.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Proposal
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.innovations.models import InnovationPerson
from inovasi.judging import conflicts, jury
from inovasi.judging.assignment import assign, assign_automatically, import_assignments_csv
from inovasi.judging.models import Assignment, Conflict, ConflictKind, Scorecard
from tests_security.test_permission_matrix import named_patterns
from tests_security.world import FROZEN_AT, World
from tests_support.personas import make_user

KINDS = ("home_government", "home_agency", "pemda_admin", "operator", "named_person", "declared")
# Arguments that name the proposal (directly or through an object of it).
PROPOSAL_KEYS = {"assignment_id", "proposal_id", "stage_id", "visit_id", "photo_id"}


def make_conflict(world, kind):
    """Put the cast's juror (assigned to the world's proposal) in a conflict of `kind` with it."""
    juror = world.juror_profile
    if kind == "home_government":
        juror.home_government = world.cast.gov_a
        juror.save()
    elif kind == "home_agency":  # the Dinas above the owning unit counts too
        juror.home_agency = world.cast.agency_a
        juror.save()
        Proposal.objects.filter(pk=world.proposal.pk).update(agency=world.cast.unit_a)
    elif kind == "pemda_admin":  # the juror's account administers the proposing Pemda
        Membership.objects.create(user=world.cast.juror, role=Role.PEMDA_ADMIN, government=world.cast.gov_a)
    elif kind == "operator":  # the juror's account operates the Dinas above the owning unit
        Membership.objects.create(user=world.cast.juror, role=Role.OPERATOR, agency=world.cast.agency_a)
        Proposal.objects.filter(pk=world.proposal.pk).update(agency=world.cast.unit_a)
    elif kind == "named_person":
        InnovationPerson.objects.create(innovation=world.proposal.innovation, name="  juri UJI ", role="Penggagas")
    else:  # declared after the assignment was made; the row is written directly so the assignment stays
        Conflict.objects.create(
            juror=juror, proposal=world.proposal, kind=ConflictKind.DECLARED, reason="Kerabat kepala dinas"
        )
    world.proposal.refresh_from_db()
    world.cast.juror.__dict__.pop("_juror_records", None)
    world.cast.juror.__dict__.pop("_active_memberships", None)
    assert conflicts.conflict_reason(juror, world.proposal), kind


@pytest.fixture(params=KINDS)
def conflicted(request, cast, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(FROZEN_AT, tick=False)
    world = World(cast)
    make_conflict(world, request.param)
    return world


def juror_urls():
    """(name, argument names) of every juror page, and of every API endpoint naming a proposal."""
    return [
        (name, keys)
        for name, keys in named_patterns()
        if name.startswith("jury:") or (name.startswith("api:") and keys & PROPOSAL_KEYS)
    ]


def _status(response):
    return response.status_code


@pytest.mark.django_db
def test_the_generated_list_covers_the_jury_namespace_and_the_judging_api():
    names = {name for name, _keys in juror_urls()}
    assert {"jury:dashboard", "jury:score", "jury:declare_conflict", "api:assignment_detail"} <= names
    assert "api:stage_ranking" in names


@pytest.mark.django_db
def test_the_conflicted_juror_is_refused_on_every_juror_url_and_endpoint_and_writes_nothing(client, conflicted):
    client.force_login(conflicted.cast.juror)
    events, cards = AuditEvent.objects.count(), Scorecard.objects.count()
    assignments = Assignment.objects.count()
    served = {}
    for name, keys in juror_urls():
        if not keys:
            continue  # pages without an object: checked below for what they list
        url = reverse(name, kwargs=conflicted.kwargs_for(name, keys))
        got, posted = _status(client.get(url)), _status(client.post(url, {"reason": "Mencoba", "kebaruan": "90"}))
        if got not in (403, 404, 405) or posted not in (403, 404, 405) or (got, posted) == (405, 405):
            served[name] = (got, posted)
    assert served == {}
    assert (AuditEvent.objects.count(), Scorecard.objects.count(), Assignment.objects.count()) == (
        events,
        cards,
        assignments,
    )


@pytest.mark.django_db
def test_the_desk_and_the_api_do_not_list_the_conflicted_proposal(client, conflicted):
    client.force_login(conflicted.cast.juror)
    dashboard = client.get(reverse("jury:dashboard")).content.decode()
    assert conflicted.proposal.title not in dashboard
    assert reverse("jury:score", args=[conflicted.assignment.pk]) not in dashboard
    assert client.get(reverse("api:my_assignments")).json() == []


def _pool(world, extra_jurors=2, extra_proposals=3):
    """Two more jurors and three more proposals in the running, free of conflicts."""
    for n in range(extra_jurors):
        user = make_user(f"juri{n}@uji.test", Role.JUROR, "organizer_body", world.cast.body)
        jury.save_juror(body=world.cast.body, user=user, name=f"Juri Lain {n}", actor=world.cast.organizer)
    for n in range(extra_proposals):
        innovation = make_innovation(world.cast.agency_b, f"Inovasi Malang {n}")
        Proposal.objects.create(
            edition=world.edition,
            innovation=innovation,
            government=world.cast.gov_b,
            agency=world.cast.agency_b,
            group=world.proposal.group,
            title=innovation.name,
            state=ProposalState.PASSED_ADMIN,
        )
    Proposal.objects.filter(pk=world.proposal.pk).update(state=ProposalState.PASSED_ADMIN)


@pytest.mark.django_db
@pytest.mark.parametrize("k", [1, 2])
def test_the_automatic_assignment_never_assigns_the_conflicted_juror(conflicted, k):
    _pool(conflicted)
    stage, juror, proposal = conflicted.stage, conflicted.juror_profile, conflicted.proposal
    summary = assign_automatically(stage=stage, actor=conflicted.cast.organizer, k=k)
    assert summary["proposals"] == 4
    assert not Assignment.objects.filter(stage=stage, juror=juror, proposal=proposal).exists()
    assert Assignment.objects.filter(stage=stage, proposal=proposal).count() == k  # others took it
    assert Assignment.objects.filter(stage=stage, juror=juror).exists()  # the juror still works elsewhere


@pytest.mark.django_db
def test_manual_and_csv_assignment_refuse_the_conflicted_pair(conflicted):
    _pool(conflicted, extra_proposals=0)
    stage, juror, proposal = conflicted.stage, conflicted.juror_profile, conflicted.proposal
    Assignment.objects.filter(stage=stage, juror=juror, proposal=proposal).delete()
    with pytest.raises(ValidationError) as manual:
        assign(stage=stage, juror=juror, proposal=proposal, actor=conflicted.cast.organizer)
    assert "berkonflik kepentingan" in manual.value.messages[0]
    csv = f"juri,proposal\n{conflicted.cast.juror.email},{proposal.pk}\n".encode()
    with pytest.raises(ValidationError) as imported:
        import_assignments_csv(stage=stage, upload=csv, actor=conflicted.cast.organizer)
    assert imported.value.messages == ["Baris 2: Juri Uji berkonflik kepentingan dengan proposal ini."]
    assert not Assignment.objects.filter(stage=stage, juror=juror, proposal=proposal).exists()


@pytest.mark.django_db
def test_only_a_reasoned_waiver_by_the_organizer_lets_the_juror_back_in(client, cast, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(FROZEN_AT, tick=False)
    world = World(cast)
    make_conflict(world, "home_government")
    client.force_login(cast.juror)
    url = reverse("jury:score", args=[world.assignment.pk])
    assert client.get(url).status_code == 403
    jury.waive_conflict(
        juror=world.juror_profile,
        proposal=world.proposal,
        reason="Juri pindah tugas ke provinsi lain sejak 2020",
        actor=cast.organizer,
    )
    cast.juror.__dict__.pop("_juror_records", None)
    assert client.get(url).status_code == 200
