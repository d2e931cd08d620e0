"""Other regions and other roles are refused on Pemkot Batu's innovation pages, also when guessing IDs."""

import pytest
from django.urls import reverse

from inovasi.audit.models import AuditEvent
from inovasi.innovations import services
from inovasi.innovations.enums import AdopterKind, ReplicationEvidenceKind
from inovasi.innovations.enums import InnovationStatus as S
from inovasi.innovations.models import Evidence, Innovation, InnovationPerson
from inovasi.innovations.tests.builders import make_innovation


@pytest.fixture
def region_a(cast):
    """One innovation of region A in each state, with a person, a replication and a link."""
    draft = make_innovation(cast, name="Draf Batu")
    person = services.add_part(innovation=draft, model=InnovationPerson, actor=cast.operator_a, name="Orang Batu")
    evidence = services.add_evidence_link(
        innovation=draft, actor=cast.operator_a, title="Video", url="https://video.id/x", is_public=False
    )
    submitted = make_innovation(cast, name="Diajukan Batu", status=S.SUBMITTED)
    published = make_innovation(cast, name="Terbit Batu", status=S.PUBLISHED)
    replication = services.add_replication(
        innovation=published,
        actor=cast.operator_a,
        adopter_kind=AdopterKind.NON_GOVERNMENT,
        adopter_name="Kantin",
        evidence_kind=ReplicationEvidenceKind.LAINNYA,
    )
    archived = make_innovation(cast, name="Arsip Batu", status=S.ARCHIVED)
    return {
        "draft": draft,
        "submitted": submitted,
        "published": published,
        "archived": archived,
        "person": person,
        "evidence": evidence,
        "replication": replication,
    }


def _urls(o):
    d, s, p, a = o["draft"].pk, o["submitted"].pk, o["published"].pk, o["archived"].pk
    return [
        ("get", reverse("workspace:innovation_detail", args=[d])),
        ("get", reverse("workspace:innovation_edit", args=[d])),
        ("post", reverse("workspace:innovation_edit", args=[d])),
        ("post", reverse("workspace:innovation_submit", args=[d])),
        ("post", reverse("workspace:innovation_publish", args=[s])),
        ("post", reverse("workspace:innovation_return", args=[s])),
        ("post", reverse("workspace:innovation_archive", args=[p])),
        ("post", reverse("workspace:innovation_restore", args=[a])),
        ("post", reverse("workspace:innovation_new_year", args=[d])),
        ("post", reverse("workspace:part_add", args=[d, "orang"])),
        ("post", reverse("workspace:part_edit", args=["orang", o["person"].pk])),
        ("post", reverse("workspace:part_delete", args=["orang", o["person"].pk])),
        ("post", reverse("workspace:replication_add", args=[p])),
        ("post", reverse("workspace:replication_edit", args=[o["replication"].pk])),
        ("post", reverse("workspace:replication_delete", args=[o["replication"].pk])),
        ("post", reverse("workspace:evidence_add", args=[d])),
        ("post", reverse("workspace:evidence_edit", args=[o["evidence"].pk])),
        ("post", reverse("workspace:evidence_delete", args=[o["evidence"].pk])),
    ]


PAYLOAD = {
    "name": "Diretas",
    "agency": "1",
    "reason": "diretas",
    "year": "2099",
    "title": "Diretas",
    "adopter_kind": "non_government",
    "adopter_name": "Diretas",
    "evidence_kind": "lainnya",
    "mode": "tautan",
}


@pytest.mark.parametrize("who", ["operator_b", "admin_b", "organizer", "juror", "verifier", "no_role"])
def test_other_regions_and_roles_are_refused_everywhere_and_nothing_changes(client, cast, region_a, who):
    client.force_login(getattr(cast, who))
    events = AuditEvent.objects.count()
    for method, url in _urls(region_a):
        response = getattr(client, method)(url, PAYLOAD)
        assert response.status_code == 403, url
        assert "Akses ditolak" in response.content.decode()
    assert AuditEvent.objects.count() == events
    statuses = dict(Innovation.objects.values_list("name", "status"))
    assert statuses == {
        "Draf Batu": S.DRAFT,
        "Diajukan Batu": S.SUBMITTED,
        "Terbit Batu": S.PUBLISHED,
        "Arsip Batu": S.ARCHIVED,
    }
    assert (InnovationPerson.objects.count(), Evidence.objects.count()) == (1, 4)


def test_anonymous_visitors_are_sent_to_login(client, region_a):
    for method, url in _urls(region_a):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_operator_cannot_publish_its_own_submission(client, cast, region_a):
    client.force_login(cast.operator_a)
    response = client.post(reverse("workspace:innovation_publish", args=[region_a["submitted"].pk]))
    assert response.status_code == 403
    region_a["submitted"].refresh_from_db()
    assert region_a["submitted"].status == S.SUBMITTED


def test_region_b_lists_do_not_show_region_a(client, cast, region_a):
    for who in ("operator_b", "admin_b"):
        client.force_login(getattr(cast, who))
        content = client.get(reverse("workspace:innovation_list")).content.decode()
        assert "Batu" not in content
        assert "Belum ada inovasi" in content
    content = client.get(reverse("workspace:innovation_review_queue")).content.decode()
    assert "Diajukan Batu" not in content


def test_a_submitted_innovation_cannot_be_edited_even_by_its_operator(client, cast, region_a):
    client.force_login(cast.operator_a)
    url = reverse("workspace:innovation_edit", args=[region_a["submitted"].pk])
    assert client.post(url, {"name": "Diubah", "agency": cast.agency_a.pk}).status_code == 403
    assert Innovation.objects.filter(name="Diajukan Batu").exists()


def test_an_unknown_innovation_id_is_a_404(client, cast):
    client.force_login(cast.admin_a)
    assert client.get(reverse("workspace:innovation_detail", args=[999999])).status_code == 404
