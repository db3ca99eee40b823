"""The fixture format: one gzip CSV per table and release, plus ``manifest.json``.

- ``fixtures/workforce/<release slug>/<table>.csv.gz``: UTF-8 CSV, header = the model's columns (see
  ``tables.py``). An empty cell is NULL in a nullable (numeric) column and an empty string in a text
  column. Flags are JSON lists. Markers are already resolved: nothing left to interpret.
- Files are written byte-for-byte reproducibly (gzip mtime 0, no file name), so rebuilding from the same
  upstream files changes nothing in git, and a checksum identifies the data.
- ``manifest.json`` records, per release: source, vintage, published date, upstream files with their
  sha256, the fixture files with their sha256 and row counts, and the release checksum the loader compares.
"""

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

from .release import Release, sha256_of
from .tables import BY_NAME

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def write_release(release: Release, out_dir: Path) -> dict:
    folder = out_dir / release.slug
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for name, frame in release.tables.items():
        expected = BY_NAME[name].columns
        if sorted(frame.columns) != sorted(expected):
            raise ValueError(
                f"{release.slug}/{name}: columns {list(frame.columns)} != model columns {expected}"
            )
        frame = frame[expected]
        path = folder / f"{name}.csv.gz"
        text = frame.fillna("").astype(str).to_csv(index=False, lineterminator="\n")
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
            handle.write(text.encode("utf-8"))
        tables.append(
            {
                "name": name,
                "file": path.relative_to(out_dir).as_posix(),
                "rows": len(frame),
                "sha256": sha256_of(path),
            }
        )
    entry = {
        "source": release.source,
        "vintage": release.vintage,
        "published_on": release.published_on,
        "source_files": release.source_files,
        "notes": release.notes,
        "tables": tables,
    }
    entry["checksum"] = release_checksum(entry)
    return entry


def release_checksum(entry: dict) -> str:
    """One sha256 for a release: its identity plus every fixture file's sha256."""
    digest = hashlib.sha256(f"{entry['source']}\n{entry['vintage']}\n{entry['published_on']}\n".encode())
    for table in entry["tables"]:
        digest.update(f"{table['name']} {table['rows']} {table['sha256']}\n".encode())
    return digest.hexdigest()


def write_manifest(entries: list[dict], out_dir: Path) -> Path:
    path = out_dir / MANIFEST
    manifest = {"format": FORMAT_VERSION, "releases": entries}
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_manifest(fixtures_dir: Path) -> dict:
    manifest = json.loads((fixtures_dir / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported fixture format {manifest.get('format')!r}")
    return manifest


def read_text(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return handle.read()


def read_rows(path: Path, columns: list[str]) -> Iterator[list[str]]:
    """The rows of a fixture file (header checked against ``columns``), all cells as strings."""
    reader = csv.reader(io.StringIO(read_text(path)))
    _check_header(path, next(reader, []), columns)
    yield from reader


def read_records(path: Path, columns: list[str]) -> list[bytes]:
    """The rows of a fixture file as raw CSV records, unparsed (header checked against ``columns``).

    For PostgreSQL's ``COPY … (FORMAT csv)``, which parses them itself. A record is one line, unless a
    quoted cell holds a line break: its lines are joined again (a record ends on a line that leaves an
    even count of quote characters, as doubled quotes come in pairs).
    """
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    header, _, body = data.partition(b"\n")
    _check_header(path, next(csv.reader([header.decode("utf-8")]), []), columns)
    lines = body.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the final line break
    if not any(line.count(b'"') % 2 for line in lines):
        return lines
    records, pending, odd = [], [], False
    for line in lines:
        pending.append(line)
        odd ^= line.count(b'"') % 2 == 1
        if not odd:
            records.append(b"\n".join(pending))
            pending = []
    if pending:
        raise ValueError(f"{path}: a quoted cell is never closed")
    return records


def _check_header(path: Path, header: list[str], columns: list[str]) -> None:
    if header != columns:
        raise ValueError(f"{path}: header {header} does not match the model columns {columns}")
