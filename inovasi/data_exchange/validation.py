"""Checking every row of an import file before anything is written.

`validate_rows` turns raw cells into clean values and collects every problem as
(row, column, reason), so the uploader fixes the whole file in one pass.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from inovasi.data_exchange.columns import COLUMNS_BY_KEY, ENUMS, LIST_SEPARATORS, NARRATIVE_KEYS, RESULT_KEYS
from inovasi.innovations.models import GovernmentAffair, SustainableDevelopmentGoal
from inovasi.inputs import parse_int, single_line, strip_control

MIN_YEAR = 1945


@dataclass
class RowError:
    row: int | None
    column: str
    reason: str

    @property
    def message(self) -> str:
        if self.row is None:
            return self.reason
        return _("Baris %(row)s, kolom %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason, "message": self.message}


@dataclass
class CleanRow:
    row: int
    values: dict  # model field name → value for Innovation
    agency_id: int
    affair_ids: list[int] = field(default_factory=list)
    sdg_ids: list[int] = field(default_factory=list)
    result: dict | None = None


def normalise_name(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _norm_choice(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("_", " ").replace("-", " ")).strip().casefold()


def _display_label(label: str) -> str:
    # "Uji coba" → "uji coba", but "ASN" stays "ASN".
    return label[:1].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


class Lookups:
    """Everything a row is checked against, read once per import."""

    def __init__(self, *, government, allowed_agencies, all_agencies, existing_names):
        self.government = government
        self.allowed = {normalise_name(a.name): a for a in allowed_agencies}
        self.all = {normalise_name(a.name): a for a in all_agencies}
        self.existing_names = {normalise_name(n) for n in existing_names}
        affairs = list(GovernmentAffair.objects.all())
        self.affairs = {a.code: a.pk for a in affairs} | {normalise_name(a.name): a.pk for a in affairs}
        self.sdgs = dict(SustainableDevelopmentGoal.objects.values_list("number", "pk"))
        self.enums = {}
        for key, (choices, aliases) in ENUMS.items():
            table = {}
            for value, label in choices.choices:
                table[_norm_choice(value)] = value
                table[_norm_choice(str(label))] = value
                stripped = _norm_choice(str(label)).removeprefix("inovasi ")
                table.setdefault(stripped, value)
            for alias, value in aliases.items():
                table[_norm_choice(alias)] = value
            listed = ", ".join(_display_label(str(label)) for _v, label in choices.choices)
            self.enums[key] = (table, listed)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern, order in (
        (r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", "ymd"),
        (r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", "dmy"),
    ):
        match = re.fullmatch(pattern, text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            y, m, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(y, m, d)
            except ValueError:
                return None
    return None


def parse_year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else None


def parse_number(value) -> Decimal | None:
    """A number cell, or text in Indonesian (109.600.000.000 · 1.234,5) or plain (1234.5) notation."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _text(value).replace(" ", "").removeprefix("Rp").removeprefix("rp")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _split_list(text: str) -> list[str]:
    parts = [text]
    for sep in LIST_SEPARATORS:
        parts = [p for chunk in parts for p in chunk.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def _affair_code(value) -> str:
    # Excel turns 2.10 typed into a cell into the number 2.1.
    if isinstance(value, float):
        return f"{value:.2f}"
    return _text(value)


class RowValidator:
    def __init__(self, lookups: Lookups, this_year: int):
        self.lookups = lookups
        self.max_year = this_year + 1
        self.seen_names: dict[str, int] = {}

    def _header(self, key: str) -> str:
        return COLUMNS_BY_KEY[key].header

    def validate(self, number: int, record: dict) -> tuple[CleanRow | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(key, reason):
            errors.append(RowError(number, self._header(key), reason))

        if record.get("__extra__"):
            errors.append(
                RowError(number, _("(tanpa judul)"), _("ada isian di kolom yang tidak memiliki judul kolom."))
            )
        # One step per column group, in column order, so the row report reads left to right.
        values = self._texts(record, fail)
        self._check_name(values["name"], number, fail)
        agency = self._agency(record, fail)
        self._enums(record, values, fail)
        affair_ids = self._affairs(record, fail)
        sdg_ids = self._sdgs(record, fail)
        self._started_on(record, values, fail)
        values["year"] = self._year(record.get("year"), "year", fail, required=True)
        result = self._result(record, fail)

        if errors:
            return None, errors
        return CleanRow(number, values, agency.pk, affair_ids, sdg_ids, result), []

    def _texts(self, record, fail) -> dict:
        values: dict = {}
        for key in ("name", "acronym_expansion", *NARRATIVE_KEYS):
            text = _text(record.get(key))
            text = single_line(text) if key in ("name", "acronym_expansion") else strip_control(text)
            column = COLUMNS_BY_KEY[key]
            if column.required and not text:
                fail(key, _("wajib diisi."))
            elif column.max_length and len(text) > column.max_length:
                fail(
                    key,
                    _("terlalu panjang (%(n)s karakter); paling banyak %(max)s karakter.")
                    % {"n": len(text), "max": column.max_length},
                )
            values[key] = text
        return values

    def _check_name(self, name, number, fail) -> None:
        if not name:
            return
        norm = normalise_name(name)
        if norm in self.seen_names:
            fail(
                "name",
                _("nama “%(name)s” sudah dipakai di baris %(row)s berkas ini.")
                % {"name": name, "row": self.seen_names[norm]},
            )
        elif norm in self.lookups.existing_names:
            fail(
                "name",
                _("“%(name)s” sudah terdaftar sebagai inovasi %(gov)s.")
                % {"name": name, "gov": self.lookups.government.name},
            )
        self.seen_names.setdefault(norm, number)

    def _agency(self, record, fail):
        agency_text = _text(record.get("agency"))
        if not agency_text:
            fail("agency", _("wajib diisi."))
            return None
        key = normalise_name(agency_text)
        agency = self.lookups.allowed.get(key)
        if agency is not None:
            return agency
        known = self.lookups.all.get(key)
        if known is not None and not known.is_active:
            fail("agency", _("“%(name)s” sudah nonaktif.") % {"name": agency_text})
        elif known is not None:
            fail(
                "agency",
                _(
                    "“%(name)s” bukan perangkat daerah Anda; operator hanya dapat mengimpor untuk "
                    "perangkat daerahnya dan unit di bawahnya."
                )
                % {"name": agency_text},
            )
        else:
            fail(
                "agency",
                _("“%(name)s” tidak terdaftar sebagai perangkat daerah %(gov)s.")
                % {"name": agency_text, "gov": self.lookups.government.name},
            )
        return None

    def _enums(self, record, values, fail) -> None:
        for key, (table, listed) in self.lookups.enums.items():
            text = _text(record.get(key))
            if not text:
                fail(key, _("wajib diisi (%(choices)s).") % {"choices": listed})
                continue
            value = table.get(_norm_choice(text))
            if value is None:
                fail(key, _("'%(value)s' bukan pilihan yang sah (%(choices)s).") % {"value": text, "choices": listed})
            values[key] = value

    def _affairs(self, record, fail) -> list[int]:
        affair_ids = []
        raw_affairs = record.get("affairs")
        codes = [_affair_code(raw_affairs)] if isinstance(raw_affairs, float) else _split_list(_text(raw_affairs))
        for code in codes:
            pk = self.lookups.affairs.get(code) or self.lookups.affairs.get(normalise_name(code))
            if pk is None:
                fail(
                    "affairs",
                    _("'%(value)s' bukan kode atau nama urusan yang dikenal (lihat lembar Urusan).") % {"value": code},
                )
            elif pk not in affair_ids:
                affair_ids.append(pk)
        return affair_ids

    def _sdgs(self, record, fail) -> list[int]:
        sdg_ids = []
        for item in _split_list(_text(record.get("sdgs"))):
            number_text = re.sub(r"(?i)^sdgs?\s*", "", item)
            pk = self.lookups.sdgs.get(parse_int(number_text))  # ASCII digits only: int("²") raises
            if pk is None:
                fail("sdgs", _("'%(value)s' bukan nomor SDGs yang sah (1 sampai 17).") % {"value": item})
            elif pk not in sdg_ids:
                sdg_ids.append(pk)
        return sdg_ids

    def _started_on(self, record, values, fail) -> None:
        raw_date = record.get("started_on")
        values["started_on"] = None
        values["started_year_only"] = False
        if re.fullmatch(r"[0-9]{4}", _text(raw_date)) and MIN_YEAR <= int(_text(raw_date)) <= self.max_year:
            # "2021": only the year is known (news and reports often say just "sejak 2021").
            values["started_on"] = dt.date(int(_text(raw_date)), 1, 1)
            values["started_year_only"] = True
        elif _text(raw_date):
            date = parse_date(raw_date)
            if date is None:
                fail(
                    "started_on",
                    _(
                        "'%(value)s' bukan tanggal yang sah; tulis TTTT-BB-HH (2021-03-01), HH/BB/TTTT (01/03/2021) "
                        "atau tahunnya saja (2021)."
                    )
                    % {"value": _text(raw_date)},
                )
            elif date.year < MIN_YEAR:
                fail("started_on", _("tahun %(year)s terlalu awal.") % {"year": date.year})
            else:
                values["started_on"] = date

    def _result(self, record, fail) -> dict | None:
        """The measured result: all four columns or none of them."""
        raw_result = {key: record.get(key) for key in RESULT_KEYS}
        if not any(_text(v) for v in raw_result.values()):
            return None
        missing = [self._header(k) for k, v in raw_result.items() if not _text(v)]
        for key in RESULT_KEYS:
            if not _text(raw_result[key]):
                fail(
                    key,
                    _("hasil terukur harus lengkap (ukuran, nilai, satuan, tahun); kolom kosong: %(cols)s.")
                    % {"cols": ", ".join(missing)},
                )
        if missing:
            return None
        metric, unit = _text(raw_result["result_metric"]), _text(raw_result["result_unit"])
        for key, text in (("result_metric", metric), ("result_unit", unit)):
            limit = COLUMNS_BY_KEY[key].max_length
            if len(text) > limit:
                fail(
                    key,
                    _("terlalu panjang (%(n)s karakter); paling banyak %(max)s karakter.")
                    % {"n": len(text), "max": limit},
                )
        value = parse_number(raw_result["result_value"])
        if value is None or abs(value) >= Decimal(10) ** 18:
            fail(
                "result_value",
                _("'%(value)s' bukan angka yang sah (contoh: 109600000000 atau 109.600.000.000).")
                % {"value": _text(raw_result["result_value"])},
            )
        result_year = self._year(raw_result["result_year"], "result_year", fail, required=True)
        return {"metric": metric, "value": value, "unit": unit, "year": result_year}

    def _year(self, raw, key, fail, required):
        text = _text(raw)
        if not text:
            if required:
                fail(key, _("wajib diisi."))
            return None
        year = parse_year(raw)
        if year is None or not MIN_YEAR <= year <= self.max_year:
            fail(
                key,
                _("'%(value)s' bukan tahun yang sah (empat angka, %(min)s–%(max)s).")
                % {"value": text, "min": MIN_YEAR, "max": self.max_year},
            )
            return None
        return year
