"""Index fixtures: the 2026 preset owned by the cast's organizer body, and a helper for innovations."""

import datetime as dt

import pytest
import time_machine

from conftest import make_user
from inovasi.accounts.enums import Role
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
