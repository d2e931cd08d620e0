"""The Pemda, agencies and organizer bodies of the seed stories (East Java)."""

from inovasi.organisations.enums import AgencyKind as K
from inovasi.organisations.models import Agency, Government, OrganizerBody

# Region code → [(agency, kind, short name, parent name or None)]
AGENCIES = {
    "35": [
        ("Sekretariat Daerah Provinsi Jawa Timur", K.SEKRETARIAT, "Setdaprov", None),
        ("Biro Organisasi", K.BIRO_BAGIAN, "Biro Organisasi", "Sekretariat Daerah Provinsi Jawa Timur"),
        ("Badan Riset dan Inovasi Daerah Provinsi Jawa Timur", K.BADAN, "BRIDA Jatim", None),
    ],
    "35.14": [
        ("Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan", K.DINAS, "Disnakkeswan", None),
        ("Bagian Organisasi Setda Kabupaten Pasuruan", K.BIRO_BAGIAN, "Bag. Organisasi", None),
    ],
    "35.75": [
        ("Dinas Pendidikan dan Kebudayaan Kota Pasuruan", K.DINAS, "Dindikbud", None),
        ("Dinas Lingkungan Hidup Kota Pasuruan", K.DINAS, "DLH", None),
        ("Bagian Organisasi Setda Kota Pasuruan", K.BIRO_BAGIAN, "Bag. Organisasi", None),
    ],
    "35.73": [
        ("Dinas Kesehatan Kota Malang", K.DINAS, "Dinkes", None),
        ("Puskesmas Polowijen", K.PUSKESMAS, "", "Dinas Kesehatan Kota Malang"),
        ("Dinas Pendidikan dan Kebudayaan Kota Malang", K.DINAS, "Dikbud", None),
        ("SMP Negeri 10 Malang", K.SEKOLAH, "SMPN 10", "Dinas Pendidikan dan Kebudayaan Kota Malang"),
        ("Dinas Perdagangan Kota Malang", K.DINAS, "Disdag", None),
        ("Bagian Organisasi Setda Kota Malang", K.BIRO_BAGIAN, "Bag. Organisasi", None),
    ],
    "35.79": [
        ("Dinas Pertanian Kota Batu", K.DINAS, "Distan", None),
        ("Dinas Koperasi, Usaha Mikro dan Perdagangan Kota Batu", K.DINAS, "Diskumdag", None),
        ("Bagian Organisasi Setda Kota Batu", K.BIRO_BAGIAN, "Bag. Organisasi", None),
    ],
}

BODIES = [
    # (name, short name, region code of its Pemda or None for a ministry)
    ("Biro Organisasi Sekretariat Daerah Provinsi Jawa Timur", "Biro Organisasi Jatim", "35"),
    ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "KemenPAN-RB", None),
    ("Badan Strategi Kebijakan Dalam Negeri, Kementerian Dalam Negeri", "BSKDN Kemendagri", None),
]


def load_organisations() -> dict:
    """Create the story agencies and bodies if missing. Reference data: loaded directly, not audited."""
    agencies = {}
    for region_code, rows in AGENCIES.items():
        government = Government.objects.get(region__code=region_code)
        for name, kind, short_name, parent_name in rows:
            parent = agencies.get(parent_name) if parent_name else None
            agency, _ = Agency.objects.get_or_create(
                government=government,
                name=name,
                defaults={"kind": kind, "short_name": short_name, "parent": parent},
            )
            agencies[name] = agency
    bodies = {}
    for name, short_name, region_code in BODIES:
        government = Government.objects.get(region__code=region_code) if region_code else None
        body, _ = OrganizerBody.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "government": government}
        )
        bodies[short_name] = body
    return {"agencies": agencies, "bodies": bodies}
