"""The stage's ranking is computed once per change (issue 15): every change to what it is computed
from — scores, settings, waivers, replacements, declared conflicts, the juror's profile, the
memberships of the juror's user, the named people of an innovation — bumps the version its cache is
keyed on, so a score that became conflicted never counts again from a stale cache.

Each test commits the way a request does: the bumps registered on commit run (`committed()`), then
the next read must hit the cache (proved by its query count) until the change, and must show the
change right after it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.innovations.models import InnovationPerson
from inovasi.judging import replacements, services, setup, versions
from inovasi.judging.models import Assignment, RankingVersion
from inovasi.judging.ranking import stage_ranking
from inovasi.judging.reliability import stage_report

pytestmark = pytest.mark.django_db

CACHED_READ_QUERIES = 2  # the closure check and the versions, nothing else


def committed():
    """What a commit does for the ranking cache: the version bumps registered on commit run.
    (Tests run inside one transaction that never commits.)"""
    for _sids, callback, _robust in list(connection.run_on_commit):
        if isinstance(callback, versions._Flush) and not callback.done:
            callback()


def _score(world, juror, proposal, value, submit=True):
    if not Assignment.objects.filter(stage=world.stage, juror=juror, proposal=proposal).exists():
        services.assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    return services.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=submit, actor=juror.user
    )


def read(world):
    with CaptureQueriesContext(connection) as ctx:
        ranking = stage_ranking(world.stage)
    return [(r.title, r.score) for r in ranking.rows], len(ctx.captured_queries)


@pytest.fixture
def scored(world):
    """Batu (Kota Batu): 100 from a juror with no home region yet, 70 and 70 from two others;
    Malang: 75 and 75. Committed and read once, so the ranking is cached."""
    cast = world.cast
    world.batu = world.proposal("Inovasi Batu", agency=cast.unit_a)
    world.malang = world.proposal("Inovasi Malang")
    world.tainted = world.juror("tanpa.asal@uji.test", name="Juri Tanpa Asal")
    world.others = [world.juror("j1@uji.test", name="Juri Satu"), world.juror("j2@uji.test", name="Juri Dua")]
    world.spare = world.juror("cadangan@uji.test", name="Juri Cadangan")
    _score(world, world.tainted, world.batu, 100)
    for juror in world.others:
        _score(world, juror, world.batu, 70)
        _score(world, juror, world.malang, 75)
    services.settings_for(world.stage)  # the first read would create the stage's settings (a change)
    committed()
    rows, _queries = read(world)
    assert rows == [("Inovasi Batu", 80.0), ("Inovasi Malang", 75.0)]
    rows, queries = read(world)  # from the cache now
    assert (rows, queries) == ([("Inovasi Batu", 80.0), ("Inovasi Malang", 75.0)], CACHED_READ_QUERIES)
    return world


def _after(world, change):
    change()
    committed()
    rows, _queries = read(world)
    return rows


BATU_WITHOUT_THE_100 = [("Inovasi Malang", 75.0), ("Inovasi Batu", 70.0)]


def test_a_score_save_is_counted_on_the_next_read(scored):
    draft = _score(scored, scored.spare, scored.malang, 90, submit=False)  # a draft counts for nothing
    committed()
    assert read(scored)[0] == [("Inovasi Batu", 80.0), ("Inovasi Malang", 75.0)]
    assert draft.version == 1
    # Submitting the draft writes through a bulk UPDATE (optimistic lock): no post_save signal.
    assert _after(scored, lambda: _score(scored, scored.spare, scored.malang, 90)) == [
        ("Inovasi Batu", 80.0),
        ("Inovasi Malang", 80.0),
    ]


def test_a_settings_change_is_applied_on_the_next_read(scored):
    change = lambda: setup.update_judging_settings(  # noqa: E731
        stage=scored.stage, actor=scored.cast.organizer, aggregation="median"
    )
    assert _after(scored, change) == BATU_WITHOUT_THE_100


def _from_kota_batu(world):
    world.tainted = services.save_juror(
        body=world.cast.body,
        user=world.tainted.user,
        name=world.tainted.name,
        home_government=world.cast.gov_a,
        actor=world.cast.organizer,
    )


def test_a_juror_profile_change_excludes_the_score_on_the_next_read(scored):
    assert _after(scored, lambda: _from_kota_batu(scored)) == BATU_WITHOUT_THE_100


def test_a_waiver_counts_the_score_again_on_the_next_read(scored):
    test_a_juror_profile_change_excludes_the_score_on_the_next_read(scored)
    change = lambda: services.waive_conflict(  # noqa: E731
        juror=scored.tainted,
        proposal=scored.batu,
        reason="Juri tidak terlibat dalam inovasi ini, sudah diverifikasi.",
        actor=scored.cast.organizer,
    )
    assert _after(scored, change) == [("Inovasi Batu", 80.0), ("Inovasi Malang", 75.0)]


def test_a_declared_conflict_shows_on_the_desk_on_the_next_read(scored, client):
    """A juror may declare only before submitting, so a declaration changes no counted score; it
    changes the desk's conflicts and missing scores, cached under the same version."""
    _score(scored, scored.spare, scored.malang, 90, submit=False)
    committed()
    client.force_login(scored.cast.organizer)
    url = reverse("organizer:judging_stage", args=[scored.stage.pk])
    assert "Pernah membimbing pengusul" not in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    services.declare_conflict(
        juror=scored.spare, proposal=scored.malang, reason="Pernah membimbing pengusul", actor=scored.spare.user
    )
    committed()
    with CaptureQueriesContext(connection) as changed:
        page = client.get(url).content.decode()
    assert "Pernah membimbing pengusul" in page
    assert len(changed.captured_queries) > len(warm.captured_queries)  # recomputed, not read from the cache


