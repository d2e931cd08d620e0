"""The replication graph: two hops on the innovation page, the spread on the region page, the
national province matrix; their tables, their query counts, the agency's contact and the photo strip."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovasi.innovations import replication_flows, replication_graph
from inovasi.innovations.enums import AdopterKind, InnovationStatus, PartnerKind, ReplicationEvidenceKind
from inovasi.innovations.models import Evidence, Replication
from inovasi.organisations.models import Agency, Government
from inovasi.regions.models import Region
from inovasi.search.tests.factories import make_innovation

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _gov(code):
    return Government.objects.select_related("region").get(region__code=code)


def _agency(code, name):
    return Agency.objects.create(government=_gov(code), name=name, kind="dinas")


def edge(source, *, government=None, partner=None, region=None, year=2024, adopter_innovation=None, kind=None):
    """A replication as the services store it: the adopter's region filled, the year given."""
    if government is not None:
        return Replication.objects.create(
            innovation=source,
            adopter_kind=AdopterKind.GOVERNMENT,
            adopter_government=government,
            adopter_name=government.name,
            adopter_region=government.region,
            adopter_innovation=adopter_innovation,
            year=year,
            evidence_kind=ReplicationEvidenceKind.SURAT_PERNYATAAN,
        )
    return Replication.objects.create(
        innovation=source,
        adopter_kind=AdopterKind.NON_GOVERNMENT,
        adopter_name=partner,
        partner_kind=kind or PartnerKind.BUSINESS,
        adopter_region=region,
        year=year,
        evidence_kind=ReplicationEvidenceKind.PKS,
    )


@pytest.fixture
def places(cast):
    return {
        "batu": cast.agency_a,
        "malang": cast.agency_b,
        "semarang": _agency("33.74", "Dinas Lingkungan Hidup Kota Semarang"),
        "bandung": _agency("32.73", "Dinas Lingkungan Hidup Kota Bandung"),
    }


# --- Two hops --------------------------------------------------------------------------------


def test_two_hops_follow_a_published_replicating_innovation_and_stop_there(places, cast):
    source = make_innovation(places["batu"], "Bank Sampah Digital")
    malang_copy = make_innovation(places["malang"], "Bank Sampah Malang")
    draft_copy = make_innovation(places["semarang"], "Bank Sampah Semarang", status=InnovationStatus.DRAFT)
    edge(source, government=cast.gov_b, adopter_innovation=malang_copy, year=2023)
    edge(source, government=_gov("33.74"), adopter_innovation=draft_copy, year=2024)
    edge(source, partner="Kantin Pasar Besar", region=cast.gov_a.region)
    # Malang's copy was replicated in turn by Bandung and a pesantren, and (a cycle) by Batu itself.
    edge(malang_copy, government=_gov("32.73"), year=2025)
    edge(malang_copy, partner="Pondok Pesantren Al-Hikmah", region=cast.gov_b.region, kind=PartnerKind.EDUCATION)
    edge(malang_copy, government=cast.gov_a, adopter_innovation=source)
    # Semarang's draft has adopters too; a draft is not followed.
    edge(draft_copy, partner="Warung Semarang", region=_gov("33.74").region)

    hops = replication_graph.two_hops(source)
    first = {hop.edge.adopter_name: hop for hop in hops}
    assert set(first) == {cast.gov_b.name, _gov("33.74").name, "Kantin Pasar Besar"}
    assert first[cast.gov_b.name].adopter_innovation == malang_copy
    assert sorted(e.adopter_name for e in first[cast.gov_b.name].onward) == sorted(
        [_gov("32.73").name, "Pondok Pesantren Al-Hikmah"]
    )
    assert first[_gov("33.74").name].adopter_innovation is None
    assert first[_gov("33.74").name].onward == []
    assert first["Kantin Pasar Besar"].onward == []


def test_the_innovation_page_draws_and_tables_both_hops(client, places, cast):
    source = make_innovation(places["batu"], "Bank Sampah Digital")
    copy = make_innovation(places["malang"], "Bank Sampah Malang")
    edge(source, government=cast.gov_b, adopter_innovation=copy, year=2023)
    edge(copy, partner="Pondok Pesantren Al-Hikmah", region=cast.gov_b.region, kind=PartnerKind.EDUCATION, year=2025)
    page = client.get(f"/inovasi/{source.pk}/").content.decode()
    assert 'id="graf-inovasi"' in page and 'role="group"' in page  # links: a group, not an image
    table = page[page.index('id="tabel-replikasi"') :]
    assert "Pondok Pesantren Al-Hikmah" in table and "melalui Bank Sampah Malang" in table
    assert "2025" in table and "Sekolah / pondok pesantren" in table
    # The adopting innovation names its source.
    copy_page = client.get(f"/inovasi/{copy.pk}/").content.decode()
    assert "Inovasi ini replikasi dari" in copy_page and "Bank Sampah Digital" in copy_page


# --- Matrix --------------------------------------------------------------------------------------


