"""Query budgets of the workspace, organizer and jury desks: 1 item and 3 items, same queries.

Covers the desk list pages not budgeted next to their app (the inventory is in
test_query_budgets.py): workspace dashboard, member list, index years and the proposal start form;
organizer dashboard, body members, index frameworks, nominees and claim validation, edition
dashboard, proposal export, shortlist; judging ranking export and the ranking API.
"""

import datetime
import io
import json

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from inovasi.accounts import services as account_services
from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership
from inovasi.competitions import administrative_check
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.models import StageResult
from inovasi.competitions.tests.conftest import DURING_REGISTRATION, enter
from inovasi.competitions.tests.conftest import make_innovation as competition_innovation
from inovasi.innovation_index import services as index_services
from inovasi.innovation_index.enums import Predicate
from inovasi.innovation_index.models import IndexAssessment, IndexIndicator, RegionIndex
from inovasi.innovation_index.presets import load_preset
from inovasi.judging import scoring
from inovasi.judging.assignment import assign
from inovasi.judging.tests.conftest import NOW as JUDGING_NOW
from inovasi.judging.tests.conftest import World as JudgingWorld
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government, OrganizerBody
from tests_security.budget import constant_queries
from tests_support.personas import make_user

WIB = datetime.timezone(datetime.timedelta(hours=7))
INDEX_WINDOW = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def xlsx_rows(body: bytes) -> int:
    return sum(1 for _row in load_workbook(io.BytesIO(body)).active.iter_rows()) - 1


def csv_rows(body: str) -> int:
    return len(body.strip().splitlines()) - 1


def government(code):
    return Government.objects.get(region__code=code)


# --- Workspace -----------------------------------------------------------------------------------


def test_the_workspace_dashboard_costs_the_same_for_1_and_3_governments(client, cast):
    admin = make_user("admin.tiga@uji.test", Role.PEMDA_ADMIN, "government", cast.gov_a)

    def grow():
        for code in ("35.73", "35.72"):
            Membership.objects.create(user=admin, role=Role.PEMDA_ADMIN, government=government(code))

    constant_queries(
        client,
        reverse("workspace:dashboard"),
        user=admin,
        count=lambda body: body.count('<h3 class="h5 card-title">'),
        grow=grow,
    )


def test_the_workspace_dashboard_costs_the_same_for_1_and_3_agencies(client, cast):
    operator = make_user("operator.tiga@uji.test", Role.OPERATOR, "agency", cast.agency_a)

    def grow():
        Membership.objects.create(user=operator, role=Role.OPERATOR, agency=cast.unit_a)
        Membership.objects.create(user=operator, role=Role.OPERATOR, agency=cast.agency_b)

    constant_queries(
        client,
        reverse("workspace:dashboard"),
        user=operator,
        count=lambda body: body.count("?perangkat="),
        grow=grow,
    )


def _member_and_invitation(cast, n, agency):
    make_user(f"anggota{n}@uji.test", Role.OPERATOR, "agency", agency, full_name=f"Anggota Baru {n}")
    account_services.invite_user(
        email=f"calon{n}@uji.test", full_name=f"Calon {n}", role=Role.OPERATOR, scope=agency, actor=cast.admin_a
    )


def test_the_member_list_costs_the_same_for_1_and_3_members_and_invitations(client, cast):
    _member_and_invitation(cast, 1, cast.agency_a)

    def grow():
        _member_and_invitation(cast, 2, cast.unit_a)
        _member_and_invitation(cast, 3, cast.agency_a)

    constant_queries(
        client,
        reverse("workspace:member_list", args=[cast.gov_a.pk]),
        user=cast.admin_a,
        count=lambda body: min(body.count("Anggota Baru"), body.count("@uji.test — ")),
        grow=grow,
    )


def test_the_workspace_index_home_costs_the_same_for_1_and_3_years(client, cast):
    with time_machine.travel(INDEX_WINDOW, tick=False):
        framework = load_preset("iid-2026", body=cast.body)
        index_services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)

        def grow():
            load_preset("iid-2023", body=cast.body)
            copy = index_services.copy_framework(source=framework, year=2027, actor=cast.organizer)
            IndexAssessment.objects.create(framework=copy, government=cast.gov_a)

        constant_queries(
            client,
            reverse("workspace:index_home", args=[cast.gov_a.pk]),
            user=cast.admin_a,
            count=lambda body: body.count("<tr>") - 1,  # minus the header row
            grow=grow,
        )


