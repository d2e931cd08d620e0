"""Evidence pages: upload a file or record a link, change or remove it, and download it safely.

Downloads are always attachments with the recorded content type and `nosniff`, so a browser never
renders an uploaded file inline. Public evidence of a published innovation is open to anyone
(the public catalog links here); the rest needs `innovations.view_evidence`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from inovasi.files.serving import stored_file_response
from inovasi.innovations import services
from inovasi.innovations.enums import EvidenceKind
from inovasi.innovations.models import Evidence, Replication
from inovasi.innovations.uploads import detect_type, max_bytes
from inovasi.workspace.forms_innovations import EvidenceEditForm, EvidenceFileForm, EvidenceLinkForm
from inovasi.workspace.views.innovation_parts import show_whole_form
from inovasi.workspace.views.innovations import apply_service_errors, innovation_for


@login_required
def evidence_add(request, innovation_id):
    innovation = innovation_for(request, innovation_id, "innovations.add_evidence")
    mode = request.POST.get("mode", "berkas") if request.method == "POST" else None
    file_form = EvidenceFileForm(
        request.POST if mode == "berkas" else None, request.FILES if mode == "berkas" else None, prefix="berkas"
    )
    link_form = EvidenceLinkForm(request.POST if mode == "tautan" else None, prefix="tautan")
    if mode == "berkas" and file_form.is_valid():
        data = file_form.cleaned_data
        try:
            services.add_evidence_file(
                innovation=innovation,
                actor=request.user,
                title=data["title"],
                upload=data["upload"],
                is_public=data["is_public"],
            )
        except ValidationError as exc:
            apply_service_errors(file_form, exc)
        else:
            messages.success(request, _("Berkas bukti diunggah."))
            return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    elif mode == "tautan" and link_form.is_valid():
        data = link_form.cleaned_data
        try:
            services.add_evidence_link(innovation=innovation, actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(link_form, exc)
        else:
            messages.success(request, _("Tautan bukti dicatat."))
            return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    response = render(
        request,
        "workspace/innovations/evidence_form.html",
        {
            "innovation": innovation,
            "file_form": file_form,
            "link_form": link_form,
            "max_mb": max_bytes() // (1024 * 1024),
        },
    )
    return show_whole_form(request, response)


def _evidence_for_change(request, evidence_id) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("innovation", "innovation__agency"), pk=evidence_id)
    if not request.user.has_perm("innovations.change_innovation", evidence.innovation):
        raise PermissionDenied
    return evidence


@login_required
def evidence_edit(request, evidence_id):
    evidence = _evidence_for_change(request, evidence_id)
    form = EvidenceEditForm(request.POST or None, initial={"title": evidence.title, "is_public": evidence.is_public})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_evidence(evidence=evidence, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("workspace:innovation_detail", innovation_id=evidence.innovation_id)
    return render(
        request,
        "workspace/innovations/part_form.html",
        {"innovation": evidence.innovation, "form": form, "title": _("Bukti"), "part": evidence},
    )


@login_required
def evidence_delete(request, evidence_id):
    evidence = _evidence_for_change(request, evidence_id)
    if request.method == "POST":
        try:
            services.delete_evidence(evidence=evidence, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Bukti dihapus."))
        return redirect("workspace:innovation_detail", innovation_id=evidence.innovation_id)
    return render(
        request,
        "workspace/innovations/confirm_delete.html",
        {"innovation": evidence.innovation, "item": evidence, "title": _("Bukti")},
    )


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _attachment(fieldfile, content_type: str):
    """Always a download here (the catalog's "Unduh"); the headers are those of every stored file."""
    return stored_file_response(fieldfile, content_type=content_type, force_download=True)


def evidence_download(request, evidence_id):
    """Serve an evidence file as an attachment, if `innovations.view_evidence` allows it.

    Open to anonymous visitors for public evidence of a published innovation (the catalog links
    here). Private evidence sends anonymous visitors to the login page and refuses others (403).
    """
    evidence = get_object_or_404(Evidence.objects.select_related("innovation", "innovation__agency"), pk=evidence_id)
    if not request.user.has_perm("innovations.view_evidence", evidence):
        return _refuse(request)
    if evidence.kind != EvidenceKind.FILE or not evidence.file:
        raise Http404
    return _attachment(evidence.file, evidence.content_type or "application/octet-stream")


@login_required
def replication_evidence_download(request, replication_id):
    """A replication statement/PKS as a download, under the same permission as /berkas/replikasi/."""
    replication = get_object_or_404(Replication.objects.select_related("innovation"), pk=replication_id)
    if not request.user.has_perm("files.open_replication_evidence", replication):  # the one rule (inovasi/files)
        raise PermissionDenied
    if not replication.evidence_file:
        raise Http404
    with replication.evidence_file.open("rb") as handle:
        content_type = detect_type(handle.read(8192)) or "application/octet-stream"
    return _attachment(replication.evidence_file, content_type)
