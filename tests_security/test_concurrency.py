"""Real parallel clients: threads, each with its own database connection, racing on one row.

Optimistic locking (a `version` carried by the form, a conditional UPDATE … WHERE version = the
submitted one) and double-submit idempotency are checked where they matter: N clients save the same
scorecard / proposal / index claim from the same version, submit the same proposal, close the same
stage, import the same file. Exactly one wins; every other one gets the clear refusal; nothing is
lost, nothing is duplicated, no 500.

These tests need committed data visible to other connections, so they use a transactional database
(`transaction=True`), which pytest-django runs after the ordinary tests and flushes afterwards. The
flush also empties the reference data loaded once per session (regions, Pemda, urusan); the
`shared_world` fixture reloads it when missing. On PostgreSQL the threads really interleave (row
locks, READ COMMITTED); on SQLite each client still has its own connection and the clients start
together, but their transactions run one after another (see `run_parallel`), as SQLite's single
writer lock makes them do in production; the same assertions must hold on both.

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/inovasi .venv/bin/python -m pytest
tests_security/test_concurrency.py
"""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from inovasi.accounts.enums import Role
from inovasi.audit.models import AuditEvent
from inovasi.competitions import services as competition_services
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import Proposal
from inovasi.competitions.tests.conftest import complete, make_innovation
from inovasi.innovation_index import services as index_services
from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexIndicator
from inovasi.innovation_index.presets import load_preset
from inovasi.judging import closing, jury, scoring
from inovasi.judging.assignment import assign
from inovasi.judging.models import Scorecard, ScorecardState, StageClosure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def run_parallel(count: int, work) -> list[tuple[str, object]]:
    """Start `count` threads that call `work(i)` at the same moment; each has its own connection.

    Returns ("ok", result) or ("error", exception) per thread, in thread order.

    On SQLite the clients' transactions run one at a time, in whatever order the threads reach
    them: SQLite serialises writers anyway (IMMEDIATE transactions take the write lock at BEGIN and
    a file database waits for it through busy_timeout), but the in-memory test database shares one
    cache between connections and reports a held lock at once ("database table is locked") instead
    of waiting. The lock below does the waiting. PostgreSQL runs the clients truly in parallel.
    """
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count
    one_at_a_time = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def target(i):
        try:
            barrier.wait(timeout=30)
            with one_at_a_time:
                outcomes[i] = ("ok", work(i))
        except Exception as exc:  # every outcome is asserted by the test
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(not t.is_alive() for t in threads), "a client hung: lock wait without end"
    return outcomes


def _errors(outcomes):
    return [value for kind, value in outcomes if kind == "error"]


def _codes(outcomes):
    return sorted(getattr(e, "code", type(e).__name__) for e in _errors(outcomes))


@pytest.fixture
def shared_world(settings, tmp_path):
    """Reference data (reloaded after an earlier transactional test's flush), media in a tmp dir."""
    from inovasi.innovations.models import GovernmentAffair, SustainableDevelopmentGoal
    from inovasi.innovations.reference_data import load_reference_lists
    from inovasi.organisations.models import Government
    from inovasi.organisations.services import sync_governments
    from inovasi.regions.services import load_regions

    if not Government.objects.filter(region__code="35.79").exists():
        load_regions()
        sync_governments()
    if not GovernmentAffair.objects.exists():
        load_reference_lists(GovernmentAffair, SustainableDevelopmentGoal)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def edition(shared_world, cast):
    """KOVABLIK 2025 whose registration and desk evaluation are open now (real clock: threads
    must agree on the time without a per-thread freeze)."""
    now = timezone.now()
    edition = create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)
    edition.registration_opens_at, edition.registration_closes_at = now - timedelta(days=10), now + timedelta(days=30)
    edition.is_published = True
    edition.save()
    return edition


@pytest.fixture
def desk(edition, cast):
    stage = edition.stages.filter(kind=StageKind.DESK_EVALUATION).order_by("order").first()
    stage.opens_at, stage.closes_at = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    stage.top_n = 1
    stage.save()
    innovation = make_innovation(cast.agency_b, "Inovasi Sehat")
    proposal = Proposal.objects.create(
        edition=edition,
        innovation=innovation,
        government=cast.agency_b.government,
        agency=cast.agency_b,
        group=edition.groups.get(code="umum"),
        title="Inovasi Sehat",
        state=ProposalState.PASSED_ADMIN,
        submitted_at=timezone.now() - timedelta(days=5),
    )
    juror = jury.save_juror(body=cast.body, user=cast.juror, name="Juri Utama", actor=cast.organizer)
    assign(stage=stage, juror=juror, proposal=proposal, actor=cast.organizer)
    criteria = list(stage.criteria.all())
    return {"stage": stage, "proposal": proposal, "juror": juror, "criteria": criteria}


