"""OEWS national cross-industry estimates by survey year (``oews-history/oews_national_*.csv.gz``).

One row per (year, occ_code, o_group), codes and titles as BLS published them that year (SOC 2010 and
hybrid codes before 2021). Markers as in the current release; the top code changed over the years
($187,200 in 2013-2015, $208,000 in 2016-2021, $239,200 from 2022), so a ``#`` is only a flag here.
The current release's own national rows come from ``oews.py``; a year present in both is taken from the
current release.
"""

import re
from pathlib import Path

import pandas as pd

from .bls import is_true, resolve
from .oews import HISTORY_COLUMNS, INTEGER_FIELDS
from .release import Release, source_file

FILE_PATTERN = re.compile(r"oews_national_(\d{4})_(\d{4})\.csv\.gz$")
SOURCE_COLUMNS = {source.lower(): field for source, field in HISTORY_COLUMNS.items()}


def find(source_dir: Path) -> Path:
    matches = sorted((source_dir / "oews-history").glob("oews_national_*.csv.gz"))
    matches = [p for p in matches if FILE_PATTERN.search(p.name)]
    if not matches:
        raise FileNotFoundError(f"no oews-history/oews_national_<from>_<to>.csv.gz under {source_dir}")
    return matches[-1]


def build(source_dir: Path, *, exclude_years: set[int] = frozenset()) -> Release:
    path = find(source_dir)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    frame = frame[~frame["year"].astype(int).isin(exclude_years)].reset_index(drop=True)
    rows = resolve(frame, SOURCE_COLUMNS, integer=INTEGER_FIELDS)
    rows.insert(0, "year", frame["year"])
    rows.insert(1, "occ_code", frame["occ_code"])
    rows.insert(2, "occ_title", frame["occ_title"])
    rows.insert(3, "o_group", frame["o_group"])
    rows.insert(4, "soc_basis", frame["soc_basis"])
    rows["hourly_only"] = is_true(frame["hourly"])
    duplicated = rows.duplicated(["year", "occ_code", "o_group"])
    if duplicated.any():
        raise ValueError(f"{int(duplicated.sum())} duplicate (year, occ_code, o_group) rows in {path.name}")
    years = sorted(rows["year"].astype(int).unique())
    return Release(
        source="oews_history",
        vintage=f"May {years[0]}-May {years[-1]}",
        published_on=None,
        source_files=[source_file(path, source_dir)],
        tables={"national_occupation_years": rows},
        notes="National cross-industry OEWS estimates by May survey year, codes as published that year.",
    )
