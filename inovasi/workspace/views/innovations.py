"""Operators and Admin Pemda record innovations and move them through the workflow.

Every page loads the innovation through `innovation_for`, which refuses (403) whoever lacks the
permission; every change goes through `inovasi.innovations.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inovasi.confirm import CheckAnswers, render_check
from inovasi.formats.display import format_date_id
from inovasi.innovations import corrections, progress, queries, services
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import Innovation, Replication
from inovasi.innovations.versions import version_of
from inovasi.inputs import id_param
from inovasi.organisations.models import Agency, Government
from inovasi.public.views.innovation import detail_context, detail_queryset
from inovasi.search.duplicates import possible_duplicates
from inovasi.workspace.forms_innovations import (
    InnovationFilterForm,
    InnovationForm,
    NewYearForm,
    ReasonForm,
    word_count,
)

PAGE_SIZE = 25


def innovation_for(request, innovation_id: int, perm: str) -> Innovation:
    innovation = get_object_or_404(
        Innovation.objects.select_related("agency", "agency__parent", "government", "government__region"),
        pk=innovation_id,
    )
    if not request.user.has_perm(perm, innovation):
        raise PermissionDenied
    return innovation


def apply_service_errors(form, exc: ValidationError, rename: dict | None = None) -> None:
    """Show a service's ValidationError next to the matching field (or above the form)."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _require_workspace(request):
    if not request.user.has_perm("accounts.use_workspace"):
        raise PermissionDenied


# --- Lists -------------------------------------------------------------------------------------


@login_required
def innovation_list(request):
    _require_workspace(request)
    form = InnovationFilterForm(request.GET or None)
    innovations = queries.innovations_for_user(request.user)
    if form.is_valid():
        if form.cleaned_data["q"]:
            innovations = innovations.filter(name__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["status"]:
            innovations = innovations.filter(status=form.cleaned_data["status"])
    page = Paginator(innovations.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "workspace/innovations/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": queries.agencies_for_new_innovation(request.user).exists(),
            "review_count": queries.review_queue(request.user).count(),
        },
    )


@login_required
def review_queue(request):
    _require_workspace(request)
    page = Paginator(queries.review_queue(request.user), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "workspace/innovations/review_queue.html", {"page": page})


# --- The record --------------------------------------------------------------------------------


def _form_values(form, *, creating: bool = False) -> dict:
    data = dict(form.cleaned_data)
    data["affairs"] = list(data.get("affairs") or [])
    data["sdgs"] = list(data.get("sdgs") or [])
    year = data.pop("year", None)
    if creating and year:  # later years move on through "Mulai tahun data baru"
        data["year"] = year
    return data


def _similar_url(innovation) -> str | None:
    """The similar-innovations fragment (public app); None until that URL exists."""
    try:
        base = reverse("public:similar_innovations")
    except NoReverseMatch:
        return None
    return f"{base}?innovation={innovation.pk}" if innovation else base


def _render_form(request, form, innovation=None):
    narrative = [
        (field, word_count(field.value()), field.field.widget.attrs.get("data-word-limit"))
        for field in form.narrative_fields()
    ]
    return render(
        request,
        "workspace/innovations/form.html",
        {
            "form": form,
            "innovation": innovation,
            "narrative": narrative,
            "similar_url": _similar_url(innovation) if innovation else None,
        },
    )


@login_required
def innovation_create(request):
    _require_workspace(request)
    agencies = queries.agencies_for_new_innovation(request.user)
    chosen = id_param(request.GET, "perangkat")
    if chosen is not None:
        # Coming from an agency's page: offer just that agency (a system admin's list is national).
        agencies = agencies.filter(pk=chosen)
    form = InnovationForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        values = _form_values(form, creating=True)
        agency = values.pop("agency")
        if not request.user.has_perm("innovations.add_innovation", agency):
            raise PermissionDenied
        try:
            innovation = services.create_innovation(agency=agency, actor=request.user, **values)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Draf %(name)s disimpan.") % {"name": innovation.name})
            _warn_duplicates(request, innovation)
            return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    return _render_form(request, form)


