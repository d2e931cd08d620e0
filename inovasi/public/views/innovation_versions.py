"""One yearly version of a published innovation (`/inovasi/<id>/versi/<tahun>/`).

The public reads versions of published records only; an unpublished record or a year with no
version is 404, like the innovation page itself.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from inovasi.innovations.models import Innovation
from inovasi.innovations.versions import version_of
from inovasi.public.views.page_cache import cached_public_page


@cached_public_page
def innovation_version(request, pk, year):
    innovation = get_object_or_404(Innovation.objects.published().with_owner(), pk=pk)
    version = version_of(innovation, year)
    if version is None:
        raise Http404
    return render(request, "public/catalog/innovation_version.html", {"innovation": innovation, "version": version})
