"""Load ``fixtures/workforce/`` into the database: idempotent, atomic, fast.

For each release in ``manifest.json``:

- if a ``DataRelease`` with the same source and vintage holds the same checksum and the tables hold the
  recorded row counts, nothing is written (so ``DataRelease.loaded_at``, which page caches are keyed on,
  does not move);
- otherwise its rows are replaced: reference tables (areas, occupations, industries, skills, O*NET
  occupations) are upserted on their primary key and never deleted, because editorial content points at
  them; every other table has the release's rows deleted and inserted again (PostgreSQL: the fixture's
  CSV records go to ``COPY … (FORMAT csv)`` unparsed, with the release id put in front; other databases:
  batched ``executemany``); then the ``DataRelease`` is updated. An older vintage of the same source is
  removed with its rows.

Everything happens inside ONE ``transaction.atomic()``: a failure anywhere leaves the previous data in
place, and readers keep seeing it until the new data commits (rows are deleted, never truncated: a
TRUNCATE would lock readers out until the commit). Once the tables are written, PostgreSQL checks their
foreign keys (deferred until then). After a load that changed anything (or when they are missing) the
derived guidance rows (``SocGuidance``, ``salaries.guidance_build``) are rebuilt in the same
transaction, the written tables are analyzed, and every public page snapshot is rebuilt. ``timings``
gives the time of each phase (``PHASES``; ``bench/load_workforce.py`` prints them). Once a load that
changed anything, the rebuild is told which sources were loaded (``Change(sources=…)``): the one path a
data change travels, which also reaches ``careers`` (it queues the follow digest once the load commits).
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from salaries.generation import Change, rebuild_snapshots
from salaries.models import DataRelease

from .fixtures import read_manifest, read_records, read_rows
from .tables import BY_NAME, Table

BATCH_SIZE = 5000


def default_fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "workforce"


@dataclass
class ReleaseResult:
    source: str
    vintage: str
    status: str  # "loaded" or "unchanged"
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class LoadAborted(RuntimeError):
    """Raised by a test hook (``on_table_loaded``) to simulate a failure midway."""


def load_all(
    fixtures_dir: Path | None = None,
    *,
    force: bool = False,
    progress: bool = False,
    on_table_loaded: Callable[[str, str], None] | None = None,
    timings: dict[str, float] | None = None,
) -> list[ReleaseResult]:
    """Load every release of the manifest; return what was done per release.

    ``force`` reloads releases even when unchanged. ``on_table_loaded(source, table)`` is called after
    each table is written, inside the transaction: raising there aborts the whole load (tests use it).
    ``timings``, when given, receives the wall seconds of each phase (see :data:`PHASES`).
    """
    fixtures_dir = Path(fixtures_dir or default_fixtures_dir())
    manifest = read_manifest(fixtures_dir)
    results = []
    phase = _PhaseClock(timings)
    with transaction.atomic():
        phase.start("tables")
        if connection.vendor == "postgresql":
            # COPY of 250,000 rows, ANALYZE and the snapshot rebuild are this job's own long statements:
            # the web's statement timeout (settings.DATABASE_STATEMENT_TIMEOUT_MS) does not apply to
            # them, whoever runs the load (manage.py already runs without one; a bench or a worker may not).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")
        pending = []
        for entry in manifest["releases"]:
            current = DataRelease.objects.filter(source=entry["source"], vintage=entry["vintage"]).first()
            if not force and current is not None and _unchanged(current, entry):
                results.append(
                    ReleaseResult(entry["source"], entry["vintage"], "unchanged", dict(current.rows_loaded))
                )
            else:
                pending.append((entry, current))
        total = sum(table["rows"] for entry, _ in pending for table in entry["tables"])
        bar = _progress_bar(total) if (progress and total) else None
        try:
            for entry, current in pending:
                started = time.perf_counter()
                rows = _load_release(fixtures_dir, entry, current, bar, on_table_loaded)
                results.append(
                    ReleaseResult(
                        entry["source"], entry["vintage"], "loaded", rows, time.perf_counter() - started
                    )
                )
            if pending and connection.vendor == "postgresql":
                # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: PostgreSQL would check every
                # row written above at COMMIT, after the derived work. Check them now, so a broken key
                # fails before the guidance and the snapshots are built for nothing.
                phase.start("constraints")
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            phase.start("guidance")
            _derive_guidance(rebuild=bool(pending))
            phase.start("analyze")
            if pending and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for table in {BY_NAME[t["name"]].db_table for e, _ in pending for t in e["tables"]}:
                        cursor.execute(f'ANALYZE "{table}"')
            phase.start("snapshots")
            if pending:
                # Every page built from the data is rebuilt in this transaction: a failure here rolls the
                # load back too, and the previous snapshots stay served.
                sources = tuple(sorted({entry["source"] for entry, _ in pending}))
                rebuild_snapshots(reason="workforce data loaded", change=Change(sources=sources))
        finally:
            if bar is not None:
                bar.close()
        phase.start("commit")
    phase.stop()
    order = {entry["source"]: index for index, entry in enumerate(manifest["releases"])}
    return sorted(results, key=lambda result: order[result.source])


PHASES = {
    "tables": "read the fixtures, delete the replaced rows, COPY / insert, check keys, record the releases",
    "constraints": "PostgreSQL checks the deferred foreign keys of every row written (SET CONSTRAINTS)",
    "guidance": "derive SocGuidance from the loaded data (salaries.guidance_build)",
    "analyze": "ANALYZE the tables written (PostgreSQL), for the queries that follow",
    "snapshots": "rebuild every public page snapshot (salaries.generation.rebuild_snapshots)",
    "commit": "COMMIT",
}


class _PhaseClock:
    """Adds the wall time of consecutive phases into ``timings`` (a no-op without one)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings
        self.name: str | None = None
        self.started = 0.0

    def start(self, name: str) -> None:
        self.stop()
        self.name, self.started = name, time.perf_counter()

    def stop(self) -> None:
        if self.timings is not None and self.name is not None:
            elapsed = time.perf_counter() - self.started
            self.timings[self.name] = self.timings.get(self.name, 0.0) + elapsed
        self.name = None


