"""One benchmark measure per call, run by `run_all.py` in a fresh process against a built dataset.

    .venv/bin/python benchmarks/measures.py catalog --database-url sqlite:////path/national.sqlite3

Prints one JSON line (the figures, plus `peak_rss_mib` of this process) as the last line of stdout.
Measures that change data run inside a transaction that is rolled back (assignment, stage close,
index), or against a scratch copy of the dataset that `run_all.py` makes and drops (import, score
saving), so the dataset can be reused by the next run.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.catalog_search import QUERIES, percentile  # noqa: E402 - needs the path above

MEASURES = (
    "catalog",
    "assignment",
    "stage_close",
    "exports",
    "index",
    "validation_queue",
    "import",
    "http_load",
    "score_concurrency",
    "desks",
    "replication",
)


def setup_django(database_url: str, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["INOVASI_ENV"] = "development"
    os.environ["DEBUG"] = "0"  # no query log: measure what production runs
    os.environ["INOVASI_VAR_DIR"] = str(workdir)
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run the block in a transaction and undo it, so the dataset stays as generated."""
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def ms(samples) -> dict:
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 95), 1)}


# --- Catalog search ----------------------------------------------------------------------------


def _floor_sql(params, terms, page: int):
    """The same request as hand-written SQL: the match count and one page of names (no facets)."""
    from django.db import connection

    where, args = [], []
    for key, value in params.filters.items():
        if key in ("province", "region"):
            where.append(f"d.{key}_code = %s")
            args.append(value)
        elif key == "affair":
            where.append("d.innovation_id IN (SELECT document_id FROM search_searchaffair WHERE affair_code = %s)")
            args.append(value)
        elif key == "start_year":
            where.append("d.start_year = %s")
            args.append(int(value))
        elif key == "award":
            where.append("d.outside_award_count > 0")
        elif key == "replicated":
            where.append("d.replication_count > 0" if value == "yes" else "d.replication_count = 0")
        else:
            where.append(f"d.{key} = %s")
            args.append(value)
    order = {
        "newest": "d.started_on DESC NULLS LAST, d.sort_name",
        "replications": "d.replication_count DESC, d.sort_name",
    }.get(params.sort, "d.sort_name")
    if terms:
        # The database's own full-text search over the stemmed text (FTS5 / tsquery), all words.
        if connection.vendor == "postgresql":
            expression = " & ".join(f"'{term}'" for term in terms)
        else:
            expression = " ".join(f'"{term}"' for term in terms)
        if connection.vendor == "postgresql":
            source = (
                "FROM search_searchtext t JOIN search_searchdocument d ON d.innovation_id = t.document_id "
                "WHERE t.search_vector @@ to_tsquery('simple', %s)"
            )
            rank = "ts_rank(t.search_vector, to_tsquery('simple', %s)) DESC"
            rank_args = [expression]
        else:
            # CROSS JOIN: SQLite walks the full-text matches first, as a hand-written query would.
            source = (
                "FROM search_fts f CROSS JOIN search_searchdocument d ON d.innovation_id = f.rowid "
                "WHERE search_fts MATCH %s"
            )
            rank, rank_args = "f.rank", []
        args = [expression, *args]
        if params.sort == "relevance":
            order, order_args = f"{rank}, d.sort_name", rank_args
        else:
            order_args = []
    else:
        source, order_args = "FROM search_searchdocument d WHERE 1 = 1", []
    condition = "".join(f" AND {w}" for w in where)
    count_sql = f"SELECT COUNT(*) {source}{condition}"
    page_sql = (
        f"SELECT i.id, i.name, g.name FROM (SELECT d.innovation_id AS id {source}{condition} "  # noqa: S608
        f"ORDER BY {order} LIMIT 20 OFFSET %s) p "
        "JOIN innovations_innovation i ON i.id = p.id JOIN organisations_government g ON g.id = i.government_id"
    )
    return (count_sql, args), (page_sql, [*args, *order_args, (page - 1) * 20])


