"""The system admin's screens: the overview, organizer bodies and the mail outbox.

Users, roles, invitations and lost two-factor devices are in `system_users`. Every page is for
system admins only (`accounts.administer_system`); every write goes through an audited service.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.accounts.models import Invitation, User
from inovasi.inputs import single_line
from inovasi.organisations import services as organisation_services
from inovasi.organisations.models import OrganizerBody
from inovasi.outbox import services as outbox_services
from inovasi.outbox.enums import MailState
from inovasi.outbox.models import OutgoingMail
from inovasi.workspace.forms_system import BodyForm

PAGE_SIZE = 25
SEARCH_MAX_CHARS = 100


def require_system_admin(request) -> None:
    if not request.user.has_perm("accounts.administer_system"):
        raise PermissionDenied


def search_term(request) -> str:
    return single_line(request.GET.get("q", ""))[:SEARCH_MAX_CHARS]


def paged(request, queryset, **filters):
    """One page of `queryset` plus the query string the pager links must keep (filters, not the page)."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return page, urlencode({k: v for k, v in filters.items() if v})


def apply_service_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def system_home(request):
    require_system_admin(request)
    context = {
        "users_active": User.objects.filter(is_active=True).count(),
        "users_inactive": User.objects.filter(is_active=False).count(),
        "bodies": OrganizerBody.objects.filter(is_active=True).count(),
        "open_invitations": Invitation.objects.filter(accepted_at__isnull=True).count(),
        "failed_mails": OutgoingMail.objects.filter(state=MailState.FAILED).count(),
    }
    return render(request, "workspace/system/home.html", context)


@login_required
def body_list(request):
    require_system_admin(request)
    query = search_term(request)
    bodies = OrganizerBody.objects.select_related("government").annotate(
        people=Count("memberships", filter=Q(memberships__is_active=True))
    )
    if query:
        bodies = bodies.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    page, keep = paged(request, bodies.order_by("-is_active", "name"), q=query)
    return render(request, "workspace/system/body_list.html", {"page": page, "keep": keep, "query": query})


@login_required
def body_create(request):
    require_system_admin(request)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = organisation_services.create_body(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Penyelenggara %(name)s ditambahkan.") % {"name": body.name})
            return redirect("workspace:system_body_list")
    return render(request, "workspace/system/body_form.html", {"form": form})


@login_required
def body_edit(request, body_id):
    require_system_admin(request)
    body = get_object_or_404(OrganizerBody.objects.select_related("government"), pk=body_id)
    initial = {"name": body.name, "short_name": body.short_name, "government": body.government}
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_services.update_body(body=body, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Penyelenggara %(name)s disimpan.") % {"name": form.cleaned_data["name"]})
            return redirect("workspace:system_body_list")
    people = body.memberships.active().select_related("user").order_by("user__full_name")
    return render(request, "workspace/system/body_form.html", {"form": form, "body": body, "people": people})


@login_required
@require_POST
def body_set_active(request, body_id):
    require_system_admin(request)
    body = get_object_or_404(OrganizerBody, pk=body_id)
    active = request.POST.get("aktif") == "1"
    organisation_services.set_body_active(body=body, active=active, actor=request.user)
    if active:
        messages.success(request, _("Penyelenggara %(name)s diaktifkan kembali.") % {"name": body.name})
    else:
        messages.success(
            request,
            _("Penyelenggara %(name)s dinonaktifkan; anggotanya tetap tercatat.") % {"name": body.name},
        )
    return redirect("workspace:system_body_list")


@login_required
def outbox(request):
    """Mail that could not be sent (or still waits), newest first, with a resend button."""
    require_system_admin(request)
    state = request.GET.get("status", MailState.FAILED)
    if state not in MailState.values:
        state = MailState.FAILED
    query = search_term(request)
    mails = OutgoingMail.objects.filter(state=state)
    if query:
        mails = mails.filter(Q(to__icontains=query) | Q(subject__icontains=query))
    page, keep = paged(request, mails.order_by("-created_at", "-id"), status=state, q=query)
    context = {"page": page, "keep": keep, "state": state, "states": MailState.choices, "query": query}
    return render(request, "workspace/system/outbox.html", context)


@login_required
@require_POST
def outbox_retry(request, mail_id):
    require_system_admin(request)
    mail = get_object_or_404(OutgoingMail, pk=mail_id)
    if outbox_services.retry(mails=[mail], actor=request.user):
        messages.success(request, _("Surel ke %(to)s dimasukkan kembali ke antrean.") % {"to": mail.to})
    else:
        messages.info(request, _("Surel ini sudah terkirim; tidak ada yang dikirim ulang."))
    return redirect(reverse("workspace:system_outbox") + f"?status={MailState.FAILED}")
