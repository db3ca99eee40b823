"""The home page's chart of all tracks (pages.home.chart): exact figures, labels that never overlap,
Plotly's schema, the table, the CSV rows and the summary. No database."""

import json
import math
import random
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from pages.charts.base import COLORS
from pages.home import chart as home_chart
from pages.home.chart import Frame, Point
from pages.track.summary import TrackSummary
from salaries.statistics.wages import Quantile


def summary(name, median, jobs, growth, description="Things people do: the work, the pay.") -> TrackSummary:
    slug = name.lower().replace(" ", "-")
    return TrackSummary(
        slug=slug,
        name=name,
        title=f"Careers in {name}",
        url=f"/tracks/{slug}/",
        description=description,
        occupation_titles=(),
        codes=(),
        median=median if median is None or isinstance(median, Quantile) else Quantile(median),
        jobs=jobs,
        growth=growth,
    )


SMALL = [
    summary("Beta", 90_000, 4_000_000, 2.5),
    summary("Alpha", 120_000, 1_000_000, -1.0),
    summary("Gamma", 60_000, 250_000, 12.0),
    summary("No pay", None, 10_000, 1.0),
    summary("Top coded", Quantile(None, top_coded=True), 10_000, 1.0),
    summary("No growth", 70_000, 10_000, None),
]

# A crowded field: 24 tracks in the shape of the published catalogue (most between 1% and 8% growth
# and $55,000 and $115,000, a few far out), several nearly on top of each other.
CROWD = [
    Point(name, growth, median, jobs)
    for name, growth, median, jobs in [
        ("A1", 1.9, 70_700, 4_423_010),
        ("A2", 4.0, 90_650, 5_374_870),
        ("A3", 5.2, 63_750, 4_354_140),
        ("A4", 24.6, 114_980, 475_410),
        ("A5", 3.5, 77_540, 510_640),
        ("A6", -0.7, 59_860, 7_220_940),
        ("A7", 6.3, 114_660, 2_058_950),
        ("A8", 7.8, 113_750, 2_541_920),
        ("A9", 11.4, 90_020, 3_985_740),
        ("B1", 6.1, 80_480, 1_929_790),
        ("B2", 6.7, 106_960, 3_243_570),
        ("B3", 1.9, 94_570, 1_461_900),
        ("B4", 2.4, 56_210, 5_008_140),
        ("B5", 6.1, 94_920, 1_674_520),
        ("B6", 6.1, 81_830, 5_937_800),
        ("B7", 2.2, 88_080, 5_266_400),
        ("B8", 10.6, 172_360, 1_286_070),
        ("B9", 6.5, 101_550, 1_589_890),
        ("C1", 2.7, 66_180, 871_960),
        ("C2", 2.1, 81_820, 4_253_060),
        ("C3", 5.3, 65_970, 5_286_320),
        ("C4", 8.0, 58_390, 2_400_990),
        ("C5", 14.1, 140_580, 2_744_820),
        ("C6", 1.2, 60_990, 3_032_120),
    ]
]


# The labels of CROWD as placed before the search was indexed by cells (commit 6ada85d): the published
# catalogue's chart must not change. (CROWD's figures are the catalogue's, under other names in the same
# order, so its labels are the home page's.)
CROWD_LABELS = [
    ("17", 0.0, 0.0), ("10", -13.1, -31.6), ("20", 51.6, 0.0), ("3", 0.0, -17.4), ("16", 40.0, 16.6),
    ("22", 40.6, 0.0), ("4", 0.0, -22.4), ("5", 34.5, 0.0), ("11", 31.0, 0.0), ("15", 44.1, 18.3),
    ("6", 17.5, -42.3), ("9", -16.1, -6.7), ("24", 75.7, -75.7), ("8", 17.5, 0.0), ("13", 48.3, -48.3),
    ("12", 0.0, -63.2), ("1", 16.4, 0.0), ("7", 28.3, -28.3), ("18", -21.0, 50.8), ("14", 51.4, 0.0),
    ("19", 18.8, 45.4), ("23", 22.9, 22.9), ("2", 0.0, 0.0), ("21", 59.2, 0.0),
]  # fmt: skip


def catalogue_like(size: int, seed: int = 2026) -> list[Point]:
    """``size`` made-up tracks shaped like the published catalogue (as bench/home_chart_bench.py makes
    them): most between 1% and 9% growth and $55,000 and $115,000, one in eight far out."""
    rng = random.Random(seed)
    points = []
    for i in range(size):
        if rng.random() < 0.125:
            growth, pay = rng.uniform(9, 26), rng.uniform(100_000, 180_000)
        else:
            growth = min(max(rng.gauss(4.5, 2.6), -2.0), 12.0)
            pay = min(max(rng.lognormvariate(11.29, 0.2), 45_000), 150_000)
        points.append(
            Point(f"T{i:04d}", round(growth, 1), round(pay, -1), int(10 ** rng.uniform(5.65, 6.86)))
        )
    return points


