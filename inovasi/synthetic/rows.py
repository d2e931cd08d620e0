"""Plain INSERTs of tuples for the bulk of the synthetic dataset (no model instances per row).

`bulk_create` builds a model instance and prepares every field of every row in Python, which is
most of the time spent writing a million rows. These helpers take tuples in the order of the
named fields, convert only the values that need it (dates, times, decimals, JSON) and send them in
batches: `insert_rows` in batches, `insert_returning_ids` as multi-row INSERT … RETURNING id
(the order of the returned ids is the order of the rows, as `bulk_create` relies on too). Fields
that are not named take their default; auto_now(_add) timestamps take the current time.
"""

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

BATCH = 2000
_CONVERTED = (models.DateTimeField, models.DateField, models.DecimalField, models.JSONField)


def _plan(model, fields: list[str]):
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    now = timezone.now()
    rest, fixed = [], []
    for field in meta.concrete_fields:
        if field.primary_key or field in named:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()  # the declared default, "" for text, else None
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
        rest.append(field)
        fixed.append(field.get_db_prep_save(value, connection))
    converters = [field if isinstance(field, _CONVERTED) else None for field in named]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*named, *rest])
    return quote(meta.db_table), columns, len(named) + len(rest), converters, fixed


def _prepared(rows, converters, fixed):
    for row in rows:
        yield [
            value if field is None else field.get_db_prep_save(value, connection)
            for field, value in zip(converters, row, strict=True)
        ] + fixed


def insert_rows(model, fields: list[str], rows: Iterable[tuple], batch: int = 5_000) -> int:
    """INSERT the rows (tuples in the order of `fields`); returns how many.

    SQLite takes them through executemany (one prepared statement); PostgreSQL as multi-row VALUES
    of up to 1,000 rows, which saves a round trip per row.
    """
    table, columns, width, converters, fixed = _plan(model, fields)
    marks = f"({', '.join(['%s'] * width)})"
    per_statement = 1 if connection.vendor == "sqlite" else max(1, min(1_000, 30_000 // width))
    written, pending = 0, []

    def flush(cursor, pending):
        if per_statement == 1:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {marks}", pending)  # noqa: S608 - model names
            return
        for start in range(0, len(pending), per_statement):
            chunk = pending[start : start + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(chunk))}"  # noqa: S608
            cursor.execute(sql, [value for values in chunk for value in values])

    with connection.cursor() as cursor:
        for values in _prepared(rows, converters, fixed):
            pending.append(values)
            if len(pending) >= batch:
                flush(cursor, pending)
                written += len(pending)
                pending = []
        if pending:
            flush(cursor, pending)
            written += len(pending)
    return written


def insert_returning_ids(model, fields: list[str], rows: list[tuple], batch: int = 500) -> list[int]:
    """INSERT the rows and return their new primary keys, in the order of `rows`."""
    table, columns, width, converters, fixed = _plan(model, fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    marks = f"({', '.join(['%s'] * width)})"
    ids: list[int] = []
    prepared = list(_prepared(rows, converters, fixed))
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), batch):
            chunk = prepared[start : start + batch]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(chunk))} RETURNING {pk}"  # noqa: S608
            cursor.execute(sql, [value for values in chunk for value in values])
            ids += [row[0] for row in cursor.fetchall()]
    return ids
