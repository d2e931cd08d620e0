"""The columns of the innovation import file: one definition shared by the template, the parser,
the validator and the documentation (docs/data-formats.md)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from inovasi.innovations.enums import InitiatorKind, InnovationForm, InnovationStage, InnovationType


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # exactly as the template writes it in row 1
    required: bool = False
    max_length: int | None = None
    width: int = 20
    help: str = ""


# Header text is data, not a translatable label: a file filled in under the English interface must
# still be read, so the headers are fixed Indonesian strings.
COLUMNS = [
    Column("name", "Nama inovasi", required=True, max_length=200, width=32),
    Column("acronym_expansion", "Kepanjangan akronim", max_length=255, width=32),
    Column("agency", "Perangkat daerah", required=True, width=40),
    Column("initiator_kind", "Inisiator", required=True, width=24),
    Column("form", "Bentuk inovasi", required=True, width=36),
    Column("type", "Jenis inovasi", required=True, width=16),
    Column("stage", "Tahapan", required=True, width=14),
    Column("affairs", "Urusan pemerintahan", width=22),
    Column("sdgs", "SDGs", width=12),
    Column("started_on", "Mulai diterapkan", width=16),
    Column("year", "Tahun data", required=True, width=12),
    Column("summary", "Ringkasan", width=40),
    Column("background", "Latar belakang dan tujuan", width=40),
    Column("novelty", "Kebaruan / nilai tambah", width=40),
    Column("implementation", "Implementasi", width=40),
    Column("significance", "Signifikansi", width=40),
    Column("adaptability", "Adaptabilitas", width=40),
    Column("resources", "Sumber daya", width=40),
    Column("sustainability", "Strategi keberlanjutan", width=40),
    Column("result_metric", "Hasil: ukuran", max_length=200, width=24),
    Column("result_value", "Hasil: nilai", width=16),
    Column("result_unit", "Hasil: satuan", max_length=40, width=12),
    Column("result_year", "Hasil: tahun", width=12),
]
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
NARRATIVE_KEYS = [
    "summary",
    "background",
    "novelty",
    "implementation",
    "significance",
    "adaptability",
    "resources",
    "sustainability",
]
RESULT_KEYS = ["result_metric", "result_value", "result_unit", "result_year"]

# Enum columns: the model choices, plus a few short forms people actually write.
ENUMS = {
    "initiator_kind": (InitiatorKind, {"opd": InitiatorKind.PERANGKAT_DAERAH, "dprd": InitiatorKind.ANGGOTA_DPRD}),
    "form": (InnovationForm, {}),
    "type": (InnovationType, {}),
    "stage": (InnovationStage, {}),
}

LIST_SEPARATORS = (";", ",")
MAX_ROWS = 50_000
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_REPORTED_ERRORS = 1_000

INSTRUCTIONS = [
    _("Isi satu inovasi per baris di lembar “Data Inovasi”, mulai baris 2. Jangan mengubah baris judul."),
    _("Kolom bertanda wajib harus diisi. Kolom lain boleh dikosongkan atau dihapus."),
    _("Perangkat daerah ditulis persis seperti di lembar “Perangkat Daerah” (huruf besar/kecil tidak berpengaruh)."),
    _("Inisiator, bentuk, jenis dan tahapan: pilih dari daftar, atau tulis kodenya (lembar “Pilihan”)."),
    _("Urusan pemerintahan: kode atau nama dari lembar “Urusan”, dipisahkan titik koma, misalnya 1.02;3.27."),
    _("SDGs: nomor 1–17 dipisahkan titik koma, misalnya 3;6."),
    _("Tanggal mulai diterapkan: TTTT-BB-HH (2021-03-01) atau HH/BB/TTTT (01/03/2021)."),
    _("Hasil terukur bersifat pilihan; jika diisi, keempat kolom Hasil harus lengkap."),
    _(
        "Semua baris diperiksa dulu. Jika ada satu saja kesalahan, tidak ada data yang disimpan; perbaiki "
        "baris yang disebut di laporan lalu unggah ulang seluruh berkas."
    ),
    _("Berkas CSV juga diterima: UTF-8, dipisahkan koma atau titik koma, dengan baris judul yang sama."),
]
