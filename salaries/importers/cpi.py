"""CPI-U, U.S. city average, all items, not seasonally adjusted (``cpi/cpi_u_us_city_average_nsa.csv``).

A month BLS did not publish (October 2025, lapse in appropriations) stays NULL: never interpolated.
"""

from pathlib import Path

import pandas as pd

from .bls import DECIMAL, SourceFormatError
from .release import Release, source_file

FILE = "cpi/cpi_u_us_city_average_nsa.csv"


def build(source_dir: Path) -> Release:
    path = source_dir / FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    rows = frame[["year", "month", "value"]].apply(lambda column: column.str.strip())
    bad = ~rows["value"].str.match(DECIMAL) & rows["value"].ne("")
    if bad.any():
        raise SourceFormatError(f"value: unexpected {rows['value'][bad].tolist()[:5]!r}")
    last = rows[rows["value"].ne("")].iloc[-1]
    return Release(
        source="cpi",
        vintage=f"through {int(last['year'])}-{int(last['month']):02d}",
        published_on=None,
        source_files=[source_file(path, source_dir)],
        tables={"cpi_months": rows},
        notes=f"{int(rows['value'].eq('').sum())} month(s) not published by BLS are NULL.",
    )
