"""The organizer's desk: the bodies they run and the people (organizers, jurors, verifiers) of each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from inovasi.accounts import services
from inovasi.accounts.forms import BodyInvitationForm
from inovasi.accounts.models import Invitation, Membership
from inovasi.accounts.rules import bodies_organized, is_system_admin
from inovasi.organisations.models import OrganizerBody


@login_required
def dashboard(request):
    if not request.user.has_perm("accounts.use_organizer_desk"):
        raise PermissionDenied
    bodies = OrganizerBody.objects.select_related("government")
    if not is_system_admin(request.user):
        bodies = bodies.filter(pk__in=bodies_organized(request.user))
    return render(request, "organizer/dashboard.html", {"bodies": bodies})


@login_required
def body_members(request, body_id):
    body = get_object_or_404(OrganizerBody, pk=body_id)
    if not request.user.has_perm("accounts.invite_to_body", body):
        raise PermissionDenied
    form = BodyInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_user(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                scope=body,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("organizer:body_members", body_id=body.pk)
    memberships = (
        Membership.objects.active()
        .filter(organizer_body=body)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    invitations = Invitation.objects.filter(organizer_body=body, accepted_at__isnull=True)
    return render(
        request,
        "organizer/body_members.html",
        {"body": body, "form": form, "memberships": memberships, "invitations": invitations},
    )
