"""Demo press releases of the seed stories, generated from the demo data like an organizer would.

- Story 000: a published release on Kabupaten Pasuruan's "Top Inovasi Terpuji" at KOVABLIK 2023
  (STMJ SAKERA and BAKSO SAKERA), dated the ceremony day as the newspapers were.
- Story 002: a draft on Kota Batu's year 2024 (63 innovations against 8 in 2021, +687,5 %), left
  for the Admin Pemda or the organizer to edit.

Every number comes from the drafting code reading the demo data, none is typed here. Idempotent: an
existing release of the same kind and target is left alone. Without awards (the awards demo not
loaded), the Pasuruan release is skipped.
"""

import contextlib
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from inovasi.awards.models import Award
from inovasi.organisations.models import Government
from inovasi.press import services
from inovasi.press.models import PressKind, PressRelease

WIB = ZoneInfo("Asia/Jakarta")
KAB_PASURUAN, KOTA_BATU = "35.14", "35.79"


def _pasuruan_award(edition):
    awards = Award.objects.filter(label__edition=edition, government__region__code=KAB_PASURUAN).select_related(
        "label", "ceremony", "government"
    )
    return awards.filter(innovation__name="STMJ SAKERA").first() or awards.order_by("pk").first()


def load_press_demo(loaded: dict, editions: dict) -> None:
    """loaded: what load_organisations() returned; editions: {year: Edition} from load_competitions()."""
    edition = editions.get(2023)
    award = _pasuruan_award(edition) if edition is not None else None
    if award is not None:
        exists = PressRelease.objects.filter(
            kind=PressKind.AWARD, edition=edition, government=award.government, award__label=award.label
        ).exists()
        if not exists:
            release = services.generate_release(kind=PressKind.AWARD, award=award, actor=None)
            services.publish_release(release=release, actor=None)
            held = award.ceremony.held_on if award.ceremony_id else award.awarded_on
            PressRelease.objects.filter(pk=release.pk).update(
                published_at=datetime(held.year, held.month, held.day, 15, 0, tzinfo=WIB)
            )

    batu = Government.objects.filter(region__code=KOTA_BATU).first()
    if (
        batu is not None
        and not PressRelease.objects.filter(kind=PressKind.REGION_YEAR, government=batu, year=2024).exists()
    ):
        # Without published innovations of Kota Batu for 2024 there is nothing to tell.
        with contextlib.suppress(ValidationError):
            services.generate_release(kind=PressKind.REGION_YEAR, government=batu, year=2024, actor=None)
