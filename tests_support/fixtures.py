"""The fixtures every app's tests share (loaded by the root conftest as a pytest plugin).

- `media`: a temporary MEDIA_ROOT for the test; returns its path. Apps whose every test stores files
  make it autouse in their conftest (`def media(media): return media`).
- `frozen`: the clock stopped at `frozen_at` (time-machine, no ticking); `frozen.move_to(moment)`
  moves it. Each app's conftest overrides `frozen_at` with the moment its stories need.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def frozen_at() -> datetime:
    """The moment `frozen` stops the clock at; override it in an app's conftest."""
    return datetime(2025, 6, 2, 10, 0, tzinfo=WIB)


@pytest.fixture
def frozen(frozen_at):
    with time_machine.travel(frozen_at, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_search_stems():
    """Each test starts without the stems an earlier test computed: their SearchStem rows were rolled
    back with that test, and a stem this process already knows is never stored again."""
    from inovasi.search.text import forget_known_stems

    forget_known_stems()
    yield