# --- Organizer: people and index -----------------------------------------------------------------


def test_the_organizer_dashboard_costs_the_same_for_1_and_3_bodies(client, cast):
    def grow():
        for n in (2, 3):
            body = OrganizerBody.objects.create(
                name=f"Penyelenggara Uji {n}", short_name=f"PU{n}", government=government("35")
            )
            Membership.objects.create(user=cast.organizer, role=Role.ORGANIZER, organizer_body=body)

    constant_queries(
        client,
        reverse("organizer:dashboard"),
        user=cast.organizer,
        count=lambda body: body.count('/anggota/"'),
        grow=grow,
    )


def _body_member(cast, n):
    make_user(f"anggota.panitia{n}@uji.test", Role.JUROR, "organizer_body", cast.body, full_name=f"Anggota Panitia {n}")
    account_services.invite_user(
        email=f"calon.juri{n}@uji.test", full_name=f"Calon {n}", role=Role.JUROR, scope=cast.body, actor=cast.organizer
    )


def test_the_body_member_list_costs_the_same_for_1_and_3_members_and_invitations(client, cast):
    _body_member(cast, 1)
    constant_queries(
        client,
        reverse("organizer:body_members", args=[cast.body.pk]),
        user=cast.organizer,
        count=lambda body: min(body.count("Anggota Panitia"), body.count("calon.juri")),
        grow=lambda: [_body_member(cast, n) for n in (2, 3)],
    )


def test_the_framework_list_costs_the_same_for_1_and_3_frameworks(client, cast):
    framework = load_preset("iid-2026", body=cast.body)

    def grow():
        load_preset("iid-2023", body=cast.body)
        index_services.copy_framework(source=framework, year=2027, actor=cast.organizer)

    constant_queries(
        client,
        reverse("organizer:index_frameworks"),
        user=cast.organizer,
        count=lambda body: body.count('class="index-framework-row"'),
        grow=grow,
    )


def _nominee(framework, code, rank):
    gov = government(code)
    RegionIndex.objects.create(
        framework=framework,
        government=gov,
        cluster=gov.region.level,
        province_code=code.split(".")[0],
        predicate_claimed=Predicate.INOVATIF,
        predicate=Predicate.INOVATIF,
        rank=rank,
        is_nominee=True,
    )


def test_the_nominee_list_costs_the_same_for_1_and_3_nominees(client, cast):
    framework = load_preset("iid-2026", body=cast.body)
    _nominee(framework, "35.79", 1)

    def grow():
        _nominee(framework, "35.73", 2)
        _nominee(framework, "35.07", 1)  # a kabupaten: another cluster

    constant_queries(
        client,
        reverse("organizer:index_nominees", args=[framework.pk]),
        user=cast.organizer,
        count=lambda body: body.count('class="index-nominee-row"'),
        grow=grow,
    )


def test_the_claim_validation_page_costs_the_same_for_1_and_3_claims(client, cast):
    with time_machine.travel(INDEX_WINDOW, tick=False):
        framework = load_preset("iid-2026", body=cast.body)
        assessment = index_services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)

        def claim(number):
            indicator = IndexIndicator.objects.get(framework=framework, number=number)
            index_services.set_claim(
                assessment=assessment, indicator=indicator, option=indicator.options.get(value=2), actor=cast.admin_a
            )

        claim(1)
        constant_queries(
            client,
            reverse("organizer:index_assessment_validate", args=[assessment.pk]),
            user=cast.organizer,
            count=lambda body: body.count('value="accepted"'),
            grow=lambda: [claim(n) for n in (2, 3)],
        )


# --- Organizer: competitions ---------------------------------------------------------------------


@pytest.fixture
def kovablik(cast):
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        yield create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)


def _entered(cast, edition, n):
    agencies = {1: (cast.agency_a, cast.operator_a, cast.admin_a), 2: (cast.agency_b, cast.operator_b, cast.admin_b)}
    if n in agencies:
        agency, operator, admin = agencies[n]
    else:
        gov = government("35.72")
        agency = Agency.objects.create(government=gov, name="Dinas Kominfo Kota Blitar", kind=AgencyKind.DINAS)
        operator = make_user("op.blitar@uji.test", Role.OPERATOR, "agency", agency)
        admin = make_user("admin.blitar@uji.test", Role.PEMDA_ADMIN, "government", gov)
    return enter(edition, competition_innovation(agency, f"Inovasi Lomba {n}"), operator, admin)


