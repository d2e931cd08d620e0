from django.urls import reverse

from inovasi.accounts.enums import Role
from inovasi.accounts.models import Membership, User


def test_home_page_shows_the_real_region_counts(client, db):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Inovasi pelayanan publik daerah" in content
    for number, label in (
        ("38", "provinsi"),
        ("416", "kabupaten"),
        ("98", "kota"),
        ("546", "pemerintah daerah otonom"),
    ):
        assert f'<div class="stat-number">{number}</div>{label}' in content


def test_an_unknown_url_is_a_404_in_the_sites_layout(client, db):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Halaman tidak ditemukan" in content
    assert 'href="/static/vendor/bootstrap-5.3.8/bootstrap.min.css"' in content


def test_the_language_switch_remembers_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_navigation_shows_only_the_desks_a_persona_may_use(client, cast):
    client.force_login(cast.operator_a)
    content = client.get("/").content.decode()
    assert "Ruang kerja" in content
    assert "Panitia</a>" not in content
    assert "Admin sistem</a>" not in content
    client.force_login(cast.system_admin)
    content = client.get("/").content.decode()
    assert 'href="/ruang-kerja/sistem/">Admin sistem</a>' in content
    assert 'href="/admin/"' not in content


def test_django_admin_is_for_superusers_only_even_with_is_staff_or_the_system_admin_role(client, cast):
    cast.admin_a.is_staff = True
    cast.admin_a.save()
    for who in (cast.admin_a, cast.system_admin):
        client.force_login(who)
        response = client.get("/admin/")
        assert response.status_code == 302, who
        assert response["Location"].startswith("/admin/login/")
    root = User.objects.create_superuser("root@uji.test", "x", full_name="Operator Teknis")
    client.force_login(root)
    content = client.get("/").content.decode()
    assert 'href="/admin/">Admin Django</a>' in content
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'href="/admin/accounts/user/"' in response.content.decode()
    assert client.get("/admin/organisations/agency/").status_code == 200


def test_desks_refuse_the_wrong_personas(client, cast):
    for who, url, expected in [
        ("operator_a", reverse("organizer:dashboard"), 403),
        ("juror", reverse("workspace:dashboard"), 403),
        ("organizer", reverse("jury:dashboard"), 403),
        ("no_role", reverse("workspace:dashboard"), 403),
        ("admin_a", reverse("workspace:dashboard"), 200),
        ("organizer", reverse("organizer:dashboard"), 200),
        ("verifier", reverse("jury:dashboard"), 200),
    ]:
        client.force_login(getattr(cast, who))
        assert client.get(url).status_code == expected, (who, url)


def test_the_workspace_dashboard_lists_the_admins_pemda(client, cast):
    Membership.objects.create(user=cast.admin_a, role=Role.PEMDA_ADMIN, government=cast.gov_b)
    client.force_login(cast.admin_a)
    content = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Pemerintah Kota Batu" in content
    assert "Pemerintah Kota Malang" in content
    assert "2 perangkat daerah aktif" in content


def test_system_admins_find_any_pemda_from_the_workspace(client, cast):
    client.force_login(cast.system_admin)
    content = client.get(reverse("workspace:dashboard"), {"pemda": "35.7"}).content.decode()
    assert "Pemerintah Kota Batu" in content
    assert "Pemerintah Kota Malang" in content
    assert "Pemerintah Kabupaten Pasuruan" not in content
    assert client.get(reverse("workspace:member_list", args=[cast.gov_b.pk])).status_code == 200


def test_the_current_desk_is_marked_in_the_menu(client, cast):
    client.force_login(cast.admin_a)
    content = client.get(reverse("workspace:agency_list", args=[cast.gov_a.pk])).content.decode()
    assert 'class="nav-link active" aria-current="page" href="/ruang-kerja/">Ruang kerja</a>' in content
    assert 'class="nav-link" href="/">Beranda</a>' in content


def test_home_page_searches_the_catalog_and_counts_published_innovations(client, cast):
    from inovasi.search.tests.factories import make_innovation

    make_innovation(cast.agency_a, "Among Tani Crop")
    make_innovation(cast.agency_a, "Draf Rahasia", status="draft")
    content = client.get("/").content.decode()
    assert 'action="/inovasi/" method="get" role="search"' in content
    assert "1 inovasi terbit di katalog." in content


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(client, db):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in content
    assert "Inovasi pelayanan publik daerah" in content
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content
    assert "Regional public service innovation" in content
