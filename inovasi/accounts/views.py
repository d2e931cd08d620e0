from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from inovasi.accounts import services
from inovasi.accounts.forms import AcceptInvitationForm
from inovasi.accounts.models import Invitation, User
from inovasi.accounts.rules import active_memberships


@login_required
def home(request):
    """Send each persona to the desk it uses most."""
    user = request.user
    for perm, target in (
        ("accounts.use_workspace", "workspace:dashboard"),
        ("accounts.use_organizer_desk", "organizer:dashboard"),
        ("accounts.use_jury_desk", "jury:dashboard"),
    ):
        if user.has_perm(perm):
            return redirect(target)
    return redirect("accounts:profile")


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"memberships": active_memberships(request.user)})


def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("government", "agency", "organizer_body").filter(token=token).first()
    if invitation is None:
        raise Http404(_("Undangan tidak ditemukan."))
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if existing is not None:
        # An existing account only confirms; its password is not touched.
        if request.method == "POST":
            services.accept_invitation(invitation=invitation, password="")
            messages.success(request, _("Peran baru ditambahkan ke akun Anda. Silakan masuk."))
            return redirect("accounts:login")
        return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "existing": existing})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation=invitation, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Selamat datang, %(name)s. Akun Anda sudah aktif.") % {"name": user.full_name})
            return redirect("accounts:home")
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form})
