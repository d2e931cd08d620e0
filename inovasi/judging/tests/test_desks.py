"""Organizer desks that page (issue 15): the ranking desk, reliability, proposal list,
administrative-check queue, assignment list and objection list.

- Query count: the same for one and three items, under an absolute ceiling.
- The ranking desk's pages, put together, are the full ranking (same order, ranks and scores).
- Filters and sorts do what they say; summary figures stay complete whatever page is shown.
- Query strings that cannot mean anything give a page (200), never a 500.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.competitions.models import Objection
from inovasi.judging import services
from inovasi.judging.models import Assignment
from inovasi.judging.ranking import stage_ranking

pytestmark = pytest.mark.django_db

QUERY_CEILING = 40


def _score(world, juror, proposal, value):
    if not Assignment.objects.filter(stage=world.stage, juror=juror, proposal=proposal).exists():
        services.assign(stage=world.stage, juror=juror, proposal=proposal, actor=world.cast.organizer)
    return services.save_scorecard(
        stage=world.stage, juror=juror, proposal=proposal, values=world.full(value), submit=True, actor=juror.user
    )


def _urls(world):
    stage, edition = world.stage.pk, world.edition.pk
    proposals = reverse("organizer:edition_proposals", args=[edition])
    return {
        "ranking": reverse("organizer:judging_stage", args=[stage]),
        "reliability": reverse("organizer:judging_reliability", args=[stage]),
        "proposals": proposals,
        "admin_check": f"{proposals}?status=passed_admin",
        "assignments": reverse("organizer:judging_assignments", args=[stage]),
        "objections": reverse("organizer:edition_objections", args=[edition]),
    }


def _add(world, n, start=0):
    """`n` more proposals, each scored by two jurors and objected to once."""
    jurors = world.panel
    for i in range(start, start + n):
        proposal = world.proposal(f"Inovasi Nomor {i:03d}", submitted_minutes=i)
        for j, juror in enumerate(jurors):
            _score(world, juror, proposal, 40 + (i * 7 + j * 13) % 60)
        Objection.objects.create(
            stage=world.stage,
            proposal=proposal,
            reason="Data tidak sesuai.",
            contact_name="Warga",
            contact_email="w@x.id",
        )


@pytest.fixture
def desks(world, client):
    world.panel = [world.juror("p1@uji.test", name="Juri Pertama"), world.juror("p2@uji.test", name="Juri Kedua")]
    services.settings_for(world.stage)
    client.force_login(world.cast.organizer)
    return world


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_every_desk_costs_the_same_queries_for_one_and_three_items_under_a_ceiling(desks, client):
    _add(desks, 1)
    urls = _urls(desks)
    for url in urls.values():
        client.get(url)  # first visits create what a first visit creates
    one = {name: _count(client, url) for name, url in urls.items()}
    _add(desks, 2, start=1)
    three = {name: _count(client, url) for name, url in urls.items()}
    assert three == one
    assert {name: n for name, n in three.items() if n > QUERY_CEILING} == {}


def _ranking_rows(html):
    """(rank, id, score) of each row of the ranking table, as shown."""
    body = html.split('<caption id="h-ranking-table"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]:
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        rows.append((cells[0].strip(), cells[1].strip(), cells[3].strip()))
    return rows


def _shown(value):
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def test_the_pages_of_the_ranking_desk_together_are_the_full_ranking(desks, client):
    _add(desks, 60)
    url = _urls(desks)["ranking"]
    full = stage_ranking(desks.stage).rows
    assert len(full) == 60
    paged = []
    for page in (1, 2, 3):
        paged += _ranking_rows(client.get(f"{url}?per=25&hal={page}").content.decode())
    assert paged == [(str(r.rank or "—"), str(r.proposal_id), _shown(r.score)) for r in full]
    assert len({proposal_id for _rank, proposal_id, _score in paged}) == 60  # each exactly once


def test_filters_and_sorts_narrow_the_rows_but_not_the_summary(desks, client):
    _add(desks, 30)
    url = _urls(desks)["ranking"]
    ranking = stage_ranking(desks.stage)
    advancing = [r for r in ranking.rows if r.advances]
    page = client.get(f"{url}?lolos=1").content.decode()
    assert [int(i) for _r, i, _s in _ranking_rows(page)] == [r.proposal_id for r in advancing]
    assert "30 bernilai" in page  # the summary counts every proposal, not the page's
    by_title = client.get(f"{url}?urut=-judul&per=25").content.decode()
    titles = sorted((r.title for r in ranking.rows), reverse=True)[:25]
    assert [int(i) for _r, i, _s in _ranking_rows(by_title)] == [
        next(r.proposal_id for r in ranking.rows if r.title == t) for t in titles
    ]
    found = _ranking_rows(client.get(f"{url}?q=nomor+007").content.decode())
    assert [int(i) for _r, i, _s in found] == [r.proposal_id for r in ranking.rows if r.title == "Inovasi Nomor 007"]


def test_missing_scores_filter_lists_the_proposals_still_waiting(desks, client):
    _add(desks, 3)
    waiting = desks.proposal("Inovasi Menunggu")
    services.assign(stage=desks.stage, juror=desks.panel[0], proposal=waiting, actor=desks.cast.organizer)
    page = client.get(f"{_urls(desks)['ranking']}?kurang=1").content.decode()
    assert [int(i) for _r, i, _s in _ranking_rows(page)] == [waiting.pk]
    assignments = client.get(f"{_urls(desks)['assignments']}?kurang=1").content.decode()
    assert "Inovasi Menunggu" in assignments and "Inovasi Nomor 000" not in assignments


BAD_QUERIES = [
    "hal=abc",
    "hal=99999",
    "hal=-1",
    "hal=1e5",
    "hal=%00",
    "per=7",
    "per=abc",
    "per=100000000000000000000000",
    "urut=evil",
    "urut=-;DROP TABLE",
    "q=" + "x" * 5000,
    "q=%F0%9F%98%80%00",
    "lolos=maybe&seri=2&kurang=&dikecualikan=1",
    "status=evil&kelompok=nope",
    "juri=abc",
    "juri=99999999999999999999999",
    "hal_konflik=abc&hal_nilai=-5&hal_ganti=x&hal_pencilan=1.5&hal_kurang=9999",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_query_strings_that_mean_nothing_give_a_page_never_a_500(desks, client, query):
    _add(desks, 2)
    statuses = {
        name: client.get(f"{url}{'&' if '?' in url else '?'}{query}").status_code for name, url in _urls(desks).items()
    }
    assert statuses == dict.fromkeys(statuses, 200)


def test_a_page_past_the_end_shows_the_last_page(desks, client):
    _add(desks, 3)
    page = client.get(f"{_urls(desks)['ranking']}?per=25&hal=99999").content.decode()
    assert len(_ranking_rows(page)) == 3
    assert "Menampilkan 1–3 dari 3" in page
