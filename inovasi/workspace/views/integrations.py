"""Integrations desk: API tokens and webhook endpoints of a Pemda (its Admin Pemda) or an organizer
body (its organizers). Every change goes through `inovasi.integrations`; secrets are shown once."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inovasi.integrations import tokens, webhooks
from inovasi.integrations.enums import Event
from inovasi.integrations.models import ApiToken, WebhookDelivery, WebhookEndpoint
from inovasi.integrations.owners import managed_by, may_manage, owner_from_slug, owner_of
from inovasi.workspace.views.innovations import apply_service_errors

EXPIRY_CHOICES = [
    ("", gettext_lazy("Tanpa batas (cabut bila tak dipakai)")),
    ("90", gettext_lazy("90 hari")),
    ("180", gettext_lazy("180 hari")),
    ("365", gettext_lazy("1 tahun")),
]
EVENT_CHOICES = [(e.value, e.label) for e in Event if e != Event.PING]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=120,
        help_text=gettext_lazy("Nama sistem yang memakainya, misalnya “SIMDA Inovasi Kota Batu”."),
    )
    scopes = forms.MultipleChoiceField(label=gettext_lazy("Cakupan"), widget=forms.CheckboxSelectMultiple)
    expires = forms.ChoiceField(label=gettext_lazy("Masa berlaku"), choices=EXPIRY_CHOICES, required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s.value, f"{s.label} ({s.value})") for s in owner.allowed_scopes]


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=gettext_lazy("Alamat URL penerima"),
        max_length=500,
        help_text=gettext_lazy("Alamat https:// di sistem Anda yang menerima POST berisi JSON."),
    )
    description = forms.CharField(label=gettext_lazy("Keterangan"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Peristiwa"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )


def _owner(request, slug):
    owner = owner_from_slug(slug)
    if owner is None:
        raise Http404(_("Pemilik integrasi tidak ditemukan."))
    if not may_manage(request.user, owner):
        raise PermissionDenied
    return owner


def _managed(request, record):
    if not may_manage(request.user, owner_of(record)):
        raise PermissionDenied
    return owner_of(record)


@login_required
def integration_home(request):
    owners = managed_by(request.user)
    if not owners:
        raise PermissionDenied
    if len(owners) == 1:
        return redirect("workspace:integration_owner", slug=owners[0].slug)
    return render(request, "workspace/integrations/home.html", {"owners": owners})


@login_required
def integration_owner(request, slug):
    owner = _owner(request, slug)
    token_list = ApiToken.objects.of_owner(owner).select_related("created_by", "revoked_by")
    endpoints = WebhookEndpoint.objects.of_owner(owner)
    return render(
        request,
        "workspace/integrations/owner.html",
        {
            "owner": owner,
            "tokens": token_list,
            "endpoints": endpoints,
        },
    )


@login_required
def token_create(request, slug):
    owner = _owner(request, slug)
    form = TokenForm(request.POST or None, owner=owner)
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires"]
        try:
            token, plain = tokens.issue_token(
                owner=owner,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                actor=request.user,
                expires_in_days=int(expires) if expires else None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, rename={"expires_in_days": "expires"})
        else:
            # Shown once, on this response only: never stored, never put in a message or a redirect.
            response = render(
                request, "workspace/integrations/token_created.html", {"owner": owner, "token": token, "plain": plain}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "workspace/integrations/token_form.html", {"owner": owner, "form": form})


@login_required
def token_revoke(request, token_id):
    token = get_object_or_404(ApiToken.objects.select_related("government", "organizer_body"), pk=token_id)
    owner = _managed(request, token)
    if request.method == "POST":
        try:
            tokens.revoke_token(token=token, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Token “%(name)s” dicabut; sistem yang memakainya tidak bisa masuk lagi.") % {"name": token.name},
            )
        return redirect("workspace:integration_owner", slug=owner.slug)
    return render(request, "workspace/integrations/token_revoke.html", {"owner": owner, "token": token})


@login_required
def endpoint_create(request, slug):
    owner = _owner(request, slug)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = webhooks.register_endpoint(owner=owner, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            response = render(
                request,
                "workspace/integrations/endpoint_secret.html",
                {"owner": owner, "endpoint": endpoint, "secret": secret},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "workspace/integrations/endpoint_form.html", {"owner": owner, "form": form})


@login_required
def endpoint_detail(request, endpoint_id):
    endpoint = get_object_or_404(WebhookEndpoint.objects.select_related("government", "organizer_body"), pk=endpoint_id)
    owner = _managed(request, endpoint)
    form = EndpointForm(
        request.POST or None,
        initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events},
    )
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.update_endpoint(endpoint=endpoint, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Webhook disimpan."))
            return redirect("workspace:endpoint_detail", endpoint_id=endpoint.pk)
    deliveries = Paginator(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk"), 25)
    return render(
        request,
        "workspace/integrations/endpoint_detail.html",
        {
            "owner": owner,
            "endpoint": endpoint,
            "form": form,
            "page": deliveries.get_page(request.GET.get("halaman")),
        },
    )


@login_required
@require_POST
def endpoint_action(request, endpoint_id, action):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    _managed(request, endpoint)
    try:
        if action == "uji":
            delivery = webhooks.send_ping(endpoint=endpoint, actor=request.user)
            if delivery.state == "delivered":
                messages.success(
                    request, _("Uji coba terkirim: penerima menjawab %(code)s.") % {"code": delivery.response_status}
                )
            else:
                messages.error(
                    request, _("Uji coba gagal: %(error)s") % {"error": delivery.last_error or delivery.response_status}
                )
        elif action == "nonaktifkan":
            webhooks.update_endpoint(endpoint=endpoint, actor=request.user, is_active=False)
            messages.success(request, _("Webhook dinonaktifkan; peristiwa baru tidak dikirim ke alamat ini."))
        elif action == "aktifkan":
            webhooks.update_endpoint(endpoint=endpoint, actor=request.user, is_active=True)
            messages.success(request, _("Webhook diaktifkan kembali."))
        elif action == "ganti-rahasia":
            if request.POST.get("konfirmasi") != "1":
                return render(
                    request,
                    "workspace/integrations/endpoint_rotate.html",
                    {"owner": owner_of(endpoint), "endpoint": endpoint},
                )
            secret = webhooks.rotate_secret(endpoint=endpoint, actor=request.user)
            response = render(
                request,
                "workspace/integrations/endpoint_secret.html",
                {"owner": owner_of(endpoint), "endpoint": endpoint, "secret": secret, "rotated": True},
            )
            response["Cache-Control"] = "no-store"
            return response
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("workspace:endpoint_detail", endpoint_id=endpoint.pk)


@login_required
@require_POST
def delivery_resend(request, delivery_id):
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=delivery_id)
    _managed(request, delivery.endpoint)
    try:
        webhooks.resend(delivery=delivery, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pengiriman dimasukkan ke antrean lagi."))
    return redirect("workspace:endpoint_detail", endpoint_id=delivery.endpoint_id)
