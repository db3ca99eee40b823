"""BEA Regional Price Parities (``rpp/rpp_msa.csv`` and ``rpp/rpp_state.csv``), U.S. = 100.

Area codes: BEA's ``geofips`` for a metropolitan area is its CBSA code, which is the OEWS area code;
``00000`` (United States) becomes OEWS ``99``; a state ``SS000`` becomes the 2-digit FIPS ``SS`` that OEWS
uses for states. BEA areas with no OEWS area (``00999``, the U.S. nonmetropolitan portion, and any MSA
OEWS does not publish) are skipped and counted in the release notes, not invented as areas. The
state metropolitan/nonmetropolitan portions (``rpp_state_portion.csv``) are not loaded: they have no
OEWS area to attach to.

Each year's RPPs are an independent cross-section: compare places within a year, never across years.
"""

import re
from pathlib import Path

import pandas as pd

from .bls import DECIMAL, SourceFormatError
from .release import Release, source_file

FILES = {"msa": "rpp/rpp_msa.csv", "state": "rpp/rpp_state.csv"}
RAW_FOOTER = "rpp/raw/MARPP_MSA_*.csv"
UPDATED = re.compile(r"Last updated: ([A-Z][a-z]+ \d{1,2}, \d{4})")
VALUES = {
    "rpp_all_items": "all_items",
    "rpp_goods": "goods",
    "rpp_housing": "housing",
    "rpp_utilities": "utilities",
    "rpp_other_services": "other_services",
}


def area_code(geofips: str) -> str:
    if geofips == "00000":
        return "99"
    if geofips.endswith("000"):
        return geofips[:2]
    return geofips


def build(source_dir: Path, *, area_codes: set[str]) -> Release:
    frames, files = [], []
    for kind, name in FILES.items():
        path = source_dir / name
        files.append(source_file(path, source_dir))
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
        if kind == "state":
            frame = frame[frame["geofips"].str.endswith("000") & frame["geofips"].ne("00000")]
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True).apply(lambda column: column.str.strip())
    frame["area_id"] = frame["geofips"].map(area_code)
    known = frame["area_id"].isin(area_codes)
    skipped = frame.loc[~known, ["geofips", "geoname"]].drop_duplicates()
    frame = frame[known].reset_index(drop=True)

    rows = frame[["area_id", "geofips", "year"]].copy()
    for source, field in VALUES.items():
        cells = frame[source]
        bad = ~cells.str.match(DECIMAL) & cells.ne("")
        if bad.any():
            raise SourceFormatError(f"{source}: unexpected values {cells[bad].unique()[:5].tolist()!r}")
        rows[field] = cells
    if rows.duplicated(["area_id", "year"]).any():
        raise ValueError("duplicate (area, year) RPP rows")

    published_on = None
    for raw in sorted(source_dir.glob(RAW_FOOTER)):
        match = UPDATED.search(raw.read_text(encoding="utf-8", errors="replace"))
        if match:
            published_on = pd.to_datetime(match.group(1), format="%B %d, %Y").date().isoformat()
            files.append(source_file(raw, source_dir))
    years = sorted(rows["year"].astype(int).unique())
    skipped_list = ", ".join(f"{r.geofips} {r.geoname}" for r in skipped.itertuples())
    return Release(
        source="rpp",
        vintage=f"{years[0]}-{years[-1]}",
        published_on=published_on,
        source_files=files,
        tables={"price_parities": rows},
        notes=(
            f"Metro (CBSA) and state RPPs matched to OEWS areas. Skipped {len(skipped)} BEA area(s) with no "
            f"OEWS area: {skipped_list or 'none'}. State portions not loaded."
        ),
    )
