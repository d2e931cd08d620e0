import re
from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import StageResult
from inovasi.innovations.models import InnovationPerson
from inovasi.judging import aggregation, closing, conflicts, jury, scoring
from inovasi.judging.assignment import assign, assign_automatically, import_assignments_csv
from inovasi.judging.models import Aggregation, Assignment, Conflict, Scorecard, ScorecardState
from inovasi.judging.stages import settings_for
from inovasi.judging.tests.conftest import WIB

pytestmark = pytest.mark.django_db


def test_each_automatic_conflict_is_detected_with_its_reason(world):
    cast = world.cast
    mine = world.proposal("Inovasi Batu", agency=cast.unit_a)
    named = world.proposal("Inovasi Malang")
    InnovationPerson.objects.create(innovation=named.innovation, name="Sri  Wahyuni", role="Kepala")
    by_government = world.juror("g@uji.test", home_government=cast.gov_a)
    by_agency = world.juror("a@uji.test", home_agency=cast.agency_a)
    by_name = world.juror("n@uji.test", name="sri wahyuni")
    found = conflicts.automatic_reasons(world.jurors, world.proposals)
    assert found == {
        (by_government.pk, mine.pk): "Pemerintah daerah asal juri mengajukan proposal ini.",
        (by_agency.pk, mine.pk): "Perangkat daerah asal juri memiliki inovasi ini.",
        (by_name.pk, named.pk): "Juri tercantum sebagai orang di balik inovasi ini.",
    }


def test_a_linked_user_on_the_innovation_is_conflicted(world):
    proposal = world.proposal("Inovasi Tautan")
    juror = world.juror("tautan@uji.test", name="Nama Lain")
    InnovationPerson.objects.create(innovation=proposal.innovation, name="Siapa Saja", user=juror.user)
    assert conflicts.conflict_reason(juror, proposal) == "Juri tercantum sebagai orang di balik inovasi ini."


def test_declaring_a_conflict_removes_the_assignment_and_is_audited(world):
    proposal = world.proposal("Inovasi A")
    juror = world.juror("j1@uji.test")
    assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    jury.declare_conflict(juror=juror, proposal=proposal, reason="Mantan pembimbing", actor=juror.user)
    assert not Assignment.objects.filter(juror=juror).exists()
    assert conflicts.conflict_reason(juror, proposal) == "Mantan pembimbing"
    assert AuditEvent.objects.filter(action="conflict.declare").count() == 1
    with pytest.raises(ValidationError) as error:
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    assert "berkonflik kepentingan" in error.value.messages[0]


def test_only_a_reasoned_waiver_lifts_an_automatic_conflict(world):
    proposal = world.proposal("Inovasi Batu", agency=world.cast.agency_a)
    juror = world.juror("g@uji.test", home_government=world.cast.gov_a)
    with pytest.raises(ValidationError) as error:
        jury.waive_conflict(juror=juror, proposal=proposal, reason="ok", actor=world.cast.organizer)
    assert error.value.message_dict == {"reason": ["Pengecualian konflik wajib disertai alasan (minimal 10 karakter)."]}
    jury.waive_conflict(
        juror=juror, proposal=proposal, reason="Juri sudah pindah tugas sejak 2020", actor=world.cast.organizer
    )
    assert conflicts.conflict_reason(juror, proposal) is None
    waived = Conflict.objects.get()
    assert (waived.kind, waived.waived_by) == ("automatic", world.cast.organizer)


def _world_of(world, proposals=12, jurors=5):
    for i in range(proposals):
        world.proposal(f"Inovasi {i:02d}")
    for i in range(jurors):
        world.juror(f"juri{i}@uji.test")


def _loads(stage):
    loads = {}
    for juror_id in Assignment.objects.filter(stage=stage).values_list("juror_id", flat=True):
        loads[juror_id] = loads.get(juror_id, 0) + 1
    return loads


def test_automatic_assignment_gives_k_jurors_per_proposal_with_balanced_loads(world):
    _world_of(world, proposals=12, jurors=5)
    summary = assign_automatically(stage=world.stage, actor=world.cast.organizer, k=3)
    assert summary == {"proposals": 12, "k": 3, "min_load": 7, "max_load": 8}
    per_proposal = {p.pk: Assignment.objects.filter(proposal=p).count() for p in world.proposals}
    assert set(per_proposal.values()) == {3}
    assert sorted(_loads(world.stage).values()) == [7, 7, 7, 7, 8]