def _derive_guidance(*, rebuild: bool) -> None:
    """Rebuild the derived ``SocGuidance`` rows (``salaries.guidance_build``) after anything loaded, or
    when they are missing; inside the load's transaction, so they always match the loaded data."""
    from salaries.guidance_build import rebuild as rebuild_guidance
    from salaries.models import SocGuidance

    wanted = rebuild or not SocGuidance.objects.exists()
    if wanted and DataRelease.objects.filter(source=DataRelease.Source.ONET).exists():
        rebuild_guidance()


def _unchanged(release: DataRelease, entry: dict) -> bool:
    if release.checksum != entry["checksum"]:
        return False
    for table_entry in entry["tables"]:
        table = BY_NAME[table_entry["name"]]
        if release.rows_loaded.get(table.name) != table_entry["rows"]:
            return False
        queryset = table.model.objects.all()
        if table.has_release:
            if queryset.filter(release=release).count() != table_entry["rows"]:
                return False
        elif queryset.count() < table_entry["rows"]:
            return False
    return True


def _load_release(fixtures_dir, entry, current, bar, on_table_loaded) -> dict[str, int]:
    tables = [BY_NAME[table_entry["name"]] for table_entry in entry["tables"]]
    for stale in DataRelease.objects.filter(source=entry["source"]).exclude(vintage=entry["vintage"]):
        _delete_release_rows(stale, BY_NAME.values())
        stale.delete()
    files = entry["source_files"]
    source_file = ", ".join(f["path"] for f in files)
    if len(source_file) > 255:
        source_file = f"{files[0]['path']} and {len(files) - 1} more (see manifest.json)"
    fields = {
        "published_on": entry["published_on"],
        "source_file": source_file,
        "fixture_file": str(Path(entry["tables"][0]["file"]).parent),
    }
    if current is None:
        current = DataRelease.objects.create(source=entry["source"], vintage=entry["vintage"], **fields)
    else:
        _delete_release_rows(current, [table for table in tables if not table.upsert])

    rows = {}
    for table, table_entry in zip(tables, entry["tables"], strict=True):
        path = fixtures_dir / table_entry["file"]
        if table.upsert:
            count = _upsert(table, read_rows(path, table.columns), current.pk, bar)
        else:
            count = _insert(table, path, current.pk, bar)
        if count != table_entry["rows"]:
            raise ValueError(f"{path}: {count} rows, manifest says {table_entry['rows']}")
        _check_references(table, current.pk)
        rows[table.name] = count
        if on_table_loaded is not None:
            on_table_loaded(entry["source"], table.name)

    for name, value in fields.items():
        setattr(current, name, value)
    current.checksum = entry["checksum"]
    current.rows_loaded = rows
    current.save()
    return rows


class BrokenReference(ValueError):
    """A loaded row points at a key that does not exist (checked where the database does not)."""


def _check_references(table: Table, release_id: int) -> None:
    """For foreign keys without a database constraint, on the rows just written: one scan of them with
    a hashed lookup per key column (the parents are small reference tables); only when a key is unknown,
    one anti-join per column names it. ``release_id`` is not checked: the loader sets it itself."""
    fields = [
        field_
        for field_ in table.model._meta.concrete_fields
        if field_.is_relation and not field_.db_constraint and field_.attname != "release_id"
    ]
    if not fields:
        return
    where, params = [], []
    if table.has_release:
        where.append("t.release_id = %s")
        params.append(release_id)
    unknown = [
        f't."{field_.column}" NOT IN (SELECT "{field_.target_field.column}" '
        f'FROM "{field_.target_field.model._meta.db_table}")'
        for field_ in fields
    ]
    where.append("(" + " OR ".join(unknown) + ")")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT 1 FROM "{table.db_table}" t WHERE {" AND ".join(where)} LIMIT 1', params)
        if cursor.fetchone() is None:
            return
        for field_ in fields:
            target = field_.target_field
            sql = (
                f'SELECT DISTINCT t."{field_.column}" FROM "{table.db_table}" t '
                f'LEFT JOIN "{target.model._meta.db_table}" p ON p."{target.column}" = t."{field_.column}" '
                f'WHERE p."{target.column}" IS NULL AND t."{field_.column}" IS NOT NULL'
            )
            if table.has_release:
                sql += " AND t.release_id = %s"
            cursor.execute(sql + " LIMIT 5", params)
            missing = [row[0] for row in cursor.fetchall()]
            if missing:
                raise BrokenReference(
                    f"{table.name}.{field_.column}: unknown {target.model.__name__} {missing!r}"
                )