REGION_NAMES = ("Pemerintah Kota Batu", "Pemerintah Kota Malang", "Pemerintah Kota Blitar")


def test_the_proposal_start_page_offers_1_and_3_innovations_for_the_same_queries(client, cast, kovablik):
    kovablik.is_published = True
    kovablik.save()
    competition_innovation(cast.agency_a, "Inovasi Pilihan 1")
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        constant_queries(
            client,
            reverse("workspace:proposal_start", args=[kovablik.pk]),
            user=cast.admin_a,
            count=lambda body: body.count("Inovasi Pilihan"),
            grow=lambda: [
                competition_innovation(agency, f"Inovasi Pilihan {n}")
                for n, agency in ((2, cast.unit_a), (3, cast.agency_a))
            ],
        )


def test_the_edition_dashboard_costs_the_same_for_1_and_3_proposals(client, cast, kovablik):
    _entered(cast, kovablik, 1)
    constant_queries(
        client,
        reverse("organizer:edition_dashboard", args=[kovablik.pk]),
        user=cast.organizer,
        count=lambda body: sum(name in body for name in REGION_NAMES),
        grow=lambda: [_entered(cast, kovablik, n) for n in (2, 3)],
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_proposal_export_costs_the_same_for_1_and_3_proposals(client, cast, kovablik, fmt):
    _entered(cast, kovablik, 1)
    constant_queries(
        client,
        reverse("organizer:edition_export", args=[kovablik.pk, fmt]),
        user=cast.organizer,
        count=xlsx_rows if fmt == "xlsx" else csv_rows,
        grow=lambda: [_entered(cast, kovablik, n) for n in (2, 3)],
    )


def _passed(cast, edition, n):
    proposal = _entered(cast, edition, n)
    items = administrative_check.admin_stage(edition).checklist_items.all()
    administrative_check.decide_admin_check(
        proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
    )
    return proposal


@pytest.mark.parametrize("published", [False, True], ids=["candidates", "published-list"])
def test_the_shortlist_page_costs_the_same_for_1_and_3_proposals(client, cast, kovablik, published):
    stage = kovablik.stages.get(label="Top 90")

    def add(n):
        proposal = _passed(cast, kovablik, n)
        if published:
            StageResult.objects.create(stage=stage, proposal=proposal, label=stage.label, rank=n)

    if published:
        stage.results_published_at = DURING_REGISTRATION
        stage.save()
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        add(1)
        constant_queries(
            client,
            reverse("organizer:stage_shortlist", args=[stage.pk]),
            user=cast.organizer,
            count=lambda body: body.count("Inovasi Lomba"),
            grow=lambda: [add(n) for n in (2, 3)],
        )


# --- Judging: exports and the ranking API -------------------------------------------------------


@pytest.fixture
def desk(cast):
    with time_machine.travel(JUDGING_NOW, tick=False):
        world = JudgingWorld(cast)
        world.jurors_done = [world.juror("penilai1@uji.test", user=cast.juror), world.juror("penilai2@uji.test")]
        yield world


def _scored(desk, n):
    proposal = desk.proposal(f"Proposal Dinilai {n}")
    for juror in desk.jurors_done:
        assign(stage=desk.stage, juror=juror, proposal=proposal, actor=desk.cast.organizer)
        scoring.save_scorecard(
            stage=desk.stage,
            juror=juror,
            proposal=proposal,
            values=desk.full(50 + 10 * n),
            submit=True,
            actor=juror.user,
        )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_ranking_export_costs_the_same_for_1_and_3_proposals(client, desk, fmt):
    _scored(desk, 1)
    constant_queries(
        client,
        reverse("organizer:judging_export", args=[desk.stage.pk, fmt]),
        user=desk.cast.organizer,
        count=xlsx_rows if fmt == "xlsx" else csv_rows,
        grow=lambda: [_scored(desk, n) for n in (2, 3)],
    )


def test_the_ranking_api_costs_the_same_for_1_and_3_proposals(client, desk):
    _scored(desk, 1)
    constant_queries(
        client,
        f"/api/v1/judging/stages/{desk.stage.pk}/ranking",
        user=desk.cast.organizer,
        count=lambda body: len(json.loads(body)["rows"]),
        grow=lambda: [_scored(desk, n) for n in (2, 3)],
    )
