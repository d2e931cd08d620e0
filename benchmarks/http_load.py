"""Benchmark: public pages under a real WSGI server, against a minimal view on the same server.

    .venv/bin/python benchmarks/http_load.py --db sqlite              # /tmp file, demo data if empty
    .venv/bin/python benchmarks/http_load.py --db postgres            # scratch PostgreSQL database
    .venv/bin/python benchmarks/http_load.py --database-url URL --clients 16 --seconds 10

`run(database_url, seconds=, clients=)` is what `benchmarks/run_all.py` calls on a database it has
filled. It starts gunicorn (`gthread` workers, 2 × cores + 1 by default) on 127.0.0.1 and a free
port, then measures one phase after the other, each for `seconds` after a short warm-up, with
`clients` concurrent keep-alive clients (anonymous visitors):

- `minimal`: `/__bench__/minimal/`, a view that returns "ok" through the whole middleware stack
  (bench-only, see benchmarks/bench_urls.py) — the floor;
- `catalog`, `innovation`, `region`, `results`: ten pages of each kind in turn, as visitors get
  them (the public page cache, inovasi/public/views/page_cache.py, is primed first: every client
  asks every page twice on fresh connections, so each server process has rendered it):
  catalog browse pages 1–3 and searches for words of innovation names; published innovations
  spread over the id range; kabupaten/kota owning them and a province; published editions with
  published stage results (`/kompetisi/<id>/hasil/`, the public results page);
- `mixed`: the forty pages of the four kinds in turn;
- `<kind>_uncached` (unless `uncached=False`): up to 50 pages of the kind, each request with a
  never-seen `_bench=` query parameter so that every request is rendered: what a miss costs.

The database must hold published innovations, a region with them and (for `results`) an edition
with published results; a page kind without any target is reported as skipped. Requests that
finish inside the window count; `<phase>_ratio` is a phase's throughput over the
minimal view's (target ≥ 0.5 for the four page kinds). Recorded in docs/performance/http.md.
"""

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loopback import (
    MINIMAL_PATH,
    GunicornServer,
    Request,
    cores,
    database_vendor,
    hammer,
    load_average,
    run_django,
)

PAGES = ("catalog", "innovation", "region", "results")
TARGET_RATIO = 0.5
POPULAR = 10  # pages per kind in the phases served as visitors get them (cache warm)


