"""Named queries for the competition screens: what a persona may see, and the dashboard figures."""

from django.db.models import Count, Q

from inovasi.accounts.rules import agencies_operated, bodies_organized, governments_administered, is_system_admin
from inovasi.competitions.enums import ObjectionState, ProposalState
from inovasi.competitions.models import NOT_RECEIVED_STATES, Edition, Objection, Proposal, Stage
from inovasi.innovations.models import Innovation
from inovasi.organisations.models import Agency, Government


def _operated_agency_ids(user) -> set[int]:
    ids = set(agencies_operated(user))
    for agency in Agency.objects.filter(pk__in=ids):
        ids |= agency.descendant_ids()
    return ids


def proposals_for_pemda_user(user):
    """Proposals an operator (own agency and units below) or Admin Pemda (own government) may see."""
    qs = Proposal.objects.with_related()
    if is_system_admin(user):
        return qs
    return qs.filter(Q(government_id__in=governments_administered(user)) | Q(agency_id__in=_operated_agency_ids(user)))


def enterable_innovations(user, edition):
    """Published innovations the user manages whose Pemda lies within the edition's scope."""
    qs = Innovation.objects.published().select_related("agency", "government")
    if not is_system_admin(user):
        qs = qs.filter(
            Q(government_id__in=governments_administered(user)) | Q(agency_id__in=_operated_agency_ids(user))
        )
    governments = governments_in_scope(edition)
    if governments is not None:
        qs = qs.filter(government__in=governments)
    return qs.exclude(proposals__edition=edition).order_by("name")


def governments_in_scope(edition):
    """A queryset of the governments in scope, or None when every Pemda may enter."""
    extra = list(edition.extra_governments.values_list("pk", flat=True))
    if edition.scope_region_id is None and not extra:
        return None
    return Government.objects.filter(
        Q(region_id=edition.scope_region_id) | Q(region__parent_id=edition.scope_region_id) | Q(pk__in=extra)
    )


def user_government_ids(user) -> set[int]:
    ids = set(governments_administered(user))
    ids |= set(Agency.objects.filter(pk__in=agencies_operated(user)).values_list("government_id", flat=True))
    return ids


def open_editions_for(user):
    """Editions open for registration that at least one of the user's Pemda may enter."""
    editions = Edition.objects.open_for_registration().with_competition().order_by("registration_closes_at")
    if is_system_admin(user):
        return editions
    mine = user_government_ids(user)
    mine_regions = Government.objects.filter(pk__in=mine).values_list("region_id", "region__parent_id")
    region_ids = {r for pair in mine_regions for r in pair if r}
    return editions.filter(
        Q(scope_region__isnull=True, extra_governments__isnull=True)
        | Q(scope_region_id__in=region_ids)
        | Q(extra_governments__in=mine)
    ).distinct()


def editions_managed_by(user):
    qs = Edition.objects.with_competition().annotate(
        received=Count("proposals", filter=~Q(proposals__state__in=NOT_RECEIVED_STATES))
    )
    if is_system_admin(user):
        return qs
    return qs.filter(competition__body_id__in=bodies_organized(user))


def edition_breakdown(edition) -> dict:
    """Proposal counts of an edition by state, province/region, group and category."""
    proposals = Proposal.objects.filter(edition=edition)
    by_state = dict(proposals.values_list("state").annotate(n=Count("pk")))
    return {
        "by_state": [(label, by_state.get(value, 0)) for value, label in ProposalState.choices],
        "by_region": list(
            proposals.submitted().values("government__name").annotate(n=Count("pk")).order_by("-n", "government__name")
        ),
        "by_group": list(proposals.submitted().values("group__name").annotate(n=Count("pk")).order_by("group__order")),
        "by_category": list(
            proposals.submitted().values("category__name").annotate(n=Count("pk")).order_by("category__order")
        ),
        "total": proposals.count(),
        "received": proposals.submitted().count(),
    }


def stage_progress(edition):
    """Each stage with its published-result count and objection counts, in one query."""
    return (
        Stage.objects.filter(edition=edition)
        .select_related("group")
        .annotate(
            listed=Count("results", filter=Q(results__withdrawn_at__isnull=True), distinct=True),
            objections_open=Count("objections", filter=Q(objections__state=ObjectionState.OPEN), distinct=True),
            objections_total=Count("objections", distinct=True),
        )
        .order_by("order")
    )


def public_objections(edition):
    return (
        Objection.objects.filter(stage__edition=edition)
        .exclude(state=ObjectionState.OPEN)
        .select_related("proposal", "proposal__government", "stage")
        .order_by("-resolved_at")
    )
