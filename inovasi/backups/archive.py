"""One-file backups: the database as portable Django JSON plus the media files, with a manifest.

Archive layout (tar.gz):

    manifest.json       format, creation time, source database vendor, per-model row counts,
                        and the SHA-256 and size of the dump and of every media file
    database.jsonexact  `dumpdata --natural-foreign` with exact (microsecond) datetimes, of every
                        model except those `migrate` recreates (content types, permissions), the
                        throw-away sessions and the derived search index (rebuilt on restore)
    media/<path>        the files under MEDIA_ROOT

A restore goes into an EMPTY migrated instance (either database engine), after every checksum has
been verified, and ends by re-counting the rows and verifying the audit hash chain.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from inovasi.audit.services import verify_chain
from inovasi.search.indexing import rebuild_index

FORMAT = "inovasi-backup/1"
# The search index is derived data (and loading innovations re-fills parts of it through signals):
# it is rebuilt after the load instead of being copied.
EXCLUDED_MODELS = ("contenttypes", "auth.permission", "sessions", "search")
# Rows that `migrate` itself writes: present in an empty instance, overwritten by the restore.
MIGRATION_SEEDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "innovations.governmentaffair",
    "innovations.sustainabledevelopmentgoal",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is shown to the operator as is."""


@dataclass
class RestoreReport:
    rows: int
    models: int
    files: int
    audit_events: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def dumped_models() -> list[str]:
    excluded_apps = {e for e in EXCLUDED_MODELS if "." not in e}
    return [
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_label not in excluded_apps
        and m._meta.label_lower not in EXCLUDED_MODELS
        and m._meta.managed
        and not m._meta.proxy
    ]


def create_backup(archive_path: Path) -> dict:
    """Write the archive; returns the manifest."""
    archive_path = Path(archive_path)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "database.jsonexact"
        with transaction.atomic():
            call_command(
                "dumpdata",
                *[f"--exclude={e}" for e in EXCLUDED_MODELS],
                format="jsonexact",
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
        with dump.open("rb") as handle:
            counts = Counter(obj["model"] for obj in json.load(handle))
        files = {}
        media = _media_files(media_root)
        for path in media:
            rel = path.relative_to(media_root).as_posix()
            files[rel] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "counts": dict(sorted(counts.items())),
            "database": {"sha256": _sha256_file(dump), "size": dump.stat().st_size},
            "files": files,
        }
        archive_path.parent.mkdir(parents=True, exist_ok=True)
        partial = archive_path.with_name(archive_path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname="database.jsonexact")
            for path in media:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(archive_path)
    return manifest


def non_empty_models() -> dict[str, int]:
    """Models (other than migration-seeded reference data) that already hold rows."""
    found = {}
    for label in dumped_models():
        if label in MIGRATION_SEEDED:
            continue
        count = apps.get_model(label)._default_manager.count()
        if count:
            found[label] = count
    return found


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def restore_backup(archive_path: Path) -> RestoreReport:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"Archive not found: {archive_path}")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path, "r:gz") as tar:
            members = tar.getmembers()
            unsafe = [m.name for m in members if not _safe_member(m.name) or not (m.isfile() or m.isdir())]
            if unsafe:
                raise BackupError(f"Archive refused: unsafe entries {unsafe[:5]}")
            tar.extractall(work, filter="data")
        manifest_path = work / "manifest.json"
        if not manifest_path.is_file():
            raise BackupError("Archive refused: manifest.json is missing.")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Archive refused: unknown format {manifest.get('format')!r} (expected {FORMAT}).")

        # 1. Every checksum before anything is written.
        dump = work / "database.jsonexact"
        if not dump.is_file() or _sha256_file(dump) != manifest["database"]["sha256"]:
            raise BackupError("Checksum mismatch: database.jsonexact is missing or damaged.")
        for rel, meta in manifest["files"].items():
            if not _safe_member(rel):
                raise BackupError(f"Archive refused: unsafe media path {rel}")
            path = work / "media" / rel
            if not path.is_file() or _sha256_file(path) != meta["sha256"]:
                raise BackupError(f"Checksum mismatch: media file {rel} is missing or damaged.")
        extra = {p.relative_to(work / "media").as_posix() for p in _media_files(work / "media")} - set(
            manifest["files"]
        )
        if extra:
            raise BackupError(f"Archive refused: media files not in the manifest {sorted(extra)[:5]}")

        # 2. Only into an empty instance.
        occupied = non_empty_models()
        if occupied:
            listing = ", ".join(f"{label} ({n})" for label, n in sorted(occupied.items())[:8])
            raise BackupError(
                "Refusing to restore into a database that already holds data: "
                f"{listing}. Restore into a freshly migrated, empty database."
            )
        clashes = [rel for rel in manifest["files"] if (media_root / rel).exists()]
        if clashes:
            raise BackupError(f"Refusing to overwrite existing media files under MEDIA_ROOT: {clashes[:5]}")

        # 3. Load, copy files, re-count and verify the audit chain; any failure rolls the database back.
        with transaction.atomic():
            call_command("loaddata", str(dump), verbosity=0)
            rebuild_index()
            mismatched = {
                label: (expected, apps.get_model(label)._default_manager.count())
                for label, expected in manifest["counts"].items()
                if apps.get_model(label)._default_manager.count() != expected
            }
            if mismatched:
                raise BackupError(f"Row counts differ after loading (expected, found): {mismatched}")
            report = verify_chain()
            if not report.ok:
                raise BackupError(
                    f"Audit chain broken after restore at event #{report.first_broken_id}: {report.reason}"
                )
            for rel in manifest["files"]:
                target = media_root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / "media" / rel, target)
        return RestoreReport(
            rows=sum(manifest["counts"].values()),
            models=len(manifest["counts"]),
            files=len(manifest["files"]),
            audit_events=report.checked,
        )
