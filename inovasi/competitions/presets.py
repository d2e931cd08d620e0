"""Presets: the KIPP and KOVABLIK editions as plain data an organizer copies and then edits.

Every number carries its source in `docs/competitions.md` (REFERENCE.md sections "KIPP" and
"KOVABLIK", and the seed stories). `create_edition_from_preset` in `competitions.editions` turns a
preset into rows; after that the edition is ordinary data and nothing reads the preset again.
Dates are (month, day, hour, minute) in Asia/Jakarta within the edition's year; `None` windows are
left for the organizer to fill.
"""

from django.utils.translation import gettext_lazy as _

# The 2023 proposal form as implemented regionally (REFERENCE.md, KIPP, "Proposal sections").
COMMON_SECTIONS = [
    {"code": "ringkasan", "title": _("Ringkasan"), "word_limit": 200, "prefill_from": "summary"},
    {
        "code": "latar-belakang",
        "title": _("Latar belakang dan tujuan"),
        "word_limit": 300,
        "prefill_from": "background",
    },
    {"code": "kebaruan", "title": _("Kebaruan / nilai tambah"), "word_limit": 200, "prefill_from": "novelty"},
    {"code": "implementasi", "title": _("Implementasi"), "word_limit": 200, "prefill_from": "implementation"},
    {
        "code": "signifikansi",
        "title": _("Signifikansi"),
        "guidance": _("Kondisi sebelum dan sesudah inovasi, dan bagaimana perubahan itu diukur."),
        "word_limit": 600,
        "prefill_from": "significance",
    },
    {
        "code": "adaptabilitas-replikasi",
        "title": _("Adaptabilitas: sudah direplikasi, oleh siapa"),
        "word_limit": 100,
        "prefill_from": "adaptability",
    },
    {"code": "adaptabilitas-potensi", "title": _("Adaptabilitas: potensi replikasi"), "word_limit": 200},
    {"code": "sumber-daya", "title": _("Sumber daya"), "word_limit": 200, "prefill_from": "resources"},
    {
        "code": "keberlanjutan",
        "title": _("Strategi keberlanjutan"),
        "guidance": _("Keberlanjutan kelembagaan, manajerial dan sosial."),
        "word_limit": 500,
        "prefill_from": "sustainability",
    },
]
REPLIKASI_SECTIONS = [
    {"code": "inspirasi", "title": _("Inspirasi: inovasi sumber yang direplikasi"), "word_limit": 100},
    {"code": "proses-replikasi", "title": _("Proses replikasi"), "word_limit": 200},
    {"code": "perbedaan", "title": _("Perbedaan dengan inovasi sumber"), "word_limit": 100},
]
KHUSUS_SECTIONS = [
    {"code": "perbaikan", "title": _("Perbaikan sejak meraih penghargaan"), "word_limit": 200},
    {"code": "adaptabilitas-khusus", "title": _("Adaptabilitas"), "word_limit": 200},
    {"code": "penguatan-keberlanjutan", "title": _("Penguatan keberlanjutan"), "word_limit": 300},
    {"code": "evaluasi", "title": _("Evaluasi"), "word_limit": 300},
]
ONE_MB = 1024 * 1024
ATTACHMENTS = [
    {"code": "video", "title": _("Tautan video inovasi"), "kind": "link"},
    {
        "code": "surat-implementasi",
        "title": _("Surat pernyataan implementasi inovasi"),
        "kind": "pdf",
        "max_bytes": ONE_MB,
    },
    {"code": "surat-identitas", "title": _("Surat pernyataan identitas inovasi"), "kind": "pdf", "max_bytes": ONE_MB},
    {
        "code": "surat-bersedia-direplikasi",
        "title": _("Surat pernyataan bersedia direplikasi"),
        "kind": "pdf",
        "max_bytes": ONE_MB,
    },
    {
        "code": "formulir-egov",
        "title": _("Formulir e-government (untuk inovasi berbasis aplikasi)"),
        "kind": "pdf",
        "max_bytes": ONE_MB,
        "required": False,
    },
]


def _bands(low: str, middle: str, high: str) -> list[dict]:
    return [
        {"min": 0, "max": 40, "text": low},
        {"min": 41, "max": 70, "text": middle},
        {"min": 71, "max": 100, "text": high},
    ]


