"""Demo innovations of the seed stories, with their real facts (see /work/shared/seeds and README).

Facts from the stories (names, acronym expansions, agencies, start years, partners, replications,
recognitions, the Rp109,6 miliar result) are exact. Where a story gives only a year ("sejak 2021"),
`started_on` is 1 January of that year. Kota Batu's other innovations are plausible demo records,
not real ones; they exist so the region page shows the story's counts: 63 innovations from 29 SKPD
in 2024 and 8 in 2021 (an innovation counts in a year if its `year` is that year or it has an
`InnovationVersion` for it), i.e. growth of 687,5 %.

Loaded by `manage.py load_demo`; idempotent (an innovation is matched by Pemda and name and left
alone if it exists). Direct ORM writes: demo data is no user's decision, so nothing is audited.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from inovasi.innovations import replication_flows
from inovasi.innovations.enums import (
    AdopterKind,
    InitiatorKind,
    InnovationForm,
    InnovationStage,
    InnovationStatus,
    InnovationType,
    PartnerKind,
    ReplicationEvidenceKind,
)
from inovasi.innovations.models import (
    GovernmentAffair,
    Innovation,
    InnovationPerson,
    InnovationVersion,
    Partner,
    Recognition,
    Replication,
    Result,
    SustainableDevelopmentGoal,
)
from inovasi.organisations.models import Government
from inovasi.regions.models import Region
from inovasi.search.indexing import index_innovations

WIB = ZoneInfo("Asia/Jakarta")
KAB_PASURUAN, KOTA_PASURUAN, KOTA_MALANG, KOTA_BATU = "35.14", "35.75", "35.73", "35.79"
KOTA_PROBOLINGGO, KAB_PROBOLINGGO = "35.74", "35.13"

# The four partners story 000 names, with their kind; all in Kabupaten Pasuruan (RSUD Bangil and the
# Cheng-Ho mosque's rest area in Pandaan are; the story implies it for the other two). The story
# (November 2023) gives no replication dates, so the edges carry the year it reports them: 2023.
SAKERA_PARTNERS = [
    ("Cafeteria YUK NONGGO", PartnerKind.BUSINESS),
    ("Kantin RSUD Bangil", PartnerKind.HEALTH),
    ("Rest Area Masjid Cheng-Ho", PartnerKind.RELIGIOUS),
    ("Kantin Pondok Pesantren Al-Berr", PartnerKind.EDUCATION),
]
SAKERA_SOURCE = "Pemkab Pasuruan, 23 November 2023: direplikasi oleh empat mitra."
SAKERA_REPLICATIONS = [
    (AdopterKind.NON_GOVERNMENT, KAB_PASURUAN, partner, SAKERA_SOURCE, kind, 2023) for partner, kind in SAKERA_PARTNERS
]
PENTAS_SOURCE = "Disampaikan Wali Kota Pasuruan pada presentasi KOVABLIK 2025."
SAKERA_SUSTAINABILITY = "Pengembangan pemasaran melalui marketplace dan penyediaan produk dalam bentuk frozen food."
GATRA = {
    "name": "GATRA Awards 2022",
    "giver": "GATRA Media Group",
    "category": "Bidang Perlindungan dan Revitalisasi Komunitas",
    "year": 2022,
}


@dataclass
class DemoInnovation:
    region: str
    agency: str
    name: str
    expansion: str = ""
    initiator: str = InitiatorKind.PERANGKAT_DAERAH
    form: str = InnovationForm.PELAYANAN_PUBLIK
    type: str = InnovationType.NON_DIGITAL
    stage: str = InnovationStage.PENERAPAN
    affairs: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    started_on: dt.date | None = None
    # The stories say only "sejak 2021": the date is the year's first day and only the year is shown.
    started_year_only: bool = False
    year: int = 2024
    published_on: dt.date = dt.date(2024, 11, 1)
    narrative: dict = field(default_factory=dict)
    people: list[tuple[str, str, bool]] = field(default_factory=list)
    partners: list[tuple[str, str]] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    recognitions: list[dict] = field(default_factory=list)
    # (adopter kind, region code of the adopting government or of a partner, adopter name or "",
    # note, partner kind or "", year reported)
    replications: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)


STORIES = [
    # Story 000: Kabupaten Pasuruan, KOVABLIK 2023 "Top Inovasi Terpuji".
    DemoInnovation(
        region=KAB_PASURUAN,
        agency="Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan",
        name="STMJ SAKERA",
        expansion="Sehat Kuat Perkasa",
        affairs=["3.27"],
        sdgs=[2, 8],
        started_on=dt.date(2021, 1, 1),
        started_year_only=True,
        year=2023,
        published_on=dt.date(2023, 11, 1),
        narrative={
            "summary": (
                "Produk olahan susu sapi dari peternak Kabupaten Pasuruan, dikembangkan Dinas Peternakan dan "
                "Kesehatan Hewan bersama BAKSO SAKERA untuk meningkatkan kualitas produk dan menjangkau pasar "
                "yang lebih luas."
            ),
            "background": (
                "Memanfaatkan potensi susu dan daging sapi di Kabupaten Pasuruan untuk meningkatkan kualitas "
                "produk dan menjangkau pasar yang lebih luas."
            ),
            "implementation": "Diterapkan sejak tahun 2021.",
            "adaptability": "Telah direplikasi oleh empat mitra: "
            + ", ".join(name for name, _kind in SAKERA_PARTNERS)
            + ".",
            "significance": (
                "Mendorong pemberdayaan masyarakat, khususnya kelompok tani, kelompok ternak dan pondok "
                "pesantren, untuk meningkatkan kualitas usaha."
            ),
            "sustainability": SAKERA_SUSTAINABILITY,
        },
        recognitions=[GATRA],
        replications=SAKERA_REPLICATIONS,
    ),
    DemoInnovation(
        region=KAB_PASURUAN,
        agency="Dinas Peternakan dan Kesehatan Hewan Kabupaten Pasuruan",
        name="BAKSO SAKERA",
        expansion="Sehat Nikmat Menggugah Selera",
        affairs=["3.27"],
        sdgs=[2, 8],
        started_on=dt.date(2021, 1, 1),
        started_year_only=True,
        year=2023,
        published_on=dt.date(2023, 11, 1),
        narrative={
            "summary": (
                "Produk olahan daging sapi dari peternak Kabupaten Pasuruan, dikembangkan Dinas Peternakan dan "
                "Kesehatan Hewan bersama STMJ SAKERA untuk meningkatkan kualitas produk dan menjangkau pasar "
                "yang lebih luas."
            ),
            "background": (
                "Memanfaatkan potensi susu dan daging sapi di Kabupaten Pasuruan untuk meningkatkan kualitas "
                "produk dan menjangkau pasar yang lebih luas."
            ),
            "implementation": "Diterapkan sejak tahun 2021.",
            "adaptability": "Telah direplikasi oleh empat mitra: "
            + ", ".join(name for name, _kind in SAKERA_PARTNERS)
            + ".",
            "significance": (
                "Mendorong pemberdayaan masyarakat, khususnya kelompok tani, kelompok ternak dan pondok "
                "pesantren, untuk meningkatkan kualitas usaha."
            ),
            "sustainability": SAKERA_SUSTAINABILITY,
        },
        recognitions=[GATRA],
        replications=SAKERA_REPLICATIONS,
    ),
    # Story 001: Kota Pasuruan, KOVABLIK 2025 Top 90.
    DemoInnovation(
        region=KOTA_PASURUAN,
        agency="Dinas Pendidikan dan Kebudayaan Kota Pasuruan",
        name="PENTAS GEMILANG",
        affairs=["1.01", "2.11"],
        sdgs=[4, 12],
        year=2025,
        published_on=dt.date(2025, 6, 1),
        narrative={
            "summary": (
                "Peserta didik mengolah limbah anorganik bernilai rendah menjadi tas anyaman yang bernilai tinggi "
                "dan bernilai jual, bersama PKK sebagai mentor keterampilan dan BLH sebagai mitra pembangun nilai."
            ),
            "background": (
                "Lahir dari dua kebutuhan: meningkatnya volume limbah anorganik yang membebani TPA, dan "
                "pentingnya membekali peserta didik dengan keterampilan abad ke-21 (kreativitas, berpikir kritis, "
                "kolaborasi, jiwa kewirausahaan). Tujuannya membangun kesadaran lingkungan murid, meningkatkan "
                "literasi dan keterampilan, mengurangi limbah, dan memperkuat kolaborasi sekolah, PKK dan BLH."
            ),
            "adaptability": "Telah direplikasi di Kota Probolinggo, Kabupaten Probolinggo dan Kota Malang.",
        },
        partners=[("PKK", "Mentor keterampilan"), ("BLH", "Mitra pembangun nilai")],
        # Story 001 (2025) says it "telah direplikasi"; the edges carry the year of that report.
        replications=[
            (AdopterKind.GOVERNMENT, code, "", PENTAS_SOURCE, "", 2025)
            for code in (KOTA_PROBOLINGGO, KAB_PROBOLINGGO, KOTA_MALANG)
        ],
    ),
    # Story 002: Kota Batu, IGA 2024 field verification.
    DemoInnovation(
        region=KOTA_BATU,
        agency="Dinas Pertanian Kota Batu",
        name="Among Tani Crop",
        type=InnovationType.DIGITAL,
        affairs=["3.27"],
        sdgs=[2],
        narrative={
            "summary": (
                "Aplikasi digital yang membantu petani mendapatkan informasi serta solusi langsung dari para ahli "
                "pertanian melalui fitur keluhan petani."
            ),
        },
    ),
    DemoInnovation(
        region=KOTA_BATU,
        agency="Dinas Koperasi, Usaha Mikro dan Perdagangan Kota Batu",
        name="Bangga E-Lokal",
        type=InnovationType.DIGITAL,
        affairs=["2.17", "3.30"],
        sdgs=[8, 12],
        narrative={
            "summary": (
                "Memfasilitasi transaksi antara pelaku usaha lokal sebagai pemasok dan pemerintah sebagai pembeli "
                "melalui tiga etalase inklusif: jasa penyelenggara, jasa penyewaan, dan produk unggulan Kota Batu."
            ),
            "significance": "Nilai transaksi mencapai Rp109,6 miliar pada tahun 2024.",
        },
        results=[
            {
                "metric": "Nilai transaksi",
                "value": Decimal("109600000000"),
                "unit": "Rp",
                "year": 2024,
                "note": "Sebagian besar transaksi dilakukan oleh Pemkot Batu.",
            }
        ],
    ),
    # Stories 003 and 004: Kota Malang, KOVABLIK 2020.
    DemoInnovation(
        region=KOTA_MALANG,
        agency="SMP Negeri 10 Malang",
        name="Segar Kagemi",
        expansion="Semua Bugar dengan Kantin Gemar Makan Ikan",
        affairs=["1.01", "3.25"],
        sdgs=[2, 3, 4],
        started_on=dt.date(2017, 1, 1),
        started_year_only=True,
        year=2020,
        published_on=dt.date(2020, 11, 1),
        narrative={
            "summary": "Kantin SMPN 10 Kota Malang yang mengajak murid gemar makan ikan.",
            "background": (
                "Berawal dari keprihatinan guru melihat banyak anak yang enggan makan ikan, padahal ikan sumber "
                "makanan bergizi dengan kandungan protein tinggi dan harga yang relatif murah."
            ),
            "implementation": "Dirintis sejak 2017.",
        },
    ),
    DemoInnovation(
        region=KOTA_MALANG,
        agency="Puskesmas Polowijen",
        name="Rumah Diapers",
        initiator=InitiatorKind.ASN,
        affairs=["1.02", "2.11"],
        sdgs=[3, 6, 12],
        year=2020,
        published_on=dt.date(2020, 11, 1),
        narrative={
            "summary": "Mengolah dan mendaur ulang popok bayi (diapers) sekali pakai.",
            "novelty": "Dinilai menjadi satu-satunya program di Indonesia yang mengolah dan mendaur ulang popok bayi.",
        },
        people=[("Anita Resky DS", "Pelaksana Sanitarian", True)],
        recognitions=[
            {
                "name": "Penghargaan Sanitasi Total Berbasis Masyarakat (STBM)",
                "giver": "Kementerian Kesehatan",
                "year": 2020,
                "awarded_on": dt.date(2020, 10, 2),
            }
        ],
    ),
    DemoInnovation(
        region=KOTA_MALANG,
        agency="Dinas Perdagangan Kota Malang",
        name="Sepasar Pedas",
        expansion="Sekolah Pasar Pedagang Cerdas",
        affairs=["3.30"],
        sdgs=[8],
        year=2020,
        published_on=dt.date(2020, 11, 1),
        narrative={
            "summary": (
                "Sekolah bagi pedagang pasar rakyat Kota Malang agar dapat bersaing dan memberi kepercayaan lebih "
                "kepada konsumen untuk tetap berbelanja ke pasar rakyat dengan nyaman."
            ),
        },
    ),
]

# The rest of Kota Batu's 63 innovations of 2024: plausible demo records (not real ones).
# (agency, name, expansion, form, type, stage, urusan codes, SDG numbers, start year, start month,
#  has a 2021 version, summary)
KOTA_BATU_OTHERS = [
    (
        "Dinas Pertanian Kota Batu",
        "SI PUPUK",
        "Sistem Informasi Pupuk Bersubsidi",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "3.27",
        "2",
        2022,
        1,
        False,
        "Petani memantau kuota dan penebusan pupuk bersubsidi kelompoknya secara daring.",
    ),
    (
        "Dinas Pertanian Kota Batu",
        "Klinik Apel Batu",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "3.27",
        "2",
        2023,
        6,
        False,
        "Petugas memeriksa hama dan penyakit tanaman apel langsung di lahan petani.",
    ),
    (
        "Dinas Pertanian Kota Batu",
        "GEMAR SAYUR",
        "Gerakan Menanam Sayur di Pekarangan",
        "lainnya",
        "non_digital",
        "penerapan",
        "3.27;2.09",
        "2",
        2024,
        11,
        False,
        "Warga dibimbing menanam sayur di pekarangan untuk kebutuhan dapur sehari-hari.",
    ),
    (
        "Dinas Koperasi, Usaha Mikro dan Perdagangan Kota Batu",
        "Pasar Rakyat Ramah",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "3.30",
        "8",
        2022,
        4,
        False,
        "Penataan los, kebersihan dan tera ulang timbangan di pasar rakyat.",
    ),
    (
        "Dinas Koperasi, Usaha Mikro dan Perdagangan Kota Batu",
        "KURASI UMKM",
        "Kurasi Produk Usaha Mikro",
        "pelayanan_publik",
        "non_digital",
        "uji_coba",
        "2.17",
        "8",
        2023,
        9,
        False,
        "Pendampingan kemasan dan perizinan sebelum produk usaha mikro dipajang di etalase daerah.",
    ),
    (
        "Dinas Pendidikan Kota Batu",
        "SIPINTAR BATU",
        "Sistem Penerimaan Peserta Didik Terpadu",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.01",
        "4",
        2024,
        2,
        False,
        "Pendaftaran murid baru SD dan SMP negeri secara daring dengan pembagian zona otomatis.",
    ),
    (
        "Dinas Pendidikan Kota Batu",
        "Sekolah Ramah Anak Berkebun",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.01;3.27",
        "4",
        2022,
        7,
        False,
        "Murid merawat kebun sekolah sebagai pelajaran proyek lintas mata pelajaran.",
    ),
    (
        "Dinas Kepemudaan dan Olahraga Kota Batu",
        "Lapangan Terbuka Warga",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.19",
        "3",
        2023,
        12,
        False,
        "Sarana olahraga milik daerah dibuka gratis bagi warga pada jam tertentu.",
    ),
    (
        "Dinas Kesehatan Kota Batu",
        "SIGAP STUNTING",
        "Sistem Informasi Gizi dan Pemantauan Stunting",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.02",
        "2;3",
        2021,
        5,
        True,
        "Kader posyandu mencatat tumbuh kembang balita sehingga balita berisiko segera ditindaklanjuti.",
    ),
    (
        "Dinas Pemberdayaan Masyarakat dan Desa Kota Batu",
        "Ambulans Desa Siaga",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02;2.13",
        "3",
        2022,
        10,
        False,
        "Kendaraan desa disiapkan sebagai ambulans dengan satu nomor panggilan bersama.",
    ),
    (
        "Dinas Kesehatan Kota Batu",
        "KIA Digital",
        "Kesehatan Ibu dan Anak Digital",
        "pelayanan_publik",
        "digital",
        "uji_coba",
        "1.02",
        "3",
        2023,
        3,
        False,
        "Buku kesehatan ibu dan anak dalam aplikasi, dengan pengingat jadwal periksa dan imunisasi.",
    ),
    (
        "Puskesmas Batu",
        "Posbindu Keliling",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02",
        "3",
        2024,
        8,
        False,
        "Skrining penyakit tidak menular dibawa ke pasar dan tempat kerja.",
    ),
    (
        "Puskesmas Batu",
        "Antrean Sehat",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.02",
        "3",
        2022,
        1,
        False,
        "Pasien mengambil nomor antrean puskesmas dari rumah lewat pesan singkat.",
    ),
    (
        "Puskesmas Beji",
        "Kelas Ibu Hamil Terpadu",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02;2.14",
        "3;5",
        2023,
        6,
        False,
        "Kelas rutin bagi ibu hamil bersama suami tentang persalinan aman dan gizi.",
    ),
    (
        "Puskesmas Beji",
        "TB Tuntas",
        "Temukan, Obati sampai Tuntas",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02",
        "3",
        2024,
        11,
        False,
        "Kader mendampingi pasien tuberkulosis minum obat sampai sembuh.",
    ),
    (
        "Puskesmas Sisir",
        "Lansia Bugar",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02;1.06",
        "3",
        2022,
        4,
        False,
        "Senam, pemeriksaan dan konseling rutin bagi warga lanjut usia.",
    ),
    (
        "RSUD Karsa Husada Batu",
        "Rujukan Terintegrasi",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.02",
        "3",
        2023,
        9,
        False,
        "Puskesmas mengirim rujukan pasien ke rumah sakit secara daring sebelum pasien tiba.",
    ),
    (
        "RSUD Karsa Husada Batu",
        "Farmasi Antar Obat",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02",
        "3",
        2024,
        2,
        False,
        "Obat pasien penyakit kronis diantar ke rumah.",
    ),
    (
        "RSUD Karsa Husada Batu",
        "Papan Tempat Tidur Daring",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.02",
        "3",
        2022,
        7,
        False,
        "Ketersediaan tempat tidur rawat inap ditampilkan langsung untuk masyarakat.",
    ),
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang Kota Batu",
        "PBG Cepat",
        "Persetujuan Bangunan Gedung Cepat",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.03",
        "9;11",
        2023,
        12,
        False,
        "Pemohon didampingi mengajukan persetujuan bangunan gedung sampai terbit.",
    ),
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang Kota Batu",
        "Lapor Jalan Rusak",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "1.03",
        "9;11",
        2024,
        5,
        False,
        "Warga melaporkan jalan rusak dengan foto dan lokasi; perbaikannya dapat dipantau terbuka.",
    ),
    (
        "Dinas Perumahan dan Kawasan Permukiman Kota Batu",
        "Bedah Rumah Gotong Royong",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.04;1.06",
        "1;11",
        2022,
        10,
        False,
        "Perbaikan rumah tidak layak huni bersama swadaya warga dan dunia usaha.",
    ),
    (
        "Dinas Perumahan dan Kawasan Permukiman Kota Batu",
        "PJU Pintar",
        "Penerangan Jalan Umum Pintar",
        "pelayanan_publik",
        "digital",
        "uji_coba",
        "1.04",
        "7;11",
        2023,
        3,
        False,
        "Lampu jalan yang kerusakannya terpantau dari jarak jauh.",
    ),
    (
        "Satuan Polisi Pamong Praja Kota Batu",
        "Patroli Wisata Humanis",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.05;3.26",
        "16",
        2024,
        8,
        False,
        "Penertiban di kawasan wisata dengan pendekatan persuasif.",
    ),
    (
        "Satuan Polisi Pamong Praja Kota Batu",
        "LINMAS SIAGA",
        "Perlindungan Masyarakat Siaga Desa",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.05",
        "16",
        2022,
        1,
        False,
        "Anggota linmas desa dilatih mengamankan kegiatan warga.",
    ),
    (
        "Badan Penanggulangan Bencana Daerah Kota Batu",
        "Desa Tangguh Bencana",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.05",
        "11;13",
        2023,
        6,
        False,
        "Desa rawan longsor menyusun rencana kontinjensi dan jalur evakuasi.",
    ),
    (
        "Badan Penanggulangan Bencana Daerah Kota Batu",
        "Peringatan Dini Longsor",
        "",
        "pelayanan_publik",
        "digital",
        "uji_coba",
        "1.05",
        "11;13",
        2024,
        11,
        False,
        "Sensor curah hujan mengirim peringatan dini kepada warga di lereng rawan.",
    ),
    (
        "Dinas Sosial Kota Batu",
        "Data Terpadu Sejahtera",
        "",
        "tata_kelola",
        "digital",
        "penerapan",
        "1.06",
        "1;10",
        2020,
        4,
        True,
        "Operator kelurahan dan desa memutakhirkan data keluarga miskin setiap bulan.",
    ),
    (
        "Dinas Sosial Kota Batu",
        "Rumah Singgah Peduli",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.06",
        "1;10",
        2023,
        9,
        False,
        "Penampungan sementara bagi warga telantar sebelum dirujuk ke layanan yang tepat.",
    ),
    (
        "Dinas Sosial Kota Batu",
        "Kartu Disabilitas Batu",
        "",
        "pelayanan_publik",
        "digital",
        "uji_coba",
        "1.06",
        "10",
        2024,
        2,
        False,
        "Pendataan dan kartu identitas penyandang disabilitas untuk mempermudah akses layanan.",
    ),
    (
        "Dinas Kependudukan dan Pencatatan Sipil Kota Batu",
        "Dukcapil Jemput Bola",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.12",
        "16",
        2019,
        7,
        True,
        "Perekaman KTP-el dan pencetakan dokumen dilayani di desa, sekolah dan panti.",
    ),
    (
        "Dinas Kependudukan dan Pencatatan Sipil Kota Batu",
        "Akta Lahir Langsung Jadi",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.12;1.02",
        "16",
        2020,
        12,
        True,
        "Akta kelahiran diterbitkan di fasilitas persalinan sebelum bayi pulang.",
    ),
    (
        "Badan Kesatuan Bangsa dan Politik Kota Batu",
        "Forum Kerukunan Kampung",
        "",
        "lainnya",
        "non_digital",
        "penerapan",
        "1.05",
        "16",
        2024,
        5,
        False,
        "Forum warga lintas agama dan suku menyelesaikan perselisihan kecil secara musyawarah.",
    ),
    (
        "Dinas Komunikasi dan Informatika Kota Batu",
        "Batu Satu Data",
        "",
        "tata_kelola",
        "digital",
        "penerapan",
        "2.16;2.20",
        "16;17",
        2022,
        10,
        False,
        "Portal data sektoral perangkat daerah yang dapat diunduh publik.",
    ),
    (
        "Dinas Komunikasi dan Informatika Kota Batu",
        "Lapor Batu",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "2.16",
        "16",
        2023,
        3,
        False,
        "Kanal pengaduan masyarakat terpadu yang diteruskan ke perangkat daerah terkait.",
    ),
    (
        "Dinas Pariwisata Kota Batu",
        "Kalender Wisata Digital",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "3.26",
        "8",
        2024,
        8,
        False,
        "Jadwal atraksi dan acara wisata Kota Batu dalam satu kanal.",
    ),
    (
        "Dinas Pariwisata Kota Batu",
        "Sadar Wisata Desa",
        "",
        "lainnya",
        "non_digital",
        "penerapan",
        "3.26",
        "8",
        2022,
        1,
        False,
        "Kelompok sadar wisata dilatih tentang pelayanan tamu dan kebersihan.",
    ),
    (
        "Dinas Lingkungan Hidup Kota Batu",
        "Bank Sampah Digital",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "2.11",
        "11;12",
        2019,
        6,
        True,
        "Tabungan sampah warga dicatat dalam aplikasi dan dapat ditukar kebutuhan pokok.",
    ),
    (
        "Dinas Lingkungan Hidup Kota Batu",
        "Kampung Iklim Batu",
        "",
        "lainnya",
        "non_digital",
        "penerapan",
        "2.11",
        "13",
        2024,
        11,
        False,
        "Kampung menanam pohon, memanen air hujan dan mengolah sampah organik.",
    ),
    (
        "Dinas Perhubungan Kota Batu",
        "Parkir Non-Tunai",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "2.15",
        "11",
        2022,
        4,
        False,
        "Retribusi parkir tepi jalan dibayar dengan kode QR.",
    ),
    (
        "Dinas Perhubungan Kota Batu",
        "Angkutan Wisata Terpadu",
        "",
        "pelayanan_publik",
        "non_digital",
        "uji_coba",
        "2.15;3.26",
        "11",
        2023,
        9,
        False,
        "Angkutan pengumpan dari kantong parkir ke destinasi wisata.",
    ),
    (
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak Kota Batu",
        "Ruang Bersama Anak",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.08",
        "5;16",
        2024,
        2,
        False,
        "Tempat konsultasi dan pendampingan bagi anak dan perempuan korban kekerasan.",
    ),
    (
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak Kota Batu",
        "KB Pria Sehat",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.14",
        "3;5",
        2022,
        7,
        False,
        "Konseling dan layanan keluarga berencana bagi pria.",
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Batu",
        "Izin Usaha Sehari",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "2.18",
        "8",
        2023,
        12,
        False,
        "Pendampingan perizinan berusaha berbasis risiko sampai terbit dalam satu hari kerja.",
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Batu",
        "Gerai Layanan Terpadu",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.18;2.12",
        "16",
        2024,
        5,
        False,
        "Layanan beberapa instansi dilayani di satu gerai.",
    ),
    (
        "Dinas Tenaga Kerja Kota Batu",
        "Bursa Kerja Daring",
        "",
        "pelayanan_publik",
        "digital",
        "penerapan",
        "2.07",
        "8",
        2022,
        10,
        False,
        "Lowongan dan pencari kerja dipertemukan dalam satu kanal.",
    ),
    (
        "Dinas Tenaga Kerja Kota Batu",
        "Pelatihan Barista Muda",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.07;3.26",
        "4;8",
        2023,
        3,
        False,
        "Pelatihan kerja bagi pemuda untuk sektor kafe dan wisata.",
    ),
    (
        "Dinas Perpustakaan dan Kearsipan Kota Batu",
        "Perpustakaan Keliling Desa",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.23;1.01",
        "4",
        2018,
        8,
        True,
        "Mobil perpustakaan berkunjung ke desa dan sekolah dengan jadwal tetap.",
    ),
    (
        "Dinas Perpustakaan dan Kearsipan Kota Batu",
        "Arsip Digital Desa",
        "",
        "tata_kelola",
        "digital",
        "uji_coba",
        "2.24",
        "16",
        2022,
        1,
        False,
        "Arsip penting desa dipindai agar tidak hilang.",
    ),
    (
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kota Batu",
        "Musrenbang Daring",
        "",
        "tata_kelola",
        "digital",
        "penerapan",
        "5.01",
        "16;17",
        2021,
        6,
        True,
        "Usulan musyawarah perencanaan dari kelurahan dan desa dikirim dan dipantau secara daring.",
    ),
    (
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kota Batu",
        "Klinik Inovasi Daerah",
        "",
        "tata_kelola",
        "non_digital",
        "penerapan",
        "5.05",
        "17",
        2024,
        11,
        False,
        "Perangkat daerah didampingi menyusun dan melaporkan inovasinya.",
    ),
    (
        "Badan Keuangan Daerah Kota Batu",
        "Pajak Daerah Non-Tunai",
        "",
        "tata_kelola",
        "digital",
        "penerapan",
        "5.02",
        "16;17",
        2020,
        4,
        True,
        "Pajak daerah dibayar melalui bank, gerai ritel dan dompet digital.",
    ),
    (
        "Badan Keuangan Daerah Kota Batu",
        "SP2D Daring",
        "",
        "tata_kelola",
        "digital",
        "penerapan",
        "5.02",
        "16",
        2023,
        9,
        False,
        "Surat perintah pencairan dana diterbitkan tanpa kertas.",
    ),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Batu",
        "Presensi Wajah ASN",
        "",
        "tata_kelola",
        "digital",
        "penerapan",
        "5.03",
        "16",
        2024,
        2,
        False,
        "Kehadiran pegawai dicatat dengan pengenalan wajah.",
    ),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Batu",
        "Kelas ASN Belajar",
        "",
        "tata_kelola",
        "non_digital",
        "penerapan",
        "5.04",
        "4;16",
        2022,
        7,
        False,
        "Pembelajaran mandiri pegawai untuk memenuhi jam pengembangan kompetensi.",
    ),
    (
        "Inspektorat Kota Batu",
        "Klinik Gratifikasi",
        "",
        "tata_kelola",
        "non_digital",
        "penerapan",
        "6.01",
        "16",
        2023,
        12,
        False,
        "Konsultasi bagi pegawai yang ragu menerima suatu pemberian.",
    ),
    (
        "Kecamatan Batu",
        "Layanan Kecamatan Malam",
        "",
        "pelayanan_publik",
        "non_digital",
        "uji_coba",
        "2.12",
        "16",
        2024,
        5,
        False,
        "Loket kecamatan buka sampai malam bagi warga yang bekerja siang hari.",
    ),
    (
        "Kecamatan Batu",
        "Posyandu Remaja",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "1.02",
        "3",
        2022,
        10,
        False,
        "Pemeriksaan kesehatan dan penyuluhan bagi remaja di kelurahan.",
    ),
    (
        "Kecamatan Bumiaji",
        "Lumbung Pangan Desa",
        "",
        "lainnya",
        "non_digital",
        "penerapan",
        "2.09",
        "2",
        2023,
        3,
        False,
        "Cadangan pangan desa dikelola kelompok untuk masa paceklik.",
    ),
    (
        "Kecamatan Bumiaji",
        "Bumiaji Sigap Sampah",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.11",
        "11;12",
        2024,
        8,
        False,
        "Jadwal angkut sampah desa bersama dan pemilahan sejak dari rumah.",
    ),
    (
        "Kecamatan Junrejo",
        "Surat Desa Sekali Datang",
        "",
        "pelayanan_publik",
        "non_digital",
        "penerapan",
        "2.13",
        "16",
        2022,
        1,
        False,
        "Surat pengantar dari desa dan kecamatan selesai dalam satu kunjungan.",
    ),
]


def _kota_batu_others() -> list[DemoInnovation]:
    items = []
    for agency, name, expansion, form, type_, stage, affairs, sdgs, start, month, in_2021, summary in KOTA_BATU_OTHERS:
        items.append(
            DemoInnovation(
                region=KOTA_BATU,
                agency=agency,
                name=name,
                expansion=expansion,
                form=form,
                type=type_,
                stage=stage,
                affairs=affairs.split(";"),
                sdgs=[int(n) for n in sdgs.split(";")],
                started_on=dt.date(start, month, 1),
                narrative={"summary": summary},
                versions=[2021] if in_2021 else [],
            )
        )
    return items


def demo_innovations() -> list[DemoInnovation]:
    return STORIES + _kota_batu_others()


def _version_snapshot(item: DemoInnovation, year: int) -> dict:
    """The record as it stood in `year` (same shape as innovations.services.full_snapshot)."""
    return {
        "name": item.name,
        "acronym_expansion": item.expansion,
        "initiator_kind": item.initiator,
        "form": item.form,
        "type": item.type,
        "stage": InnovationStage.UJI_COBA if item.started_on and item.started_on.year == year else item.stage,
        "started_on": item.started_on.isoformat() if item.started_on else None,
        "year": year,
        **{key: value for key, value in item.narrative.items()},
        "affairs": sorted(item.affairs),
        "sdgs": sorted(item.sdgs),
        "status": InnovationStatus.PUBLISHED,
        "agency_name": item.agency,
        "people": [],
        "partners": [],
        "results": [],
        "recognitions": [],
    }


def load_innovations(loaded: dict) -> list[Innovation]:
    """Create the demo innovations that are missing, all published, then index them for search."""
    agencies = loaded["agencies"]
    governments = {g.region.code: g for g in Government.objects.select_related("region")}
    affairs = dict(GovernmentAffair.objects.values_list("code", "pk"))
    sdgs = dict(SustainableDevelopmentGoal.objects.values_list("number", "pk"))
    innovations = []
    for item in demo_innovations():
        government = governments[item.region]
        agency = agencies[item.agency]
        innovation = Innovation.objects.filter(government=government, name=item.name).first()
        if innovation is None:
            innovation = _create(item, government, agency, affairs, sdgs, governments)
        innovations.append(innovation)
    index_innovations([i.pk for i in innovations])
    # The edges above were written without the services: count the province flows again.
    replication_flows.rebuild()
    return innovations


def _create(item, government, agency, affairs, sdgs, governments) -> Innovation:
    published_at = dt.datetime.combine(item.published_on, dt.time(9, 0), tzinfo=WIB)
    innovation = Innovation.objects.create(
        agency=agency,
        government=government,
        name=item.name,
        acronym_expansion=item.expansion,
        initiator_kind=item.initiator,
        form=item.form,
        type=item.type,
        stage=item.stage,
        started_on=item.started_on,
        started_year_only=item.started_year_only,
        year=item.year,
        status=InnovationStatus.PUBLISHED,
        published_at=published_at,
        **item.narrative,
    )
    innovation.affairs.set([affairs[code] for code in item.affairs])
    innovation.sdgs.set([sdgs[number] for number in item.sdgs])
    for name, role, is_initiator in item.people:
        InnovationPerson.objects.create(innovation=innovation, name=name, role=role, is_initiator=is_initiator)
    for name, role in item.partners:
        Partner.objects.create(innovation=innovation, name=name, role=role)
    for result in item.results:
        Result.objects.create(innovation=innovation, **result)
    for recognition in item.recognitions:
        Recognition.objects.create(innovation=innovation, **recognition)
    regions = {r.code: r for r in Region.objects.filter(code__in={r[1] for r in item.replications})}
    for kind, region_code, name, note, partner_kind, year in item.replications:
        adopter = governments[region_code] if kind == AdopterKind.GOVERNMENT else None
        Replication.objects.create(
            innovation=innovation,
            adopter_kind=kind,
            adopter_government=adopter,
            adopter_name=name or adopter.name,
            adopter_region=adopter.region if adopter else regions.get(region_code),
            partner_kind=partner_kind,
            year=year,
            evidence_kind=ReplicationEvidenceKind.LAINNYA,
            note=note,
        )
    for year in item.versions:
        InnovationVersion.objects.create(innovation=innovation, year=year, snapshot=_version_snapshot(item, year))
    return innovation
