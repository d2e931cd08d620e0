"""Pemda's side of competitions: open editions, drafting a proposal, approving and submitting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inovasi.competitions import checks, queries, services
from inovasi.competitions.forms import StartProposalForm
from inovasi.competitions.models import Edition, Proposal
from inovasi.competitions.words import count_words


def _proposal_for(request, proposal_id, perm="competitions.view_proposal") -> Proposal:
    proposal = get_object_or_404(Proposal.objects.with_related(), pk=proposal_id)
    if not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


@login_required
def proposal_list(request):
    if not request.user.has_perm("competitions.enter_editions"):
        raise PermissionDenied
    proposals = queries.proposals_for_pemda_user(request.user).order_by("-edition__year", "title")
    editions = queries.open_editions_for(request.user)
    return render(request, "workspace/proposals/list.html", {"proposals": proposals, "editions": editions})


@login_required
def proposal_start(request, edition_id):
    if not request.user.has_perm("competitions.enter_editions"):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.published().with_competition(), pk=edition_id)
    innovations = queries.enterable_innovations(request.user, edition)
    form = StartProposalForm(request.POST or None, edition=edition, innovations=innovations)
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
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Proposal dibuat dan diisi dari data inovasi. Lengkapi lalu ajukan."))
            return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
    return render(request, "workspace/proposals/start.html", {"edition": edition, "form": form})


def _rows(proposal):
    answers = {a.section_id: a for a in proposal.answers.all()}
    rows = []
    for section in checks.applicable_sections(proposal):
        answer = answers.get(section.pk)
        text = answer.text if answer else ""
        words = count_words(text)
        rows.append({"section": section, "text": text, "words": words, "over": words > section.word_limit})
    return rows


def _attachment_rows(proposal):
    have = {a.requirement_id: a for a in proposal.attachments.all()}
    return [{"requirement": r, "attachment": have.get(r.pk)} for r in checks.applicable_attachments(proposal)]


@login_required
def proposal_detail(request, proposal_id):
    proposal = _proposal_for(request, proposal_id)
    can_edit = request.user.has_perm("competitions.change_proposal", proposal)
    rows = _rows(proposal)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        answers = {
            row["section"].pk: request.POST[f"section-{row['section'].pk}"]
            for row in rows
            if f"section-{row['section'].pk}" in request.POST
        }
        category = None
        if request.POST.get("category"):
            category = proposal.edition.categories.filter(pk=request.POST["category"]).first()
            if category is None:
                raise PermissionDenied
        try:
            services.update_proposal(
                proposal=proposal,
                answers=answers,
                category=category,
                title=request.POST.get("title"),
                source_description=request.POST.get("source_description")
                if proposal.group.requires_source_innovation
                else None,
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Isian proposal disimpan."))
            return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
    perms = {
        name: request.user.has_perm(f"competitions.{name}", proposal)
        for name in ("send_proposal_to_admin", "approve_proposal", "withdraw_proposal", "reopen_proposal")
    }
    return render(
        request,
        "workspace/proposals/detail.html",
        {
            "proposal": proposal,
            "rows": rows,
            "attachment_rows": _attachment_rows(proposal),
            "can_edit": can_edit,
            "perms": perms,
            "categories": proposal.edition.categories.all() if can_edit else [],
        },
    )


@login_required
@require_POST
def proposal_attach(request, proposal_id, requirement_id):
    proposal = _proposal_for(request, proposal_id, "competitions.change_proposal")
    requirement = get_object_or_404(proposal.edition.attachment_requirements, pk=requirement_id)
    try:
        services.attach(
            proposal=proposal,
            requirement=requirement,
            upload=request.FILES.get("file"),
            url=request.POST.get("url", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, f"{requirement.title}: {' '.join(exc.messages)}")
    else:
        messages.success(request, _("Lampiran “%(title)s” disimpan.") % {"title": requirement.title})
    return redirect("workspace:proposal_detail", proposal_id=proposal.pk)


# URL action → (permission, service call, success message)
ACTIONS = {
    "kirim": (
        "send_proposal_to_admin",
        lambda p, u, r: services.send_to_admin(proposal=p, actor=u),
        gettext_lazy("Proposal dikirim ke Admin Pemda."),
    ),
    "ajukan": (
        "approve_proposal",
        lambda p, u, r: services.approve_and_submit(proposal=p, actor=u),
        gettext_lazy("Proposal disetujui dan diajukan ke panitia."),
    ),
    "kembalikan": (
        "approve_proposal",
        lambda p, u, r: services.return_to_operator(proposal=p, reason=r, actor=u),
        gettext_lazy("Proposal dikembalikan ke operator."),
    ),
    "tarik": (
        "withdraw_proposal",
        lambda p, u, r: services.withdraw(proposal=p, reason=r, actor=u),
        gettext_lazy("Proposal ditarik."),
    ),
    "buka-lagi": (
        "reopen_proposal",
        lambda p, u, r: services.reopen(proposal=p, actor=u),
        gettext_lazy("Proposal dibuka kembali sebagai draf."),
    ),
}


@login_required
@require_POST
def proposal_action(request, proposal_id, action):
    if action not in ACTIONS:
        raise Http404
    perm, call, done = ACTIONS[action]
    proposal = _proposal_for(request, proposal_id, f"competitions.{perm}")
    try:
        call(proposal, request.user, request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _("Tidak dapat diproses:") + " " + " ".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("workspace:proposal_detail", proposal_id=proposal.pk)