def test_a_membership_of_the_jurors_user_excludes_the_score_on_the_next_read(scored):
    change = lambda: Membership.objects.create(  # noqa: E731 - accounts knows nothing of judging
        user=scored.tainted.user, role=Role.PEMDA_ADMIN, government=scored.cast.gov_a
    )
    assert _after(scored, change) == BATU_WITHOUT_THE_100


def test_a_membership_ending_counts_the_score_again_on_the_next_read(scored):
    membership = Membership.objects.create(
        user=scored.tainted.user, role=Role.PEMDA_ADMIN, government=scored.cast.gov_a
    )
    committed()
    assert read(scored)[0] == BATU_WITHOUT_THE_100

    def end():
        membership.is_active = False
        membership.save()

    assert _after(scored, end) == [("Inovasi Batu", 80.0), ("Inovasi Malang", 75.0)]


def test_a_named_person_of_the_innovation_excludes_the_score_on_the_next_read(scored):
    change = lambda: InnovationPerson.objects.create(  # noqa: E731 - innovations knows nothing of judging
        innovation=scored.batu.innovation, name="Juri Tanpa Asal", role="Pendamping"
    )
    assert _after(scored, change) == BATU_WITHOUT_THE_100


def test_a_replacement_is_listed_on_the_next_read(scored):
    _after(scored, lambda: _from_kota_batu(scored))  # the 100 is excluded: Batu is one juror short
    (need,) = replacements.needs(scored.stage)
    replacements.accept_replacement(
        stage=scored.stage,
        proposal=scored.batu,
        juror=need["proposed"],
        replaces=scored.tainted,
        actor=scored.cast.organizer,
    )
    committed()
    ranking = stage_ranking(scored.stage)
    assert [r["juror"] for r in ranking.outcome.replacements] == [need["proposed"].name]


def test_the_changing_transaction_reads_its_own_change_before_it_commits(scored):
    """Until it commits, the transaction that changed an input reads around the cache."""
    _from_kota_batu(scored)
    rows, queries = read(scored)
    assert rows == BATU_WITHOUT_THE_100
    assert queries > CACHED_READ_QUERIES


def test_versions_are_stored_in_the_database_per_stage_and_globally(scored):
    scopes = dict(RankingVersion.objects.values_list("scope", "value"))
    assert set(scopes) >= {versions.GLOBAL, versions.stage_scope(scored.stage.pk)}
    before = scopes[versions.stage_scope(scored.stage.pk)]
    _score(scored, scored.spare, scored.malang, 90)
    committed()
    after = dict(RankingVersion.objects.values_list("scope", "value"))
    assert after[versions.stage_scope(scored.stage.pk)] != before
    assert after[versions.GLOBAL] == scopes[versions.GLOBAL]  # a score concerns its stage only


def test_the_reliability_report_is_cached_and_invalidated_the_same_way(scored):
    first = stage_report(scored.stage)
    with CaptureQueriesContext(connection) as ctx:
        again = stage_report(scored.stage)
    assert len(ctx.captured_queries) == 1  # the versions only
    assert again.disagreement == first.disagreement
    assert {p.title for p, _sd, _totals in first.disagreement} == {"Inovasi Batu", "Inovasi Malang"}
    _from_kota_batu(scored)
    committed()
    batu = next(d for d in stage_report(scored.stage).disagreement if d[0].title == "Inovasi Batu")
    assert batu[2] == [70.0, 70.0]  # the conflicted 100 is gone from the report too
