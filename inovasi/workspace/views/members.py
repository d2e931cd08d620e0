"""Admin Pemda sees who works in its Pemda and invites operators and fellow admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from inovasi.accounts import services
from inovasi.accounts.forms import GovernmentInvitationForm
from inovasi.accounts.models import Invitation, Membership
from inovasi.workspace.views.access import government_for


@login_required
def member_list(request, government_id):
    government = government_for(request, government_id, "accounts.invite_to_government")
    form = GovernmentInvitationForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_user(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                scope=form.scope,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("workspace:member_list", government_id=government.pk)
    in_scope = Q(government=government) | Q(agency__government=government)
    memberships = (
        Membership.objects.active()
        .filter(in_scope)
        .select_related("user", "agency", "government")
        .order_by("user__full_name")
    )
    invitations = (
        Invitation.objects.filter(in_scope, accepted_at__isnull=True)
        .select_related("agency", "government")
        .order_by("-created_at")
    )
    return render(
        request,
        "workspace/member_list.html",
        {
            "government": government,
            "form": form,
            "memberships": memberships,
            "invitations": invitations,
        },
    )
