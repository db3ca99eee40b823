"""Fast bulk inserts for snapshot rows (large JSON or binary columns), used when snapshots are rebuilt.

``insert_rows(objs)`` writes unsaved model instances with PostgreSQL's ``COPY`` (psycopg escapes the
values in C and the server parses one stream), compressing large values with lz4 where the server
has it; on other databases it is ``bulk_create``. Django's ``bulk_create`` on PostgreSQL binds every
value client-side, which for tens of megabytes of JSON spends most of a snapshot build quoting strings
in Python. Call it inside the caller's transaction (snapshot builds always are); it neither sends
signals nor sets primary keys on the instances (snapshot rows need neither).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin

BATCH = 1000  # for bulk_create elsewhere
COPY_BATCH = 100  # rows per COPY statement (occupation pages are about 60 kB of JSON each)


def insert_rows(objs: Sequence[models.Model]) -> int:
    """Insert ``objs`` (instances of one model, not yet saved); returns how many were written."""
    objs = list(objs)
    if not objs:
        return 0
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return len(objs)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and isinstance(f, AutoFieldMixin))]
    for obj in objs:  # defaults (callables such as timezone.now) as save() would fill them
        for f in fields:
            if getattr(obj, f.attname) is None and f.has_default():
                setattr(obj, f.attname, f.get_default())
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if _has_lz4(raw):
            raw.execute("SELECT set_config('default_toast_compression', 'lz4', true)")
        # one COPY per batch: each statement stays well inside the statement timeout (settings)
        for start in range(0, len(objs), COPY_BATCH):
            with raw.copy(sql) as copy:
                for obj in objs[start : start + COPY_BATCH]:
                    copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])
    return len(objs)


_lz4: bool | None = None


def _has_lz4(cursor) -> bool:
    global _lz4
    if _lz4 is None:
        cursor.execute(
            "SELECT coalesce(bool_or('lz4' = ANY(enumvals)), false) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        )
        _lz4 = bool(cursor.fetchone()[0])
    return _lz4
