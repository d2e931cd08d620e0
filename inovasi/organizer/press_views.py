"""The press desk: draft a release from the data, edit it, preview, publish or withdraw it.

Organizers write about their own editions and awards; a Pemda's year can be written by its Admin
Pemda or by an organizer whose body covers that Pemda (see `press.rules`). The verbs are in
`press.services`; these views only present them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.inputs import INT_MAX, int_param
from inovasi.press import queries, services
from inovasi.press.forms import EditReleaseForm, NewReleaseForm
from inovasi.press.models import PressRelease, PressState


def _desk(user):
    if not user.has_perm("press.use_press_desk"):
        raise PermissionDenied


def release_for(request, release_id) -> PressRelease:
    release = get_object_or_404(PressRelease.objects.with_targets(), pk=release_id)
    if not request.user.has_perm("press.manage_release", release):
        raise PermissionDenied
    return release


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _posted_version(request):
    return int_param(request.POST, "version", -1, lo=0, hi=INT_MAX)


@login_required
def press_list(request):
    _desk(request.user)
    releases = list(queries.releases_managed_by(request.user)[:200])
    return render(request, "organizer/press/list.html", {"releases": releases})


@login_required
def press_create(request):
    _desk(request.user)
    initial = {
        key: request.GET[key] for key in ("kind", "edition", "award", "government", "year") if key in request.GET
    }
    form = NewReleaseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            release = services.generate_release(kind=form.cleaned_data["kind"], actor=request.user, **form.targets())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Draf siaran pers dibuat dari data. Periksa dan sunting sebelum diterbitkan."))
            return redirect("organizer:press_edit", release_id=release.pk)
    return render(request, "organizer/press/create.html", {"form": form})


@login_required
def press_edit(request, release_id):
    release = release_for(request, release_id)
    editable = release.state == PressState.DRAFT
    form = EditReleaseForm(
        request.POST or None,
        initial={"title": release.title, "lead": release.lead, "body": release.body, "version": release.version},
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_release(
                    release=release,
                    actor=request.user,
                    title=data["title"],
                    lead=data["lead"],
                    body=data["body"],
                    version=data["version"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Perubahan disimpan."))
                return redirect("organizer:press_edit", release_id=release.pk)
    return render(
        request,
        "organizer/press/edit.html",
        {"release": release, "form": form, "editable": editable},
    )


@login_required
def press_preview(request, release_id):
    release = release_for(request, release_id)
    return render(
        request,
        "organizer/press/preview.html",
        {"release": release, "paragraphs": [p.strip() for p in release.body.split("\n\n") if p.strip()]},
    )


def _state_change(request, release_id, verb, done: str):
    release = release_for(request, release_id)
    try:
        verb(release=release, actor=request.user, version=_posted_version(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("organizer:press_edit", release_id=release.pk)


@login_required
@require_POST
def press_publish(request, release_id):
    return _state_change(request, release_id, services.publish_release, _("Siaran pers terbit di halaman Berita."))


@login_required
@require_POST
def press_unpublish(request, release_id):
    return _state_change(
        request, release_id, services.unpublish_release, _("Siaran pers ditarik dan kembali menjadi draf.")
    )


@login_required
@require_POST
def press_regenerate(request, release_id):
    return _state_change(
        request, release_id, services.regenerate_release, _("Angka dan teks draf dihitung ulang dari data terbaru.")
    )
