"""`manage.py backup` / `manage.py restore`: one archive, checksums, empty-instance restore, audit chain."""

import hashlib
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from inovasi.audit.services import verify_chain
from inovasi.backups.archive import dumped_models
from inovasi.innovations.models import Evidence
from inovasi.innovations.tests.builders import PDF_BYTES, make_innovation, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def media_checksums(root):
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def model_counts():
    return {label: apps.get_model(label)._default_manager.count() for label in dumped_models()}


@pytest.fixture
def registry_with_evidence(client, cast, media):
    innovation = make_innovation(cast)
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("workspace:evidence_add", args=[innovation.pk]),
        {"mode": "berkas", "berkas-title": "SK Inovasi", "berkas-upload": upload("SK Inovasi.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    return Evidence.objects.get()


def wipe(media):
    """Make this an empty migrated instance: flush every table and remove the media files."""
    if connection.vendor == "postgresql":
        # Fire the pending deferred FK checks first: PostgreSQL refuses TRUNCATE while they wait.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restores_into_an_empty_instance_with_identical_rows_files_and_audit_chain(
    registry_with_evidence, media, tmp_path, capsys
):
    archive = tmp_path / "inovasi.tar.gz"
    counts_before = model_counts()
    files_before = media_checksums(media)
    evidence_path = registry_with_evidence.file.name
    assert files_before[evidence_path] == hashlib.sha256(PDF_BYTES).hexdigest()
    events_before = verify_chain().checked
    assert events_before > 0

    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["files"] == {
        evidence_path: {"sha256": hashlib.sha256(PDF_BYTES).hexdigest(), "size": len(PDF_BYTES)}
    }
    assert manifest["counts"]["innovations.evidence"] == 1
    assert {"manifest.json", "database.jsonexact", f"media/{evidence_path}"} <= names

    wipe(media)
    assert model_counts()["innovations.evidence"] == 0
    assert media_checksums(media) == {}

    call_command("restore", str(archive))
    assert model_counts() == counts_before
    assert media_checksums(media) == files_before
    assert verify_chain().checked == events_before
    restored = Evidence.objects.get()
    assert (restored.pk, restored.file.name, restored.sha256) == (
        registry_with_evidence.pk,
        evidence_path,
        hashlib.sha256(PDF_BYTES).hexdigest(),
    )
    out = capsys.readouterr().out
    assert f"audit chain intact: {events_before} events verified." in out
    call_command("verify_audit_chain")


def test_restore_refuses_a_database_that_already_holds_data(registry_with_evidence, tmp_path):
    archive = tmp_path / "inovasi.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="Refusing to restore into a database that already holds data"):
        call_command("restore", str(archive))
    assert Evidence.objects.count() == 1


def rewrite_member(archive, name, content):
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            if member.name == name:
                data = content
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data is not None else None)


def test_restore_refuses_a_damaged_media_file_before_writing_anything(registry_with_evidence, media, tmp_path):
    archive = tmp_path / "inovasi.tar.gz"
    call_command("backup", str(archive))
    rewrite_member(archive, f"media/{registry_with_evidence.file.name}", b"%PDF-1.4 tampered")
    wipe(media)
    with pytest.raises(CommandError, match=r"Checksum mismatch: media file .* is missing or damaged"):
        call_command("restore", str(archive))
    assert model_counts()["innovations.innovation"] == 0
    assert media_checksums(media) == {}


def test_restore_refuses_a_damaged_database_dump(registry_with_evidence, media, tmp_path):
    archive = tmp_path / "inovasi.tar.gz"
    call_command("backup", str(archive))
    rewrite_member(archive, "database.jsonexact", b"[]")
    wipe(media)
    with pytest.raises(CommandError, match=r"Checksum mismatch: database\.jsonexact is missing or damaged\."):
        call_command("restore", str(archive))


def test_restore_refuses_an_archive_with_paths_escaping_the_media_root(tmp_path, db):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="Archive refused: unsafe entries"):
        call_command("restore", str(archive))
