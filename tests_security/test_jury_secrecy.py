"""Jury secrecy: other jurors' scores, unpublished rankings and anonymised identities never leak.

The world (tests_security.world, region A's objects) gets a scored desk evaluation with anonymity
on: the cast's juror (J1) and a second juror (J2) score Kota Batu's proposal P1; J2 alone scores
Kota Malang's P2, which J1 is not assigned to. J2's comments, name and every score are MARKERS
that only the edition's organizers (and system admins) may ever read. The stage is closed (its
ranking frozen) but not published.

Checked: every named URL of `config.urls` (generated, like the permission matrix) as every
non-organizer persona; the judging API; the organizer exports; the e-mails sent when the list is
published; the 403/404 pages and form errors a juror can provoke while anonymity is on.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from inovasi.accounts.enums import Role
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Proposal
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.judging import closing
from inovasi.judging.blind import blind_code
from inovasi.judging.models import Assignment, Juror, Scorecard, ScorecardState
from inovasi.judging.stages import settings_for
from tests_security.test_permission_matrix import named_patterns
from tests_security.world import FROZEN_AT, World
from tests_support.personas import make_user

J2_NAME = "Juri Kedua Rahasia"
J2_COMMENT = "CATATAN-RAHASIA-JURI-KEDUA"
# J1 44.44 and J2 88.88 on P1 → P1 66.66; J2 22.22 on P2. Only organizers may see any of these.
# (No province has the code 22, 66 or 88, so no region code can look like one of these scores.)
MARKERS = (J2_NAME, "juri.kedua@uji.test", J2_COMMENT, "88,88", "88.88", "66,66", "66.66", "22,22", "22.22")
# Who must never read a marker anywhere (organizer and system_admin may). Operator A and Admin B
# see what Admin A and Operator B see.
OUTSIDERS = ("anonymous", "admin_a", "operator_b", "juror", "verifier")


def leaks(text: str, markers=MARKERS) -> list[str]:
    return [m for m in markers if m in text]


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


class ScoredWorld(World):
    """Region A's objects plus a scored, anonymised desk evaluation (see the module docstring)."""

    def __init__(self, cast):
        super().__init__(cast)
        stage = self.stage
        stage.opens_at, stage.closes_at, stage.top_n = FROZEN_AT - timedelta(days=1), FROZEN_AT + timedelta(days=5), 1
        stage.save()
        judging = settings_for(stage)
        judging.anonymise = True
        judging.save()
        Proposal.objects.filter(pk=self.proposal.pk).update(
            state=ProposalState.PASSED_ADMIN, submitted_at=FROZEN_AT - timedelta(days=3)
        )
        self.proposal.refresh_from_db()
        self.p2 = Proposal.objects.create(
            edition=self.edition,
            innovation=make_innovation(cast.agency_b, "Inovasi Sehat Polowijen"),
            government=cast.gov_b,
            agency=cast.agency_b,
            group=self.proposal.group,
            title="Inovasi Sehat Polowijen",
            state=ProposalState.PASSED_ADMIN,
            submitted_at=FROZEN_AT - timedelta(days=2),
        )
        j2_user = make_user("juri.kedua@uji.test", Role.JUROR, "organizer_body", cast.body, full_name=J2_NAME)
        self.j2 = Juror.objects.create(user=j2_user, body=cast.body, name=J2_NAME)
        self.j2_on_p1 = Assignment.objects.create(stage=stage, juror=self.j2, proposal=self.proposal)
        self.j2_on_p2 = Assignment.objects.create(stage=stage, juror=self.j2, proposal=self.p2)
        criteria = list(stage.criteria.all())

        def card(juror, proposal, value, comment=""):
            Scorecard.objects.create(
                stage=stage,
                juror=juror,
                proposal=proposal,
                values={c.code: float(Decimal(value)) for c in criteria},
                comment=comment,
                state=ScorecardState.SUBMITTED,
                submitted_at=FROZEN_AT,
            )

        card(self.juror_profile, self.proposal, "44.44", "Catatan juri pertama")
        card(self.j2, self.proposal, "88.88", J2_COMMENT)
        card(self.j2, self.p2, "22.22", J2_COMMENT + "-P2")

    def close(self):
        return closing.close_stage(stage=self.stage, actor=self.cast.organizer, confirm=True)


@pytest.fixture
def scored(cast, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(FROZEN_AT, tick=False)
    return ScoredWorld(cast)


@pytest.fixture
def closed(scored):
    scored.close()
    return scored


def login(client, cast, persona):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))


# --- The markers mean something: organizers do see them --------------------------------------------


@pytest.mark.django_db
def test_the_organizers_export_holds_every_marker_so_their_absence_elsewhere_means_something(client, closed):
    client.force_login(closed.cast.organizer)
    export = body_of(client.get(reverse("organizer:judging_export", args=[closed.stage.pk, "csv"])))
    assert [m for m in (J2_NAME, "88.88", "66.66", "22.22") if m not in export] == []
    desk = body_of(client.get(reverse("organizer:judging_stage", args=[closed.stage.pk])))
    assert "66,66" in desk


