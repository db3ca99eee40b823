"""The methodology page's text, in one place: each rule of the statistics and the guidance in plain
words (``METHOD_NOTES``, key -> paragraph, in page order) and its heading (``METHOD_HEADINGS``).

The rules themselves are stated in ``salaries.statistics``' modules and ``salaries.guidance``; the
figures in the text (top code, tiers, thresholds) are read from there, so the words never disagree
with the code.
"""

from salaries.guidance import (
    BORROW_RELATED,
    DISTINCTIVE_MIN_GAP,
    DISTINCTIVE_MIN_IMPORTANCE,
    HOURLY_TRACK_SHARE,
    IN_DEMAND_COUNT,
    IN_DEMAND_MIN_SHARE,
    TECHNOLOGY_MIN_LIFT,
)
from salaries.statistics.location import (
    LARGEST_METROS_COUNT,
    MID_MARKET_COUNT,
    MIN_METRO_EMPLOYMENT,
    MIN_PUBLISHED_SHARE,
)
from salaries.statistics.moves import (
    BUILD_COUNT,
    BUILD_MIN_GAP,
    DEGREE_PENALTY,
    MOVES_KEPT,
    PAY_CAP,
    PAY_FLOOR,
    PAY_WEIGHT,
    SHARED_MIN_IMPORTANCE,
    STEP_PERCENT,
    TIER_BONUS,
    WHY_COUNT,
)
from salaries.statistics.reliability import EMPLOYMENT_RSE_LIMIT, MEAN_RSE_LIMIT, MIN_JOBS

