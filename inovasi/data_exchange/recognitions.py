"""A Pemda's history of recognitions (Top 45, IGA, GATRA…) from one XLSX, all or nothing.

One row per recognition: the innovation (its name in the Pemda's registry), the competition or
award, who gave it, the year, and optionally the label or category and a link. Every row is checked
first (the innovation must exist in this Pemda and be unique by name, the year between 1990 and this
year, nothing recorded twice, in the file or already); a single refused row writes nothing and the
report lists every problem with its row and column. Accepted rows go through
`innovations.parts.add_part`, the screen's own verb, each audited.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from inovasi.innovations import parts
from inovasi.innovations.models import Innovation, Recognition

COLUMNS = (
    ("innovation", gettext_lazy("Nama inovasi")),
    ("name", gettext_lazy("Kompetisi atau penghargaan")),
    ("giver", gettext_lazy("Pemberi")),
    ("year", gettext_lazy("Tahun")),
    ("category", gettext_lazy("Label atau kategori")),
    ("url", gettext_lazy("Tautan")),
)
REQUIRED = ("innovation", "name", "giver", "year")
MAX_ROWS = 2000
FIRST_YEAR = 1990


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class Report:
    created: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Penghargaan"))
    sheet.append([str(label) for _key, label in COLUMNS])
    sheet.append(["Among Tani Crop", "KOVABLIK Jawa Timur", "Pemerintah Provinsi Jawa Timur", 2023, "Top 45", ""])
    for column, width in zip("ABCDEF", (32, 32, 32, 8, 20, 32), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _norm(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _read(upload) -> tuple[list[tuple[int, dict]], list[RowProblem]]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not XLSX
        return [], [RowProblem(0, "", _("Berkas bukan XLSX yang dapat dibaca. Gunakan templat yang disediakan."))]
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_norm(v) for v in next(rows, ())]
    expected = [_norm(label) for _key, label in COLUMNS]
    if header[: len(expected)] != expected:
        return [], [
            RowProblem(
                1,
                "",
                _("Judul kolom tidak sesuai templat: %(cols)s.")
                % {"cols": ", ".join(str(label) for _key, label in COLUMNS)},
            )
        ]
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values or ()):
            continue
        if len(out) >= MAX_ROWS:
            return [], [RowProblem(number, "", _("Paling banyak %(n)s baris per berkas.") % {"n": MAX_ROWS})]
        values = list(values or ()) + [None] * len(COLUMNS)
        out.append((number, {key: values[i] for i, (key, _label) in enumerate(COLUMNS)}))
    if not out:
        return [], [RowProblem(0, "", _("Berkas tidak berisi baris penghargaan."))]
    return out, []


def _year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def _check(rows, government) -> tuple[list[tuple[int, Innovation, dict]], list[RowProblem]]:
    labels = {key: str(label) for key, label in COLUMNS}
    innovations: dict[str, list[Innovation]] = {}
    for innovation in Innovation.objects.filter(government=government).only("pk", "name", "status"):
        innovations.setdefault(_norm(innovation.name), []).append(innovation)
    existing = set(
        Recognition.objects.filter(innovation__government=government).values_list("innovation_id", "name", "year")
    )
    existing = {(pk, _norm(name), year) for pk, name, year in existing}
    this_year = timezone.localdate().year
    seen, clean, problems = set(), [], []
    for number, row in rows:
        missing = [key for key in REQUIRED if str(row[key] or "").strip() == ""]
        for key in missing:
            problems.append(RowProblem(number, labels[key], _("Wajib diisi.")))
        if missing:
            continue
        matches = innovations.get(_norm(row["innovation"]), [])
        if not matches:
            problems.append(
                RowProblem(
                    number,
                    labels["innovation"],
                    _("Inovasi “%(name)s” tidak ada di registri Pemda ini; catat dulu atau periksa penulisannya.")
                    % {"name": row["innovation"]},
                )
            )
            continue
        if len(matches) > 1:
            problems.append(
                RowProblem(
                    number,
                    labels["innovation"],
                    _("Ada %(n)s inovasi bernama “%(name)s”; bedakan namanya di registri dulu.")
                    % {"n": len(matches), "name": row["innovation"]},
                )
            )
            continue
        year = _year(row["year"])
        if year is None or not FIRST_YEAR <= year <= this_year:
            problems.append(
                RowProblem(
                    number,
                    labels["year"],
                    _("Tahun harus empat angka antara %(a)s dan %(b)s.") % {"a": FIRST_YEAR, "b": this_year},
                )
            )
            continue
        key = (matches[0].pk, _norm(row["name"]), year)
        if key in existing:
            problems.append(RowProblem(number, labels["name"], _("Penghargaan ini sudah tercatat untuk inovasi itu.")))
            continue
        if key in seen:
            problems.append(RowProblem(number, labels["name"], _("Baris ini sama dengan baris sebelumnya di berkas.")))
            continue
        seen.add(key)
        fields = {
            "name": " ".join(str(row["name"]).split()),
            "giver": " ".join(str(row["giver"]).split()),
            "year": year,
            "category": " ".join(str(row["category"] or "").split()),
            "url": str(row["url"] or "").strip(),
        }
        clean.append((number, matches[0], fields))
    return clean, problems


def import_recognitions(*, government, upload, actor) -> Report:
    """Record every row's recognition, or nothing; the report says which rows were refused and why."""
    rows, problems = _read(upload)
    if problems:
        return Report(problems=problems)
    clean, problems = _check(rows, government)
    if problems:
        return Report(problems=problems)
    labels = {key: str(label) for key, label in COLUMNS}
    try:
        with transaction.atomic():
            for number, innovation, fields in clean:
                try:
                    parts.add_part(innovation=innovation, model=Recognition, actor=actor, **fields)
                except ValidationError as exc:
                    details = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                    problems = [
                        RowProblem(number, labels.get(key, key), " ".join(messages))
                        for key, messages in details.items()
                    ]
                    raise _Refused(problems) from exc
    except _Refused as refused:
        return Report(problems=refused.problems)
    return Report(created=len(clean))


class _Refused(Exception):
    def __init__(self, problems):
        super().__init__("refused")
        self.problems = problems