def catalog(args) -> dict:
    """In-process `search_catalog` + one page, cold (facet cache cleared) and warm, against the floor."""
    from django.core.cache import cache
    from django.db import connection

    from inovasi.search.catalog import CatalogParams, search_catalog
    from inovasi.search.queries import query_terms

    repeats = 3 if args.quick else 15

    def app(data):
        started = time.perf_counter()
        result = search_catalog(CatalogParams.from_data(data))
        page = result.page(data.get("page", 1))
        elapsed = (time.perf_counter() - started) * 1000
        corrected[repr(data)] = result.correction.text if result.correction else None
        return elapsed, result.total, len(page.innovations)

    corrected = {}

    def floor(data):
        # A corrected query's floor is the corrected words searched as typed (no correction work).
        params = CatalogParams.from_data({**data, "q": corrected.get(repr(data)) or data.get("q", "")})
        terms = query_terms(params.q)
        (count_sql, count_args), (page_sql, page_args) = _floor_sql(params, terms, int(data.get("page", 1)))
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(count_sql, count_args)
            total = cursor.fetchone()[0]
            cursor.execute(page_sql, page_args)
            rows = cursor.fetchall()
        return (time.perf_counter() - started) * 1000, total, len(rows)

    for _label, data in QUERIES:  # warm the stemmer, the database page cache and the connection
        app(data)
        floor(data)
    cold_all, warm_all, floor_all, text_cold, text_warm, text_floor, rows = [], [], [], [], [], [], []
    for label, data in QUERIES:
        cold, warm, raw = [], [], []
        for _ in range(repeats):
            cache.clear()
            elapsed, total, shown = app(data)
            cold.append(elapsed)
            warm.append(app(data)[0])
            raw_elapsed, raw_total, raw_shown = floor(data)
            raw.append(raw_elapsed)
        if (raw_total, raw_shown) != (total, shown):
            raise SystemExit(f"floor and catalog disagree on {label}: {(raw_total, raw_shown)} vs {(total, shown)}")
        row = {"request": label, "matches": total, "cold": ms(cold), "warm": ms(warm), "floor": ms(raw)}
        if corrected.get(repr(data)):
            row["corrected_to"] = corrected[repr(data)]
        rows.append(row)
        cold_all += cold
        warm_all += warm
        floor_all += raw
        if data.get("q"):
            text_cold += cold
            text_warm += warm
            text_floor += raw
    groups = {"browse": ([], [], []), "filters": ([], [], []), "search": ([], [], [])}
    for (_label, data), row in zip(QUERIES, rows, strict=True):
        group = "search" if data.get("q") else ("filters" if set(data) - {"page"} else "browse")
        for samples, mode in zip(groups[group], ("cold", "warm", "floor"), strict=True):
            samples.append(row[mode]["p95_ms"])
    figures = {
        "requests": len(QUERIES),
        "runs_per_request": repeats,
        "cold_p50_ms": ms(cold_all)["p50_ms"],
        "cold_p95_ms": ms(cold_all)["p95_ms"],
        "warm_p50_ms": ms(warm_all)["p50_ms"],
        "warm_p95_ms": ms(warm_all)["p95_ms"],
        "floor_p50_ms": ms(floor_all)["p50_ms"],
        "floor_p95_ms": ms(floor_all)["p95_ms"],
        "text_cold_p95_ms": ms(text_cold)["p95_ms"],
        "text_warm_p95_ms": ms(text_warm)["p95_ms"],
        "text_floor_p95_ms": ms(text_floor)["p95_ms"],
    }
    figures["ratio_cold_p95"] = round(figures["cold_p95_ms"] / figures["floor_p95_ms"], 2)
    figures["ratio_warm_p95"] = round(figures["warm_p95_ms"] / figures["floor_p95_ms"], 2)
    figures["text_ratio_cold_p95"] = round(figures["text_cold_p95_ms"] / figures["text_floor_p95_ms"], 2)
    # Per kind of request, the worst request's p95 (cold, warm, floor) and the ratio to the floor.
    for group, (cold, warm, raw) in groups.items():
        worst = max(range(len(cold)), key=lambda k: cold[k])
        figures[f"{group}_cold_p95_ms"] = cold[worst]
        figures[f"{group}_warm_p95_ms"] = max(warm)
        figures[f"{group}_floor_p95_ms"] = raw[worst]
        figures[f"{group}_ratio_cold_p95"] = round(cold[worst] / raw[worst], 2) if raw[worst] else None
    figures["per_request"] = rows
    return figures


