"""Reading and writing registry rows by the thousand, for the workbook import.

Reads go in chunks under SQLite's limit on query parameters. Updates go as one
statement by primary key run over every row (executemany): Django's ``bulk_update``
builds a CASE over every object of a batch for every field, which the database then
evaluates for each row it updates, so its cost per row grows with the batch.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

from .models import Organization, Title

CHUNK = 900  # SQLite's limit on query parameters is 999


def organizations_by_code(codes: Sequence[str]) -> dict[str, Organization]:
    """The organizations on record among these codes, with their regions."""
    found: dict[str, Organization] = {}
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        for org in Organization.objects.filter(code__in=chunk).select_related("region"):
            found[org.code] = org
    return found


def titles_on_record(org_ids: Sequence[int]) -> dict[tuple[Any, ...], Title]:
    """These organizations' titles by (organization, category, level, model, edition)."""
    current: dict[tuple[Any, ...], Title] = {}
    for start in range(0, len(org_ids), CHUNK):
        for t in Title.objects.filter(organization_id__in=org_ids[start : start + CHUNK]):
            current[(t.organization_id, t.category, t.level, t.model, t.edition)] = t
    return current


def update_rows(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write the named fields of objects already on record, as ``bulk_update`` would
    (no ``save()``, no signals), at a cost per row that does not grow with the rows."""
    if not objs:
        return
    meta = type(objs[0])._meta
    pk = meta.pk
    concrete = [meta.get_field(name) for name in fields]
    columns = [f for f in concrete if isinstance(f, models.Field) and f.column]
    if pk is None or not pk.column or len(columns) != len(concrete):
        raise TypeError(f"{meta.label}: only a model's own columns can be updated by key")
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in columns)
    table, key = quote(meta.db_table), quote(pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608  (names from the model)
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
        + [pk.get_db_prep_value(obj.pk, connection)]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
