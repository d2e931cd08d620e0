"""Benchmark: assigning 5,000 proposals to 60 jurors with k = 3, and closing a stage of
5,000 proposals × 3 jurors × 5 criteria.

    .venv/bin/python benchmarks/judging.py              # throwaway SQLite file under /tmp
    .venv/bin/python benchmarks/judging.py --postgres   # scratch PostgreSQL database

It builds the database itself (migrate, the real regions and Pemda, a KOVABLIK edition from the
preset, 5,000 proposals that passed the administrative check spread over the Pemda of Jawa Timur,
60 jurors of whom 20 have a home Pemda, so real conflicts apply), then times
`assign_automatically` (target: < 2 s) and, after bulk-inserting 15,000 submitted
scorecards, `closing.close_stage` including the hash and the minutes PDF (target: < 2 s).
Results are recorded in docs/performance/judging.md.
"""

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = Path(tempfile.gettempdir()) / "inovasi-bench-judging" / "bench.sqlite3"
PG_NAME = "inovasi_bench_judging"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"


def configure(postgres: bool) -> None:
    if postgres:
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
    os.environ["MEDIA_ROOT"] = str(SQLITE_PATH.parent / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def build(proposals: int, jurors: int):
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.competitions.editions import create_edition_from_preset
    from inovasi.competitions.enums import ProposalState, StageKind
    from inovasi.competitions.models import Proposal
    from inovasi.innovations.enums import InnovationStatus
    from inovasi.innovations.models import GovernmentAffair, Innovation
    from inovasi.judging.models import Juror
    from inovasi.organisations.enums import AgencyKind
    from inovasi.organisations.models import Agency, Government, OrganizerBody
    from inovasi.organisations.services import sync_governments
    from inovasi.regions.services import load_regions

    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]
    call_command("migrate", verbosity=0)
    load_regions()
    sync_governments()
    rng = random.Random(2025)  # noqa: S311 — synthetic data
    province = Government.objects.get(region__code="35")
    body = OrganizerBody.objects.create(name="Biro Organisasi Jatim", short_name="Biro Org", government=province)
    organizer = User.objects.create_user("panitia@bench.test", "x", full_name="Panitia")
    Membership.objects.create(user=organizer, role=Role.ORGANIZER, organizer_body=body)
    edition = create_edition_from_preset(preset="kovablik-jatim", body=body, year=2025, actor=organizer)
    stage = edition.stages.filter(kind=StageKind.DESK_EVALUATION).order_by("order").first()
    now = timezone.now()
    stage.opens_at, stage.closes_at = now - timedelta(days=1), now + timedelta(days=30)
    stage.save()
    governments = list(Government.objects.filter(region__code__startswith="35").order_by("pk"))
    agencies = Agency.objects.bulk_create(
        [Agency(government=g, name=f"Dinas {i} {g.name}", kind=AgencyKind.DINAS) for g in governments for i in range(3)]
    )
    affairs = list(GovernmentAffair.objects.order_by("pk"))
    innovations = Innovation.objects.bulk_create(
        [
            Innovation(
                agency=a,
                government_id=a.government_id,
                name=f"Inovasi {n}",
                status=InnovationStatus.PUBLISHED,
                year=2025,
                started_on=now.date() - timedelta(days=900),
            )
            for n, a in ((n, rng.choice(agencies)) for n in range(proposals))
        ],
        batch_size=1000,
    )
    through = Innovation.affairs.through
    through.objects.bulk_create(
        [through(innovation_id=i.pk, governmentaffair_id=rng.choice(affairs).pk) for i in innovations],
        batch_size=2000,
    )
    group = edition.groups.get(code="umum")
    Proposal.objects.bulk_create(
        [
            Proposal(
                edition=edition,
                innovation=i,
                government_id=i.government_id,
                agency_id=i.agency_id,
                group=group,
                title=i.name,
                state=ProposalState.PASSED_ADMIN,
                submitted_at=now - timedelta(minutes=n),
            )
            for n, i in enumerate(innovations)
        ],
        batch_size=1000,
    )
    users = User.objects.bulk_create([User(email=f"juri{n}@bench.test", full_name=f"Juri {n}") for n in range(jurors)])
    Membership.objects.bulk_create([Membership(user=u, role=Role.JUROR, organizer_body=body) for u in users])
    made = Juror.objects.bulk_create(
        [
            Juror(user=u, body=body, name=u.full_name, home_government=governments[n] if n < 20 else None)
            for n, u in enumerate(users)
        ]
    )
    for juror in made:
        juror.expertise.set(rng.sample(affairs, 3))
    return stage, organizer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="use a scratch PostgreSQL database")
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--jurors", type=int, default=60)
    args = parser.parse_args()
    configure(args.postgres)
    from django.db import connection
    from django.utils import timezone

    from inovasi.judging import closing
    from inovasi.judging.assignment import assign_automatically
    from inovasi.judging.models import Assignment, Scorecard, ScorecardState
    from inovasi.judging.stages import settings_for

    t0 = time.perf_counter()
    stage, organizer = build(args.proposals, args.jurors)
    print(f"build: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    summary = assign_automatically(stage=stage, actor=organizer, k=3)
    assign_s = time.perf_counter() - t0
    print(f"assign {args.proposals} × k=3 over {args.jurors} jurors: {assign_s:.2f} s {summary}")
    rng = random.Random(7)  # noqa: S311 — synthetic data
    codes = list(stage.criteria.values_list("code", flat=True))
    now = timezone.now()
    Scorecard.objects.bulk_create(
        [
            Scorecard(
                stage=stage,
                juror_id=j,
                proposal_id=p,
                values={c: rng.randint(40, 95) for c in codes},
                state=ScorecardState.SUBMITTED,
                submitted_at=now,
            )
            for p, j in Assignment.objects.filter(stage=stage).values_list("proposal_id", "juror_id")
        ],
        batch_size=2000,
    )
    judging = settings_for(stage)
    judging.aggregation, judging.tie_breaks = "zscore", [f"criterion:{codes[0]}", "submitted_at"]
    judging.save()
    t0 = time.perf_counter()
    closure = closing.close_stage(stage=stage, actor=organizer, confirm=True)
    close_s = time.perf_counter() - t0
    print(
        f"close stage ({Scorecard.objects.count()} scorecards × {len(codes)} criteria, z-score): {close_s:.2f} s "
        f"sha256={closure.sha256[:16]}… pdf={closure.minutes.size} bytes"
    )
    print(f"database: {connection.vendor}; python {platform.python_version()}; cpus {os.cpu_count()}")
    ok = assign_s < 2 and close_s < 2
    print("OK" if ok else "SLOWER THAN TARGET")


if __name__ == "__main__":
    main()
