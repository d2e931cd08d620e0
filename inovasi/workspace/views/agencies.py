"""Admin Pemda manages its agencies: create, rename, move, deactivate; delete only if unreferenced."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.organisations import services
from inovasi.organisations.models import Agency
from inovasi.workspace.forms import AgencyForm
from inovasi.workspace.views.access import agency_for, government_for


def _as_tree(agencies) -> list[tuple[Agency, int]]:
    """Agencies in depth-first order with their depth, from one flat list (no query per node)."""
    by_parent: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        by_parent.setdefault(agency.parent_id, []).append(agency)
    ordered: list[tuple[Agency, int]] = []

    def walk(parent_id, depth):
        for agency in by_parent.get(parent_id, []):
            ordered.append((agency, depth))
            walk(agency.pk, depth + 1)

    walk(None, 0)
    return ordered


def _apply_service_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def agency_list(request, government_id):
    government = government_for(request, government_id, "organisations.manage_agencies")
    show_inactive = request.GET.get("nonaktif") == "1"
    agencies = Agency.objects.of_government(government).order_by("name")
    if not show_inactive:
        agencies = agencies.filter(is_active=True)
    return render(
        request,
        "workspace/agency_list.html",
        {
            "government": government,
            "tree": _as_tree(list(agencies)),
            "show_inactive": show_inactive,
        },
    )


@login_required
def agency_create(request, government_id):
    government = government_for(request, government_id, "organisations.manage_agencies")
    form = AgencyForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.create_agency(government=government, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Perangkat daerah %(name)s ditambahkan.") % {"name": agency.name})
            return redirect("workspace:agency_list", government_id=government.pk)
    return render(request, "workspace/agency_form.html", {"government": government, "form": form})


@login_required
def agency_edit(request, agency_id):
    agency = agency_for(request, agency_id)
    initial = {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "parent": agency.parent,
        "public_email": agency.public_email,
        "public_phone": agency.public_phone,
        "public_address": agency.public_address,
    }
    form = AgencyForm(request.POST or None, initial=initial, government=agency.government, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(agency=agency, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("workspace:agency_list", government_id=agency.government_id)
    return render(
        request, "workspace/agency_form.html", {"government": agency.government, "form": form, "agency": agency}
    )


@login_required
@require_POST
def agency_set_active(request, agency_id):
    agency = agency_for(request, agency_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_agency_active(agency=agency, active=active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (_("%(name)s diaktifkan kembali.") if active else _("%(name)s dinonaktifkan.")) % {"name": agency.name},
        )
    return redirect("workspace:agency_list", government_id=agency.government_id)


@login_required
def agency_delete(request, agency_id):
    agency = agency_for(request, agency_id)
    if request.method == "POST":
        try:
            services.delete_agency(agency=agency, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s dihapus.") % {"name": agency.name})
        return redirect("workspace:agency_list", government_id=agency.government_id)
    return render(request, "workspace/agency_confirm_delete.html", {"agency": agency})
