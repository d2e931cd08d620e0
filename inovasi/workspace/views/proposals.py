"""Pemda's side of competitions: open editions, drafting a proposal, approving and submitting it."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inovasi.competitions import checks, deadlines, national_format, queries, receipts, reuse, services
from inovasi.competitions.enums import ProposalState as S
from inovasi.competitions.forms import StartProposalForm
from inovasi.competitions.models import Edition, Proposal
from inovasi.competitions.rules import is_system_admin, pemda_of_proposal
from inovasi.competitions.words import count_words
from inovasi.confirm import CheckAnswers, is_confirmed, render_check
from inovasi.formats.display import format_datetime_id
from inovasi.inputs import INT_MAX, parse_int, require_id


def _proposal_for(request, proposal_id, perm="competitions.view_proposal") -> Proposal:
    proposal = get_object_or_404(Proposal.objects.with_related(), pk=proposal_id)
    if not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


@login_required
def proposal_list(request):
    if not request.user.has_perm("competitions.enter_editions"):
        raise PermissionDenied
    # The read path ends stale states too: nobody is shown "waiting" for a step that can no longer come.
    deadlines.close_unsent_after_deadline(queries.proposals_for_pemda_user(request.user))
    proposals = queries.proposals_for_pemda_user(request.user).order_by("-edition__year", "title")
    editions = queries.open_editions_for(request.user)
    return render(request, "workspace/proposals/list.html", {"proposals": proposals, "editions": editions})


def _entered(request, edition, innovation_id) -> Proposal | None:
    """The user's own proposal entering `innovation_id` into `edition`, if it exists."""
    try:
        innovation_id = int(innovation_id)
    except (TypeError, ValueError):
        return None
    proposal = Proposal.objects.with_related().filter(edition=edition, innovation_id=innovation_id).first()
    if proposal is None or not request.user.has_perm("competitions.view_proposal", proposal):
        return None
    return proposal


