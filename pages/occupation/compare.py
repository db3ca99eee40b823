"""Compare occupations side by side (``/compare/?occupations=15-1252,15-1211[,...]``).

Reads only the occupation snapshots (``pages.Snapshot`` of kind ``occupation``, built by
``pages.occupation.build``): these pure functions pick and line up what each page already shows."""

from __future__ import annotations

import re

from salaries.statistics.wages import NOT_AVAILABLE

MIN_OCCUPATIONS = 2
MAX_OCCUPATIONS = 3
TOP_SKILLS = 10
SOC_RE = re.compile(r"^\d{2}-\d{4}$")
FACT_KEYS = (
    ("us_jobs", "U.S. jobs"),
    ("median_pay", "Median pay"),
    ("projected_growth", "Projected 10-year change in jobs"),
)
JSONLD_KEYS = (
    ("percentile10", "10th"),
    ("percentile25", "25th"),
    ("median", "median"),
    ("percentile75", "75th"),
    ("percentile90", "90th"),
)


def parse_codes(value: str) -> list[str]:
    """Distinct well-formed SOC codes, in the order given, at most three."""
    codes = []
    for part in (value or "").split(","):
        code = part.strip()
        if SOC_RE.match(code) and code not in codes:
            codes.append(code)
    return codes[:MAX_OCCUPATIONS]


def occupation_column(code: str, payload: dict) -> dict:
    """One occupation's column on the compare page, from its snapshot payload (pure)."""
    facts = {f["key"]: f for f in payload.get("facts", [])}
    salary = (payload.get("jsonld", {}).get("estimatedSalary") or [{}])[0]
    pay_rows = (payload.get("pay") or {}).get("rows") or []
    # Stored displays: annual (hourly for hourly-only occupations), top-coding already shown as
    # "$239,200 or more" by the page builder.
    column = 2 if payload.get("hourly_only") else 1
    displays = [row[column] for row in pay_rows[: len(JSONLD_KEYS)]]
    quantiles = [
        {
            "label": label,
            "value": None if payload.get("hourly_only") else salary.get(key),
            "display": displays[i] if i < len(displays) else NOT_AVAILABLE,
        }
        for i, (key, label) in enumerate(JSONLD_KEYS)
    ]
    metros = payload.get("metros") or {}
    by_metro = {}
    column = {header: i for i, header in enumerate(metros.get("headers") or [])}
    for csv_row, row in zip(metros.get("csv_rows") or [], metros.get("rows") or [], strict=False):
        by_metro[str(csv_row[0])] = {
            "jobs": row[column["Jobs"]],
            "median": row[column["Median pay"]],
            "adjusted": row[column["At U.S. prices"]],
        }
    apart = payload.get("apart") or {}
    return {
        "code": code,
        "name": payload.get("title", code),
        "url": f"/occupations/{code}/",
        "hourly_only": bool(payload.get("hourly_only")),
        "facts": [
            {
                "key": key,
                "label": label,
                "value": facts[key]["value"] if key in facts else "not available",
                "detail": facts[key]["detail"] if key in facts else "",
                "source": facts[key]["source"] if key in facts else "",
            }
            for key, label in FACT_KEYS
        ],
        "quantiles": quantiles,
        "pay_source": (payload.get("pay") or {}).get("source", ""),
        "by_metro": by_metro,
        "metro_source": metros.get("source", ""),
        "skills": [s["name"] for s in apart.get("skills") or []][:TOP_SKILLS],
        "skills_source": apart.get("source", ""),
    }


def metro_rows(columns: list[dict], metro_code: str) -> list[dict]:
    return [{"name": c["name"], "url": c["url"], **c["by_metro"].get(metro_code, {})} for c in columns]
