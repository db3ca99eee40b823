"""pages.charts.location: pay by location (metro pay, where pay goes furthest)."""

import dataclasses

from pages.charts import location
from tests.pages.charts.samples import METROS

# --- pay by location -----------------------------------------------------------------------------------


def test_metro_pay_chart():
    figure = location.metro_pay_chart(METROS)
    nominal, adjusted = figure["data"]
    assert nominal["name"] == "Median pay" and adjusted["name"] == "At average U.S. prices"
    assert nominal["x"] == [138_250.0, 136_090.0, None, 90_000.0]  # top-coded: no bar, never a number
    assert adjusted["x"] == [122_820.0, 124_990.0, None, None]
    assert nominal["text"] == ["$138,250", "$136,090", "", "$90,000"]
    assert adjusted["text"] == ["$122,820", "$124,990", "", ""]
    notes = [a["text"] for a in figure["layout"]["annotations"]]
    # each row's label is printed above its bars (phones have no room for an axis-label column)
    # by principal city, one line each (the table beside the chart has the full names)
    assert notes[:4] == ["New York, NY-NJ", "Washington, DC-VA-MD-WV", "Richtown, ST", "Nowhere, ST"]
    assert notes[4:] == ["median $239,200 or more", "no price parity"]
    assert figure["layout"]["yaxis"]["showticklabels"] is False
    assert all(v is None or v < 239_200 for v in nominal["x"])


def test_metro_tables_csv_and_summaries():
    headers, rows = location.metro_pay_table(METROS)
    assert headers == [  # the point of the table (pay at U.S. prices) first, then what it comes from
        "Metro area",
        "At U.S. prices",
        "Median pay",
        "Price parity (U.S. = 100)",
        "Jobs",
        "Tier",
    ]
    assert rows[0] == [
        "New York-Newark-Jersey City, NY-NJ",
        "$122,820",
        "$138,250",
        "112.6",
        "343,870",
        "largest",
    ]
    assert rows[2][2] == "$239,200 or more"
    assert rows[3] == [
        "Nowhere, ST",
        "not available",
        "$90,000",
        "not available",
        "2,000",
        "smaller (limited data, not ranked)",
    ]
    csv_headers, csv_rows = location.metro_pay_csv(METROS)
    assert csv_rows[0] == [
        "35620",
        "New York-Newark-Jersey City, NY-NJ",
        343_870,
        138_250,
        112.563,
        122_820,
        "largest",
        True,
        "66.47",  # 138,250 / 2,080 hours
        "59.05",  # 122,820 / 2,080 hours
        "",  # reliability: these hand-built figures carry no published errors
    ]
    assert csv_rows[2][3] == ">=239200" and csv_rows[3][4] == ""
    assert csv_rows[2][8] == ">=115.00"  # the top code, by the hour
    assert location.metro_pay_summary(METROS) == (
        "Of these 4 metros, New York, NY-NJ pays the highest median ($138,250); at average U.S. prices "
        "Washington, DC-VA-MD-WV comes out ahead ($124,990)."
    )
    furthest = [METROS[1], METROS[0]]
    assert location.pay_goes_furthest_table(furthest)[1][0] == [
        "Washington-Arlington-Alexandria, DC-VA-MD-WV",
        "1",
        "$124,990",
        "$136,090",
        "108.9",
    ]
    assert location.pay_goes_furthest_csv(furthest)[1][1] == [
        2,
        "35620",
        "New York-Newark-Jersey City, NY-NJ",
        122_820,
        138_250,
        112.563,
        "59.05",
        "66.47",
    ]
    assert location.pay_goes_furthest_summary(furthest) == (
        "Pay goes furthest in Washington, DC-VA-MD-WV, where the median of $136,090 buys what $124,990 "
        "buys at average U.S. prices."
    )
    assert location.pay_goes_furthest_summary([]) == "No metro has enough published data to be ranked."


def test_pay_goes_furthest_chart_ranks_in_labels():
    figure = location.pay_goes_furthest_chart(METROS[:2])
    assert figure["data"][0]["x"] == [122_820.0, 124_990.0]
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels[0] == "1. New York, NY-NJ: median $138,250"


def test_with_no_priced_metro_the_summary_says_so_for_a_track_or_an_occupation():
    unpriced = [dataclasses.replace(m, adjusted_median=None) for m in METROS]
    summary = location.metro_pay_summary(unpriced)
    assert summary.startswith("No metro among those with the most of these jobs")
    assert "track" not in summary  # the occupation pages use it too (issue 22: the occupation's jobs)
