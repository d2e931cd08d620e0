from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inovasi.competitions import administrative_check, shortlists
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.models import Objection

from .conftest import enter, make_innovation


def test_an_unpublished_edition_is_hidden_from_the_public(client, kovablik):
    assert client.get(reverse("public:edition_detail", args=[kovablik.pk])).status_code == 404
    assert "KOVABLIK" not in client.get(reverse("public:edition_list")).content.decode()


def test_the_public_page_shows_the_timeline_and_no_objection_form_outside_a_window(client, kovablik):
    kovablik.is_published = True
    kovablik.save()
    page = client.get(reverse("public:edition_detail", args=[kovablik.pk])).content.decode()
    assert "30 Juni 2025 23:59 WIB" in page
    assert "Presentasi dan wawancara Top 90" in page
    assert "Ajukan sanggahan" not in page
    assert "Belum ada sanggahan yang ditindaklanjuti." in page


def test_a_honeypot_filled_objection_is_refused(client, cast, kovablik):
    kovablik.is_published = True
    kovablik.save()
    proposal = enter(kovablik, make_innovation(cast.agency_a, "Among Tani Crop"), cast.operator_a, cast.admin_a)
    items = administrative_check.admin_stage(kovablik).checklist_items.all()
    administrative_check.decide_admin_check(
        proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
    )
    shortlists.publish_shortlist(stage=kovablik.stages.get(label="Top 90"), proposals=[proposal], actor=cast.organizer)
    response = client.post(
        reverse("public:edition_detail", args=[kovablik.pk]),
        {"proposal": proposal.pk, "reason": "r" * 40, "contact_name": "Bot", "contact_email": "b@x.id", "website": "x"},
    )
    assert response.status_code == 200
    assert not Objection.objects.exists()


def test_the_public_page_costs_the_same_queries_for_1_and_3_listed_proposals(client, cast, kovablik):
    kovablik.is_published = True
    kovablik.save()
    items = administrative_check.admin_stage(kovablik).checklist_items.all()
    people = [
        (cast.agency_a, cast.operator_a, cast.admin_a),
        (cast.unit_a, cast.operator_a, cast.admin_a),
        (cast.agency_b, cast.operator_b, cast.admin_b),
    ]
    passed = []
    for n, (agency, op, admin) in enumerate(people):
        proposal = enter(kovablik, make_innovation(agency, f"Inovasi {n}"), op, admin)
        administrative_check.decide_admin_check(
            proposal=proposal, verdicts={i.pk: (True, "") for i in items}, actor=cast.organizer
        )
        passed.append(proposal)
    top90 = kovablik.stages.get(label="Top 90")
    # A parallel award: it does not pick from the Top 90 (a narrowing stage would refuse these two).
    parallel = kovablik.stages.get(label="Outstanding Achievement")
    shortlists.publish_shortlist(stage=top90, proposals=passed[:1], actor=cast.organizer)
    url = reverse("public:edition_detail", args=[kovablik.pk])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        return len(ctx), response.content.decode()

    one, page = count()
    assert page.count("— Dinas") + page.count("— UPT") == 1
    shortlists.publish_shortlist(stage=parallel, proposals=passed[1:], actor=cast.organizer)
    three, page = count()
    assert page.count("— Dinas") + page.count("— UPT") == 3
    assert one == three
    assert one <= 5  # an absolute ceiling (measured), not only "does not grow"


def test_the_public_edition_list_costs_the_same_for_1_and_3(client, cast, kovablik):
    kovablik.is_published = True
    kovablik.save()
    url = reverse("public:edition_list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        return len(ctx), page

    one, page = count()
    assert page.count("KOVABLIK Jawa Timur 20") == 1
    for year in (2020, 2023):
        create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=year, actor=cast.organizer)
    from inovasi.competitions.models import Edition

    Edition.objects.update(is_published=True)
    three, page = count()
    assert page.count("KOVABLIK Jawa Timur 20") == 3
    assert one == three
