"""Who may write, edit and publish press releases.

About an edition or one of its awards: the organizers of the body running the competition. About a
region's year: that Pemda's Admin Pemda, or an organizer whose body covers the Pemda (a national
body such as KemenPAN-RB or BSKDN covers every Pemda; a regional body such as Biro Organisasi Jatim
covers its own Pemda and the kabupaten/kota of its province). System admins may do everything.
A published release is public; a draft is seen only by those who may manage it.
"""

import rules

from inovasi.accounts.enums import Role
from inovasi.accounts.rules import (
    active_memberships,
    is_admin_of_government,
    is_organizer,
    is_organizer_of,
    is_pemda_admin,
    is_system_admin,
)
from inovasi.press.models import PressKind, PressState


def body_covers_government(body, government) -> bool:
    if body is None or government is None or not body.is_active:
        return False
    if body.government_id is None:
        return True
    if body.government_id == government.pk:
        return True
    own_region = body.government.region
    return government.region.parent_id == own_region.pk


@rules.predicate
def is_organizer_covering_government(user, government) -> bool:
    return government is not None and any(
        m.role == Role.ORGANIZER and body_covers_government(m.organizer_body, government)
        for m in active_memberships(user)
    )


@rules.predicate
def is_organizer_of_edition(user, edition) -> bool:
    return edition is not None and is_organizer_of(user, edition.competition.body)


@rules.predicate
def writes_about_edition(user, release) -> bool:
    if release is None or release.kind == PressKind.REGION_YEAR:
        return False
    edition = release.edition or (release.award.label.edition if release.award_id else None)
    return is_organizer_of_edition(user, edition)


@rules.predicate
def writes_about_region(user, release) -> bool:
    if release is None or release.kind != PressKind.REGION_YEAR:
        return False
    return is_admin_of_government(user, release.government) or is_organizer_covering_government(
        user, release.government
    )


@rules.predicate
def is_published(user, release) -> bool:
    return release is not None and release.state == PressState.PUBLISHED


@rules.predicate
def is_draft(user, release) -> bool:
    return release is not None and release.state == PressState.DRAFT


manages_release = is_system_admin | writes_about_edition | writes_about_region

rules.add_perm("press.use_press_desk", is_system_admin | is_organizer | is_pemda_admin)
rules.add_perm("press.write_about_edition", is_system_admin | is_organizer_of_edition)
rules.add_perm(
    "press.write_about_government", is_system_admin | is_admin_of_government | is_organizer_covering_government
)
rules.add_perm("press.manage_release", manages_release)
rules.add_perm("press.change_release", manages_release & is_draft)
rules.add_perm("press.view_release", is_published | manages_release)
