"""The audit trail viewer (issue 13): system admins read everything and the chain status;
organizers read their own editions' trail; filters, a readable diff, pages of 50."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.audit.queries import diff
from inovasi.audit.services import record_event
from inovasi.competitions import editions

WIB = ZoneInfo("Asia/Jakarta")
URL = reverse("organizer:audit_trail")


@pytest.fixture
def trail(cast):
    """Two editions of two bodies, each with a stage whose top N was changed; one agency event."""
    with time_machine.travel(datetime(2025, 6, 2, 10, 0, tzinfo=WIB), tick=False):
        ours = editions.create_edition_from_preset(
            preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer
        )
        theirs = editions.create_edition_from_preset(preset="kipp", body=cast.other_body, year=2025, actor=None)
    with time_machine.travel(datetime(2025, 6, 3, 9, 0, tzinfo=WIB), tick=False):
        stage = ours.stages.get(label="Top 90")
        record_event(
            actor=cast.organizer, action="stage.update_rule", obj=stage, before={"top_n": 90}, after={"top_n": 80}
        )
        record_event(actor=None, action="stage.update_rule", obj=theirs.stages.get(label="Top 99"), after={"top_n": 9})
        record_event(actor=cast.admin_a, action="agency.update", obj=cast.agency_a, after={"name": "Dinas"})
    return ours, theirs


def page(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def actions(response):
    return [(e.action, e.object_type) for e, _changes in response.context["rows"]]


def test_a_system_admin_reads_the_whole_trail_and_the_chain_status(client, cast, trail):
    response = page(client, cast.system_admin)
    assert response.context["page"].paginator.count == AuditEvent.objects.count() == 7
    assert "Rantai hash utuh: 7 peristiwa diperiksa." in response.content.decode()
    second = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'stage.tampered' WHERE id = %s", [second.pk])
    html = page(client, cast.system_admin).content.decode()
    assert f"Rantai hash rusak pada peristiwa #{second.pk} (sesudah 1 peristiwa utuh)." in html


def test_an_organizer_reads_only_its_own_editions_trail_without_the_chain(client, cast, trail):
    response = page(client, cast.organizer)
    assert actions(response) == [
        ("stage.update_rule", "competitions.stage"),
        ("edition.create_from_preset", "competitions.edition"),
        ("competition.create", "competitions.competition"),  # the body's own competition
    ]
    assert response.context["chain"] is None
    assert [e.pk for e in response.context["editions"]] == [trail[0].pk]
    # Asking for another body's edition shows nothing more; its own edition narrows the trail.
    assert actions(page(client, cast.organizer, edisi=trail[1].pk)) == actions(response)
    assert actions(page(client, cast.organizer, edisi=trail[0].pk)) == actions(response)[:2]


@pytest.mark.parametrize("persona", ["anonymous", "operator_a", "admin_a", "juror", "verifier"])
def test_no_one_else_reads_the_trail(client, cast, trail, persona):
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))
    response = client.get(URL)
    assert response.status_code == (302 if persona == "anonymous" else 403)


def test_the_trail_filters_by_edition_type_actor_action_and_date(client, cast, trail):
    _ours, theirs = trail
    admin = cast.system_admin
    assert actions(page(client, admin, edisi=theirs.pk)) == [
        ("stage.update_rule", "competitions.stage"),
        ("edition.create_from_preset", "competitions.edition"),
    ]
    assert actions(page(client, admin, jenis="organisations.agency")) == [("agency.update", "organisations.agency")]
    assert actions(page(client, admin, pelaku="panitia@")) == [
        ("stage.update_rule", "competitions.stage"),
        ("edition.create_from_preset", "competitions.edition"),
        ("competition.create", "competitions.competition"),
    ]
    assert [e.action for e, _c in page(client, admin, tindakan="edition.").context["rows"]] == [
        "edition.create_from_preset",
        "edition.create_from_preset",
    ]
    assert len(page(client, admin, dari="2025-06-03").context["rows"]) == 3
    assert len(page(client, admin, sampai="2025-06-02").context["rows"]) == 4
    # Malformed filters are ignored, never a 500.
    assert len(page(client, admin, dari="kemarin", edisi="x", halaman="abc").context["rows"]) == 7


def test_before_and_after_are_shown_as_a_diff(client, cast, trail):
    html = page(client, cast.organizer, jenis="competitions.stage").content.decode()
    assert '<del class="text-danger">90</del>' in html
    assert '<ins class="text-success">80</ins>' in html
    assert [(c.field, c.before, c.after, c.kind) for c in diff({"a": 1, "b": [1]}, {"b": [1], "c": "x"})] == [
        ("a", "1", "", "removed"),
        ("b", "[1]", "[1]", "same"),
        ("c", "", "x", "added"),
    ]
    assert [(c.field, c.before, c.after) for c in diff(None, 5)] == [("nilai", "", "5")]


def test_the_trail_is_paginated_by_fifty(client, cast, trail):
    for n in range(50):
        record_event(actor=cast.admin_a, action="agency.update", obj=cast.agency_a, after={"n": n})
    first = page(client, cast.system_admin)
    assert (len(first.context["rows"]), first.context["page"].paginator.num_pages) == (50, 2)
    assert "halaman=2" in first.content.decode()
    second = page(client, cast.system_admin, halaman=2)
    assert len(second.context["rows"]) == 7


def _queries_for(client, user, **params):
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_viewer_costs_the_same_queries_for_one_event_as_for_three(client, cast, trail):
    """A list page: its query count does not grow with its rows, under an absolute ceiling.
    (The chain check of a system admin's view reads the whole trail by design; the organizer's
    view is measured here.)"""
    ours, _theirs = trail
    stage = ours.stages.get(label="Top 90")
    one = _queries_for(client, cast.organizer, tindakan="stage.update_rule")
    for top_n in (70, 60):
        record_event(actor=cast.organizer, action="stage.update_rule", obj=stage, after={"top_n": top_n})
    three = _queries_for(client, cast.organizer, tindakan="stage.update_rule")
    assert one == three
    assert three <= 25
