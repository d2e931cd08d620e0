"""Shared fixtures: the real region list loaded once, and the cast of personas.

Region A is Kota Batu (35.79), region B is Kota Malang (35.73): an operator or Admin Pemda of one
must be refused on the other.
"""

import pytest
from django.conf import settings
from django.utils import translation

from inovasi.organisations.services import sync_governments
from inovasi.regions.services import load_regions
from tests_support.personas import Cast, ensure_reference_data, make_user  # noqa: F401  (make_user: older imports)

# The shared `media` (temporary MEDIA_ROOT) and `frozen` (stopped clock at `frozen_at`) fixtures.
pytest_plugins = ["tests_support.fixtures"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Indonesian: a request made in English activates English for the thread,
    and that must not leak into the next test's messages."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_regions()
        sync_governments()


@pytest.fixture
def cast(db):
    ensure_reference_data()
    return Cast()
