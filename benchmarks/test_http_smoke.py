"""Smoke test of the HTTP benchmarks: a real gunicorn on SQLite with the demo data, a few seconds.

It proves the harness works end to end (server start, page targets, juror log-in with CSRF,
concurrent score saving, the lost-write check, clean-up), not how fast anything is.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import http_load, score_concurrency
from benchmarks.databases import fill_demo
from benchmarks.loopback import GunicornServer


@pytest.mark.slow
def test_gunicorn_serves_the_public_pages_and_keeps_every_saved_score(tmp_path, monkeypatch):
    monkeypatch.setenv("INOVASI_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    database_url = f"sqlite:///{tmp_path / 'smoke.sqlite3'}"
    fill_demo(database_url, lite=True)

    with GunicornServer(database_url, workers=2, threads=2) as server:
        pages = http_load.run(
            database_url, seconds=0.4, clients=4, warmup=0.2, uncached=False, prime=False, server=server
        )
        scores = score_concurrency.run(database_url, seconds=2, clients=4, jurors=2, warmup=0.3, server=server)

    assert pages["errors"] == 0, pages
    assert pages["minimal_rps"] > 0
    for page in ("minimal", "catalog", "innovation", "region", "results", "mixed"):
        assert pages[f"{page}_completed"] > 0, (page, pages)  # answered 200 (a slow page may miss the window)

    assert scores["errors"] == 0, scores
    assert scores["completed"] >= 4 and scores["saves_acknowledged_total"] >= 4  # every client saved
    assert scores["lost_writes"] == 0 and scores["torn_writes"] == 0, scores
    assert scores["bench_scorecards_left"] == 0  # the bench edition is gone again
