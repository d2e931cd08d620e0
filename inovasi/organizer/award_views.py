"""The organizer's award screens of one edition: labels, ceremonies, awards (given by hand or from
a published stage), certificates (one, all in the background, revocation) and the export.

Views only present: every change goes through `inovasi.awards.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inovasi.awards import issuance, services
from inovasi.awards.certificates import verification_url
from inovasi.awards.forms import (
    AwardEditForm,
    AwardForm,
    AwardLabelForm,
    CeremonyForm,
    RevokeForm,
    StageImportForm,
)
from inovasi.awards.models import Award, AwardLabel, Ceremony, Certificate, CertificateBatch
from inovasi.competitions.models import Edition
from inovasi.confirm import CheckAnswers, is_confirmed, render_check
from inovasi.exports import Export, export_view


def _edition(request, edition_id) -> Edition:
    edition = get_object_or_404(Edition.objects.with_competition(), pk=edition_id)
    if not request.user.has_perm("awards.manage_awards", edition):
        raise PermissionDenied
    return edition


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _to_list(edition):
    return redirect("organizer:award_list", edition_id=edition.pk)


def _awards(edition):
    return (
        Award.objects.filter(label__edition=edition)
        .select_related("label", "ceremony", "government", "agency", "proposal", "certificate")
        .order_by("label__order", "label__name", "rank", "recipient_name", "pk")
    )


@login_required
def award_list(request, edition_id):
    edition = _edition(request, edition_id)
    awards = list(_awards(edition))
    counts = Certificate.objects.filter(award__label__edition=edition).aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
    )
    batch = CertificateBatch.objects.filter(edition=edition).order_by("-created_at", "-pk").first()
    return render(
        request,
        "organizer/awards/list.html",
        {
            "edition": edition,
            "awards": awards,
            "labels": edition.award_labels.all(),
            "has_published_stages": edition.stages.filter(results_published_at__isnull=False).exists(),
            "issued": counts["issued"],
            "revoked": counts["revoked"],
            "missing": sum(1 for a in awards if not hasattr(a, "certificate")),
            "batch": batch,
        },
    )


@login_required
def award_setup(request, edition_id):
    edition = _edition(request, edition_id)
    labels = edition.award_labels.annotate(award_count=Count("awards"))
    ceremonies = edition.ceremonies.annotate(award_count=Count("awards"))
    award_stages = edition.stages.filter(is_award=True).exclude(label="").order_by("order")
    return render(
        request,
        "organizer/awards/setup.html",
        {"edition": edition, "labels": labels, "ceremonies": ceremonies, "award_stages": award_stages},
    )


@login_required
@require_POST
def labels_from_stages(request, edition_id):
    edition = _edition(request, edition_id)
    created = services.labels_from_stages(edition=edition, actor=request.user)
    if created:
        messages.success(
            request,
            _("Penghargaan dibuat dari tahap: %(names)s.") % {"names": ", ".join(label.name for label in created)},
        )
    else:
        messages.info(request, _("Semua label tahap pemenang sudah menjadi penghargaan."))
    return redirect("organizer:award_setup", edition_id=edition.pk)


def _form_page(request, edition, form, title, instance=None, back="organizer:award_setup"):
    return render(
        request,
        "organizer/awards/form.html",
        {"edition": edition, "form": form, "title": title, "instance": instance, "back": back},
    )


def _save_setup_item(request, edition, form, instance, *, fields, create, update, saved, titles):
    """Create or edit one label or ceremony of the edition setup through its service verbs.

    `create(edition=…, actor=…, **data)` / `update(<instance>=…, actor=…, **data)`; `saved` is the
    success message with %(name)s; `titles` is (new, edit).
    """
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in fields}
        try:
            if instance:
                update(instance, actor=request.user, **data)
            else:
                create(edition=edition, actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, saved % {"name": data["name"]})
            return redirect("organizer:award_setup", edition_id=edition.pk)
    return _form_page(request, edition, form, titles[1] if instance else titles[0], instance)


def _delete_setup_item(request, edition, instance, *, delete, deleted, what):
    """Confirm, then delete one label or ceremony (refused while awards use it)."""
    if request.method == "POST":
        try:
            delete(instance, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, deleted % {"name": instance.name})
        return redirect("organizer:award_setup", edition_id=edition.pk)
    return render(
        request,
        "organizer/awards/confirm_delete.html",
        {"edition": edition, "instance": instance, "what": what, "blocked": instance.awards.exists()},
    )


@login_required
def label_form(request, edition_id, label_id=None):
    edition = _edition(request, edition_id)
    label = get_object_or_404(AwardLabel, pk=label_id, edition=edition) if label_id else None
    return _save_setup_item(
        request,
        edition,
        AwardLabelForm(request.POST or None, instance=label),
        label,
        fields=services.LABEL_FIELDS,
        create=services.create_label,
        update=lambda label, **kwargs: services.update_label(label=label, **kwargs),
        saved=_("Penghargaan “%(name)s” disimpan."),
        titles=(_("Penghargaan baru"), _("Ubah penghargaan")),
    )


@login_required
def label_delete(request, edition_id, label_id):
    edition = _edition(request, edition_id)
    return _delete_setup_item(
        request,
        edition,
        get_object_or_404(AwardLabel, pk=label_id, edition=edition),
        delete=lambda label, **kwargs: services.delete_label(label=label, **kwargs),
        deleted=_("Penghargaan “%(name)s” dihapus."),
        what=_("penghargaan"),
    )


@login_required
def ceremony_form(request, edition_id, ceremony_id=None):
    edition = _edition(request, edition_id)
    ceremony = get_object_or_404(Ceremony, pk=ceremony_id, edition=edition) if ceremony_id else None
    return _save_setup_item(
        request,
        edition,
        CeremonyForm(request.POST or None, instance=ceremony),
        ceremony,
        fields=services.CEREMONY_FIELDS,
        create=services.create_ceremony,
        update=lambda ceremony, **kwargs: services.update_ceremony(ceremony=ceremony, **kwargs),
        saved=_("Acara “%(name)s” disimpan."),
        titles=(_("Acara penganugerahan baru"), _("Ubah acara penganugerahan")),
    )


@login_required
def ceremony_delete(request, edition_id, ceremony_id):
    edition = _edition(request, edition_id)
    return _delete_setup_item(
        request,
        edition,
        get_object_or_404(Ceremony, pk=ceremony_id, edition=edition),
        delete=lambda ceremony, **kwargs: services.delete_ceremony(ceremony=ceremony, **kwargs),
        deleted=_("Acara “%(name)s” dihapus."),
        what=_("acara"),
    )


@login_required
def award_give(request, edition_id):
    edition = _edition(request, edition_id)
    form = AwardForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            award = services.give_award(actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(label)s” diberikan kepada %(name)s.") % {"label": award.label.name, "name": award.recipient_name},
            )
            return _to_list(edition)
    return _form_page(request, edition, form, _("Beri penghargaan"), back="organizer:award_list")


@login_required
def award_edit(request, edition_id, award_id):
    edition = _edition(request, edition_id)
    award = get_object_or_404(Award.objects.select_related("label"), pk=award_id, label__edition=edition)
    initial = {name: getattr(award, name) for name in services.EDITABLE_AWARD_FIELDS}
    form = AwardEditForm(request.POST or None, initial=initial, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_award(award=award, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Penghargaan %(name)s disimpan.") % {"name": form.cleaned_data["recipient_name"]}
            )
            return _to_list(edition)
    return _form_page(request, edition, form, _("Ubah penghargaan"), award, back="organizer:award_list")


@login_required
def award_delete(request, edition_id, award_id):
    edition = _edition(request, edition_id)
    award = get_object_or_404(Award.objects.select_related("label"), pk=award_id, label__edition=edition)
    if request.method == "POST":
        try:
            services.delete_award(award=award, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Penghargaan %(name)s dihapus.") % {"name": award.recipient_name})
        return _to_list(edition)
    return render(
        request,
        "organizer/awards/confirm_delete.html",
        {
            "edition": edition,
            "instance": award,
            "what": _("penerima penghargaan"),
            "blocked": Certificate.objects.filter(award=award).exists(),
            "back": "organizer:award_list",
        },
    )


@login_required
def award_import(request, edition_id):
    edition = _edition(request, edition_id)
    form = StageImportForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        stage, label, ceremony = form.cleaned_data["stage"], form.cleaned_data["label"], form.cleaned_data["ceremony"]
        try:
            outcome = services.awards_from_stage_results(stage, label, ceremony, request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(created)s penghargaan “%(label)s” dibuat dari %(stage)s; %(skipped)s sudah ada.",
                    "%(created)s penghargaan “%(label)s” dibuat dari %(stage)s; %(skipped)s sudah ada.",
                    len(outcome.created),
                )
                % {
                    "created": len(outcome.created),
                    "label": outcome.label.name,
                    "stage": stage.name,
                    "skipped": outcome.skipped,
                },
            )
            return _to_list(edition)
    return _form_page(request, edition, form, _("Impor dari hasil tahap"), back="organizer:award_list")


@login_required
@require_POST
def certificate_generate(request, edition_id, award_id):
    edition = _edition(request, edition_id)
    award = get_object_or_404(Award, pk=award_id, label__edition=edition)
    try:
        certificate = issuance.issue_certificate(award=award, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sertifikat %(serial)s siap.") % {"serial": certificate.serial})
    return _to_list(edition)


@login_required
@require_POST
def certificate_generate_all(request, edition_id):
    edition = _edition(request, edition_id)
    try:
        batch = issuance.start_certificate_batch(edition=edition, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Pembuatan %(n)s sertifikat dimulai; kemajuannya tampil di bawah.") % {"n": batch.total}
        )
    return _to_list(edition)


@login_required
def certificate_batch(request, edition_id, batch_id):
    """The progress fragment; htmx polls it every 2 s while the batch is queued or running."""
    edition = _edition(request, edition_id)
    batch = get_object_or_404(CertificateBatch, pk=batch_id, edition=edition)
    return render(request, "organizer/awards/_batch.html", {"edition": edition, "batch": batch})


def _revoke_check(edition, certificate, reason: str) -> CheckAnswers:
    list_url = reverse("organizer:award_list", args=[edition.pk])
    return CheckAnswers(
        title=_("Periksa sebelum mencabut sertifikat %(serial)s") % {"serial": certificate.serial},
        confirm_label=_("Cabut sertifikat"),
        back_url=reverse("organizer:certificate_revoke", args=[edition.pk, certificate.pk]),
        happens=[
            _("Halaman verifikasi publik menyatakan sertifikat ini dicabut, dengan alasan di bawah."),
            _("Berkas PDF sertifikat tidak lagi disediakan."),
        ],
        frozen=[_("Pencabutan tidak dapat dibatalkan; nomor sertifikat tidak dipakai ulang.")],
        rows=[
            (_("Nomor sertifikat"), certificate.serial),
            (_("Penghargaan"), certificate.award.label.name),
            (_("Penerima"), certificate.award.recipient_name),
            (_("Alasan pencabutan"), reason),
        ],
        hidden={"reason": reason},
        breadcrumb=[(_("Penghargaan"), list_url)],
    )


@login_required
def certificate_revoke(request, edition_id, certificate_id):
    edition = _edition(request, edition_id)
    certificate = get_object_or_404(
        Certificate.objects.select_related("award__label"), pk=certificate_id, award__label__edition=edition
    )
    if not request.user.has_perm("awards.revoke_certificate", certificate):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reason = issuance.check_revocation(certificate, form.cleaned_data["reason"])
            if not is_confirmed(request):
                return render_check(request, _revoke_check(edition, certificate, reason))
            issuance.revoke_certificate(certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Sertifikat %(serial)s dicabut.") % {"serial": certificate.serial})
            return _to_list(edition)
    return render(
        request,
        "organizer/awards/revoke.html",
        {
            "edition": edition,
            "certificate": certificate,
            "form": form,
            "verify_url": verification_url(certificate),
        },
    )


EXPORT_HEADER = [
    "penghargaan",
    "jenis",
    "peringkat",
    "penerima",
    "inovasi_id",
    "perangkat_daerah",
    "pemerintah_daerah",
    "kode_wilayah",
    "orang",
    "tanggal_penetapan",
    "acara",
    "tanggal_acara",
    "tempat_acara",
    "nomor_sertifikat",
    "status_sertifikat",
    "sha256_pdf",
]


def _text(value):
    return "" if value is None else str(value)


def _export_rows(awards):
    for award in awards:
        certificate = getattr(award, "certificate", None)
        status = ""
        if certificate:
            status = _("dicabut") if certificate.revoked_at else _("sah")
        yield [
            _text(award.label.name),
            award.label.get_kind_display(),
            award.rank or "",
            _text(award.recipient_name),
            award.innovation_id or "",
            _text(award.agency.name if award.agency_id else ""),
            _text(award.government.name),
            award.government.region.code,
            _text("; ".join(f"{p['name']} ({p['title']})" if p.get("title") else p["name"] for p in award.people)),
            award.awarded_on.isoformat(),
            _text(award.ceremony.name if award.ceremony_id else ""),
            award.ceremony.held_on.isoformat() if award.ceremony_id else "",
            _text(award.ceremony.place if award.ceremony_id else ""),
            certificate.serial if certificate else "",
            status,
            certificate.sha256 if certificate else "",
        ]


@login_required
@export_view
def award_export(request, edition_id):
    edition = _edition(request, edition_id)
    awards = _awards(edition).select_related("government__region")
    return Export(
        filename=f"penghargaan-{edition.competition.short_name.lower()}-{edition.year}",
        header=EXPORT_HEADER,
        rows=_export_rows(awards),
        sheet="Penghargaan",
    )
