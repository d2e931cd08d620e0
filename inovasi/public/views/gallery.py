"""The exhibition gallery: an edition's finalists one per slide, full screen, for a screen at the
event. The page works unattended: `static/inovasi/gallery.js` advances the slides, loops, and
re-reads the list from `edition_gallery_data` every few minutes so new results appear."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from inovasi.press.results import gallery_slides
from inovasi.public.views.results import visible_edition

DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL = 10, 3, 300
REFRESH_SECONDS = 180


def slide_interval(raw) -> int:
    """Seconds per slide from `?interval=`, kept between 3 and 300; anything else gives the default."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL
    return min(max(value, MIN_INTERVAL), MAX_INTERVAL)


def edition_gallery(request, edition_id):
    edition = visible_edition(request, edition_id)
    return render(
        request,
        "public/gallery/show.html",
        {
            "edition": edition,
            "slides": gallery_slides(edition),
            "interval": slide_interval(request.GET.get("interval")),
            "refresh": REFRESH_SECONDS,
        },
    )


def edition_gallery_data(request, edition_id):
    edition = visible_edition(request, edition_id)
    response = JsonResponse(
        {
            "edition": {"id": edition.pk, "name": edition.name},
            "generated_at": timezone.now().isoformat(),
            "slides": [slide.as_json() for slide in gallery_slides(edition)],
        }
    )
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
