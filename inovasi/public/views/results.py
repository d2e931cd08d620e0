"""The public results page of an edition: published shortlists and awards, searchable (server-side,
works without JavaScript), shareable (canonical URL, Open Graph) and exportable (CSV, XLSX)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inovasi.competitions.models import Edition
from inovasi.exports import Export, export_view
from inovasi.press.models import PressKind, PressRelease
from inovasi.press.results import edition_results as read_results
from inovasi.press.results import export_header, export_rows
from inovasi.public.views.page_cache import cached_public_page


def visible_edition(request, edition_id) -> Edition:
    """The edition if it is published, or if the user organizes it (same rule as the edition page)."""
    edition = get_object_or_404(Edition.objects.with_competition(), pk=edition_id)
    if not edition.is_published and not request.user.has_perm("competitions.manage_edition", edition):
        raise Http404
    return edition


def canonical_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _description(results) -> str:
    parts = [f"{group.label.name}: {len(group.entries)}" for group in results.awards]
    parts += [f"{stage_list.label}: {len(stage_list.entries)}" for stage_list in results.stages]
    if not parts:
        return _("Hasil %(edition)s belum diumumkan.") % {"edition": results.edition.name}
    return _("Hasil %(edition)s — %(parts)s.") % {"edition": results.edition.name, "parts": "; ".join(parts)}


@cached_public_page
def edition_results(request, edition_id):
    edition = visible_edition(request, edition_id)
    results = read_results(edition, request.GET.get("q", ""))
    everything = read_results(edition) if results.query else results
    canonical = canonical_url("public:edition_results", edition.pk)
    releases = PressRelease.objects.published().filter(
        edition=edition, kind__in=[PressKind.EDITION_RESULTS, PressKind.AWARD]
    )[:5]
    return render(
        request,
        "public/results/detail.html",
        {
            "edition": edition,
            "results": results,
            "has_results": not everything.is_empty,
            "canonical": canonical,
            "description": _description(everything),
            "releases": releases,
            "may_manage": request.user.has_perm("competitions.manage_edition", edition),
        },
    )


@export_view
def edition_results_export(request, edition_id):
    edition = visible_edition(request, edition_id)
    results = read_results(edition, request.GET.get("q", ""))
    stamp = timezone.localtime().strftime("%Y%m%d")
    return Export(
        filename=f"hasil-{slugify(edition.name)}-{stamp}",
        header=export_header(),
        rows=export_rows(results, settings.SITE_URL),
        sheet=_("Hasil"),
    )