def _values(desk, value):
    return {c.code: c.scale_min + (c.scale_max - c.scale_min) * value / 100 for c in desk["criteria"]}


def _score(desk, value, version, submit=False, actor=None):
    return scoring.save_scorecard(
        stage=desk["stage"],
        juror=desk["juror"],
        proposal=desk["proposal"],
        values=_values(desk, value),
        submit=submit,
        version=version,
        actor=actor or desk["juror"].user,
    )


# --- Scorecards ----------------------------------------------------------------------------------


def test_ten_clients_saving_a_new_scorecard_from_the_same_version_one_wins_nine_are_refused(desk):
    outcomes = run_parallel(10, lambda i: _score(desk, 10 + i, version=0))
    winners = [value for kind, value in outcomes if kind == "ok"]
    assert len(winners) == 1
    assert _codes(outcomes) == ["stale"] * 9
    card = Scorecard.objects.get()
    assert card.version == 1
    assert card.values == winners[0].values  # the winner's values, not a later overwrite
    assert AuditEvent.objects.filter(action="scorecard.save_draft").count() == 1
    assert AuditEvent.objects.filter(action="scorecard.stale_refused").count() == 9


def test_ten_clients_editing_an_existing_scorecard_lose_no_update(desk):
    _score(desk, 50, version=0)
    outcomes = run_parallel(10, lambda i: _score(desk, 60 + i, version=1))
    winners = [value for kind, value in outcomes if kind == "ok"]
    assert len(winners) == 1
    assert _codes(outcomes) == ["stale"] * 9
    card = Scorecard.objects.get()
    assert (card.version, card.values) == (2, winners[0].values)
    refused = [e for e in _errors(outcomes)]
    assert all(e.current_version == 2 and e.changes for e in refused)


def test_kirim_nilai_sent_by_ten_clients_at_once_submits_once(desk):
    outcomes = run_parallel(10, lambda i: _score(desk, 70, version=0, submit=True))
    assert _errors(outcomes) == []
    card = Scorecard.objects.get()
    assert (card.state, card.version) == (ScorecardState.SUBMITTED, 1)
    assert AuditEvent.objects.filter(action="scorecard.submit").count() == 1


def test_the_same_scores_file_imported_by_five_clients_at_once_is_imported_once(desk, cast):
    columns = ",".join(c.code for c in desk["criteria"])
    values = ",".join("66" for _c in desk["criteria"])
    csv = f"juri,proposal,{columns},catatan\n{cast.juror.email},{desk['proposal'].pk},{values},Luring\n".encode()
    outcomes = run_parallel(
        5, lambda i: scoring.import_scores_csv(stage=desk["stage"], upload=csv, actor=cast.organizer)
    )
    assert [value for kind, value in outcomes if kind == "ok"] == [1]
    assert _codes(outcomes) == ["already_done"] * 4
    assert Scorecard.objects.get().values[desk["criteria"][0].code] == 66.0
    assert AuditEvent.objects.filter(action="stage.import_scores").count() == 1


def test_five_organizers_closing_the_same_stage_freeze_one_ranking(desk, cast):
    _score(desk, 80, version=0, submit=True)
    outcomes = run_parallel(5, lambda i: closing.close_stage(stage=desk["stage"], actor=cast.organizer, confirm=True))
    assert len([1 for kind, _value in outcomes if kind == "ok"]) == 1
    assert sorted(e.messages[0] for e in _errors(outcomes)) == ["Tahap ini sudah ditutup."] * 4
    assert StageClosure.objects.count() == 1
    assert AuditEvent.objects.filter(action="stage.close").count() == 1


