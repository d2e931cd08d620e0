"""Settings for the test suite: the normal settings in `test` mode (DATABASE_URL still chooses the DB)."""

import os

os.environ["INOVASI_ENV"] = "test"
os.environ.setdefault("EMAIL_BACKEND", "locmem")
os.environ.setdefault("TASKS_BACKEND", "immediate")

from config.settings import *  # noqa: F403

# Forgiving search reloads its vocabulary whenever the index changed (each test writes its own).
SEARCH_VOCABULARY_SECONDS = 0
