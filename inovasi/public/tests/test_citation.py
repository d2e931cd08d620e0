"""A journalist quoting a region's or an innovation's figures: when they were computed, the data
behind them as a download, and a citation to paste."""

import csv
import datetime
import html
import io
import re

import time_machine
from django.urls import reverse

from inovasi.search.tests.factories import make_innovation

# 23.30 WIB on 5 December 2026 is 16.30 UTC.
MOMENT = datetime.datetime(2026, 12, 5, 16, 30, tzinfo=datetime.UTC)


def _citation(page: str) -> str:
    return html.unescape(re.search(r'<textarea id="kutipan"[^>]*>([^<]*)</textarea>', page).group(1))


def _csv_names(client, href: str) -> list[str]:
    response = client.get(html.unescape(href))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")[1:]
    header, *rows = list(csv.reader(io.StringIO(text)))
    return sorted(row[header.index("Nama inovasi")] for row in rows)


@time_machine.travel(MOMENT, tick=False)
def test_the_region_page_says_when_its_figures_were_computed_and_how_to_cite_them(client, cast):
    make_innovation(cast.agency_a, "Among Tani Crop")
    make_innovation(cast.unit_a, "Sekolah Lapang Digital")
    make_innovation(cast.agency_b, "Rumah Diapers")  # Kota Malang: not in Kota Batu's download
    page = client.get(reverse("public:region_detail", args=["35.79"])).content.decode()
    assert "Data dan kutipan" in page
    assert "dihitung dari data yang terbit per 5 Desember 2026, 23.30 WIB" in page
    assert _citation(page) == (
        "Kota Batu. Inovasi — inovasi pelayanan publik dan tata kelola daerah. "
        "http://testserver/wilayah/35.79/ (diakses 5 Desember 2026)."
    )
    href = re.search(r'href="(/[^"]*format=csv[^"]*)"', page).group(1)
    assert "region=35.79" in href
    assert _csv_names(client, href) == ["Among Tani Crop", "Sekolah Lapang Digital"]
    assert 'format=xlsx&amp;region=35.79"' in page


def test_a_province_page_downloads_the_whole_province(client, cast):
    make_innovation(cast.agency_a, "Among Tani Crop")
    make_innovation(cast.agency_b, "Rumah Diapers")
    page = client.get(reverse("public:region_detail", args=["35"])).content.decode()
    href = re.search(r'href="(/[^"]*format=csv[^"]*)"', page).group(1)
    assert "province=35" in href
    assert _csv_names(client, href) == ["Among Tani Crop", "Rumah Diapers"]


@time_machine.travel(MOMENT, tick=False)
def test_the_innovation_page_has_a_citation_with_its_own_address(client, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    page = client.get(reverse("public:innovation_detail", args=[innovation.pk])).content.decode()
    assert _citation(page) == (
        "Among Tani Crop. Inovasi — inovasi pelayanan publik dan tata kelola daerah. "
        f"http://testserver/inovasi/{innovation.pk}/ (diakses 5 Desember 2026)."
    )
    assert "format=csv" not in page  # one innovation: its page is the data


def test_the_citation_is_english_on_the_english_page(client, cast):
    innovation = make_innovation(cast.agency_a, "Among Tani Crop")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("public:innovation_detail", args=[innovation.pk])).content.decode()
    assert "Data and citation" in page
    assert "(accessed " in _citation(page)
