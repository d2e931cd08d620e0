"""Read scopes: a Pemda follows its own proposals, a body every proposal sent to its competitions
(not the Pemda's drafts), and a body's results:read token reads the ranking the organizer reads."""

import pytest

from inovasi.competitions import services as competition_services
from inovasi.competitions.tests.conftest import enter, make_innovation
from inovasi.integrations import tokens


def bearer(plain):
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def proposals(cast, kovablik):
    submitted = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    draft = competition_services.create_proposal(
        edition=kovablik,
        innovation=make_innovation(cast.agency_a, "Rumah Diapers"),
        group=kovablik.groups.get(code="umum"),
        actor=cast.operator_a,
    )
    other = enter(kovablik, make_innovation(cast.agency_b, "Milik Malang"), cast.operator_b, cast.admin_b)
    return submitted, draft, other


def test_a_pemda_reads_its_own_proposals_and_a_body_only_those_sent_to_it(client, cast, pemda_a, body, proposals):
    submitted, draft, other = proposals
    pemda = tokens.issue_token(owner=pemda_a, name="p", scopes=["proposals:read"], actor=cast.admin_a)[1]
    seen = {p["id"] for p in client.get("/api/v1/proposals", **bearer(pemda)).json()["items"]}
    assert seen == {submitted.pk, draft.pk}
    organizer = tokens.issue_token(owner=body, name="b", scopes=["proposals:read"], actor=cast.organizer)[1]
    data = client.get("/api/v1/proposals", {"state": "submitted"}, **bearer(organizer)).json()
    assert {p["id"] for p in data["items"]} == {submitted.pk, other.pk}
    assert draft.pk not in {p["id"] for p in client.get("/api/v1/proposals", **bearer(organizer)).json()["items"]}
    assert client.get("/api/v1/proposals", {"page": "x"}, **bearer(organizer)).status_code == 422


def test_a_body_results_token_reads_the_ranking_and_a_pemda_cannot_hold_one(client, cast, body, pemda_a, kovablik):
    stage = kovablik.stages.filter(kind="desk_evaluation").first()
    organizer = tokens.issue_token(owner=body, name="b", scopes=["results:read"], actor=cast.organizer)[1]
    response = client.get(f"/api/v1/judging/stages/{stage.pk}/ranking", **bearer(organizer))
    assert response.status_code == 200 and response.json()["stage"] == stage.pk
    proposals_only = tokens.issue_token(owner=body, name="c", scopes=["proposals:read"], actor=cast.organizer)[1]
    assert client.get(f"/api/v1/judging/stages/{stage.pk}/ranking", **bearer(proposals_only)).status_code == 403
    with pytest.raises(Exception, match="tidak dapat diberikan"):
        tokens.issue_token(owner=pemda_a, name="x", scopes=["results:read"], actor=cast.admin_a)