def find_targets() -> dict:
    """The URL paths to request, per page kind (runs inside a Django subprocess)."""
    from django.urls import reverse

    from inovasi.competitions.models import Edition
    from inovasi.innovations.models import Innovation
    from inovasi.regions.enums import RegionLevel
    from inovasi.regions.models import Region

    ids = list(Innovation.objects.published().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // 50)
    picked = ids[::step][:50]
    names = list(Innovation.objects.filter(pk__in=picked[:40]).values_list("name", flat=True))
    words = []
    for name in names:
        word = next((w for w in name.split() if len(w) >= 5 and w.isalpha()), None)
        if word and word.lower() not in words:
            words.append(word.lower())
    catalog = reverse("public:catalog")
    catalog_paths = [catalog, f"{catalog}?page=2", f"{catalog}?page=3"] + [f"{catalog}?q={w}" for w in words[:7]]

    codes = list(
        Region.objects.filter(
            level__in=[RegionLevel.KABUPATEN, RegionLevel.KOTA], government__innovations__pk__in=picked
        )
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()[:49]
    )
    region_paths = [reverse("public:region_detail", args=[code]) for code in codes]
    if codes:  # first the province of the first one: the heaviest region page
        region_paths.insert(0, reverse("public:region_detail", args=[codes[0].split(".")[0]]))

    editions = list(
        Edition.objects.published()
        .filter(stages__results_published_at__isnull=False)
        .order_by("-year", "pk")
        .values_list("pk", flat=True)
        .distinct()[:20]
    )
    return {
        "catalog": catalog_paths if picked else [],
        "innovation": [reverse("public:innovation_detail", args=[pk]) for pk in picked],
        "region": region_paths,
        "results": [reverse("public:edition_results", args=[pk]) for pk in editions],
        "published_innovations": len(ids),
    }


def _serving(database_url, server, **options):
    """A new gunicorn for this run, or the caller's (the smoke test shares one)."""
    return contextlib.nullcontext(server) if server is not None else GunicornServer(database_url, **options)


def _rotating(paths: list[str], *, bust_cache: bool = False):
    """Each client walks the list from its own offset, so clients do not move in lockstep.

    With `bust_cache`, every request carries a query parameter never seen before (`_bench=…`),
    which the pages ignore but which makes every request miss the public page cache: what a
    page costs to render.
    """
    counters: dict[int, int] = {}

    def next_request(client: int) -> Request:
        n = counters.get(client, client * 7)
        counters[client] = n + 1
        path = paths[n % len(paths)]
        if bust_cache:
            path += ("&" if "?" in path else "?") + f"_bench={client}-{n}"
        return Request("GET", path)

    return next_request


def run(
    database_url: str,
    *,
    seconds: float,
    clients: int,
    workers: int | None = None,
    threads: int | None = None,
    warmup: float | None = None,
    uncached: bool = True,
    prime: bool = True,
    server: GunicornServer | None = None,
) -> dict:
    """Measure the minimal view and the public pages; flat figures (see the module docstring)."""
    warmup = warmup if warmup is not None else max(1.0, min(3.0, seconds / 4))
    targets = run_django(database_url, Path(__file__), "--targets")
    report = {
        "database": database_vendor(database_url),
        "clients": clients,
        "seconds_per_phase": seconds,
        "warmup_s": warmup,
        "cores": cores(),
        "published_innovations": targets["published_innovations"],
        "load_before": load_average(),
    }
    phases = [("minimal", [MINIMAL_PATH], False)]
    phases += [(page, targets[page][:POPULAR], False) for page in PAGES]
    phases.append(("mixed", [path for page in PAGES for path in targets[page][:POPULAR]], False))
    if uncached:
        phases += [(f"{page}_uncached", targets[page], True) for page in PAGES]
    started = time.monotonic()
    errors = 0
    with _serving(database_url, server, workers=workers, threads=threads) as server:
        report.update(server=server.describe, workers=server.workers, threads=server.threads)
        for name, paths, bust_cache in phases:
            if not paths:
                report[f"{name}_skipped"] = True
                continue
            figures = hammer(
                server.port,
                _rotating(paths, bust_cache=bust_cache),
                clients=clients,
                seconds=seconds,
                warmup=warmup,
                prime=[Request("GET", path) for path in paths] if prime and not bust_cache else None,
            )
            report.update(figures.flat(f"{name}_"))
            report[f"{name}_targets"] = len(paths)
            if figures.error_samples:
                report[f"{name}_error_sample"] = figures.error_samples[0]
            errors += figures.errors
    minimal_rps = report.get("minimal_rps", 0.0)
    ratios = {}
    for name in (*PAGES, "mixed", *(f"{page}_uncached" for page in PAGES)):
        if f"{name}_rps" in report and minimal_rps:
            ratios[name] = round(report[f"{name}_rps"] / minimal_rps, 3)
            report[f"{name}_ratio"] = ratios[name]
    page_ratios = [ratios[p] for p in PAGES if p in ratios]
    report.update(
        rps=report.get("mixed_rps", 0.0),
        p50_ms=report.get("mixed_p50_ms", 0.0),
        p95_ms=report.get("mixed_p95_ms", 0.0),
        errors=errors,
        ratio=ratios.get("mixed", 0.0),
        min_page_ratio=min(page_ratios) if page_ratios else 0.0,
        target_ratio=TARGET_RATIO,
        target_met=bool(page_ratios) and min(page_ratios) >= TARGET_RATIO and errors == 0,
        wall_s=round(time.monotonic() - started, 1),
        load_after=load_average(),
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
    from benchmarks.databases import add_database_arguments, prepare_database

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per phase")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default 1 SQLite, 4 PG)")
    args = parser.parse_args()
    database_url = prepare_database(args)
    report = run(database_url, seconds=args.seconds, clients=args.clients, workers=args.workers, threads=args.threads)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--targets"]:
        _django_main(sys.argv[1:])
    else:
        main()
