"""Fixtures for field verification: a KOVABLIK 2025 edition whose field verification stage runs
1–30 June 2025 WIB, proposals still in the running, and the verifiers of the organizer body.

Time is frozen at 12 June 2025 10:00 WIB.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from inovasi.accounts.enums import Role
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import Proposal
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.verification import services
from tests_support.personas import make_user

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 6, 12, 10, 0, tzinfo=WIB)
OPENS = datetime(2025, 6, 1, 0, 0, tzinfo=WIB)
CLOSES = datetime(2025, 7, 1, 0, 0, tzinfo=WIB)
VISIT_DAY = date(2025, 6, 10)


@pytest.fixture(autouse=True)
def media(media):
    """Every test here stores files under a temporary MEDIA_ROOT (tests_support.fixtures)."""
    return media


@pytest.fixture
def frozen_at():
    """The moment `frozen` (tests_support.fixtures) stops the clock at."""
    return NOW


class World:
    def __init__(self, cast):
        self.cast = cast
        self.edition = create_edition_from_preset(
            preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer
        )
        self.stage = self.edition.stages.get(kind=StageKind.FIELD_VERIFICATION)
        self.stage.opens_at, self.stage.closes_at = OPENS, CLOSES
        self.stage.save()
        self.items = list(self.stage.checklist_items.all())
        self.group = self.edition.groups.get(code="umum")
        self.verifier = cast.verifier
        self.second_verifier = make_user("verif.dua@uji.test", Role.VERIFIER, "organizer_body", cast.body)
        self.stranger_verifier = make_user("verif.lain@uji.test", Role.VERIFIER, "organizer_body", cast.other_body)
        self.stranger_organizer = make_user("panitia.lain@uji.test", Role.ORGANIZER, "organizer_body", cast.other_body)

    def proposal(self, title="Among Tani Crop", agency=None, state=ProposalState.PASSED_ADMIN):
        agency = agency or self.cast.agency_a
        innovation = make_innovation(agency, title)
        return Proposal.objects.create(
            edition=self.edition,
            innovation=innovation,
            government=agency.government,
            agency=agency,
            group=self.group,
            title=title,
            state=state,
            submitted_at=NOW,
        )

    def plan(self, proposal=None, *, team=None, **data):
        proposal = proposal or self.proposal()
        values = {
            "visit_date": VISIT_DAY,
            "address": "CV Rose Asterina, Kota Batu",
            "latitude": "-7,8671",
            "longitude": "112,5239",
            "contact_name": "Aziz",
            "contact_phone": "+62 812-0000-0000",
            "team": team if team is not None else [(self.verifier, True), (self.second_verifier, False)],
        }
        values.update(data)
        return services.plan_visit(stage=self.stage, proposal=proposal, actor=self.cast.organizer, **values)

    def findings(self, met="yes", note=""):
        return {item.pk: (met, note) for item in self.items}


@pytest.fixture
def world(cast, frozen):
    return World(cast)
