"""pages.charts.base: labels, bars and what every chart shares."""

import pytest

from pages.charts import base, industries, ladder, location, projections
from salaries.statistics.industries import IndustryShare
from salaries.statistics.wages import Quantile
from tests.pages.charts.samples import PROJECTIONS, RUNGS, many_metros


def test_labels():
    assert base.short_metro_name("San Jose-Sunnyvale-Santa Clara, CA") == "San Jose, CA"
    assert base.short_metro_name("New York-Newark-Jersey City, NY-NJ") == "New York, NY-NJ"
    assert base.wrap_label("Tom & Jerry <Inc>", width=40) == "Tom &amp; Jerry &lt;Inc&gt;"
    assert base.wrap_label("Washington-Arlington-Alexandria, DC-VA-MD-WV", width=42) == (
        "Washington-Arlington-Alexandria,<br>DC-VA-MD-WV"
    )


def test_bar_labels_sit_on_an_opaque_box_so_the_zero_line_passes_behind():
    figure = projections.projection_chart(PROJECTIONS)
    assert figure["layout"]["xaxis"]["zeroline"] is True
    labels = figure["layout"]["annotations"]
    assert [a["text"] for a in labels] == ["Logisticians", "Management Analysts"]
    assert all(a["bgcolor"] == base.COLORS["background"] for a in labels)
    assert figure["layout"]["paper_bgcolor"] == base.COLORS["background"]
    # the ladder's grid lines too
    assert all("bgcolor" in a for a in ladder.ladder_chart(RUNGS)["layout"]["annotations"][:3])


def test_bar_charts_draw_at_most_six_rows_and_say_so():
    metros = many_metros(10)
    figure = location.metro_pay_chart(metros)
    assert figure["data"][0]["y"] == [f"City{i}-Other, ST" for i in range(6)]
    assert figure["layout"]["height"] <= 460  # a phone page stays within its screens
    # two bars a row, each thick enough that their value labels (13px text, ~16px boxes) do not touch
    assert figure["layout"]["bargap"] == pytest.approx(1 - 2 * base.PAIRED_BAR_PX / (34 + 17 + 8))
    assert base.PAIRED_BAR_PX >= 16
    assert location.metro_pay_summary(metros).endswith(
        " The chart shows the first 6 of the 10 metros; the numbers list them all."
    )
    assert len(location.metro_pay_table(metros)[1]) == 10
    assert len(location.pay_goes_furthest_chart(metros)["data"][0]["y"]) == 6
    assert "first 6 of the 10 ranked metros" in location.pay_goes_furthest_summary(metros)
    assert "first" not in location.metro_pay_summary(metros[:6])
    shares = [
        IndustryShare(str(i), f"Sector {i} - S{i}", 10 - i, (10 - i) / 55, Quantile(1)) for i in range(8)
    ]
    assert len(industries.industry_chart(shares)["data"][0]["y"]) == 6
    assert industries.industry_summary(shares).endswith(
        "first 6 of the 8 sectors; the numbers list them all."
    )