# --- Every page, generated from the URL configuration -------------------------------------------------


@pytest.mark.django_db
def test_no_page_or_endpoint_shows_scores_rankings_or_another_jurors_notes_to_outsiders(client, closed):
    """Every named URL (GET) × every non-organizer persona: no marker in any response body."""
    found, unresolved = {}, []
    for name, keys in named_patterns():
        try:
            url = reverse(name, kwargs=closed.kwargs_for(name, keys))
        except (KeyError, NoReverseMatch):
            unresolved.append(name)  # a URL the shared world cannot build yet (see world.py)
            continue
        for persona in OUTSIDERS:
            login(client, closed.cast, persona)
            response = client.get(url)
            hit = leaks(body_of(response))
            if hit:
                found[f"{name} as {persona}"] = hit
    assert found == {}
    assert len(unresolved) < len(named_patterns()) / 4, unresolved  # the walk really walked


@pytest.mark.django_db
def test_jury_pages_and_the_judging_api_keep_an_anonymised_proposal_anonymous(client, closed):
    """While anonymity is on, J1 never reads P1's title, agency or Pemda on a juror surface."""
    identity = ("Among Tani Crop", "Dinas Pertanian Kota Batu", "Kota Batu", "Inovasi Sehat Polowijen", "Kota Malang")
    login(client, closed.cast, "juror")
    found = {}
    for name, keys in named_patterns():
        if not (name.startswith("jury:") or (name.startswith("api:") and "assignment" in name)):
            continue
        try:
            url = reverse(name, kwargs=closed.kwargs_for(name, keys))
        except (KeyError, NoReverseMatch):
            continue
        hit = leaks(body_of(client.get(url)), identity)
        if hit:
            found[name] = hit
    assert found == {}
    page = body_of(client.get(reverse("jury:score", args=[closed.assignment.pk])))
    assert blind_code(closed.stage.pk, closed.proposal.pk) in page  # the opaque per-stage code is what J1 sees
    assert f"Proposal #{closed.proposal.pk}" not in page


# --- Another juror's assignment ------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_jurors_assignment_is_refused_without_naming_the_proposal(client, scored):
    login(client, scored.cast, "juror")
    identity = ("Inovasi Sehat Polowijen", "Kota Malang", "Dinas Kesehatan Kota Malang", *MARKERS)
    responses = {
        "page": client.get(reverse("jury:score", args=[scored.j2_on_p2.pk])),
        "post": client.post(reverse("jury:score", args=[scored.j2_on_p2.pk]), {"kebaruan": "1", "version": "0"}),
        "conflict": client.post(reverse("jury:declare_conflict", args=[scored.j2_on_p2.pk]), {"reason": "Kerabat"}),
        "api": client.get(f"/api/v1/judging/assignments/{scored.j2_on_p2.pk}"),
        "missing": client.get(reverse("jury:score", args=[scored.j2_on_p2.pk + 1000])),
    }
    assert {k: r.status_code for k, r in responses.items()} == {
        "page": 403,
        "post": 403,
        "conflict": 403,
        "api": 403,
        "missing": 404,
    }
    assert {k: leaks(body_of(r), identity) for k, r in responses.items()} == {k: [] for k in responses}
    assert Scorecard.objects.filter(proposal=scored.p2).count() == 1  # nothing written by J1
    assert Assignment.objects.filter(pk=scored.j2_on_p2.pk).exists()


@pytest.mark.django_db
def test_my_own_score_page_shows_my_scores_only(client, scored):
    login(client, scored.cast, "juror")
    page = body_of(client.get(reverse("jury:score", args=[scored.assignment.pk])))
    assert 'value="44,44"' in page and "Catatan juri pertama" in page
    assert leaks(page) == []
    api = client.get("/api/v1/judging/my-assignments").json()
    assert [(a["id"], a["title"], a["proposal"]) for a in api] == [
        (scored.assignment.pk, blind_code(scored.stage.pk, scored.proposal.pk), None)
    ]


# --- Exports are for organizers ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_of",
    [
        lambda w: reverse("organizer:judging_export", args=[w.stage.pk, "csv"]),
        lambda w: reverse("organizer:judging_export", args=[w.stage.pk, "xlsx"]),
        lambda w: reverse("organizer:judging_minutes", args=[w.stage.pk]),
        lambda w: reverse("organizer:judging_reliability", args=[w.stage.pk]),
        lambda w: reverse("organizer:judging_stage", args=[w.stage.pk]),
        lambda w: reverse("organizer:edition_export", args=[w.edition.pk, "csv"]),
        lambda w: f"/api/v1/judging/stages/{w.stage.pk}/ranking",
    ],
    ids=["ranking-csv", "ranking-xlsx", "minutes-pdf", "reliability", "desk", "edition-export", "ranking-api"],
)
def test_a_juror_cannot_fetch_an_organizer_export(client, closed, url_of):
    login(client, closed.cast, "juror")
    response = client.get(url_of(closed))
    assert response.status_code == 403
    assert leaks(body_of(response)) == []


