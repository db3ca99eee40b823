"""pages.charts.industries: industry shares."""

from pages.charts import industries
from tests.pages.charts.samples import SHARES

# --- industries ----------------------------------------------------------------------------------------


def test_industry_chart_table_csv_summary():
    figure = industries.industry_chart(SHARES)
    bar = figure["data"][0]
    assert bar["x"] == [60.0, 39.5, 0.5]
    assert bar["text"] == ["60% of jobs", "40% of jobs", "<1% of jobs"]
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == [
        "Professional, Scientific, and Technical<br>Services: median $120,570",
        "Manufacturing: median $115,050",
        "Agriculture, Forestry, Fishing and<br>Hunting: median $239,200 or more",
    ]
    assert industries.industry_table(SHARES)[1][0] == [
        "Professional, Scientific, and Technical Services",
        "60%",
        "600",
        "$120,570",
    ]
    assert industries.industry_csv(SHARES)[1][2] == [
        "11--12",
        "Sector 11 - Agriculture, Forestry, Fishing and Hunting",
        5,
        0.005,
        ">=239200",
    ]
    assert industries.industry_summary(SHARES) == (
        "Professional, Scientific, and Technical Services holds the largest share of the track's jobs (60%), "
        "at a median of $120,570."
    )
