"""Judging integrity (issue 13, items 1–4): conflicts that appear after scoring, memberships as
conflicts, one juror rule on every path, jurors per organizer body, and replacement jurors."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.audit.models import AuditEvent
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import StageResult
from inovasi.judging import closing, conflicts, jury, replacements, rules, scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import Assignment, AssignmentSource, Juror, Scorecard
from inovasi.judging.stages import settings_for
from inovasi.organisations.models import Government
from tests_support.personas import make_user

pytestmark = pytest.mark.django_db


def _score(world, juror, proposal, value):
    if not Assignment.objects.filter(stage=world.stage, juror=juror, proposal=proposal).exists():
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    return scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=True, actor=juror.user
    )


def _ranking(world):
    outcome = closing.preview(world.stage)
    return [(outcome.proposals[r.proposal_id].title, r.score) for r in outcome.rows]


@pytest.fixture
def late(world):
    """Reproduction 1: a juror with no home region submits 100 on a Kota Batu proposal; two other
    jurors give 70 to it and 75 to a Kota Malang proposal: Batu leads on that 100."""
    cast = world.cast
    world.batu = world.proposal("Inovasi Batu", agency=cast.unit_a)
    world.malang = world.proposal("Inovasi Malang")
    world.tainted = world.juror("tanpa.asal@uji.test", name="Juri Tanpa Asal")
    world.others = [world.juror("j1@uji.test", name="Juri Satu"), world.juror("j2@uji.test", name="Juri Dua")]
    _score(world, world.tainted, world.batu, 100)
    for juror in world.others:
        _score(world, juror, world.batu, 70)
        _score(world, juror, world.malang, 75)
    world.stage.top_n = 1
    world.stage.save()
    return world


def _set_home_region(world, juror, government):
    return jury.save_juror(
        body=world.cast.body, user=juror.user, name=juror.name, home_government=government, actor=world.cast.organizer
    )


def test_a_conflict_found_after_scoring_excludes_the_score_from_the_ranking(late):
    assert _ranking(late) == [("Inovasi Batu", 80.0), ("Inovasi Malang", 75.0)]
    _set_home_region(late, late.tainted, late.cast.gov_a)
    outcome = closing.preview(late.stage)
    assert [(outcome.proposals[r.proposal_id].title, r.score) for r in outcome.rows] == [
        ("Inovasi Malang", 75.0),
        ("Inovasi Batu", 70.0),
    ]
    card = Scorecard.objects.get(juror=late.tainted)
    assert outcome.excluded == [
        {
            "scorecard_id": card.pk,
            "juror": "Juri Tanpa Asal",
            "juror_id": late.tainted.pk,
            "proposal_id": late.batu.pk,
            "title": "Inovasi Batu",
            "kind": "conflict",
            "reason": "Pemerintah daerah asal juri mengajukan proposal ini.",
        }
    ]
    assert outcome.waivers == []
    event = AuditEvent.objects.get(action="scorecard.exclude")
    assert (event.object_id, event.actor, event.before, event.after) == (
        str(card.pk),
        None,
        {"counted": True},
        {"counted": False, "kind": "conflict", "reason": "Pemerintah daerah asal juri mengajukan proposal ini."},
    )
    closing.preview(late.stage)  # seen again: audited once
    assert AuditEvent.objects.filter(action="scorecard.exclude").count() == 1


def test_the_ranking_api_closing_and_publishing_leave_the_excluded_score_out(client, late):
    _set_home_region(late, late.tainted, late.cast.gov_a)
    client.force_login(late.cast.organizer)
    api = client.get(f"/api/v1/judging/stages/{late.stage.pk}/ranking").json()
    assert [(row[2], row[4]) for row in api["rows"]] == [("Inovasi Malang", 75.0), ("Inovasi Batu", 70.0)]
    desk = client.get(reverse("organizer:judging_stage", args=[late.stage.pk])).content.decode()
    assert "Nilai dikecualikan: konflik kepentingan muncul setelah penilaian" in desk
    closure = closing.close_stage(stage=late.stage, actor=late.cast.organizer, confirm=True)
    assert [(i["title"], i["score"], i["advances"]) for i in closure.ranking["ranking"]] == [
        ("Inovasi Malang", 75.0, True),
        ("Inovasi Batu", 70.0, False),
    ]
    results = closing.publish(stage=late.stage, actor=late.cast.organizer)
    assert [r.proposal.title for r in results] == ["Inovasi Malang"]
    late.batu.refresh_from_db()
    assert late.batu.state == ProposalState.ELIMINATED
    assert StageResult.objects.get(proposal=late.malang).rank == 1


def test_a_waiver_with_a_reason_lets_the_excluded_score_count_again_and_is_recorded(client, late):
    _set_home_region(late, late.tainted, late.cast.gov_a)
    closing.preview(late.stage)
    client.force_login(late.cast.organizer)
    url = reverse("organizer:judging_waive", args=[late.stage.pk])
    client.post(url, {"juror": late.tainted.pk, "proposal": late.batu.pk, "reason": "singkat"})
    assert closing.preview(late.stage).excluded != []  # a reason of < 10 characters is refused
    client.post(
        url, {"juror": late.tainted.pk, "proposal": late.batu.pk, "reason": "Juri pindah domisili sebelum penilaian"}
    )
    outcome = closing.preview(late.stage)
    assert outcome.excluded == []
    assert _ranking(late)[0] == ("Inovasi Batu", 80.0)
    (waiver,) = outcome.waivers
    assert {k: v for k, v in waiver.items() if k != "waived_at"} == {
        "juror": "Juri Tanpa Asal",
        "juror_id": late.tainted.pk,
        "proposal_id": late.batu.pk,
        "title": "Inovasi Batu",
        "reason": "Pemerintah daerah asal juri mengajukan proposal ini.",
        "waiver_reason": "Juri pindah domisili sebelum penilaian",
        "waived_by": "panitia",
    }
    assert waiver["waived_at"] == "2025-06-02T10:00:00+07:00"
    waive = AuditEvent.objects.get(action="conflict.waive")
    assert (waive.before["waived"], waive.after["waived"], waive.after["waived_reason"]) == (
        False,
        True,
        "Juri pindah domisili sebelum penilaian",
    )
    include = AuditEvent.objects.get(action="scorecard.include")
    assert (include.actor, include.before, include.after) == (
        late.cast.organizer,
        {"counted": False, "reason": "Pemerintah daerah asal juri mengajukan proposal ini."},
        {"counted": True, "waiver_reason": "Juri pindah domisili sebelum penilaian"},
    )


def test_an_admin_pemda_on_the_jury_is_conflicted_with_their_pemda_without_a_home_region(world):
    """Reproduction 2: admin.malang@ on the jury, home region empty, a Kota Malang proposal."""
    malang = world.proposal("Inovasi Malang")  # Dinas Kesehatan Kota Malang
    juror = world.juror("x", name="Admin Malang", user=world.cast.admin_b)
    assert juror.home_government is None
    assert conflicts.conflict_reason(juror, malang) == "Juri adalah Admin Pemda pemerintah daerah pengusul."
    with pytest.raises(ValidationError) as refused:
        assign(stage=world.stage, juror=juror, proposal=malang, actor=world.cast.organizer)
    assert "berkonflik kepentingan" in refused.value.messages[0]


def test_an_operator_of_the_owning_agency_or_one_above_it_is_conflicted(world):
    batu = world.proposal("Inovasi Benih", agency=world.cast.unit_a)  # UPT under Dinas Pertanian
    juror = world.juror("x", name="Operator Dinas", user=world.cast.operator_a)
    assert conflicts.conflict_reason(juror, batu) == "Juri adalah operator perangkat daerah pemilik inovasi ini."
    Membership.objects.filter(user=world.cast.operator_a, role=Role.OPERATOR).update(is_active=False)
    assert conflicts.conflict_reason(juror, batu) is None  # a membership counts while active


def test_a_user_without_the_juror_role_is_refused_the_scoring_screen_and_the_api(client, world):
    """Reproduction 3: an Admin Pemda (and a user with no role) given a juror record and an
    assignment: `/juri/` answered 403 but `/juri/penilaian/<id>/` 200 and the scores counted."""
    proposal = world.proposal("Inovasi Sehat")
    for user in (world.cast.admin_a, world.cast.no_role):
        juror = Juror.objects.create(user=user, body=world.cast.body, name=user.full_name)
        assignment = Assignment.objects.create(stage=world.stage, juror=juror, proposal=proposal)
        client.force_login(user)
        url = reverse("jury:score", args=[assignment.pk])
        assert client.get(reverse("jury:dashboard")).status_code == 403
        assert client.get(url).status_code == 403
        assert client.post(url, world.full(100) | {"action": "submit", "version": "0"}).status_code == 403
        assert client.get(f"/api/v1/judging/assignments/{assignment.pk}").status_code == 403
        assert client.get("/api/v1/judging/my-assignments").status_code == 403
        with pytest.raises(ValidationError) as refused:
            scoring.save_scorecard(
                stage=world.stage, juror=juror, proposal=proposal, values=world.full(100), submit=True, actor=user
            )
        assert refused.value.messages == ["Anda tidak memegang peran juri aktif pada penyelenggara tahap ini."]
    assert not Scorecard.objects.exists()


def test_a_score_written_before_the_role_was_lost_no_longer_counts(world):
    proposal = world.proposal("Inovasi Sehat")
    juror = world.juror("j@uji.test", name="Juri Pensiun")
    _score(world, juror, proposal, 90)
    Membership.objects.filter(user=juror.user, role=Role.JUROR).update(is_active=False)
    outcome = closing.preview(world.stage)
    assert [(e["juror"], e["kind"]) for e in outcome.excluded] == [("Juri Pensiun", "not_juror")]
    assert outcome.rows[0].score is None


def test_putting_a_person_on_the_jury_grants_the_juror_role_and_says_so(client, world):
    proposal = world.proposal("Inovasi Sehat")
    client.force_login(world.cast.organizer)
    url = reverse("organizer:judging_jury", args=[world.edition.pk])
    response = client.post(url, {"email": world.cast.no_role.email, "name": "Dr. Baru"}, follow=True)
    assert "Juri disimpan. tanpa.peran@uji.test kini memegang peran Juri pada Biro Organisasi Jatim." in (
        response.content.decode()
    )
    membership = Membership.objects.get(user=world.cast.no_role, role=Role.JUROR)
    assert (membership.organizer_body, membership.is_active) == (world.cast.body, True)
    grant = AuditEvent.objects.get(action="membership.grant")
    assert (grant.before["active"], grant.after["active"]) == (False, True)
    juror = Juror.objects.get(user=world.cast.no_role)
    assert rules.juror_of(world.cast.no_role, world.cast.body) == juror
    assignment = assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    client.force_login(world.cast.no_role)
    assert client.get(reverse("jury:score", args=[assignment.pk])).status_code == 200
    client.force_login(world.cast.organizer)
    response = client.post(url, {"email": world.cast.no_role.email, "name": "Dr. Baru, M.Si."}, follow=True)
    assert "kini memegang peran" not in response.content.decode()  # already held: nothing granted


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("system_admin", "sys@uji.test adalah admin sistem dan tidak dapat menjadi juri. Gunakan akun lain."),
        (
            "organizer",
            "panitia@uji.test adalah panitia Biro Organisasi Jatim dan tidak dapat sekaligus menjadi juri "
            "penyelenggara ini.",
        ),
    ],
)
def test_a_system_admin_or_the_bodys_organizer_cannot_be_put_on_the_jury(client, world, persona, message):
    client.force_login(world.cast.organizer)
    user = getattr(world.cast, persona)
    response = client.post(
        reverse("organizer:judging_jury", args=[world.edition.pk]), {"email": user.email, "name": "X"}, follow=True
    )
    assert message in response.content.decode()
    assert not Juror.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user, role=Role.JUROR).exists()


def test_one_body_saving_a_juror_leaves_the_other_bodys_record_alone(world):
    """Reproduction 4: verifikator@ saved on the Jatim page moved the BSKDN record to Jatim."""
    cast = world.cast
    bskdn, jatim = cast.other_body, cast.body
    person = make_user("verifikator@uji.test", Role.JUROR, "organizer_body", bskdn)
    bskdn_organizer = make_user("panitia.bskdn@uji.test", Role.ORGANIZER, "organizer_body", bskdn)
    malang = Government.objects.get(region__code="35.73")
    first = jury.save_juror(
        body=bskdn, user=person, name="Dr. Verifikator", home_government=malang, actor=bskdn_organizer
    )
    second = jury.save_juror(body=jatim, user=person, name="Verifikator Jatim", actor=cast.organizer)
    first.refresh_from_db()
    assert first.pk != second.pk
    assert (first.body, first.name, first.home_government) == (bskdn, "Dr. Verifikator", malang)
    assert (second.body, second.name, second.home_government) == (jatim, "Verifikator Jatim", None)
    assert rules.juror_of(person, bskdn) == first
    assert rules.juror_of(person, jatim.pk) == second
    assert {j.pk for j in rules.jurors_of(person)} == {first.pk, second.pk}
    with pytest.raises(ValidationError):
        jury.save_panel(edition=world.edition, name="Panel", jurors=[first], actor=cast.organizer)


def test_an_organizer_reads_only_its_own_bodys_jurors(client, world):
    cast = world.cast
    person = make_user("verifikator@uji.test", Role.JUROR, "organizer_body", cast.other_body)
    Juror.objects.create(user=person, body=cast.other_body, name="Juri BSKDN")
    world.juror("j@uji.test", name="Juri Jatim")
    client.force_login(cast.organizer)
    page = client.get(reverse("organizer:judging_jury", args=[world.edition.pk])).content.decode()
    assert "Juri Jatim" in page
    assert "Juri BSKDN" not in page
    stranger = make_user("panitia.lain@uji.test", Role.ORGANIZER, "organizer_body", cast.other_body)
    client.force_login(stranger)
    assert client.get(reverse("organizer:judging_jury", args=[world.edition.pk])).status_code == 403
    response = client.post(
        reverse("organizer:judging_jury", args=[world.edition.pk]), {"email": "j@uji.test", "name": "Diubah"}
    )
    assert response.status_code == 403
    assert Juror.objects.get(user__email="j@uji.test").name == "Juri Jatim"


def test_the_juror_of_another_body_is_refused_on_this_bodys_stage(client, world):
    cast = world.cast
    proposal = world.proposal("Inovasi Sehat")
    person = make_user("lain@uji.test", Role.JUROR, "organizer_body", cast.other_body)
    juror = Juror.objects.create(user=person, body=cast.body, name="Juri Badan Lain")  # a record here, role there
    assignment = Assignment.objects.create(stage=world.stage, juror=juror, proposal=proposal)
    client.force_login(person)
    assert client.get(reverse("jury:score", args=[assignment.pk])).status_code == 403
    assert client.get("/api/v1/judging/my-assignments").json() == {"detail": "Anda bukan juri."}
    with pytest.raises(ValidationError) as refused:
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=cast.organizer)
    assert refused.value.messages == ["Juri Badan Lain tidak memegang peran juri aktif pada penyelenggara tahap ini."]


# --- Replacements -----------------------------------------------------------------------------


def _k2(world):
    judging = settings_for(world.stage)
    judging.jurors_per_proposal = 2
    judging.save()


def test_a_declared_conflict_gets_the_least_loaded_free_juror_proposed_and_accepted(client, world):
    _k2(world)
    p1, p2 = world.proposal("Inovasi Satu"), world.proposal("Inovasi Dua")
    a, b, c, d = (world.juror(f"{n}@uji.test", name=f"Juri {n.upper()}") for n in "abcd")
    for juror, proposal in ((a, p1), (b, p1), (c, p2), (d, p2), (d, p1)):
        if proposal is p1 and juror is d:
            continue
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    assign(stage=world.stage, juror=c, proposal=world.proposal("Inovasi Tiga"), actor=world.cast.organizer)
    jury.declare_conflict(juror=a, proposal=p1, reason="Mantan pembimbing pengusul", actor=a.user)
    (need,) = replacements.needs(world.stage)
    # c carries two proposals, d one: d is proposed.
    assert (need["proposal"], need["replaces"], need["reason"], need["proposed"]) == (
        p1,
        a,
        "Mantan pembimbing pengusul",
        d,
    )
    client.force_login(world.cast.organizer)
    desk = client.get(reverse("organizer:judging_stage", args=[world.stage.pk])).content.decode()
    assert "Tugaskan Juri D sebagai pengganti" in desk
    response = client.post(
        reverse("organizer:judging_replace", args=[world.stage.pk]),
        {"proposal": p1.pk, "replaces": a.pk, "juror": d.pk},
        follow=True,
    )
    assert "Juri D menggantikan Juri A untuk “Inovasi Satu”." in response.content.decode()
    added = Assignment.objects.get(stage=world.stage, juror=d, proposal=p1)
    assert (added.source, added.replaces, added.replacement_reason, added.created_by) == (
        AssignmentSource.REPLACEMENT,
        a,
        "Mantan pembimbing pengusul",
        world.cast.organizer,
    )
    event = AuditEvent.objects.get(action="assignment.replace")
    assert (event.before, event.after) == (
        {"juror": a.pk, "juror_name": "Juri A", "reason": "Mantan pembimbing pengusul"},
        {"juror": d.pk, "juror_name": "Juri D"},
    )
    assert replacements.needs(world.stage) == []
    (recorded,) = closing.preview(world.stage).replacements
    assert {k: v for k, v in recorded.items() if k != "assigned_at"} == {
        "juror": "Juri D",
        "juror_id": d.pk,
        "replaces": "Juri A",
        "replaces_id": a.pk,
        "proposal_id": p1.pk,
        "title": "Inovasi Satu",
        "reason": "Mantan pembimbing pengusul",
        "assigned_by": "panitia",
    }
    # Accepting twice, or a conflicted juror, is refused.
    with pytest.raises(ValidationError) as again:
        replacements.accept_replacement(stage=world.stage, proposal=p1, juror=c, replaces=a, actor=world.cast.organizer)
    assert again.value.messages == ["Proposal ini tidak memerlukan juri pengganti untuk juri tersebut."]


def test_an_excluded_score_gets_a_replacement_that_is_not_conflicted(late):
    _k2(late)
    spare = late.juror("cadangan@uji.test", name="Juri Cadangan", home_government=late.cast.gov_b)
    batu_juror = late.juror("batu@uji.test", name="Juri Batu", home_government=late.cast.gov_a)
    _set_home_region(late, late.tainted, late.cast.gov_a)
    # Batu has 2 counted jurors of k = 2: nothing to replace.
    assert replacements.needs(late.stage) == []
    judging = settings_for(late.stage)
    judging.jurors_per_proposal = 3
    judging.save()
    (need,) = replacements.needs(late.stage)
    assert (need["proposal"], need["replaces"], need["proposed"]) == (late.batu, late.tainted, spare)
    assert batu_juror.pk not in need["eligible"]
    with pytest.raises(ValidationError) as refused:
        replacements.accept_replacement(
            stage=late.stage, proposal=late.batu, juror=batu_juror, replaces=late.tainted, actor=late.cast.organizer
        )
    assert refused.value.messages == ["Juri Batu tidak dapat menjadi juri pengganti untuk “Inovasi Batu”."]
    replacements.accept_replacement(
        stage=late.stage, proposal=late.batu, juror=spare, replaces=late.tainted, actor=late.cast.organizer
    )
    assert [r["juror"] for r in closing.preview(late.stage).replacements] == ["Juri Cadangan"]


def test_the_data_migration_gives_existing_juror_records_the_role_they_now_need(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("inovasi.judging.migrations.0004_juror_role_for_existing_jurors")
    cast = world.cast
    body = cast.body
    for user in (cast.no_role, cast.system_admin, cast.organizer, cast.juror):
        Juror.objects.create(user=user, body=body, name=user.full_name)
    Membership.objects.filter(user=cast.juror, role=Role.JUROR).update(is_active=False)  # deliberately off
    migration.grant(apps, None)
    held = set(Membership.objects.filter(role=Role.JUROR).values_list("user__email", "organizer_body", "is_active"))
    assert held == {("tanpa.peran@uji.test", body.pk, True), ("juri@uji.test", body.pk, False)}


def test_the_jury_page_marks_a_record_whose_juror_role_is_off(client, world):
    world.juror("aktif@uji.test", name="Juri Aktif")
    Juror.objects.create(user=world.cast.admin_a, body=world.cast.body, name="Admin Tanpa Peran")
    client.force_login(world.cast.organizer)
    page = client.get(reverse("organizer:judging_jury", args=[world.edition.pk])).content.decode()
    assert page.count("peran juri tidak aktif: nilainya tidak dihitung") == 1
    assert page.index("Admin Tanpa Peran") < page.index("peran juri tidak aktif")


def test_reliability_reads_only_the_scores_the_ranking_counts(late):
    from inovasi.judging.reliability import report

    assert sorted(t for _p, _sd, totals in report(late.stage).disagreement for t in totals) == [
        70.0,
        70.0,
        75.0,
        75.0,
        100.0,
    ]
    _set_home_region(late, late.tainted, late.cast.gov_a)
    result = report(late.stage)
    assert sorted(t for _p, _sd, totals in result.disagreement for t in totals) == [70.0, 70.0, 75.0, 75.0]
    assert result.missing == []  # the excluded juror did submit


def test_the_jury_page_has_each_field_id_once_so_labels_name_the_right_field(client, world):
    """The panel form and the juror form share the page; both have a "name" field."""
    import re

    world.juror("j@uji.test", name="Juri Jatim")  # the panel form shows once there is a juror
    client.force_login(world.cast.organizer)
    page = client.get(reverse("organizer:judging_jury", args=[world.edition.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert "panel_name" in ids and "id_name" in ids
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
