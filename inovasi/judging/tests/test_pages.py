import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.competitions.models import StageResult
from inovasi.innovations.models import InnovationPerson
from inovasi.judging import scoring
from inovasi.judging.assignment import assign
from inovasi.judging.blind import blind_code
from inovasi.judging.models import Assignment, Scorecard, ScorecardState, StageClosure
from inovasi.judging.stages import settings_for
from tests_support.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world):
    """One proposal assigned to the cast's juror, and an organizer of another body."""
    world.proposal_a = world.proposal("Inovasi Sehat")
    world.me = world.juror("x", name="Juri Utama", user=world.cast.juror)
    world.assignment = assign(stage=world.stage, juror=world.me, proposal=world.proposal_a, actor=world.cast.organizer)
    world.stranger_organizer = make_user(
        "panitia.lain@uji.test", Role.ORGANIZER, "organizer_body", world.cast.other_body
    )
    return world


def _organizer_urls(world):
    return [
        reverse("organizer:judging_stage", args=[world.stage.pk]),
        reverse("organizer:judging_export", args=[world.stage.pk, "csv"]),
        reverse("organizer:judging_export", args=[world.stage.pk, "xlsx"]),
        reverse("organizer:judging_jury", args=[world.edition.pk]),
        f"/api/v1/judging/stages/{world.stage.pk}/ranking",
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("organizer", 200),
        ("system_admin", 200),
        ("stranger_organizer", 403),
        ("juror", 403),
        ("admin_a", 403),
        ("operator_b", 403),
        ("no_role", 403),
    ],
)
def test_only_the_edition_organizer_reaches_the_judging_desk_exports_and_api(client, desk, persona, expected):
    user = desk.stranger_organizer if persona == "stranger_organizer" else getattr(desk.cast, persona)
    client.force_login(user)
    statuses = [client.get(url).status_code for url in _organizer_urls(desk)]
    assert statuses == [expected] * 5


def _api_prefix():
    return "/api/v1"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("juror", 200), ("other_juror", 403), ("organizer", 403), ("operator_b", 403), ("no_role", 403)],
)
def test_only_the_assigned_juror_opens_the_scoring_screen(client, desk, persona, expected):
    user = desk.juror("lain@uji.test").user if persona == "other_juror" else getattr(desk.cast, persona)
    client.force_login(user)
    page = client.get(reverse("jury:score", args=[desk.assignment.pk]))
    api = client.get(f"{_api_prefix()}/judging/assignments/{desk.assignment.pk}")
    assert (page.status_code, api.status_code) == (expected, expected)


