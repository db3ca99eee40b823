"""salaries.statistics.industries: industry shares and overlap."""

import pytest

from salaries.statistics.industries import (
    IndustryShare,
    clean_sector_title,
    industry_overlap,
    industry_shares,
)
from salaries.statistics.wages import Quantile
from tests.salaries.statistics.samples import A, B, dist

# --- industries ----------------------------------------------------------------------------------------


def test_industry_shares():
    by_sector = {
        "54--55": [A, B],  # 200 jobs; median $73,330 (see test_mixture_of_two_shifted_occupations)
        "31--34": [dist("11-0001", 300, 40_000, 50_000, 60_000, 80_000, 100_000)],  # 300 jobs; $60,000
        "61": [dist("11-0001", None, None, None, None, None, None)],  # nothing published: left out
    }
    shares = industry_shares(by_sector, {"54--55": "Professional services", "31--34": "Manufacturing"})
    assert shares == [
        IndustryShare("31--34", "Manufacturing", 300, 0.6, Quantile(60_000)),  # 300 / 500
        IndustryShare("54--55", "Professional services", 200, 0.4, Quantile(73_330)),  # 200 / 500
    ]
    assert industry_shares({"61": by_sector["61"]}, {}) == []


def test_industry_overlap():
    assert industry_overlap({"x": 0.6, "y": 0.4}, {"x": 0.3, "z": 0.7}) == pytest.approx(0.3)
    assert industry_overlap({"x": 60, "y": 40}, {"x": 30, "z": 70}) == pytest.approx(0.3)  # normalised
    assert industry_overlap({"x": 0.5, "y": 0.5}, {"y": 0.5, "x": 0.5}) == pytest.approx(1.0)
    assert industry_overlap({}, {"x": 1}) == 0.0


def test_industry_shares_refuse_overlapping_government_designations():
    with pytest.raises(ValueError, match="overlap"):
        industry_shares({"99-100": [A], "999101": [B]}, {})


def test_clean_sector_title():
    assert clean_sector_title("Sectors 44 and 45 - Retail Trade") == "Retail Trade"
    assert clean_sector_title("Sector 99 - Federal, State, and Local Government") == (
        "Federal, State, and Local Government"
    )
    assert clean_sector_title("Manufacturing") == "Manufacturing"
    assert clean_sector_title("Pre - K") == "Pre - K"


def test_a_sector_without_a_title_is_named_by_its_code_and_one_job_counts():
    by_sector = {"54--55": [dist("11-0001", 1, 40_000, 50_000, 60_000, 80_000, 100_000)]}
    (share,) = industry_shares(by_sector, {})
    assert (share.code, share.title, share.employment, share.share) == ("54--55", "54--55", 1, 1.0)


def test_industry_overlap_normalises_each_side():
    # shares 3/4 and 1/4 against 1/2 and 1/2: min(3/4, 1/2) + min(1/4, 1/2) = 3/4
    assert industry_overlap({"54": 300, "62": 100}, {"54": 50, "62": 50}) == pytest.approx(0.75)
    assert industry_overlap({"54": 10}, {}) == 0.0
    assert industry_overlap({}, {"54": 10}) == 0.0


def test_clean_sector_title_keeps_later_dashes():
    assert clean_sector_title("Sector 54 - Professional - Scientific") == "Professional - Scientific"
    assert clean_sector_title("Sectors  31-33 - Manufacturing") == "Manufacturing"
