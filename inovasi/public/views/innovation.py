"""The public page of one published innovation, and the similar-innovations fragment (htmx)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from inovasi.innovations.enums import NARRATIVE_SECTIONS, EvidenceKind
from inovasi.innovations.models import Evidence, Innovation, Replication
from inovasi.search.similar import similar_innovations


def _evidence_links(innovation) -> list[tuple[Evidence, str | None]]:
    links = []
    for evidence in innovation.public_evidence:
        href = evidence.url or None
        if evidence.kind == EvidenceKind.FILE and evidence.file:
            try:
                href = reverse("workspace:evidence_download", args=[evidence.pk])
            except NoReverseMatch:
                href = None
        links.append((evidence, href))
    return links


def innovation_detail(request, pk):
    innovation = get_object_or_404(
        Innovation.objects.published()
        .with_owner()
        .prefetch_related(
            "people",
            "partners",
            "results",
            "recognitions",
            "affairs",
            "sdgs",
            Prefetch(
                "replications",
                queryset=Replication.objects.select_related(
                    "adopter_government__region", "adopter_agency", "adopter_innovation"
                ),
            ),
            Prefetch("evidence", queryset=Evidence.objects.filter(is_public=True), to_attr="public_evidence"),
        ),
        pk=pk,
    )
    sections = [
        (label, getattr(innovation, field)) for field, label in NARRATIVE_SECTIONS if getattr(innovation, field)
    ]
    return render(
        request,
        "public/catalog/innovation_detail.html",
        {
            "innovation": innovation,
            "sections": sections,
            "evidence_links": _evidence_links(innovation),
            "similar": similar_innovations(innovation=innovation),
        },
    )


def similar_fragment(request):
    """HTML fragment of similar innovations for `innovation=<id>` or free text `q=<text>`.

    A draft innovation is used only if the user may view it (`innovations.view_innovation`);
    otherwise only published innovations can be the starting point.
    """
    innovation = None
    raw_id = request.GET.get("innovation", "")
    if raw_id:
        if not raw_id.isdigit():
            raise Http404
        innovation = Innovation.objects.filter(pk=int(raw_id)).first()
        if innovation is None:
            raise Http404
        if innovation.status != "published" and not request.user.has_perm("innovations.view_innovation", innovation):
            raise Http404
        similar = similar_innovations(innovation=innovation)
    else:
        similar = similar_innovations(text=request.GET.get("q", "")[:2000])
    return render(
        request, "public/catalog/_similar.html", {"similar": similar, "asked": bool(raw_id or request.GET.get("q"))}
    )
