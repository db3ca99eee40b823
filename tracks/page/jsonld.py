"""The track page's JSON-LD (schema.org ``Occupation``), and the escaping that keeps it inside its
<script> element."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from salaries.statistics.mixture import TrackPay

# The characters json_script escapes, so JSON-LD can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, escaped as ``json_script`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above


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
        "url": f"{settings.SITE_URL}{path}",
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
