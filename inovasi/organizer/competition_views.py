"""The organizer's competition setup: competitions, editions (from a preset or blank), their
configuration rows, rubrics; and the edition dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from inovasi.accounts.rules import bodies_organized, is_system_admin
from inovasi.competitions import editions as setup
from inovasi.competitions import publication, queries, timeline
from inovasi.competitions.form_rows import quota_text
from inovasi.competitions.forms import (
    BLANK_PRESET,
    CONFIG_FORMS,
    CompetitionForm,
    CriterionFormSet,
    EditionForm,
    NewEditionForm,
    quota_choices,
)
from inovasi.competitions.models import Competition, Edition, Stage
from inovasi.confirm import CheckAnswers, is_confirmed, render_check
from inovasi.formats.display import format_datetime_id
from inovasi.innovations.enums import NARRATIVE_SECTIONS
from inovasi.organisations.models import OrganizerBody


def _bodies(user):
    if not user.has_perm("accounts.use_organizer_desk"):
        raise PermissionDenied
    bodies = OrganizerBody.objects.all()
    return bodies if is_system_admin(user) else bodies.filter(pk__in=bodies_organized(user))


def edition_for(request, edition_id) -> Edition:
    edition = get_object_or_404(Edition.objects.with_competition(), pk=edition_id)
    if not request.user.has_perm("competitions.manage_edition", edition):
        raise PermissionDenied
    return edition


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def competition_list(request):
    bodies = _bodies(request.user)
    competitions = (
        Competition.objects.filter(body__in=bodies)
        .select_related("body")
        .prefetch_related(Prefetch("editions", queryset=queries.editions_managed_by(request.user)))
    )
    return render(request, "organizer/competitions/list.html", {"competitions": competitions})


@login_required
def competition_create(request):
    bodies = _bodies(request.user)
    form = CompetitionForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            setup.create_competition(actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Kompetisi dibuat."))
            return redirect("organizer:competition_list")
    return render(request, "organizer/competitions/form.html", {"form": form, "title": _("Kompetisi baru")})


@login_required
def edition_create(request):
    bodies = _bodies(request.user)
    form = NewEditionForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["preset"] == BLANK_PRESET:
                edition = setup.create_blank_edition(
                    competition=data["competition"], year=data["year"], name=data["name"], actor=request.user
                )
            else:
                edition = setup.create_edition_from_preset(
                    preset=data["preset"],
                    body=data["body"],
                    year=data["year"],
                    competition=data["competition"],
                    name=data["name"],
                    actor=request.user,
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Edisi %(name)s dibuat. Periksa dan sesuaikan pengaturannya.") % {"name": edition.name}
            )
            return redirect("organizer:edition_settings", edition_id=edition.pk)
    return render(request, "organizer/competitions/form.html", {"form": form, "title": _("Edisi baru")})


@login_required
def edition_dashboard(request, edition_id):
    edition = edition_for(request, edition_id)
    stages = list(queries.stage_progress(edition))
    return render(
        request,
        "organizer/competitions/dashboard.html",
        {
            "edition": edition,
            "breakdown": queries.edition_breakdown(edition),
            "stages": stages,
            # The same reading of "where the edition stands" as the public edition pages.
            "status": timeline.edition_status(edition, stages),
            "next_step": timeline.organizer_next_step(stages),
        },
    )


@login_required
def edition_settings(request, edition_id):
    edition = edition_for(request, edition_id)
    form = EditionForm(request.POST or None, instance=edition)
    year = edition.year
    if request.method == "POST" and form.is_valid():
        try:
            saved = setup.update_edition(edition=edition, values=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan edisi disimpan."))
            if saved.year != year:
                messages.info(
                    request,
                    _("Tanggal pendaftaran dan jadwal tahapan ikut digeser ke tahun %(year)s; periksa kembali.")
                    % {"year": saved.year},
                )
            return redirect("organizer:edition_settings", edition_id=edition.pk)
    stages = list(edition.stages.select_related("group").prefetch_related("criteria", "checklist_items"))
    quota_labels = {value: label for _g, options in quota_choices(edition) for value, label in options}
    for stage in stages:
        stage.quota_text = quota_text(stage.quotas, quota_labels)
    sections = list(edition.sections.select_related("group"))
    narratives = dict(NARRATIVE_SECTIONS)
    for section in sections:
        section.prefill_label = narratives.get(section.prefill_from, section.prefill_from)
    return render(
        request,
        "organizer/competitions/settings.html",
        {
            "edition": edition,
            "form": form,
            "groups": edition.groups.all(),
            "categories": edition.categories.all(),
            "caps": edition.caps.select_related("group"),
            "sections": sections,
            "publication": publication.publication_check(edition),
            "attachments": edition.attachment_requirements.select_related("group"),
            "stages": stages,
            "invitations": [
                i for g in edition.groups.prefetch_related("invitations__government") for i in g.invitations.all()
            ],
        },
    )


def _config(kind):
    if kind not in CONFIG_FORMS:
        raise Http404
    return CONFIG_FORMS[kind]


def _config_instance(edition, form_class, pk):
    model = form_class._meta.model
    if "edition" in {f.name for f in model._meta.fields}:
        return get_object_or_404(model, pk=pk, edition=edition)
    if "stage" in {f.name for f in model._meta.fields}:
        return get_object_or_404(model, pk=pk, stage__edition=edition)
    return get_object_or_404(model, pk=pk, group__edition=edition)


@login_required
def config_form(request, edition_id, kind, pk=None):
    edition = edition_for(request, edition_id)
    form_class, title = _config(kind)
    instance = _config_instance(edition, form_class, pk) if pk else None
    form = form_class(request.POST or None, instance=instance, edition=edition)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if "edition" in {f.name for f in obj._meta.fields}:
            obj.edition = edition
        try:
            setup.save_config(instance=obj, actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(what)s disimpan.") % {"what": title})
            return redirect("organizer:edition_settings", edition_id=edition.pk)
    return render(
        request,
        "organizer/competitions/form.html",
        {"form": form, "title": title, "edition": edition, "instance": instance},
    )


@login_required
def config_delete(request, edition_id, kind, pk):
    edition = edition_for(request, edition_id)
    form_class, title = _config(kind)
    instance = _config_instance(edition, form_class, pk)
    if request.method == "POST":
        try:
            setup.delete_config(instance=instance, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(what)s dihapus.") % {"what": title})
        return redirect("organizer:edition_settings", edition_id=edition.pk)
    return render(
        request,
        "organizer/competitions/confirm_delete.html",
        {"edition": edition, "instance": instance, "title": title},
    )


@login_required
def rubric_edit(request, stage_id):
    stage = get_object_or_404(Stage.objects.select_related("edition", "edition__competition"), pk=stage_id)
    if not request.user.has_perm("competitions.manage_edition", stage.edition):
        raise PermissionDenied
    initial = list(stage.criteria.values("code", "name", "weight", "scale_min", "scale_max", "guidance", "anchors"))
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="kriteria")
    error = None
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        rows = [{k: v for k, v in row.items() if k != "DELETE"} for row in rows]
        try:
            setup.save_rubric(stage=stage, rows=rows, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Rubrik %(stage)s disimpan.") % {"stage": stage.name})
            return redirect("organizer:edition_settings", edition_id=stage.edition_id)
    return render(request, "organizer/competitions/rubric.html", {"stage": stage, "formset": formset, "error": error})


def _publication_page(request, edition) -> CheckAnswers:
    settings_url = reverse("organizer:edition_settings", args=[edition.pk])
    breadcrumb = [
        (_("Kompetisi"), reverse("organizer:competition_list")),
        (edition.name, reverse("organizer:edition_dashboard", args=[edition.pk])),
        (_("Pengaturan"), settings_url),
    ]
    if edition.is_published:
        return CheckAnswers(
            title=_("Tarik edisi dari halaman publik"),
            confirm_label=_("Tarik dari halaman publik"),
            back_url=settings_url,
            intro=edition.name,
            happens=[
                _("Halaman publik, jadwal dan hasil edisi ini tidak lagi tampil untuk umum."),
                _("Pemda tidak dapat memulai proposal baru; proposal yang sudah ada tetap tersimpan."),
            ],
            breadcrumb=breadcrumb,
        )
    check = publication.publication_check(edition)
    scope = edition.scope_region.name if edition.scope_region else _("Seluruh Indonesia")
    rows = [
        (_("Nama edisi"), edition.name),
        (_("Tahun"), str(edition.year)),
        (_("Cakupan wilayah"), scope),
        (_("Pendaftaran dibuka"), format_datetime_id(edition.registration_opens_at)),
        (_("Batas akhir pengajuan"), format_datetime_id(edition.registration_closes_at)),
        (_("Kelompok"), ", ".join(g.name for g in edition.groups.all())),
        (_("Tahapan"), "\n".join(f"{s.order}. {s.name}" for s in edition.stages.all())),
    ]
    return CheckAnswers(
        title=_("Periksa sebelum mengumumkan edisi"),
        confirm_label=_("Umumkan edisi"),
        back_url=settings_url,
        change_url=settings_url,
        intro=edition.name,
        rows=rows,
        happens=[
            _("Edisi tampil di halaman publik Kompetisi beserta jadwal dan persyaratannya."),
            _("Pemda dalam cakupan dapat mendaftar selama masa pendaftaran."),
        ],
        frozen=[
            _("Peserta membaca persyaratan yang diumumkan; ubah sesudahnya hanya bila perlu dan beri tahu peserta.")
        ],
        blockers=check.blockers,
        warnings=check.warnings,
        breadcrumb=breadcrumb,
    )


@login_required
def edition_publish(request, edition_id):
    """Announce the edition (or take it off the public pages) after a check-your-answers page."""
    edition = edition_for(request, edition_id)
    if is_confirmed(request):
        verb = publication.unpublish_edition if edition.is_published else publication.publish_edition
        try:
            verb(edition=edition, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("organizer:edition_publish", edition_id=edition.pk)
        done = _("Edisi diumumkan.") if verb is publication.publish_edition else _("Edisi ditarik dari halaman publik.")
        messages.success(request, done)
        return redirect("organizer:edition_settings", edition_id=edition.pk)
    return render_check(request, _publication_page(request, edition))
