"""Public pages of competition editions: timeline, stages, published lists and objections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from inovasi.audit.context import client_address
from inovasi.competitions import queries, shortlists
from inovasi.competitions.enums import StageKind
from inovasi.competitions.forms import ObjectionForm
from inovasi.competitions.models import Edition, StageResult
from inovasi.competitions.timeline import Phase, edition_status
from inovasi.public.views.page_cache import cached_public_page


def edition_list(request):
    editions = list(Edition.objects.published().with_competition().prefetch_related("stages").order_by("-year", "name"))
    rows = [(e, edition_status(e, list(e.stages.all()))) for e in editions]
    return render(request, "public/editions/list.html", {"editions": editions, "rows": rows})


@cached_public_page
def edition_detail(request, edition_id):
    edition = get_object_or_404(Edition.objects.with_competition(), pk=edition_id)
    if not edition.is_published and not request.user.has_perm("competitions.manage_edition", edition):
        raise Http404
    results = StageResult.objects.filter(withdrawn_at__isnull=True).select_related(
        "proposal", "proposal__government", "proposal__agency"
    )
    stages = list(
        edition.stages.select_related("group").prefetch_related(
            Prefetch("results", queryset=results.order_by("rank", "proposal__title"), to_attr="public_results")
        )
    )
    window = next((s for s in stages if s.kind == StageKind.OBJECTION_WINDOW and s.is_open()), None)
    listed = shortlists.shortlist_stage_for(window) if window else None
    form = None
    if window and listed:
        proposals = [r.proposal for r in next(s for s in stages if s.pk == listed.pk).public_results]
        form = ObjectionForm(request.POST or None, proposals=proposals)
        if request.method == "POST" and form.is_valid():
            chosen = next(p for p in proposals if p.pk == form.cleaned_data["proposal"])
            try:
                shortlists.file_objection(
                    stage=window,
                    proposal=chosen,
                    reason=form.cleaned_data["reason"],
                    contact_name=form.cleaned_data["contact_name"],
                    contact_email=form.cleaned_data["contact_email"],
                    client_address=client_address.get() or request.META.get("REMOTE_ADDR"),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("Sanggahan Anda diterima. Tanggapan panitia akan dikirim ke surel Anda."))
                return redirect("public:edition_detail", edition_id=edition.pk)
    return render(
        request,
        "public/editions/detail.html",
        {
            "edition": edition,
            "stages": stages,
            "status": edition_status(edition, stages),
            "window": window,
            "form": form,
            "objections": queries.public_objections(edition),
            "phase": Phase,
        },
    )
