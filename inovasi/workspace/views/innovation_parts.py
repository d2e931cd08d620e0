"""Small pages to add, change and remove an innovation's people, partners, results, recognitions
and replications. All changes go through the registry services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.innovations import services
from inovasi.innovations.models import InnovationPerson, Partner, Recognition, Replication, Result
from inovasi.workspace.forms_innovations import (
    PartnerForm,
    PersonForm,
    RecognitionForm,
    ReplicationForm,
    ResultForm,
)
from inovasi.workspace.views.innovations import apply_service_errors, innovation_for

# URL slug → (model, form, permission, title)
PARTS = {
    "orang": (InnovationPerson, PersonForm, "innovations.change_innovation", gettext_lazy("Orang di balik inovasi")),
    "mitra": (Partner, PartnerForm, "innovations.change_innovation", gettext_lazy("Mitra")),
    "hasil": (Result, ResultForm, "innovations.change_innovation", gettext_lazy("Hasil terukur")),
    "penghargaan": (Recognition, RecognitionForm, "innovations.change_outcomes", gettext_lazy("Penghargaan luar")),
}


def _part_kind(part: str):
    try:
        return PARTS[part]
    except KeyError:
        raise Http404 from None


def _load_part(request, part: str, part_id: int):
    model, form_class, perm, title = _part_kind(part)
    obj = get_object_or_404(model.objects.select_related("innovation", "innovation__agency"), pk=part_id)
    if not request.user.has_perm(perm, obj.innovation):
        raise PermissionDenied
    return obj, form_class, title


def _back(innovation_id):
    return redirect("workspace:innovation_detail", innovation_id=innovation_id)


@login_required
def part_add(request, innovation_id, part):
    model, form_class, perm, title = _part_kind(part)
    innovation = innovation_for(request, innovation_id, perm)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_part(innovation=innovation, model=model, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Data ditambahkan."))
            return _back(innovation.pk)
    response = render(
        request, "workspace/innovations/part_form.html", {"innovation": innovation, "form": form, "title": title}
    )
    return show_whole_form(request, response)


def show_whole_form(request, response):
    """An inline (htmx) add that was refused: show the full form page with the errors and what was
    typed in place of the page's main region, instead of swapping it into the task list."""
    if request.headers.get("HX-Request") == "true":
        response["HX-Retarget"] = "main"
        response["HX-Reselect"] = "main"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Push-Url"] = "false"
    return response


@login_required
def part_edit(request, part, part_id):
    obj, form_class, title = _load_part(request, part, part_id)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_part(part=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return _back(obj.innovation_id)
    return render(
        request,
        "workspace/innovations/part_form.html",
        {"innovation": obj.innovation, "form": form, "title": title, "part": obj},
    )


@login_required
def part_delete(request, part, part_id):
    obj, _form_class, title = _load_part(request, part, part_id)
    if request.method == "POST":
        try:
            services.delete_part(part=obj, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(item)s dihapus.") % {"item": obj})
        return _back(obj.innovation_id)
    return render(
        request,
        "workspace/innovations/confirm_delete.html",
        {"innovation": obj.innovation, "item": obj, "title": title},
    )


# --- Replications ------------------------------------------------------------------------------


def _replication_values(form) -> dict:
    values = dict(form.cleaned_data)
    values.pop("evidence_upload", None)
    return values


@login_required
def replication_add(request, innovation_id):
    innovation = innovation_for(request, innovation_id, "innovations.change_outcomes")
    form = ReplicationForm(request.POST or None, request.FILES or None, innovation=innovation)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_replication(
                innovation=innovation,
                actor=request.user,
                evidence_upload=form.cleaned_data.get("evidence_upload"),
                **_replication_values(form),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Replikasi dicatat."))
            return _back(innovation.pk)
    return render(
        request,
        "workspace/innovations/part_form.html",
        {"innovation": innovation, "form": form, "title": _("Replikasi"), "multipart": True},
    )


def _load_replication(request, replication_id):
    replication = get_object_or_404(
        Replication.objects.select_related("innovation", "innovation__agency"), pk=replication_id
    )
    if not request.user.has_perm("innovations.change_outcomes", replication.innovation):
        raise PermissionDenied
    return replication


@login_required
def replication_edit(request, replication_id):
    replication = _load_replication(request, replication_id)
    form = ReplicationForm(
        request.POST or None, request.FILES or None, instance=replication, innovation=replication.innovation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_replication(
                replication=replication,
                actor=request.user,
                evidence_upload=form.cleaned_data.get("evidence_upload"),
                **_replication_values(form),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return _back(replication.innovation_id)
    return render(
        request,
        "workspace/innovations/part_form.html",
        {
            "innovation": replication.innovation,
            "form": form,
            "title": _("Replikasi"),
            "part": replication,
            "multipart": True,
        },
    )


@login_required
def replication_delete(request, replication_id):
    replication = _load_replication(request, replication_id)
    if request.method == "POST":
        try:
            services.delete_replication(replication=replication, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Replikasi dihapus."))
        return _back(replication.innovation_id)
    return render(
        request,
        "workspace/innovations/confirm_delete.html",
        {"innovation": replication.innovation, "item": replication, "title": _("Replikasi")},
    )