# --- Judging -------------------------------------------------------------------------------------


def _desk_stage():
    from inovasi.accounts.models import User
    from inovasi.competitions.enums import StageKind
    from inovasi.competitions.models import Stage

    stage = (
        Stage.objects.filter(edition__preset="kipp", kind=StageKind.DESK_EVALUATION)
        .select_related("edition")
        .order_by("order")
        .first()
    )
    return stage, User.objects.get(email="panitia.kipp@sintetis.test")


def assignment(args) -> dict:
    """`assign_automatically` for every proposal of the open desk evaluation, k = 3 (rolled back)."""
    from django.urls import reverse

    from inovasi.judging import jury
    from inovasi.judging.assignment import assign_automatically

    stage, organizer = _desk_stage()
    # The assignment mail links the juror desk: load the URLconf first, as a running server has.
    reverse("jury:dashboard")
    with rolled_back():
        started, cpu = time.perf_counter(), time.process_time()
        summary = assign_automatically(stage=stage, actor=organizer, k=3)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    jurors = jury.juror_pool(stage).count()
    return {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "proposals": summary["proposals"]} | {
        "jurors": jurors,
        "k": 3,
        "min_load": summary["min_load"],
        "max_load": summary["max_load"],
    }


def stage_close(args) -> dict:
    """`close_stage` on the desk evaluation: z-score, tie-breaks, hash and minutes PDF (rolled back)."""
    from inovasi.judging import closing
    from inovasi.judging.models import Scorecard

    stage, organizer = _desk_stage()
    cards = Scorecard.objects.filter(stage=stage).count()
    criteria = stage.criteria.count()
    with rolled_back():
        started, cpu = time.perf_counter(), time.process_time()
        closure = closing.close_stage(stage=stage, actor=organizer, confirm=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        advancing = sum(1 for row in closure.ranking["ranking"] if row["advances"])
        pdf_bytes = closure.minutes.size
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "scorecards": cards,
        "criteria": criteria,
        "advancing": advancing,
        "pdf_bytes": pdf_bytes,
    }


def _download(url: str, user) -> tuple[float, float, bytes]:
    """Call the download view behind `url` as `user` and read the whole body (streamed or not):
    (wall seconds, CPU seconds of this process, body)."""
    from django.test import RequestFactory
    from django.urls import resolve

    match = resolve(url)
    request = RequestFactory().get(url)
    request.user = user
    started, cpu = time.perf_counter(), time.process_time()
    response = match.func(request, *match.args, **match.kwargs)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code}")
    return seconds, cpu, body


def exports(args) -> dict:
    """The organizer's two big downloads, CSV and XLSX, through their views (the one exporter): the
    proposal list of the KIPP edition and the desk evaluation's full ranking, live while the stage
    is open and from the frozen record once closed (closed in a rolled-back transaction). Worst of
    three downloads each."""
    from django.urls import reverse
    from django.utils import translation

    from inovasi.judging import closing

    stage, organizer = _desk_stage()
    translation.activate("id")
    repeats = 1 if args.quick else 3
    figures: dict = {}

    def measure(name: str, url: str) -> None:
        timings, cpus = [], []
        for _ in range(repeats):
            seconds, cpu, body = _download(url, organizer)
            timings.append(seconds)
            cpus.append(cpu)
        figures[f"{name}_s"] = round(max(timings), 2)
        figures[f"{name}_cpu_s"] = round(max(cpus), 2)
        figures[f"{name}_kib"] = round(len(body) / 1024)
        if name.endswith("csv"):
            figures[f"{name.rsplit('_', 1)[0]}_rows"] = body.count(b"\n") - 1

    for fmt in ("csv", "xlsx"):
        measure(f"proposals_{fmt}", reverse("organizer:edition_export", args=[stage.edition_id, fmt]))
    for fmt in ("csv", "xlsx"):
        measure(f"ranking_live_{fmt}", reverse("organizer:judging_export", args=[stage.pk, fmt]))
    with rolled_back():
        closing.close_stage(stage=stage, actor=organizer, confirm=True)
        for fmt in ("csv", "xlsx"):
            measure(f"ranking_frozen_{fmt}", reverse("organizer:judging_export", args=[stage.pk, fmt]))
    for key in ("s", "cpu_s"):
        figures["seconds" if key == "s" else "cpu_s"] = max(
            figures[f"{name}_{fmt}_{key}"] for name in ("proposals", "ranking_frozen") for fmt in ("csv", "xlsx")
        )
    return figures


