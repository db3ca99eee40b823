"""Hourly pay in the metro views and the CSV downloads, against the upstream OEWS file.

A mostly-hourly track (skilled trades: entry education below a bachelor's degree) shows, in a metro
panel, each figure's hourly equivalent (annual / 2,080, to the cent, half up); the CSVs carry hourly
columns for every track, top-coded annual pay ($239,200 or more) written ``>=115.00``. The expected
figures are recomputed here from the OEWS file with the independent mixture code of ``test_views``.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pytest
from django.urls import reverse

from pages.charts import ladder
from pages.formatting import hourly_csv_value, hourly_display
from salaries.statistics.wages import TOP_CODED, UNKNOWN, Quantile, hourly_equivalent
from tests.pages.track.test_views import (  # noqa: F401 - oews is a fixture
    catalogue_codes,
    expected_figures,
    needs_upstream,
    oews,
    page_html,
)

pytestmark = pytest.mark.django_db


def per_hour(annual) -> str:
    """Annual dollars -> "$12.34": annual / 2,080 to the cent, half up (computed here, not by the app)."""
    value = (Decimal(str(annual)) / 2080).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"${value:,.2f}"


def annual_value(display: str) -> int:
    return int(display.strip("$").replace(",", ""))


def csv_rows(client, slug, chart):
    response = client.get(reverse("tracks:chart_csv", kwargs={"slug": slug, "chart": chart}))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_hourly_equivalents_round_half_up_and_top_code_at_115():
    assert hourly_equivalent(62_670) == Decimal("30.13")  # 30.1298...
    assert hourly_equivalent(52_010) == Decimal("25.00")  # 25.0048...
    assert hourly_display(Quantile(239_200)) == "$115.00 or more"
    assert hourly_display(TOP_CODED) == "$115.00 or more"
    assert hourly_display(UNKNOWN) == "not available"
    assert hourly_csv_value(TOP_CODED) == ">=115.00"
    assert hourly_csv_value(None) == ""
    headers, rows = ladder.ladder_csv(
        [
            {
                "title": "Top",
                "occupation_code": "11-1011",
                "band": "upper",
                "low": Quantile(208_000),
                "high": TOP_CODED,
            }
        ]
    )
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["low_hourly"], row["high_hourly"]) == ("100.00", ">=115.00")


@needs_upstream
def test_a_mostly_hourly_metro_panel_shows_hourly_figures_equal_to_the_file(client, oews):  # noqa: F811
    slug, metro = "skilled-trades", "35620"  # New York-Newark-Jersey City
    codes = catalogue_codes(slug)
    expected = expected_figures(oews, codes, area=metro)
    html = unescape(page_html(client, slug, metro=metro))
    panel = html[html.index('id="metro-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert f'<dd class="fact-value">{expected["median"]}</dd>' in panel
    hourly_median = per_hour(annual_value(expected["median"]))
    assert f'<dt>Median hourly pay</dt><dd class="fact-value">{hourly_median} an hour</dd>' in panel
    p10, p90 = (per_hour(annual_value(expected[k])) for k in ("p10", "p90"))
    assert f"10th to 90th percentile: {p10} to {p90} an hour" in panel
    assert "annual pay ÷ 2,080 hours" in panel
    # Electricians' row: the published metro annual median / 2,080.
    electricians = oews[oews.AREA.eq(metro) & oews.NAICS.eq("000000") & oews.OCC_CODE.eq("47-2111")]
    annual = int(electricians.A_MEDIAN.iloc[0])
    row = panel[panel.index("47-2111") :]
    row = row[: row.index("</tr>")]
    assert f"<td>${annual:,}</td><td>{per_hour(annual)}</td>" in row


@pytest.mark.federal
@needs_upstream
def test_a_salaried_track_metro_panel_stays_annual_only(client):
    html = page_html(client, "software-engineering", metro="41940")
    panel = html[html.index('id="metro-panel"') :]
    assert "Median hourly pay" not in panel[: panel.index("</section>")]


@needs_upstream
def test_the_metro_csvs_carry_hourly_columns_equal_to_the_file(client, oews):  # noqa: F811
    slug, metro = "skilled-trades", "35620"
    expected = expected_figures(oews, catalogue_codes(slug), area=metro)
    rows = {r["area_code"]: r for r in csv_rows(client, slug, "metro-pay")}
    assert int(rows[metro]["median_annual"]) == annual_value(expected["median"])
    assert "$" + rows[metro]["median_hourly"] == per_hour(annual_value(expected["median"]))
    for row in rows.values():
        assert "$" + row["median_hourly"] == per_hour(row["median_annual"])
        if row["median_at_us_prices"]:
            assert "$" + row["median_at_us_prices_hourly"] == per_hour(row["median_at_us_prices"])
    for row in csv_rows(client, slug, "pay-goes-furthest"):
        assert "$" + row["median_hourly"] == per_hour(row["median_annual"])
        assert "$" + row["median_at_us_prices_hourly"] == per_hour(row["median_at_us_prices"])


@needs_upstream
def test_the_ladder_csv_carries_hourly_bands_and_the_hourly_top_code(client, oews):  # noqa: F811
    national = oews[oews.AREA.eq("99") & oews.NAICS.eq("000000")].set_index("OCC_CODE")
    rows = csv_rows(client, "skilled-trades", "ladder")
    journeyman = next(r for r in rows if r["occupation_code"] == "47-2111" and r["band"] == "p25_p75")
    low, high = int(national.loc["47-2111", "A_PCT25"]), int(national.loc["47-2111", "A_PCT75"])
    assert (int(journeyman["low_annual"]), int(journeyman["high_annual"])) == (low, high)
    assert ("$" + journeyman["low_hourly"], "$" + journeyman["high_hourly"]) == (
        per_hour(low),
        per_hour(high),
    )
    software = csv_rows(client, "software-engineering", "ladder")
    top = [r for r in software if r["high_annual"] == ">=239200"]
    assert top and all(r["high_hourly"] == ">=115.00" for r in top)
