"""Importing innovations: start a job from an upload, then run it (in the background).

`start_import` checks the file's format and header at once (a wrong file is refused before any job
exists) and queues `tasks.run_import_job`. `run_import` reads every row, validates all of them, and
only if none has a problem writes them all in one transaction, with one audit event for the job.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event
from inovasi.audit.transitions import transition
from inovasi.data_exchange.columns import MAX_FILE_BYTES, MAX_REPORTED_ERRORS
from inovasi.data_exchange.enums import IMPORT_MACHINE, ImportStatus
from inovasi.data_exchange.models import ImportJob, storable
from inovasi.data_exchange.parsing import ImportFileError, detect_format, read_file
from inovasi.data_exchange.rules import importable_agencies
from inovasi.data_exchange.tasks import run_import_job
from inovasi.data_exchange.validation import CleanRow, Lookups, RowError, RowValidator, normalise_name
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation, Result
from inovasi.organisations.models import Agency, Government
from inovasi.search.indexing import index_innovations

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PROGRESS_EVERY = 1000
INDEX_CHUNK = 2000


def _sha256(fileobj) -> str:
    fileobj.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def inspect_upload(uploaded_file) -> str:
    """The format of an uploaded file, after checking its type and header row. Raises ValidationError."""
    if uploaded_file.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); paling besar %(max)s MB.")
            % {"size": uploaded_file.size // (1024 * 1024), "max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    try:
        fmt = detect_format(uploaded_file.name, head)
        read_file(uploaded_file, fmt, header_only=True)
    except ImportFileError as exc:
        raise ValidationError(exc.message) from exc
    finally:
        uploaded_file.seek(0)
    return fmt


def start_import(*, government, uploaded_file, publish: bool = False, actor) -> ImportJob:
    """Save an upload as an ImportJob and queue it. Refuses a wrong file before saving anything.

    Side effects: stores the file under MEDIA_ROOT/imports/, creates the job, enqueues the task (with
    the immediate backend the import runs before this returns). No audit event here: the import is
    audited when it writes.
    """
    if not actor.has_perm("data_exchange.import_innovations", government):
        raise PermissionDenied
    if publish and not actor.has_perm("data_exchange.publish_on_import", government):
        raise ValidationError(_("Hanya Admin Pemda yang dapat langsung menerbitkan hasil impor."))
    fmt = inspect_upload(uploaded_file)
    job = ImportJob(
        government=government,
        created_by=actor,
        original_name=uploaded_file.name[:255],
        format=fmt,
        sha256=_sha256(uploaded_file),
        publish=publish,
    )
    job.file.save(uploaded_file.name, uploaded_file, save=False)
    job.save()

    run_import_job.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


@dataclass
class ImportTimings:
    read: float = 0.0
    validate: float = 0.0
    write: float = 0.0
    index: float = 0.0


def move_job(job: ImportJob, status: str, **fields) -> None:
    """The one door of an import job's status (`enums.ALLOWED_TRANSITIONS`): stamps `started_at` /
    `finished_at`, stores `fields` with it and audits the move for the uploader."""
    now = timezone.now()
    if status == ImportStatus.RUNNING:
        fields.setdefault("started_at", now)
    elif status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED}:
        fields.setdefault("finished_at", now)
    if "errors" in fields:
        fields["errors"] = storable(fields["errors"])
    after = {name: fields[name] for name in ("created_count", "error_count") if name in fields}
    transition(job, status, machine=IMPORT_MACHINE, actor=job.created_by, changes=fields, after=after)


def _fail(job: ImportJob, errors: list[RowError], total_errors: int | None = None) -> None:
    move_job(
        job,
        ImportStatus.FAILED,
        errors=[e.as_dict() for e in errors[:MAX_REPORTED_ERRORS]],
        error_count=total_errors if total_errors is not None else len(errors),
    )


def run_import(*, job: ImportJob, timings: ImportTimings | None = None) -> ImportJob:
    """Run one import job in Indonesian, whatever language the worker's thread has active: the
    file's choice columns are matched against the Indonesian labels of the template, and the
    error report is written for Indonesian readers."""
    with translation.override("id"):
        return _run_import(job=job, timings=timings)


def _run_import(*, job: ImportJob, timings: ImportTimings | None = None) -> ImportJob:
    """Read, validate and (only if every row is valid) write one import job.

    Side effects on success, all in one transaction: the innovations (draft, or published when the
    job says so and the uploader may publish), their urusan and SDG links and results, one
    `innovation.import` audit event, and the job marked succeeded. Then, after commit, the search
    index entries (`indexed_at` set when done). On any problem nothing but the job's status and
    error report is written.
    """
    timings = timings or ImportTimings()
    move_job(job, ImportStatus.RUNNING)
    actor = job.created_by
    government = job.government
    if actor is None or not actor.has_perm("data_exchange.import_innovations", government):
        _fail(job, [RowError(None, "", _("Pengunggah tidak lagi berhak mengimpor untuk pemerintah daerah ini."))])
        return job
    publish = job.publish and actor.has_perm("data_exchange.publish_on_import", government)

    started = time.perf_counter()
    try:
        with job.file.open("rb") as fileobj:
            parsed = read_file(fileobj, job.format)
    except ImportFileError as exc:
        _fail(job, [RowError(None, "", exc.message)])
        return job
    timings.read = time.perf_counter() - started
    if not parsed.rows:
        _fail(job, [RowError(None, "", _("Berkas tidak berisi satu baris data pun di bawah baris judul."))])
        return job
    job.total_rows = len(parsed.rows)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)

    started = time.perf_counter()
    clean, errors = _validate_rows(job, parsed.rows, actor=actor, government=government)
    job.processed_rows = len(parsed.rows)
    timings.validate = time.perf_counter() - started
    if errors:
        job.processed_rows = len(parsed.rows)
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=job.processed_rows)
        _fail(job, errors)
        return job

    started = time.perf_counter()
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=job.processed_rows)
    with transaction.atomic():
        # Two imports of one file may validate at the same moment: serialise the writes per
        # Government and check the names again under the lock, so no innovation is created twice.
        Government.objects.select_for_update().filter(pk=government.pk).first()
        taken = _names_taken_meanwhile(clean, government)
        if taken:
            _fail(job, taken)
            return job
        ids = _write(clean, government=government, actor=actor, publish=publish)
        record_event(
            actor=actor,
            action="innovation.import",
            obj=job,
            after={
                "file": job.original_name,
                "sha256": job.sha256,
                "format": job.format,
                "rows": job.total_rows,
                "created": len(ids),
                "status": InnovationStatus.PUBLISHED if publish else InnovationStatus.DRAFT,
            },
        )
        move_job(job, ImportStatus.SUCCEEDED, created_count=len(ids), errors=[], error_count=0)
    timings.write = time.perf_counter() - started

    started = time.perf_counter()
    _index(ids)
    job.indexed_at = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(indexed_at=job.indexed_at)
    timings.index = time.perf_counter() - started
    return job


def _validate_rows(job: ImportJob, rows, *, actor, government) -> tuple[list[CleanRow], list[RowError]]:
    """Check every row against the Pemda's agencies and names; progress saved every PROGRESS_EVERY rows."""
    lookups = Lookups(
        government=government,
        allowed_agencies=importable_agencies(actor, government),
        all_agencies=Agency.objects.of_government(government),
        existing_names=Innovation.objects.of_government(government).values_list("name", flat=True),
    )
    validator = RowValidator(lookups, this_year=timezone.localdate().year)
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    for index, (number, record) in enumerate(rows, start=1):
        row, row_errors = validator.validate(number, record)
        if row_errors:
            errors.extend(row_errors)
        else:
            clean.append(row)
        if index % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=index)
    return clean, errors