# --- Index ---------------------------------------------------------------------------------------


def index(args) -> dict:
    """Compute the index of every assessed Pemda, and recompute the largest one (rolled back)."""
    from inovasi.innovation_index import services
    from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexFramework, RegionIndex

    framework = IndexFramework.objects.get(year=2026)
    with rolled_back():
        if framework.is_published:  # a published year is frozen: withdraw it (rolled back with the rest)
            services.publish_results(framework=framework, actor=None, publish=False)
        started, cpu = time.perf_counter(), time.process_time()
        count = services.compute_framework(framework=framework, actor=None)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        largest = RegionIndex.objects.filter(framework=framework).order_by("-innovations_reported").first()
        timings = []
        for _ in range(3 if args.quick else 10):
            started = time.perf_counter()
            services.recompute_government(framework=framework, government=largest.government)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "pemda": count,
        "assessments": IndexAssessment.objects.filter(framework=framework).count(),
        "claims": IndexClaim.objects.filter(assessment__framework=framework).count(),
        "one_pemda_median_ms": round(statistics.median(timings), 1),
        "one_pemda_innovations": largest.innovations_reported,
    }


# --- Validation queue ----------------------------------------------------------------------------


def validation_queue(args) -> dict:
    """A validator's first queue page (rendered by the real view) and a bulk accept of 500 claims.

    On the scratch copy (committed, then VACUUM ANALYZE as a live database would be): the published
    2026 year is withdrawn, a verifikator of BSKDN is assigned a tenth of the Pemda (largest first,
    as the balanced proposal would) whose assessments are put back to diajukan with every claim
    pending and carrying an evidence link. Then the validator's queue page
    (`organizer:index_workbench`, 50 rows, default filter "menunggu validasi") is fetched with
    Django's test client, and 500 of its claims are accepted with `validation.accept_claims` (one
    UPDATE per 500, one audit event per claim), three times, rolled back.
    """
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.innovation_index import rounds, validation
    from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation
    from inovasi.innovation_index.models import IndexAssessment, IndexClaim, IndexFramework

    framework = IndexFramework.objects.get(year=2026)
    repeats = 5 if args.quick else 20
    with transaction.atomic():
        if framework.is_published:
            rounds.publish_results(framework=framework, actor=None, publish=False)
        organizer = User.objects.create_user("bench.panitia@inovasi.test", "x", full_name="Panitia Bench")
        Membership.objects.create(user=organizer, role=Role.ORGANIZER, organizer_body=framework.organizer_body)
        validator = User.objects.create_user("bench.validator@inovasi.test", "x", full_name="Validator Bench")
        Membership.objects.create(user=validator, role=Role.VERIFIER, organizer_body=framework.organizer_body)
        pemda = IndexAssessment.objects.filter(framework=framework).count()
        mine = [g for g, _v, _n in validation.suggest_assignments(framework, [validator])][: max(1, pemda // 10)]
        validation.assign_validators(framework=framework, governments=mine, validator=validator, actor=organizer)
        IndexAssessment.objects.filter(framework=framework, government_id__in=mine).update(
            status=AssessmentStatus.SUBMITTED, validated_at=None, finalized_at=None
        )
        pending = IndexClaim.objects.filter(assessment__framework=framework, assessment__government_id__in=mine)
        pending.update(
            validation=ClaimValidation.PENDING,
            validated_option=None,
            validated_value=None,
            validation_reason="",
            evidence_url="https://bukti.test/dok.pdf",
        )
        claims_in_queue = pending.count()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    with rolled_back():
        client = Client()
        client.force_login(validator)
        url = reverse("organizer:index_workbench", args=[framework.pk])
        page_ms, filtered_ms = [], []
        for i in range(repeats + 1):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if i:  # the first request warms the caches
                page_ms.append(elapsed)
            started = time.perf_counter()
            assert client.get(url, {"pemda": mine[i % len(mine)], "indikator": 1}).status_code == 200
            filtered_ms.append((time.perf_counter() - started) * 1000)
        rows = response.content.decode().count('class="workbench-row')
        ids = list(validation.queue_claims(framework, validator).order_by("pk").values_list("pk", flat=True)[:1500])
        accept_s = []
        for start in range(0, len(ids) - 499, 500):
            started = time.perf_counter()
            outcome = validation.accept_claims(framework=framework, claim_ids=ids[start : start + 500], actor=validator)
            accept_s.append(time.perf_counter() - started)
            assert outcome["accepted"] == 500, outcome
    return {
        "pemda_assigned": len(mine),
        "claims_in_queue": claims_in_queue,
        "claims_total": IndexClaim.objects.filter(assessment__framework=framework).count(),
        "rows_on_page": rows,
        "first_page": ms(page_ms),
        "filtered_page": ms(filtered_ms),
        "bulk_accept_500_s": round(max(accept_s), 3),
        "bulk_accept_runs_s": [round(s, 3) for s in accept_s],
    }


# --- Import --------------------------------------------------------------------------------------


def import_rows(args) -> dict:
    """37,000 rows from one XLSX through `inspect_upload` + `run_import`, published (scratch copy)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from benchmarks.import_37k import _write_xlsx
    from inovasi.accounts.enums import Role
    from inovasi.accounts.models import Membership, User
    from inovasi.data_exchange.models import ImportJob
    from inovasi.data_exchange.services import ImportTimings, _sha256, inspect_upload, run_import
    from inovasi.organisations.models import Agency, Government

    rows = 2_000 if args.quick else 37_000
    government = Government.objects.get(region__code="35.79")
    agencies = list(Agency.objects.filter(government=government).order_by("pk")[:40])
    admin = User.objects.create_user("admin.impor@sintetis.test", "Sandi-Uji-12345", full_name="Admin Impor")
    Membership.objects.create(user=admin, role=Role.PEMDA_ADMIN, government=government)
    path = Path(tempfile.mkdtemp(prefix="inovasi-import-", dir=args.workdir)) / "impor.xlsx"
    started = time.perf_counter()
    _write_xlsx(path, rows, agencies)
    written = time.perf_counter() - started
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("impor.xlsx", handle.read())
    path.unlink()
    path.parent.rmdir()
    started = time.perf_counter()
    fmt = inspect_upload(upload)
    inspect = time.perf_counter() - started
    job = ImportJob(
        government=government,
        created_by=admin,
        original_name=upload.name,
        format=fmt,
        sha256=_sha256(upload),
        publish=True,
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    timings = ImportTimings()
    started, cpu = time.perf_counter(), time.process_time()
    run_import(job=job, timings=timings)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    if job.status != "succeeded":
        raise SystemExit(f"import failed: {job.errors[:3]}")
    committed = timings.read + timings.validate + timings.write
    return {
        "rows": rows,
        "created": job.created_count,
        "header_check_s": round(inspect, 2),
        "read_s": round(timings.read, 1),
        "validate_s": round(timings.validate, 1),
        "write_s": round(timings.write, 1),
        "committed_s": round(committed, 1),
        "search_index_s": round(timings.index, 1),
        "seconds": round(total, 1),
        "cpu_s": round(cpu, 1),
        "xlsx_written_s": round(written, 1),
    }


# --- Measures another module provides --------------------------------------------------------------


# --- Replication graph ----------------------------------------------------------------------------

REPLICATIONS = 20_000


def _add_replications(count: int, seed: int = 18) -> dict:
    """`count` replications of published innovations, skewed like real ones: a few innovations are
    replicated widely; 70 % by another Pemda (a third naming its own replicating innovation, so there
    is a second hop), 10 % by an agency, 20 % by a named partner in some kabupaten/kota."""
    import random

    from inovasi.innovations.enums import AdopterKind, InnovationStatus, PartnerKind, ReplicationEvidenceKind
    from inovasi.innovations.models import Innovation, Replication
    from inovasi.organisations.models import Agency, Government

    rng = random.Random(seed)  # noqa: S311 - a reproducible benchmark dataset, not a secret
    published = list(Innovation.objects.filter(status=InnovationStatus.PUBLISHED).values_list("id", "government_id"))
    by_government: dict[int, list[int]] = {}
    for pk, government_id in published:
        by_government.setdefault(government_id, []).append(pk)
    governments = list(Government.objects.values_list("id", "region_id", "name"))
    agencies = list(Agency.objects.values_list("id", "government_id", "name")[:5000])
    region_of = {pk: region_id for pk, region_id, _name in governments}
    # Zipf-like popularity: innovation i is picked with weight 1 / (rank + 1).
    sources = rng.sample(published, min(len(published), 4000))
    weights = [1 / (rank + 1) for rank in range(len(sources))]
    kinds = list(PartnerKind.values)
    rows = []
    for n in range(count):
        source_id, source_government = rng.choices(sources, weights)[0]
        roll = rng.random()
        year = rng.randint(2018, 2025)
        common = {
            "innovation_id": source_id,
            "year": year,
            "evidence_kind": rng.choice(list(ReplicationEvidenceKind.values)),
        }
        if roll < 0.7:
            gov_id, region_id, name = rng.choice(governments)
            if gov_id == source_government:
                gov_id, region_id, name = governments[
                    (governments.index((gov_id, region_id, name)) + 1) % len(governments)
                ]
            own = by_government.get(gov_id)
            rows.append(
                Replication(
                    adopter_kind=AdopterKind.GOVERNMENT,
                    adopter_government_id=gov_id,
                    adopter_name=name,
                    adopter_region_id=region_id,
                    adopter_innovation_id=rng.choice(own) if own and rng.random() < 0.33 else None,
                    **common,
                )
            )
        elif roll < 0.8 and agencies:
            agency_id, gov_id, name = rng.choice(agencies)
            rows.append(
                Replication(
                    adopter_kind=AdopterKind.AGENCY,
                    adopter_agency_id=agency_id,
                    adopter_government_id=gov_id,
                    adopter_name=name,
                    adopter_region_id=region_of.get(gov_id),
                    **common,
                )
            )
        else:
            _gov, region_id, _name = rng.choice(governments)
            rows.append(
                Replication(
                    adopter_kind=AdopterKind.NON_GOVERNMENT,
                    adopter_name=f"Mitra replikasi {n}",
                    partner_kind=rng.choice(kinds),
                    adopter_region_id=region_id,
                    **common,
                )
            )
    Replication.objects.bulk_create(rows, batch_size=2000)
    return {"sources": sources, "governments": governments}


def replication(args) -> dict:
    """The three replication pages (innovation with two hops, region spread, national 38 × 38 matrix)
    after adding 20,000 replications to the national dataset (rolled back). Every request misses the
    60-second page cache (a new query string each time); the similar-innovations ids stay cached
    (an hour in production), so the figure is the page's own work. The graph functions are timed
    on their own too."""
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from inovasi.innovations import replication_flows, replication_graph
    from inovasi.innovations.enums import InnovationStatus
    from inovasi.innovations.models import Innovation, Replication
    from inovasi.organisations.models import Government
    from inovasi.regions.models import Region

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    repeats = 3 if args.quick else 20
    figures = {}
    with rolled_back():
        before = Replication.objects.count()
        started = time.perf_counter()
        _add_replications(REPLICATIONS)
        figures["insert_s"] = round(time.perf_counter() - started, 1)
        # bulk_create bypasses the services that keep the province flows: count them again, as a
        # bulk loader does.
        started = time.perf_counter()
        replication_flows.rebuild()
        figures["flows_rebuild_s"] = round(time.perf_counter() - started, 2)
        figures["replications"] = Replication.objects.count()
        figures["replications_before"] = before
        busiest = list(
            Replication.objects.filter(innovation__status=InnovationStatus.PUBLISHED)
            .values("innovation_id")
            .annotate(n=Count("id"))
            .order_by("-n")[:5]
        )
        regions = list(
            Replication.objects.values("adopter_government__region__code")
            .annotate(n=Count("id"))
            .exclude(adopter_government__region__code=None)
            .order_by("-n")
            .values_list("adopter_government__region__code", flat=True)[:4]
        )
        regions.append(
            Region.objects.filter(level="provinsi", code="35").values_list("code", flat=True).first() or "35"
        )
        pages = {
            "innovation": [f"/inovasi/{row['innovation_id']}/" for row in busiest],
            "region": [f"/wilayah/{code}/" for code in regions],
            "national": ["/replikasi/"],
        }
        client = Client()
        for urls in pages.values():  # warm connections, templates, the similar-innovations cache
            for url in urls:
                response = client.get(f"{url}?bench=warm")
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
        run = 0
        for page, urls in pages.items():
            samples, cpu = [], []
            for _ in range(repeats):
                for url in urls:
                    run += 1
                    t0, c0 = time.perf_counter(), time.process_time()
                    client.get(f"{url}?bench={run}")  # a page-cache miss every time
                    samples.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
            # CPU time of this process alone (without a PostgreSQL server's): on a shared host the
            # wall time also holds the wait for a core.
            cpu_ms = ms(cpu)
            figures[page] = {
                **ms(samples),
                "cpu_p50_ms": cpu_ms["p50_ms"],
                "cpu_p95_ms": cpu_ms["p95_ms"],
                "urls": len(urls),
                "runs": len(samples),
            }
        innovations = [Innovation.objects.get(pk=row["innovation_id"]) for row in busiest]
        scopes = [list(Government.objects.filter(region__code=code).values_list("pk", flat=True)) for code in regions]
        functions = {
            "two_hops": lambda: [(replication_graph.two_hops(i), replication_graph.hop_totals(i)) for i in innovations],
            "region_spread": lambda: [replication_graph.region_spread(ids) for ids in scopes],
            "province_matrix": replication_graph.province_matrix,
        }
        for name, function in functions.items():
            samples = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                function()
                samples.append((time.perf_counter() - t0) * 1000)
            figures[f"{name}_data"] = ms(samples)
        figures["busiest_innovation_replications"] = busiest[0]["n"] if busiest else 0
    figures["worst_p95_ms"] = max(figures[p]["p95_ms"] for p in ("innovation", "region", "national"))
    return figures


def external(module_name: str, args) -> dict:
    """Call `benchmarks.<module>.run(database_url, *, seconds, clients)` if that module exists."""
    import importlib

    try:
        module = importlib.import_module(f"benchmarks.{module_name}")
    except ImportError as exc:
        return {"status": "not run", "reason": f"benchmarks/{module_name}.py not importable: {exc}"}
    if not hasattr(module, "run"):
        return {"status": "not run", "reason": f"benchmarks/{module_name}.py has no run()"}
    figures = module.run(args.database_url, seconds=args.seconds, clients=args.clients)
    return {"status": "ok", **figures}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run one benchmark measure (see run_all.py).")
    parser.add_argument("measure", choices=MEASURES)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.measure in ("http_load", "score_concurrency"):
        # The module sets Django up itself if it needs to (it may start servers against the URL).
        figures = external(args.measure, args)
    elif args.measure == "desks":
        from benchmarks import desks

        figures = {"status": "ok", **desks.run(args.database_url, repeat=3 if args.quick else 10)}
    else:
        setup_django(args.database_url, args.workdir)
        function = {
            "catalog": catalog,
            "assignment": assignment,
            "stage_close": stage_close,
            "exports": exports,
            "index": index,
            "validation_queue": validation_queue,
            "replication": replication,
        }.get(args.measure, import_rows)
        figures = function(args)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)
    if children.ru_maxrss:
        figures["children_peak_rss_mib"] = round(children.ru_maxrss / 1024, 1)
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