def test_a_conflicted_juror_is_refused_on_every_path(client, desk):
    InnovationPerson.objects.create(innovation=desk.proposal_a.innovation, name="Juri Utama")
    client.force_login(desk.cast.juror)
    url = reverse("jury:score", args=[desk.assignment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, desk.full(50) | {"action": "submit"}).status_code == 403
    assert client.get(f"{_api_prefix()}/judging/assignments/{desk.assignment.pk}").status_code == 403
    assert client.get(f"{_api_prefix()}/judging/my-assignments").json() == []
    assert client.get(reverse("organizer:judging_export", args=[desk.stage.pk, "csv"])).status_code == 403
    assert client.get(f"{_api_prefix()}/judging/stages/{desk.stage.pk}/ranking").status_code == 403
    dashboard = client.get(reverse("jury:dashboard")).content.decode()
    assert "Inovasi Sehat" not in dashboard
    assert "Belum ada proposal yang ditugaskan kepada Anda." in dashboard
    assert not Scorecard.objects.exists()


def test_a_conflicted_juror_cannot_read_private_evidence(desk):
    from inovasi.innovations.rules import is_reviewer_of_innovation

    class Evidence:
        innovation_id = desk.proposal_a.innovation_id

    assert is_reviewer_of_innovation(desk.cast.juror, Evidence()) is True
    InnovationPerson.objects.create(innovation=desk.proposal_a.innovation, name="Juri Utama")
    desk.cast.juror.__dict__.pop("_juror_records", None)
    assert is_reviewer_of_innovation(desk.cast.juror, Evidence()) is False


def test_the_juror_saves_a_draft_then_submits_on_the_scoring_screen(client, desk):
    client.force_login(desk.cast.juror)
    url = reverse("jury:score", args=[desk.assignment.pk])
    response = client.post(url, {"kebaruan": "150", "action": "submit"})
    content = response.content.decode()
    assert "Nilai Kebaruan harus antara 0 dan 100." in content
    assert "Nilai Efektivitas wajib diisi." in content
    assert not Scorecard.objects.exists()
    assert client.post(url, {"kebaruan": "70", "action": "draft"}).status_code == 302
    assert Scorecard.objects.get().state == ScorecardState.DRAFT
    response = client.post(url, desk.full(75) | {"comment": "Rapi", "action": "submit"})
    assert response.status_code == 302
    card = Scorecard.objects.get()
    assert (card.state, card.comment, card.values["keberlanjutan"]) == (ScorecardState.SUBMITTED, "Rapi", 75.0)
    dashboard = client.get(reverse("jury:dashboard")).content.decode()
    assert "Inovasi Sehat" in dashboard
    assert "Dikirim" in dashboard


def test_anonymised_stages_hide_the_title_from_jurors(client, desk):
    judging = settings_for(desk.stage)
    judging.anonymise = True
    judging.save()
    client.force_login(desk.cast.juror)
    dashboard = client.get(reverse("jury:dashboard")).content.decode()
    page = client.get(reverse("jury:score", args=[desk.assignment.pk])).content.decode()
    api = client.get(f"{_api_prefix()}/judging/my-assignments").json()
    code = blind_code(desk.stage.pk, desk.proposal_a.pk)
    assert "Inovasi Sehat" not in dashboard + page
    assert f"Proposal #{desk.proposal_a.pk}" not in dashboard + page
    assert code in page
    assert code in dashboard
    assert (api[0]["title"], api[0]["proposal"]) == (code, None)


def test_the_juror_declares_a_conflict_from_the_scoring_screen(client, desk):
    client.force_login(desk.cast.juror)
    response = client.post(
        reverse("jury:declare_conflict", args=[desk.assignment.pk]), {"reason": "Kerabat kepala dinas"}
    )
    assert response.status_code == 302
    assert not Assignment.objects.exists()


def test_the_organizer_runs_the_stage_end_to_end_through_the_interface(client, desk):
    """Assign, score, close with confirmation, download the minutes and publish the Top list."""
    cast = desk.cast
    for i in range(3):
        desk.proposal(f"Inovasi {i}")
    for i in range(2):
        desk.juror(f"juri{i}@uji.test")
    client.force_login(cast.organizer)
    Assignment.objects.all().delete()
    response = client.post(reverse("organizer:judging_assign_auto", args=[desk.stage.pk]), follow=True)
    assert "Penugasan disusun: 4 proposal, beban juri 4–4." in response.content.decode()
    assert Assignment.objects.count() == 12
    for a in Assignment.objects.select_related("juror", "proposal"):
        value = {"Inovasi Sehat": 90, "Inovasi 0": 80, "Inovasi 1": 70, "Inovasi 2": 60}[a.proposal.title]
        scoring.save_scorecard(
            stage=desk.stage, juror=a.juror, proposal=a.proposal, values=desk.full(value), submit=True, actor=cast.juror
        )
    response = client.post(reverse("organizer:judging_close", args=[desk.stage.pk]), follow=True)
    assert "Centang konfirmasi" in response.content.decode()
    check = client.get(reverse("organizer:judging_close_check", args=[desk.stage.pk])).content.decode()
    assert "Periksa sebelum menetapkan hasil" in check
    response = client.post(reverse("organizer:judging_close", args=[desk.stage.pk]), {"confirm": "1"}, follow=True)
    StageClosure.objects.get()
    minutes_url = reverse("organizer:judging_minutes", args=[desk.stage.pk])
    assert f'Hasil tahap ditetapkan dan dibekukan. <a href="{minutes_url}">' in response.content.decode()
    pdf = client.get(minutes_url)
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    client.post(reverse("organizer:judging_publish", args=[desk.stage.pk]))
    assert not StageResult.objects.exists()  # publishing needs the confirmation of its pre-check page
    check = client.get(reverse("organizer:judging_publish_check", args=[desk.stage.pk])).content.decode()
    assert "Inovasi 1" in check and "Inovasi 2" in check  # eliminated by publishing
    client.post(reverse("organizer:judging_publish", args=[desk.stage.pk]), {"confirm": "1"})
    assert list(StageResult.objects.values_list("proposal__title", "rank", "label")) == [
        ("Inovasi Sehat", 1, "Top 90"),
        ("Inovasi 0", 2, "Top 90"),
    ]
    export = client.get(reverse("organizer:judging_export", args=[desk.stage.pk, "csv"]))
    csv_text = export.getvalue().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith(
        "Peringkat,ID,Judul,Pemerintah daerah,Nilai akhir,Lolos,Rata-rata kebaruan"
    )


def test_settings_refuse_an_unknown_tie_break(client, desk):
    client.force_login(desk.cast.organizer)
    response = client.post(
        reverse("organizer:judging_stage", args=[desk.stage.pk]),
        {
            "jurors_per_proposal": 3,
            "aggregation": "zscore",
            "trim_fraction": "20",
            "tie_breaks": ["criterion:tidak-ada"],
        },
    )
    assert "Urutan 1: pilihan tidak dikenal; pilih dari daftar." in response.content.decode()
    assert settings_for(desk.stage).aggregation == "mean"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_cost_the_same_queries_for_one_and_three_items(client, desk):
    cast = desk.cast
    client.force_login(cast.organizer)
    stage_url = reverse("organizer:judging_stage", args=[desk.stage.pk])
    jury_url = reverse("organizer:judging_jury", args=[desk.edition.pk])
    settings_for(desk.stage)  # the first visit creates the stage's judging settings
    one = (_count(client, stage_url), _count(client, jury_url))
    client.force_login(cast.juror)
    one_juror = _count(client, reverse("jury:dashboard"))
    for i in range(2):
        proposal = desk.proposal(f"Tambahan {i}")
        assign(stage=desk.stage, juror=desk.me, proposal=proposal, actor=cast.organizer)
        desk.juror(f"tambahan{i}@uji.test")
    client.force_login(cast.organizer)
    three = (_count(client, stage_url), _count(client, jury_url))
    client.force_login(cast.juror)
    assert (three, _count(client, reverse("jury:dashboard"))) == (one, one_juror)


def test_the_organizer_adds_a_juror_with_home_pemda_and_expertise(client, world):
    from inovasi.innovations.models import GovernmentAffair
    from inovasi.judging.models import Juror

    health = GovernmentAffair.objects.get(code="1.02")
    user = make_user("baru@uji.test", Role.JUROR, "organizer_body", world.cast.body)
    client.force_login(world.cast.organizer)
    url = reverse("organizer:judging_jury", args=[world.edition.pk])
    response = client.post(url, {"email": "tidak.ada@uji.test", "name": "X"})
    assert "Belum ada akun dengan surel ini. Undang juri terlebih dahulu." in response.content.decode()
    response = client.post(
        url,
        {
            "email": "baru@uji.test",
            "name": "Dr. Rina",
            "affiliation": "Universitas Brawijaya",
            "home_government": world.cast.gov_a.pk,
            "expertise": [health.pk],
        },
    )
    assert response.status_code == 302
    juror = Juror.objects.get(user=user)
    assert (juror.name, juror.home_government, list(juror.expertise.all())) == ("Dr. Rina", world.cast.gov_a, [health])


@pytest.mark.parametrize("persona", ["stranger_organizer", "juror", "admin_b", "no_role"])
def test_every_organizer_action_refuses_other_personas_and_changes_nothing(client, desk, persona):
    from inovasi.audit.models import AuditEvent

    user = desk.stranger_organizer if persona == "stranger_organizer" else getattr(desk.cast, persona)
    client.force_login(user)
    stage = desk.stage.pk
    events = AuditEvent.objects.count()
    posts = [
        (reverse("organizer:judging_stage", args=[stage]), {"jurors_per_proposal": 1, "aggregation": "median"}),
        (reverse("organizer:judging_assign_auto", args=[stage]), {}),
        (reverse("organizer:judging_assign", args=[stage]), {"juror": desk.me.pk, "proposal": desk.proposal_a.pk}),
        (reverse("organizer:judging_unassign", args=[stage, desk.assignment.pk]), {}),
        (reverse("organizer:judging_import", args=[stage, "nilai"]), {}),
        (reverse("organizer:judging_waive", args=[stage]), {"juror": desk.me.pk, "proposal": desk.proposal_a.pk}),
        (reverse("organizer:judging_close", args=[stage]), {"confirm": "1"}),
        (reverse("organizer:judging_reopen", args=[stage]), {"reason": "Alasan yang cukup panjang"}),
        (reverse("organizer:judging_publish", args=[stage]), {}),
        (reverse("organizer:judging_slots", args=[stage]), {}),
    ]
    assert [client.post(url, data).status_code for url, data in posts] == [403] * len(posts)
    assert client.get(reverse("organizer:judging_minutes", args=[stage])).status_code == 403
    assert AuditEvent.objects.count() == events
    assert Assignment.objects.get() == desk.assignment
    assert settings_for(desk.stage).aggregation == "mean"


def test_the_my_assignments_api_costs_the_same_queries_for_one_and_three(client, desk):
    client.force_login(desk.cast.juror)
    url = "/api/v1/judging/my-assignments"
    counts = []
    for n in (1, 3):
        while Assignment.objects.filter(juror=desk.me).count() < n:
            proposal = desk.proposal(f"Tambahan {n}-{Assignment.objects.count()}")
            assign(stage=desk.stage, juror=desk.me, proposal=proposal, actor=desk.cast.organizer)
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).json()
        counts.append(len(ctx.captured_queries))
        assert len(body) == n
    assert counts[0] == counts[1]
