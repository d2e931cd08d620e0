"""Fixtures for competition tests: a KOVABLIK 2025 edition from the preset, innovations, helpers.

Time is frozen at 2 June 2025 10:00 WIB, inside the preset's registration window (1 May – 30 June
23:59 WIB).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inovasi.competitions import services
from inovasi.competitions.editions import create_edition_from_preset
from inovasi.competitions.enums import AttachmentKind
from inovasi.innovations.enums import InnovationStatus
from inovasi.innovations.models import Innovation

WIB = ZoneInfo("Asia/Jakarta")
DURING_REGISTRATION = datetime(2025, 6, 2, 10, 0, tzinfo=WIB)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(media):
    """Every test here stores files under a temporary MEDIA_ROOT (tests_support.fixtures)."""
    return media


@pytest.fixture
def frozen_at():
    """The moment `frozen` (tests_support.fixtures) stops the clock at."""
    return DURING_REGISTRATION


@pytest.fixture
def kovablik(cast, frozen):
    return create_edition_from_preset(preset="kovablik-jatim", body=cast.body, year=2025, actor=cast.organizer)


def make_innovation(agency, name, *, started_on=date(2021, 3, 1), status=InnovationStatus.PUBLISHED, **extra):
    narrative = {
        field: f"Uraian {field} inovasi {name} yang singkat dan jelas."
        for field in (
            "summary",
            "background",
            "novelty",
            "implementation",
            "significance",
            "adaptability",
            "resources",
            "sustainability",
        )
    }
    narrative.update(extra)
    return Innovation.objects.create(
        agency=agency, name=name, started_on=started_on, status=status, year=2025, **narrative
    )


def pdf(name="surat.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def complete(proposal, actor):
    """Fill every section still empty and attach every required file or link."""
    answers = {a.section_id: a.text or "Isi bagian ini lengkap." for a in proposal.answers.all()}
    services.update_proposal(proposal=proposal, answers=answers, actor=actor)
    for requirement in proposal.edition.attachment_requirements.filter(required=True):
        if requirement.group_id not in (None, proposal.group_id):
            continue
        if requirement.kind == AttachmentKind.LINK:
            services.attach(proposal=proposal, requirement=requirement, url="https://video.example/pentas", actor=actor)
        else:
            services.attach(proposal=proposal, requirement=requirement, upload=pdf(), actor=actor)
    proposal.refresh_from_db()
    return proposal


def enter(edition, innovation, operator, admin, group="umum", **kwargs):
    """Create, complete, send to the Admin Pemda and submit: the happy path in one call."""
    proposal = services.create_proposal(
        edition=edition, innovation=innovation, group=edition.groups.get(code=group), actor=operator, **kwargs
    )
    complete(proposal, operator)
    services.send_to_admin(proposal=proposal, actor=operator)
    return services.approve_and_submit(proposal=proposal, actor=admin)