# What 40 or 80 means, per criterion (shown beside the juror's input; the organizer edits them).
ANCHORS = {
    "kebaruan": _bands(
        _("Meniru cara yang sudah umum di daerah lain tanpa perubahan berarti."),
        _("Mengadaptasi cara yang sudah ada dengan perubahan yang jelas untuk konteks daerah ini."),
        _("Cara baru (proses, layanan atau teknologi) yang belum ada sebelumnya, dijelaskan dengan bukti."),
    ),
    "efektivitas": _bands(
        _("Tujuan tidak terukur atau hasil belum terlihat."),
        _("Sebagian tujuan tercapai; hasil terukur tetapi belum dibandingkan dengan kondisi awal."),
        _("Tujuan tercapai dengan data sebelum–sesudah yang meyakinkan dan dapat diperiksa."),
    ),
    "kemanfaatan": _bands(
        _("Manfaat untuk masyarakat kecil, tidak jelas penerimanya atau hanya untuk internal instansi."),
        _("Manfaat nyata bagi sebagian kelompok sasaran, dengan jumlah penerima yang disebutkan."),
        _("Manfaat luas dan terukur, menjangkau kelompok rentan, diakui penerima manfaat."),
    ),
    "kemudahan-replikasi": _bands(
        _("Sulit ditiru: bergantung pada kondisi atau sumber daya yang khas."),
        _("Dapat ditiru dengan penyesuaian; langkah dan kebutuhan sumber daya sebagian dijelaskan."),
        _("Mudah ditiru dan sudah direplikasi atau ada panduan replikasi yang lengkap."),
    ),
    "keberlanjutan": _bands(
        _("Bergantung pada satu orang atau anggaran sekali jalan; belum ada dasar hukum."),
        _("Ada dasar hukum atau anggaran rutin, tetapi belum keduanya."),
        _("Dilembagakan (peraturan, anggaran rutin, SDM dan SOP) dan berjalan lebih dari satu periode."),
    ),
}
# Criteria named by KIPP; national weights are not published, so the preset splits them evenly
# and the organizer edits them (they must sum to 100).
CRITERIA = [
    {"code": "kebaruan", "name": _("Kebaruan"), "weight": 20, "anchors": ANCHORS["kebaruan"]},
    {"code": "efektivitas", "name": _("Efektivitas"), "weight": 20, "anchors": ANCHORS["efektivitas"]},
    {"code": "kemanfaatan", "name": _("Kemanfaatan"), "weight": 20, "anchors": ANCHORS["kemanfaatan"]},
    {
        "code": "kemudahan-replikasi",
        "name": _("Kemudahan replikasi"),
        "weight": 20,
        "anchors": ANCHORS["kemudahan-replikasi"],
    },
    {"code": "keberlanjutan", "name": _("Keberlanjutan"), "weight": 20, "anchors": ANCHORS["keberlanjutan"]},
]

ADMIN_CHECKLIST = [
    {"code": "lengkap", "text": _("Formulir dan lampiran lengkap serta sesuai petunjuk."), "covers_form": True},
    {"code": "sungguh-sungguh", "text": _("Proposal disusun dengan sungguh-sungguh (tidak asal-asalan).")},
    {
        "code": "surat-sah",
        "text": _("Surat pernyataan ditandatangani pejabat yang berwenang."),
        "attachment_codes": ["surat-implementasi", "surat-identitas", "surat-bersedia-direplikasi"],
    },
    {
        "code": "video-sesuai",
        "text": _("Video menggambarkan inovasi yang diajukan."),
        "attachment_codes": ["video"],
    },
]
FIELD_CHECKLIST = [
    {"code": "berjalan", "text": _("Inovasi berjalan di lokasi sesuai uraian proposal.")},
    {"code": "penerima-manfaat", "text": _("Penerima manfaat ditemui dan membenarkan manfaatnya.")},
    {"code": "bukti-sesuai", "text": _("Data dan bukti hasil sesuai dengan yang dilaporkan.")},
]

