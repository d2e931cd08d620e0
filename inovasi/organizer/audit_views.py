"""The audit trail viewer: system admins read the whole trail and the state of its hash chain;
organizers read the events of their own bodies' editions. Filters by edition, object type, actor,
action and date; before/after shown as a diff; 50 events a page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from inovasi.accounts.rules import bodies_organized, is_system_admin
from inovasi.audit import queries
from inovasi.audit.services import verify_chain
from inovasi.competitions.models import Edition

PER_PAGE = 50


@login_required
def audit_trail(request):
    if not request.user.has_perm("audit.view_trail"):
        raise PermissionDenied
    admin = is_system_admin(request.user)
    editions = Edition.objects.with_competition()
    if not admin:
        editions = editions.filter(competition__body_id__in=bodies_organized(request.user))
    editions = list(editions.order_by("-year", "name"))
    filters = queries.Filters.from_query(request.GET)
    chosen = [e for e in editions if e.pk == filters.edition_id]
    if filters.edition_id is not None and not chosen:
        filters.edition_id = None  # not one of yours (or unknown): ignored, like any malformed filter
    scope = [e.pk for e in chosen] if chosen else [e.pk for e in editions]
    events = queries.visible_events(
        request.user,
        is_admin=admin and not chosen,
        edition_ids=scope,
        body_ids=() if chosen else bodies_organized(request.user),
    )
    types = sorted(set(events.values_list("object_type", flat=True).distinct()))
    events = filters.apply(events).order_by("-id")
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("halaman"))
    rows = [(event, queries.diff(event.before, event.after)) for event in page.object_list]
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "organizer/audit/trail.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "editions": editions,
            "types": types,
            "query": query.urlencode(),
            "chain": verify_chain() if request.user.has_perm("audit.view_chain_status") else None,
            "is_admin": admin,
        },
    )
