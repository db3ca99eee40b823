"""The occupation, metro, state and compare pages' figures recomputed independently from the upstream
BLS/BEA files with pandas (the documented rules applied here: top code, suppression, price adjustment;
never salaries.statistics or the page builders), and helpers that read those pages' HTML.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pandas as pd
import pytest
from django.conf import settings
from django.urls import reverse

UPSTREAM = settings.WORKFORCE_SOURCE_DIR
OEWS_FILE = UPSTREAM / "oews" / "oews_all_data_M2025.csv.gz"
RPP_MSA = UPSTREAM / "rpp" / "rpp_msa.csv"
RPP_STATE = UPSTREAM / "rpp" / "rpp_state.csv"
needs_upstream = pytest.mark.skipif(not OEWS_FILE.exists(), reason=f"upstream data not found at {UPSTREAM}")


def upstream_file(path):
    """``path``, an upstream file; the test is skipped when it is not there (a clone that has no
    ../shared/data beside it, and no WORKFORCE_SOURCE_DIR), as ``needs_upstream`` skips a whole test."""
    if not path.exists():
        pytest.skip(f"upstream data not found at {UPSTREAM}")
    return path


TOP_CODE = Decimal(239_200)
TOP_CODE_HOURLY = Decimal("115.00")
ANNUAL = [("10th percentile", "A_PCT10"), ("Median", "A_MEDIAN"), ("90th percentile", "A_PCT90")]
HOURLY = [("10th percentile", "H_PCT10"), ("Median", "H_MEDIAN"), ("90th percentile", "H_PCT90")]


@pytest.fixture(scope="module")
def oews():
    columns = ["AREA", "AREA_TITLE", "AREA_TYPE", "NAICS", "I_GROUP", "OCC_CODE", "O_GROUP", "TOT_EMP"]
    columns += ["H_MEDIAN", "H_PCT10", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]
    frame = pd.read_csv(upstream_file(OEWS_FILE), dtype=str, keep_default_na=False, usecols=columns)
    return frame[(frame.NAICS == "000000") | (frame.I_GROUP == "sector")]


def upstream_row(oews, code: str, area: str = "99"):
    rows = oews[oews.AREA.eq(area) & oews.NAICS.eq("000000") & oews.OCC_CODE.eq(code)]
    assert len(rows) == 1
    return rows.iloc[0]


def annual(cell: str) -> str:
    if cell == "#" or (cell not in ("*", "**", "") and Decimal(cell) >= TOP_CODE):
        return "$239,200 or more"
    if cell in ("*", "**", ""):
        return "not published"
    return f"${int(cell):,}"


def hourly(cell: str) -> str:
    if cell == "#" or (cell not in ("*", "**", "") and Decimal(cell) >= TOP_CODE_HOURLY):
        return "$115.00 or more"
    if cell in ("*", "**", ""):
        return "not published"
    return f"${Decimal(cell):,.2f}"


def rpp(path, geofips: str, year: int = 2024) -> Decimal:
    frame = pd.read_csv(upstream_file(path), dtype=str)
    return Decimal(frame[(frame.geofips == geofips) & (frame.year == str(year))].rpp_all_items.iloc[0])


def at_us_prices(median: str, parity: Decimal) -> str:
    value = Decimal(median) / (parity / 100)
    return f"${int((value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 10:,}"


def text(fragment: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def fact(html: str, key: str, part: str = "fact-value") -> str:
    match = re.search(rf'id="fact-{key}">.*?<dd class="{part}">(.*?)</dd>', html, re.S)
    assert match, f"no {part} for fact {key}"
    return text(match.group(1))


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """Rows of the table with this caption (or aria-label): first cell -> the other cells."""
    match = re.search(rf"{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert match, caption
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def page(client, code: str) -> str:
    response = client.get(reverse("occupation", kwargs={"code": code}))
    assert response.status_code == 200
    return response.content.decode()
