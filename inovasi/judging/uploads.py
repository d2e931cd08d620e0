"""Reading the organizer's CSV uploads (assignments, offline scores): the file, the juror column and
the proposal column, each refused with an Indonesian message that names the row and the column."""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inovasi.inputs import parse_id
from inovasi.judging.jury import edition_jurors, juror_pool_all

CSV_MAX_BYTES = 5 * 1024 * 1024  # an assignment or score sheet for 5,000 proposals is well under 1 MB


def read_csv(upload) -> list[dict]:
    if getattr(upload, "size", 0) > CSV_MAX_BYTES:
        raise ValidationError(_("Berkas CSV terlalu besar (paling besar 5 MB)."))
    raw = upload.read() if hasattr(upload, "read") else upload
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Berkas harus berupa CSV dengan pengodean UTF-8.")) from exc
    sample = raw[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(raw), delimiter=delimiter)
    try:
        if not reader.fieldnames:
            raise ValidationError(_("Berkas CSV kosong."))
    except csv.Error as exc:
        raise ValidationError(_("Berkas CSV tidak dapat dibaca: ada kolom yang terlalu panjang atau rusak.")) from exc
    try:
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
        return list(reader)
    except csv.Error as exc:  # a field over the csv module's 128 KB limit, a stray quote
        raise ValidationError(_("Berkas CSV tidak dapat dibaca: ada kolom yang terlalu panjang atau rusak.")) from exc


def juror_lookup(stage):
    """E-mail → juror record of the stage's body, for those who pass the juror rule; e-mail → None
    for records whose user no longer does (named in the errors rather than "unknown")."""
    eligible = set(juror_pool_all(stage).values_list("pk", flat=True))
    jurors = {}
    for juror in edition_jurors(stage.edition).select_related("user"):
        jurors[juror.user.email.lower()] = juror if juror.pk in eligible else None
    return jurors


def csv_juror(jurors, row, line, errors):
    email = (row.get("juri") or "").strip().lower()
    juror = jurors.get(email)
    if juror is None and email in jurors:
        errors.append(
            _("Baris %(line)s, kolom juri: %(email)s tidak memegang peran juri aktif penyelenggara ini.")
            % {"line": line, "email": email}
        )
    elif juror is None:
        errors.append(_("Baris %(line)s, kolom juri: juri tidak dikenal.") % {"line": line})
    return juror


def proposal_from(value, proposals):
    return proposals.get(parse_id(value))
