"""Fixtures for the press tests: Kota Batu's 8 → 63 innovations, and the KOVABLIK 2020 results."""

import pytest

from inovasi.innovations.enums import InnovationType
from inovasi.innovations.models import InnovationVersion
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency
from inovasi.press.tests.builders import build_kovablik
from inovasi.search.tests.factories import make_innovation


@pytest.fixture(autouse=True)
def media(media, settings):
    """Every test here stores files under a temporary MEDIA_ROOT (tests_support.fixtures)."""
    settings.SITE_URL = "https://inovasi.contoh.id"
    return media


@pytest.fixture
def batu(cast):
    """63 published innovations of Kota Batu for 2024 from 29 agencies (a unit's counts for its
    Dinas), 20 of them digital; 8 were already recorded in 2021."""
    agencies = [cast.agency_a] + [
        Agency.objects.create(government=cast.gov_a, name=f"Perangkat Daerah {chr(65 + n)}", kind=AgencyKind.BADAN)
        for n in range(28)
    ]
    innovations = []
    for n in range(63):
        agency = cast.unit_a if n == 29 else agencies[n % 29]
        kind = InnovationType.DIGITAL if n < 20 else InnovationType.NON_DIGITAL
        innovations.append(make_innovation(agency, f"Inovasi Batu {n:02d}", year=2024, type=kind))
    for innovation in innovations[:8]:
        InnovationVersion.objects.create(innovation=innovation, year=2021, snapshot={})
    return innovations


@pytest.fixture
def kovablik(cast):
    return build_kovablik(cast)
