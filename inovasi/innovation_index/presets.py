"""Methodology presets as data: IID 2023 (published structure) and IID 2026 (third-party guide).

`load_preset(key, body=...)` writes one preset as an `IndexFramework` (idempotent: an existing
framework of that year is left alone). Organizers then copy a framework to a new year and edit
it (`services.copy_framework`). Every number is documented with its source in
docs/index-methodology.md; none is special-cased in code.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from inovasi.innovation_index.enums import IndicatorScope as S
from inovasi.innovation_index.enums import RegistrySource as R
from inovasi.innovation_index.methodology import check_framework
from inovasi.innovation_index.models import (
    IndexAspect,
    IndexFramework,
    IndexIndicator,
    IndexParameterOption,
    IndexVariable,
)

WIB = ZoneInfo("Asia/Jakarta")

# (number, name, weight, mandatory, registry source, (option 1, option 2, option 3), evidence)
REGION_INDICATORS = [
    (
        1,
        "Visi dan misi kepala daerah",
        1,
        False,
        "",
        ("RPJMD tidak memuat inovasi daerah", "Inovasi disebut dalam misi", "Inovasi menjadi bagian visi dan misi"),
        "Dokumen RPJMD / perkada",
    ),
    (
        2,
        "Ketepatan waktu penetapan APBD",
        2,
        False,
        "",
        ("Ditetapkan setelah 31 Desember", "Ditetapkan 1–30 Desember", "Ditetapkan sebelum 1 Desember"),
        "Perda APBD",
    ),
    (
        3,
        "Kemudahan perizinan",
        1,
        False,
        "",
        ("Perizinan manual", "Sebagian perizinan daring", "Seluruh perizinan daring terintegrasi"),
        "Tangkapan layar layanan perizinan",
    ),
    (
        4,
        "Pendapatan per kapita",
        1,
        False,
        "",
        ("Di bawah rata-rata nasional", "Setara rata-rata nasional", "Di atas rata-rata nasional"),
        "Data BPS",
    ),
    (
        5,
        "Tingkat pengangguran terbuka",
        1,
        False,
        "",
        ("Naik dari tahun sebelumnya", "Tetap", "Turun dari tahun sebelumnya"),
        "Data BPS",
    ),
    (
        6,
        "Realisasi investasi",
        2,
        False,
        "",
        ("Turun", "Naik sampai 10 %", "Naik lebih dari 10 %"),
        "Laporan realisasi investasi",
    ),
    (
        7,
        "Pendapatan asli daerah",
        1,
        False,
        "",
        ("Turun", "Naik sampai 10 %", "Naik lebih dari 10 %"),
        "Laporan realisasi APBD",
    ),
    (
        8,
        "Opini BPK atas laporan keuangan",
        2,
        False,
        "",
        ("Tidak wajar / tidak menyatakan pendapat", "Wajar dengan pengecualian", "Wajar tanpa pengecualian"),
        "LHP BPK",
    ),
    (
        9,
        "Nilai laporan kinerja (SAKIP)",
        1,
        False,
        "",
        ("C atau lebih rendah", "B atau BB", "A atau AA"),
        "Hasil evaluasi SAKIP",
    ),
    (
        10,
        "Persentase penduduk miskin",
        1,
        False,
        "",
        ("Naik dari tahun sebelumnya", "Tetap", "Turun dari tahun sebelumnya"),
        "Data BPS",
    ),
    (11, "Indeks pembangunan manusia", 1, False, "", ("Rendah / sedang", "Tinggi", "Sangat tinggi"), "Data BPS"),
    (
        12,
        "Penghargaan bagi inovator",
        2,
        False,
        "",
        ("Belum ada", "Penghargaan non-finansial", "Penghargaan finansial dan non-finansial"),
        "SK / dokumentasi pemberian penghargaan",
    ),
    (
        13,
        "Kualitas kebijakan berbasis kajian",
        2,
        False,
        "",
        ("Belum ada kajian", "Kajian oleh perangkat daerah", "Kajian bersama perguruan tinggi / lembaga riset"),
        "Dokumen kajian",
    ),
    (
        14,
        "Peta jalan (roadmap) inovasi daerah",
        2,
        False,
        "",
        ("Belum ada", "Ada, belum ditetapkan", "Ditetapkan dengan perkada"),
        "Dokumen peta jalan / perkada",
    ),
    (
        15,
        "Fasilitasi hak kekayaan intelektual",
        1,
        False,
        "",
        ("Belum ada fasilitasi", "Pendaftaran HKI difasilitasi", "HKI terdaftar"),
        "Bukti pendaftaran HKI",
    ),
]

INNOVATION_INDICATORS = [
    (
        16,
        "Regulasi inovasi daerah",
        3,
        True,
        "",
        ("SK kepala perangkat daerah", "SK kepala daerah", "Peraturan kepala daerah / perda"),
        "Dokumen regulasi",
    ),
    (
        17,
        "Ketersediaan SDM terhadap inovasi",
        2,
        True,
        "",
        ("1–10 orang", "11–30 orang", "Lebih dari 30 orang"),
        "SK tim / daftar pelaksana",
    ),
    (
        18,
        "Dukungan anggaran",
        2,
        False,
        "",
        ("Anggaran tahun berjalan", "Anggaran 2 tahun terakhir", "Anggaran 3 tahun atau lebih"),
        "DPA / RKA",
    ),
    (
        19,
        "Penggunaan teknologi informasi (alat kerja)",
        2,
        False,
        R.DIGITAL,
        ("Manual", "Sebagian elektronik", "Sistem informasi terintegrasi"),
        "Tangkapan layar aplikasi",
    ),
    (
        20,
        "Bimbingan teknis inovasi",
        1,
        False,
        "",
        ("Sekali dalam 2 tahun", "Sekali setahun", "Dua kali setahun atau lebih"),
        "Undangan, daftar hadir, dokumentasi",
    ),
    (
        21,
        "Program inovasi dalam RKPD",
        2,
        False,
        "",
        ("Belum masuk RKPD", "Masuk RKPD tahun berjalan", "Masuk RKPD 2 tahun berturut-turut"),
        "Dokumen RKPD",
    ),
    (
        22,
        "Keterlibatan aktor inovasi",
        1,
        False,
        "",
        ("1–2 aktor", "3–4 aktor", "5 aktor atau lebih"),
        "SK / surat pernyataan aktor",
    ),
    (
        23,
        "Pelaksana inovasi",
        1,
        False,
        "",
        ("Belum ada penetapan", "Ditetapkan kepala perangkat daerah", "Ditetapkan kepala daerah"),
        "SK pelaksana",
    ),
    (
        24,
        "Jejaring inovasi",
        1,
        False,
        R.PARTNERS,
        ("1–2 mitra", "3–4 mitra", "5 mitra atau lebih"),
        "Perjanjian kerja sama",
    ),
    (
        25,
        "Sosialisasi inovasi",
        1,
        False,
        "",
        ("Media sosial", "Media massa lokal", "Media massa nasional"),
        "Tautan publikasi",
    ),
    (
        26,
        "Pedoman teknis",
        1,
        False,
        "",
        ("Belum ada", "Pedoman tertulis", "Pedoman daring / terintegrasi aplikasi"),
        "Dokumen pedoman",
    ),
    (
        27,
        "Kemudahan informasi layanan",
        1,
        False,
        "",
        ("Layanan telepon / tatap muka", "Layanan surel / media sosial", "Aplikasi daring"),
        "Tangkapan layar kanal informasi",
    ),
    (
        28,
        "Kemudahan proses inovasi",
        2,
        False,
        "",
        ("Lebih dari 6 hari", "2–5 hari", "1 hari atau kurang"),
        "SOP layanan",
    ),
    (
        29,
        "Penyelesaian layanan pengaduan",
        1,
        False,
        "",
        ("Kurang dari 40 % selesai", "40–80 % selesai", "Lebih dari 80 % selesai"),
        "Rekap pengaduan",
    ),
    (
        30,
        "Layanan terintegrasi",
        2,
        False,
        "",
        ("Belum terintegrasi", "Terintegrasi dalam satu perangkat daerah", "Terintegrasi lintas perangkat daerah"),
        "Dokumen integrasi layanan",
    ),
    (
        31,
        "Replikasi",
        3,
        False,
        R.REPLICATIONS,
        ("Belum direplikasi", "Direplikasi 1–2 kali", "Direplikasi 3 kali atau lebih"),
        "Surat pernyataan replikasi / PKS",
    ),
    (
        32,
        "Kecepatan penciptaan inovasi",
        2,
        True,
        "",
        ("Lebih dari 9 bulan", "5–9 bulan", "4 bulan atau kurang"),
        "Dokumen perencanaan dan penerapan",
    ),
    (
        33,
        "Kemanfaatan inovasi",
        3,
        True,
        "",
        ("Kurang dari 100 penerima manfaat", "100–500 penerima manfaat", "Lebih dari 500 penerima manfaat"),
        "Data penerima manfaat",
    ),
    (
        34,
        "Monitoring dan evaluasi inovasi",
        2,
        False,
        "",
        ("Belum ada", "Monev internal", "Monev oleh pihak independen"),
        "Laporan monev",
    ),
    (
        35,
        "Kualitas inovasi (video)",
        4,
        True,
        R.VIDEO,
        ("Video tidak memuat penerapan", "Video memuat sebagian penerapan", "Video memuat penerapan dan manfaat"),
        "Tautan video",
    ),
]

# Variables: (aspect order, variable order, name, indicator numbers)
VARIABLES = [
    (1, 1, "Kelembagaan", [1, 2, 3, 8, 9]),
    (1, 2, "Sumber daya manusia", [11, 12]),
    (1, 3, "Ekosistem inovasi dan kajian", [4, 5, 6, 7, 10, 13, 14, 15]),
    (2, 4, "Infrastruktur", [16, 17, 18, 19, 20]),
    (2, 5, "Output pengetahuan dan teknologi", [21, 22, 23, 24, 25, 26]),
    (2, 6, "Kecepatan proses", [27, 28, 29, 30, 32]),
    (2, 7, "Kecanggihan produk", [31, 33, 34, 35]),
    (2, 8, "Jumlah inovasi", [36]),
]
COUNT_INDICATOR = (36, "Jumlah inovasi daerah")
ASPECTS = [(1, "Satuan Pemerintahan Daerah (SPD)", "25.20"), (2, "Satuan Inovasi Daerah (SID)", "74.80")]


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


PRESETS = {
    "iid-2023": {
        "year": 2023,
        "name": "Indeks Inovasi Daerah 2023",
        "source_note": (
            "Struktur terbitan IID 2023 (2 aspek, 8 variabel, 36 indikator; SPD 25,2 %, SID 74,8 %; "
            "predikat 60,01 / 35,00 / 0,01; pembagi MAX(10, n)). Bobot per indikator tidak diterbitkan: "
            "dipilih agar sesuai total terbitan (lihat docs/index-methodology.md). Semua angka dapat diubah."
        ),
        "reporting_year_from": 2022,
        "reporting_year_to": 2023,
        "submission_opens_at": "2023-05-02T00:00:00",
        "submission_closes_at": "2023-08-31T23:59:59",
        "max_score": "250",
        "divisor_min": 10,
        "count_cap": 200,
        "count_factor": "0.38",
        "count_min_basic_affairs": 6,
        "threshold_sangat_inovatif": "60.01",
        "threshold_inovatif": "35.00",
        "threshold_kurang_inovatif": "0.01",
    },
    "iid-2026": {
        "year": 2026,
        "name": "Indeks Inovasi Daerah 2026",
        "source_note": (
            "Angka panduan 2026 (pihak ketiga): maksimum 250 = 63 + 111 + 76; skor baris = bobot × "
            "parameter 1–3; skor jumlah = min(n, 200) × 0,38, nol kecuali keenam urusan pelayanan dasar "
            "tercakup; pembagi MAX(14, n); predikat ≥ 65,01 / ≥ 40,01 / ≥ 0,01. Semua angka dapat diubah."
        ),
        "reporting_year_from": 2025,
        "reporting_year_to": 2026,
        "submission_opens_at": "2026-04-01T00:00:00",
        "submission_closes_at": "2026-08-31T23:59:59",
        "max_score": "250",
        "divisor_min": 14,
        "count_cap": 200,
        "count_factor": "0.38",
        "count_min_basic_affairs": 6,
        "threshold_sangat_inovatif": "65.01",
        "threshold_inovatif": "40.01",
        "threshold_kurang_inovatif": "0.01",
    },
}


@transaction.atomic
def load_preset(key: str, *, body) -> IndexFramework:
    """Write preset `key` as the framework of its year, owned by `body`; existing years are kept."""
    data = dict(PRESETS[key])
    existing = IndexFramework.objects.filter(year=data["year"]).first()
    if existing is not None:
        return existing
    for name in ("submission_opens_at", "submission_closes_at"):
        data[name] = _dt(data[name])
    for name in ("max_score", "count_factor", "threshold_sangat_inovatif", "threshold_inovatif"):
        data[name] = Decimal(data[name])
    data["threshold_kurang_inovatif"] = Decimal(data["threshold_kurang_inovatif"])
    framework = IndexFramework.objects.create(organizer_body=body, **data)
    aspects = {
        order: IndexAspect.objects.create(framework=framework, order=order, name=name, weight_percent=Decimal(w))
        for order, name, w in ASPECTS
    }
    rows = {row[0]: (S.REGION, row) for row in REGION_INDICATORS}
    rows.update({row[0]: (S.INNOVATION, row) for row in INNOVATION_INDICATORS})
    for aspect_order, order, name, numbers in VARIABLES:
        variable = IndexVariable.objects.create(aspect=aspects[aspect_order], order=order, name=name)
        for number in numbers:
            if number == COUNT_INDICATOR[0]:
                IndexIndicator.objects.create(
                    framework=framework, variable=variable, number=number, name=COUNT_INDICATOR[1], scope=S.COUNT
                )
                continue
            scope, (num, ind_name, weight, mandatory, source, labels, evidence) = rows[number]
            indicator = IndexIndicator.objects.create(
                framework=framework,
                variable=variable,
                number=num,
                name=ind_name,
                scope=scope,
                weight=Decimal(weight),
                is_mandatory=mandatory,
                registry_source=source,
            )
            IndexParameterOption.objects.bulk_create(
                IndexParameterOption(indicator=indicator, value=value, label=label, evidence_required=evidence)
                for value, label in enumerate(labels, start=1)
            )
    check_framework(framework)
    return framework
