"""Security defaults per mode, read the way production reads them (a fresh process)."""

import pytest

from config.tests.test_settings import PRODUCTION_ENV, manage

PRINT = (
    "from django.conf import settings; "
    "print(settings.REQUIRE_TWO_FACTOR, settings.AXES_ENABLED, settings.AXES_FAILURE_LIMIT, "
    "int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (PRODUCTION_ENV, "True True 5 15"),
        ({"INOVASI_ENV": "development"}, "False True 5 15"),
        ({"INOVASI_ENV": "test"}, "False False 5 15"),
        (
            {**PRODUCTION_ENV, "REQUIRE_TWO_FACTOR": "off", "AXES_FAILURE_LIMIT": "3", "AXES_COOLOFF_MINUTES": "60"},
            "False True 3 60",
        ),
    ],
    ids=["production", "development", "test", "overridden"],
)
def test_two_factor_and_lockout_defaults_follow_the_mode(env, expected):
    result = manage("shell", "-c", PRINT, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
