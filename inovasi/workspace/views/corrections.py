"""Corrections to a published record (issue #17): propose → check your answers → the Admin Pemda decides.

The verbs are `inovasi.innovations.corrections`; these pages only read the input, show the check
page and report the verb's answer. The record stays in the catalog throughout.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.competitions.corrections import affected_proposals
from inovasi.confirm import CheckAnswers, is_confirmed, render_check
from inovasi.innovations import corrections
from inovasi.innovations.enums import ELIGIBILITY_FIELDS, CorrectableField, CorrectionState
from inovasi.innovations.models import InnovationCorrection
from inovasi.workspace.forms_innovations import CorrectionForm, ReasonForm
from inovasi.workspace.views.innovations import _crumbs, _require_workspace, apply_service_errors, innovation_for

DECIDED_ROWS = 20


def correction_for(request, correction_id: int, perm: str) -> InnovationCorrection:
    correction = get_object_or_404(
        InnovationCorrection.objects.select_related(
            "innovation", "innovation__agency", "innovation__government", "proposed_by", "decided_by"
        ),
        pk=correction_id,
    )
    if not request.user.has_perm(perm, correction):
        raise PermissionDenied
    return correction


def _eligibility_note(field: str) -> str:
    if field not in ELIGIBILITY_FIELDS:
        return ""
    return _(
        "Tanggal mulai dibaca aturan kelayakan kompetisi: bila koreksi disetujui, panitia yang sudah menerima "
        "proposal inovasi ini melihat tanda “Data berubah setelah pengajuan”."
    )


def _rows(innovation, field: str, old: str, new: str, reason: str) -> list[tuple[str, str]]:
    return [
        (_("Inovasi"), innovation.name),
        (_("Data yang dikoreksi"), str(CorrectableField(field).label)),
        (_("Nilai sekarang"), corrections.display_value(field, old)),
        (_("Nilai yang benar"), corrections.display_value(field, new)),
        (_("Alasan"), reason),
    ]


@login_required
def correction_propose(request, innovation_id):
    """The form; a valid POST shows the check page; the confirmed POST proposes the correction."""
    innovation = innovation_for(request, innovation_id, "innovations.propose_correction")
    initial = {"field": request.GET.get("data")} if request.GET.get("data") in CorrectableField.values else None
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        field, raw, reason = (form.cleaned_data[k] for k in ("field", "new_value", "reason"))
        if is_confirmed(request):
            try:
                corrections.propose_correction(
                    innovation=innovation, field=field, new_value=raw, reason=reason, actor=request.user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Koreksi diajukan ke Admin Pemda. Inovasi tetap tampil di katalog."))
                return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
        else:
            try:
                value = corrections.parse_value(field, raw)
                if value == corrections.current_value(innovation, field):
                    raise ValidationError({"new_value": _("Nilai baru sama dengan nilai saat ini.")})
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                old = corrections.current_value(innovation, field)
                note = _eligibility_note(field)
                check = CheckAnswers(
                    title=_("Periksa koreksi sebelum mengajukan"),
                    confirm_label=_("Ajukan koreksi"),
                    back_url=reverse("workspace:correction_propose", args=[innovation.pk]),
                    intro=_("Koreksi kecil pada inovasi yang sudah terbit, tanpa membukanya kembali untuk revisi."),
                    rows=_rows(innovation, field, old, value, reason),
                    happens=[
                        _("Admin Pemda %(gov)s memutuskan koreksi ini.") % {"gov": innovation.government.name},
                        _("Selama menunggu dan sesudahnya, inovasi tetap tampil di katalog publik."),
                        _("Bila disetujui, halaman publik mencantumkan “Dikoreksi pada <tanggal>: <data>”."),
                    ],
                    warnings=[note] if note else [],
                    hidden={"field": field, "new_value": raw, "reason": reason},
                    breadcrumb=_crumbs(innovation),
                )
                return render_check(request, check)
    return render(
        request,
        "workspace/innovations/correction_form.html",
        {"innovation": innovation, "form": form, "title": _("Ajukan koreksi")},
    )


@login_required
def correction_list(request):
    """Corrections waiting on records the user manages, with approve/reject for whoever decides."""
    _require_workspace(request)
    user = request.user
    pending = list(corrections.pending_for_user(user))
    deciding = corrections.may_decide_each(user, pending)
    for correction in pending:
        correction.can_decide = deciding[correction.pk]
        correction.old_shown = corrections.display_value(correction.field, correction.old_value)
        correction.new_shown = corrections.display_value(correction.field, correction.new_value)
    decided = (
        InnovationCorrection.objects.filter(innovation__in=corrections.managed_innovations(user))
        .exclude(state=CorrectionState.PROPOSED)
        .select_related("innovation", "decided_by")
        .order_by("-decided_at", "-pk")[:DECIDED_ROWS]
    )
    return render(request, "workspace/innovations/correction_list.html", {"pending": pending, "decided": decided})


@login_required
def correction_approve(request, correction_id):
    """Check page for the Admin Pemda; the confirmed POST applies the correction."""
    correction = correction_for(request, correction_id, "innovations.decide_correction")
    innovation = correction.innovation
    if is_confirmed(request):
        try:
            corrections.approve_correction(correction=correction, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Koreksi disetujui dan diterapkan; inovasi tetap terbit."))
        return redirect("workspace:correction_list")
    blockers = []
    if correction.state != CorrectionState.PROPOSED:
        blockers.append(_("Koreksi ini sudah berstatus “%(state)s”.") % {"state": correction.get_state_display()})
    warnings = []
    if correction.field in ELIGIBILITY_FIELDS:
        count = affected_proposals(innovation).count()
        if count:
            warnings.append(
                _(
                    "%(n)s proposal kompetisi yang sudah diterima panitia akan ditandai "
                    "“Data berubah setelah pengajuan”."
                )
                % {"n": count}
            )
    check = CheckAnswers(
        title=_("Periksa koreksi sebelum menyetujui"),
        confirm_label=_("Setujui dan terapkan"),
        back_url=reverse("workspace:correction_list"),
        intro=_("Diajukan oleh %(who)s.") % {"who": correction.proposed_by or _("pengguna terhapus")},
        rows=_rows(innovation, correction.field, correction.old_value, correction.new_value, correction.reason),
        happens=[
            _("Nilai yang benar langsung tertulis pada inovasi yang terbit; inovasi tidak keluar dari katalog."),
            _("Nilai lama dan baru tercatat di riwayat inovasi."),
            _("Halaman publik mencantumkan “Dikoreksi pada <tanggal>: <data>”."),
        ],
        frozen=[_("Koreksi yang disetujui tidak dapat dibatalkan; ajukan koreksi baru bila perlu.")],
        warnings=warnings,
        blockers=blockers,
        breadcrumb=_crumbs(innovation),
    )
    return render_check(request, check)


@login_required
def correction_reject(request, correction_id):
    correction = correction_for(request, correction_id, "innovations.decide_correction")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.reject_correction(correction=correction, actor=request.user, note=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Koreksi ditolak; pengusul dapat membaca alasannya."))
            return redirect("workspace:correction_list")
    return render(
        request,
        "workspace/innovations/correction_reject.html",
        {
            "innovation": correction.innovation,
            "correction": correction,
            "form": form,
            "title": _("Tolak koreksi"),
            "old": corrections.display_value(correction.field, correction.old_value),
            "new": corrections.display_value(correction.field, correction.new_value),
        },
    )


@login_required
@require_POST
def correction_withdraw(request, correction_id):
    correction = correction_for(request, correction_id, "innovations.withdraw_correction")
    try:
        corrections.withdraw_correction(correction=correction, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Koreksi ditarik."))
    return redirect("workspace:innovation_detail", innovation_id=correction.innovation_id)
