"""What an importer hands to the fixture writer: one release of one source, as clean tables."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class Release:
    source: str  # a DataRelease.Source value
    vintage: str
    published_on: str | None  # ISO date, or None when the upstream files do not state it
    source_files: list[dict]  # [{"path": relative to the source folder, "sha256": …, "bytes": …}]
    tables: dict[str, pd.DataFrame]  # fixture table name → columns exactly as salaries.importers.tables
    notes: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # filled by the writer

    @property
    def slug(self) -> str:
        return f"{self.source}-{self.vintage}".lower().replace(" ", "-").replace("/", "-")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_file(path: Path, source_dir: Path) -> dict:
    return {
        "path": path.relative_to(source_dir).as_posix(),
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
    }
