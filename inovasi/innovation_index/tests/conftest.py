"""Index fixtures: the 2026 preset owned by the cast's organizer body, and a helper for innovations."""

import datetime as dt

import pytest
import time_machine

from conftest import make_user
from inovasi.accounts.enums import Role
from inovasi.innovation_index import services
from inovasi.innovation_index.enums import ClaimValidation
from inovasi.innovation_index.models import IndexIndicator
from inovasi.innovation_index.presets import load_preset
from inovasi.innovations.enums import InitiatorKind, InnovationForm, InnovationStage, InnovationStatus, InnovationType
from inovasi.innovations.models import GovernmentAffair, Innovation

WIB = dt.timezone(dt.timedelta(hours=7))
IN_WINDOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=WIB)
AFTER_WINDOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=WIB)


@pytest.fixture
def framework(cast):
    return load_preset("iid-2026", body=cast.body)


@pytest.fixture
def other_organizer(cast):
    return make_user("panitia.lain@uji.test", Role.ORGANIZER, "organizer_body", cast.other_body)


@pytest.fixture
def in_window():
    with time_machine.travel(IN_WINDOW, tick=False):
        yield


def make_innovation(agency, name, *, year=2026, affairs=(), digital=False, status=InnovationStatus.PUBLISHED):
    innovation = Innovation.objects.create(
        agency=agency,
        name=name,
        initiator_kind=InitiatorKind.PERANGKAT_DAERAH,
        form=InnovationForm.PELAYANAN_PUBLIK,
        type=InnovationType.DIGITAL if digital else InnovationType.NON_DIGITAL,
        stage=InnovationStage.PENERAPAN,
        year=year,
        status=status,
    )
    if affairs:
        innovation.affairs.set(GovernmentAffair.objects.filter(code__in=affairs))
    return innovation


BASIC = ["1.01", "1.02", "1.03", "1.04", "1.05", "1.06"]


def ind(framework, number):
    return IndexIndicator.objects.get(framework=framework, number=number)


def fill(assessment, framework, actor, validator, innovations=(), value=3):
    for number in (1, 2, 12):
        c = services.set_claim(
            assessment=assessment,
            indicator=ind(framework, number),
            option=ind(framework, number).options.get(value=value),
            actor=actor,
        )
        services.validate_claim(claim=c, verdict=ClaimValidation.ACCEPTED, actor=validator)
    for innovation in innovations:
        for number in (16, 17, 32, 33, 35):
            c = services.set_claim(
                assessment=assessment,
                indicator=ind(framework, number),
                option=ind(framework, number).options.get(value=value),
                innovation=innovation,
                actor=actor,
            )
            services.validate_claim(claim=c, verdict=ClaimValidation.ACCEPTED, actor=validator)


@pytest.fixture
def world(framework, cast, in_window):
    """Kota Batu (2 innovations) and Kota Malang (1), validated, computed and published."""
    one = make_innovation(cast.agency_a, "Among Tani Crop", affairs=BASIC)
    two = make_innovation(cast.agency_a, "Bangga E-Lokal", affairs=["3.27"])
    mine = make_innovation(cast.agency_b, "Rumah Diapers", affairs=["1.02"])
    a = services.start_assessment(framework=framework, government=cast.gov_a, actor=cast.admin_a)
    b = services.start_assessment(framework=framework, government=cast.gov_b, actor=cast.admin_b)
    fill(a, framework, cast.admin_a, cast.organizer, [one, two])
    fill(b, framework, cast.admin_b, cast.organizer, [mine], value=2)
    services.compute_framework(framework=framework, actor=cast.organizer)
    services.publish_results(framework=framework, actor=cast.organizer)
    return {"a": a, "b": b, "innovations": [one, two], "theirs": mine}
