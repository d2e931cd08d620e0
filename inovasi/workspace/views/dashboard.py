from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships, is_system_admin
from inovasi.organisations.models import Government


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