def test_assignment_is_deterministic_and_respects_conflicts(world):
    _world_of(world, proposals=6, jurors=4)
    batu = world.proposal("Inovasi Batu", agency=world.cast.agency_a)
    home = world.juror("batu@uji.test", home_government=world.cast.gov_a)
    assign_automatically(stage=world.stage, actor=world.cast.organizer, k=2)
    first = sorted(Assignment.objects.values_list("proposal_id", "juror_id"))
    assign_automatically(stage=world.stage, actor=world.cast.organizer, k=2)
    assert sorted(Assignment.objects.values_list("proposal_id", "juror_id")) == first
    assert not Assignment.objects.filter(proposal=batu, juror=home).exists()


def test_expertise_is_preferred(world):
    from inovasi.innovations.models import GovernmentAffair

    health = GovernmentAffair.objects.get(code="1.02")
    proposal = world.proposal("Puskesmas Ramah")
    proposal.innovation.affairs.add(health)
    world.juror("umum@uji.test")
    expert = world.juror("ahli@uji.test", expertise=[health])
    assign_automatically(stage=world.stage, actor=world.cast.organizer, k=1)
    assert list(Assignment.objects.values_list("juror_id", flat=True)) == [expert.pk]


def test_infeasible_assignment_says_which_proposal_lacks_jurors(world):
    world.proposal("Inovasi Batu", agency=world.cast.agency_a)
    world.juror("g1@uji.test", home_government=world.cast.gov_a)
    world.juror("ok1@uji.test")
    world.juror("ok2@uji.test")
    with pytest.raises(ValidationError) as error:
        assign_automatically(stage=world.stage, actor=world.cast.organizer, k=3)
    assert error.value.messages == [
        "Proposal \u201cInovasi Batu\u201d hanya punya 2 juri yang memenuhi syarat untuk k = 3."
    ]
    assert not Assignment.objects.exists()


def test_manual_assignments_are_kept_and_count_towards_k_and_a_rerun_rewrites_nothing(world):
    _world_of(world, proposals=4, jurors=4)
    first, hand = world.proposals[0], world.jurors[3]
    manual = assign(stage=world.stage, juror=hand, proposal=first, actor=world.cast.organizer)
    summary = assign_automatically(stage=world.stage, actor=world.cast.organizer, k=2)
    assert Assignment.objects.get(pk=manual.pk).source == "manual"
    assert {p.pk: Assignment.objects.filter(proposal=p).count() for p in world.proposals} == {
        p.pk: 2 for p in world.proposals
    }
    assert (summary["min_load"], summary["max_load"]) == (2, 2)
    rows = sorted(Assignment.objects.values_list("pk", "proposal_id", "juror_id", "source"))
    assign_automatically(stage=world.stage, actor=world.cast.organizer, k=2)
    assert sorted(Assignment.objects.values_list("pk", "proposal_id", "juror_id", "source")) == rows


def test_assignment_csv_import_is_all_or_nothing(world):
    proposal = world.proposal("Inovasi A")
    juror = world.juror("j1@uji.test")
    csv_text = f"juri,proposal\nj1@uji.test,{proposal.pk}\nsiapa@uji.test,999999\n"
    with pytest.raises(ValidationError) as error:
        import_assignments_csv(stage=world.stage, upload=csv_text.encode(), actor=world.cast.organizer)
    assert error.value.messages == [
        "Baris 3, kolom juri: juri tidak dikenal.",
        "Baris 3, kolom proposal: proposal tidak ada di tahap ini.",
    ]
    assert not Assignment.objects.exists()
    count = import_assignments_csv(
        stage=world.stage, upload=f"juri;proposal\nJ1@uji.test;{proposal.pk}\n".encode(), actor=world.cast.organizer
    )
    assert count == 1
    assert Assignment.objects.get().juror == juror


# --- Scoring ---------------------------------------------------------------------------------


def _assigned(world, title="Inovasi A", email="j1@uji.test"):
    proposal = world.proposal(title)
    juror = world.juror(email)
    assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    return proposal, juror


def test_a_draft_then_a_submission_are_stored_and_the_submission_is_final(world):
    proposal, juror = _assigned(world)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values={"kebaruan": "70"}, actor=juror.user
    )
    card = Scorecard.objects.get()
    assert (card.state, card.values) == (ScorecardState.DRAFT, {"kebaruan": 70.0})
    scoring.save_scorecard(
        stage=world.stage,
        juror=juror,
        proposal=proposal,
        values=world.full(80),
        comment="Bagus",
        submit=True,
        actor=juror.user,
    )
    card.refresh_from_db()
    assert card.state == ScorecardState.SUBMITTED
    assert card.values == {c.code: 80.0 for c in world.criteria}
    with pytest.raises(ValidationError) as error:
        scoring.save_scorecard(
            stage=world.stage, juror=juror, proposal=proposal, values=world.full(10), actor=juror.user
        )
    assert error.value.messages == ["Nilai untuk proposal ini sudah dikirim dan tidak dapat diubah."]