METHOD_NOTES: dict[str, str] = {
    # The track statistics (salaries.statistics)
    "detailed_occupations": (
        "A career track is a set of detailed occupations from the Standard Occupational Classification "
        "(SOC). We add up detailed occupations only. The BLS files also contain broader groups that already "
        "include those occupations, and adding both would count the same jobs twice."
    ),
    "track_employment": (
        "Jobs in a track are the sum of the published employment of its occupations in that place. When BLS "
        "does not publish an occupation's employment somewhere (usually because the estimate is too small "
        "or too uncertain), that occupation is left out of the sum, and we say how many were left out."
    ),
    "track_pay": (
        "BLS publishes five points of each occupation's annual pay: the 10th, 25th, 50th (median), 75th and "
        "90th percentiles. We draw each occupation's pay distribution through those points, with straight "
        "lines between them. Then we pool the occupations, each weighted by how many people work in it, and "
        "read the track's 10th, 25th, median, 75th and 90th percentiles off that pooled distribution. This "
        "is not an average of the occupations' medians: a track's median is the pay that half of all the "
        "track's workers earn less than. Results are rounded to the nearest $10, as BLS rounds annual "
        "wages. For a track with one occupation, the figures are exactly the ones BLS publishes."
    ),
    "tails": (
        "Below an occupation's 10th percentile we continue the spread between its 10th and 25th percentiles "
        "down until no workers are left. Above its 90th percentile we use a Pareto tail (the standard shape "
        "for the top of a pay distribution) fitted to its 75th and 90th percentiles. These tails matter "
        "only for the track's 10th and 90th percentiles."
    ),
    "top_coding": (
        "BLS does not publish annual wages of $239,200 or more; it only says the wage is at least that "
        "much. We never turn that into a bigger number. When a track percentile may lie at or above "
        '$239,200, we show "$239,200 or more". We decide this cautiously: we assume that everything BLS '
        "did not publish for an occupation lies at or above $239,200, and show a number only if the track "
        "percentile is still below $239,200. To place that number, we assume the occupation's unpublished "
        "percentile sits at $239,200 itself, the least it can be. Earlier surveys used lower limits "
        "($187,200 a year in May 2011 to 2015, $208,000 in 2016 to 2021), and the trend figures use each "
        "year's own limit. (BLS states the limits from 2013 on; for 2011 and 2012 we infer $187,200 from "
        "the files themselves, whose highest published hourly wage is just under $90.)"
    ),
    "left_out": (
        "An occupation counts toward track pay only when BLS publishes both its employment and its annual "
        "pay percentiles in that place. Occupations paid by the hour only (no annual figures) and "
        "occupations whose figures BLS withheld are left out, and the page says how many."
    ),
    "price_adjusted": (
        "Price-adjusted pay divides pay by the metro's Regional Price Parity (RPP) from the Bureau of "
        "Economic Analysis, all items, where the U.S. average is 100: pay / (RPP / 100). A metro where "
        "prices are 10% above average (RPP 110) turns $110,000 into $100,000 of average-U.S. buying power. "
        'This is the method of the BLS Monthly Labor Review article "Purchasing power: using wage '
        'statistics with regional price parities" (April 2016). RPPs compare places within a single '
        "year, not across years, so we name the RPP year we pair with each OEWS year."
    ),
    "means": (
        "Mean pay: BLS computes each occupation's mean (average) wage from every reported wage and prints "
        "it as a number even when it is $239,200 a year or more, though it withholds percentiles that high. "
        "We hold the mean to the same rule as every other wage: a mean of $239,200 or more (or marked "
        'top-coded by BLS) reads "$239,200 or more" (">=239200" in a CSV; hourly, $115.00 or more reads '
        '"$115.00 or more", ">=115.00"), on the page and in its CSV alike. Formula: shown = A_MEAN (H_MEAN '
        "hourly) when below $239,200 ($115.00); otherwise \u201c$239,200 or more\u201d (\u201c$115.00 "
        "or more\u201d)."
    ),
    "price_adjusted_top_code": (
        "Price-adjusted pay at or above the top code: no pay figure of $239,200 a year or more is shown as "
        'a number, price-adjusted ones included. A price-adjusted median of $239,200 or more reads "$239,200 '
        'or more" (">=239200" in a CSV; hourly, $115.00 an hour or more reads "$115.00 or more"). Formula: '
        "shown = pay / (RPP / 100), rounded to $10, when that is below $239,200; otherwise \u201c$239,200 "
        "or more\u201d. Rankings still order metros by the computed value."
    ),
    "equivalent_pay": (
        "What your pay would need to be elsewhere for the same buying power is your pay times the other "
        "place's Regional Price Parity divided by your place's: $80,000 where prices are at the U.S. "
        "average (RPP 100) is matched by $92,000 where they are 15% above it (RPP 115)."
    ),
    "percentile_position": (
        "Where your pay sits is read against the published percentiles of the occupation your role maps to, "
        'for example "between the 25th and 50th percentile": at least a quarter of the people in that '
        "occupation earn less and at least half earn more."
    ),
    "metro_tiers": (
        "Metro areas are sorted by their total employment across all occupations in the OEWS release. The "
        f"{LARGEST_METROS_COUNT} biggest are the largest metros; the next {MID_MARKET_COUNT} (ranks "
        f"{LARGEST_METROS_COUNT + 1} to {LARGEST_METROS_COUNT + MID_MARKET_COUNT}) are mid-market metros; "
        "all others are smaller metros. Ties are broken by the metro's code, so the tiers never change "
        "unless the data do."
    ),
    "metro_ranking": (
        "A metro is ranked only when its track figures rest on enough published data: occupations that hold "
        f"at least {MIN_PUBLISHED_SHARE:.0%} of the track's jobs nationwide must have published employment "
        f"and pay there, and the metro must have at least {MIN_METRO_EMPLOYMENT:,} track jobs. Metros below "
        "that bar still show their figures, marked as resting on limited data, but are left out of the "
        'rankings. A ranked metro whose median is "$239,200 or more" stays ranked when every occupation of '
        "the track has published employment and pay there: it is ranked by the least its median can be, "
        "$239,200 (at U.S. prices: $239,200 / (RPP / 100), rounded to $10, shown as that amount \u201cor "
        "more\u201d). Its true place can only be higher; metros tied at that bound are ordered by their "
        "code."
    ),
    "reliability": (
        "How sure a figure is: BLS publishes, with each estimate for an occupation in a place, the relative "
        "standard error of its employment (EMP_PRSE) and of its mean wage (MEAN_PRSE): how far the estimate "
        "may be off, as a percent of it. We mark a figure \u201crough estimate\u201d, and say why, when "
        f"its employment error is above {EMPLOYMENT_RSE_LIMIT:.0f}%, its mean-wage error is above "
        f"{MEAN_RSE_LIMIT:.0f}%, or it rests on fewer than {MIN_JOBS} jobs; figures BLS does not publish "
        "are left out, as the page says. A track's figures in a place pool its occupations, whose errors "
        "are independent: the track's error is \u221a(\u03a3 (jobs\u1d62 \u00d7 error\u1d62)\u00b2) / "
        "\u03a3 jobs\u1d62 over its occupations there, and the same limits apply. The mark appears on "
        "occupation, metro and state pages, in a track's metro view and beside metro rankings, and every "
        "table's CSV download carries it in a reliability column (\u201cfirm\u201d or \u201crough "
        "estimate\u201d with the reasons)."
    ),
    "pay_by_location": (
        "The pay-by-location sentence compares the middle metro of each tier: the median, across the ranked "
        "metros of a tier, of each metro's track median pay, rounded to the nearest $1,000. It then does "
        "the same with price-adjusted pay and says how much of the gap between tiers the difference in "
        "prices explains: much (half or more), some (a fifth to a half), little (less than a fifth), or "
        "whether prices reverse or widen it."
    ),
    "pay_goes_furthest": (
        "Where pay goes furthest ranks the ranked metros by their price-adjusted track median pay, highest "
        'first. Metros whose median is "$239,200 or more" or that have no price parity are left out of '
        "this chart, which draws values (the metro pages still rank them, as above)."
    ),
    "industry_shares": (
        "Industry shares use BLS's national estimates by industry sector. A sector's share is the track's "
        "published employment in that sector divided by the track's published employment summed across all "
        "sectors. Pay by sector is the track's median in that sector, worked out the same way as the "
        "track's overall median."
    ),
    "trends": (
        "The trend charts use BLS's national estimates for each May survey. Jobs and median pay for each "
        "year are worked out the same way as this year's figures, from the occupations as BLS coded them "
        "that year. Constant dollars restate each May's pay in the prices of the latest May, using the "
        "Consumer Price Index for All Urban Consumers (CPI-U, U.S. city average, not seasonally adjusted): "
        "pay x CPI(latest May) / CPI(that May), rounded to the nearest $10. BLS cautions that these "
        "estimates are not built as a time series: each year pools three years of survey panels, and "
        "methods change. Where the occupations' codes changed (the 2018 revision of the SOC; the crosswalk "
        "is many-to-many), the chart marks a break instead of joining unlike series."
    ),
    "projections": (
        "Projected change comes from the BLS Employment Projections: employment in the base year and the "
        "projected year, the change, and the average number of openings each year (from growth and from "
        "people leaving the occupation), in thousands of jobs. Unlike the OEWS figures elsewhere on the "
        "page, these include the self-employed. For a track we add up its occupations' figures; the percent "
        "change is the total change over total base-year employment. For a single occupation we show BLS's "
        "own percent."
    ),
    "skills": (
        "Skills come from O*NET, which rates how important each of 35 skills is to an occupation, from 1 "
        "(not important) to 5 (extremely important). A track's skill profile is the average importance of "
        "each skill across its occupations, weighted by each occupation's employment. The track page ranks "
        "skills by how much more the track needs them than the average job (see \u201cWhat sets a track "
        "apart\u201d). In Get Started, the tracks that fit your own ratings are found by the cosine "
        "similarity of your ratings and each track's skill profile, measured from the bottom of O*NET's "
        "scale."
    ),
    "related_tracks": (
        "Editors choose which tracks to link; the data show why. The skills evidence is how alike the two "
        "tracks are in what sets each apart from the average job (see \u201cHow alike two tracks "
        "are\u201d), "
        'with the skills and knowledge both need more than the average job. "Teams '
        'work together" is the overlap of the industries that employ the two tracks: for each sector, the '
        "smaller of its two shares, added up (0 = no industry in common, 1 = identical industry mix). "
        "Formula: overlap = \u03a3 over sectors s of min(A\u209b, B\u209b), where A\u209b is track A's "
        "published jobs in sector s over its jobs across all sectors, and B\u209b the same for track B."
    ),
    # The guidance (salaries.guidance)
    "distinctive": (
        "What sets a track apart: O*NET rates how important each of 35 skills and 33 knowledge areas is to "
        "an occupation (1 to 5). We weight those ratings by each occupation's national OEWS employment, do "
        "the same across every occupation to get the average job, and list first what the track needs at "
        f"least {DISTINCTIVE_MIN_GAP} points more than the average job (only things the track rates "
        f"{DISTINCTIVE_MIN_IMPORTANCE:g} or higher), each beside the average job's rating. The things the "
        "track rates highest that do not stand out follow in a short list of foundations every job asks "
        "for."
    ),
    "borrowed_ratings": (
        "Borrowed ratings: where O*NET has no ratings for an occupation, it borrows the average ratings of "
        "named stand-ins, taking the first of these that finds any: the rated occupations inside a broad "
        "group that OEWS publishes as one line; the rated occupations the BLS SOC 2010 to 2018 crosswalk "
        f"maps to it; the first {BORROW_RELATED} rated occupations in O*NET's own list of closest related "
        "occupations that share its SOC minor group (else the first rated one); the rated occupations in "
        "its SOC broad group. Software developers (15-1252) are unrated in O*NET 29.3 and borrow from "
        "computer systems engineers/architects and computer programmers. The page names every stand-in."
    ),
    "similarity": (
        "Related tracks: every job needs reading, listening and speaking, so raw skill profiles make any "
        "two tracks look alike. We compare what sets each track apart instead: the correlation, across all "
        "skills and knowledge areas, of each track's ratings minus the average job's. The page shows it out "
        "of 100 (100 = the same emphasis, 0 = unrelated or opposite emphasis), with the skills and "
        "knowledge both tracks need more than the average job. The elements are all 35 skills and 33 "
        "knowledge areas (a skill and a knowledge area of the same name, such as Mathematics, count as two); "
        "each track's rating of an element is its occupations' O*NET importance (borrowed from the named "
        "stand-ins where O*NET has none), weighted by each occupation's national OEWS employment. Formula: "
        "with a and b the two tracks' ratings minus the average job's, element by element, and m(a), m(b) "
        "their means, r = \u03a3(a \u2212 m(a))(b \u2212 m(b)) / \u221a(\u03a3(a \u2212 m(a))\u00b2 "
        "\u00d7 \u03a3(b \u2212 m(b))\u00b2), and the figure is max(0, round(100 \u00d7 r))."
    ),
    "technology": (
        "Tools and technology: the technologies O*NET Technology Skills flags as hot or in demand for the "
        "track's occupations. For each we compute the share of the track's jobs whose occupation lists it "
        "(weighted by OEWS employment; where O*NET splits an occupation, by the share of its parts that "
        "list it) and the same share across all jobs, and list those listed at least "
        f"{TECHNOLOGY_MIN_LIFT:.0%} points more often for the track than for all jobs: the ones O*NET flags "
        "in demand first, each group by how much more often; everyday tools such as office suites follow. "
        "By rung, the same ranking for the rung's occupation where it differs from the rung beneath. "
        "Listed first, and labelled apart from those, is what most of the track's jobs use: the technologies "
        "O*NET flags \u201cIn Demand\u201d for the track's own occupations, by the share of the track's "
        "jobs whose occupation flags them so (share = \u03a3 employment \u00d7 share of the occupation's "
        "O*NET parts flagging it / \u03a3 employment), largest first, those at "
        f"{IN_DEMAND_MIN_SHARE:.0%} or more, at most {IN_DEMAND_COUNT}. A technology hot elsewhere but not "
        "in demand for these occupations is not in that list."
    ).replace("% points", " points"),
    "training": (
        "Training: BLS Employment Projections' typical education needed to enter the occupation, work "
        "experience in a related occupation and typical on-the-job training, in plain words, with O*NET's "
        "job zone (1 = little or no preparation, 5 = extensive preparation; where O*NET splits an "
        "occupation, the most common zone among its parts). The hero names the entry education that the "
        "largest share of the track's jobs need."
    ),
    "hourly": (
        "Hourly pay: shown beside annual pay for occupations BLS publishes only by the hour and for those "
        "whose typical entry education is below a bachelor's degree, which are most often paid by the hour. "
        "Rungs show the occupation's published hourly percentiles; the hero shows the track's annual median "
        "divided by 2,080 hours (BLS's own full-year conversion) when such occupations hold at least "
        f"{HOURLY_TRACK_SHARE:.0%} of the track's jobs. For such tracks the metro views show hourly "
        "equivalents the same way: every metro figure there (the track's median and 10th to 90th "
        "percentile, each occupation's median, each rung's band) is the annual figure divided by 2,080 "
        "hours, to the cent, because pooled and metro figures have no published hourly value; annual pay of "
        "$239,200 or more (the top code) is $115.00 an hour or more. The metro, pay-goes-furthest and "
        "ladder CSV downloads carry these hourly columns for every track. One occupation's hourly figures "
        "(its page, its state and metro tables and their CSV downloads) are BLS's own hourly columns, never "
        "annual pay divided by 2,080: where BLS publishes no hourly wage (occupations not paid by the hour) "
        "the cell is blank, and where BLS publishes hourly wages only, they are shown. An hourly wage BLS "
        'marks as top-coded, or prints at $115.00 or more, reads "$115.00 or more" (">=115.00" in a CSV), '
        'as an annual one of $239,200 or more reads "$239,200 or more" (">=239200").'
    ),
    "pay_figure": (
        "What the pay figure is: OEWS wages are straight-time gross pay. BLS counts the base rate, "
        "cost-of-living allowances, guaranteed pay, hazardous-duty pay, incentive pay including commissions "
        "and production bonuses, on-call pay and tips. It leaves out back pay, jury duty pay, overtime pay, "
        "severance pay, shift differentials, nonproduction bonuses (such as year-end or holiday bonuses) "
        "and tuition reimbursements. Stock awards are not among the pay BLS counts, so equity grants, a "
        "large part of pay in some industries, are not in these figures. Sources: U.S. Department of Labor, "
        "\u201cHow are wages defined by the OES survey?\u201d, and BLS, OEWS Pay Terms "
        "(www.bls.gov/respondents/oes/payterms.htm)."
    ),
    "ladder": (
        "Ladders rise: each rung's band is a stated part of one occupation's national pay distribution, and "
        "no rung's band may start or end below the band of the rung beneath it (two ends that are both "
        "top-coded count as equal). Executive rungs placed on chief executives take a part of that "
        "distribution above the director rung. Each rung is drawn against its occupation's whole "
        "distribution (10th to 90th percentile, median marked); where BLS top-codes the whole band, the "
        "page says so instead of drawing it."
    ),
    "composition": (
        "Composition: a track that shares an occupation with another track, or stands in for work that has "
        "no federal occupation code of its own, carries an editors' note saying so beside its headline "
        "figures, so its job count is not read as an exact headcount."
    ),
    "career_moves": (
        "Career moves: for each O*NET skill and knowledge area we multiply O*NET's importance (1 to 5) by "
        "its level (0 to 7), average that over the O*NET occupations under an SOC code (an occupation "
        "O*NET does not rate borrows its stand-ins, as above), and subtract the average job's value "
        "(weighted by national jobs), so that what every job needs counts for nothing. Skill similarity = "
        "100 \u00d7 the cosine of the two occupations' differences (negative counted as 0), plus "
        f"{TIER_BONUS['Primary-Short']:g} points when O*NET lists the move among its closest related "
        f"occupations (Primary-Short), {TIER_BONUS['Primary-Long']:g} for Primary-Long and "
        f"{TIER_BONUS['Supplemental']:g} for Supplemental, at most 100. Moves are ranked by score = "
        f"similarity + {PAY_WEIGHT:g} \u00d7 pay change in percent, the percent held between "
        f"{PAY_FLOOR:g}% and +{PAY_CAP:g}% (a move whose pay change is unknown counts 0), minus "
        f"{DEGREE_PENALTY:g} points for each degree level the move's typical entry education needs above "
        "yours (associate's, bachelor's, master's, doctoral): a move paying 50% more gains 20 points, one "
        "needing a master's degree after a bachelor's loses 10. We keep the best "
        f"{MOVES_KEPT} of the occupations BLS publishes nationally; "
        "an occupation is never its own move. The ranking uses national figures; in a metro view the "
        "moves keep that order, and the pay, pay change, type, jobs and location quotient are that metro's."
    ),
    "career_move_types": (
        "Pay change = the move's median annual pay minus yours, in dollars and as a percent of yours. When "
        'the move\'s median is top-coded the change is "at least" $239,200 minus yours; when yours is '
        'top-coded it is "at most" the move\'s median minus $239,200. A step up pays at least '
        f"{STEP_PERCENT:g}% more, a step back at least {STEP_PERCENT:g}% less, a lateral move anything "
        "between. Without a pay change, O*NET's job zone decides: a higher zone is a step up, a lower one a "
        "step back. Why it fits: the skills and knowledge both occupations rate at least "
        f"{SHARED_MIN_IMPORTANCE:g} in importance and both above the average job, closest first (at most "
        f"{WHY_COUNT}). What to build: those the move rates at least {BUILD_MIN_GAP:g} more important than "
        f"yours, largest gap first (at most {BUILD_COUNT}). Filters: pays more (a positive pay change); no "
        "new degree (the move's typical entry education is no higher a degree than yours: no credential, "
        "high school, some college and certificates count as no degree); growing (BLS projects more jobs "
        "in ten years). Each figure is marked a rough estimate by the rule above."
    ),
}
METHOD_HEADINGS = {
    "detailed_occupations": "A track is a set of detailed occupations",
    "track_employment": "Jobs in a track",
    "track_pay": "Pay in a track",
    "tails": "The ends of each pay distribution",
    "top_coding": "The top code",
    "left_out": "Occupations left out",
    "price_adjusted": "Price-adjusted pay",
    "metro_tiers": "Metro tiers",
    "metro_ranking": "Which metros are ranked",
    "reliability": "How sure a figure is",
    "pay_by_location": "The pay-by-location sentence",
    "pay_goes_furthest": "Where pay goes furthest",
    "industry_shares": "Industry shares",
    "trends": "Trends over time",
    "projections": "Projected change",
    "skills": "Skills",
    "related_tracks": "Related tracks",
    "means": "Mean pay",
    "price_adjusted_top_code": "Price-adjusted pay at or above the top code",
    "equivalent_pay": "Equivalent pay",
    "percentile_position": "Percentile position",
    "distinctive": "What sets a track apart",
    "borrowed_ratings": "Occupations O*NET does not rate",
    "similarity": "How alike two tracks are",
    "technology": "Tools and technology",
    "training": "Training",
    "hourly": "Hourly pay",
    "pay_figure": "What the pay figure includes",
    "ladder": "Ladders that rise",
    "composition": "Shared and stand-in occupations",
    "career_moves": "Career moves: skill similarity and ranking",
    "career_move_types": "Career moves: pay change, type, fit and filters",
}


def method_notes() -> list[dict]:
    """The methodology page's sections, in order: ``id`` (the anchor), ``heading`` and ``text``."""
    return [
        {"id": key.replace("_", "-"), "heading": METHOD_HEADINGS[key], "text": text}
        for key, text in METHOD_NOTES.items()
    ]
