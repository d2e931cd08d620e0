"""Public news pages: the published press releases, newest first, and one release with the
figures it was written from."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from inovasi.press.models import PressRelease
from inovasi.public.views.results import canonical_url

PAGE_SIZE = 20


def press_list(request):
    releases = PressRelease.objects.published().with_targets().order_by("-published_at", "-pk")
    page = Paginator(releases, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "public/press/list.html", {"page": page})


def press_detail(request, release_id):
    release = get_object_or_404(PressRelease.objects.with_targets(), pk=release_id)
    if not request.user.has_perm("press.view_release", release):
        raise Http404
    return render(
        request,
        "public/press/detail.html",
        {
            "release": release,
            "canonical": canonical_url("public:press_detail", release.pk),
            "paragraphs": [p.strip() for p in release.body.split("\n\n") if p.strip()],
            "may_manage": request.user.has_perm("press.manage_release", release),
        },
    )
