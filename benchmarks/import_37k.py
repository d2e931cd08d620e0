"""Benchmark: import 37,000 innovations from one XLSX file through the real import service.

Not a test. Sets Django up itself on a throwaway database, writes the XLSX with openpyxl, then runs
the same code the upload page runs (`inspect_upload` for the synchronous header check, then
`run_import` as the background task does), and prints the timings.

    .venv/bin/python benchmarks/import_37k.py                 # SQLite file under /tmp
    .venv/bin/python benchmarks/import_37k.py --postgres      # scratch PostgreSQL database
    .venv/bin/python benchmarks/import_37k.py --rows 5000 --draft

The PostgreSQL URL defaults to postgres://postgres@127.0.0.1:5432/inovasi_bench_import (created if
missing; override with --postgres-url). Results are recorded in docs/performance/import.md.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "pelayanan",
    "publik",
    "masyarakat",
    "petani",
    "pasar",
    "sekolah",
    "puskesmas",
    "warga",
    "desa",
    "kelurahan",
    "aplikasi",
    "daring",
    "data",
    "layanan",
    "cepat",
    "mudah",
    "murah",
    "terbuka",
    "pengaduan",
    "sampah",
    "limbah",
    "gizi",
    "balita",
    "ibu",
    "hamil",
    "lansia",
    "disabilitas",
    "usaha",
    "mikro",
    "produk",
    "lokal",
    "wisata",
    "air",
    "bersih",
    "jalan",
    "rumah",
    "bencana",
    "longsor",
    "izin",
    "pajak",
]
STAGES = ["Inisiatif", "Uji coba", "Penerapan", "penerapan", "uji_coba"]
FORMS = ["Inovasi pelayanan publik", "Inovasi tata kelola pemerintahan daerah", "lainnya"]
AFFAIRS = ["1.01", "1.02", "1.03", "1.04", "1.05", "1.06", "2.11", "3.27", "3.30", "5.01"]


def _text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _prepare_database(args):
    workdir = Path(tempfile.mkdtemp(prefix="inovasi-bench-import-"))
    os.environ["INOVASI_VAR_DIR"] = str(workdir)
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ["DEBUG"] = "false"  # no query log: measure what production runs
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.postgres:
        import psycopg

        url = args.postgres_url
        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from inovasi.organisations.services import sync_governments
    from inovasi.regions.services import load_regions

    load_regions()
    sync_governments()
    return workdir


def _cast(agency_count):
    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.organisations.enums import AgencyKind
    from inovasi.organisations.models import Agency, Government

    government = Government.objects.get(region__code="35.79")
    agencies = [
        Agency.objects.create(government=government, name=f"Perangkat Daerah Uji {n:02d}", kind=AgencyKind.DINAS)
        for n in range(1, agency_count + 1)
    ]
    admin = User.objects.create_user("admin.bench@uji.test", "Sandi-Uji-12345", full_name="Admin Bench")
    Membership.objects.create(user=admin, role=Role.PEMDA_ADMIN, government=government)
    return government, agencies, admin


def _write_xlsx(path, rows, agencies):
    import random

    from openpyxl import Workbook

    from inovasi.data_exchange.columns import COLUMNS

    rng = random.Random(37000)  # noqa: S311 (test data, not secrets)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data Inovasi")
    sheet.append([c.header for c in COLUMNS])
    for n in range(1, rows + 1):
        has_result = n % 3 == 0
        sheet.append(
            [
                f"Inovasi Uji Beban {n:05d}",
                _text(rng, 5),
                agencies[n % len(agencies)].name,
                "Perangkat daerah (OPD)" if n % 2 else "asn",
                FORMS[n % len(FORMS)],
                "Digital" if n % 2 else "non_digital",
                STAGES[n % len(STAGES)],
                ";".join(rng.sample(AFFAIRS, 2)),
                f"{n % 17 + 1};{(n + 5) % 17 + 1}",
                f"{2015 + n % 10}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
                if n % 2
                else f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2020",
                2025,
                _text(rng, 60),
                _text(rng, 40),
                _text(rng, 25),
                _text(rng, 25),
                _text(rng, 25),
                _text(rng, 15),
                _text(rng, 15),
                _text(rng, 25),
                "Penerima manfaat" if has_result else None,
                1000 + n if has_result else None,
                "orang" if has_result else None,
                2025 if has_result else None,
            ]
        )
    workbook.save(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=37_000)
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/inovasi_bench_import")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import itself")
    parser.add_argument("--draft", action="store_true", help="import as drafts (default: published, so indexed)")
    args = parser.parse_args()

    workdir = _prepare_database(args)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from inovasi.data_exchange.models import ImportJob
    from inovasi.data_exchange.services import ImportTimings, _sha256, inspect_upload, run_import
    from inovasi.innovations.models import Innovation
    from inovasi.search.models import SearchDocument

    government, agencies, admin = _cast(args.agencies)
    path = workdir / "impor-37k.xlsx"
    started = time.perf_counter()
    _write_xlsx(path, args.rows, agencies)
    write_file = time.perf_counter() - started

    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("impor-37k.xlsx", handle.read())
    started = time.perf_counter()
    fmt = inspect_upload(upload)
    inspect = time.perf_counter() - started

    job = ImportJob(
        government=government,
        created_by=admin,
        original_name=upload.name,
        format=fmt,
        sha256=_sha256(upload),
        publish=not args.draft,
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    timings = ImportTimings()
    started = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run_import, job=job, timings=timings)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    else:
        run_import(job=job, timings=timings)
    total = time.perf_counter() - started
    job.refresh_from_db()

    print(f"database        : {connection.vendor} ({'PostgreSQL' if args.postgres else workdir / 'bench.sqlite3'})")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine         : {machine}")
    print(f"rows            : {args.rows:,} ({path.stat().st_size / 1e6:.1f} MB XLSX, written in {write_file:.1f} s)")
    print(f"job             : {job.status}, created {job.created_count:,}, errors {job.error_count}")
    print(f"header check    : {inspect:.2f} s (synchronous, at upload)")
    print(f"read XLSX       : {timings.read:.1f} s")
    print(f"validate rows   : {timings.validate:.1f} s")
    print(f"write rows      : {timings.write:.1f} s")
    print(f"search index    : {timings.index:.1f} s (inovasi.search.indexing.index_innovations)")
    committed = timings.read + timings.validate + timings.write
    print(f"rows committed  : {committed:.1f} s after the job started (job succeeded; target < 60 s)")
    print(f"import total    : {total:.1f} s (including the search index, built after commit)")
    print(f"innovations     : {Innovation.objects.count():,}; search entries {SearchDocument.objects.count():,}")
    if job.status != "succeeded":
        print(job.errors[:5])
        sys.exit(1)


if __name__ == "__main__":
    main()