def _recount():
    """Count each published edge by the provinces of its two ends, one edge at a time."""
    counts = {}
    for rep in Replication.objects.select_related("innovation__government__region", "adopter_region"):
        if rep.innovation.status != InnovationStatus.PUBLISHED or rep.adopter_region is None:
            continue
        key = (rep.innovation.government.region.province.code, rep.adopter_region.province.code)
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_matrix_counts_equal_a_recount_edge_by_edge(places, cast):
    batu = make_innovation(places["batu"], "Bank Sampah Digital")
    semarang = make_innovation(places["semarang"], "Si Semar")
    hidden = make_innovation(places["bandung"], "Draf Bandung", status=InnovationStatus.DRAFT)
    for _ in range(3):
        edge(batu, government=_gov("33.74"))
    edge(batu, government=cast.gov_b)
    edge(batu, partner="Kantin", region=_gov("32.73").region)
    edge(semarang, government=cast.gov_a)
    edge(semarang, government=_gov("35"))  # a province adopts
    edge(hidden, government=cast.gov_a)  # not published: not counted
    edge(batu, partner="Mitra tanpa wilayah", region=None)
    replication_flows.rebuild()  # the edges above were written past the services

    matrix = replication_graph.province_matrix()
    assert len(matrix.provinces) == Region.objects.filter(level="provinsi").count() == 38
    codes = [p.code for p in matrix.provinces]
    found = {
        (source.code, codes[j]): count
        for source, counts, _total in matrix.rows
        for j, count in enumerate(counts)
        if count
    }
    assert found == _recount()
    assert found == {("35", "33"): 3, ("35", "35"): 1, ("35", "32"): 1, ("33", "35"): 2}
    assert matrix.total == 7 and matrix.without_region == 1
    assert matrix.strongest[0][0].code == "35" and matrix.strongest[0][1].code == "33" and matrix.strongest[0][2] == 3


def test_the_national_page_is_a_38_by_38_table_with_the_strongest_flows(client, places, cast):
    batu = make_innovation(places["batu"], "Bank Sampah Digital")
    for _ in range(2):
        edge(batu, government=_gov("33.74"))
    replication_flows.rebuild()
    response = client.get("/replikasi/")
    assert response.status_code == 200
    page = response.content.decode()
    matrix = page[page.index('id="matriks-replikasi"') :]
    assert matrix.count('<th scope="row"') == 39  # 38 provinces and the totals row
    strongest = page[page.index("judul-terkuat") : page.index("judul-matriks")]
    assert "Jawa Timur" in strongest and "Jawa Tengah" in strongest


# --- Region spread -------------------------------------------------------------------------------


def test_the_region_page_shows_where_its_innovations_went_and_what_it_took(client, places, cast):
    batu = make_innovation(places["batu"], "Bank Sampah Digital")
    semarang = make_innovation(places["semarang"], "Si Semar")
    edge(batu, government=_gov("33.74"), year=2022)
    edge(batu, partner="Kantin RSUD Kota Batu", region=cast.gov_a.region, kind=PartnerKind.HEALTH)
    edge(semarang, government=cast.gov_a, year=2024)
    spread = replication_graph.region_spread([cast.gov_a.pk])
    assert (spread.outgoing_total, spread.incoming_total) == (2, 1)
    assert [e.innovation.name for e in spread.incoming] == ["Si Semar"]
    page = client.get("/wilayah/35.79/").content.decode()
    section = page[page.index('id="judul-replikasi"') :]
    assert 'id="graf-wilayah"' in section
    assert "Kantin RSUD Kota Batu" in section and _gov("33.74").name in section
    incoming = section[section.index("judul-replikasi-masuk") :]
    assert "Si Semar" in incoming


# --- Query counts ---------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["innovation", "region", "national"])
def test_query_count_does_not_grow_with_replications(client, places, cast, page):
    source = make_innovation(places["batu"], "Bank Sampah Digital")
    copy = make_innovation(places["malang"], "Bank Sampah Malang")
    url = {"innovation": f"/inovasi/{source.pk}/", "region": "/wilayah/35.79/", "national": "/replikasi/"}[page]
    edge(source, government=cast.gov_b, adopter_innovation=copy)
    edge(copy, government=_gov("33.74"))
    one = _queries(client, url)
    for code in ("32.73", "33.74"):
        other = make_innovation(_agency(code, f"Bappeda {code}"), f"Inovasi {code}")
        edge(source, government=_gov(code), adopter_innovation=other)
        edge(other, partner=f"Mitra {code}", region=_gov(code).region)
        edge(other, government=cast.gov_a)
    three = _queries(client, url)
    assert one == three
    assert three <= {"innovation": 25, "region": 30, "national": 10}[page]


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["?tahun=%00", "?tahun=abc&x=%ff", "?page=-1", "?" + "a" * 3000, "?q=%3Cscript%3E", "?tahun=99999"]
)
def test_bad_query_strings_never_give_a_5xx(client, places, cast, query):
    source = make_innovation(places["batu"], "Bank Sampah Digital")
    edge(source, government=cast.gov_b)
    for url in (f"/inovasi/{source.pk}/", "/wilayah/35.79/", "/replikasi/", "/wilayah/35/"):
        assert client.get(url + query).status_code < 500


