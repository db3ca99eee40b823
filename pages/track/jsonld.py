"""The track page's JSON-LD (schema.org ``Occupation``)."""

from __future__ import annotations

from pages.links import canonical_url
from salaries.statistics.mixture import TrackPay


def track_jsonld(
    *,
    name: str,
    description: str,
    path: str,
    occupations: list[dict],
    pay: TrackPay | None,
    pay_source: str,
    skills: list[str],
) -> dict:
    """An ``Occupation`` for the track: its SOC codes, its national pay distribution and top skills."""
    doc = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": name,
        "description": description,
        "url": canonical_url(path),
        "occupationLocation": [{"@type": "Country", "name": "United States"}],
        "occupationalCategory": [
            {
                "@type": "CategoryCode",
                "codeValue": o["code"],
                "name": o["title"],
                "inCodeSet": "https://www.bls.gov/soc/2018/",
            }
            for o in occupations
        ],
    }
    if pay is not None:
        salary = {
            "@type": "MonetaryAmountDistribution",
            "name": f"Annual pay, {pay_source}",
            "currency": "USD",
            "duration": "P1Y",
        }
        for key, quantile in (
            ("percentile10", pay.p10),
            ("percentile25", pay.p25),
            ("median", pay.median),
            ("percentile75", pay.p75),
            ("percentile90", pay.p90),
        ):
            if quantile.value is not None:
                salary[key] = round(quantile.value)
        doc["estimatedSalary"] = [salary]
    if skills:
        doc["skills"] = list(skills)
    return doc
