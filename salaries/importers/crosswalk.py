"""BLS SOC 2010 → SOC 2018 crosswalk (``soc-crosswalk/soc_2010_to_2018.csv``): many-to-many, no weights."""

from pathlib import Path

import pandas as pd

from .release import Release, source_file

FILE = "soc-crosswalk/soc_2010_to_2018.csv"
COLUMNS = ["soc2010_code", "soc2010_title", "soc2018_code", "soc2018_title"]


def build(source_dir: Path) -> Release:
    path = source_dir / FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    rows = frame[COLUMNS].apply(lambda column: column.str.strip())
    if rows.duplicated(["soc2010_code", "soc2018_code"]).any():
        raise ValueError("duplicate crosswalk pairs")
    return Release(
        source="soc_crosswalk",
        vintage="SOC 2010-2018",
        published_on=None,
        source_files=[source_file(path, source_dir)],
        tables={"soc_crosswalk": rows},
    )