def narrow_frame(points) -> Frame:
    x_range, y_range = home_chart.axis_ranges(points)
    return Frame(x_range, y_range, home_chart.NARROW_PLOT_PX)


def placed_boxes(points, labels, frame) -> list[tuple[home_chart.Box, float]]:
    """The boxes of the labels that were placed, each with its marker's x in px."""
    shown = [(p, label) for p, label in zip(points, labels, strict=True) if label is not None]
    boxes = home_chart.label_boxes([p for p, _ in shown], [label for _, label in shown], frame)
    return [(box, frame.px(p.growth, p.median)[0]) for box, (p, _) in zip(boxes, shown, strict=True)]


def labels_of(figure) -> list[tuple[str, float, float]]:
    return [(a["text"], a["ax"], a["ay"]) for a in figure["layout"]["annotations"]]


def frame_at(figure, width) -> Frame:
    layout = figure["layout"]
    return Frame(tuple(layout["xaxis"]["range"]), tuple(layout["yaxis"]["range"]), width)


# --------------------------------------------------------------------------------------------------
# Points, numbers, ranges


def test_only_tracks_with_all_three_figures_are_charted_by_name():
    assert home_chart.chart_points(SMALL) == [
        Point("Alpha", -1.0, 120_000.0, 1_000_000),
        Point("Beta", 2.5, 90_000.0, 4_000_000),
        Point("Gamma", 12.0, 60_000.0, 250_000),
    ]
    assert home_chart.left_off(SMALL) == ["No growth", "No pay", "Top coded"]


def test_numbers_follow_pay_best_paid_first():
    points = home_chart.chart_points(SMALL)
    assert home_chart.numbers(points) == [1, 2, 3]  # Alpha $120,000, Beta $90,000, Gamma $60,000
    assert home_chart.numbers(CROWD)[[p.name for p in CROWD].index("B8")] == 1  # the best paid
    assert sorted(home_chart.numbers(CROWD)) == list(range(1, 25))


def test_marker_areas_follow_jobs():
    points = home_chart.chart_points(SMALL)
    assert home_chart.marker_diameters(points) == [18.0, 36.0, 9.0]  # sqrt(1/4), 1, sqrt(1/16) of 36 px
    tiny = [Point("x", 1, 1, 1), Point("y", 1, 1, 1_000_000)]
    assert home_chart.marker_diameters(tiny) == [home_chart.MIN_MARKER_PX, 36.0]


def test_axis_ranges_hold_every_point_and_zero():
    (g0, g1), (p0, p1) = home_chart.axis_ranges(home_chart.chart_points(SMALL))
    assert (g0, g1) == (-2, 13)  # -1.0 to 12.0, padded by 1 (at least one point) and widened to whole %
    assert (p0, p1) == (50_000, 130_000)  # $60,000 to $120,000 padded by $5,000, on $10,000 steps
    (g0, g1), _ = home_chart.axis_ranges([Point("x", 3.0, 50_000, 1)])
    assert g0 <= 0 < 3 < g1


# --------------------------------------------------------------------------------------------------
# The figure


def test_the_figure_carries_the_exact_figures():
    points = home_chart.chart_points(SMALL)
    figure = home_chart.overview_figure(points, "2024-34")
    trace = figure["data"][0]
    assert trace["x"] == [-1.0, 2.5, 12.0]
    assert trace["y"] == [120_000.0, 90_000.0, 60_000.0]
    assert trace["text"] == ["Alpha", "Beta", "Gamma"]
    assert trace["marker"]["size"] == [18.0, 36.0, 9.0]
    notes = figure["layout"]["annotations"]
    assert [(a["x"], a["y"], a["text"]) for a in notes] == [
        (-1.0, 120_000.0, "1"),
        (2.5, 90_000.0, "2"),
        (12.0, 60_000.0, "3"),
    ]
    assert figure["layout"]["xaxis"]["title"]["text"] == "Projected change in jobs, 2024-34"
    assert figure["layout"]["xaxis"]["range"] == [-2, 13]
    assert figure["layout"]["yaxis"]["range"] == [50_000, 130_000]
    assert figure["layout"]["height"] == home_chart.HEIGHT_PX
    json.dumps(figure)  # plain JSON for json_script


