"""The juror's and verifier's desk. Assignments arrive with the judging and verification modules."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import active_memberships


@login_required
def dashboard(request):
    if not request.user.has_perm("accounts.use_jury_desk"):
        raise PermissionDenied
    memberships = [m for m in active_memberships(request.user) if m.role in (Role.JUROR, Role.VERIFIER)]
    return render(request, "jury/dashboard.html", {"memberships": memberships})
