"""A deterministic synthetic dataset at national scale, for benchmarks and load tests.

`generate(size="national", seed=20251)` fills an empty, migrated database with:

* the real regions and every autonomous Pemda (`load_regions`, `sync_governments`);
* about 30 agencies per Pemda (Dinas, Badan, RSUD, Puskesmas named after real kecamatan, SMP/SMA
  Negeri, kecamatan offices) in the size's provinces;
* N published innovations (plus 3 % drafts, submissions and archived ones) with Indonesian acronym
  names and an eight-section narrative built around one topic each, urusan and SDG links, named
  people, partners, measurable results, outside awards (5 %) and replications (10 %), and the
  search index (`search.indexing.index_innovations`);
* one KIPP edition (KemenPAN-RB preset) with its proposals (passed the administrative check,
  answers and snapshot frozen), the jurors (a third with a home Pemda, so real conflicts exist), an
  edition panel, and for the first desk evaluation stage three jurors' submitted scorecards per
  proposal (the stage stays open, closing it is what the benchmark times);
* a full index year (IID 2026 preset, BSKDN): every Pemda's submitted assessment with region claims
  and innovation claims for the innovations of the reporting years, validated, computed and
  published.

Everything comes from one `random.Random(seed)` and fixed dates, never the clock, so two runs with
the same size and seed produce the same content (`content_hash` proves it; primary keys may differ
on PostgreSQL, where sequences survive rolled-back transactions). The bulk is written with plain
multi-row INSERTs (`rows`), the search index with the real indexer. A `synthetic.generate` audit
event records size, seed and generator version, which is how `present()` recognises a database
that already holds the dataset. The steps live in `registry`, `competition` and `index_year`.

All synthetic accounts share one password (`PASSWORD`), for load tests on a throwaway database.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from inovasi.audit.models import AuditEvent
from inovasi.audit.services import record_event
from inovasi.synthetic.competition import PASSWORD, CompetitionSteps
from inovasi.synthetic.digest import content_hash
from inovasi.synthetic.index_year import IndexYearSteps
from inovasi.synthetic.registry import RegistrySteps

# 2: the search index also fills the stem table (search.SearchStem); older datasets lack it.
GENERATOR_VERSION = 2
__all__ = ["PASSWORD", "SIZES", "Generator", "Size", "content_hash", "fingerprint", "generate", "present"]


@dataclass(frozen=True)
class Size:
    name: str
    provinces: tuple[str, ...] | None  # None: every province
    innovations: int  # published ones; 3 % more are drafts, submissions or archived
    agencies_per_government: int
    proposals: int
    jurors: int


SIZES = {
    "small": Size("small", ("35", "51", "64"), 2_000, 12, 200, 12),
    "medium": Size("medium", ("11", "32", "33", "35", "51", "52", "61", "64", "73", "91"), 20_000, 20, 1_000, 30),
    "national": Size("national", None, 100_000, 30, 5_000, 60),
}


def fingerprint(size: str, seed: int) -> dict:
    return {"size": size, "seed": seed, "version": GENERATOR_VERSION}


def present() -> dict | None:
    """The fingerprint of the synthetic dataset this database holds, or None."""
    event = AuditEvent.objects.filter(action="synthetic.generate").order_by("-pk").first()
    if event is None:
        return None
    return {key: event.after.get(key) for key in ("size", "seed", "version")}


class Generator(RegistrySteps, CompetitionSteps, IndexYearSteps):
    """Runs the steps in order; each step is a method of one of the mixins (registry, competition,
    index year) and shares the generator's state: the random source, the Pemda, agencies and
    innovations made so far."""

    def __init__(self, size: Size, seed: int, log: Callable[[str], None] | None = None):
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.log = log or (lambda message: None)
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def step(self, name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.timings[name] = round(time.perf_counter() - started, 2)
        self.log(f"{name}: {self.timings[name]:.1f} s")
        return result

    def run(self) -> dict:
        self.step("regions", self.regions)
        self.step("agencies", self.agencies)
        self.step("innovations", self.innovations)
        self.step("replication_flows", self.replication_flows)
        self.step("search_index", self.search_index)
        self.step("competition", self.competition)
        self.step("past_edition", self.past_edition)
        self.step("judging", self.judging)
        self.step("index_year", self.index_year)
        self.step("analyze", self.analyze)
        self.step("fingerprint", self.record)
        return {"fingerprint": fingerprint(self.size.name, self.seed), "counts": self.counts, "timings": self.timings}

    def analyze(self):
        """Planner statistics and, on PostgreSQL, a vacuumed visibility map (a merged full-text index on
        SQLite), as a maintained server has; otherwise autovacuum would start on the freshly written
        tables in the middle of the first measurements."""
        with connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (a test's, for one): ANALYZE alone then.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
            if connection.vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def record(self):
        with transaction.atomic():
            record_event(
                actor=None,
                action="synthetic.generate",
                obj=self.edition,
                after={**fingerprint(self.size.name, self.seed), "counts": self.counts},
            )


def generate(size: str = "national", seed: int = 20251, log: Callable[[str], None] | None = None) -> dict:
    """Fill an empty migrated database with the dataset; returns fingerprint, counts and timings."""
    return Generator(SIZES[size], seed, log).run()
