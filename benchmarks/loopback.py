"""A real gunicorn on loopback, and a keep-alive load client made of Python threads.

Shared by `benchmarks/http_load.py` and `benchmarks/score_concurrency.py`:

- `GunicornServer` starts `gunicorn config.wsgi:application` with `gthread` workers on
  127.0.0.1 and a free port, with DJANGO_SETTINGS_MODULE=benchmarks.bench_settings (the site plus
  the bench-only minimal view), DEBUG off and the database it is given; it stops the server
  (SIGTERM to the master, SIGKILL to its process group if it lingers) when the block ends.
- `hammer` runs N client threads, each on its own persistent HTTP/1.1 connection, for a fixed
  time after a warm-up, and returns throughput and latency percentiles of the requests that
  completed inside the measured window.
- `run_django` runs a small Django script in a subprocess against the bench database, so the
  calling process (maybe an orchestrator with its own Django set-up) is left alone.

Loopback only, time-bounded: nothing here talks to another host.
"""

import contextlib
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SETTINGS_MODULE = "benchmarks.bench_settings"
MINIMAL_PATH = "/__bench__/minimal/"
PRIME_TIMEOUT = 900  # seconds; a cold national catalog on a busy machine is slow, but not this slow


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1."""
    return 2 * cores() + 1


def default_threads(database_url: str) -> int:
    """Threads per worker: 4 on PostgreSQL (a request waiting on the database frees the CPU for
    another); 1 on SQLite, whose single writer makes extra threads only queue inside SQLite's
    busy handler, which gives up after `busy_timeout` (5 s) with "database is locked" — measured:
    100 clients saving scores got 500s with 4 threads and none with 1 (docs/performance/http.md)."""
    return 1 if database_vendor(database_url) == "sqlite" else 4


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def database_vendor(database_url: str) -> str:
    return "postgresql" if database_url.startswith(("postgres://", "postgresql://")) else "sqlite"


def bench_env(database_url: str, extra: dict | None = None) -> dict:
    """Environment for the server and helper subprocesses.

    Development mode with DEBUG off: the same request path as production minus what needs HTTPS
    (redirect, secure cookies, HSTS) and the 2FA prompt after login. `INOVASI_ENV=test` is kept
    when the caller runs in it (the pytest smoke test: its demo passwords use the test hasher).
    Persistent database connections (`DB_CONN_MAX_AGE=60`) as docs/operations.md recommends.
    """
    env = dict(os.environ)
    mode = env.get("INOVASI_ENV", "development").strip().lower()
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "INOVASI_ENV": mode if mode in ("development", "test") else "development",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "DB_CONN_MAX_AGE": env.get("DB_CONN_MAX_AGE") or "60",
            "REQUIRE_TWO_FACTOR": "0",
            "TASKS_BACKEND": "immediate",
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
        }
    )
    env.update(extra or {})
    return env


def run_django(database_url: str, script: Path, *args: str, timeout: float = 600) -> dict:
    """Run `script` (a Django script printing one JSON object last) in a subprocess; return it."""
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(script), *args],
        cwd=ROOT,
        env=bench_env(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{script.name} {' '.join(args)} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class GunicornServer:
    """`with GunicornServer(url) as server:` — serving on `server.port` until the block ends."""

    def __init__(self, database_url: str, *, workers: int | None = None, threads: int | None = None, timeout=90.0):
        self.database_url = database_url
        self.workers = workers or default_workers()
        self.threads = threads or default_threads(database_url)
        self.start_timeout = timeout
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._log = None
        self._cache_dir = None

    @property
    def describe(self) -> str:
        return f"gunicorn gthread, {self.workers} workers × {self.threads} threads, shared file cache"

    def __enter__(self):
        self.port = free_port()
        self._log = tempfile.NamedTemporaryFile(prefix="inovasi-gunicorn-", suffix=".log", delete=False)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--worker-class=gthread",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            f"--bind={HOST}:{self.port}",
            f"--chdir={ROOT}",
            "--keep-alive=10",
            "--timeout=120",
            "--graceful-timeout=5",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            command,
            cwd=ROOT,
            # As docs/operations.md sets up one server: the workers share one cache directory
            # (a fresh one per run, so no page is served from an earlier run).
            env=bench_env(self.database_url, {"CACHE_BACKEND": "file", "CACHE_DIR": self._new_cache_dir()}),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _wait_ready(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _ = get(self.port, MINIMAL_PATH, timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {self.start_timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-chars:]

    def _new_cache_dir(self) -> str:
        self._cache_dir = tempfile.mkdtemp(prefix="inovasi-cache-")
        return self._cache_dir

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            Path(self._log.name).unlink(missing_ok=True)
            self._log = None
        if self._cache_dir is not None:
            shutil.rmtree(self._cache_dir, ignore_errors=True)
            self._cache_dir = None


def get(port: int, path: str, *, timeout: float = 30, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    expect: tuple[int, ...] = (200,)
    # Optional extra test of a response whose status is expected: check(status, headers) -> bool.
    check: Callable[[int, list], bool] | None = None
    tag: object = None  # the caller's own label (the score test's sequence number)


@dataclass
class Outcome:
    """What one client saw of one request, handed to its `on_done` callback."""

    request: Request
    status: int | None
    body: bytes
    headers: list
    ok: bool
    in_window: bool


@dataclass
class Figures:
    requests: int
    errors: int
    completed: int  # every answered request with the expected status, warm-up included
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    error_samples: list

    def flat(self, prefix: str = "") -> dict:
        keys = ("requests", "errors", "completed", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")
        return {f"{prefix}{key}": getattr(self, key) for key in keys}


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = min(len(sorted_values), max(1, math.ceil(fraction * len(sorted_values))))
    return sorted_values[rank - 1]


def hammer(
    port: int,
    next_request: Callable[[int], Request],
    *,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
    on_done: Callable[[int, Outcome], None] | None = None,
    prime: list[Request] | None = None,
    prime_rounds: int = 2,
) -> Figures:
    """`clients` threads send `next_request(client)` back to back for `warmup + seconds`.

    Each thread keeps one HTTP/1.1 connection open (reconnecting after an error or a server
    close). Requests that finish inside the measured window count towards the throughput and
    the latency percentiles (as wrk counts them); an error is a refused connection, a timeout or
    a status not in `request.expect` (or refused by `request.check`). `on_done(client, outcome)`
    sees every completed request, warm-up included (the score test uses it to know each client's
    last acknowledged write).

    `prime`: before the clock starts, every client sends each of these requests `prime_rounds`
    times, each on a new connection, so that they reach every server worker: per-process caches
    (the public page cache, the catalog's facet counts) are then warm in all of them.
    """
    primed = threading.Barrier(clients + 1)
    go = threading.Event()
    window = {"start": 0.0, "end": 0.0}
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    completed = [0] * clients
    error_samples: list[str] = []
    lock = threading.Lock()

    def client(index: int):
        for n in range(prime_rounds * len(prime or [])):
            request = prime[(index + n) % len(prime)]
            with contextlib.suppress(OSError, http.client.HTTPException):
                once = http.client.HTTPConnection(HOST, port, timeout=300)
                once.request(request.method, request.path, body=request.body, headers=request.headers)
                once.getresponse().read()
                once.close()
        primed.wait(timeout=PRIME_TIMEOUT)
        go.wait()
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            began = time.perf_counter()
            if began >= window["end"]:
                break
            request = next_request(index)
            status, body, headers, problem = None, b"", [], ""
            try:
                conn.request(request.method, request.path, body=request.body, headers=request.headers)
                response = conn.getresponse()
                body = response.read()
                status, headers = response.status, response.getheaders()
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                conn.close()
            finished = time.perf_counter()
            ok = status in request.expect and (request.check is None or request.check(status, headers))
            if not ok and not problem:
                problem = f"HTTP {status} on {request.method} {request.path}: {body[:200]!r}"
            in_window = window["start"] <= finished <= window["end"]
            completed[index] += ok
            if in_window:
                if ok:
                    latencies[index].append(finished - began)
                else:
                    errors[index] += 1
                    with lock:
                        if len(error_samples) < 5:
                            error_samples.append(problem)
            if on_done is not None:
                on_done(index, Outcome(request, status, body, headers, ok, in_window))
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    primed.wait(timeout=PRIME_TIMEOUT)
    now = time.perf_counter()
    window["start"], window["end"] = now + warmup, now + warmup + seconds
    go.set()
    for thread in threads:
        thread.join(timeout=warmup + seconds + 120)
    merged = sorted(x for per_client in latencies for x in per_client)
    count = len(merged)
    return Figures(
        requests=count,
        errors=sum(errors),
        completed=sum(completed),
        seconds=seconds,
        rps=round(count / seconds, 1),
        p50_ms=round(percentile(merged, 0.50) * 1000, 1),
        p95_ms=round(percentile(merged, 0.95) * 1000, 1),
        p99_ms=round(percentile(merged, 0.99) * 1000, 1),
        max_ms=round((merged[-1] if merged else 0.0) * 1000, 1),
        error_samples=error_samples,
    )
