"""The public page of one published innovation, and the similar-innovations fragment (htmx)."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from inovasi.awards.queries import awards_of_innovation
from inovasi.innovations import corrections, replication_graph
from inovasi.innovations.enums import NARRATIVE_SECTIONS, AdopterKind, EvidenceKind, InnovationStatus
from inovasi.innovations.models import Evidence, Innovation, Replication
from inovasi.inputs import is_web_url, parse_id
from inovasi.public.citation import citation
from inovasi.public.views.page_cache import cache_seconds, cached_data, cached_public_page
from inovasi.search.similar import similar_innovations


def _evidence_links(innovation) -> list[tuple[Evidence, str | None]]:
    links = []
    for evidence in innovation.public_evidence:
        href = evidence.url if is_web_url(evidence.url) else None
        if evidence.kind == EvidenceKind.FILE and evidence.file:
            try:
                href = reverse("workspace:evidence_download", args=[evidence.pk])
            except NoReverseMatch:
                href = None
        links.append((evidence, href))
    return links


def _photos(innovation) -> list[Evidence]:
    """Images the operator marked public: the photo strip (served by the one file rule, `files:evidence`)."""
    return [
        e
        for e in innovation.public_evidence
        if e.kind == EvidenceKind.FILE and e.file and (e.content_type or "").startswith("image/")
    ]


def _adopter_href(edge) -> str:
    other = edge.adopter_innovation
    if other is not None and other.status == InnovationStatus.PUBLISHED:
        return reverse("public:innovation_detail", args=[other.pk])
    if edge.adopter_region is not None and edge.adopter_kind != AdopterKind.NON_GOVERNMENT:
        return reverse("public:region_detail", args=[edge.adopter_region.code])
    return ""


def _graph(innovation, hops):
    """Columns for the SVG: sources this innovation replicated ← innovation → adopters → their adopters."""
    left = [
        (
            f"{edge.innovation.name} ({edge.innovation.government.name})",
            "source",
            reverse("public:innovation_detail", args=[edge.innovation_id]),
            [],
        )
        for edge in innovation.published_sources
    ]
    # The drawing shows NODE_LIMIT adopters and NODE_LIMIT second-hop adopters in all (the table has
    # every one): only those get a link, instead of a URL reversed for each of up to 300 edges.
    limit, children_drawn, right = replication_graph.NODE_LIMIT, 0, []
    for i, hop in enumerate(hops):
        kids = []
        for edge in hop.onward:
            drawn = i < limit and children_drawn < limit
            children_drawn += drawn
            kids.append((edge.adopter_name, edge.adopter_kind, _adopter_href(edge) if drawn else ""))
        right.append((hop.edge.adopter_name, hop.edge.adopter_kind, _adopter_href(hop.edge) if i < limit else "", kids))
    if not left and not right:
        return None
    return replication_graph.layout_columns((innovation.name, ""), left, right)


# Ranking similar innovations is the costliest part of this page on a national catalog (an OR of the
# salient stems over every indexed innovation); the ranked ids are kept for an hour per innovation.
# Only published ones are shown, so a withdrawn innovation never appears.
SIMILAR_IDS_SECONDS = 3600


def _similar(innovation) -> list[Innovation]:
    if not cache_seconds():  # public page caching off (test mode): always ranked afresh
        return similar_innovations(innovation=innovation)
    key = f"similar-innovation-ids:{innovation.pk}"
    ids = cache.get(key)
    if ids is None:
        found = similar_innovations(innovation=innovation)
        cache.set(key, [other.pk for other in found], SIMILAR_IDS_SECONDS)
        return found
    by_id = Innovation.objects.published().with_owner().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def detail_queryset(queryset):
    """What the public page of an innovation reads (also used by the workspace's pre-publication preview)."""
    return queryset.with_owner().prefetch_related(
        "people",
        "partners",
        "results",
        "recognitions",
        "affairs",
        "sdgs",
        Prefetch(
            "replicated_from",
            queryset=Replication.objects.filter(innovation__status=InnovationStatus.PUBLISHED).select_related(
                "innovation__government"
            ),
            to_attr="published_sources",
        ),
        Prefetch(
            "evidence", queryset=Evidence.objects.filter(is_public=True).order_by("pk"), to_attr="public_evidence"
        ),
    )


def _replications(innovation, preview: bool):
    """Both hops and their totals; for a published page, kept per data version (`cached_data`)."""

    def compute():
        return replication_graph.two_hops(innovation), replication_graph.hop_totals(innovation)

    return compute() if preview else cached_data("two-hops", innovation.pk, compute)


def _rows(hop):
    """(step, edge, the adopting innovation it goes through or None) for the replication table."""
    yield 1, hop.edge, None
    for edge in hop.onward:
        yield 2, edge, hop.adopter_innovation


def detail_context(innovation, *, preview: bool = False) -> dict:
    """The public page's content of `innovation`, loaded through `detail_queryset`."""
    sections = [
        (label, getattr(innovation, field)) for field, label in NARRATIVE_SECTIONS if getattr(innovation, field)
    ]
    hops, (first_total, second_total) = _replications(innovation, preview)
    return {
        "innovation": innovation,
        "sections": sections,
        "evidence_links": _evidence_links(innovation),
        "photos": _photos(innovation),
        "hops": hops,
        # One table row per edge in one loop: an include per row rendered the table about a fifth slower.
        "hop_rows": [row for hop in hops for row in _rows(hop)],
        "first_hop_total": first_total,
        "second_hop_total": second_total,
        "hops_shown": len(hops) + sum(len(hop.onward) for hop in hops),
        "graph": _graph(innovation, hops),
        "awards": list(awards_of_innovation(innovation)),
        "corrections": corrections.approved_for_public(innovation),
        "preview": preview,
    }


@cached_public_page
def innovation_detail(request, pk):
    innovation = get_object_or_404(detail_queryset(Innovation.objects.published()), pk=pk)
    return render(
        request,
        "public/catalog/innovation_detail.html",
        {**detail_context(innovation), "similar": _similar(innovation), "citation": citation(request, innovation.name)},
    )


def similar_fragment(request):
    """HTML fragment of similar innovations for `innovation=<id>` or free text `q=<text>`.

    A draft innovation is used only if the user may view it (`innovations.view_innovation`);
    otherwise only published innovations can be the starting point.
    """
    innovation = None
    raw_id = request.GET.get("innovation", "")
    if raw_id:
        innovation_id = parse_id(raw_id)
        if innovation_id is None:
            raise Http404
        innovation = Innovation.objects.filter(pk=innovation_id).first()
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
