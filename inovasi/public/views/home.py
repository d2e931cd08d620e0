from django.db.models import Count, Q
from django.shortcuts import render

from inovasi.innovations.models import Innovation
from inovasi.organisations.models import Government
from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region


def home(request):
    counts = Region.objects.aggregate(
        provinsi=Count("id", filter=Q(level=RegionLevel.PROVINSI)),
        kabupaten=Count("id", filter=Q(level=RegionLevel.KABUPATEN)),
        kota=Count("id", filter=Q(level=RegionLevel.KOTA)),
    )
    return render(
        request,
        "public/home.html",
        {
            "region_counts": counts,
            "government_count": Government.objects.count(),
            "published_count": Innovation.objects.published().count(),
        },
    )
