"""The organizer's room screen on presentation day: the session's slots, which panel jurors have
submitted, and each proposal's panel score once the panel is complete or the chair closes the
slot. The tally refreshes itself (htmx polling of the partial; the same data as JSON)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inovasi.judging import presentation
from inovasi.judging.models import PresentationSlot
from inovasi.organizer.judging_views import stage_for


def _filters(request, stage):
    """The day (?hari=YYYY-MM-DD) and room (?ruang=) shown; a bad day shows every day."""
    try:
        day = date.fromisoformat(request.GET.get("hari", ""))
    except ValueError:
        day = None
    room = (request.GET.get("ruang") or "").strip()[:150] or None
    return day, room


def _context(request, stage):
    day, room = _filters(request, stage)
    rows = presentation.session(stage, day=day, room=room)
    rooms = sorted(set(PresentationSlot.objects.filter(stage=stage).exclude(room="").values_list("room", flat=True)))
    return {
        "stage": stage,
        "edition": stage.edition,
        "rows": rows,
        "day": day,
        "room": room,
        "rooms": rooms,
        "scored": sum(1 for r in rows if r["score"] is not None),
        "query": request.GET.urlencode(),
    }


@login_required
def room(request, stage_id):
    stage = stage_for(request, stage_id)
    return render(request, "organizer/judging/presentation_room.html", _context(request, stage))


@login_required
def room_status(request, stage_id):
    """The tally alone: HTML partial for the polling screen, or JSON with ?format=json."""
    stage = stage_for(request, stage_id)
    context = _context(request, stage)
    if request.GET.get("format") == "json":
        return JsonResponse(presentation.as_json(context["rows"]))
    return render(request, "organizer/judging/_presentation_tally.html", context)


@login_required
@require_POST
def close_slot(request, slot_id):
    slot = get_object_or_404(PresentationSlot.objects.select_related("stage__edition__competition__body"), pk=slot_id)
    if not request.user.has_perm("judging.manage_stage", slot.stage):
        raise PermissionDenied
    try:
        presentation.close_slot(slot=slot, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Sesi ditutup; nilai panel dihitung dari nilai yang sudah dikirim."))
    return redirect("organizer:presentation_room", slot.stage_id)
