"""Time ``load_workforce_data`` on PostgreSQL against PostgreSQL's own COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careers .venv/bin/python bench/load_workforce.py

Works in a throwaway database (``test_<name>``, created, migrated and dropped here), never in yours.
For each run, measured on empty data tables:

- **load**: ``manage.py load_workforce_data`` (read the gzip fixtures, parse, COPY, bookkeeping, ANALYZE,
  commit);
- **floor**: the same rows, already rendered as CSV in memory, sent with ``COPY … FROM STDIN`` into the
  same tables in one transaction and committed: what PostgreSQL needs to ingest them (same indexes, same
  constraint checks), with no work on the client side;

and also a forced reload over existing data (delete + insert) and a no-change run. Prints the medians
and the ratio load ÷ floor.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from salaries.importers.fixtures import read_manifest, read_rows
    from salaries.importers.loader import default_fixtures_dir
    from salaries.importers.tables import ALL, BY_NAME
    from salaries.models import DataRelease

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the bench compares with PostgreSQL's COPY).")

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        fixtures = default_fixtures_dir()
        manifest = read_manifest(fixtures)
        tables_sql = ", ".join(f'"{t.db_table}"' for t in ALL)

        def empty_tables():
            with connection.cursor() as cursor:
                cursor.execute(
                    f'TRUNCATE {tables_sql}, "{DataRelease._meta.db_table}" RESTART IDENTITY CASCADE'
                )

        def run_command(*flags) -> float:
            started = time.perf_counter()
            call_command("load_workforce_data", *flags, stdout=io.StringIO(), skip_checks=True)
            return time.perf_counter() - started

        # First load, to learn the release ids; then render every table as COPY-ready CSV (not timed).
        run_command()
        release_ids = dict(DataRelease.objects.values_list("source", "id"))
        payloads, rows_total = [], 0
        for entry in manifest["releases"]:
            for table_entry in entry["tables"]:
                table = BY_NAME[table_entry["name"]]
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                prefix = [release_ids[entry["source"]]] if table.has_release else []
                for row in read_rows(fixtures / table_entry["file"], table.columns):
                    writer.writerow(prefix + row)
                columns = (["release_id"] if table.has_release else []) + table.columns
                not_null = ", ".join(f'"{c}"' for c in table.text_columns)
                options = "FORMAT csv" + (f", FORCE_NOT_NULL ({not_null})" if not_null else "")
                sql = 'COPY "{}" ({}) FROM STDIN ({})'.format(
                    table.db_table, ", ".join(f'"{c}"' for c in columns), options
                )
                payloads.append((sql, buffer.getvalue().encode()))
                rows_total += table_entry["rows"]
        releases = list(DataRelease.objects.all())

        def floor() -> float:
            empty_tables()
            DataRelease.objects.bulk_create(releases)  # the releases the rows point at (not timed)
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                for sql, payload in payloads:
                    with cursor.cursor.copy(sql) as copy:
                        for start in range(0, len(payload), 1 << 20):
                            copy.write(payload[start : start + (1 << 20)])
            return time.perf_counter() - started

        def cold_load() -> float:
            empty_tables()
            return run_command()

        measures = {"load": [], "floor": [], "reload": [], "unchanged": []}
        for _ in range(args.runs):
            measures["floor"].append(floor())
            measures["load"].append(cold_load())
            measures["reload"].append(run_command("--force"))
            measures["unchanged"].append(run_command())
        median = {name: statistics.median(values) for name, values in measures.items()}

        server = connection.cursor().connection.info.server_version
        print(f"PostgreSQL {server}: {rows_total:,} rows in {len(payloads)} tables; median of {args.runs}")
        lines = [
            ("load_workforce_data, empty tables", "load"),
            ("COPY floor (same rows, same tables)", "floor"),
            ("load_workforce_data --force (replace)", "reload"),
            ("load_workforce_data, nothing changed", "unchanged"),
        ]
        for label, name in lines:
            print(f"  {label:<38} {median[name]:7.2f} s   {_runs(measures[name])}")
        print(f"  {'ratio load / floor':<38} {median['load'] / median['floor']:7.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _runs(values: list[float]) -> str:
    return "(" + ", ".join(f"{v:.2f}" for v in values) + ")"


if __name__ == "__main__":
    main()
