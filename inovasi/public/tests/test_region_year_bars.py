"""The region page draws innovations per year as bars with their numbers, not a table."""

import re

from django.urls import reverse

from inovasi.innovations import region_stats
from inovasi.public.tests.test_region_stats import batu  # noqa: F401  (the fixture)
from inovasi.search.tests.factories import make_innovation


def _rows(page):
    return re.findall(
        r'<li class="year-bars-row([^"]*)">.*?>(\d{4})</a>.*?style="width: (\d+)%".*?'
        r'<span class="year-bars-count">([^<]*)</span>.*?<span class="year-bars-growth small">(.*?)</span>\s*</li>',
        page,
        re.S,
    )


def test_each_year_is_a_bar_as_long_as_its_share_of_the_largest_with_its_number(client, cast, batu):  # noqa: F811
    make_innovation(cast.agency_a, "Inovasi Tahun Berjalan", year=region_stats.running_year())
    page = client.get(reverse("public:region_detail", args=["35.79"])).content.decode()
    assert '<table class="table table-sm table-year-bars"' not in page
    rows = _rows(page)
    assert [(year, width, count.strip()) for _cls, year, width, count, _g in rows] == [
        ("2021", "13", "8 inovasi"),  # 8 / 63 → 12.7 %, rounded
        ("2024", "100", "63 inovasi"),
        (str(region_stats.running_year()), "2", "1 inovasi"),
    ]
    assert "year-bars-row--headline" in rows[1][0]  # the headline year: the latest complete one
    assert "year-bars-row--running" in rows[2][0] and "tahun belum selesai" in rows[2][4]
    assert "687,5 % dibanding 2021" in rows[1][4]
