"""Client errors in Indonesian, with the field path of each problem.

`{"detail": [{"loc": ["body", "name"], "msg": "Wajib diisi.", "type": "missing"}]}` for what the
schema refuses (django-ninja's 422, messages translated here) and for what a service refuses (a
Django ValidationError raised by the same service the screens call), so a client handles both alike.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja.errors import HttpError

MESSAGES = {
    "missing": lambda ctx: _("Wajib diisi."),
    "string_type": lambda ctx: _("Harus berupa teks."),
    "int_type": lambda ctx: _("Harus berupa bilangan bulat."),
    "int_parsing": lambda ctx: _("Harus berupa bilangan bulat."),
    "int_from_float": lambda ctx: _("Harus berupa bilangan bulat."),
    "bool_type": lambda ctx: _("Harus true atau false."),
    "bool_parsing": lambda ctx: _("Harus true atau false."),
    "date_type": lambda ctx: _("Tanggal tidak sah; gunakan TTTT-BB-HH."),
    "date_parsing": lambda ctx: _("Tanggal tidak sah; gunakan TTTT-BB-HH."),
    "date_from_datetime_parsing": lambda ctx: _("Tanggal tidak sah; gunakan TTTT-BB-HH."),
    "list_type": lambda ctx: _("Harus berupa daftar."),
    "dict_type": lambda ctx: _("Harus berupa objek JSON."),
    "model_attributes_type": lambda ctx: _("Harus berupa objek JSON."),
    "json_invalid": lambda ctx: _("Isi permintaan bukan JSON yang sah."),
    "extra_forbidden": lambda ctx: _("Kolom ini tidak dikenal."),
    "string_too_long": lambda ctx: _("Paling panjang %(n)s karakter.") % {"n": ctx.get("max_length")},
    "too_long": lambda ctx: _("Paling banyak %(n)s butir.") % {"n": ctx.get("max_length")},
    "less_than_equal": lambda ctx: _("Paling besar %(n)s.") % {"n": ctx.get("le")},
    "greater_than_equal": lambda ctx: _("Paling kecil %(n)s.") % {"n": ctx.get("ge")},
    "literal_error": lambda ctx: _("Pilih salah satu: %(n)s.") % {"n": ctx.get("expected")},
    "enum": lambda ctx: _("Pilih salah satu: %(n)s.") % {"n": ctx.get("expected")},
}


def translate(errors: list[dict]) -> list[dict]:
    out = []
    for error in errors:
        kind = error.get("type", "")
        message = MESSAGES.get(kind)
        out.append(
            {
                "loc": list(error.get("loc", [])),
                "msg": message(error.get("ctx") or {}) if message else _("Nilai tidak sah."),
                "type": kind,
            }
        )
    return out


class FieldErrors(HttpError):
    """A 422 whose detail is a list of {loc, msg, type}."""

    def __init__(self, details: list[dict]):
        super().__init__(422, "")
        self.details = details


def from_validation_error(exc: ValidationError, *, prefix=("body",), rename: dict | None = None) -> FieldErrors:
    """A service's ValidationError as field errors: `{"name": [...]}` → loc ["body", "name"]."""
    rename = rename or {}
    details = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            loc = [*prefix] if field in (None, "__all__") else [*prefix, rename.get(field, field)]
            for error in errors:
                for message in error.messages:
                    details.append({"loc": loc, "msg": message, "type": "invalid"})
    else:
        for message in exc.messages:
            details.append({"loc": list(prefix), "msg": message, "type": "invalid"})
    return FieldErrors(details)
