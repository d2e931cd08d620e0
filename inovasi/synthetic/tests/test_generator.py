"""The synthetic dataset is deterministic and has the promised shape; the benchmark suite runs end to end."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Count, F

from inovasi.competitions.models import Proposal, StageResult
from inovasi.innovation_index.models import IndexAssessment, RegionIndex
from inovasi.innovations import replication_flows
from inovasi.innovations.models import Innovation
from inovasi.judging.models import Scorecard
from inovasi.organisations.models import Agency
from inovasi.search import facets
from inovasi.search.models import SearchAffair, SearchDocument
from inovasi.synthetic.generator import SIZES, Generator, Size, content_hash, generate, present

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow


class _Undo(Exception):
    pass


def _generate_and_undo(size, seed, inspect):
    """Generate inside a savepoint, run `inspect()`, roll back; returns what `inspect` returned."""
    found = None
    try:
        with transaction.atomic():
            generate(size, seed)
            found = inspect()
            raise _Undo
    except _Undo:
        pass
    return found


def _shape():
    return {
        "hash": content_hash(),
        "fingerprint": present(),
        "published": Innovation.objects.published().count(),
        "indexed": SearchDocument.objects.count(),
        "agencies_per_pemda": set(
            Agency.objects.values("government").annotate(n=Count("pk")).values_list("n", flat=True)
        ),
        "proposals": Proposal.objects.filter(edition__year=2025).count(),
        "cards_per_proposal": Counter(
            Scorecard.objects.values("proposal").annotate(n=Count("pk")).values_list("n", flat=True)
        ),
        "conflicted_cards": Scorecard.objects.filter(juror__home_government=F("proposal__government")).count(),
        "assessments": IndexAssessment.objects.count(),
        "published_results": StageResult.objects.filter(stage__results_published_at__isnull=False).count(),
        "region_indices": RegionIndex.objects.count(),
        "facets_right": facets.table_counts() == +facets.compute_counts(SearchDocument, SearchAffair),
        # The replications go in as raw rows; the loader counts the stored province flows after.
        "flows": replication_flows.stored(),
        "flows_right": replication_flows.stored() == replication_flows.computed(),
    }


def test_the_small_dataset_is_the_same_twice_and_has_the_promised_shape(db):
    first = _generate_and_undo("small", 7, _shape)
    assert not Innovation.objects.exists()  # really rolled back
    second = _generate_and_undo("small", 7, _shape)
    assert first == second
    assert first["fingerprint"] == {"size": "small", "seed": 7, "version": 2}
    assert first["published"] == first["indexed"] == SIZES["small"].innovations
    assert first["agencies_per_pemda"] == {SIZES["small"].agencies_per_government}
    assert first["proposals"] == SIZES["small"].proposals
    assert first["cards_per_proposal"] == Counter({3: SIZES["small"].proposals})
    assert first["conflicted_cards"] == 0
    assert first["assessments"] == first["region_indices"] == 60  # the Pemda of Jawa Timur, Bali, Kalimantan Timur
    assert first["published_results"] > 0
    assert first["facets_right"]
    assert first["flows_right"] and first["flows"]


def test_another_seed_gives_other_innovations(db):
    tiny = Size("tiny", ("51",), 40, 4, 0, 0)

    def innovations_of(seed):
        hashes = None
        try:
            with transaction.atomic():
                generator = Generator(tiny, seed)
                generator.regions()
                generator.agencies()
                generator.innovations()
                hashes = sorted(Innovation.objects.values_list("name", "summary"))
                raise _Undo
        except _Undo:
            pass
        return hashes

    assert innovations_of(1) == innovations_of(1)
    assert innovations_of(1) != innovations_of(2)


def test_the_quick_benchmark_run_writes_a_report_with_every_figure(tmp_path):
    """The suite end to end on the small dataset, except the two measures that start gunicorn (about a
    minute even at their shortest; `benchmarks/test_http_smoke.py` covers them): they are reported
    as skipped, and a missing module as "not run"."""
    docs = tmp_path / "performance.md"
    docs.write_text("# Performance\n\nMachine for every figure below: …\n")
    own = ["catalog", "assignment", "stage_close", "exports", "index", "import"]
    completed = subprocess.run(
        [
            sys.executable,
            "benchmarks/run_all.py",
            "--quick",
            "--db",
            "sqlite",
            "--workdir",
            str(tmp_path),
            "--docs",
            str(docs),
            "--only",
            *own,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert set(report["machine"]) >= {
        "cpu",
        "cores",
        "ram_gib",
        "python",
        "sqlite",
        "postgresql",
        "load_average_start",
        "load_average_end",
    }
    assert report["measures"] == [
        "catalog",
        "assignment",
        "stage_close",
        "exports",
        "index",
        "validation_queue",
        "http_load",
        "import",
        "score_concurrency",
        "desks",
        "replication",
    ]
    result = report["databases"]["sqlite"]
    assert set(result) == {"dataset", *report["measures"]}
    assert result["dataset"]["fingerprint"] == {"size": "small", "seed": 20251, "version": 2}
    assert result["dataset"]["counts"]["published"] == 2000
    for name in report["measures"]:
        if name in own:
            assert result[name]["status"] == "ok", (name, result[name])
            assert result[name]["peak_rss_mib"] > 0
        else:
            assert result[name] == {"status": "skipped"}
    catalog = result["catalog"]
    for key in ("cold_p50_ms", "cold_p95_ms", "warm_p95_ms", "floor_p50_ms", "floor_p95_ms", "ratio_cold_p95"):
        assert catalog[key] > 0, key
    for group in ("browse", "filters", "search"):
        assert catalog[f"{group}_cold_p95_ms"] > 0
        assert catalog[f"{group}_ratio_cold_p95"] > 0
    assert len(catalog["per_request"]) == 16  # 12 typical requests + 4 typo and prefix queries
    assert result["assignment"]["proposals"] == 200
    assert result["stage_close"]["scorecards"] == 600
    assert result["exports"]["proposals_rows"] > 0
    assert result["exports"]["ranking_frozen_rows"] == result["exports"]["ranking_live_rows"] > 0
    assert result["index"]["pemda"] == 60
    assert result["import"]["created"] == result["import"]["rows"] == 2000
    text = docs.read_text()
    assert text.count("<!-- bench:start -->") == text.count("<!-- bench:end -->") == 1
    assert "| catalog: unfiltered browse" in text and "| SQLite |" in text


def test_a_measure_module_that_is_missing_is_reported_as_not_run(tmp_path):
    from benchmarks.measures import external

    class Args:
        database_url, seconds, clients = "sqlite:///unused", 1.0, 1

    found = external("no_such_measure", Args())
    assert found["status"] == "not run"
    assert "no_such_measure" in found["reason"]