def _duplicates_of(user, name: str, summary: str = "", agency_id=None, exclude_id=None):
    """Possible duplicates in the Pemda of the chosen agency (or the user's only Pemda), else []."""
    agencies = queries.agencies_for_new_innovation(user)
    agency = agencies.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        governments = set(agencies.values_list("government_id", flat=True)[:2])
        if len(governments) != 1:
            return []
        government_id = governments.pop()
    else:
        government_id = agency.government_id

    government = Government.objects.filter(pk=government_id).first()
    return possible_duplicates(government, name, summary, agency=agency, exclude_id=exclude_id)


@login_required
def innovation_duplicates(request):
    """htmx: "Mirip dengan … di perangkat daerah Anda" while the name is typed (a warning only)."""
    _require_workspace(request)
    found = _duplicates_of(
        request.user,
        (request.GET.get("name") or "")[:200],
        (request.GET.get("summary") or "")[:2000],
        id_param(request.GET, "agency"),
        id_param(request.GET, "innovation"),
    )
    return render(request, "workspace/innovations/_duplicates.html", {"duplicates": found})


def _warn_duplicates(request, innovation) -> None:
    """After saving: the same warning as while typing, so it is seen even without JavaScript."""
    found = _duplicates_of(
        request.user, innovation.name, innovation.summary, innovation.agency_id, exclude_id=innovation.pk
    )
    for duplicate in found:
        where = _("di perangkat daerah Anda") if duplicate.same_agency else _("di Pemda Anda")
        messages.warning(
            request,
            _("Mirip dengan %(name)s %(where)s. Periksa agar tidak tercatat dua kali; Anda tetap dapat melanjutkan.")
            % {"name": duplicate.innovation.name, "where": where},
        )