def test_scores_outside_the_scale_or_missing_are_refused_per_criterion(world):
    proposal, juror = _assigned(world)
    values = world.full(50) | {"kebaruan": "120", "efektivitas": "abc", "kemanfaatan": ""}
    with pytest.raises(ValidationError) as error:
        scoring.save_scorecard(
            stage=world.stage, juror=juror, proposal=proposal, values=values, submit=True, actor=juror.user
        )
    assert error.value.message_dict == {
        "kebaruan": ["Nilai Kebaruan harus antara 0 dan 100."],
        "efektivitas": ["Nilai Efektivitas harus berupa angka."],
        "kemanfaatan": ["Nilai Kemanfaatan wajib diisi."],
    }
    assert not Scorecard.objects.exists()


def test_scores_after_the_deadline_wib_are_refused(world):
    proposal, juror = _assigned(world)

    with (
        time_machine.travel(datetime(2025, 6, 30, 23, 59, tzinfo=WIB), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        scoring.save_scorecard(
            stage=world.stage, juror=juror, proposal=proposal, values=world.full(50), actor=juror.user
        )
    assert error.value.messages == ["Tahap penilaian tidak sedang dibuka; nilai tidak dapat disimpan."]
    with time_machine.travel(datetime(2025, 6, 30, 23, 58, 59, tzinfo=WIB), tick=False):
        scoring.save_scorecard(
            stage=world.stage, juror=juror, proposal=proposal, values=world.full(50), actor=juror.user
        )
    assert Scorecard.objects.count() == 1


def test_unassigned_and_conflicted_jurors_cannot_score(world):
    proposal, juror = _assigned(world)
    stranger = world.juror("lain@uji.test")
    with pytest.raises(ValidationError) as error:
        scoring.save_scorecard(stage=world.stage, juror=stranger, proposal=proposal, values={}, actor=stranger.user)
    assert error.value.messages == ["Proposal ini tidak ditugaskan kepada Anda pada tahap ini."]
    # A conflict that appears after assignment (the juror is named later) blocks too.
    InnovationPerson.objects.create(innovation=proposal.innovation, name=juror.name)
    with pytest.raises(ValidationError) as error:
        scoring.save_scorecard(stage=world.stage, juror=juror, proposal=proposal, values={}, actor=juror.user)
    assert error.value.messages == ["Anda berkonflik kepentingan dengan proposal ini dan tidak dapat menilainya."]
    assert not Scorecard.objects.exists()


def test_a_later_stage_keeps_its_own_scores(world):
    proposal, juror = _assigned(world)
    later = world.edition.stages.filter(kind="presentation").get()
    later.opens_at, later.closes_at = world.stage.opens_at, world.stage.closes_at
    later.save()
    assign(stage=later, juror=juror, proposal=proposal, actor=world.cast.organizer)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(60), submit=True, actor=juror.user
    )
    scoring.save_scorecard(
        stage=later, juror=juror, proposal=proposal, values=world.full(90), submit=True, actor=juror.user
    )
    assert dict(Scorecard.objects.values_list("stage_id", "values__kebaruan")) == {
        world.stage.pk: 60.0,
        later.pk: 90.0,
    }


def test_offline_scores_import_reports_row_column_and_reason_and_stores_nothing(world):
    proposal, _juror = _assigned(world)
    codes = [c.code for c in world.criteria]
    header = "juri,proposal," + ",".join(codes) + ",catatan\n"
    bad = header + f"j1@uji.test,{proposal.pk},101,50,50,50,50,ok\nj1@uji.test,abc,50,50,50,50,50,\n"
    with pytest.raises(ValidationError) as error:
        scoring.import_scores_csv(stage=world.stage, upload=bad.encode(), actor=world.cast.organizer)
    assert error.value.messages == [
        "Baris 2, kolom kebaruan: Nilai Kebaruan harus antara 0 dan 100.",
        "Baris 3, kolom proposal: proposal tidak ada di tahap ini.",
    ]
    assert not Scorecard.objects.exists()
    good = header + f"j1@uji.test,{proposal.pk},80,70,60,50,40,Tatap muka\n"
    assert scoring.import_scores_csv(stage=world.stage, upload=good.encode(), actor=world.cast.organizer) == 1
    card = Scorecard.objects.get()
    assert (card.state, card.comment, card.values["kebaruan"]) == (ScorecardState.SUBMITTED, "Tatap muka", 80.0)


def test_missing_columns_are_named(world):
    with pytest.raises(ValidationError) as error:
        scoring.import_scores_csv(stage=world.stage, upload=b"juri,proposal\nx,1\n", actor=world.cast.organizer)
    assert error.value.messages == [
        "Kolom wajib tidak ada: kebaruan, efektivitas, kemanfaatan, kemudahan-replikasi, keberlanjutan."
    ]


# --- Aggregation and closing -----------------------------------------------------------------


def _score(world, juror, proposal, value):
    if not Assignment.objects.filter(stage=world.stage, juror=juror, proposal=proposal).exists():
        assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=True, actor=juror.user
    )


