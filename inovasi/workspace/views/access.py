"""Loading the object a workspace page is about, and refusing whoever may not act on it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from inovasi.organisations.models import Agency, Government


def government_for(request, government_id: int, perm: str) -> Government:
    government = get_object_or_404(Government.objects.select_related("region"), pk=government_id)
    if not request.user.has_perm(perm, government):
        raise PermissionDenied
    return government


def agency_for(request, agency_id: int, perm: str = "organisations.change_agency") -> Agency:
    agency = get_object_or_404(
        Agency.objects.select_related("government", "government__region", "parent"), pk=agency_id
    )
    if not request.user.has_perm(perm, agency):
        raise PermissionDenied
    return agency
