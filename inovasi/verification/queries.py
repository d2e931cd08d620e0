"""Named queries for the verification screens and exports (a fixed number of queries per list)."""

from django.db.models import Count, Prefetch, Q

from inovasi.accounts.rules import bodies_organized, is_system_admin
from inovasi.competitions.enums import StageKind
from inovasi.competitions.models import Proposal, Stage
from inovasi.verification.enums import VisitState
from inovasi.verification.models import Finding, Visit, VisitMember


def verification_stages_for(user):
    """Field verification stages of the editions the user's bodies run, with visit counts by state."""
    stages = Stage.objects.filter(kind=StageKind.FIELD_VERIFICATION).select_related(
        "edition", "edition__competition", "edition__competition__body", "verification_plan"
    )
    if not is_system_admin(user):
        stages = stages.filter(edition__competition__body_id__in=bodies_organized(user))
    counts = {
        f"n_{state}": Count("visits", filter=Q(visits__state=state), distinct=True)
        for state in (VisitState.PLANNED, VisitState.IN_PROGRESS, VisitState.SUBMITTED, VisitState.ACCEPTED)
    }
    return stages.annotate(**counts).order_by("-edition__year", "edition__name", "order", "pk")


def _members():
    return Prefetch("members", queryset=VisitMember.objects.select_related("user"))


def visits_of_stage(stage):
    """Every visit of the stage (cancelled ones too), with proposal, Pemda and team."""
    return (
        Visit.objects.filter(stage=stage)
        .select_related("proposal", "proposal__government", "proposal__agency")
        .prefetch_related(_members())
        .annotate(n_photos=Count("photos"))
        .order_by("visit_date", "proposal__title", "pk")
    )


def visits_of_member(user):
    """The visits whose team includes `user` (cancelled ones left out), soonest first."""
    return (
        Visit.objects.live()
        .of_member(user)
        .with_related()
        .prefetch_related(_members())
        .annotate(n_photos=Count("photos", distinct=True))
        .order_by("visit_date", "pk")
    )


def report_of(visit):
    """The visit's findings (with their items) and photos, for the report pages."""
    findings = {f.item_id: f for f in Finding.objects.filter(visit=visit)}
    items = list(visit.stage.checklist_items.all())
    photos = list(visit.photos.select_related("uploaded_by"))
    return items, findings, photos


def proposals_by_id(ids):
    return Proposal.objects.filter(pk__in=ids).select_related("government", "agency").in_bulk()