def test_scores_saved_while_the_stage_closes_land_before_the_closure_or_are_refused(desk, cast):
    # Savers share the stage lock, the closer takes it exclusively: no save slips in after the
    # ranking was frozen. The first juror has submitted (so the stage can close); a second juror
    # assigned to the same proposal keeps saving drafts while the organizer closes.
    from conftest import make_user

    _score(desk, 40, version=0, submit=True)
    second = jury.save_juror(
        body=cast.body,
        user=make_user("juri2@uji.test", Role.JUROR, "organizer_body", cast.body),
        name="Juri Kedua",
        actor=cast.organizer,
    )
    assign(stage=desk["stage"], juror=second, proposal=desk["proposal"], actor=cast.organizer)

    def work(i):
        if i == 0:
            return closing.close_stage(stage=desk["stage"], actor=cast.organizer, confirm=True)
        return scoring.save_scorecard(
            stage=desk["stage"],
            juror=second,
            proposal=desk["proposal"],
            values=_values(desk, 40 + i),
            actor=second.user,
        )

    outcomes = run_parallel(6, work)
    assert outcomes[0][0] == "ok", outcomes[0]
    closure = StageClosure.objects.get()
    card = Scorecard.objects.filter(juror=second).first()
    assert card is None or card.updated_at <= closure.closed_at
    refused = {message for e in _errors(outcomes) for message in e.messages}
    assert refused <= {"Tahap ini sudah ditutup; buka kembali dengan alasan untuk mengubahnya."}


# --- Proposals -----------------------------------------------------------------------------------


@pytest.fixture
def awaiting(edition, cast):
    proposal = competition_services.create_proposal(
        edition=edition,
        innovation=make_innovation(cast.agency_a, "Among Tani Crop"),
        group=edition.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    complete(proposal, cast.operator_a)
    competition_services.send_to_admin(proposal=proposal, actor=cast.operator_a)
    return Proposal.objects.get(pk=proposal.pk)


def test_twenty_clients_submitting_the_same_proposal_make_one_submission(awaiting, cast):
    mail.outbox.clear()
    outcomes = run_parallel(
        20,
        lambda i: competition_services.approve_and_submit(
            proposal=awaiting, version=awaiting.version, actor=cast.admin_a
        ),
    )
    assert len([1 for kind, _value in outcomes if kind == "ok"]) == 1
    assert _codes(outcomes) == ["already_done"] * 19
    assert {e.messages[0].split(" pada ")[0] for e in _errors(outcomes)} == {"Proposal ini sudah diajukan ke panitia"}
    proposal = Proposal.objects.get(pk=awaiting.pk)
    assert (proposal.state, proposal.version) == (ProposalState.SUBMITTED, awaiting.version + 1)
    assert AuditEvent.objects.filter(action="proposal.submit").count() == 1
    received = [m.to[0] for m in mail.outbox if "Diterima panitia" in m.subject]  # one mail per recipient
    assert sorted(received) == ["admin.a@uji.test", "op.a@uji.test", "panitia@uji.test"]


def test_ten_clients_editing_the_same_proposal_from_the_same_version_one_wins(awaiting, cast):
    summary = awaiting.answers.get(section__code="ringkasan").section
    version = awaiting.version
    outcomes = run_parallel(
        10,
        lambda i: competition_services.update_proposal(
            proposal=awaiting, answers={summary.pk: f"Ringkasan versi klien {i}."}, version=version, actor=cast.admin_a
        ),
    )
    assert len([1 for kind, _value in outcomes if kind == "ok"]) == 1
    assert _codes(outcomes) == ["stale"] * 9
    saved = awaiting.answers.get(section=summary).text
    winner = next(i for i, (kind, _v) in enumerate(outcomes) if kind == "ok")
    assert saved == f"Ringkasan versi klien {winner}."
    assert Proposal.objects.get(pk=awaiting.pk).version == version + 1
    assert AuditEvent.objects.filter(action="proposal.stale_refused").count() == 9


def test_ten_clients_entering_the_same_innovation_create_one_proposal(edition, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    group = edition.groups.get(code="umum")
    outcomes = run_parallel(
        10,
        lambda i: competition_services.create_proposal(
            edition=edition, innovation=innovation, group=group, actor=cast.operator_a
        ),
    )
    assert len([1 for kind, _value in outcomes if kind == "ok"]) == 1
    assert _codes(outcomes) == ["already_done"] * 9
    assert Proposal.objects.filter(innovation=innovation).count() == 1
    assert AuditEvent.objects.filter(action="proposal.create").count() == 1


# --- Index claims --------------------------------------------------------------------------------


@pytest.fixture
def assessment(shared_world, cast):
    framework = load_preset("iid-2026", body=cast.body)
    now = timezone.now()
    framework.submission_opens_at, framework.submission_closes_at = now - timedelta(days=1), now + timedelta(days=30)
    framework.save()
    return index_services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)


def test_ten_admins_saving_the_same_claim_from_the_same_version_one_wins(assessment, cast):
    indicator = IndexIndicator.objects.get(framework=assessment.framework, number=1)
    options = list(indicator.options.order_by("value"))
    outcomes = run_parallel(
        10,
        lambda i: index_services.set_claim(
            assessment=assessment,
            indicator=indicator,
            option=options[i % len(options)],
            evidence_url=f"https://contoh.id/bukti-{i}",
            version=0,
            actor=cast.admin_a,
        ),
    )
    winners = [value for kind, value in outcomes if kind == "ok"]
    assert len(winners) == 1
    assert _codes(outcomes) == ["stale"] * 9
    claim = IndexClaim.objects.get(assessment=assessment, indicator=indicator)
    assert (claim.version, claim.evidence_url) == (1, winners[0].evidence_url)


def test_five_clients_starting_the_same_assessment_prefill_it_once(shared_world, cast):
    from inovasi.innovation_index.tests.conftest import make_innovation as make_indexed_innovation

    framework = load_preset("iid-2026", body=cast.body)
    now = timezone.now()
    framework.submission_opens_at, framework.submission_closes_at = now - timedelta(days=1), now + timedelta(days=30)
    framework.save()
    make_indexed_innovation(cast.agency_a, "Among Tani Crop")
    outcomes = run_parallel(
        5,
        lambda i: index_services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a),
    )
    assert _errors(outcomes) == []
    assessment = IndexAssessment.objects.get(framework=framework, government=cast.gov_a)
    claims = IndexClaim.objects.filter(assessment=assessment)
    assert claims.count() == claims.values("indicator", "innovation").distinct().count() > 0
    assert AuditEvent.objects.filter(action="index_assessment.start").count() == 1


