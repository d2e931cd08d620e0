"""One scorecard edited from two places (two tabs, a tablet and a laptop, an organizer's import): a
stale save is refused, kept on screen and audited; double submits and double imports are harmless.
(Real parallel clients: tests_security/test_concurrency.py.)"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inovasi.audit.models import AuditEvent
from inovasi.judging import closing, jury, scoring
from inovasi.judging.assignment import assign, import_assignments_csv
from inovasi.judging.models import Panel, Scorecard, ScorecardState, StageClosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world):
    world.proposal_a = world.proposal("Inovasi Sehat")
    world.me = world.juror("x", name="Juri Utama", user=world.cast.juror)
    world.assignment = assign(stage=world.stage, juror=world.me, proposal=world.proposal_a, actor=world.cast.organizer)
    return world


def _save(desk, value, *, version, submit=False, comment=""):
    return scoring.save_scorecard(
        stage=desk.stage,
        juror=desk.me,
        proposal=desk.proposal_a,
        values=desk.full(value),
        comment=comment,
        submit=submit,
        version=version,
        actor=desk.cast.juror,
    )


def test_a_draft_saved_in_another_tab_is_not_overwritten_by_an_older_form(desk):
    _save(desk, 60, version=0)  # tab 1 saves first
    with pytest.raises(scoring.StaleScorecard) as refused:
        _save(desk, 80, version=0, comment="Dari tab kedua")  # tab 2 was opened before the card existed
    card = Scorecard.objects.get()
    assert (card.version, card.values["kebaruan"]) == (1, 60.0)
    assert [c["field"] for c in refused.value.changes] == [c.code for c in desk.criteria] + ["comment"]
    assert refused.value.changes[0]["saved"] == "60"
    assert refused.value.current_version == 1
    event = AuditEvent.objects.get(action="scorecard.stale_refused")
    assert (event.object_id, event.after["submitted_version"], event.after["current_version"]) == (str(card.pk), 0, 1)


def test_saving_with_the_current_version_wins_and_bumps_it(desk):
    _save(desk, 60, version=0)
    _save(desk, 70, version=1)
    card = Scorecard.objects.get()
    assert (card.version, card.values["kebaruan"], card.state) == (2, 70.0, ScorecardState.DRAFT)


def test_kirim_nilai_clicked_twice_submits_once(desk):
    _save(desk, 75, version=0, submit=True)
    again = _save(desk, 75, version=0, submit=True)
    assert again.state == ScorecardState.SUBMITTED
    assert AuditEvent.objects.filter(action="scorecard.submit").count() == 1
    assert not AuditEvent.objects.filter(action="scorecard.stale_refused").exists()


def test_other_values_after_a_submission_are_refused_with_the_sent_state_shown(desk):
    _save(desk, 75, version=0, submit=True)
    with pytest.raises(scoring.StaleScorecard) as refused:
        _save(desk, 40, version=0)
    assert refused.value.changes[-1] == {"field": "state", "label": "Status", "saved": "dikirim 2 Juni 2025 10.00 WIB"}
    with pytest.raises(ValidationError) as error:
        _save(desk, 40, version=1)
    assert error.value.messages == ["Nilai untuk proposal ini sudah dikirim dan tidak dapat diubah."]


def test_the_scoring_screen_keeps_the_refused_values_and_shows_the_saved_ones(client, desk):
    client.force_login(desk.cast.juror)
    url = reverse("jury:score", args=[desk.assignment.pk])
    assert '<input type="hidden" name="version" value="0">' in client.get(url).content.decode()
    _save(desk, 60, version=0)  # the same juror, on the tablet
    response = client.post(url, desk.full(90) | {"version": "0", "comment": "Laptop", "action": "draft"})
    page = response.content.decode()
    assert response.status_code == 409
    assert 'name="kebaruan" value="90.0"' in page
    assert "Nilai tersimpan saat ini: 60" in page
    assert "Isian Anda tetap ditampilkan" in page
    assert '<input type="hidden" name="version" value="1">' in page
    again = client.post(url, desk.full(90) | {"version": "1", "comment": "Laptop", "action": "draft"})
    assert again.status_code == 302
    assert Scorecard.objects.get().values["kebaruan"] == 90.0


def test_an_organizers_import_moves_the_version_so_an_open_screen_cannot_overwrite_it(desk):
    _save(desk, 50, version=0)
    columns = ",".join(c.code for c in desk.criteria)
    values = ",".join("88" for _c in desk.criteria)
    csv = f"juri,proposal,{columns},catatan\n{desk.cast.juror.email},{desk.proposal_a.pk},{values},Luring\n"
    assert scoring.import_scores_csv(stage=desk.stage, upload=csv.encode(), actor=desk.cast.organizer) == 1
    card = Scorecard.objects.get()
    assert (card.version, card.state, card.values["kebaruan"]) == (2, ScorecardState.SUBMITTED, 88.0)
    with pytest.raises(scoring.StaleScorecard):
        _save(desk, 51, version=1)


def test_the_same_scores_file_imported_twice_changes_nothing_the_second_time(desk):
    columns = ",".join(c.code for c in desk.criteria)
    values = ",".join("77" for _c in desk.criteria)
    csv = f"juri,proposal,{columns},catatan\n{desk.cast.juror.email},{desk.proposal_a.pk},{values},Sama\n".encode()
    scoring.import_scores_csv(stage=desk.stage, upload=csv, actor=desk.cast.organizer)
    with pytest.raises(ValidationError) as second:
        scoring.import_scores_csv(stage=desk.stage, upload=csv, actor=desk.cast.organizer)
    assert second.value.code == "already_done"
    assert second.value.messages == ["Semua nilai dalam berkas ini sudah diimpor sebelumnya; tidak ada yang diubah."]
    assert Scorecard.objects.get().version == 1
    assert AuditEvent.objects.filter(action="stage.import_scores").count() == 1


def test_the_same_assignments_file_imported_twice_adds_no_row(desk):
    other = desk.proposal("Inovasi Kedua")
    csv = f"juri,proposal\n{desk.cast.juror.email},{other.pk}\n".encode()
    for _attempt in range(2):
        import_assignments_csv(stage=desk.stage, upload=csv, actor=desk.cast.organizer)
    assert desk.stage.assignments.filter(proposal=other).count() == 1


def _scored_stage(desk):
    for n, value in enumerate((80, 60)):
        proposal = desk.proposal_a if n == 0 else desk.proposal("Inovasi Lain")
        if n:
            assign(stage=desk.stage, juror=desk.me, proposal=proposal, actor=desk.cast.organizer)
        scoring.save_scorecard(
            stage=desk.stage,
            juror=desk.me,
            proposal=proposal,
            values=desk.full(value),
            submit=True,
            actor=desk.cast.juror,
        )


def test_closing_a_stage_twice_freezes_one_ranking_and_says_so(desk):
    _scored_stage(desk)
    closing.close_stage(stage=desk.stage, actor=desk.cast.organizer, confirm=True)
    with pytest.raises(ValidationError) as second:
        closing.close_stage(stage=desk.stage, actor=desk.cast.organizer, confirm=True)
    assert second.value.messages == ["Tahap ini sudah ditutup."]
    assert StageClosure.objects.count() == 1


def test_the_database_refuses_a_second_open_closure_of_a_stage(desk):
    _scored_stage(desk)
    closure = closing.close_stage(stage=desk.stage, actor=desk.cast.organizer, confirm=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        StageClosure.objects.create(stage=desk.stage, ranking={}, sha256="0" * 64, closed_at=timezone.now())
    closure.reopened_at = timezone.now()
    closure.save()
    StageClosure.objects.create(stage=desk.stage, ranking={}, sha256="1" * 64, closed_at=timezone.now())
    assert StageClosure.objects.count() == 2  # a reopened closure stays on record beside the new one


def test_saving_a_panel_twice_keeps_one_panel(desk):
    for _attempt in range(2):
        jury.save_panel(edition=desk.edition, name="Panel Utama", jurors=[desk.me], actor=desk.cast.organizer)
    assert Panel.objects.filter(edition=desk.edition, stage=None).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Panel.objects.create(edition=desk.edition, name="Panel Kembar")


def test_saved_decimal_scores_come_back_with_a_decimal_comma_in_text_inputs(client, desk):
    """Scores are typed in text inputs read the Indonesian way (`formats.numbers`): a saved 72.5
    shows as "72,5", which saves back as 72.5 (a `type="number"` input followed the browser's
    locale instead)."""
    scoring.save_scorecard(
        stage=desk.stage,
        juror=desk.me,
        proposal=desk.proposal_a,
        values={c.code: 72.5 for c in desk.criteria},
        actor=desk.cast.juror,
    )
    client.force_login(desk.cast.juror)
    page = client.get(reverse("jury:score", args=[desk.assignment.pk])).content.decode()
    assert 'name="kebaruan" value="72,5"' in page
    assert 'value="72.5"' not in page