@login_required
def proposal_start(request, edition_id):
    if not request.user.has_perm("competitions.enter_editions"):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.published().with_competition(), pk=edition_id)
    innovations = queries.enterable_innovations(request.user, edition)
    form = StartProposalForm(request.POST or None, edition=edition, innovations=innovations)
    if request.method == "POST":
        # The same form sent twice (double click): the innovation is no longer offered, because the
        # first request entered it. Land on that proposal with a clear word instead of a form error.
        existing = _entered(request, edition, request.POST.get("innovation"))
        if existing is not None:
            messages.info(request, _("Inovasi ini sudah diikutkan pada %(edition)s.") % {"edition": edition.name})
            return redirect("workspace:proposal_detail", proposal_id=existing.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.create_proposal(
                edition=edition,
                innovation=data["innovation"],
                group=data["group"],
                category=data.get("category"),
                source_description=data.get("source_description", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            existing = _entered(request, edition, data["innovation"].pk)
            if getattr(exc, "code", None) == "already_done" and existing is not None:
                messages.info(request, " ".join(exc.messages))
                return redirect("workspace:proposal_detail", proposal_id=existing.pk)
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Proposal dibuat dan diisi dari data inovasi. Lengkapi lalu ajukan."))
            return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
    return render(request, "workspace/proposals/start.html", {"edition": edition, "form": form})


def _rows(proposal, posted=None, saved=None):
    """One row per form section; `posted` (section id → text) keeps a refused input on screen and
    `saved` (section id → text) shows the saved version next to it after a stale refusal."""
    answers = {a.section_id: a for a in proposal.answers.all()}
    posted, saved = posted or {}, saved or {}
    rows = []
    for section in checks.applicable_sections(proposal):
        answer = answers.get(section.pk)
        text = posted.get(section.pk, answer.text if answer else "")
        words = count_words(text)
        rows.append(
            {
                "section": section,
                "text": text,
                "words": words,
                "over": words > section.word_limit,
                "saved": saved.get(section.pk),
            }
        )
    return rows


def _posted_version(request) -> int | None:
    """The proposal version the form was opened at (hidden field); None when absent."""
    return parse_int(request.POST.get("version"), lo=0, hi=INT_MAX)


def _attachment_rows(proposal):
    have = {a.requirement_id: a for a in proposal.attachments.all()}
    return [{"requirement": r, "attachment": have.get(r.pk)} for r in checks.applicable_attachments(proposal)]


def may_draft(user, proposal) -> bool:
    """Whether `user` drafts this proposal when it is editable (whatever its state now)."""
    return (is_system_admin | pemda_of_proposal).test(user, proposal)


def _posted_answers(request, rows) -> dict[int, str]:
    return {
        row["section"].pk: request.POST[f"section-{row['section'].pk}"]
        for row in rows
        if f"section-{row['section'].pk}" in request.POST
    }


@dataclass
class _DetailPage:
    """What the detail page shows after a GET or a refused POST: the form keeps what was typed."""

    proposal: Proposal
    rows: list
    form: dict
    stale: object = None
    unsaved: list = field(default_factory=list)
    status: int = 200


@login_required
def proposal_detail(request, proposal_id):
    """The proposal and its edit form. The form carries the version it was opened at: a save after
    someone else's is refused (409), the input stays on screen and the saved version is shown
    beside it; saving again then overwrites deliberately. Any other refusal keeps the input too."""
    proposal = _proposal_for(request, proposal_id)
    if deadlines.close_unsent_after_deadline(Proposal.objects.filter(pk=proposal.pk)):
        proposal = _proposal_for(request, proposal_id)
    can_edit = request.user.has_perm("competitions.change_proposal", proposal)
    form = {
        "version": proposal.version,
        "title": proposal.title,
        "category": proposal.category_id,
        "source_description": proposal.source_description,
    }
    page = _DetailPage(proposal=proposal, rows=_rows(proposal), form=form)
    if request.method == "POST" and not can_edit:
        if not may_draft(request.user, proposal):
            raise PermissionDenied
        _refuse_closed(request, page)
    elif request.method == "POST" and _save_posted(request, proposal_id, page):
        messages.success(request, _("Isian proposal disimpan."))
        return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
    proposal = page.proposal
    return render(
        request,
        "workspace/proposals/detail.html",
        {
            "proposal": proposal,
            "rows": page.rows,
            "attachment_rows": _attachment_rows(proposal),
            "can_edit": can_edit,
            "perms": _detail_perms(request.user, proposal),
            "categories": proposal.edition.categories.all() if can_edit else [],
            "form": page.form,
            "stale": page.stale,
            "unsaved": page.unsaved,
            "reused_from": (reuse.sources_of(proposal)["reused_from"] or {}).get("edition"),
            "receipt": services.receipt_number(proposal) if proposal.submitted_at and proposal.snapshot else None,
        },
        status=page.status,
    )


def _refuse_closed(request, page: _DetailPage) -> None:
    """The proposal left the editable states (sent on, submitted) while this form was open: say so
    and show what was typed, instead of an "access denied" page that loses it."""
    messages.error(
        request,
        _("Proposal berstatus “%(state)s”, sehingga isian Anda tidak dapat disimpan lagi.")
        % {"state": page.proposal.get_state_display()},
    )
    posted = _posted_answers(request, page.rows)
    page.unsaved = [
        {"label": row["section"].title, "text": posted[row["section"].pk]}
        for row in page.rows
        if row["section"].pk in posted and posted[row["section"].pk] != row["text"]
    ]
    page.status = 409


def _save_posted(request, proposal_id, page: _DetailPage) -> bool:
    """Save the posted form; True when saved. A refusal keeps the input on `page` (a stale save
    also shows the saved text and lets the next save overwrite it)."""
    proposal, form = page.proposal, page.form
    answers = _posted_answers(request, page.rows)
    category = None
    if request.POST.get("category"):
        category = proposal.edition.categories.filter(pk=require_id(request.POST, "category")).first()
        if category is None:
            raise PermissionDenied
    version = _posted_version(request)
    try:
        services.update_proposal(
            proposal=proposal,
            answers=answers,
            category=category,
            title=request.POST.get("title"),
            source_description=request.POST.get("source_description")
            if proposal.group.requires_source_innovation
            else None,
            version=version,
            actor=request.user,
        )
    except services.StaleProposal as exc:
        page.stale, page.status = exc, 409
        saved = {
            int(c["field"].removeprefix("section-")): c["saved"]
            for c in exc.changes
            if c["field"].startswith("section-")
        }
        page.proposal = _proposal_for(request, proposal_id)
        page.rows = _rows(page.proposal, posted=answers, saved=saved)
        form["version"] = exc.current_version  # saving again now overwrites deliberately
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        page.proposal = _proposal_for(request, proposal_id)
        page.rows = _rows(page.proposal, posted=answers)
        form["version"] = page.proposal.version if version is None else version
    else:
        return True
    form["title"] = request.POST.get("title", form["title"])
    form["category"] = category.pk if category else form["category"]
    form["source_description"] = request.POST.get("source_description", form["source_description"])
    return False


def _detail_perms(user, proposal) -> dict[str, bool]:
    perms = {
        name: user.has_perm(f"competitions.{name}", proposal)
        for name in (
            "send_proposal_to_admin",
            "approve_proposal",
            "withdraw_proposal",
            "reopen_proposal",
            "submit_proposal_directly",
        )
    }
    if perms["submit_proposal_directly"]:
        # The Admin Pemda submits it themselves; sending it to themselves first is no step at all.
        perms["send_proposal_to_admin"] = False
    return perms


@login_required
@require_POST
def proposal_attach(request, proposal_id, requirement_id):
    proposal = _proposal_for(request, proposal_id, "competitions.change_proposal")
    requirement = get_object_or_404(proposal.edition.attachment_requirements, pk=requirement_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        attachment = services.attach(
            proposal=proposal,
            requirement=requirement,
            upload=request.FILES.get("file"),
            url=request.POST.get("url", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        message = f"{requirement.title}: {' '.join(exc.messages)}"
        if wants_json:  # uploaded in the background from the proposal form: the typed text stays
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
    else:
        message = _("Lampiran “%(title)s” disimpan.") % {"title": requirement.title}
        if wants_json:
            size = filesizeformat(attachment.size or 0)
            saved = attachment.url or _("Berkas tersimpan · %(size)s") % {"size": size}
            return JsonResponse({"ok": True, "message": message, "saved": saved})
        messages.success(request, message)
    return redirect("workspace:proposal_detail", proposal_id=proposal.pk)


# URL action → (permission, service call, success message). `v` is the version the page showed.
ACTIONS = {
    "kirim": (
        "send_proposal_to_admin",
        lambda p, u, r, v: services.send_to_admin(proposal=p, actor=u, version=v),
        gettext_lazy("Proposal dikirim ke Admin Pemda."),
    ),
    "ajukan": (
        "approve_proposal",
        lambda p, u, r, v: services.approve_and_submit(proposal=p, actor=u, version=v),
        gettext_lazy("Proposal disetujui dan diajukan ke panitia."),
    ),
    "kembalikan": (
        "approve_proposal",
        lambda p, u, r, v: services.return_to_operator(proposal=p, reason=r, actor=u, version=v),
        gettext_lazy("Proposal dikembalikan ke operator."),
    ),
    "tarik": (
        "withdraw_proposal",
        lambda p, u, r, v: services.withdraw(proposal=p, reason=r, actor=u, version=v),
        gettext_lazy("Proposal ditarik."),
    ),
    "buka-lagi": (
        "reopen_proposal",
        lambda p, u, r, v: services.reopen(proposal=p, actor=u, version=v),
        gettext_lazy("Proposal dibuka kembali sebagai draf."),
    ),
}


# URL action → the state it leads to, so a repeated click can be told it is already done.
LEADS_TO = {
    "kirim": S.AWAITING_APPROVAL,
    "ajukan": S.SUBMITTED,
    "kembalikan": S.RETURNED_TO_OPERATOR,
    "tarik": S.WITHDRAWN,
    "buka-lagi": S.DRAFT,
}


@login_required
@require_POST
def proposal_action(request, proposal_id, action):
    if action not in ACTIONS:
        raise Http404
    perm, call, done = ACTIONS[action]
    proposal = get_object_or_404(Proposal.objects.with_related(), pk=proposal_id)
    if not request.user.has_perm(f"competitions.{perm}", proposal):
        # The second request of a double click finds the move made, so the button's permission is
        # gone: tell whoever may see the proposal that it is done, instead of "access denied".
        already = services.already_done_message(proposal, LEADS_TO[action])
        if already and request.user.has_perm("competitions.view_proposal", proposal):
            messages.info(request, already)
            return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
        raise PermissionDenied
    try:
        call(proposal, request.user, request.POST.get("reason", ""), _posted_version(request))
    except ValidationError as exc:
        if getattr(exc, "code", None) == "already_done":
            messages.info(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Tidak dapat diproses:") + " " + " ".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("workspace:proposal_detail", proposal_id=proposal.pk)


@login_required
def proposal_form_pdf(request, proposal_id):
    """The proposal in the national form's layout (sections in order, words against each limit)."""
    proposal = _proposal_for(request, proposal_id)
    response = HttpResponse(national_format.proposal_pdf(proposal), content_type="application/pdf")
    name = slugify(proposal.title)[:60] or "proposal"
    response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}-{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Check your answers before sending on, and the receipt --------------------------------------

CONFIRMABLE = {
    # action → (permission, call, success message)
    "kirim": ACTIONS["kirim"],
    "ajukan": ACTIONS["ajukan"],
    "ajukan-langsung": (
        "submit_proposal_directly",
        lambda p, u, r, v: services.submit_directly(proposal=p, actor=u, version=v),
        gettext_lazy("Proposal diajukan ke panitia."),
    ),
}


def _proposal_answers(proposal) -> list[tuple[str, str]]:
    rows = [
        (_("Judul"), proposal.title),
        (_("Inovasi"), proposal.innovation.name),
        (_("Perangkat daerah"), proposal.agency.name),
        (_("Kelompok"), proposal.group.name),
    ]
    if proposal.category_id:
        rows.append((_("Kategori"), proposal.category.name))
    for row in _rows(proposal):
        rows.append(
            (
                row["section"].title,
                row["text"] or "",
            )
        )
    for row in _attachment_rows(proposal):
        attachment = row["attachment"]
        value = ""
        if attachment is not None:
            value = attachment.url or _("Berkas tersimpan")
        rows.append((row["requirement"].title, value))
    return rows


@login_required
def proposal_confirm(request, proposal_id, action):
    """Check your answers before a proposal moves on ("kirim" to the Admin Pemda, "ajukan" to the
    organizer, or "ajukan-langsung" by an Admin Pemda from a draft); the page's POST does it."""
    if action not in CONFIRMABLE:
        raise Http404
    perm, call, done = CONFIRMABLE[action]
    proposal = get_object_or_404(Proposal.objects.with_related(), pk=proposal_id)
    if not request.user.has_perm(f"competitions.{perm}", proposal):
        target = S.AWAITING_APPROVAL if action == "kirim" else S.SUBMITTED
        already = services.already_done_message(proposal, target)
        if already and request.user.has_perm("competitions.view_proposal", proposal):
            messages.info(request, already)
            return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
        raise PermissionDenied
    detail_url = reverse("workspace:proposal_detail", args=[proposal.pk])
    if is_confirmed(request):
        try:
            call(proposal, request.user, "", _posted_version(request))
        except ValidationError as exc:
            if getattr(exc, "code", None) == "already_done":
                messages.info(request, " ".join(exc.messages))
                return redirect(detail_url)
            messages.error(request, _("Tidak dapat diproses:") + " " + " ".join(exc.messages))
            return redirect("workspace:proposal_confirm", proposal_id=proposal.pk, action=action)
        messages.success(request, str(done))
        if action != "kirim":
            proposal.refresh_from_db()
            messages.info(
                request,
                _("Nomor tanda terima: %(number)s. Unduh tanda terima PDF di halaman proposal.")
                % {"number": services.receipt_number(proposal)},
            )
        return redirect(detail_url)
    to_organizer = action != "kirim"
    failures = checks.entry_failures(proposal, include_caps=to_organizer)
    blockers = [f["message"] for f in failures]
    warnings = []
    closes = proposal.edition.registration_closes_at
    if to_organizer:
        happens = [
            _("Proposal diterima panitia %(edition)s dan diberi nomor tanda terima.")
            % {"edition": proposal.edition.name},
            _("Anda dapat mengunduh tanda terima PDF sesudahnya."),
        ]
        frozen = [
            _("Isian dan lampiran dibekukan; panitia menilai isi yang dikirim sekarang."),
            _("Proposal hanya dapat ditarik sebelum batas akhir %(when)s.") % {"when": format_datetime_id(closes)},
        ]
        title, label = _("Periksa sebelum mengajukan ke panitia"), _("Setujui dan ajukan ke panitia")
    else:
        happens = [_("Admin Pemda menerima pemberitahuan untuk memeriksa dan mengajukan proposal ini.")]
        frozen = [_("Admin Pemda masih dapat mengubah isian atau mengembalikannya kepada Anda dengan alasan.")]
        title, label = _("Periksa sebelum mengirim ke Admin Pemda"), _("Kirim ke Admin Pemda")
    warnings.append(_("Batas akhir pengajuan: %(when)s.") % {"when": format_datetime_id(closes)})
    check = CheckAnswers(
        title=title,
        confirm_label=label,
        back_url=detail_url,
        change_url=detail_url if request.user.has_perm("competitions.change_proposal", proposal) else "",
        intro=proposal.edition.name,
        happens=happens,
        frozen=frozen,
        rows=_proposal_answers(proposal),
        blockers=blockers,
        warnings=warnings,
        hidden={"version": proposal.version},
        breadcrumb=[(_("Kompetisi"), reverse("workspace:proposal_list")), (proposal.title, detail_url)],
    )
    return render_check(request, check)


@login_required
def proposal_receipt(request, proposal_id):
    """The PDF receipt of a submitted proposal, for its Pemda."""
    proposal = _proposal_for(request, proposal_id)
    if not (may_draft(request.user, proposal) and proposal.submitted_at and proposal.snapshot):
        raise Http404
    response = HttpResponse(receipts.render_receipt(proposal), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipts.receipt_filename(proposal)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
