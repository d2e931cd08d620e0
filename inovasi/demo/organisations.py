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
    # Kota Batu: 31 top-level agencies (SKPD) plus three Puskesmas under the Dinas Kesehatan. 29 SKPD
    # have an innovation in 2024 (story 002: "63 inovasi dari 29 SKPD"; a Puskesmas' innovation counts
    # for its Dinas); the Sekretariat DPRD and the Bagian Organisasi (which coordinates) have none.
    "35.79": [
        ("Dinas Pertanian Kota Batu", K.DINAS, "Distan", None),
        ("Dinas Koperasi, Usaha Mikro dan Perdagangan Kota Batu", K.DINAS, "Diskumdag", None),
        ("Bagian Organisasi Setda Kota Batu", K.BIRO_BAGIAN, "Bag. Organisasi", None),
        ("Sekretariat DPRD Kota Batu", K.SEKRETARIAT, "Setwan", None),
        ("Inspektorat Kota Batu", K.INSPEKTORAT, "Inspektorat", None),
        ("Dinas Pendidikan Kota Batu", K.DINAS, "Dispendik", None),
        ("Dinas Kesehatan Kota Batu", K.DINAS, "Dinkes", None),
        ("Puskesmas Batu", K.PUSKESMAS, "", "Dinas Kesehatan Kota Batu"),
        ("Puskesmas Beji", K.PUSKESMAS, "", "Dinas Kesehatan Kota Batu"),
        ("Puskesmas Sisir", K.PUSKESMAS, "", "Dinas Kesehatan Kota Batu"),
        ("RSUD Karsa Husada Batu", K.RSUD, "RSUD Karsa Husada", None),
        ("Dinas Pekerjaan Umum dan Penataan Ruang Kota Batu", K.DINAS, "DPUPR", None),
        ("Dinas Perumahan dan Kawasan Permukiman Kota Batu", K.DINAS, "Disperkim", None),
        ("Satuan Polisi Pamong Praja Kota Batu", K.LAINNYA, "Satpol PP", None),
        ("Badan Penanggulangan Bencana Daerah Kota Batu", K.BADAN, "BPBD", None),
        ("Dinas Sosial Kota Batu", K.DINAS, "Dinsos", None),
        ("Dinas Kependudukan dan Pencatatan Sipil Kota Batu", K.DINAS, "Dispendukcapil", None),
        ("Dinas Komunikasi dan Informatika Kota Batu", K.DINAS, "Diskominfo", None),
        ("Dinas Pariwisata Kota Batu", K.DINAS, "Disparta", None),
        ("Dinas Lingkungan Hidup Kota Batu", K.DINAS, "DLH", None),
        ("Dinas Perhubungan Kota Batu", K.DINAS, "Dishub", None),
        (
            "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak Kota Batu",
            K.DINAS,
            "DP3AP2KB",
            None,
        ),
        ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Batu", K.DINAS, "DPMPTSP", None),
        ("Dinas Tenaga Kerja Kota Batu", K.DINAS, "Disnaker", None),
        ("Dinas Perpustakaan dan Kearsipan Kota Batu", K.DINAS, "Dispusip", None),
        (
            "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kota Batu",
            K.BADAN,
            "Bappelitbangda",
            None,
        ),
        ("Badan Keuangan Daerah Kota Batu", K.BADAN, "BKD", None),
        ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Batu", K.BADAN, "BKPSDM", None),
        ("Dinas Pemberdayaan Masyarakat dan Desa Kota Batu", K.DINAS, "DPMD", None),
        ("Dinas Kepemudaan dan Olahraga Kota Batu", K.DINAS, "Dispora", None),
        ("Badan Kesatuan Bangsa dan Politik Kota Batu", K.BADAN, "Bakesbangpol", None),
        ("Kecamatan Batu", K.KECAMATAN, "", None),
        ("Kecamatan Bumiaji", K.KECAMATAN, "", None),
        ("Kecamatan Junrejo", K.KECAMATAN, "", None),
    ],
}

BODIES = [
    # (name, short name, region code of its Pemda or None for a ministry)
    ("Biro Organisasi Sekretariat Daerah Provinsi Jawa Timur", "Biro Organisasi Jatim", "35"),
    ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "KemenPAN-RB", None),
    ("Badan Strategi Kebijakan Dalam Negeri, Kementerian Dalam Negeri", "BSKDN Kemendagri", None),
]


# Public contacts shown under "Hubungi untuk replikasi" on the story innovations. Demo values: the
# mail domain is reserved (.example) so no real office is written to; no telephone numbers.
CONTACTS = {
    "Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan": (
        "disnakkeswan@pasuruankab.example",
        "Kantor Dinas Peternakan dan Kesehatan Hewan, Kabupaten Pasuruan",
    ),
    "Dinas Pendidikan dan Kebudayaan Kota Pasuruan": (
        "dindikbud@pasuruankota.example",
        "Kantor Dinas Pendidikan dan Kebudayaan, Kota Pasuruan",
    ),
    "Dinas Lingkungan Hidup Kota Batu": ("dlh@batukota.example", "Kantor Dinas Lingkungan Hidup, Kota Batu"),
}


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
            if name in CONTACTS and not agency.has_public_contact:
                agency.public_email, agency.public_address = CONTACTS[name]
                agency.save(update_fields=["public_email", "public_address"])
            agencies[name] = agency
    bodies = {}
    for name, short_name, region_code in BODIES:
        government = Government.objects.get(region__code=region_code) if region_code else None
        body, _ = OrganizerBody.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "government": government}
        )
        bodies[short_name] = body
    return {"agencies": agencies, "bodies": bodies}
