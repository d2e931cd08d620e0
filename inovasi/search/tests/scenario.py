"""A small published catalog across three regions, shared by the catalog, export and API tests."""

import datetime
from dataclasses import dataclass

from inovasi.innovations.enums import InnovationStage, InnovationStatus, InnovationType
from inovasi.innovations.models import GovernmentAffair, Innovation, Recognition
from inovasi.organisations.enums import AgencyKind
from inovasi.organisations.models import Agency, Government
from inovasi.search.tests.factories import make_innovation, replicate


@dataclass
class Catalog:
    among_tani: Innovation
    bank_sampah: Innovation
    rumah_diapers: Innovation
    bandung: Innovation
    draft: Innovation
    bandung_agency: Agency


def build_catalog(cast) -> Catalog:
    affair = {a.code: a for a in GovernmentAffair.objects.all()}
    bandung_gov = Government.objects.get(region__code="32.73")
    bandung_agency = Agency.objects.create(government=bandung_gov, name="Dinas Lingkungan Hidup", kind=AgencyKind.DINAS)
    among_tani = make_innovation(
        cast.agency_a,
        "Among Tani Crop",
        type=InnovationType.DIGITAL,
        started_on=datetime.date(2021, 3, 1),
        affairs=[affair["3.27"]],
        summary="Petani bertanya langsung kepada ahli pertanian melalui aplikasi.",
    )
    bank_sampah = make_innovation(
        cast.unit_a,
        "Bank Sampah Sekolah",
        stage=InnovationStage.UJI_COBA,
        started_on=datetime.date(2023, 7, 17),
        affairs=[affair["2.11"]],
        summary="Murid mengolah sampah anorganik menjadi tas anyaman.",
    )
    Recognition.objects.create(innovation=bank_sampah, name="GATRA Awards", giver="GATRA Media Group", year=2022)
    rumah_diapers = make_innovation(
        cast.agency_b,
        "Rumah Diapers",
        started_on=datetime.date(2020, 2, 10),
        affairs=[affair["1.02"], affair["2.11"]],
        summary="Mendaur ulang sampah popok bayi bersama warga.",
    )
    replicate(rumah_diapers, cast.gov_a)
    bandung = make_innovation(
        bandung_agency,
        "Layanan Kang Pisman",
        type=InnovationType.DIGITAL,
        stage=InnovationStage.INISIATIF,
        started_on=datetime.date(2024, 1, 15),
        affairs=[affair["1.02"]],
        summary="Pengolahan sampah rumah tangga dari sumbernya.",
    )
    draft = make_innovation(
        cast.agency_a, "Sampah Rahasia", status=InnovationStatus.DRAFT, summary="Warga mengolah sampah dapur."
    )
    return Catalog(among_tani, bank_sampah, rumah_diapers, bandung, draft, bandung_agency)
