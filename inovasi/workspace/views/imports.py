"""Importing innovations from a spreadsheet (template, upload, progress, error report), and a Pemda's
history of recognitions from one XLSX."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.data_exchange import recognitions, services
from inovasi.data_exchange.forms import ImportForm
from inovasi.data_exchange.models import ImportJob
from inovasi.data_exchange.rules import importable_agencies
from inovasi.data_exchange.xlsx_template import build_template
from inovasi.exports import Export, export_view
from inovasi.workspace.views.access import government_for

RECENT_JOBS = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job_for(request, job_id) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("government", "created_by"), pk=job_id)
    if not request.user.has_perm("data_exchange.view_import_job", job):
        raise PermissionDenied
    return job


@login_required
def import_start(request, government_id):
    government = government_for(request, government_id, "data_exchange.import_innovations")
    may_publish = request.user.has_perm("data_exchange.publish_on_import", government)
    form = ImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(
                government=government,
                uploaded_file=form.cleaned_data["file"],
                publish=form.cleaned_data.get("publish", False),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.info(request, _("Berkas %(name)s diterima dan sedang diproses.") % {"name": job.original_name})
            return redirect("workspace:import_detail", job_id=job.pk)
    jobs = ImportJob.objects.visible_to(request.user, government).for_list()[:RECENT_JOBS]
    return render(
        request,
        "workspace/imports/start.html",
        {"government": government, "form": form, "jobs": jobs, "may_publish": may_publish},
    )


@login_required
def import_template(request, government_id):
    government = government_for(request, government_id, "data_exchange.import_innovations")
    content = build_template(government=government, agencies=importable_agencies(request.user, government))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    slug = government.region.code.replace(".", "-")
    response["Content-Disposition"] = f'attachment; filename="templat-impor-inovasi-{slug}.xlsx"'
    return response


@login_required
def import_detail(request, job_id):
    job = _job_for(request, job_id)
    context = {"job": job, "government": job.government}
    if request.htmx:
        return render(request, "workspace/imports/_progress.html", context)
    return render(request, "workspace/imports/detail.html", context)


@login_required
@export_view
def import_errors_csv(request, job_id):
    job = _job_for(request, job_id)
    return Export(
        filename=f"laporan-galat-impor-{job.pk}",
        header=[_("Baris"), _("Kolom"), _("Alasan"), _("Pesan")],
        rows=(
            [error.get("row") or "", error.get("column", ""), error.get("reason", ""), error["message"]]
            for error in job.errors
        ),
        formats=("csv",),
    )


class RecognitionImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas XLSX"), help_text=gettext_lazy("Paling besar 5 MB."))


@login_required
def recognition_import(request, government_id):
    """A Pemda's history of recognitions (competition, year, label) from one XLSX, all or nothing."""
    government = government_for(request, government_id, "data_exchange.import_innovations")
    form = RecognitionImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", _("Berkas terlalu besar; paling besar 5 MB."))
        else:
            report = recognitions.import_recognitions(government=government, upload=upload, actor=request.user)
            if report.ok:
                messages.success(
                    request,
                    _("%(n)s penghargaan dicatat pada inovasi %(pemda)s.")
                    % {"n": report.created, "pemda": government.name},
                )
                return redirect("workspace:recognition_import", government_id=government.pk)
    return render(
        request,
        "workspace/imports/recognitions.html",
        {"government": government, "form": form, "report": report},
        status=422 if report is not None and not report.ok else 200,
    )


@login_required
def recognition_template(request, government_id):
    government_for(request, government_id, "data_exchange.import_innovations")
    response = HttpResponse(recognitions.template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-penghargaan.xlsx"'
    return response
