"""Independent reads of the upstream files in ../shared/data, for exact-figure assertions.

These parse the federal source files directly (not our fixtures or models), so a figure on a page is
checked against the publisher's number, recomputed by plain arithmetic here.
"""

import csv
import gzip
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings

from tests.pages.upstream import upstream_file

OEWS = settings.WORKFORCE_SOURCE_DIR / "oews" / "oews_all_data_M2025.csv.gz"
RPP = settings.WORKFORCE_SOURCE_DIR / "rpp" / "rpp_msa.csv"
TOP_CODE = Decimal(239_200)


@cache
def oews_rows(pairs: frozenset[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """Cross-industry OEWS May 2025 rows for (area code, SOC code) pairs, as BLS printed them."""
    areas = {area for area, _ in pairs}
    found = {}
    with gzip.open(upstream_file(OEWS), "rt", encoding="utf-8", newline="") as handle:
        header = next(csv.reader([next(handle)]))
        for line in handle:
            if line.split(",", 1)[0].strip('"') not in areas:
                continue
            row = next(csv.DictReader([line], fieldnames=header))
            key = (row["AREA"], row["OCC_CODE"])
            if row["NAICS"] == "000000" and key in pairs:
                found[key] = row
    return found


def rpp(geofips: str, year: int = 2024) -> Decimal:
    with open(upstream_file(RPP), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["geofips"] == geofips and int(row["year"]) == year:
                return Decimal(row["rpp_all_items"])
    raise LookupError(geofips)


def dollars(value: Decimal) -> str:
    """Round half up to the nearest $10, as BLS rounds annual wages; "$74,120"."""
    tens = (Decimal(value) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"${int(tens) * 10:,}"


def published(value: str) -> str:
    """A BLS annual wage cell as our pages show it: "$74,120", or the top code for '#' or >= $239,200."""
    if value == "#" or Decimal(value) >= TOP_CODE:
        return "$239,200 or more"
    return f"${int(value):,}"
