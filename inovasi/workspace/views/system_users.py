"""The system admin's screens for people: users, their roles, invitations and lost two-factor devices.

Every page is for system admins only; every write goes through `inovasi.accounts.administration`
or `inovasi.accounts.services` (audited, with before/after values).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.accounts import administration, services
from inovasi.accounts.enums import Role
from inovasi.accounts.models import Invitation, Membership, User
from inovasi.confirm import CheckAnswers, is_confirmed, render_check
from inovasi.workspace.forms_system import InvitationForm, RoleForm, TwoFactorResetForm
from inovasi.workspace.views.system_admin import apply_service_errors, paged, require_system_admin, search_term

_SCOPES = ("government", "agency", "agency__government", "organizer_body")


def _active_roles():
    return Prefetch(
        "memberships",
        queryset=Membership.objects.active().select_related(*_SCOPES).order_by("role"),
        to_attr="active_roles",
    )


@login_required
def user_list(request):
    require_system_admin(request)
    query = search_term(request)
    role = request.GET.get("peran", "")
    if role not in Role.values:
        role = ""
    users = User.objects.prefetch_related(_active_roles())
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if role:
        users = users.filter(pk__in=Membership.objects.active().filter(role=role).values("user_id"))
    page, keep = paged(request, users.order_by("full_name", "email"), q=query, peran=role)
    context = {"page": page, "keep": keep, "query": query, "role": role, "roles": Role.choices}
    return render(request, "workspace/system/user_list.html", context)


def _user(user_id) -> User:
    return get_object_or_404(User, pk=user_id)


@login_required
def user_detail(request, user_id):
    require_system_admin(request)
    person = _user(user_id)
    memberships = person.memberships.select_related(*_SCOPES).order_by("-is_active", "role", "created_at")
    context = {
        "person": person,
        "memberships": memberships,
        "devices": administration.two_factor_devices(person),
        "invitations": Invitation.objects.filter(email__iexact=person.email, accepted_at__isnull=True),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "workspace/system/user_detail.html", context)


@login_required
def user_role_grant(request, user_id):
    require_system_admin(request)
    person = _user(user_id)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = administration.grant_role(
                user=person, role=form.cleaned_data["role"], scope=form.scope, actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Peran %(role)s diberikan.") % {"role": membership})
            return redirect("workspace:system_user_detail", user_id=person.pk)
    return render(request, "workspace/system/role_form.html", {"person": person, "form": form})


@login_required
@require_POST
def membership_revoke(request, membership_id):
    require_system_admin(request)
    membership = get_object_or_404(Membership.objects.select_related("user", *_SCOPES), pk=membership_id)
    try:
        administration.revoke_role(membership=membership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Peran %(role)s dicabut.") % {"role": membership})
    return redirect("workspace:system_user_detail", user_id=membership.user_id)


@login_required
@require_POST
def user_set_active(request, user_id):
    require_system_admin(request)
    person = _user(user_id)
    active = request.POST.get("aktif") == "1"
    try:
        administration.set_user_active(user=person, active=active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if active:
            messages.success(request, _("Akun %(email)s diaktifkan kembali.") % {"email": person.email})
        else:
            messages.success(
                request, _("Akun %(email)s dinonaktifkan; pemiliknya tidak dapat masuk lagi.") % {"email": person.email}
            )
    return redirect("workspace:system_user_detail", user_id=person.pk)


def _two_factor_check(request, person, devices, reason) -> CheckAnswers:
    detail_url = reverse("workspace:system_user_detail", args=[person.pk])
    return CheckAnswers(
        title=_("Periksa sebelum mengatur ulang verifikasi dua langkah"),
        confirm_label=_("Hapus perangkat dan atur ulang"),
        back_url=detail_url,
        change_url=request.path,
        intro=_("Gunakan ini bila pengguna kehilangan ponsel atau aplikasi autentikatornya."),
        rows=[
            (_("Pengguna"), f"{person.full_name} <{person.email}>"),
            (_("Perangkat yang dihapus"), ", ".join(d.name for d in devices)),
            (_("Alasan"), reason),
        ],
        happens=[
            _("Semua perangkat autentikator pengguna ini dihapus; kode dari aplikasi lamanya tidak berlaku lagi."),
            _("Saat masuk berikutnya, pengguna mendaftarkan aplikasi autentikator baru (memindai kode QR)."),
            _("Tindakan ini dicatat di jejak audit bersama alasannya."),
        ],
        frozen=[_("Perangkat yang dihapus tidak dapat dipulihkan.")],
        blockers=[] if devices else [_("Pengguna ini tidak memiliki perangkat verifikasi dua langkah.")],
        warnings=[
            _(
                "Pastikan identitas peminta sudah Anda periksa: siapa pun yang masuk dengan sandinya "
                "dapat mendaftarkan perangkat baru."
            )
        ],
        hidden={"reason": reason},
        breadcrumb=[(_("Pengguna"), reverse("workspace:system_user_list")), (person.full_name, detail_url)],
    )


@login_required
def two_factor_reset(request, user_id):
    """Lost phone: a reason, then check-your-answers, then the devices go (audited)."""
    require_system_admin(request)
    person = _user(user_id)
    devices = administration.two_factor_devices(person)
    form = TwoFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if not is_confirmed(request):
            return render_check(request, _two_factor_check(request, person, devices, reason))
        try:
            removed = administration.reset_two_factor(user=person, reason=reason, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(n)s perangkat dihapus. %(name)s mendaftarkan aplikasi autentikator baru saat masuk berikutnya.")
                % {"n": removed, "name": person.full_name},
            )
            return redirect("workspace:system_user_detail", user_id=person.pk)
    context = {"person": person, "devices": devices, "form": form}
    return render(request, "workspace/system/two_factor_reset.html", context)


@login_required
def invitation_list(request):
    """Open invitations (paged, searchable) and the form to invite anyone to any role."""
    require_system_admin(request)
    form = InvitationForm(request.POST or None)
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
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("workspace:system_invitation_list")
    query = search_term(request)
    invitations = Invitation.objects.filter(accepted_at__isnull=True).select_related(*_SCOPES, "invited_by")
    if query:
        invitations = invitations.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    page, keep = paged(request, invitations.order_by("-created_at"), q=query)
    context = {"form": form, "page": page, "keep": keep, "query": query}
    return render(request, "workspace/system/invitation_list.html", context)


def _open_invitation(invitation_id) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related(*_SCOPES).filter(accepted_at__isnull=True), pk=invitation_id
    )


@login_required
@require_POST
def invitation_cancel(request, invitation_id):
    require_system_admin(request)
    invitation = _open_invitation(invitation_id)
    administration.cancel_invitation(invitation=invitation, actor=request.user)
    messages.success(request, _("Undangan untuk %(email)s dibatalkan.") % {"email": invitation.email})
    return redirect("workspace:system_invitation_list")


@login_required
@require_POST
def invitation_resend(request, invitation_id):
    require_system_admin(request)
    invitation = _open_invitation(invitation_id)
    administration.resend_invitation(invitation=invitation, actor=request.user)
    messages.success(request, _("Undangan baru dikirim ke %(email)s.") % {"email": invitation.email})
    return redirect("workspace:system_invitation_list")
