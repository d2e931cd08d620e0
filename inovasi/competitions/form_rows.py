"""Organizer form fields that replace typed codes and JSON: row editors and a percent input.

- `QuotaRowsField`: a stage's proportional quotas as rows (a dropdown of groups, categories,
  provinces and region levels + a count), cleaned to the stored list `[{"group": "khusus",
  "count": 15}]`. Without JavaScript the widget shows the saved rows and blank rows to fill;
  `static/inovasi/row-editor.js` adds "Tambah baris" and "Hapus".
- `OrderedChoicesField`: an ordered list of dropdowns (the tie-breaks), cleaned to the codes.
- `PercentField`: a share typed as a percent ("20", "20 %", "20,0"), cleaned to a fraction (0.20).

Every row is checked on its own and every problem names its row in Indonesian ("Baris 2: …").
"""

from decimal import Decimal

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovasi.formats.numbers import NumberKind, format_decimal, parse_number

MAX_ROWS = 50  # a forged POST with thousands of rows is refused, not processed
BLANK_ROWS = 2
QUOTA_KEYS = ("group", "category", "province", "region_level")


def _posted(data, name, suffix=""):
    """The values posted under one name, in order (a QueryDict, or a plain dict in tests)."""
    key = f"{name}{suffix}"
    if hasattr(data, "getlist"):
        values = data.getlist(key)
    else:
        values = data.get(key, [])
        values = list(values) if isinstance(values, list | tuple) else [values]
    return [str(v)[:200] for v in values]


class QuotaRowsWidget(forms.Widget):
    """Rows of <select name="quotas_target"> + <input name="quotas_count">, read back in order."""

    template = "organizer/competitions/_quota_rows.html"
    choices: list = []

    def value_from_datadict(self, data, files, name):
        targets, counts = _posted(data, name, "_target"), _posted(data, name, "_count")
        if not targets and not counts:
            return None
        width = max(len(targets), len(counts))
        targets += [""] * (width - len(targets))
        counts += [""] * (width - len(counts))
        return list(zip(targets, counts, strict=True))

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return f"{id_}_target_0" if id_ else ""

    def rows(self, value):
        """(target, count) pairs to show: the stored quotas or the posted text, then blank rows."""
        if isinstance(value, str) or value is None:
            value = []
        rows = []
        for item in value:
            if isinstance(item, dict):
                key = next((k for k in QUOTA_KEYS if k in item), "")
                rows.append((f"{key}:{item[key]}" if key else "", str(item.get("count", ""))))
            else:
                rows.append((item[0], item[1]))
        return rows[:MAX_ROWS] + [("", "")] * BLANK_ROWS

    def render(self, name, value, attrs=None, renderer=None):
        base = (attrs or {}).get("id") or f"id_{name}"
        rows = [
            {"index": i, "target": target, "count": count, "id": f"{base}_target_{i}", "count_id": f"{base}_count_{i}"}
            for i, (target, count) in enumerate(self.rows(value))
        ]
        return render_to_string(
            self.template,
            {"name": name, "rows": rows, "choices": self.choices, "id": base, "invalid": "is-invalid" in str(attrs)},
        )