def _harsh_world(world):
    x, y, z, w = (world.proposal(t) for t in ("X", "Y", "Z", "W"))
    harsh, n1, n2 = world.juror("keras@uji.test"), world.juror("n1@uji.test"), world.juror("n2@uji.test")
    for juror, scores in (
        (harsh, {x: 40, z: 10, w: 20}),
        (n1, {x: 80, y: 70, z: 60, w: 65}),
        (n2, {y: 70, z: 65, w: 60}),
    ):
        for proposal, value in scores.items():
            _score(world, juror, proposal, value)
    return x, y


def _order(world):
    outcome = closing.preview(world.stage)
    return [outcome.proposals[r.proposal_id].title for r in outcome.rows]


def test_normalisation_lifts_the_proposal_a_harsh_juror_would_have_sunk(world):
    _harsh_world(world)
    judging = settings_for(world.stage)
    assert _order(world)[:2] == ["Y", "X"]  # mean: X 60 (harsh 40 + 80) below Y 70
    judging.aggregation = Aggregation.ZSCORE
    judging.save()
    assert _order(world)[:2] == ["X", "Y"]
    judging.aggregation = Aggregation.MEDIAN
    judging.save()
    assert _order(world)[:2] == ["Y", "X"]


def test_trimmed_mean_drops_the_extremes():
    assert aggregation.trimmed_mean([10, 50, 52, 54, 100], 0.2) == 52


def test_weighted_total_rescales_each_criterion_to_one_hundred(world):
    first, second = world.criteria[:2]
    first.scale_max, first.weight = 5, 60
    second.weight = 40
    criteria = [first, second]
    assert aggregation.weighted_total({first.code: 5, second.code: 50}, criteria) == pytest.approx(80.0)


def test_a_tie_at_the_cut_is_shown_then_broken_by_the_declared_criterion(world):
    a, b, c = world.proposal("A"), world.proposal("B"), world.proposal("C")
    juror = world.juror("j@uji.test")
    _score(world, juror, a, 90)
    assign(stage=world.stage, juror=juror, proposal=b, actor=world.cast.organizer)
    assign(stage=world.stage, juror=juror, proposal=c, actor=world.cast.organizer)
    equal_total = world.full(70)
    scoring.save_scorecard(
        stage=world.stage, juror=juror, proposal=b, values=equal_total, submit=True, actor=juror.user
    )
    other = dict(equal_total, kebaruan=80, efektivitas=60)
    scoring.save_scorecard(stage=world.stage, juror=juror, proposal=c, values=other, submit=True, actor=juror.user)
    outcome = closing.preview(world.stage)
    assert sorted(outcome.tie_at_cut) == sorted([b.pk, c.pk])
    with pytest.raises(ValidationError) as error:
        closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    assert "Masih ada nilai seri di batas lolos" in error.value.messages[0]
    judging = settings_for(world.stage)
    judging.tie_breaks = ["criterion:kebaruan", "submitted_at"]
    judging.save()
    outcome = closing.preview(world.stage)
    assert (outcome.advancing, outcome.tie_at_cut) == ([a.pk, c.pk], [])


def test_earlier_submission_breaks_a_tie(world):
    late = world.proposal("Terlambat", submitted_minutes=30)
    early = world.proposal("Awal", submitted_minutes=5)
    juror = world.juror("j@uji.test")
    _score(world, juror, late, 70)
    _score(world, juror, early, 70)
    judging = settings_for(world.stage)
    judging.tie_breaks = ["submitted_at"]
    judging.save()
    assert _order(world) == ["Awal", "Terlambat"]