@login_required
def innovation_edit(request, innovation_id):
    innovation = innovation_for(request, innovation_id, "innovations.change_innovation")
    agencies = queries.agencies_for_new_innovation(request.user).filter(government_id=innovation.government_id)
    if (
        request.user.has_perm("innovations.manage_innovation", innovation)
        and not agencies.filter(pk=innovation.agency_id).exists()
    ):
        agencies = Agency.objects.filter(pk=innovation.agency_id) | agencies
    initial = {"affairs": list(innovation.affairs.all()), "sdgs": list(innovation.sdgs.all())}
    form = InnovationForm(request.POST or None, instance=innovation, initial=initial, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_innovation(innovation=innovation, actor=request.user, **_form_values(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Draf disimpan."))
            if "ajukan" in request.POST:
                return redirect("workspace:innovation_submit", innovation_id=innovation.pk)
            return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    return _render_form(request, form, innovation)


@login_required
def innovation_detail(request, innovation_id):
    innovation = innovation_for(request, innovation_id, "innovations.manage_innovation")
    innovation = (
        Innovation.objects.select_related("agency", "government", "government__region", "created_by")
        .prefetch_related(
            "affairs",
            "sdgs",
            "people",
            "partners",
            "results",
            "recognitions",
            "evidence",
            "versions",
            Prefetch(
                "replications",
                queryset=Replication.objects.select_related("adopter_government", "adopter_agency"),
            ),
        )
        .get(pk=innovation.pk)
    )
    user = request.user
    perms = {
        "change": user.has_perm("innovations.change_innovation", innovation),
        "submit": user.has_perm("innovations.submit_innovation", innovation),
        "review": user.has_perm("innovations.review_innovation", innovation),
        "archive": user.has_perm("innovations.archive_innovation", innovation),
        "restore": user.has_perm("innovations.restore_innovation", innovation),
        "reopen": user.has_perm("innovations.reopen_innovation", innovation),
        "new_year": user.has_perm("innovations.start_new_year", innovation),
        "outcomes": user.has_perm("innovations.change_outcomes", innovation),
        "evidence": user.has_perm("innovations.add_evidence", innovation),
        "correct": user.has_perm("innovations.propose_correction", innovation),
    }
    record_progress = progress.progress(innovation)
    return render(
        request,
        "workspace/innovations/detail.html",
        {
            "innovation": innovation,
            "perms_": perms,
            "missing": record_progress.missing if perms["submit"] else [],
            "progress": record_progress,
            "history": [queries.describe_event(e) for e in queries.history(innovation)[:100]],
            "corrections": corrections.for_record_page(innovation, user),
            "narrative": [
                (field.verbose_name, getattr(innovation, field.name))
                for field in (Innovation._meta.get_field(n) for n in services.NARRATIVE_FIELDS)
            ],
        },
    )


@login_required
def innovation_version(request, innovation_id, year):
    """One yearly version with what changed from the year before; the innovation's managers only."""
    innovation = innovation_for(request, innovation_id, "innovations.manage_innovation")
    version = version_of(innovation, year)
    if version is None:
        raise Http404
    return render(request, "workspace/innovations/version.html", {"innovation": innovation, "version": version})


# --- Workflow ----------------------------------------------------------------------------------


def _answers(innovation) -> list[tuple[str, str]]:
    """The record as the Admin Pemda will read it, for the check-your-answers page."""
    started = ""
    if innovation.started_on:
        started = format_date_id(innovation.started_on)
        if innovation.started_year_only:
            started = str(innovation.started_on.year)
    rows = [
        (_("Nama inovasi"), innovation.name),
        (_("Perangkat daerah"), innovation.agency.name),
        (_("Inisiator"), innovation.get_initiator_kind_display()),
        (_("Bentuk"), innovation.get_form_display()),
        (_("Jenis"), innovation.get_type_display()),
        (_("Tahapan"), innovation.get_stage_display()),
        (_("Urusan pemerintahan"), "; ".join(a.name for a in innovation.affairs.all())),
        (_("Mulai diterapkan"), started),
        (_("Tahun data"), str(innovation.year)),
    ]
    for name in services.NARRATIVE_FIELDS:
        text = getattr(innovation, name)
        if text:
            rows.append((str(Innovation._meta.get_field(name).verbose_name).capitalize(), text))
    rows.append((_("Orang"), "; ".join(str(p) for p in innovation.people.all())))
    rows.append((_("Hasil terukur"), "; ".join(r.metric for r in innovation.results.all())))
    rows.append((_("Bukti"), "; ".join(e.title for e in innovation.evidence.all())))
    return rows


def _crumbs(innovation) -> list[tuple[str, str]]:
    return [
        (_("Ruang kerja"), reverse("workspace:dashboard")),
        (_("Inovasi"), reverse("workspace:innovation_list")),
        (innovation.name, reverse("workspace:innovation_detail", args=[innovation.pk])),
    ]


@login_required
def innovation_submit(request, innovation_id):
    """Check your answers, then send the record to the Admin Pemda (the POST from that page)."""
    innovation = innovation_for(request, innovation_id, "innovations.submit_innovation")
    if request.method == "POST":
        try:
            services.submit_innovation(innovation=innovation, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _("Belum dapat diajukan:") + " " + " ".join(exc.messages))
            return redirect("workspace:innovation_submit", innovation_id=innovation.pk)
        messages.success(request, _("Inovasi diajukan ke Admin Pemda."))
        return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    check = CheckAnswers(
        title=_("Periksa sebelum mengajukan"),
        confirm_label=_("Ajukan ke Admin Pemda"),
        back_url=reverse("workspace:innovation_detail", args=[innovation.pk]),
        change_url=reverse("workspace:innovation_edit", args=[innovation.pk]),
        intro=_("Inovasi: %(name)s") % {"name": innovation.name},
        happens=[
            _("Admin Pemda %(gov)s menerima pemberitahuan dan meninjau inovasi ini.")
            % {"gov": innovation.government.name},
            _("Bila disetujui, inovasi terbit di katalog publik; bila tidak, dikembalikan dengan alasan."),
        ],
        frozen=[
            _("Data, narasi, orang dan hasil tidak dapat diubah selama menunggu tinjauan."),
            _("Bukti masih dapat ditambahkan bila Admin Pemda memintanya."),
        ],
        rows=_answers(innovation),
        blockers=services.missing_for_submission(innovation),
        breadcrumb=_crumbs(innovation),
    )
    return render_check(request, check)


@login_required
def innovation_preview(request, innovation_id):
    """The public page of the record as it will appear once published (managers only)."""
    innovation = innovation_for(request, innovation_id, "innovations.manage_innovation")
    innovation = detail_queryset(Innovation.objects.all()).get(pk=innovation.pk)
    context = {**detail_context(innovation, preview=True), "crumbs": _crumbs(innovation)}
    return render(request, "workspace/innovations/preview.html", context)


@login_required
def innovation_publish(request, innovation_id):
    """Check your answers with the public page as it will appear, then publish (the POST)."""
    innovation = innovation_for(request, innovation_id, "innovations.review_innovation")
    if request.method == "POST":
        try:
            services.publish_innovation(innovation=innovation, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Inovasi diterbitkan dan tampil di katalog publik."))
        return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    full = detail_queryset(Innovation.objects.all()).get(pk=innovation.pk)
    private = innovation.evidence.filter(is_public=False).count()
    warnings = []
    if private:
        warnings.append(
            ngettext(
                "%(n)s bukti bertanda privat dan tidak tampil di halaman publik.",
                "%(n)s bukti bertanda privat dan tidak tampil di halaman publik.",
                private,
            )
            % {"n": private}
        )
    check = CheckAnswers(
        title=_("Periksa sebelum menerbitkan"),
        confirm_label=_("Terbitkan"),
        back_url=reverse("workspace:innovation_detail", args=[innovation.pk]),
        intro=_("Di samping ini halaman publik inovasi persis seperti yang akan tampil setelah terbit."),
        happens=[
            _("Inovasi tampil di katalog publik dan dapat ditemukan siapa saja."),
            _("Operator perangkat daerah menerima pemberitahuan."),
        ],
        frozen=[
            _(
                "Isi inovasi tidak dapat diubah lagi tanpa membukanya kembali untuk revisi "
                "(inovasi keluar dari katalog)."
            ),
        ],
        warnings=warnings,
        blockers=[]
        if innovation.status == S.SUBMITTED
        else [_("Inovasi berstatus %(status)s.") % {"status": innovation.get_status_display()}],
        breadcrumb=_crumbs(innovation),
    )
    return render_check(
        request,
        check,
        extra={**detail_context(full, preview=True), "preview_template": "workspace/innovations/_preview_frame.html"},
    )


@login_required
@require_POST
def innovation_restore(request, innovation_id):
    innovation = innovation_for(request, innovation_id, "innovations.restore_innovation")
    try:
        services.restore_innovation(innovation=innovation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Inovasi dipulihkan dari arsip."))
    return redirect("workspace:innovation_detail", innovation_id=innovation.pk)


def _with_reason(request, innovation_id, *, perm, verb, title, button, done):
    innovation = innovation_for(request, innovation_id, perm)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verb(innovation=innovation, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    return render(
        request,
        "workspace/innovations/reason_form.html",
        {"innovation": innovation, "form": form, "title": title, "button": button},
    )


@login_required
def innovation_return(request, innovation_id):
    return _with_reason(
        request,
        innovation_id,
        perm="innovations.review_innovation",
        verb=services.return_innovation,
        title=_("Kembalikan untuk diperbaiki"),
        button=_("Kembalikan"),
        done=_("Inovasi dikembalikan ke operator beserta alasannya."),
    )


@login_required
def innovation_reopen(request, innovation_id):
    return _with_reason(
        request,
        innovation_id,
        perm="innovations.reopen_innovation",
        verb=services.return_innovation,
        title=_("Buka kembali untuk revisi"),
        button=_("Buka untuk revisi"),
        done=_("Inovasi ditarik dari katalog publik dan dikembalikan ke operator untuk direvisi."),
    )


@login_required
def innovation_archive(request, innovation_id):
    return _with_reason(
        request,
        innovation_id,
        perm="innovations.archive_innovation",
        verb=services.archive_innovation,
        title=_("Arsipkan inovasi"),
        button=_("Arsipkan"),
        done=_("Inovasi diarsipkan dan tidak lagi tampil di katalog publik."),
    )


@login_required
def innovation_new_year(request, innovation_id):
    innovation = innovation_for(request, innovation_id, "innovations.start_new_year")
    form = NewYearForm(request.POST or None, initial={"year": innovation.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.start_new_year(innovation=innovation, year=form.cleaned_data["year"], actor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Data tahun %(old)s disimpan sebagai versi; kini mengisi tahun %(new)s.")
                % {"old": innovation.year, "new": form.cleaned_data["year"]},
            )
            return redirect("workspace:innovation_detail", innovation_id=innovation.pk)
    return render(request, "workspace/innovations/new_year.html", {"innovation": innovation, "form": form})
