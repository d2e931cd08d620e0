"""Reading an uploaded import file (XLSX or CSV) into raw rows, refusing anything else.

Nothing here touches the database. A file-level problem raises `ImportFileError` with a message that
says which format is expected; row-level problems are the validator's business.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from inovasi.data_exchange.columns import COLUMNS, MAX_ROWS
from inovasi.data_exchange.enums import ImportFormat

DATA_SHEET = "Data Inovasi"


class ImportFileError(Exception):
    """The file as a whole cannot be read as an import file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def expected_format_hint() -> str:
    return _(
        "Unggah templat impor dalam format Excel (.xlsx) atau berkas CSV (UTF-8, dipisahkan koma atau titik "
        "koma) dengan baris judul dari templat."
    )


@dataclass
class ParsedFile:
    format: str
    header: list[str]  # column keys in file order (None for a blank header cell)
    rows: list[tuple[int, dict]]  # (row number as the user sees it, {column key: raw value})


def _normalise_header(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().casefold()


_HEADER_LOOKUP = {_normalise_header(c.header): c.key for c in COLUMNS}


def detect_format(name: str, head: bytes) -> str:
    """Decide the format from the name and the first bytes; refuse other formats with a hint."""
    lower = name.lower()
    if not head:
        raise ImportFileError(_("Berkas kosong.") + " " + expected_format_hint())
    if lower.endswith(".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("Berkas ini bukan buku kerja Excel .xlsx yang sah.") + " " + expected_format_hint())
        return ImportFormat.XLSX
    if lower.endswith(".csv"):
        if head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or b"\x00" in head:
            raise ImportFileError(_("Berkas ini bukan berkas teks CSV.") + " " + expected_format_hint())
        return ImportFormat.CSV
    if lower.endswith(".xls"):
        raise ImportFileError(
            _("Format Excel lama (.xls) tidak didukung; simpan ulang sebagai .xlsx.") + " " + expected_format_hint()
        )
    raise ImportFileError(_("Format berkas tidak didukung.") + " " + expected_format_hint())


def map_header(cells: list) -> list[str | None]:
    """Column keys of a header row; refuses unknown, repeated or missing required columns."""
    keys: list[str | None] = []
    unknown, seen, repeated = [], set(), []
    for cell in cells:
        norm = _normalise_header(cell)
        if not norm:
            keys.append(None)
            continue
        key = _HEADER_LOOKUP.get(norm)
        if key is None:
            unknown.append(str(cell).strip())
        elif key in seen:
            repeated.append(str(cell).strip())
        seen.add(key)
        keys.append(key)
    if not seen and not unknown:
        raise ImportFileError(
            _("Baris pertama berkas kosong; baris pertama harus berisi judul kolom.") + " " + expected_format_hint()
        )
    problems = []
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        problems.append(_("Kolom wajib tidak ditemukan di baris judul: %(cols)s.") % {"cols": ", ".join(missing)})
    if unknown:
        problems.append(_("Kolom tidak dikenal: %(cols)s.") % {"cols": ", ".join(f"“{u}”" for u in unknown)})
    if repeated:
        problems.append(_("Kolom muncul lebih dari sekali: %(cols)s.") % {"cols": ", ".join(repeated)})
    if problems:
        raise ImportFileError(" ".join(problems) + " " + expected_format_hint())
    return keys


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _collect(keys, numbered_rows: Iterator[tuple[int, tuple]]) -> list[tuple[int, dict]]:
    rows = []
    for number, values in numbered_rows:
        if _is_blank(values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Berkas berisi lebih dari %(max)s baris data; bagi menjadi beberapa berkas.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        record = {}
        for key, value in zip(keys, values, strict=False):
            if key is not None:
                record[key] = value
        extra = values[len(keys) :]
        if not _is_blank(extra):
            record["__extra__"] = True
        rows.append((number, record))
    return rows


# --- XLSX ----------------------------------------------------------------------------------------


def _open_workbook(fileobj):
    from openpyxl import load_workbook  # inline: openpyxl is heavy

    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            _("Berkas ini bukan buku kerja Excel .xlsx yang sah.") + " " + expected_format_hint()
        ) from exc
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            what = _("Berkas ini dokumen Word, bukan buku kerja Excel.")
        else:
            what = _("Berkas ini bukan buku kerja Excel .xlsx yang sah.")
        raise ImportFileError(what + " " + expected_format_hint())
    fileobj.seek(0)
    try:
        return load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ImportFileError(
            _("Buku kerja Excel ini rusak atau tidak dapat dibaca.") + " " + expected_format_hint()
        ) from exc


def _data_sheet(workbook):
    if DATA_SHEET in workbook.sheetnames:
        return workbook[DATA_SHEET]
    return workbook.worksheets[0]


def read_xlsx(fileobj, header_only: bool = False) -> ParsedFile:
    workbook = _open_workbook(fileobj)
    try:
        sheet = _data_sheet(workbook)
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("Lembar data kosong.") + " " + expected_format_hint())
        keys = map_header(list(header))
        if header_only:
            return ParsedFile(ImportFormat.XLSX, keys, [])
        return ParsedFile(ImportFormat.XLSX, keys, _collect(keys, enumerate(rows, start=2)))
    finally:
        workbook.close()


# --- CSV -----------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "Berkas CSV harus berpengodean UTF-8 (di Excel: Simpan Sebagai → “CSV UTF-8”). Berkas ini memakai "
                "pengodean lain."
            )
            + " "
            + expected_format_hint()
        ) from exc


def sniff_delimiter(first_line: str) -> str:
    """Comma or semicolon: whichever splits the header into more known columns."""
    best, best_score = ",", -1
    for delimiter in (",", ";"):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        score = sum(1 for c in cells if _normalise_header(c) in _HEADER_LOOKUP)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(fileobj, header_only: bool = False) -> ParsedFile:
    text = _decode(fileobj.read())
    if not text.strip():
        raise ImportFileError(_("Berkas kosong.") + " " + expected_format_hint())
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text.lstrip("\r\n"), newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        keys = map_header(header)
        if header_only:
            return ParsedFile(ImportFormat.CSV, keys, [])
        records = ((number, tuple(values)) for number, values in enumerate(reader, start=2))
        return ParsedFile(ImportFormat.CSV, keys, _collect(keys, records))
    except csv.Error as exc:
        raise ImportFileError(
            _("Berkas CSV tidak dapat dibaca: %(e)s.") % {"e": exc} + " " + expected_format_hint()
        ) from exc


def read_file(fileobj, fmt: str, header_only: bool = False) -> ParsedFile:
    fileobj.seek(0)
    if fmt == ImportFormat.XLSX:
        return read_xlsx(fileobj, header_only=header_only)
    return read_csv(fileobj, header_only=header_only)