# --- Contact and photos ---------------------------------------------------------------------------


def test_the_owning_agencys_public_contact_is_on_the_page(client, places, cast):
    agency = places["batu"]
    source = make_innovation(agency, "Bank Sampah Digital")
    page = client.get(f"/inovasi/{source.pk}/").content.decode()
    assert "Hubungi untuk replikasi" in page and "belum mencantumkan kontak publik" in page
    agency.public_email, agency.public_phone = "dlh@batukota.example", "0341 512345"
    agency.save()
    page = client.get(f"/inovasi/{source.pk}/").content.decode()
    contact = page[page.index('id="hubungi"') :]
    assert 'href="mailto:dlh@batukota.example"' in contact and 'href="tel:0341512345"' in contact


def _evidence(innovation, *, title, is_public, content_type="image/png", data=PNG, name="foto.png"):
    evidence = Evidence(innovation=innovation, kind="file", title=title, content_type=content_type, is_public=is_public)
    evidence.file.save(name, SimpleUploadedFile(name, data), save=False)
    evidence.save()
    return evidence


def test_the_photo_strip_shows_public_images_only_through_the_file_rule(client, places, cast):
    source = make_innovation(places["batu"], "Bank Sampah Digital")
    public = _evidence(source, title="Penimbangan sampah warga", is_public=True)
    private = _evidence(source, title="Foto KTP nasabah", is_public=False)
    pdf = _evidence(source, title="SK Bank Sampah", is_public=True, content_type="application/pdf", name="sk.pdf")
    page = client.get(f"/inovasi/{source.pk}/").content.decode()
    strip = page[page.index('id="judul-foto"') : page.index('id="judul-replikasi"')]
    assert f'src="/berkas/bukti/{public.pk}/"' in strip and 'alt="Penimbangan sampah warga"' in strip
    assert f"/berkas/bukti/{private.pk}/" not in strip and f"/berkas/bukti/{pdf.pk}/" not in strip
    response = client.get(f"/berkas/bukti/{public.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(f"/berkas/bukti/{private.pk}/").status_code == 404


# (evidence flag, innovation status, persona) → may open the image through /berkas/bukti/.
PHOTO_MATRIX = [
    (True, InnovationStatus.PUBLISHED, "anonymous", True),
    (True, InnovationStatus.PUBLISHED, "operator_b", True),
    (False, InnovationStatus.PUBLISHED, "anonymous", False),
    (False, InnovationStatus.PUBLISHED, "operator_b", False),
    (False, InnovationStatus.PUBLISHED, "operator_a", True),
    (True, InnovationStatus.DRAFT, "anonymous", False),
    (True, InnovationStatus.DRAFT, "admin_b", False),
    (True, InnovationStatus.DRAFT, "admin_a", True),
    (True, InnovationStatus.ARCHIVED, "anonymous", False),
]


@pytest.mark.parametrize(("is_public", "status", "who", "allowed"), PHOTO_MATRIX)
def test_the_public_photo_permission_matrix(cast, places, is_public, status, who, allowed):
    from django.contrib.auth.models import AnonymousUser

    from inovasi.innovations.tests.builders import make_innovation as make_through_services

    innovation = make_through_services(cast, status=status)
    evidence = _evidence(innovation, title="Foto", is_public=is_public)
    user = AnonymousUser() if who == "anonymous" else getattr(cast, who)
    assert user.has_perm("files.open_evidence", evidence) is allowed


REPLICATION_FILE_MATRIX = [
    ("anonymous", False),
    ("no_role", False),
    ("operator_a", True),
    ("admin_a", True),
    ("admin_b", True),  # the adopting Pemda
    ("operator_b", False),
    ("organizer", False),
    ("system_admin", True),
]


@pytest.mark.parametrize(("who", "allowed"), REPLICATION_FILE_MATRIX)
def test_the_replication_statement_permission_matrix(cast, places, who, allowed):
    from django.contrib.auth.models import AnonymousUser

    rep = edge(make_innovation(places["batu"], "Bank Sampah Digital"), government=cast.gov_b)
    user = AnonymousUser() if who == "anonymous" else getattr(cast, who)
    assert user.has_perm("files.open_replication_evidence", rep) is allowed


def test_a_replication_statement_opens_through_the_file_rule_for_its_managers(client, places, cast):
    rep = edge(make_innovation(places["batu"], "Bank Sampah Digital"), government=cast.gov_b)
    rep.evidence_file.save("pernyataan.png", SimpleUploadedFile("pernyataan.png", PNG))
    assert client.get(f"/berkas/replikasi/{rep.pk}/").status_code == 404  # anonymous: existence hidden
    client.force_login(cast.operator_a)
    response = client.get(f"/berkas/replikasi/{rep.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(cast.operator_b)
    assert client.get(f"/berkas/replikasi/{rep.pk}/").status_code == 403