KIPP = {
    "key": "kipp",
    "title": _("KIPP — Kompetisi Inovasi Pelayanan Publik (KemenPAN-RB)"),
    "competition": {"name": _("Kompetisi Inovasi Pelayanan Publik"), "short_name": "KIPP"},
    "edition_name": "KIPP {year}",
    "scope_province": None,
    "agency_kinds": [],
    "min_years_implemented": 1,
    "registration": {"opens": (3, 16, 0, 0), "closes": (4, 15, 12, 0)},
    "groups": [
        {"code": "umum", "name": _("Umum"), "forbids_previous_winners": True},
        {"code": "replikasi", "name": _("Replikasi"), "requires_source_innovation": True},
        {"code": "khusus", "name": _("Khusus"), "by_invitation": True},
    ],
    "categories": [
        {"code": "inklusif", "name": _("Pelayanan publik yang inklusif dan berkeadilan")},
        {"code": "kelembagaan-sdgs", "name": _("Kelembagaan yang efektif untuk mendukung TPB/SDGs")},
        {"code": "ketangguhan", "name": _("Ketangguhan dalam menghadapi pandemi")},
    ],
    "caps": [
        {"unit": "government", "group": "umum", "limit": 10},
        {"unit": "government", "group": "replikasi", "limit": 5},
    ],
    "sections": COMMON_SECTIONS
    + [dict(s, group="replikasi") for s in REPLIKASI_SECTIONS]
    + [dict(s, group="khusus") for s in KHUSUS_SECTIONS],
    "attachments": ATTACHMENTS,
    "stages": [
        {"kind": "administrative_check", "name": _("Seleksi administrasi"), "checklist": ADMIN_CHECKLIST},
        {
            "kind": "desk_evaluation",
            "name": _("Evaluasi proposal oleh Tim Evaluasi"),
            "passing_score": 85,
            "criteria": CRITERIA,
        },
        {
            "kind": "desk_evaluation",
            "name": _("Penilaian Tim Panel Independen"),
            "description": _("Proporsional menurut kategori, kelompok, jenis peserta dan wilayah."),
            "top_n": 99,
            "label": "Top 99",
            "criteria": CRITERIA,
        },
        {"kind": "objection_window", "name": _("Masa sanggah publik Top 99"), "duration_days": 5},
        {"kind": "presentation", "name": _("Presentasi dan wawancara"), "criteria": CRITERIA},
        {"kind": "field_verification", "name": _("Verifikasi lapangan"), "checklist": FIELD_CHECKLIST},
        {
            "kind": "final_decision",
            "name": _("Penetapan Top 45"),
            "top_n": 45,
            "label": "Top 45 — Inovasi Pelayanan Publik Terpuji",
            "is_award": True,
        },
        {
            "kind": "final_decision",
            "name": _("Penetapan Top 5 Outstanding Achievement"),
            "group": "khusus",
            "top_n": 5,
            "label": "Top 5 Outstanding Achievement",
            "is_award": True,
            "narrows_previous": False,
        },
    ],
}

KOVABLIK = {
    "key": "kovablik-jatim",
    "title": _("KOVABLIK — Kompetisi Inovasi Pelayanan Publik Provinsi Jawa Timur"),
    "competition": {"name": _("Kompetisi Inovasi Pelayanan Publik Jawa Timur"), "short_name": "KOVABLIK"},
    "edition_name": "KOVABLIK Jawa Timur {year}",
    "scope_province": "35",
    "agency_kinds": [],
    "min_years_implemented": 1,
    # The regional form gives no dates: a placeholder window the organizer edits.
    "registration": {"opens": (5, 1, 0, 0), "closes": (6, 30, 23, 59)},
    "groups": [
        {"code": "umum", "name": _("Umum")},
        {"code": "replikasi", "name": _("Replikasi"), "requires_source_innovation": True},
    ],
    "categories": [],
    "caps": [
        {"unit": "provincial_agency", "limit": 5},
        {"unit": "regency_city", "limit": 3},
        {"unit": "bumd", "limit": 3},
    ],
    "sections": COMMON_SECTIONS + [dict(s, group="replikasi") for s in REPLIKASI_SECTIONS],
    "attachments": ATTACHMENTS,
    "stages": [
        {"kind": "administrative_check", "name": _("Seleksi administrasi"), "checklist": ADMIN_CHECKLIST},
        {
            "kind": "desk_evaluation",
            "name": _("Evaluasi proposal"),
            "top_n": 90,
            "label": "Top 90",
            "criteria": CRITERIA,
        },
        {"kind": "objection_window", "name": _("Masa sanggah publik"), "duration_days": 5},
        {"kind": "presentation", "name": _("Presentasi dan wawancara Top 90"), "criteria": CRITERIA},
        {"kind": "field_verification", "name": _("Verifikasi lapangan"), "checklist": FIELD_CHECKLIST},
        # Nested stages, widest first: the Top 30 is chosen from the Top 45 (a funnel never widens).
        {"kind": "final_decision", "name": _("Penetapan Top 45"), "top_n": 45, "label": "Top 45", "is_award": True},
        {"kind": "final_decision", "name": _("Penetapan Top 30"), "top_n": 30, "label": "Top 30", "is_award": True},
        {
            "kind": "final_decision",
            "name": _("Penetapan replikasi terbaik"),
            "group": "replikasi",
            "label": "Replikasi Terbaik",
            "is_award": True,
            "narrows_previous": False,
        },
        {
            "kind": "final_decision",
            "name": _("Penetapan Outstanding Achievement"),
            "label": "Outstanding Achievement",
            "is_award": True,
            "narrows_previous": False,
        },
    ],
}

PRESETS = {preset["key"]: preset for preset in (KIPP, KOVABLIK)}
