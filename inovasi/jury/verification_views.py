"""The verifier's phone screens: my visits, the visit report (checklist findings, beneficiaries,
recommendation; save a draft or submit) and site photos. Only members of a visit's team get in.

The report form carries the version it was opened with; `static/inovasi/visit-draft.js` keeps the
unsent form in the browser (localStorage, keyed by visit and version) so a lost connection loses
nothing, and clears it once the server confirms a save (`data-saved`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inovasi.formats.numbers import NumberKind, format_decimal
from inovasi.verification import photos, queries, reports, services
from inovasi.verification.downloads import photo_response
from inovasi.verification.enums import Policy, VisitState
from inovasi.verification.forms import PhotoForm, ReportForm, apply_errors
from inovasi.verification.models import Visit, VisitPhoto

SAVED_FLAG = "visit_draft_saved"


def visit_for(request, visit_id) -> Visit:
    visit = get_object_or_404(Visit.objects.with_related(), pk=visit_id)
    if not request.user.has_perm("verification.work_on_visit", visit):
        raise PermissionDenied
    return visit


@login_required
def visit_list(request):
    if not request.user.has_perm("verification.use_visit_desk"):
        raise PermissionDenied
    visits = list(queries.visits_of_member(request.user))
    open_states = services.EDITABLE_STATES
    return render(
        request,
        "jury/verification/visit_list.html",
        {
            "to_do": [v for v in visits if v.state in open_states],
            "done": [v for v in visits if v.state not in open_states],
        },
    )


def _initial(visit, findings) -> dict:
    initial = {
        "version": visit.version,
        "beneficiaries_met": format_decimal(visit.beneficiaries_met, kind=NumberKind.COUNT),
        "beneficiaries_note": visit.beneficiaries_note,
        "recommendation": visit.recommendation,
        "reasons": visit.reasons,
        "score": format_decimal(visit.score),
    }
    for item_id, finding in findings.items():
        initial[f"met_{item_id}"] = finding.met
        initial[f"note_{item_id}"] = finding.note
    return initial


@login_required
def visit_form(request, visit_id):
    visit = visit_for(request, visit_id)
    items, findings, photo_list = queries.report_of(visit)
    editable = visit.state in services.EDITABLE_STATES
    form = ReportForm(request.POST if request.method == "POST" and editable else None, items=items)
    stale = False
    if request.method == "POST" and editable and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            reports.save_report(visit=visit, actor=request.user, submit=submit, **form.service_data())
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                stale = True
                messages.error(request, exc.messages[0])
                visit = visit_for(request, visit_id)
                items, findings, photo_list = queries.report_of(visit)
                form = ReportForm(initial=_initial(visit, findings), items=items)
            else:
                apply_errors(form, exc)
        else:
            request.session[SAVED_FLAG] = visit.pk
            if submit:
                messages.success(request, _("Laporan dikirim ke panitia. Terima kasih."))
            else:
                messages.success(request, _("Draf laporan disimpan."))
            return redirect("jury:visit_form", visit.pk)
    elif request.method != "POST" or not editable:
        form = ReportForm(initial=_initial(visit, findings), items=items)
    just_saved = request.session.pop(SAVED_FLAG, None) == visit.pk
    return render(
        request,
        "jury/verification/visit_form.html",
        {
            "visit": visit,
            "stage": visit.stage,
            "form": form,
            "members": list(visit.members.select_related("user")),
            "finding_rows": [(item, findings.get(item.pk)) for item in items],
            "photos": [(photo, photos.photo_notes(photo, visit)) for photo in photo_list],
            "photo_form": PhotoForm(),
            "editable": editable,
            "weighted": services.plan_for(visit.stage).policy == Policy.WEIGHTED,
            "just_saved": just_saved,
            "stale": stale,
            "max_mb": photos.max_photo_bytes() // (1024 * 1024),
            "submitted": visit.state in (VisitState.SUBMITTED, VisitState.ACCEPTED),
        },
    )


@login_required
@require_POST
def photo_add(request, visit_id):
    visit = visit_for(request, visit_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = reports.add_photos(
                visit=visit, actor=request.user, files=form.cleaned_data["photos"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, ngettext("%(n)s foto diunggah.", "%(n)s foto diunggah.", len(stored)) % {"n": len(stored)}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{visit_url(visit)}#foto")


def visit_url(visit) -> str:
    return reverse("jury:visit_form", args=[visit.pk])


@login_required
@require_POST
def photo_delete(request, visit_id, photo_id):
    visit = visit_for(request, visit_id)
    item = get_object_or_404(VisitPhoto.objects.filter(visit=visit), pk=photo_id)
    item.visit = visit
    try:
        reports.delete_photo(photo=item, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Foto dihapus."))
    return redirect(f"{visit_url(visit)}#foto")


@login_required
def photo(request, photo_id):
    item = get_object_or_404(VisitPhoto.objects.select_related("visit__stage__edition__competition"), pk=photo_id)
    if not request.user.has_perm("verification.work_on_visit", item.visit):
        raise PermissionDenied
    return photo_response(item, original=request.GET.get("asli") == "1")
