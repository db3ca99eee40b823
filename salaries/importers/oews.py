"""OEWS "all data" release (``oews/oews_all_data_M<year>.csv.gz``) → areas, occupations, industries,
wage estimates, and that year's national rows for the history table.

Kept from the release:

- every occupation (all levels) for the cross-industry rows of the nation, states, territories,
  metropolitan and nonmetropolitan areas;
- national rows by industry at **sector** level: the 20 NAICS sectors (``11--12`` … ``81--82`` and
  ``99-100``), which partition cross-industry employment, plus the three OEWS government designations
  ``999101``/``999201``/``999301``. Those three overlap the sectors (they include schools, hospitals and
  the Postal Service, which BLS also counts in sectors 61, 62 and 48–49), so they are stored with
  industry level ``government`` and must not be added to the sector set when computing shares.

Ownership rows and 3- to 6-digit NAICS rows are not kept (the product does not use them).
"""

import json
import re
from pathlib import Path

import pandas as pd

from salaries.models import Area, Industry

from .bls import is_true, resolve
from .release import Release, source_file

FILE_PATTERN = re.compile(r"oews_all_data_M(\d{4})\.csv\.gz$")
CROSS_INDUSTRY = "000000"
GOVERNMENT_DESIGNATIONS = frozenset({"999101", "999201", "999301"})

AREA_TYPES = {
    "1": Area.AreaType.NATIONAL,
    "2": Area.AreaType.STATE,
    "3": Area.AreaType.TERRITORY,
    "4": Area.AreaType.METRO,
    "6": Area.AreaType.NONMETRO,
}

WAGE_COLUMNS = {
    "TOT_EMP": "employment",
    "EMP_PRSE": "employment_rse",
    "JOBS_1000": "jobs_per_1000",
    "LOC_QUOTIENT": "location_quotient",
    "A_MEAN": "annual_mean",
    "A_PCT10": "annual_p10",
    "A_PCT25": "annual_p25",
    "A_MEDIAN": "annual_median",
    "A_PCT75": "annual_p75",
    "A_PCT90": "annual_p90",
    "H_MEAN": "hourly_mean",
    "H_PCT10": "hourly_p10",
    "H_PCT25": "hourly_p25",
    "H_MEDIAN": "hourly_median",
    "H_PCT75": "hourly_p75",
    "H_PCT90": "hourly_p90",
    "MEAN_PRSE": "mean_rse",
}
INTEGER_FIELDS = {"employment", *(f for f in WAGE_COLUMNS.values() if f.startswith("annual_"))}

HISTORY_COLUMNS = {
    "TOT_EMP": "employment",
    "A_MEAN": "annual_mean",
    "A_PCT10": "annual_p10",
    "A_PCT25": "annual_p25",
    "A_MEDIAN": "annual_median",
    "A_PCT75": "annual_p75",
    "A_PCT90": "annual_p90",
    "H_MEDIAN": "hourly_median",
}


def find(source_dir: Path) -> Path:
    matches = sorted(
        p for p in (source_dir / "oews").glob("oews_all_data_M*.csv.gz") if FILE_PATTERN.search(p.name)
    )
    if not matches:
        raise FileNotFoundError(f"no oews/oews_all_data_M<year>.csv.gz under {source_dir}")
    return matches[-1]  # the newest release


def read(path: Path) -> pd.DataFrame:
    # Every cell as text: codes keep their leading zeros (area "01", industry "000000"), markers stay.
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")


def build(source_dir: Path) -> Release:
    path = find(source_dir)
    year = int(FILE_PATTERN.search(path.name).group(1))
    frame = read(path)
    unknown = set(frame["AREA_TYPE"]) - set(AREA_TYPES)
    if unknown:
        raise ValueError(f"unknown AREA_TYPE values {sorted(unknown)} in {path.name}")

    cross = frame["I_GROUP"].eq("cross-industry")
    national_sectors = frame["AREA"].eq("99") & frame["I_GROUP"].eq("sector")
    kept = frame[cross | national_sectors].reset_index(drop=True)

    areas = (
        kept[["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE"]]
        .drop_duplicates("AREA")
        .rename(columns={"AREA": "code", "AREA_TITLE": "name", "PRIM_STATE": "state"})
    )
    areas["area_type"] = areas.pop("AREA_TYPE").map(AREA_TYPES)
    occupations = (
        frame[["OCC_CODE", "OCC_TITLE", "O_GROUP"]]
        .drop_duplicates("OCC_CODE")
        .rename(columns={"OCC_CODE": "code", "OCC_TITLE": "title", "O_GROUP": "level"})
    )
    industries = kept[["NAICS", "NAICS_TITLE", "I_GROUP"]].drop_duplicates("NAICS")
    industries = industries.rename(columns={"NAICS": "code", "NAICS_TITLE": "title", "I_GROUP": "level"})
    industries.loc[industries["code"].isin(GOVERNMENT_DESIGNATIONS), "level"] = Industry.Level.GOVERNMENT

    wages = resolve(kept, WAGE_COLUMNS, integer=INTEGER_FIELDS)
    wages.insert(0, "area_id", kept["AREA"])
    wages.insert(1, "industry_id", kept["NAICS"])
    wages.insert(2, "occupation_id", kept["OCC_CODE"])
    wages["hourly_only"] = is_true(kept["HOURLY"])
    duplicated = wages.duplicated(["area_id", "industry_id", "occupation_id"])
    if duplicated.any():
        raise ValueError(
            f"{int(duplicated.sum())} duplicate (area, industry, occupation) rows in {path.name}"
        )

    national = kept[kept["AREA"].eq("99") & kept["NAICS"].eq(CROSS_INDUSTRY)].reset_index(drop=True)
    history = resolve(national, HISTORY_COLUMNS, integer=INTEGER_FIELDS)
    history.insert(0, "year", str(year))
    history.insert(1, "occ_code", national["OCC_CODE"])
    history.insert(2, "occ_title", national["OCC_TITLE"])
    history.insert(3, "o_group", national["O_GROUP"])
    history.insert(4, "soc_basis", "SOC2018")
    history["hourly_only"] = is_true(national["HOURLY"])

    manifest = source_dir / "oews" / "bls_source_manifest.json"
    published_on = None
    extra_sources = []
    if manifest.exists():
        info = json.loads(manifest.read_text(encoding="utf-8"))
        published_on = info.get("sources", {}).get("oe.release", {}).get("last_modified")
        extra_sources.append(source_file(manifest, source_dir))

    return Release(
        source="oews",
        vintage=f"May {year}",
        published_on=published_on,
        source_files=[source_file(path, source_dir), *extra_sources],
        tables={
            "areas": areas,
            "occupations": occupations,
            "industries": industries,
            "wage_estimates": wages,
            "national_occupation_years": history,
        },
        notes=(
            "Cross-industry rows for every area and occupation; national rows by sector (level 'sector', "
            "20 NAICS sectors that partition cross-industry employment) and the OEWS government "
            "designations 999101/999201/999301 (level 'government', overlapping the sectors: never add "
            "them to sector shares). Markers: '*'/'**' → NULL listed in suppressed_fields, '#' → NULL "
            "listed in top_coded_fields. Also this year's national cross-industry rows for the history table."
        ),
    )
