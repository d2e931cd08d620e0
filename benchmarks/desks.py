"""Benchmark: the organizer's desks under gunicorn, logged in as the synthetic KIPP organizer.

    .venv/bin/python benchmarks/desks.py --database-url sqlite:////path/national.sqlite3

`run(database_url, …)` is what `benchmarks/measures.py desks` calls on the national dataset. It
starts gunicorn (2 workers, as the organizer's pages were first measured in issue #15), signs the
organizer in (a session made in the database, as a login would), and for every desk — ranking,
reliability, proposal list, administrative-check queue, assignment list, objection list — requests
its first page and a filtered page: 2 × workers + 1 requests to warm up (the first computes the
stage's ranking once for its version and stores it in the shared cache; each other worker reads it
from there once), then `repeat` sequential requests timed on the client. Per
page: median, p95, the first (cold) request and the page weight (HTML bytes). Targets: p95 < 300 ms
and < 300 KB for every page.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loopback import GunicornServer, get, load_average, percentile, run_django

TARGET_P95_MS = 300
TARGET_BYTES = 300 * 1024


def find_targets() -> dict:
    """The session cookie and the desk URLs (runs inside a Django subprocess)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from inovasi.accounts.models import User
    from inovasi.competitions.enums import StageKind
    from inovasi.competitions.models import Proposal, Stage

    stage = (
        Stage.objects.filter(edition__preset="kipp", kind=StageKind.DESK_EVALUATION)
        .select_related("edition")
        .order_by("-edition__year", "order")
        .first()
    )
    organizer = User.objects.get(email="panitia.kipp@sintetis.test")
    session = SessionStore()
    session[SESSION_KEY] = str(organizer.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = organizer.get_session_auth_hash()
    session.create()
    # A word from a Pemda name that narrows the lists without emptying them ("Kabupaten …").
    government = (
        Proposal.objects.filter(edition=stage.edition).order_by("pk").values_list("government__name", flat=True).first()
    )
    word = government.split()[-1].lower()
    edition = stage.edition_id
    desk = reverse("organizer:judging_stage", args=[stage.pk])
    reliability = reverse("organizer:judging_reliability", args=[stage.pk])
    proposals = reverse("organizer:edition_proposals", args=[edition])
    assignments = reverse("organizer:judging_assignments", args=[stage.pk])
    objections = reverse("organizer:edition_objections", args=[edition])
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "stage": stage.pk,
        "word": word,
        "pages": {
            "ranking": desk,
            "ranking_filtered": f"{desk}?q={word}&urut=nilai&hal=2&per=25",
            "ranking_advancing": f"{desk}?lolos=1&hal=2",
            "reliability": reliability,
            "reliability_filtered": f"{reliability}?q={word}&urut=simpangan",
            "proposals": proposals,
            "proposals_filtered": f"{proposals}?q={word}&urut=judul&hal=2&per=25",
            "admin_check": f"{proposals}?status=submitted",
            "admin_check_filtered": f"{proposals}?status=passed_admin&q={word}&urut=-diajukan",
            "assignments": assignments,
            "assignments_filtered": f"{assignments}?q={word}&kurang=1&urut=juri",
            "objections": objections,
            "objections_filtered": f"{objections}?status=open&q={word}",
        },
    }


def _measure(port: int, path: str, cookie: str, repeat: int, warmup: int) -> dict:
    headers = {"Cookie": cookie}
    samples, sizes, statuses = [], [], set()
    cold = None
    for n in range(warmup + repeat):
        started = time.perf_counter()
        status, body = get(port, path, headers=headers, timeout=120)
        elapsed = (time.perf_counter() - started) * 1000
        statuses.add(status)
        if n == 0:
            cold = round(elapsed, 1)
        if n >= warmup:
            samples.append(elapsed)
            sizes.append(len(body))
    samples.sort()
    return {
        "path": path,
        "status": sorted(statuses),
        "cold_ms": cold,
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "kb": round(max(sizes) / 1024, 1),
    }


def run(database_url: str, *, repeat: int = 10, workers: int = 2) -> dict:
    targets = run_django(database_url, Path(__file__), "--targets")
    report = {"load_before": load_average(), "repeat": repeat, "workers": workers, "pages": {}}
    with GunicornServer(database_url, workers=workers) as server:
        report["server"] = server.describe
        for name, path in targets["pages"].items():
            report["pages"][name] = _measure(server.port, path, targets["cookie"], repeat, 2 * workers + 1)
    pages = report["pages"].values()
    report.update(
        worst_p95_ms=max(p["p95_ms"] for p in pages),
        worst_kb=max(p["kb"] for p in pages),
        errors=sum(1 for p in pages if p["status"] != [200]),
        load_after=load_average(),
    )
    report["target_met"] = (
        report["worst_p95_ms"] < TARGET_P95_MS and report["worst_kb"] * 1024 < TARGET_BYTES and not report["errors"]
    )
    return report


def _django_main(argv):
    import django

    django.setup()
    if argv == ["--targets"]:
        print(json.dumps(find_targets()))
    else:
        raise SystemExit(f"unknown internal command {argv}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(run(args.database_url, repeat=args.repeat, workers=args.workers), indent=2))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--targets"]:
        _django_main(sys.argv[1:])
    else:
        main()