def _submitting(assessment, cast):
    for indicator in IndexIndicator.objects.filter(framework=assessment.framework, number__lte=15, is_mandatory=True):
        index_services.set_claim(
            assessment=assessment,
            indicator=indicator,
            option=indicator.options.order_by("value")[0],
            actor=cast.admin_a,
        )


def test_ten_clients_submitting_the_same_assessment_submit_it_once(assessment, cast):
    _submitting(assessment, cast)
    outcomes = run_parallel(10, lambda i: index_services.submit_assessment(assessment=assessment, actor=cast.admin_a))
    assert len([1 for kind, _value in outcomes if kind == "ok"]) == 1
    assert _codes(outcomes) == ["already_done"] * 9
    assert AuditEvent.objects.filter(action="index_assessment.submit").count() == 1


# --- The innovation import (data_exchange) ---------------------------------------------------------


def _post_import(cast, content, i):
    from inovasi.data_exchange.services import start_import
    from inovasi.data_exchange.tests.conftest import upload

    return start_import(government=cast.gov_a, uploaded_file=upload(f"inovasi-{i}.csv", content), actor=cast.admin_a)


def test_the_same_import_posted_twice_creates_each_innovation_once(shared_world, cast):
    from inovasi.data_exchange.enums import ImportStatus
    from inovasi.data_exchange.tests.conftest import csv_bytes, valid_row
    from inovasi.innovations.models import Innovation

    content = csv_bytes([valid_row(1), valid_row(2)])
    first, second = _post_import(cast, content, 1), _post_import(cast, content, 2)
    assert (first.status, second.status) == (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    assert "sudah" in second.errors[0]["message"]  # a clear message per row: the name exists already
    assert Innovation.objects.filter(name__startswith="Inovasi Uji").count() == 2


def test_the_same_import_posted_by_two_clients_at_once_creates_each_innovation_once(shared_world, cast):
    from inovasi.data_exchange.tests.conftest import csv_bytes, valid_row
    from inovasi.innovations.models import Innovation

    content = csv_bytes([valid_row(n) for n in range(1, 41)])
    outcomes = run_parallel(2, lambda i: _post_import(cast, content, i))
    assert _errors(outcomes) == []
    assert Innovation.objects.filter(name__startswith="Inovasi Uji").count() == 40
