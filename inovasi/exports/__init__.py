"""Every CSV and XLSX download the site offers, written one way.

An export is a declaration: a view decorated with :func:`export_view` checks access and returns an
:class:`Export` (file name without extension, header, rows, sheet title). The decorator picks the
format (from the URL's ``fmt`` or ``?format=``), answers 404 for one it does not offer, and writes:

- CSV streamed with ``StreamingHttpResponse``, UTF-8 with a byte-order mark so spreadsheet programs
  read Indonesian text correctly;
- XLSX with openpyxl in write-only mode, spooled to a temporary file (memory stays flat for the
  100,000-row catalog).

The formula guard is always on (OWASP "CSV injection"): text typed by people that starts with
``= + - @``, a tab or a carriage return is neutralised. In CSV it gets a leading apostrophe; in XLSX
it is stored as a text cell, never a formula, so ``=HYPERLINK(...)`` stays visible text. Characters
that XLSX cannot hold (control characters) are dropped instead of failing the download.
"""

from __future__ import annotations

import csv
import datetime
import functools
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


@dataclass
class Export:
    """What one download holds. ``filename`` has no extension; the format adds it."""

    filename: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    sheet: str = "Data"
    formats: tuple[str, ...] = field(default=FORMATS)


def _plain(value):
    """A value as a spreadsheet cell: lazy strings resolved, aware datetimes in local time."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def csv_cell(value):
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_response(export: Export) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [str(h) for h in export.header]  # translated now, while the request's language is active

    def lines():
        yield "\ufeff"  # byte-order mark: spreadsheet programs then read the file as UTF-8
        yield writer.writerow([csv_cell(h) for h in header])
        for row in export.rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{export.filename}.csv")
    return response


def xlsx_response(export: Export) -> FileResponse:
    from openpyxl import Workbook  # inline: openpyxl is heavy
    from openpyxl.cell import WriteOnlyCell  # inline: openpyxl is heavy
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE  # inline: openpyxl is heavy

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(export.sheet)[:31] or "Data")

    def cell(value):
        # Plain values are the fast path (openpyxl reuses one cell for them; None writes nothing);
        # only text that openpyxl would read as a formula or an error code gets its own text cell.
        value = _plain(value)
        if value == "":
            return None
        if isinstance(value, (bool, int, float, Decimal, datetime.date, datetime.time)):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        if not text.startswith("=") and text not in ERROR_CODES:
            return text
        item = WriteOnlyCell(sheet, value=text)
        item.data_type = "s"  # never a formula, whatever the text starts with
        return item

    sheet.append([cell(h) for h in export.header])
    for row in export.rows:
        sheet.append([cell(value) for value in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by FileResponse
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{export.filename}.xlsx", content_type=XLSX_TYPE)


def render(export: Export, fmt: str):
    if fmt not in export.formats:
        raise Http404
    return csv_response(export) if fmt == "csv" else xlsx_response(export)


def export_view(view: Callable) -> Callable:
    """Turn a view returning an :class:`Export` into a download.

    The format comes from the URL's ``fmt`` keyword or, for URLs without one, ``?format=``
    (default: the export's first format). The generated test in ``inovasi/exports/tests`` checks
    that every download URL in the URLconf goes through here.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        fmt = kwargs.pop("fmt", None) or request.GET.get("format")
        if fmt is not None and fmt not in FORMATS:
            raise Http404  # before the view runs its queries
        export = view(request, *args, **kwargs)
        if isinstance(export, HttpResponseBase):  # the view refused (a redirect, an integrity error)
            return export
        return render(export, fmt or export.formats[0])

    wrapper.is_export_view = True
    return wrapper