def _names_taken_meanwhile(rows: list[CleanRow], government) -> list[RowError]:
    existing = {normalise_name(n) for n in Innovation.objects.of_government(government).values_list("name", flat=True)}
    return [
        RowError(
            row.row,
            "name",
            _("“%(name)s” sudah terdaftar sebagai inovasi %(gov)s.")
            % {"name": row.values["name"], "gov": government.name},
        )
        for row in rows
        if normalise_name(row.values["name"]) in existing
    ]


def _index(ids: list[int]) -> None:
    """Put the new innovations into the search index, in chunks, after the write has committed.

    The index is derived data (`manage.py rebuild_search_index` rebuilds it), so it is not part of
    the all-or-nothing write; building it in short transactions keeps SQLite's single write lock
    free for other users during a large import.
    """
    for start in range(0, len(ids), INDEX_CHUNK):
        index_innovations(ids[start : start + INDEX_CHUNK])


def _write(rows: list[CleanRow], *, government, actor, publish: bool) -> list[int]:
    """Bulk-create the rows' innovations and links; returns the new innovation IDs in file order."""
    now = timezone.now()
    status = InnovationStatus.PUBLISHED if publish else InnovationStatus.DRAFT
    affair_link = Innovation.affairs.through
    sdg_link = Innovation.sdgs.through
    ids: list[int] = []
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        # bulk_create bypasses Innovation.save(), so government is set here explicitly.
        innovations = [
            Innovation(
                **row.values,
                agency_id=row.agency_id,
                government=government,
                status=status,
                published_at=now if publish else None,
                created_by=actor,
            )
            for row in batch
        ]
        Innovation.objects.bulk_create(innovations)
        affair_links, sdg_links, results = [], [], []
        for row, innovation in zip(batch, innovations, strict=True):
            ids.append(innovation.pk)
            affair_links += [(innovation.pk, affair_id) for affair_id in row.affair_ids]
            sdg_links += [(innovation.pk, sdg_id) for sdg_id in row.sdg_ids]
            if row.result:
                results.append(Result(innovation_id=innovation.pk, **row.result))
        _insert_links(affair_link, "governmentaffair", affair_links)
        _insert_links(sdg_link, "sustainabledevelopmentgoal", sdg_links)
        Result.objects.bulk_create(results)
    return ids


def _insert_links(through, target: str, pairs: list[tuple[int, int]]) -> None:
    """Insert many-to-many rows with one executemany: bulk_create of ~100,000 two-column rows spends
    most of its time building model instances and SQL, not in the database."""
    if not pairs:
        return
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    left = quote(through._meta.get_field("innovation").column)
    right = quote(through._meta.get_field(target).column)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({left}, {right}) VALUES (%s, %s)", pairs)  # noqa: S608
