"""Browser journeys: a real Chromium (Debian's package) driven by Playwright against live_server.

They run in their own pytest invocation (`-m browser`, see the Makefile) because live_server
needs a transactional database that is flushed after each test, which would also wipe the
reference data the rest of the suite loads once per session.
"""

import os
import shutil
from pathlib import Path

import pytest

from inovasi.organisations.services import sync_governments
from inovasi.regions.services import load_regions

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests stay sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def reference_data(transactional_db):
    """live_server flushes the database after each test, data migrations included: reload them."""
    from inovasi.innovations.models import GovernmentAffair, NarrativeGuide, SustainableDevelopmentGoal
    from inovasi.innovations.reference_data import load_narrative_guides, load_reference_lists

    load_regions()
    sync_governments()
    load_reference_lists(GovernmentAffair, SustainableDevelopmentGoal)
    load_narrative_guides(NarrativeGuide)


@pytest.fixture
def shoot(page, request):
    """Save a numbered screenshot of the current page for each step of a journey."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(step: str):
        counter["n"] += 1
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}-{counter['n']:02d}-{step}.png", full_page=True)

    return take
