"""One view for every stored file: look it up, ask its kind's permission, serve it safely."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from inovasi.competitions.models import ProposalAttachment
from inovasi.files.serving import stored_file_response
from inovasi.innovation_index.models import IndexClaim
from inovasi.innovations.models import Evidence, Replication
from inovasi.innovations.uploads import detect_type
from inovasi.verification.models import VisitPhoto


@dataclass(frozen=True)
class StoredKind:
    perm: str
    queryset: Any  # a callable returning the queryset (models load lazily)
    field: str
    content_type: str


def _attachments():
    return ProposalAttachment.objects.select_related(
        "proposal__government", "proposal__agency", "proposal__edition__competition__body"
    )


def _claims():
    return IndexClaim.objects.select_related("assessment__government", "assessment__framework__organizer_body")


def _evidence():
    return Evidence.objects.select_related("innovation", "innovation__agency", "innovation__government")


def _replications():
    return Replication.objects.select_related(
        "innovation", "innovation__agency", "innovation__government", "adopter_government"
    )


def _photos():
    return VisitPhoto.objects.select_related("visit__stage__edition__competition")


KINDS = {
    "lampiran": StoredKind("files.open_proposal_attachment", _attachments, "file", "content_type"),
    "bukti-indeks": StoredKind("files.open_claim_evidence", _claims, "evidence_file", "evidence_content_type"),
    "bukti": StoredKind("files.open_evidence", _evidence, "file", "content_type"),
    "foto": StoredKind("files.open_visit_photo", _photos, "file", "content_type"),
    # A replication statement or PKS has no recorded type: it is read from the bytes (PDF or image).
    "replikasi": StoredKind("files.open_replication_evidence", _replications, "evidence_file", ""),
}


def _sniffed_type(fieldfile) -> str:
    if not fieldfile:
        raise Http404
    try:
        with fieldfile.open("rb") as handle:
            return detect_type(handle.read(8192)) or "application/octet-stream"
    except (FileNotFoundError, ValueError):
        raise Http404 from None


@require_GET
def open_file(request, kind: str, file_id: int):
    """Anyone without the permission gets 404 when anonymous (the file's existence is not
    revealed) and 403 when signed in. `?unduh=1` asks for a download instead of inline display."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    obj = get_object_or_404(spec.queryset(), pk=file_id)
    if not request.user.has_perm(spec.perm, obj):
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied
    fieldfile = getattr(obj, spec.field)
    content_type = getattr(obj, spec.content_type, "") if spec.content_type else _sniffed_type(fieldfile)
    if kind == "foto" and request.GET.get("kecil") == "1" and obj.thumbnail:
        fieldfile, content_type = obj.thumbnail, "image/jpeg"
    return stored_file_response(fieldfile, content_type=content_type, force_download=request.GET.get("unduh") == "1")
