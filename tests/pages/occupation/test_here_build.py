"""The pure parts of the occupation page's metro views and "How people get in" block (no database)."""

from pages.occupation.entry import LICENSING_NOT_IN_DATA, entry_block, zone_name
from pages.occupation.here import at_us_prices, expanded, view_key
from salaries.statistics.wages import Quantile

TOP = Quantile(None, top_coded=True)


def test_a_wage_at_us_prices_follows_the_price_adjusted_rule():
    assert at_us_prices(Quantile.of(100_000), 125.0) == "$80,000"
    assert at_us_prices(Quantile.of(84_830), 98.157) == "$86,420"  # 86,422.0 to the nearest $10
    assert at_us_prices(Quantile.of(230_000), 95.0) == "$239,200 or more"  # 242,105 is above the top code
    assert at_us_prices(Quantile.of(None), 95.0) == "not published"
    assert at_us_prices(Quantile.of(100_000), None) == "not available"


def test_a_top_coded_wage_at_us_prices_reads_as_its_least_value():
    assert at_us_prices(TOP, 110.0) == "$217,450 or more"  # 239,200 / 1.1 = 217,454.5 -> $10
    assert at_us_prices(TOP, 93.923) == "$239,200 or more"  # never a number above the top code


def test_view_keys_are_never_read_as_array_indexes():
    assert view_key("39580") == "m39580"


def test_how_people_get_in():
    projection = {"education": "Bachelor's degree", "experience": "None", "training": ""}
    onet = [
        {"title": "Registered Nurses", "job_zone": 3},
        {"title": "Acute Care Nurses", "job_zone": 4},
        {"title": "Critical Care Nurses", "job_zone": 4},
        {"title": "No zone", "job_zone": None},
    ]
    zones = {
        3: {"name": "Job Zone Three: Medium Preparation Needed", "education": "Vocational school."},
        4: {"name": "Job Zone Four: Considerable Preparation Needed", "education": "Four years."},
    }
    block = entry_block(projection, onet, zones, projections_vintage="2024–34", onet_vintage="29.3")
    assert block["bls"] == [
        {"label": "Typical education needed to enter", "value": "Bachelor's degree"},
        {"label": "Work experience in a related occupation", "value": "None"},
    ]  # an empty item is left out
    assert block["job_zones"] == [
        {
            "zone": 3,
            "name": "medium preparation needed",
            "education": "Vocational school.",
            "titles": ["Registered Nurses"],
        },
        {
            "zone": 4,
            "name": "considerable preparation needed",
            "education": "Four years.",
            "titles": ["Acute Care Nurses", "Critical Care Nurses"],
        },
    ]
    assert block["licensing"] == LICENSING_NOT_IN_DATA
    assert block["bls_source"] == "BLS Employment Projections, 2024–34"


def test_one_zone_lists_no_titles_and_no_projection_lists_no_bls_items():
    block = entry_block(
        None, [{"title": "Lawyers", "job_zone": 5}], {}, projections_vintage="", onet_vintage=""
    )
    assert block["bls"] == []
    assert block["job_zones"] == [{"zone": 5, "name": "", "education": "", "titles": []}]
    assert zone_name("Job Zone Five: Extensive Preparation Needed") == "extensive preparation needed"


def test_a_stored_view_is_labelled_when_read():
    pay = [[f"${n},000", f"${n + 1},000", f"${n}.00"] for n in (10, 20, 30, 40, 50)]
    view = expanded({"code": "39580", "pay": pay, "tier": "mid-market"})
    assert [r["label"] for r in view["percentiles"]] == ["10th", "25th", "Median", "75th", "90th"]
    assert view["percentiles"][2] == {
        "label": "Median",
        "annual": "$30,000",
        "at_us_prices": "$31,000",
        "hourly": "$30.00",
    }
    assert view["tier"] == "mid-market metros"
    assert expanded(None) is None
