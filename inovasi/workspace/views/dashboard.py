from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships, is_system_admin
from inovasi.competitions import queries as competition_queries
from inovasi.competitions.enums import ProposalState
from inovasi.innovations.enums import CorrectionState, InnovationStatus
from inovasi.innovations.models import Innovation, InnovationCorrection
from inovasi.organisations.models import Government

S = InnovationStatus
TASK_ROWS = 8


def _managed_innovations(user, government_ids, agencies):
    """The innovations this home counts: the Admin Pemda's governments, the operator's agencies and
    their units. Read from the memberships already loaded (no walk down the agency tree, whose
    query count follows the tree's depth); units below units are counted on the full list."""
    if is_system_admin(user):
        return Innovation.objects.all()
    agency_ids = [a.pk for a in agencies]
    return Innovation.objects.filter(
        Q(government_id__in=government_ids) | Q(agency_id__in=agency_ids) | Q(agency__parent_id__in=agency_ids)
    )


def _tasks(user, *, government_ids, agencies) -> dict:
    """What waits for this user: counts, the drafts and returned records, and open deadlines.

    A fixed number of queries whatever the number of records (one count, one list, one proposal
    count, two correction counts, one list of editions).
    """
    admin = bool(government_ids)
    innovations = _managed_innovations(user, government_ids, agencies)
    counts = innovations.aggregate(
        drafts=Count("pk", filter=Q(status=S.DRAFT)),
        returned=Count("pk", filter=Q(status=S.RETURNED)),
        submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
    )
    open_items = list(
        innovations.filter(status__in=[S.RETURNED, S.DRAFT])
        .order_by("-status", "-updated_at", "-pk")  # returned first ("returned" > "draft")
        .only("pk", "name", "status")[:TASK_ROWS]
    )
    awaiting = corrections = 0
    # An operator's own proposed corrections, waiting on the Admin Pemda.
    own_corrections = InnovationCorrection.objects.filter(state=CorrectionState.PROPOSED, proposed_by=user).count()
    if admin:
        awaiting = (
            competition_queries.proposals_for_pemda_user(user).filter(state=ProposalState.AWAITING_APPROVAL).count()
        )
        corrections = InnovationCorrection.objects.filter(
            state=CorrectionState.PROPOSED, innovation__government_id__in=government_ids
        ).count()
    editions = list(competition_queries.open_editions_for(user)[:3])
    return {
        "counts": counts,
        "open_items": open_items,
        "proposals_awaiting": awaiting,
        "corrections_waiting": corrections,
        "own_corrections": own_corrections,
        "deadlines": editions,
        "anything": any(counts.values()) or awaiting or corrections or own_corrections or editions,
    }


@login_required
def dashboard(request):
    user = request.user
    if not user.has_perm("accounts.use_workspace"):
        raise PermissionDenied
    memberships = active_memberships(user)
    government_ids = {m.government_id for m in memberships if m.role == Role.PEMDA_ADMIN}
    governments = (
        Government.objects.filter(pk__in=government_ids)
        .select_related("region")
        .annotate(
            agency_count=Count("agencies", filter=Q(agencies__is_active=True), distinct=True),
        )
    )
    agencies = [m.agency for m in memberships if m.role == Role.OPERATOR]
    context = {"governments": governments, "agencies": agencies, "is_system_admin": is_system_admin(user)}
    if government_ids or agencies:
        context["tasks"] = _tasks(user, government_ids=government_ids, agencies=agencies)
    if context["is_system_admin"]:
        # System admins reach any of the 546 Pemda through a search instead of a membership.
        query = request.GET.get("pemda", "").strip()
        context["pemda_query"] = query
        if query:
            context["pemda_results"] = (
                Government.objects.filter(Q(name__icontains=query) | Q(region__code__startswith=query))
                .select_related("region")
                .order_by("region__code")[:25]
            )
    return render(request, "workspace/dashboard.html", context)