def test_closing_freezes_the_ranking_with_a_hash_and_minutes_then_publishes(world):
    x, y = _harsh_world(world)
    with pytest.raises(ValidationError):
        closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=False)
    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    assert closure.sha256 == closing.content_hash(closure.ranking)
    assert re.fullmatch(r"[0-9a-f]{64}", closure.sha256)
    assert [i["title"] for i in closure.ranking["ranking"] if i["advances"]] == ["Y", "X"]
    assert closure.ranking["closed_at"] == "2025-06-02T10:00:00+07:00"
    pdf = closure.minutes.read()
    assert pdf.startswith(b"%PDF")
    text = pdf.decode("latin-1")
    for expected in ("KOVABLIK", "Evaluasi proposal", "2025-06-02 10:00 WIB", closure.sha256, "(Y)", "(X)"):
        assert expected in text
    # Frozen: nothing changes until reopened with a reason.
    with pytest.raises(ValidationError):
        assign_automatically(stage=world.stage, actor=world.cast.organizer, k=1)
    with pytest.raises(ValidationError) as error:
        closing.reopen_stage(stage=world.stage, reason="", actor=world.cast.organizer)
    assert error.value.message_dict == {"reason": ["Tuliskan alasan membuka kembali (minimal 10 karakter)."]}
    closing.reopen_stage(stage=world.stage, reason="Nilai juri ketiga salah input", actor=world.cast.organizer)
    assert AuditEvent.objects.filter(action="stage.reopen").count() == 1
    closure = closing.close_stage(stage=world.stage, actor=world.cast.organizer, confirm=True)
    results = closing.publish(stage=world.stage, actor=world.cast.organizer)
    assert [(r.proposal.title, r.rank, r.label) for r in results] == [("Y", 1, "Top 90"), ("X", 2, "Top 90")]
    assert StageResult.objects.get(proposal=y).score == pytest.approx(70)
    x.refresh_from_db()
    assert x.state == ProposalState.SHORTLISTED
    assert world.proposals[2].__class__.objects.get(title="Z").state == ProposalState.ELIMINATED
    with pytest.raises(ValidationError):
        closing.reopen_stage(stage=world.stage, reason="Terlambat sekali untuk ini", actor=world.cast.organizer)


def test_passing_score_and_quotas_apply(world):
    _harsh_world(world)
    world.stage.top_n, world.stage.passing_score = None, 64
    world.stage.save()
    outcome = closing.preview(world.stage)
    assert [outcome.proposals[p].title for p in outcome.advancing] == ["Y"]
    world.stage.passing_score, world.stage.quotas = None, [{"group": "umum", "count": 2}]
    world.stage.save()
    outcome = closing.preview(world.stage)
    titles = outcome.proposals
    assert [titles[p].title for p in outcome.advancing] == ["Y", "X"]
    assert [titles[p].title for p in outcome.skipped_by_quota] == ["W", "Z"]


def test_a_stage_panel_limits_the_jurors_assignment_draws_from(world):
    _world_of(world, proposals=4, jurors=4)
    panel_jurors = world.jurors[:2]
    jury.save_panel(
        edition=world.edition, stage=world.stage, name="Panel desk", jurors=panel_jurors, actor=world.cast.organizer
    )
    assign_automatically(stage=world.stage, actor=world.cast.organizer, k=2)
    assert set(Assignment.objects.values_list("juror_id", flat=True)) == {j.pk for j in panel_jurors}
    assert AuditEvent.objects.filter(action="panel.save").count() == 1


def test_the_panel_form_on_the_jury_page_saves_a_panel(client, world):
    from django.urls import reverse

    from inovasi.judging.models import Panel

    a, b = world.juror("a@uji.test"), world.juror("b@uji.test")
    client.force_login(world.cast.organizer)
    url = reverse("organizer:judging_jury", args=[world.edition.pk])
    response = client.post(url, {"action": "panel", "name": "Panel utama", "stage": "", "jurors": [a.pk, b.pk]})
    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.name, panel.stage, sorted(panel.jurors.values_list("pk", flat=True))) == (
        "Panel utama",
        None,
        sorted([a.pk, b.pk]),
    )
    page = client.get(reverse("organizer:judging_jury", args=[world.edition.pk])).content.decode()
    assert "Panel utama" in page
    client.force_login(a.user)
    assert client.post(url, {"action": "panel", "name": "X", "jurors": [a.pk]}).status_code == 403
