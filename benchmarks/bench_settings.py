"""Settings for the HTTP benchmarks: the project's own settings, plus one bench-only URL.

Used only by the gunicorn that `benchmarks/loopback.py` starts (DJANGO_SETTINGS_MODULE points
here), so the floor view below never exists in a deployed site. Mode, database and the rest still
come from the environment exactly as in `config/settings.py`.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
