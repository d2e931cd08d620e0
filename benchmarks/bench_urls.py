"""The site's URLs plus `/__bench__/minimal/`, the floor the public pages are compared with.

The minimal view goes through the same server, worker, middleware stack and URL resolver as
every page, but touches no database and renders no template: what is left is the cost of
serving any request at all.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

MINIMAL_PATH = "/__bench__/minimal/"


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(MINIMAL_PATH.strip("/") + "/", minimal, name="bench_minimal"), *site_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
