"""The benchmark suite: build the synthetic dataset once per database, measure everything, report.

    make bench                                                       # national size, SQLite and PostgreSQL
    .venv/bin/python benchmarks/run_all.py --db sqlite               # national size, SQLite only
    .venv/bin/python benchmarks/run_all.py --quick --db sqlite --workdir /tmp/b   # small size, smoke test

Per database it migrates and fills the dataset with `manage.py generate_national` (SQLite file
`<workdir>/<size>.sqlite3`, PostgreSQL database `bench_<size>`); a database that already holds the
same size, seed and generator version is reused, one holding anything else is dropped and rebuilt.
Then every measure of `measures.py` runs in its own process (peak memory = that process's maximum
resident set size, from `os.wait4`): catalog search against its raw-SQL floor, assignment, stage
close, index computation, public pages under a real server (`benchmarks/http_load.py`) and
concurrent score saving (`benchmarks/score_concurrency.py`) when those modules exist, and the
37,000-row import. Writers run on a scratch copy of the dataset (SQLite file copy, PostgreSQL
`CREATE DATABASE … TEMPLATE`) or inside a rolled-back transaction, so the dataset stays reusable.

Writes `<workdir>/report.json` and, unless `--no-docs` (default for `--quick`), the table between
`<!-- bench:start -->` and `<!-- bench:end -->` in docs/performance.md. Loopback only.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DATABASES = ("sqlite", "postgresql")
# measure → (runs on a scratch copy, its target as text)
MEASURES = {
    "catalog": (False, "p95 < 50 ms and ≤ 2× the raw-SQL floor"),
    "assignment": (False, "< 2 s"),
    "stage_close": (False, "< 2 s"),
    "exports": (False, "< 2 s each"),
    "index": (False, "< 5 s (one Pemda < 100 ms)"),
    "validation_queue": (True, "first page p95 < 300 ms; bulk accept of 500 < 2 s"),
    "http_load": (False, "≥ 50 % of the minimal view's throughput"),
    "import": (True, "< 60 s"),
    "score_concurrency": (True, "no lost write"),
    "desks": (False, "every desk p95 < 300 ms and < 300 KB"),
    "replication": (False, "p95 < 300 ms per page"),
}


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- Machine ----------------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _pg_version(server: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{server}/postgres", connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # any failure means "no PostgreSQL here"
        return None


def machine(pg_server: str) -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _pg_version(pg_server),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


# --- Processes ----------------------------------------------------------------------------------------


def run_child(command: list[str], env: dict, logfile: Path, timeout: float) -> tuple[int, str, float, float]:
    """Run a command; returns (exit status, stdout, seconds, peak RSS in MiB of that process)."""
    started = time.perf_counter()
    out_path = logfile.with_suffix(".out")
    with open(out_path, "w") as out, open(logfile, "a") as err:
        err.write(f"\n$ {' '.join(command)}\n")
        err.flush()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)  # noqa: S603 - our own scripts
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text()
    out_path.unlink()
    return process.returncode, stdout, time.perf_counter() - started, round(usage.ru_maxrss / 1024, 1)


def base_env(database_url: str, workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        INOVASI_ENV="development",
        DEBUG="0",
        INOVASI_VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
    )
    return env


# --- Databases ------------------------------------------------------------------------------------------


class Target:
    """One database the suite runs against: where it is, how to recreate and copy it."""

    def __init__(self, vendor: str, args):
        self.vendor = vendor
        self.args = args
        if vendor == "sqlite":
            self.path = args.workdir / f"{args.size}.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.scratch_path = args.workdir / f"{args.size}-scratch.sqlite3"
            self.scratch_url = f"sqlite:///{self.scratch_path}"
        else:
            self.name = args.pg_database or f"bench_{args.size}"
            self.url = f"{args.pg_server}/{self.name}"
            self.scratch_name = f"{self.name}_scratch"
            self.scratch_url = f"{args.pg_server}/{self.scratch_name}"

    def _pg(self, *statements):
        import psycopg

        with psycopg.connect(f"{self.args.pg_server}/postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def create_if_missing(self):
        if self.vendor == "sqlite":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return
        import psycopg

        with psycopg.connect(f"{self.args.pg_server}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone():
                conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            self._pg(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def make_scratch(self):
        self.drop_scratch()
        if self.vendor == "sqlite":
            for suffix in ("", "-wal"):
                source = Path(f"{self.path}{suffix}")
                if source.exists():
                    shutil.copyfile(source, f"{self.scratch_path}{suffix}")
        else:
            self._pg(f'CREATE DATABASE "{self.scratch_name}" TEMPLATE "{self.name}"')

    def drop_scratch(self):
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.scratch_path}{suffix}").unlink(missing_ok=True)
        else:
            self._pg(f'DROP DATABASE IF EXISTS "{self.scratch_name}" WITH (FORCE)')


def ensure_dataset(target: Target, args, logfile: Path) -> dict:
    """Migrate and generate (or reuse) the dataset; returns what the generator reported."""
    env = base_env(target.url, args.workdir)
    manage = [PYTHON, "manage.py"]
    generate = [
        *manage,
        "generate_national",
        "--size",
        args.size,
        "--seed",
        str(args.seed),
        "--skip-if-present",
        "--json",
    ]
    if args.rebuild:
        target.drop()
    for attempt in (1, 2):
        target.create_if_missing()
        status, _out, _s, _rss = run_child([*manage, "migrate", "--noinput", "-v0", "--skip-checks"], env, logfile, 900)
        if status != 0:
            raise SystemExit(f"migrate failed on {target.vendor}; see {logfile}")
        status, out, seconds, rss = run_child(generate, env, logfile, 3600)
        if status == 0:
            summary = json.loads(out.strip().splitlines()[-1])
            summary["build_s"] = 0.0 if summary.get("skipped") else round(seconds, 1)
            summary["peak_rss_mib"] = rss
            return summary
        if status == 3 and attempt == 1:
            log(f"{target.vendor}: the database holds other data; rebuilding it")
            target.drop()
            continue
        raise SystemExit(f"generate_national failed on {target.vendor} (exit {status}); see {logfile}")
    raise SystemExit("unreachable")


def run_measure(name: str, target: Target, args, logfile: Path) -> dict:
    on_scratch = MEASURES[name][0]
    url = target.scratch_url if on_scratch else target.url
    command = [PYTHON, "benchmarks/measures.py", name, "--database-url", url, "--workdir", str(args.workdir)]
    if args.quick:
        command.append("--quick")
    if name == "http_load":
        command += ["--seconds", str(args.http_seconds), "--clients", str(args.http_clients)]
    elif name == "score_concurrency":
        command += ["--seconds", str(args.score_seconds), "--clients", str(args.score_clients)]
    status, out, seconds, rss = run_child(command, base_env(url, args.workdir), logfile, 1800)
    lines = out.strip().splitlines()
    if status != 0 or not lines:
        return {"status": "failed", "exit": status, "wall_s": round(seconds, 1), "log": str(logfile)}
    figures = json.loads(lines[-1])
    figures.setdefault("status", "ok")
    figures["peak_rss_mib"] = rss
    figures["wall_s"] = round(seconds, 1)
    return figures


def run_database(vendor: str, args, report: dict) -> None:
    target = Target(vendor, args)
    logfile = args.workdir / f"bench-{vendor}.log"
    logfile.unlink(missing_ok=True)
    result = report["databases"][vendor] = {}
    log(f"{vendor}: dataset {args.size}, seed {args.seed}")
    result["dataset"] = ensure_dataset(target, args, logfile)
    built = result["dataset"]
    log(f"{vendor}: dataset " + ("reused" if built.get("skipped") else f"built in {built['build_s']} s"))
    scratch = False
    for name in MEASURES:
        if name not in args.measures:
            result[name] = {"status": "skipped"}
            continue
        if MEASURES[name][0] and not scratch:
            target.make_scratch()
            scratch = True
        log(f"{vendor}: {name} …")
        result[name] = run_measure(name, target, args, logfile)
        log(f"{vendor}: {name} → {summary_of(name, result[name])}")
    if scratch:
        target.drop_scratch()


# --- Report -------------------------------------------------------------------------------------------------


def _cpu(figures: dict) -> str:
    return f", CPU {figures['cpu_s']} s" if "cpu_s" in figures else ""


def _ratio(value) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".") + "×"


def _http(figures: dict) -> str:
    pages = ", ".join(
        f"{page} {_ratio(figures.get(f'{page}_ratio'))}"
        for page in ("catalog", "innovation", "region", "results")
        if f"{page}_ratio" in figures
    )
    uncached = ", ".join(
        f"{page} {_ratio(figures.get(f'{page}_uncached_ratio'))}"
        for page in ("catalog", "innovation", "region", "results")
        if f"{page}_uncached_ratio" in figures
    )
    text = (
        f"{figures.get('clients')} clients: mixed pages {figures.get('rps')} req/s, p95 {figures.get('p95_ms')} ms; "
        f"minimal view {figures.get('minimal_rps')} req/s, p95 {figures.get('minimal_p95_ms')} ms. "
        f"Throughput ÷ minimal: mixed {_ratio(figures.get('ratio'))}; {pages}"
    )
    if uncached:
        text += f"; uncached: {uncached}"
    return text + f"; errors {figures.get('errors', 0)}"


def _exports(figures: dict) -> str:
    def cell(name):
        return f"{figures[f'{name}_s']} s (CPU {figures[f'{name}_cpu_s']} s)"

    return (
        f"proposals ({figures['proposals_rows']:,} rows) CSV {cell('proposals_csv')}, "
        f"XLSX {cell('proposals_xlsx')}; ranking ({figures['ranking_frozen_rows']:,} rows) frozen "
        f"CSV {cell('ranking_frozen_csv')}, XLSX {cell('ranking_frozen_xlsx')}; "
        f"live CSV {cell('ranking_live_csv')}, XLSX {cell('ranking_live_xlsx')}"
    )


def _scores(figures: dict) -> str:
    return (
        f"{figures.get('clients')} clients: {figures.get('rps')} saves/s, p50/p95 {figures.get('p50_ms')}/"
        f"{figures.get('p95_ms')} ms, errors {figures.get('errors')}; lost writes {figures.get('lost_writes')}, "
        f"torn {figures.get('torn_writes')}"
    )


def _desks(figures: dict) -> str:
    pages = figures.get("pages", {})
    worst = max(pages.items(), key=lambda item: item[1]["p95_ms"], default=(None, None))[0]
    return (
        f"{len(pages)} pages (first and filtered), worst p95 {figures.get('worst_p95_ms')} ms ({worst}), "
        f"heaviest {figures.get('worst_kb')} KB; errors {figures.get('errors')}"
    )


def summary_of(name: str, figures: dict, part: str = "") -> str:
    """One cell of the docs table (`part` picks a row of the catalog: browse, filters, search, all)."""
    status = figures.get("status")
    if status in ("not run", "skipped"):
        return status
    if status == "failed":
        return "failed (see log)"
    memory = f" · {figures['peak_rss_mib']:.0f} MiB"
    if name == "catalog" and part:
        return (
            f"cold {figures[f'{part}_cold_p95_ms']} ms, warm {figures[f'{part}_warm_p95_ms']} ms; "
            f"floor {figures[f'{part}_floor_p95_ms']} ms → {_ratio(figures[f'{part}_ratio_cold_p95'])}"
        )
    if name == "catalog":
        return (
            f"cold p50/p95 {figures['cold_p50_ms']}/{figures['cold_p95_ms']} ms, "
            f"warm {figures['warm_p50_ms']}/{figures['warm_p95_ms']} ms; "
            f"floor {figures['floor_p50_ms']}/{figures['floor_p95_ms']} ms; "
            f"p95 ÷ floor: cold {_ratio(figures['ratio_cold_p95'])}, warm {_ratio(figures['ratio_warm_p95'])}" + memory
        )
    if name == "replication":
        return (
            f"p50/p95 innovation {figures['innovation']['p50_ms']}/{figures['innovation']['p95_ms']} ms, "
            f"region {figures['region']['p50_ms']}/{figures['region']['p95_ms']} ms, "
            f"national {figures['national']['p50_ms']}/{figures['national']['p95_ms']} ms "
            f"({figures['replications']:,} replications)" + memory
        )
    if name == "import":
        return (
            f"{figures['rows']:,} rows: committed {figures['committed_s']} s, "
            f"with the search index {figures['seconds']} s{_cpu(figures)}" + memory
        )
    if name == "index":
        return (
            f"{figures['seconds']} s{_cpu(figures)} for {figures['pemda']} Pemda ({figures['claims']:,} claims); "
            f"one Pemda {figures['one_pemda_median_ms']} ms" + memory
        )
    if name == "assignment":
        return (
            f"{figures['seconds']} s{_cpu(figures)} ({figures['proposals']:,} × k = {figures['k']}, "
            f"{figures['jurors']} jurors)" + memory
        )
    if name == "stage_close":
        return (
            f"{figures['seconds']} s{_cpu(figures)} ({figures['scorecards']:,} scorecards × "
            f"{figures['criteria']} criteria)" + memory
        )
    if name == "exports":
        return _exports(figures) + memory
    if name == "validation_queue":
        return (
            f"first page p50/p95 {figures['first_page']['p50_ms']}/{figures['first_page']['p95_ms']} ms "
            f"({figures['claims_in_queue']:,} pending claims of {figures['pemda_assigned']} Pemda, "
            f"{figures['claims_total']:,} in the year); bulk accept of 500 {figures['bulk_accept_500_s']} s" + memory
        )
    if name == "http_load":
        return _http(figures) + memory
    if name == "score_concurrency":
        return _scores(figures) + memory
    if name == "desks":
        return _desks(figures) + memory
    shown = {k: v for k, v in figures.items() if k not in ("status", "peak_rss_mib", "wall_s", "children_peak_rss_mib")}
    return ", ".join(f"{k} {v}" for k, v in shown.items() if not isinstance(v, (dict, list))) + memory


LABELS = {
    "catalog": "catalog: all 16 requests together (in-process search + one page of rows)",
    "http_load": "public pages under gunicorn on loopback (`benchmarks/http_load.py`)",
    "score_concurrency": "juror score saving, concurrent clients (`benchmarks/score_concurrency.py`)",
    "assignment": "assign 5,000 proposals to 60 jurors, k = 3 (`assign_automatically`)",
    "stage_close": "close the desk evaluation: 15,000 scorecards, z-score, hash, minutes PDF",
    "exports": "organizer downloads through the one exporter, worst of 3 (proposal list; full ranking frozen and live)",
    "index": "compute the index for every Pemda (and one Pemda again)",
    "validation_queue": "a validator's queue, first page (rendered view), and bulk accept of 500 claims",
    "import": "import 37,000 rows from XLSX as published, into the national dataset",
    "desks": "organizer desks under gunicorn, 2 workers (`benchmarks/desks.py`)",
    "replication": "replication pages with 20,000 replications added (innovation two hops, region, 38 × 38 matrix)",
}
CATALOG_ROWS = [
    ("browse", "catalog: unfiltered browse, pages 1 and 3 (worst p95)", "p95 < 50 ms"),
    ("filters", "catalog: filters only (province + type, kab/kota + stage, replicated, award + year)", "p95 < 50 ms"),
    (
        "search",
        "catalog: full-text searches (10, 77 to 30,386 matches, four of them typo or prefix; the worst)",
        "≤ 2× the floor",
    ),
]


def markdown(report: dict) -> str:
    m = report["machine"]
    vendors = [v for v in DATABASES if v in report["databases"]]
    counts = next(iter(report["databases"].values()))["dataset"].get("counts") or {}
    lines = [
        START,
        f"Latest `make bench` run ({report['finished_at']}, {report['duration_s'] / 60:.1f} min in all; "
        f"`benchmarks/run_all.py --size {report['size']} --seed {report['seed']}`; method in "
        "[performance/bench.md](performance/bench.md)).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; {m['os']}; Python {m['python']}; "
        f"SQLite {m['sqlite']}; PostgreSQL {m['postgresql'] or 'not available'} on the same host. "
        f"Load average {' '.join(map(str, m['load_average_start']))} at the start, "
        f"{' '.join(map(str, m['load_average_end']))} at the end.",
        "",
    ]
    if counts:
        lines += [
            "Dataset: "
            + ", ".join(f"{counts[k]:,} {k.replace('_', ' ')}" for k in counts if isinstance(counts[k], int))
            + ".",
            "",
        ]
    header = "| measure | target | " + " | ".join("SQLite" if v == "sqlite" else "PostgreSQL" for v in vendors) + " |"
    lines += [header, "|---|---|" + "---|" * len(vendors)]
    build = " | ".join(
        (
            "reused"
            if report["databases"][v]["dataset"].get("skipped")
            else f"{report['databases'][v]['dataset']['build_s']} s"
        )
        + f" · {report['databases'][v]['dataset']['peak_rss_mib']:.0f} MiB"
        for v in vendors
    )
    lines.append(f"| build the dataset (`generate_national`) | a few minutes | {build} |")
    for name in report["measures"]:
        results = [report["databases"][v].get(name, {"status": "not run"}) for v in vendors]
        if name == "catalog":
            for part, label, target in CATALOG_ROWS:
                cells = " | ".join(summary_of(name, r, part) if r.get("status") == "ok" else "—" for r in results)
                lines.append(f"| {label} | {target} | {cells} |")
        cells = " | ".join(summary_of(name, r) for r in results)
        lines.append(f"| {LABELS[name]} | {MEASURES[name][1]} | {cells} |")
    lines += [
        "",
        "Catalog: cold = facet counts computed (first request after an index write), warm = the same "
        "request again; floor = the same request as raw SQL without facets. Other cells: wall time "
        "(and the measuring process's CPU time) · peak resident memory of that process.",
        END,
    ]
    return "\n".join(lines)


def write_docs(path: Path, block: str) -> None:
    text = path.read_text()
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        marker = "\nMachine for every figure below"
        head, sep, tail = text.partition(marker)
        text = (
            f"{head}\n## Latest benchmark run\n\n{block}\n\n## Earlier figures\n{sep}{tail}"
            if sep
            else f"{text}\n{block}\n"
        )
    path.write_text(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--size", choices=("small", "medium", "national"), default="national")
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--quick", action="store_true", help="small dataset, fewer repetitions (smoke test)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--pg-database", default=None, help="PostgreSQL database name (default bench_<size>)")
    parser.add_argument("--docs", type=Path, default=None, help="Markdown file to update (default docs/performance.md)")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="drop and regenerate the dataset")
    parser.add_argument("--only", nargs="+", choices=list(MEASURES), help="run only these measures")
    args = parser.parse_args(argv)
    if args.quick:
        args.size = "small"
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.measures = [m for m in MEASURES if not args.only or m in args.only]
    args.http_seconds, args.http_clients = (2, 4) if args.quick else (10, 16)
    args.score_seconds, args.score_clients = (2, 10) if args.quick else (10, 100)
    docs = None if args.no_docs else (args.docs or (None if args.quick else ROOT / "docs" / "performance.md"))

    started = time.perf_counter()
    report = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "seed": args.seed,
        "quick": args.quick,
        "measures": list(MEASURES),
        "selected": args.measures,
        "targets": {name: target for name, (_scratch, target) in MEASURES.items()},
        "machine": machine(args.pg_server),
        "databases": {},
    }
    vendors = {"sqlite": ["sqlite"], "postgres": ["postgresql"], "both": ["sqlite", "postgresql"]}[args.db]
    for vendor in vendors:
        if vendor == "postgresql" and report["machine"]["postgresql"] is None:
            log(f"PostgreSQL is not reachable at {args.pg_server}: skipped")
            report["databases"][vendor] = {"status": "not run", "reason": f"no PostgreSQL at {args.pg_server}"}
            continue
        run_database(vendor, args, report)
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["duration_s"] = round(time.perf_counter() - started, 1)
    report["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes")
    path = args.workdir / "report.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    ran = {v: d for v, d in report["databases"].items() if "dataset" in d}
    if docs and ran:
        write_docs(docs, markdown({**report, "databases": ran}))
        log(f"table written to {docs}")
    log(f"report written to {path} ({report['duration_s'] / 60:.1f} min)")
    failed = [
        f"{v}/{n}" for v, d in ran.items() for n, f in d.items() if isinstance(f, dict) and f.get("status") == "failed"
    ]
    if failed:
        log(f"failed measures: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
