"""BLS Employment Projections by occupation (``projections/ep_occupation_projections_<base>_<yy>.csv``).

Read with ``keep_default_na=False``: ``None`` is a real BLS category in ``experience`` and ``training``
("no experience / no training needed"), not a missing value. Employment figures are in thousands and
include the self-employed (unlike OEWS).
"""

import re
from pathlib import Path

import pandas as pd

from .bls import DECIMAL, INTEGER, SourceFormatError
from .release import Release, source_file

FILE_PATTERN = re.compile(r"ep_occupation_projections_(\d{4})_(\d{2})\.csv$")
COLUMNS = {
    "occ_code": "occ_code",
    "occ_title": "occ_title",
    "occ_type": "occ_type",
    "base_year": "base_year",
    "proj_year": "proj_year",
    "emp_base": "employment_base",
    "emp_proj": "employment_projected",
    "change_num": "change",
    "change_pct": "change_percent",
    "openings_annual": "openings_annual",
    "median_wage": "median_wage",
    "median_wage_note": "median_wage_note",
    "education": "education",
    "experience": "experience",
    "training": "training",
    "pct_self_employed": "percent_self_employed",
}
REQUIRED_NUMBERS = ["base_year", "proj_year", "employment_base", "employment_projected", "change",
                    "change_percent", "openings_annual"]  # fmt: skip
OPTIONAL_NUMBERS = ["median_wage", "percent_self_employed"]


def find(source_dir: Path) -> Path:
    matches = sorted(p for p in (source_dir / "projections").glob("*.csv") if FILE_PATTERN.search(p.name))
    if not matches:
        raise FileNotFoundError(
            f"no projections/ep_occupation_projections_<base>_<yy>.csv under {source_dir}"
        )
    return matches[-1]


def build(source_dir: Path) -> Release:
    path = find(source_dir)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    rows = frame[list(COLUMNS)].rename(columns=COLUMNS)
    rows = rows.apply(lambda column: column.str.strip())
    for column in REQUIRED_NUMBERS + OPTIONAL_NUMBERS:
        pattern = INTEGER if column in {"base_year", "proj_year", "median_wage"} else DECIMAL
        cells = rows[column]
        bad = ~cells.str.match(pattern) & ~(cells.eq("") & (column in OPTIONAL_NUMBERS))
        if bad.any():
            raise SourceFormatError(f"{column}: unexpected values {cells[bad].unique()[:5].tolist()!r}")
    if rows["occ_code"].duplicated().any():
        raise ValueError(f"duplicate occupation codes in {path.name}")
    base, proj = rows["base_year"].iloc[0], rows["proj_year"].iloc[0]
    return Release(
        source="projections",
        vintage=f"{base}-{proj[-2:]}",
        published_on=None,
        source_files=[source_file(path, source_dir)],
        tables={"projections": rows},
        notes="Employment in thousands, including the self-employed (National Employment Matrix, not OEWS).",
    )