class QuotaRowsField(forms.Field):
    widget = QuotaRowsWidget

    def __init__(self, *, choices=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.set_choices(choices)

    def set_choices(self, choices):
        """`choices`: [(group label, [(value "group:umum", label)])], as optgroups."""
        self.choices = list(choices)
        self.widget.choices = self.choices
        self.valid = {value: label for _group, options in self.choices for value, label in options}

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value  # the stored list (initial value)
        if len(value) > MAX_ROWS:
            raise forms.ValidationError(_("Paling banyak %(n)s baris kuota.") % {"n": MAX_ROWS}, code="max_rows")
        quotas, errors, seen = [], [], {}
        for number, (target, count_text) in enumerate(value, start=1):
            target, count_text = target.strip(), count_text.strip()
            if not target and not count_text:
                continue
            problem = self._row_problem(target, count_text, seen, number)
            if problem:
                errors.append(forms.ValidationError(_("Baris %(n)s: %(problem)s") % {"n": number, "problem": problem}))
                continue
            key, code = target.split(":", 1)
            seen[target] = number
            quotas.append({key: code, "count": int(parse_number(count_text, kind=NumberKind.COUNT))})
        if errors:
            raise forms.ValidationError(errors)
        return quotas

    def _row_problem(self, target, count_text, seen, number) -> str:
        if not target:
            return _("pilih kelompok, kategori atau wilayah untuk jumlah ini.")
        if target not in self.valid:
            return _("pilihan tidak dikenal; pilih dari daftar.")
        if target in seen:
            return _("kuota untuk “%(what)s” sudah ada di baris %(m)s.") % {
                "what": self.valid[target],
                "m": seen[target],
            }
        if not count_text:
            return _("isi jumlah proposal untuk “%(what)s”.") % {"what": self.valid[target]}
        try:
            count = parse_number(count_text, kind=NumberKind.COUNT)
        except forms.ValidationError as exc:
            return " ".join(exc.messages)
        if count < 1 or count > 100_000:
            return _("jumlah harus bilangan bulat antara 1 dan 100.000.")
        return ""


class OrderedChoicesWidget(forms.Widget):
    """N dropdowns of the same choices, all named `name`, read back in order."""

    template = "organizer/_ordered_choices.html"
    choices: list = []

    def value_from_datadict(self, data, files, name):
        return _posted(data, name)

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = [v for v in (value or []) if v] if isinstance(value, list) else []
        slots = max(len(self.choices), len(chosen) + 1, 1)
        base = (attrs or {}).get("id") or f"id_{name}"
        rows = [
            {"id": f"{base}_{i}", "value": chosen[i] if i < len(chosen) else "", "position": i + 1}
            for i in range(min(slots, MAX_ROWS))
        ]
        describedby = (attrs or {}).get("aria-describedby", "")
        return render_to_string(
            self.template,
            {"name": name, "rows": rows, "choices": self.choices, "describedby": describedby},
        )


class OrderedChoicesField(forms.Field):
    """An ordered list of codes chosen from `choices` ([(code, label)]); blanks are skipped."""

    widget = OrderedChoicesWidget

    def __init__(self, *, choices=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.set_choices(choices)

    def set_choices(self, choices):
        self.choices = list(choices)
        self.widget.choices = self.choices

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if not value:
            return []
        if len(value) > MAX_ROWS:
            raise forms.ValidationError(_("Terlalu banyak pilihan."), code="max_rows")
        labels = dict(self.choices)
        chosen, errors = [], []
        for number, code in enumerate(value, start=1):
            code = code.strip()
            if not code:
                continue
            if code not in labels:
                errors.append(_("Urutan %(n)s: pilihan tidak dikenal; pilih dari daftar.") % {"n": number})
            elif code in chosen:
                errors.append(
                    _("Urutan %(n)s: “%(what)s” sudah dipilih di urutan sebelumnya.")
                    % {"n": number, "what": labels[code]}
                )
            else:
                chosen.append(code)
        if errors:
            raise forms.ValidationError(errors)
        return chosen


class PercentField(forms.Field):
    """A share typed as a whole percent ("20", "20 %", "20,0"), cleaned to a fraction Decimal("0.20")."""

    default_error_messages = {
        "invalid": gettext_lazy("Tulis dalam persen, misalnya 20 untuk 20 %."),
    }

    def __init__(self, *, max_percent=49, **kwargs):
        self.max_percent = max_percent
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "12"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return percent_text(value)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().removesuffix("%").strip()
        if len(text) > 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        percent = parse_number(text, kind=NumberKind.SCORE)
        if percent < 0 or 0 < percent < 1 or percent > self.max_percent:
            raise forms.ValidationError(
                _("Tulis porsi antara 1 dan %(max)s persen, misalnya 20 untuk 20 %%.") % {"max": self.max_percent},
                code="range",
            )
        if percent != percent.to_integral_value():
            raise forms.ValidationError(
                _("Tulis persen bulat, misalnya 20 atau 25; porsi disimpan per satu persen."), code="whole"
            )
        return (percent / 100).quantize(Decimal("0.01"))


def percent_text(fraction) -> str:
    """0.2 → "20 %" (as settings show a share)."""
    if fraction in (None, ""):
        return ""
    return f"{format_decimal(Decimal(str(fraction)) * 100)} %"


def quota_text(quotas, labels: dict) -> str:
    """Stored quotas in words: "Khusus: 15; Jawa Timur: 5" (`labels`: "group:khusus" → "Khusus")."""
    parts = []
    for quota in quotas or []:
        key = next((k for k in QUOTA_KEYS if k in quota), None)
        if key is None:
            continue
        target = f"{key}:{quota[key]}"
        parts.append(f"{labels.get(target, quota[key])}: {quota.get('count')}")
    return "; ".join(parts)