@pytest.mark.parametrize("points", [home_chart.chart_points(SMALL), CROWD], ids=["small", "crowded"])
def test_figure_validates_against_plotly_s_schema(points):
    figure = home_chart.overview_figure(points, "2024-34")
    validated = go.Figure(data=figure["data"], layout=figure["layout"])
    assert len(validated.layout.annotations) == len(points)


def test_the_phone_rules_hold():
    figure = home_chart.overview_figure(CROWD)
    layout = figure["layout"]
    assert layout["dragmode"] is False and layout["hovermode"] is False
    assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]
    assert figure["config"]["displayModeBar"] is False
    # charts.js draws it at layout.height, uncut, and swaps each palette colour for the page's own.
    assert layout["meta"] == {"sized_for_card": True, "palette": COLORS}
    used = json.dumps(figure["data"]) + json.dumps({k: v for k, v in layout.items() if k != "meta"})
    assert {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", used)} <= {c.lower() for c in COLORS.values()}
    assert "title" not in layout  # the card's heading names it
    # Fixed margins (no automargin): the plotting area the labels were placed in is the one drawn.
    assert layout["xaxis"]["automargin"] is False and layout["yaxis"]["automargin"] is False


@pytest.mark.parametrize("width", [home_chart.NARROW_PLOT_PX, 282, 480, 700, 1200])
def test_no_two_labels_overlap_and_all_stay_inside_at_any_width(width):
    figure = home_chart.overview_figure(CROWD)
    frame = frame_at(figure, width)
    boxes = home_chart.label_boxes(CROWD, labels_of(figure), frame)
    for i, box in enumerate(boxes):
        assert box.left >= 0 and box.right <= width and box.top >= 0 and box.bottom <= frame.height
        for other in boxes[:i]:
            assert not box.overlaps(other), (i, width)


def test_each_label_is_its_marker_s_number_and_sits_close_to_it():
    figure = home_chart.overview_figure(CROWD)
    numbers = home_chart.numbers(CROWD)
    for point, number, note in zip(CROWD, numbers, figure["layout"]["annotations"], strict=True):
        assert (note["x"], note["y"], note["text"]) == (point.growth, point.median, str(number))
        assert math.hypot(note["ax"], note["ay"]) <= home_chart.MAX_REACH_PX + 40  # px from its marker
        # A number inside its own marker has no leader line; any other has one.
        assert note["showarrow"] == ((note["ax"], note["ay"]) != (0, 0))
    assert any(not note["showarrow"] for note in figure["layout"]["annotations"])  # the big ones


def test_the_figure_is_deterministic():
    first = home_chart.overview_figure(CROWD)
    first["layout"]["annotations"].clear()
    assert home_chart.overview_figure(CROWD) == home_chart.overview_figure(list(CROWD))
    assert len(home_chart.overview_figure(CROWD)["layout"]["annotations"]) == 24


# --------------------------------------------------------------------------------------------------
# Table, CSV, summary, card


def test_table_and_csv_list_every_track_by_pay():
    headers, rows = home_chart.overview_table(SMALL)
    assert headers == ["Track", "Median pay", "Projected growth", "U.S. jobs"]
    assert rows == [
        ["Alpha", "$120,000", "\u22121.0%", "1,000,000"],
        ["Beta", "$90,000", "+2.5%", "4,000,000"],
        ["No growth", "$70,000", "not available", "10,000"],
        ["Gamma", "$60,000", "+12.0%", "250,000"],
        ["No pay", "not available", "+1.0%", "10,000"],
        ["Top coded", "$239,200 or more", "+1.0%", "10,000"],
    ]
    headers, rows = home_chart.overview_csv(SMALL)
    assert headers == ["track", "median_annual_pay", "projected_growth_percent", "us_jobs"]
    assert rows[0] == ["Alpha", 120_000, -1.0, 1_000_000]
    assert rows[2] == ["No growth", 70_000, "", 10_000]
    assert rows[4:] == [["No pay", "", 1.0, 10_000], ["Top coded", ">=239200", 1.0, 10_000]]


def test_the_summary_names_the_extremes():
    assert home_chart.overview_summary(home_chart.chart_points(SMALL)) == (
        "Higher is better paid, further right is projected to add more jobs, and a bigger circle means "
        "more jobs today. Alpha pays most ($120,000), Gamma is projected to grow fastest (+12.0%) and "
        "Beta is the largest (4,000,000 jobs)."
    )
    assert home_chart.overview_summary([]) == "No track has all three figures yet."


def test_the_card_and_its_key():
    chart, key = home_chart.overview_chart(
        SMALL, oews="May 2025", projections="2024-34", csv_url="/tracks.csv"
    )
    assert chart.key == "tracks-overview" and chart.dom_id == "chart-data-tracks-overview"
    assert chart.available and chart.csv_url == "/tracks.csv"
    assert [(e.number, e.name, e.url) for e in key] == [
        (1, "Alpha", "/tracks/alpha/"),
        (2, "Beta", "/tracks/beta/"),
        (3, "Gamma", "/tracks/gamma/"),
    ]
    assert chart.notes[-1] == "Not on the chart (a figure is not available): No growth, No pay, Top coded."
    assert "BLS Employment Projections, 2024-34" in chart.source and "May 2025" in chart.source


def test_a_short_description_is_the_part_before_the_colon_when_it_says_enough():
    long = summary(
        "X", 1, 1, 1, "Accounting careers from bookkeeper to CFO and controller: the work and pay."
    )
    assert long.short_description == "Accounting careers from bookkeeper to CFO and controller"
    short = summary("X", 1, 1, 1, "Nursing: the work.")
    assert short.short_description == "Nursing: the work."
    plain = summary("X", 1, 1, 1, "What designers do at each level, and what it pays.")
    assert plain.short_description == plain.description


def test_the_stored_payload_is_json_and_gives_back_the_same_card():
    payload = home_chart.overview_payload(SMALL, oews="May 2025", projections="2024-34")
    stored = json.loads(json.dumps(payload))  # as a JSONField gives it back
    assert stored == payload
    assert home_chart.chart_from_payload(stored, csv_url="/tracks.csv") == home_chart.overview_chart(
        SMALL, oews="May 2025", projections="2024-34", csv_url="/tracks.csv"
    )
    assert payload["format"] == home_chart.PAYLOAD_FORMAT


def test_too_many_tracks_to_number_leaves_some_numbers_off_instead_of_failing():
    # Eighty tracks packed into a small corner: some numbers find no clear place. The build must not
    # fail (an editor's publish rebuilds this chart); those numbers are left off, none printed twice.
    crowd = [Point(f"T{i}", 2 + (i % 8) * 0.1, 60_000 + (i // 8) * 500, 100_000 + i) for i in range(80)]
    figure = home_chart.overview_figure(crowd)
    texts = [note["text"] for note in figure["layout"]["annotations"]]
    assert 0 < len(texts) < len(crowd)
    assert len(set(texts)) == len(texts)
    assert set(texts) <= {str(n) for n in home_chart.numbers(crowd)}


# --------------------------------------------------------------------------------------------------
# Placing the labels of many tracks


def test_the_published_catalogue_is_labelled_as_before_the_search_was_indexed():
    assert home_chart.place_labels(CROWD, narrow_frame(CROWD)) == CROWD_LABELS
    assert labels_of(home_chart.overview_figure(CROWD)) == CROWD_LABELS


@pytest.mark.parametrize("size", [24, 60, 240, 960])
@pytest.mark.parametrize("width", [home_chart.NARROW_PLOT_PX, 480, 1200])
def test_many_tracks_labels_never_overlap_and_stay_inside(size, width):
    points = catalogue_like(size)
    labels = home_chart.place_labels(points, narrow_frame(points))
    assert sum(label is not None for label in labels) >= min(size, 40)  # most, up to what fits
    narrow = narrow_frame(points)
    frame = Frame(narrow.x_range, narrow.y_range, width)
    boxes = [box for box, _ in placed_boxes(points, labels, frame)]
    for i, box in enumerate(boxes):
        assert box.left >= 0 and box.right <= width and box.top >= 0 and box.bottom <= frame.height
        for other in boxes[:i]:
            assert not box.overlaps(other), (size, width, i)


def places_weighed(point, radius, text, frame) -> np.ndarray:
    """Every (left, top, right, bottom) a label's box may take: the marker's own centre when the text
    fits inside it, and every STEP_PX along DIRECTIONS rays from the nearest centre clear of the marker
    to MAX_REACH_PX further (tracks.home_chart.place_labels)."""
    cx, cy = frame.px(point.growth, point.median)
    width, height = home_chart.label_size(text)
    centres = []
    if math.hypot(width / 2 - home_chart.BOX_PAD_PX, height / 2 - home_chart.BOX_PAD_PX) <= radius - 1:
        centres.append((cx, cy))
    for k in range(home_chart.DIRECTIONS):
        angle = 2 * math.pi * k / home_chart.DIRECTIONS
        dx, dy = math.cos(angle), -math.sin(angle)
        start = min(
            (width / 2) / abs(dx) if abs(dx) > 1e-9 else math.inf,
            (height / 2) / abs(dy) if abs(dy) > 1e-9 else math.inf,
        )
        start += radius + home_chart.LABEL_GAP_PX
        distance = start
        while distance <= start + home_chart.MAX_REACH_PX:
            centres.append((cx + dx * distance, cy + dy * distance))
            distance += home_chart.STEP_PX
    xy = np.array(centres)
    return np.column_stack(
        [xy[:, 0] - width / 2, xy[:, 1] - height / 2, xy[:, 0] + width / 2, xy[:, 1] + height / 2]
    )


def clear_places(places: np.ndarray, marker_x: float, placed, frame) -> np.ndarray:
    """Which of ``places`` are inside the plotting area and clear of every placed label: at least
    LABEL_GAP_PX apart, and on the side of its marker where it shares rows of pixels with one (brute
    force, every place against every label)."""
    gap = home_chart.LABEL_GAP_PX
    left, top, right, bottom = (places[:, n, None] for n in range(4))
    inside = (left >= 1) & (top >= 1) & (right <= frame.width - 1) & (bottom <= frame.height - 1)
    if not placed:
        return inside[:, 0]
    others = np.array([(b.left, b.top, b.right, b.bottom, x) for b, x in placed])
    o_left, o_top, o_right, o_bottom, o_x = (others[None, :, n] for n in range(5))
    apart_vertically = (bottom + gap <= o_top) | (o_bottom + gap <= top)
    to_the_left, to_the_right = right + gap <= o_left, o_right + gap <= left
    conflict = ~apart_vertically & (
        (to_the_left & (marker_x > o_x)) | (to_the_right & (marker_x < o_x)) | ~(to_the_left | to_the_right)
    )
    return inside[:, 0] & ~conflict.any(axis=1)


@pytest.mark.parametrize("size", [24, 120, 480])
def test_a_number_is_left_off_only_where_it_had_no_clear_place(size):
    points = catalogue_like(size)
    frame = narrow_frame(points)
    labels = home_chart.place_labels(points, frame)
    placed = placed_boxes(points, labels, frame)
    radii = [d / 2 for d in home_chart.marker_diameters(points)]
    texts = [str(n) for n in home_chart.numbers(points)]
    left_off = [i for i, label in enumerate(labels) if label is None]
    assert bool(left_off) == (size > 60)
    for i in left_off:  # each place it could have taken is outside the area or in another's way
        places = places_weighed(points[i], radii[i], texts[i], frame)
        marker_x = frame.px(points[i].growth, points[i].median)[0]
        assert not clear_places(places, marker_x, placed, frame).any(), (size, texts[i])
    # And the check does find room: every placed label's own place is clear of the others.
    for n, (box, marker_x) in enumerate(placed[:20]):
        others = placed[:n] + placed[n + 1 :]
        place = np.array([[box.left, box.top, box.right, box.bottom]])
        assert clear_places(place, marker_x, others, frame).all()


def test_spread_out_tracks_are_all_numbered():
    points = [
        Point(f"S{i:02d}", -1 + (i % 6) * 5, 50_000 + (i // 6) * 25_000, 300_000 + 50_000 * i)
        for i in range(30)
    ]
    labels = home_chart.place_labels(points, narrow_frame(points))
    assert None not in labels


def test_the_work_per_label_stays_below_a_constant_as_tracks_grow():
    # Counted, not timed: from 60 to 960 tracks each label weighs a bounded number of places, compares
    # its box with a bounded number of placed labels and markers, and measures a bounded number of
    # neighbours (the search before the cells compared each place with every marker: 959 per place).
    per_label = {}
    for size in (60, 120, 240, 480, 960):
        points = catalogue_like(size)
        work = home_chart.PlacementWork()
        labels = home_chart.place_labels(points, narrow_frame(points), work)
        if size == 60:
            assert labels == home_chart.place_labels(points, narrow_frame(points))  # counting changes nothing
        per_label[size] = {name: count / size for name, count in vars(work).items()}
    # Up to three attempts, two of them first trying the number inside its marker (one place).
    places = 1 + home_chart.DIRECTIONS * (home_chart.MAX_REACH_PX // home_chart.STEP_PX + 1)
    for size, work in per_label.items():
        assert work["labels"] <= 5, size
        assert work["candidates"] <= 2 + 3 * places, size
        assert work["box_tests"] <= 1_500, (size, work)
        assert work["marker_tests"] <= 800, (size, work)
        assert work["neighbour_tests"] <= 200, (size, work)