def _delete_release_rows(release: DataRelease, tables: Iterable[Table]) -> None:
    # Children before parents (the order of tables.ALL is parents first).
    with connection.cursor() as cursor:
        for table in reversed(list(tables)):
            if table.has_release:
                cursor.execute(f'DELETE FROM "{table.db_table}" WHERE release_id = %s', [release.pk])


def _prepare(table: Table, data: Iterable[list[str]], release_id: int | None):
    """Fixture rows → parameter tuples: empty cells in nullable columns become NULL."""
    nullable = [index for index, column in enumerate(table.columns) if column in table.nullable]
    prefix = [release_id] if release_id is not None and table.has_release else []
    for row in data:
        for index in nullable:
            if row[index] == "":
                row[index] = None
        yield prefix + row


def _column_list(table: Table) -> list[str]:
    return (["release_id"] if table.has_release else []) + table.columns


def _insert(table: Table, path: Path, release_id: int, bar) -> int:
    if connection.vendor == "postgresql":
        return _copy(table, path, release_id, bar)
    columns = _column_list(table)
    rows = _prepare(table, read_rows(path, table.columns), release_id)
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        table.db_table, ", ".join(f'"{c}"' for c in columns), ", ".join(["%s"] * len(columns))
    )
    return _executemany(sql, rows, bar)


def _copy(table: Table, path: Path, release_id: int, bar) -> int:
    """Send the fixture's CSV records to ``COPY … (FORMAT csv)`` as they are: PostgreSQL parses them.

    Python only puts the release id in front of each record. The options give the fixture format's
    meaning (the one ``_prepare`` gives on other databases): an empty cell is NULL in a nullable column
    (``FORCE_NULL``: quoted or not) and an empty string in any other (``FORCE_NOT_NULL``).
    """
    records = read_records(path, table.columns)
    columns = _column_list(table)
    options = ["FORMAT csv"]
    for option, names in (
        ("FORCE_NOT_NULL", [c for c in table.columns if c not in table.nullable]),
        ("FORCE_NULL", [c for c in table.columns if c in table.nullable]),
    ):
        if names:
            options.append("{} ({})".format(option, ", ".join(f'"{c}"' for c in names)))
    sql = 'COPY "{}" ({}) FROM STDIN ({})'.format(
        table.db_table, ", ".join(f'"{c}"' for c in columns), ", ".join(options)
    )
    prefix = f"{release_id},".encode() if table.has_release else b""
    separator = b"\n" + prefix
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for start in range(0, len(records), BATCH_SIZE):
                batch = records[start : start + BATCH_SIZE]
                copy.write(prefix + separator.join(batch) + b"\n")
                if bar is not None:
                    bar.update(len(batch))
        return cursor.cursor.rowcount


def _upsert(table: Table, data, release_id: int, bar) -> int:
    columns = _column_list(table)
    key = table.pk_column
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != key)
    sql = 'INSERT INTO "{}" ({}) VALUES ({}) ON CONFLICT ("{}") DO UPDATE SET {}'.format(
        table.db_table, ", ".join(f'"{c}"' for c in columns), ", ".join(["%s"] * len(columns)), key, updates
    )
    rows = list(_prepare(table, data, release_id))
    count = _executemany(sql, rows, bar)
    if table.has_release:
        # Rows this release no longer publishes (their children were deleted with the release's rows).
        keys = {row[columns.index(key)] for row in rows}
        stale = table.model.objects.filter(release_id=release_id).exclude(pk__in=keys)
        stale.delete()
    return count


def _executemany(sql: str, rows: Iterable, bar) -> int:
    count = 0
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                cursor.executemany(sql, batch)
                count += len(batch)
                if bar is not None:
                    bar.update(len(batch))
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
            if bar is not None:
                bar.update(len(batch))
    return count


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit=" rows", unit_scale=True, desc="Loading workforce data")


def summary_lines(results: list[ReleaseResult]) -> list[str]:
    """A plain-text table: rows per table and release."""
    lines = [f"{'source':<14} {'vintage':<22} {'status':<10} {'table':<28} {'rows':>9}"]
    for result in results:
        for index, (table, count) in enumerate(result.rows.items()):
            head = (result.source, result.vintage, result.status) if index == 0 else ("", "", "")
            lines.append(f"{head[0]:<14} {head[1]:<22} {head[2]:<10} {table:<28} {count:>9,}")
    total = sum(sum(result.rows.values()) for result in results if result.status == "loaded")
    lines.append(f"{total:,} rows written.")
    return lines
