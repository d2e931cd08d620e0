"""The assessment in the national indicator layout: region indicators first in number order, then
each innovation's indicators, points = weight × value, absolute evidence links, only for the Pemda."""

import csv
import io

from django.conf import settings

from inovasi.innovation_index.models import IndexClaim
from inovasi.innovation_index.national_format import evidence_link, rows


def test_rows_follow_the_national_layout(world):
    assessment = world["a"]
    table = list(rows(assessment))
    claims = IndexClaim.objects.filter(assessment=assessment)
    assert len(table) == claims.count()
    region = claims.filter(innovation__isnull=True).count()
    assert [r[0] for r in table[:region]] == sorted(r[0] for r in table[:region]) and {1, 2, 12} <= {
        r[0] for r in table[:region]
    }
    assert all(r[3] == "" for r in table[:region]) and all(r[3] for r in table[region:])
    by_innovation = [(r[3], r[0]) for r in table[region:]]
    assert by_innovation == sorted(by_innovation)
    assert {r[3] for r in table[region:]} == {"Among Tani Crop", "Bangga E-Lokal"}
    for row in table:
        assert row[7] == row[6] * row[5]  # points = weight × parameter value
    assert {r[11] for r in table if r[0] in (1, 2, 12, 16, 35)} == {"Diterima"}


def test_evidence_links_are_absolute_and_follow_the_download_rule(world):
    claim = IndexClaim.objects.filter(assessment=world["a"]).first()
    claim.evidence_url = "https://contoh.go.id/bukti.pdf"
    assert evidence_link(claim) == "https://contoh.go.id/bukti.pdf"
    claim.evidence_file.name = "bukti/x.pdf"
    assert evidence_link(claim) == f"{settings.SITE_URL}/berkas/bukti-indeks/{claim.pk}/"


def test_the_pemda_downloads_it_and_another_pemda_cannot(client, cast, world):
    client.force_login(cast.admin_a)
    url = f"/ruang-kerja/pemda/{cast.gov_a.pk}/indeks/2026/unduh.csv"
    response = client.get(url)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0][0] == "No. indikator"
    assert len(lines) == 1 + IndexClaim.objects.filter(assessment=world["a"]).count()
    assert client.get(url.replace(".csv", ".xlsx")).status_code == 200
    assert client.get(url.replace(".csv", ".pdf")).status_code == 404
    client.force_login(cast.admin_b)
    assert client.get(url).status_code == 403
