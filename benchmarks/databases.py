"""The database the HTTP benchmarks run against when started as scripts.

`--db sqlite` uses a file under /tmp, `--db postgres` a scratch PostgreSQL database on
127.0.0.1 (created if missing); `--database-url` names any other. If the database holds no
published innovation yet (or with `--fresh`), it is migrated and filled: `--dataset demo` runs
`manage.py load_demo`, `--dataset small|national` runs `manage.py generate_national`.
`benchmarks/run_all.py` does not use this: it fills the database itself and calls `run()`.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.loopback import bench_env  # noqa: E402

SQLITE_PATH = Path(tempfile.gettempdir()) / "inovasi-bench-http" / "bench.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "inovasi_bench_http"


def add_database_arguments(parser):
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", help="use this database instead of the --db default")
    parser.add_argument("--dataset", choices=("demo", "small", "national"), default="demo")
    parser.add_argument("--fresh", action="store_true", help="drop the database and fill it again")


def _manage(database_url: str, *args: str):
    subprocess.run(  # noqa: S603 - our interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=bench_env(database_url), check=True
    )


def published_innovations(database_url: str) -> int:
    """How many published innovations the database holds; -1 when it is not migrated."""
    completed = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--count"],
        cwd=ROOT,
        env=bench_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return -1
    return json.loads(completed.stdout.strip().splitlines()[-1])["published"]


def prepare_database(args) -> str:
    if args.database_url:
        database_url = args.database_url
    elif args.db == "postgres":
        database_url = PG_SERVER + PG_NAME
    else:
        database_url = f"sqlite:///{SQLITE_PATH}"
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _create_postgres(database_url, drop=args.fresh)
    if args.fresh or published_innovations(database_url) <= 0:
        if args.dataset == "demo":
            fill_demo(database_url)
        else:
            _manage(database_url, "migrate", "--noinput", "-v0")
            _manage(database_url, "generate_national", "--size", args.dataset, "--seed", "1")
    return database_url


def fill_demo(database_url: str, *, lite: bool = False):
    """Migrate and load the demo data in one process (one Django start-up instead of two).

    `lite` loads only the regions and the demo's organisations, personas, innovations and
    competition editions (what the public pages and the score test need), skipping the index,
    verification, awards and press demos, which take most of `load_demo`'s time.
    """
    subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--fill-demo-lite" if lite else "--fill-demo"],
        cwd=ROOT,
        env=bench_env(database_url),
        check=True,
    )


def _fill_demo_lite():
    from django.core.management import call_command
    from django.db import transaction

    from inovasi.demo.competitions import load_competitions
    from inovasi.demo.innovations import load_innovations
    from inovasi.demo.organisations import load_organisations
    from inovasi.demo.personas import load_personas

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_regions", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with transaction.atomic():
        loaded = load_organisations()
        load_personas(loaded)
        load_innovations(loaded)
        load_competitions(loaded)


def _create_postgres(database_url: str, *, drop: bool):
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1:] == ["--count"]:
        from inovasi.innovations.models import Innovation

        print(json.dumps({"published": Innovation.objects.published().count()}))
    elif sys.argv[1:] == ["--fill-demo"]:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    elif sys.argv[1:] == ["--fill-demo-lite"]:
        _fill_demo_lite()
    else:
        raise SystemExit(f"unknown command {sys.argv[1:]}")
