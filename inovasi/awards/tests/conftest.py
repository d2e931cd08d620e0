"""Fixtures for award tests: a published KOVABLIK 2025 edition whose "Top 30" list is published,
a ceremony with a presenter, and helpers.

Time is frozen at 1 December 2025 10:00 WIB, after the edition's registration (1 May – 30 June).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from inovasi.accounts.enums import Role
from inovasi.awards import services
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import ProposalState
from inovasi.competitions.models import Proposal
from inovasi.competitions.shortlists import publish_shortlist
from inovasi.competitions.tests.conftest import make_innovation
from inovasi.organisations.models import OrganizerBody
from tests_support.personas import make_user

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 12, 1, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def media(media, settings):
    """Every test here stores files under a temporary MEDIA_ROOT (tests_support.fixtures)."""
    settings.SITE_URL = "https://inovasi.jatimprov.test"
    return media


@pytest.fixture
def frozen_at():
    """The moment `frozen` (tests_support.fixtures) stops the clock at."""
    return NOW


def make_proposal(edition, agency, title, state=ProposalState.PASSED_ADMIN):
    innovation = make_innovation(agency, title)
    return Proposal.objects.create(
        edition=edition,
        innovation=innovation,
        government_id=agency.government_id,
        agency=agency,
        group=edition.groups.get(code="umum"),
        title=title,
        state=state,
        submitted_at=datetime(2025, 6, 20, 9, 0, tzinfo=WIB),
    )


class Scene:
    """A published edition, two proposals on its published Top 30 list, one more that passed the
    administrative check, a ceremony with a presenter, and the "Top 30" label."""

    def __init__(self, cast):
        self.cast = cast
        self.edition = create_edition_from_preset(
            preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer
        )
        self.edition.is_published = True
        self.edition.save(update_fields=["is_published"])
        self.segar = make_proposal(self.edition, cast.agency_b, "Segar Kagemi")
        self.diapers = make_proposal(self.edition, cast.agency_b, "Rumah Diapers")
        self.among = make_proposal(self.edition, cast.agency_a, "Among Tani Crop")
        self.stage = self.edition.stages.get(label="Top 30")
        publish_shortlist(stage=self.stage, proposals=[self.segar, self.diapers], actor=cast.organizer)
        self.stage.refresh_from_db()
        self.label = services.create_label(edition=self.edition, actor=cast.organizer, name="Top 30")
        self.ceremony = services.create_ceremony(
            edition=self.edition,
            actor=cast.organizer,
            name="Penganugerahan KOVABLIK 2025",
            held_on=date(2025, 11, 20),
            place="Jatim Park 3, Kota Batu",
            presenter_name="Emil Elistianto Dardak",
            presenter_title="Wakil Gubernur Jawa Timur",
        )

    def award(self, proposal=None, **kwargs):
        kwargs.setdefault("awarded_on", date(2025, 11, 15))
        kwargs.setdefault("ceremony", self.ceremony)
        return services.give_award(
            label=kwargs.pop("label", self.label), proposal=proposal or self.segar, actor=self.cast.organizer, **kwargs
        )


@pytest.fixture
def scene(cast, frozen):
    return Scene(cast)


@pytest.fixture
def other_organizer(cast):
    body = OrganizerBody.objects.create(name="BSKDN Kemendagri", short_name="BSKDN")
    return make_user("panitia.lain@uji.test", Role.ORGANIZER, "organizer_body", body)