# --- Unpublished rankings on the public side -------------------------------------------------------------


def _public_results(client, world) -> tuple[str, dict | None]:
    """The public edition page, and the public results API when it exists."""
    page = body_of(client.get(reverse("public:edition_detail", args=[world.edition.pk])))
    try:
        api = client.get(reverse("api:edition_results", args=[world.edition.pk])).json()
    except NoReverseMatch:
        api = None
    return page, api


@pytest.mark.django_db
def test_a_closed_but_unpublished_ranking_stays_off_the_public_edition_page_and_api(client, closed):
    closed.edition.is_published = True
    closed.edition.save()
    page, api = _public_results(client, closed)
    assert leaks(page, (*MARKERS, "Among Tani Crop", "Inovasi Sehat Polowijen")) == []
    if api is not None:
        assert api["stages"] == []  # (the shared world's award is not this stage's list)
        assert leaks(json.dumps(api), (*MARKERS, "Inovasi Sehat Polowijen")) == []
    closing.publish(stage=closed.stage, actor=closed.cast.organizer)
    page, api = _public_results(client, closed)
    assert "Among Tani Crop" in page  # the list itself is public now…
    assert "Inovasi Sehat Polowijen" not in page  # …only those who advanced…
    assert leaks(page) == []  # …and never a score
    if api is not None:
        assert [[e["title"] for e in s["entries"]] for s in api["stages"]] == [["Among Tani Crop"]]
        assert leaks(json.dumps(api, ensure_ascii=False)) == []


# --- Notifications ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mails_sent_when_the_list_is_published_name_only_the_recipients_own_proposal(
    scored, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scored.close()
    assert mail.outbox == []  # closing (freezing the ranking) tells nobody anything
    with django_capture_on_commit_callbacks(execute=True):
        closing.publish(stage=scored.stage, actor=scored.cast.organizer)
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert leaks(text, (*MARKERS, "Juri Uji", "peringkat", "Peringkat")) == [], message.to
        to_a = any(addr in message.to for addr in ("admin.a@uji.test", "op.a@uji.test"))
        to_b = any(addr in message.to for addr in ("admin.b@uji.test", "op.b@uji.test"))
        assert not (to_a and to_b), "one mail to two Pemda"
        if to_a:
            assert "Inovasi Sehat Polowijen" not in text
        if to_b:
            assert "Among Tani Crop" not in text
    jurors = {"juri@uji.test", "juri.kedua@uji.test"}
    assert [m.to for m in mail.outbox if jurors & set(m.to)] == []


# --- Error messages while anonymity is on ---------------------------------------------------------------


@pytest.mark.django_db
def test_form_errors_and_refusals_on_the_scoring_screen_do_not_name_the_proposal(client, scored):
    identity = ("Among Tani Crop", "Dinas Pertanian Kota Batu", "Kota Batu", *MARKERS)
    login(client, scored.cast, "juror")
    Scorecard.objects.filter(juror=scored.juror_profile).delete()  # J1 has not scored yet
    url = reverse("jury:score", args=[scored.assignment.pk])
    invalid = client.post(url, {"kebaruan": "150", "action": "submit", "version": "0"})
    assert invalid.status_code == 200 and "harus antara 0 dan 100" in body_of(invalid)
    stale_setup = client.post(url, {"kebaruan": "50", "action": "draft", "version": "0"})
    assert stale_setup.status_code == 302
    stale = client.post(url, {"kebaruan": "60", "action": "draft", "version": "0"})
    assert stale.status_code == 409
    short_reason = client.post(
        reverse("jury:declare_conflict", args=[scored.assignment.pk]), {"reason": "x"}, follow=True
    )
    assert "minimal 5 karakter" in body_of(short_reason)
    for response in (invalid, stale, short_reason):
        assert leaks(body_of(response), identity) == []


@pytest.mark.django_db
def test_the_refusal_pages_are_generic(client, scored):
    """403 and 404 pages never echo the object they refused."""
    login(client, scored.cast, "operator_b")
    refused = client.get(reverse("workspace:proposal_detail", args=[scored.proposal.pk]))
    login(client, scored.cast, "juror")
    missing = client.get(reverse("jury:score", args=[999_999]))
    assert (refused.status_code, missing.status_code) == (403, 404)
    for response in (refused, missing):
        assert leaks(body_of(response), ("Among Tani Crop", "Kota Batu", *MARKERS)) == []
