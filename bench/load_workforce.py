"""Time ``load_workforce_data`` on PostgreSQL: its table load against PostgreSQL's own COPY of the same
rows, and its derived work (guidance, statistics, snapshots) on lines of their own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careers_load .venv/bin/python bench/load_workforce.py

Works in a throwaway database, ``<name>_bench`` (``careers_load_bench`` for the URL above: created,
migrated, filled and dropped here), never in yours. It runs without the web's statement timeout: the
settings get ``DATABASE_STATEMENT_TIMEOUT_MS=0`` (as ``manage.py`` gives every command) and each
connection also runs ``SET statement_timeout = 0``, so a URL that carries a timeout of its own does not
apply either.

Set-up (not timed): one load, then the tracks catalogue (``load_tracks``), so the snapshot rebuild is the
one production runs. Then, for each run:

- **COPY floor**: the rows of every release-owned table (all but the six reference tables: areas,
  occupations, industries, skills, knowledge, job zones, which stay loaded because the catalogue points
  at them), already rendered as CSV in memory, sent with ``COPY … FROM STDIN`` into the emptied tables in
  one transaction and committed: what PostgreSQL needs to ingest them (same indexes, same constraint
  checks), with no work on the client side;
- **load**: ``load_all`` (what ``load_workforce_data`` runs) on the same state, each phase timed
  (``salaries.importers.loader.PHASES``). Its **table load** (read the gzip fixtures, COPY, upsert the
  reference rows again, check keys and foreign keys, record the releases, commit) is compared with the
  floor; ANALYZE, the ``SocGuidance`` derivation and the snapshot rebuild are derived work, each on its
  own line;
- **DELETE + COPY floor**: over the loaded data, the same rows deleted and copied again in one
  transaction: the floor of a reload;
- **reload**: ``load_all(force=True)`` over the loaded data (delete + insert), same phases, compared with
  the DELETE + COPY floor;
- **unchanged**: a load with nothing to do.

Prints medians (each run in brackets), the ratios table load ÷ floor and the load average. With the
default 3 runs it takes 4 to 5 minutes on the 2-core development machine, most of it snapshot rebuilds.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
# The web's statement timeout (settings: 5 s) would cancel the COPY of the wage table on a busy machine.
os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"

# What the table load is compared with the floor on: every phase up to the commit but the derived work.
TABLE_LOAD = ("tables", "constraints", "commit")
DERIVED = {
    "analyze": "ANALYZE of the tables written",
    "guidance": "guidance derivation (SocGuidance)",
    "snapshots": "snapshot rebuild (every public page)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.backends.signals import connection_created

    from salaries.importers.fixtures import read_manifest, read_rows
    from salaries.importers.loader import default_fixtures_dir, load_all
    from salaries.importers.tables import ALL, BY_NAME
    from salaries.models import DataRelease

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the bench compares with PostgreSQL's COPY).")

    def no_statement_timeout(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")

    connection_created.connect(no_statement_timeout, weak=False)
    load_before = os.getloadavg()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            timeout = cursor.fetchone()[0]
        fixtures = default_fixtures_dir()
        manifest = read_manifest(fixtures)
        # Release-owned tables are emptied before each cold run; the reference tables (no release) stay,
        # as the catalogue points at them. No CASCADE: TRUNCATE fails rather than empty anything else.
        owned = [t for t in ALL if t.has_release]
        owned_sql = ", ".join(f'"{t.db_table}"' for t in owned)

        def empty_tables():
            with connection.cursor() as cursor:
                cursor.execute(f'TRUNCATE {owned_sql}, "{DataRelease._meta.db_table}" RESTART IDENTITY')

        def load(**kwargs) -> dict[str, float]:
            timings: dict[str, float] = {}
            started = time.perf_counter()
            load_all(timings=timings, **kwargs)
            timings["total"] = time.perf_counter() - started
            timings["table load"] = sum(timings.get(name, 0.0) for name in TABLE_LOAD)
            return timings

        # First load and the catalogue (not timed); then every owned table as COPY-ready CSV (not timed).
        load()
        call_command("load_tracks", stdout=io.StringIO(), stderr=io.StringIO(), skip_checks=True)
        release_ids = dict(DataRelease.objects.values_list("source", "id"))
        payloads, rows_floor, rows_total = [], 0, 0
        for entry in manifest["releases"]:
            for table_entry in entry["tables"]:
                rows_total += table_entry["rows"]
                table = BY_NAME[table_entry["name"]]
                if not table.has_release:
                    continue
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                prefix = [release_ids[entry["source"]]]
                for row in read_rows(fixtures / table_entry["file"], table.columns):
                    writer.writerow(prefix + row)
                columns = ["release_id", *table.columns]
                options = ["FORMAT csv"]
                not_null = [c for c in table.columns if c not in table.nullable]
                if not_null:
                    options.append("FORCE_NOT_NULL ({})".format(", ".join(f'"{c}"' for c in not_null)))
                sql = 'COPY "{}" ({}) FROM STDIN ({})'.format(
                    table.db_table, ", ".join(f'"{c}"' for c in columns), ", ".join(options)
                )
                payloads.append((sql, buffer.getvalue().encode()))
                rows_floor += table_entry["rows"]
        releases = list(DataRelease.objects.all())

        def copy_payloads(cursor) -> None:
            for sql, payload in payloads:
                with cursor.cursor.copy(sql) as copy:
                    for start in range(0, len(payload), 1 << 20):
                        copy.write(payload[start : start + (1 << 20)])

        def floor() -> float:
            empty_tables()
            DataRelease.objects.bulk_create(releases)  # the releases the rows point at (not timed)
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                copy_payloads(cursor)
            return time.perf_counter() - started

        def replace_floor() -> float:
            # Over the loaded data: delete the rows (children first; tables.ALL lists parents first) and
            # COPY them again, in one transaction.
            assert dict(DataRelease.objects.values_list("source", "id")) == release_ids
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                for table in reversed(owned):
                    cursor.execute(f'DELETE FROM "{table.db_table}"')
                copy_payloads(cursor)
            return time.perf_counter() - started

        def cold_load() -> dict[str, float]:
            empty_tables()
            return load()

        floors, cold, replace_floors, reload, unchanged = [], [], [], [], []
        for _ in range(args.runs):
            floors.append(floor())
            cold.append(cold_load())
            replace_floors.append(replace_floor())
            reload.append(load(force=True))
            unchanged.append(load()["total"])
        load_after = os.getloadavg()

        version = connection.cursor().connection.info.server_version
        print(
            f"PostgreSQL {version // 10000}.{version % 10000}, statement_timeout {timeout}; "
            f"{rows_total:,} rows, {rows_floor:,} of them in the {len(payloads)} tables the floor copies; "
            f"median of {args.runs} run(s), each run in brackets"
        )
        print(f"load average before {_loadavg(load_before)}, after {_loadavg(load_after)}")
        _line("floor: COPY into the emptied tables, commit", floors)
        _line("floor: DELETE the rows, COPY them, commit", replace_floors)
        for label, runs, floor_runs, floor_name in (
            ("empty tables", cold, floors, "COPY floor"),
            ("--force, replacing the rows", reload, replace_floors, "DELETE + COPY floor"),
        ):
            print(f"load_workforce_data, {label}:")
            table_load = [t["table load"] for t in runs]
            _line("table load (read, COPY, keys, commit)", table_load, indent=4)
            ratio = statistics.median(table_load) / statistics.median(floor_runs)
            ratios = [t / f for t, f in zip(table_load, floor_runs, strict=True)]
            print(f"    {'ratio table load / ' + floor_name:<44} {ratio:7.2f}     {_runs(ratios)}")
            for name, derived in DERIVED.items():
                _line(f"derived: {derived}", [t.get(name, 0.0) for t in runs], indent=4)
            _line("total", [t["total"] for t in runs], indent=4)
        _line("load_workforce_data, nothing changed", unchanged)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _line(label: str, values: list[float], indent: int = 0) -> None:
    width = 48 - indent
    print(f"{' ' * indent}{label:<{width}} {statistics.median(values):7.2f} s   {_runs(values)}")


def _runs(values: list[float]) -> str:
    return "(" + ", ".join(f"{v:.2f}" for v in values) + ")"


def _loadavg(values: tuple[float, float, float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
