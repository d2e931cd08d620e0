"""The downloadable XLSX import template of one Pemda (and one user's importable agencies)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inovasi.data_exchange.columns import COLUMNS, ENUMS, INSTRUCTIONS, MAX_ROWS
from inovasi.data_exchange.parsing import DATA_SHEET
from inovasi.innovations.models import GovernmentAffair, SustainableDevelopmentGoal

CHOICES_SHEET = "Pilihan"
AGENCY_SHEET = "Perangkat Daerah"
AFFAIR_SHEET = "Urusan"
SDG_SHEET = "SDGs"
INSTRUCTION_SHEET = "Petunjuk"

BOLD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LAST_ROW = MAX_ROWS + 1


def _header_row(sheet, titles, widths=None):
    sheet.append(titles)
    for index, _title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        if widths:
            sheet.column_dimensions[get_column_letter(index)].width = widths[index - 1]
    sheet.freeze_panes = "A2"


def _list_validation(sheet, column_key, formula, title, strict):
    index = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == column_key)
    letter = get_column_letter(index)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=title,
        error=_("Pilih nilai dari daftar."),
    )
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(validation)


def build_template(*, government, agencies) -> bytes:
    """An .xlsx file: the data sheet, instructions, and the reference lists it validates against."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    _header_row(data, [c.header for c in COLUMNS], [c.width for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        if column.required:
            data.cell(row=1, column=index).fill = REQUIRED_FILL
        if column.key in {"affairs", "sdgs", "started_on", "name", "agency"}:
            # Text, so Excel does not turn 2.10 into 2.1 or a date into a serial number.
            data.column_dimensions[get_column_letter(index)].number_format = "@"

    instructions = workbook.create_sheet(INSTRUCTION_SHEET)
    instructions.append([_("Petunjuk pengisian templat impor inovasi — %(gov)s") % {"gov": government.name}])
    instructions["A1"].font = Font(bold=True, size=13)
    for line in INSTRUCTIONS:
        instructions.append([str(line)])
    instructions.append([])
    instructions.append([_("Kolom"), _("Wajib"), _("Keterangan")])
    for cell in instructions[instructions.max_row]:
        cell.font = BOLD
    for column in COLUMNS:
        instructions.append([column.header, _("ya") if column.required else _("tidak"), _column_help(column)])
    instructions.column_dimensions["A"].width = 30
    instructions.column_dimensions["B"].width = 8
    instructions.column_dimensions["C"].width = 100
    for row in instructions.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    choices = workbook.create_sheet(CHOICES_SHEET)
    enum_titles = {key: next(c.header for c in COLUMNS if c.key == key) for key in ENUMS}
    _header_row(choices, [enum_titles[k] for k in ENUMS] + [_("Kode %(col)s") % {"col": enum_titles[k]} for k in ENUMS])
    longest = max(len(enum.choices) for enum, _aliases in ENUMS.values())
    for i in range(longest):
        labels, codes = [], []
        for enum, _aliases in ENUMS.values():
            pair = enum.choices[i] if i < len(enum.choices) else None
            labels.append(str(pair[1]) if pair else None)
            codes.append(pair[0] if pair else None)
        choices.append(labels + codes)
    for index in range(1, 2 * len(ENUMS) + 1):
        choices.column_dimensions[get_column_letter(index)].width = 36

    agency_sheet = workbook.create_sheet(AGENCY_SHEET)
    _header_row(agency_sheet, [_("Nama perangkat daerah"), _("Jenis"), _("Induk")], [60, 24, 50])
    for agency in sorted(agencies, key=lambda a: a.name.casefold()):
        agency_sheet.append([agency.name, str(agency.get_kind_display()), agency.parent.name if agency.parent else ""])

    affair_sheet = workbook.create_sheet(AFFAIR_SHEET)
    _header_row(affair_sheet, [_("Kode"), _("Nama urusan"), _("Kelompok"), _("Pelayanan dasar")], [8, 60, 30, 16])
    for affair in GovernmentAffair.objects.order_by("code"):
        affair_sheet.append(
            [affair.code, affair.name, affair.group, _("ya") if affair.is_basic_service else _("tidak")]
        )
    for row in affair_sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"

    sdg_sheet = workbook.create_sheet(SDG_SHEET)
    _header_row(sdg_sheet, [_("Nomor"), _("Tujuan")], [8, 60])
    for sdg in SustainableDevelopmentGoal.objects.order_by("number"):
        sdg_sheet.append([sdg.number, sdg.name])

    for key in ENUMS:
        position = list(ENUMS).index(key) + 1
        letter = get_column_letter(position)
        count = len(ENUMS[key][0].choices)
        # Warning, not stop: the codes (e.g. uji_coba) are accepted too.
        _list_validation(data, key, f"'{CHOICES_SHEET}'!${letter}$2:${letter}${count + 1}", enum_titles[key], False)
    if agencies:
        _list_validation(data, "agency", f"'{AGENCY_SHEET}'!$A$2:$A${len(agencies) + 1}", _("Perangkat daerah"), False)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_help(column) -> str:
    helps = {
        "name": _("Paling banyak 200 karakter; tidak boleh sama dengan inovasi lain di pemerintah daerah ini."),
        "acronym_expansion": _("Misalnya BAKSO SAKERA = Sehat Nikmat Menggugah Selera."),
        "agency": _("Nama persis dari lembar “Perangkat Daerah”."),
        "initiator_kind": _("Pilihan atau kode dari lembar “Pilihan”."),
        "form": _("Pilihan atau kode dari lembar “Pilihan”."),
        "type": _("Pilihan atau kode dari lembar “Pilihan”."),
        "stage": _("Pilihan atau kode dari lembar “Pilihan”."),
        "affairs": _("Kode atau nama dari lembar “Urusan”, dipisahkan titik koma (1.02;3.27)."),
        "sdgs": _("Nomor 1–17 dipisahkan titik koma (3;6)."),
        "started_on": _("TTTT-BB-HH, HH/BB/TTTT, atau tahunnya saja (TTTT) bila hanya tahun yang diketahui."),
        "year": _("Tahun data isian ini, empat angka (2024)."),
        "result_metric": _("Misalnya Nilai transaksi. Isi keempat kolom Hasil atau kosongkan semuanya."),
        "result_value": _("Angka: 109600000000 atau 109.600.000.000 atau 12,5."),
        "result_unit": _("Misalnya Rp, orang, ton, %."),
        "result_year": _("Tahun hasil, empat angka."),
    }
    return str(helps.get(column.key, _("Teks bebas (bagian narasi proposal).")))
