"""Fixtures for judging: a KOVABLIK 2025 edition whose desk evaluation is open, proposals that
passed the administrative check, and jurors of the organizer body.

Time is frozen at 2 June 2025 10:00 WIB; the desk evaluation runs 1–30 June 2025 WIB.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inovasi.accounts.enums import Role
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState, StageKind
from inovasi.competitions.models import Proposal
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.judging import jury
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government
from tests_support.personas import make_user

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 6, 2, 10, 0, tzinfo=WIB)
STAGE_OPENS = datetime(2025, 6, 1, 0, 0, tzinfo=WIB)
STAGE_CLOSES = datetime(2025, 6, 30, 23, 59, tzinfo=WIB)


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
        self.stage = self.edition.stages.filter(kind=StageKind.DESK_EVALUATION).order_by("order").first()
        self.stage.opens_at, self.stage.closes_at, self.stage.top_n = STAGE_OPENS, STAGE_CLOSES, 2
        self.stage.save()
        self.criteria = list(self.stage.criteria.all())
        self.group = self.edition.groups.get(code="umum")
        self.jurors = []
        self.proposals = []

    def proposal(self, title, agency=None, submitted_minutes=0):
        agency = agency or self.cast.agency_b
        innovation = make_innovation(agency, title)
        proposal = Proposal.objects.create(
            edition=self.edition,
            innovation=innovation,
            government=agency.government,
            agency=agency,
            group=self.group,
            title=title,
            state=ProposalState.PASSED_ADMIN,
            submitted_at=NOW - timedelta(days=10) + timedelta(minutes=submitted_minutes),
        )
        self.proposals.append(proposal)
        return proposal

    def juror(self, email, name=None, user=None, **extra):
        user = user or make_user(email, Role.JUROR, "organizer_body", self.cast.body)
        juror = jury.save_juror(
            body=self.cast.body, user=user, name=name or email.split("@")[0], actor=self.cast.organizer, **extra
        )
        self.jurors.append(juror)
        return juror

    def full(self, value):
        """Every criterion at `value` percent of its scale."""
        return {c.code: c.scale_min + (c.scale_max - c.scale_min) * value / 100 for c in self.criteria}


def other_agency(region_code, name):
    return Agency.objects.create(
        government=Government.objects.get(region__code=region_code), name=name, kind=AgencyKind.DINAS
    )


@pytest.fixture
def world(cast, frozen):
    return World(cast)
