"""Reference lists the registry classifies by: government affairs (urusan) and the 17 SDGs.

Urusan codes and names follow the Permendagri 90/2019 nomenclature (UU 23/2014 annex); the six
basic-service affairs are those of UU 23/2014 art. 12(1), which the innovation index counts.
"""

WAJIB_DASAR = "Wajib, pelayanan dasar"
WAJIB_NON_DASAR = "Wajib, bukan pelayanan dasar"
PILIHAN = "Pilihan"
PENUNJANG = "Penunjang"

GOVERNMENT_AFFAIRS = [
    ("1.01", "Pendidikan", WAJIB_DASAR, True),
    ("1.02", "Kesehatan", WAJIB_DASAR, True),
    ("1.03", "Pekerjaan Umum dan Penataan Ruang", WAJIB_DASAR, True),
    ("1.04", "Perumahan Rakyat dan Kawasan Permukiman", WAJIB_DASAR, True),
    ("1.05", "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat", WAJIB_DASAR, True),
    ("1.06", "Sosial", WAJIB_DASAR, True),
    ("2.07", "Tenaga Kerja", WAJIB_NON_DASAR, False),
    ("2.08", "Pemberdayaan Perempuan dan Pelindungan Anak", WAJIB_NON_DASAR, False),
    ("2.09", "Pangan", WAJIB_NON_DASAR, False),
    ("2.10", "Pertanahan", WAJIB_NON_DASAR, False),
    ("2.11", "Lingkungan Hidup", WAJIB_NON_DASAR, False),
    ("2.12", "Administrasi Kependudukan dan Pencatatan Sipil", WAJIB_NON_DASAR, False),
    ("2.13", "Pemberdayaan Masyarakat dan Desa", WAJIB_NON_DASAR, False),
    ("2.14", "Pengendalian Penduduk dan Keluarga Berencana", WAJIB_NON_DASAR, False),
    ("2.15", "Perhubungan", WAJIB_NON_DASAR, False),
    ("2.16", "Komunikasi dan Informatika", WAJIB_NON_DASAR, False),
    ("2.17", "Koperasi, Usaha Kecil dan Menengah", WAJIB_NON_DASAR, False),
    ("2.18", "Penanaman Modal", WAJIB_NON_DASAR, False),
    ("2.19", "Kepemudaan dan Olahraga", WAJIB_NON_DASAR, False),
    ("2.20", "Statistik", WAJIB_NON_DASAR, False),
    ("2.21", "Persandian", WAJIB_NON_DASAR, False),
    ("2.22", "Kebudayaan", WAJIB_NON_DASAR, False),
    ("2.23", "Perpustakaan", WAJIB_NON_DASAR, False),
    ("2.24", "Kearsipan", WAJIB_NON_DASAR, False),
    ("3.25", "Kelautan dan Perikanan", PILIHAN, False),
    ("3.26", "Pariwisata", PILIHAN, False),
    ("3.27", "Pertanian", PILIHAN, False),
    ("3.28", "Kehutanan", PILIHAN, False),
    ("3.29", "Energi dan Sumber Daya Mineral", PILIHAN, False),
    ("3.30", "Perdagangan", PILIHAN, False),
    ("3.31", "Perindustrian", PILIHAN, False),
    ("3.32", "Transmigrasi", PILIHAN, False),
    ("5.01", "Perencanaan", PENUNJANG, False),
    ("5.02", "Keuangan", PENUNJANG, False),
    ("5.03", "Kepegawaian", PENUNJANG, False),
    ("5.04", "Pendidikan dan Pelatihan", PENUNJANG, False),
    ("5.05", "Penelitian dan Pengembangan", PENUNJANG, False),
    ("6.01", "Pengawasan", PENUNJANG, False),
]

SDGS = [
    (1, "Tanpa Kemiskinan"),
    (2, "Tanpa Kelaparan"),
    (3, "Kehidupan Sehat dan Sejahtera"),
    (4, "Pendidikan Berkualitas"),
    (5, "Kesetaraan Gender"),
    (6, "Air Bersih dan Sanitasi Layak"),
    (7, "Energi Bersih dan Terjangkau"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi"),
    (9, "Industri, Inovasi dan Infrastruktur"),
    (10, "Berkurangnya Kesenjangan"),
    (11, "Kota dan Permukiman yang Berkelanjutan"),
    (12, "Konsumsi dan Produksi yang Bertanggung Jawab"),
    (13, "Penanganan Perubahan Iklim"),
    (14, "Ekosistem Lautan"),
    (15, "Ekosistem Daratan"),
    (16, "Perdamaian, Keadilan dan Kelembagaan yang Tangguh"),
    (17, "Kemitraan untuk Mencapai Tujuan"),
]


def load_reference_lists(affair_model, goal_model) -> None:
    """Create or update the urusan and SDG rows (idempotent).

    Takes the model classes so the data migration can pass its historical models; tests whose
    database was flushed (browser journeys) call it with the real ones.
    """
    for code, name, group, basic in GOVERNMENT_AFFAIRS:
        affair_model.objects.update_or_create(
            code=code, defaults={"name": name, "group": group, "is_basic_service": basic}
        )
    for number, name in SDGS:
        goal_model.objects.update_or_create(number=number, defaults={"name": name})


# One guiding question per narrative section, in the style of the KIPP proposal guide.
NARRATIVE_GUIDES = [
    ("summary", "Apa inovasinya, masalah apa yang diatasi, dan apa hasil utamanya?", "Tulis dalam satu paragraf."),
    (
        "background",
        "Masalah apa yang ada sebelum inovasi ini, siapa yang terdampak, dan apa tujuannya?",
        "Sertakan angka kondisi awal bila ada.",
    ),
    (
        "novelty",
        "Apa yang baru atau berbeda dibanding cara sebelumnya atau inovasi serupa?",
        "Misalnya cara kerja, teknologi, atau kerja sama yang baru.",
    ),
    (
        "implementation",
        "Bagaimana inovasi dijalankan: langkah, pelaksana, jadwal, dan kendalanya?",
        "",
    ),
    (
        "significance",
        "Apa perubahan sebelum dan sesudah inovasi, dan bagaimana Anda mengukurnya?",
        "Bandingkan data sebelum dan sesudah; sebutkan sumber datanya.",
    ),
    (
        "adaptability",
        "Apakah inovasi ini sudah atau dapat ditiru daerah lain? Oleh siapa?",
        "",
    ),
    (
        "resources",
        "Sumber daya apa yang dipakai: orang, anggaran, sarana, dan mitra?",
        "",
    ),
    (
        "sustainability",
        "Bagaimana inovasi tetap berjalan: dasar hukum, kelembagaan, anggaran, dukungan masyarakat?",
        "",
    ),
]


def load_narrative_guides(guide_model) -> None:
    """Create the guiding questions that are missing; questions edited since are kept."""
    for field, question, hint in NARRATIVE_GUIDES:
        guide_model.objects.get_or_create(field=field, defaults={"question": question, "hint": hint})
