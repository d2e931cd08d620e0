"""Benchmark: compute the regional innovation index for every Pemda, and recompute one region.

Builds a throwaway database (SQLite under /tmp, or a scratch PostgreSQL database with
`--postgres`), loads the real 546 Pemda, the IID 2026 preset, 37,000 published innovations spread
over all Pemda and their claims (15 region claims per Pemda, 12 innovation claims per innovation,
all validated), then times:

  * `services.compute_framework` for all Pemda (first run inserts, second run updates);
  * `services.recompute_government` for one Pemda after one claim changed (median of 20);
  * the public breakdown with its what-if list for the Pemda with the most innovations.

Usage:  .venv/bin/python benchmarks/index_compute.py [--postgres] [--innovations 37000]
Targets (docs/performance/index.md): all under 5 s, one region under 100 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = Path(tempfile.gettempdir()) / "inovasi-bench-index" / "bench.sqlite3"
PG_NAME = "inovasi_bench_index"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"


def configure(postgres: bool, reuse: bool = False) -> None:
    if reuse:
        os.environ["DATABASE_URL"] = PG_SERVER + PG_NAME if postgres else f"sqlite:///{SQLITE_PATH}"
    elif postgres:
        import psycopg

        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = PG_SERVER + PG_NAME
    else:
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ["INOVASI_VAR_DIR"] = str(SQLITE_PATH.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def build(total_innovations: int):
    from django.core.management import call_command
    from django.db import transaction

    from inovasi.innovation_index.enums import ClaimValidation, IndicatorScope
    from inovasi.innovation_index.methodology import indicators_of
    from inovasi.innovation_index.models import IndexAssessment, IndexClaim
    from inovasi.innovation_index.presets import load_preset
    from inovasi.innovations.enums import (
        InitiatorKind,
        InnovationForm,
        InnovationStage,
        InnovationStatus,
        InnovationType,
    )
    from inovasi.innovations.models import GovernmentAffair, Innovation
    from inovasi.organisations.enums import AgencyKind
    from inovasi.organisations.models import Agency, Government, OrganizerBody
    from inovasi.organisations.services import sync_governments
    from inovasi.regions.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    sync_governments()
    body = OrganizerBody.objects.create(name="BSKDN (benchmark)", short_name="BSKDN")
    framework = load_preset("iid-2026", body=body)
    indicators = indicators_of(framework)
    region = [i for i in indicators if i.scope == IndicatorScope.REGION]
    innovation_indicators = [i for i in indicators if i.scope == IndicatorScope.INNOVATION]
    mandatory = [i for i in innovation_indicators if i.is_mandatory]
    optional = [i for i in innovation_indicators if not i.is_mandatory]
    options = {i.pk: {o.value: o.pk for o in i.options.all()} for i in indicators if i.scope != IndicatorScope.COUNT}
    affairs = list(GovernmentAffair.objects.values_list("pk", flat=True))
    rng = random.Random(546)  # noqa: S311 - synthetic data, not security
    governments = list(Government.objects.order_by("pk"))
    started = time.perf_counter()
    with transaction.atomic():
        Agency.objects.bulk_create(
            Agency(government=g, name=f"Bagian Organisasi {g.pk}", kind=AgencyKind.BIRO_BAGIAN) for g in governments
        )
        agencies = {a.government_id: a.pk for a in Agency.objects.all()}
        per = [total_innovations // len(governments)] * len(governments)
        for k in range(total_innovations - sum(per)):
            per[k] += 1
        new = []
        for government, count in zip(governments, per, strict=True):
            for n in range(count):
                new.append(
                    Innovation(
                        agency_id=agencies[government.pk],
                        government_id=government.pk,
                        name=f"Inovasi {government.pk}-{n}",
                        initiator_kind=InitiatorKind.PERANGKAT_DAERAH,
                        form=InnovationForm.PELAYANAN_PUBLIK,
                        type=InnovationType.DIGITAL,
                        stage=InnovationStage.PENERAPAN,
                        year=2026,
                        status=InnovationStatus.PUBLISHED,
                    )
                )
        Innovation.objects.bulk_create(new, batch_size=2000)
        through = Innovation.affairs.through
        pairs = list(Innovation.objects.values_list("pk", "government_id"))
        through.objects.bulk_create(
            (
                through(innovation_id=pk, governmentaffair_id=affairs[k % len(affairs)])
                for k, (pk, _g) in enumerate(pairs)
            ),
            batch_size=5000,
        )
        IndexAssessment.objects.bulk_create(IndexAssessment(framework=framework, government=g) for g in governments)
        assessment_of = dict(IndexAssessment.objects.values_list("government_id", "pk"))

        def claim(assessment_id, indicator, innovation_id):
            value = rng.choice((1, 2, 3))
            return IndexClaim(
                assessment_id=assessment_id,
                indicator_id=indicator.pk,
                innovation_id=innovation_id,
                option_id=options[indicator.pk][value],
                claimed_value=value,
                validation=ClaimValidation.ACCEPTED,
                validated_option_id=options[indicator.pk][value],
                validated_value=value,
            )

        batch = []
        for government in governments:
            batch.extend(claim(assessment_of[government.pk], i, None) for i in region)
        for innovation_id, government_id in pairs:
            chosen = mandatory + rng.sample(optional, 7)
            batch.extend(claim(assessment_of[government_id], i, innovation_id) for i in chosen)
            if len(batch) > 20000:
                IndexClaim.objects.bulk_create(batch, batch_size=5000)
                batch = []
        IndexClaim.objects.bulk_create(batch, batch_size=5000)
    built = time.perf_counter() - started
    return framework, built


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use a scratch PostgreSQL database")
    parser.add_argument("--innovations", type=int, default=37_000)
    parser.add_argument("--reuse", action="store_true", help="reuse the database built by the previous run")
    args = parser.parse_args()
    configure(args.postgres, args.reuse)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inovasi.innovation_index import services
    from inovasi.innovation_index.breakdown import build_breakdown
    from inovasi.innovation_index.models import IndexAssessment, IndexClaim, RegionIndex

    if args.reuse:
        from inovasi.innovation_index.models import IndexFramework

        framework, built = IndexFramework.objects.get(year=2026), 0.0
        if framework.is_published:  # a published year is frozen: withdraw it to measure computing
            services.publish_results(framework=framework, actor=None, publish=False)
    else:
        framework, built = build(args.innovations)
    claims = IndexClaim.objects.count()
    pemda = IndexAssessment.objects.count()
    print(f"database: {connection.vendor}; {pemda} Pemda, {args.innovations} innovations, {claims} claims")
    print(f"data built in {built:.1f} s")

    for label in ("compute all (insert)", "compute all (update)"):
        connection.queries_log.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            count = services.compute_framework(framework=framework, actor=None)
        elapsed = time.perf_counter() - started
        print(f"{label}: {count} Pemda in {elapsed:.2f} s, {len(ctx)} queries")

    largest = (
        RegionIndex.objects.filter(framework=framework)
        .order_by("-innovations_reported")
        .select_related("government")
        .first()
    )
    government = largest.government
    assessment = IndexAssessment.objects.select_related("framework", "government").get(
        framework=framework, government=government
    )
    timings, queries = [], 0
    claim = IndexClaim.objects.filter(assessment=assessment, innovation__isnull=True).first()
    for k in range(20):
        IndexClaim.objects.filter(pk=claim.pk).update(validated_value=1 + k % 3)
        connection.queries_log.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            services.recompute_government(framework=framework, government=government)
        timings.append(time.perf_counter() - started)
        queries = len(ctx)
    print(
        f"recompute one region ({government.name}, {largest.innovations_reported} innovations): "
        f"median {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms, {queries} queries"
    )
    started = time.perf_counter()
    breakdown = build_breakdown(assessment)
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"breakdown + what-if ({len(breakdown.improvements)} improvements): {elapsed_ms:.0f} ms")


if __name__ == "__main__":
    main()
