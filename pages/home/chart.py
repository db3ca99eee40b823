"""The home page's chart of every track: median pay against projected growth, marker area = U.S. jobs.

Pure functions (no database): the rows are the tracks' summaries (:class:`tracks.home.TrackSummary`,
built with each track's snapshot); this module lays them out as a Plotly figure, a table, CSV rows and a
key (:func:`overview_payload`), which ``tracks.page.snapshots.build_home_chart`` stores whenever a track
snapshot is built. Requests only read the stored payload (:func:`chart_from_payload`).

Every marker carries its number (1 = best paid), and a key under the chart names them: 24 names do
not fit a phone's chart without colliding. The numbers are placed here, not by Plotly: each is an
annotation whose text box sits at an offset in px from its marker, chosen so that no two labels overlap,
none leaves the plotting area and they cover as few other markers as possible. The search runs on the
narrowest plotting area the chart is drawn in (:data:`NARROW_PLOT_PX`, a 360 px phone). The figure has
a fixed height and fixed margins and only its width follows the screen, so on a wider screen markers
(and their labels) only move apart horizontally; two labels that share rows of pixels are kept in
their markers' left-to-right order, so widening only pulls them further apart.

The search takes time linear in the number of tracks: each label weighs a bounded number of places,
and each place is checked only against the labels and markers indexed in the cells around it
(:func:`place_labels`). ``bench/home_chart_bench.py`` times it from 24 to 960 tracks.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pages.charts.base import COLORS, CONFIG, FONT_FAMILY
from pages.formatting import count, format_percent_change
from salaries.statistics.wages import format_dollars

KEY = "tracks-overview"
TITLE = "Median pay against projected growth (circle area: U.S. jobs)"

HEIGHT_PX = 460
MARGIN = {"l": 64, "r": 12, "t": 12, "b": 56, "pad": 4}
NARROW_PLOT_PX = 220  # plotting width in a 360 px viewport (chart box ≈ 300 px, less the margins)
PLOT_HEIGHT_PX = HEIGHT_PX - MARGIN["t"] - MARGIN["b"]

LABEL_FONT_PX = 12
CHAR_PX = 7.6  # a generous digit advance at 12 px (DejaVu Sans digits are 7.6 px), so estimates err large
LINE_PX = 15.6  # Plotly sets annotation lines 1.3 em apart
BOX_PAD_PX = 3  # Plotly's border and pad around an annotation's text
LABEL_GAP_PX = 2  # kept clear between two names
WRAP_AT = 12  # a longer name is set on two lines

MAX_MARKER_PX = 36  # the largest track's diameter; areas follow jobs
MIN_MARKER_PX = 8


@dataclass(frozen=True)
class Point:
    """One track on the chart: its figures as its summary stores them."""

    name: str
    growth: float  # projected ten-year change in jobs, percent
    median: float  # median annual pay, dollars
    jobs: int  # U.S. wage and salary jobs


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )


# --------------------------------------------------------------------------------------------------
# Rows


def chart_points(summaries: Iterable) -> list[Point]:
    """The tracks that have all three figures, by name (a summary without one is left off the chart)."""
    points = []
    for s in summaries:
        if s.median is None or not s.median.known or s.growth is None or not s.jobs:
            continue
        points.append(Point(s.name, float(s.growth), float(s.median.value), int(s.jobs)))
    return sorted(points, key=lambda p: p.name.casefold())


def left_off(summaries: Iterable) -> list[str]:
    """Names of tracks the chart cannot show (a figure not available)."""
    shown = {p.name for p in chart_points(summaries)}
    return sorted((s.name for s in summaries if s.name not in shown), key=str.casefold)


# --------------------------------------------------------------------------------------------------
# Geometry


def label_text(name: str) -> str:
    """A long name on two lines, broken at the space nearest its middle: "Supply Chain<br>and Logistics"."""
    if len(name) <= WRAP_AT or " " not in name:
        return name
    middle = len(name) / 2
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: (abs(i - middle), i))
    return f"{name[:cut]}<br>{name[cut + 1 :]}"


def label_size(text: str) -> tuple[float, float]:
    """Estimated (width, height) in px of an annotation's box (a little larger than drawn)."""
    lines = text.split("<br>")
    width = max(len(line) for line in lines) * CHAR_PX + 2 * BOX_PAD_PX
    height = len(lines) * LINE_PX + 2 * BOX_PAD_PX
    return width, height


def marker_diameters(points: Sequence[Point]) -> list[float]:
    """Diameters in px with areas proportional to jobs (the largest :data:`MAX_MARKER_PX`)."""
    if not points:
        return []
    largest = max(p.jobs for p in points)
    return [round(max(MIN_MARKER_PX, MAX_MARKER_PX * math.sqrt(p.jobs / largest)), 1) for p in points]


def axis_ranges(points: Sequence[Point]) -> tuple[tuple[float, float], tuple[float, float]]:
    """(growth range, pay range): every marker, and zero growth, well inside the plotting area."""
    growths = [p.growth for p in points] + [0.0]
    pays = [p.median for p in points]
    g_low, g_high = min(growths), max(growths)
    g_pad = max((g_high - g_low) * 0.04, 1.0)
    p_low, p_high = min(pays), max(pays)
    p_pad = max((p_high - p_low) * 0.08, 5_000.0)
    p_step = 10_000
    return (
        (math.floor(g_low - g_pad), math.ceil(g_high + g_pad)),
        (math.floor((p_low - p_pad) / p_step) * p_step, math.ceil((p_high + p_pad) / p_step) * p_step),
    )


@dataclass(frozen=True)
class Frame:
    """Data units to px (origin top left of the plotting area) at one plotting width."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: float
    height: float = PLOT_HEIGHT_PX

    def px(self, x: float, y: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (x - x0) / (x1 - x0) * self.width, (y1 - y) / (y1 - y0) * self.height


DIRECTIONS = 16
STEP_PX = 5
MAX_REACH_PX = 160
MARKER_PENALTY_PX = 40  # a label over another marker costs as much as moving it this far
RIGHTWARD = 0.5  # prefer the right of a marker, then above, below and left (reading order)
NEAR_PX = 40  # markers closer than this crowd each other

# Caps that keep each label's work the same however many tracks there are. The published catalogue is
# far from both (its most crowded marker has 9 others within NEAR_PX; no place weighed for it covers more
# than 6 markers), and made-up catalogues of up to 60 tracks shaped like it are placed as without them:
# they only matter where dozens of markers pile up, and then only rank the hopeless places alike.
MAX_NEAR = 64  # crowding counts up to this many neighbours: a marker with more is as crowded
MAX_COVERED = 16  # a place over this many other markers costs as much as one over more (4 × the reach)
CELL_PX = 32  # placed labels and markers are indexed in square cells of about a label's size

_RAYS = [
    (math.cos(2 * math.pi * k / DIRECTIONS), -math.sin(2 * math.pi * k / DIRECTIONS))
    for k in range(DIRECTIONS)
]


@dataclass
class PlacementWork:
    """What :func:`place_labels` did, counted (tests bound it per label; time is too noisy to)."""

    labels: int = 0  # searches for a label's place: up to 5 per label (3 attempts, 2 first try inside)
    candidates: int = 0  # candidate places looked at
    box_tests: int = 0  # a candidate's box against a placed label's (overlap and left-to-right order)
    marker_tests: int = 0  # a candidate's box against another marker
    neighbour_tests: int = 0  # distances measured between markers to rank them by crowding


def _cells(low: float, high: float) -> range:
    """The indices of the cells of :data:`CELL_PX` that [low, high] touches."""
    return range(math.floor(low / CELL_PX), math.floor(high / CELL_PX) + 1)


# A label's box in the search: (left, top, right, bottom) in px, and a placed one with its marker's x.
Rect = tuple[float, float, float, float]
Placed = tuple[float, float, float, float, float]


def _conflict(left: float, top: float, right: float, bottom: float, marker_x: float, other: Placed) -> bool:
    """Whether a box may not sit beside a placed label: closer than :data:`LABEL_GAP_PX`, or sharing
    rows of pixels with it on the wrong side (the label of the marker further left is the one further
    left, so that a wider chart only pulls the two apart)."""
    o_left, o_top, o_right, o_bottom, o_marker_x = other
    if bottom + LABEL_GAP_PX <= o_top or o_bottom + LABEL_GAP_PX <= top:
        return False  # apart vertically: the height never changes
    if right + LABEL_GAP_PX <= o_left:  # this label is to the left: its marker must not be to the right
        return marker_x > o_marker_x
    if o_right + LABEL_GAP_PX <= left:
        return marker_x < o_marker_x
    return True  # they overlap


class _PlacedLabels:
    """The labels placed so far, indexed twice: by the cells each box touches (to find an overlap among
    a few neighbours) and by the rows of cells it spans (the left-to-right order rule concerns every
    label sharing rows of pixels, however far to the side). Labels never overlap, so a cell or a row of
    the plotting area, whose size is fixed, holds a bounded number of them however many tracks there are.
    """

    def __init__(self):
        self.cells: dict[tuple[int, int], list[Placed]] = {}
        self.rows: dict[int, list[Placed]] = {}
        self.tests = 0  # boxes compared

    def add(self, rect: Rect, marker_x: float) -> None:
        left, top, right, bottom = rect
        entry = (left, top, right, bottom, marker_x)
        for row in _cells(top, bottom):
            self.rows.setdefault(row, []).append(entry)
            for col in _cells(left, right):
                self.cells.setdefault((col, row), []).append(entry)

    def clash(self, left: float, top: float, right: float, bottom: float, marker_x: float) -> Placed | None:
        """A placed label the box (the label of the marker at ``marker_x``) conflicts with, or None."""
        rows = _cells(top - LABEL_GAP_PX, bottom + LABEL_GAP_PX)
        cols = _cells(left - LABEL_GAP_PX, right + LABEL_GAP_PX)
        for row in rows:  # the neighbours first: where one overlaps, the cheapest way to find it
            for col in cols:
                for entry in self.cells.get((col, row), ()):
                    self.tests += 1
                    if _conflict(left, top, right, bottom, marker_x, entry):
                        return entry
        for row in rows:  # then every label that may share rows of pixels with it (the order rule)
            for entry in self.rows.get(row, ()):
                self.tests += 1
                if _conflict(left, top, right, bottom, marker_x, entry):
                    return entry
        return None


class _Layout:
    """The markers of one chart in px, indexed by cell, and the search for each label's place."""

    def __init__(self, points: Sequence[Point], frame: Frame, work: PlacementWork):
        self.frame = frame
        self.work = work
        self.centres = [frame.px(p.growth, p.median) for p in points]
        self.radii = [d / 2 for d in marker_diameters(points)]
        self.texts = [str(n) for n in numbers(points)]
        self.sizes = [label_size(text) for text in self.texts]
        self.reach = max(self.radii, default=0.0)  # a box further than this from a marker's centre misses it
        self.cells: dict[tuple[int, int], list[int]] = {}
        for j, (x, y) in enumerate(self.centres):
            self.cells.setdefault((math.floor(x / CELL_PX), math.floor(y / CELL_PX)), []).append(j)

    def crowding(self) -> list[int]:
        """How many other markers lie within :data:`NEAR_PX` of each (at most :data:`MAX_NEAR`)."""
        cells: dict[tuple[int, int], list[int]] = {}
        for j, (x, y) in enumerate(self.centres):
            cells.setdefault((math.floor(x / NEAR_PX), math.floor(y / NEAR_PX)), []).append(j)
        around = [(0, 0)] + [(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1) if a or b]  # its own cell first

        def near(i: int) -> int:
            x, y = self.centres[i]
            col, row = math.floor(x / NEAR_PX), math.floor(y / NEAR_PX)
            found = 0
            for a, b in around:
                for j in cells.get((col + a, row + b), ()):
                    if j != i:
                        self.work.neighbour_tests += 1
                        if math.dist(self.centres[i], self.centres[j]) < NEAR_PX:
                            found += 1
                            if found == MAX_NEAR:
                                return found
            return found

        return [near(i) for i in range(len(self.centres))]

    def covered(self, i: int, rect: Rect, cost: float, best: float | None) -> int:
        """How many markers other than ``i``'s the box covers, counted until the place is sure to cost at
        least ``best`` (it is then not taken, whatever the rest) or :data:`MAX_COVERED` is reached."""
        left, top, right, bottom = rect
        count = 0
        for row in _cells(top - self.reach, bottom + self.reach):
            for col in _cells(left - self.reach, right + self.reach):
                for j in self.cells.get((col, row), ()):
                    if j == i:
                        continue
                    self.work.marker_tests += 1
                    mx, my = self.centres[j]
                    # The point of the box nearest the marker's centre: min(max(mx, left), right).
                    nearest_x = left if mx < left else mx if mx <= right else right
                    nearest_y = top if my < top else my if my <= bottom else bottom
                    if (nearest_x - mx) ** 2 + (nearest_y - my) ** 2 < self.radii[j] ** 2:
                        count += 1
                        if count == MAX_COVERED:
                            return count
                        if best is not None and cost + MARKER_PENALTY_PX * count >= best:
                            return count  # too dear already
        return count

    def place(self, i: int, reach: float, placed: _PlacedLabels) -> tuple[Rect, float, float] | None:
        """The cheapest clear place for point ``i``'s label within ``reach`` px of its marker: its box
        and its centre, or None.

        The candidate centres lie on :data:`DIRECTIONS` rays from the marker, every :data:`STEP_PX` px
        from the nearest one whose box clears the marker, plus the marker's own centre when the box fits
        inside it: at most 1 + DIRECTIONS × (reach / STEP_PX + 1). They are tried nearest first (the
        right of the marker first at equal distance) by merging the rays, and the search stops once no
        further place can cost less than the best found. A ray is dropped once its box leaves the
        plotting area on the side it moves towards; a box that meets a placed label moves on along its
        ray until it is clear of that label before the others are looked at again.
        """
        self.work.labels += 1
        cx, cy = self.centres[i]
        radius = self.radii[i]
        width, height = self.sizes[i]
        half_w, half_h = width / 2, height / 2
        right_edge, bottom_edge = self.frame.width - 1, self.frame.height - 1
        glyphs = math.hypot(half_w - BOX_PAD_PX, half_h - BOX_PAD_PX)  # the text itself, unpadded
        # (cost of the distance, ray, distance along it); ray -1 is the marker's own centre.
        heap = [(-1.0, -1, 0.0)] if glyphs <= radius - 1 else []
        starts, ends, biases = [], [], []
        for k, (dx, dy) in enumerate(_RAYS):
            # The nearest centre on this ray whose box clears the marker.
            reach_x = half_w / abs(dx) if abs(dx) > 1e-9 else math.inf
            reach_y = half_h / abs(dy) if abs(dy) > 1e-9 else math.inf
            start = min(reach_x, reach_y) + radius + LABEL_GAP_PX
            starts.append(start)
            ends.append(start + reach)
            biases.append(0 if dx > 0.3 else RIGHTWARD * STEP_PX)
            if start <= ends[k]:
                heap.append((start - start + biases[k], k, start))
        heapq.heapify(heap)

        best = None
        tests = placed.tests
        while heap:
            cost_of_distance, k, distance = heapq.heappop(heap)
            if best is not None and cost_of_distance >= best[0]:
                break
            self.work.candidates += 1
            dx, dy = _RAYS[k] if k >= 0 else (0.0, 0.0)
            x, y = (cx + dx * distance, cy + dy * distance) if k >= 0 else (cx, cy)
            left, top, right, bottom = x - half_w, y - half_h, x + half_w, y + half_h
            following = distance + STEP_PX if k >= 0 and distance + STEP_PX <= ends[k] else None
            if left < 1 or top < 1 or right > right_edge or bottom > bottom_edge:
                if (
                    (left < 1 and dx <= 0)
                    or (right > right_edge and dx >= 0)
                    or (top < 1 and dy <= 0)
                    or (bottom > bottom_edge and dy >= 0)
                ):
                    following = None  # further along the ray the box only leaves the area more
            elif (blocker := placed.clash(left, top, right, bottom, cx)) is not None:
                while following is not None:  # on along the ray, past the label in the way
                    x, y = cx + dx * following, cy + dy * following
                    placed.tests += 1
                    if not _conflict(x - half_w, y - half_h, x + half_w, y + half_h, cx, blocker):
                        break
                    self.work.candidates += 1
                    following = following + STEP_PX if following + STEP_PX <= ends[k] else None
            else:
                rect = (left, top, right, bottom)
                cost = cost_of_distance + MARKER_PENALTY_PX * self.covered(
                    i, rect, cost_of_distance, None if best is None else best[0]
                )
                if best is None or cost < best[0]:
                    best = (cost, rect, x, y)
            if following is not None:
                heapq.heappush(heap, (following - starts[k] + biases[k], k, following))
        self.work.box_tests += placed.tests - tests
        return None if best is None else best[1:]


def place_labels(
    points: Sequence[Point], frame: Frame, work: PlacementWork | None = None
) -> list[tuple[str, float, float] | None]:
    """Each point's label (its number, :func:`numbers`) and the offset in px of the label's centre
    from the marker's (right and down positive; (0, 0) inside the marker), or None for a label that found
    no clear place (only when the points are too crowded to number them all). Deterministic.

    Crowded points choose first (they have fewest good places); each takes the cheapest place whose
    box stays inside the plotting area and clear of every label already placed: inside its own marker
    when the number fits there, else beside it, a label over another marker costing
    :data:`MARKER_PENALTY_PX`. Placed on the narrowest plotting area; see the module docstring for
    why the labels then stay apart on any wider one.

    The work per label is bounded by a constant, whatever the number of points: a bounded number of
    candidate places (:meth:`_Layout.place`), each tested only against the placed labels and markers in
    nearby cells and the placed labels in its rows; crowding and covered markers are counted up to
    :data:`MAX_NEAR` and :data:`MAX_COVERED`. Only the three orderings of the points are sorts.
    ``work``, when given, is filled with what was done.
    """
    layout = _Layout(points, frame, work if work is not None else PlacementWork())
    texts, radii = layout.texts, layout.radii
    near = layout.crowding()
    by_crowding = sorted(range(len(points)), key=lambda i: (-near[i], texts[i].zfill(3)))
    by_size = sorted(range(len(points)), key=lambda i: (-radii[i], texts[i].zfill(3)))

    def attempt(inside_first: bool, leave_off: bool = False) -> list[tuple[str, float, float] | None] | None:
        placed = _PlacedLabels()
        result: dict[int, tuple[str, float, float] | None] = {}
        if inside_first:  # every number that fits inside its own marker, biggest markers first
            for i in by_size:
                found = layout.place(i, -1, placed)
                if found is not None:
                    placed.add(found[0], layout.centres[i][0])
                    result[i] = (texts[i], 0.0, 0.0)
        for i in (i for i in by_crowding if i not in result):
            found = layout.place(i, MAX_REACH_PX, placed)
            if found is None:
                if not leave_off:
                    return None
                result[i] = None  # no clear place: its number is left off (the table still lists the track)
                continue
            rect, x, y = found
            placed.add(rect, layout.centres[i][0])
            cx, cy = layout.centres[i]
            result[i] = (texts[i], round(x - cx, 1), round(y - cy, 1))
        return [result[i] for i in range(len(points))]

    # Numbers inside the markers read best; when that leaves a label no room, place them all around.
    # With far more tracks than today some may find no clear place: those numbers are left off rather
    # than printed over others (the table below the chart still lists every track).
    return (
        attempt(inside_first=True)
        or attempt(inside_first=False)
        or attempt(inside_first=True, leave_off=True)
    )


def numbers(points: Sequence[Point]) -> list[int]:
    """Each point's number on the chart and in its key: 1 for the best-paid track, then down by pay."""
    ranked = sorted(range(len(points)), key=lambda i: (-points[i].median, points[i].name.casefold()))
    found = [0] * len(points)
    for rank, i in enumerate(ranked, 1):
        found[i] = rank
    return found


def label_boxes(
    points: Sequence[Point], labels: Sequence[tuple[str, float, float]], frame: Frame
) -> list[Box]:
    """The estimated px boxes of labels (text, offset in px from the marker) in ``frame``."""
    boxes = []
    for point, (text, dx, dy) in zip(points, labels, strict=True):
        width, height = label_size(text)
        px, py = frame.px(point.growth, point.median)
        px, py = px + dx, py + dy
        boxes.append(Box(px - width / 2, py - height / 2, px + width / 2, py + height / 2))
    return boxes


# --------------------------------------------------------------------------------------------------
# The figure, its table and CSV


def overview_figure(points: Sequence[Point], projections_vintage: str = "") -> dict:
    """The Plotly figure (a plain dict): one marker per track, its number as a placed annotation.
    Placing the labels takes a few milliseconds for 24 tracks: it runs when the snapshots are built."""
    x_range, y_range = axis_ranges(points) if points else ((0, 1), (0, 1))
    frame = Frame(x_range, y_range, NARROW_PLOT_PX)
    diameters = marker_diameters(points)
    labels = place_labels(points, frame)
    period = f", {projections_vintage}" if projections_vintage else ""
    annotations = [
        {
            "x": p.growth,
            "y": p.median,
            "xref": "x",
            "yref": "y",
            "ax": dx,
            "ay": dy,
            "text": text,
            "showarrow": (dx, dy) != (0, 0),  # a number inside its own marker needs no leader
            "arrowhead": 0,
            "arrowwidth": 1,
            "arrowcolor": COLORS["muted"],
            "standoff": round(d / 2, 1),
            "font": {"size": LABEL_FONT_PX, "color": COLORS["text"]},
            "align": "center",
        }
        for p, label, d in zip(points, labels, diameters, strict=True)
        if label is not None
        for text, dx, dy in [label]
    ]
    axis = {
        "fixedrange": True,
        "automargin": False,
        "gridcolor": COLORS["grid"],
        "zerolinecolor": COLORS["muted"],
        "tickfont": {"size": 12, "color": COLORS["text"]},
    }
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Tracks",
                "x": [p.growth for p in points],
                "y": [p.median for p in points],
                "text": [p.name for p in points],
                "marker": {
                    "size": diameters,
                    "sizemode": "diameter",
                    "color": COLORS["nominal"],
                    "opacity": 0.4,
                    "line": {"width": 1, "color": COLORS["background"]},
                },
                "hoverinfo": "skip",
                "cliponaxis": False,
            }
        ],
        "layout": {
            "font": {"family": FONT_FAMILY, "size": 13, "color": COLORS["text"]},
            "dragmode": False,
            "hovermode": False,
            "showlegend": False,
            "margin": dict(MARGIN),
            "height": HEIGHT_PX,
            "autosize": True,
            "paper_bgcolor": COLORS["background"],
            "plot_bgcolor": COLORS["background"],
            "separators": ".,",
            "xaxis": {
                **axis,
                "range": list(x_range),
                "ticksuffix": "%",
                "zeroline": True,
                "title": {
                    "text": f"Projected change in jobs{period}",
                    "font": {"size": 13, "color": COLORS["muted"]},
                    "standoff": 8,
                },
            },
            "yaxis": {
                **axis,
                "range": list(y_range),
                "tickprefix": "$",
                "tickformat": "~s",
                "zeroline": False,
                "title": {
                    "text": "Median annual pay",
                    "font": {"size": 13, "color": COLORS["muted"]},
                    "standoff": 6,
                },
            },
            "annotations": annotations,
            # charts.js (B): layout.height is the box's height (no title to drop), and each palette
            # colour is replaced by the page's --chart-<name> (dark mode).
            "meta": {"sized_for_card": True, "palette": dict(COLORS)},
        },
        "config": dict(CONFIG),
    }


def overview_table(summaries: Iterable) -> tuple[list[str], list[list[str]]]:
    """Every track (by median pay, highest first; tracks without it last) with the chart's figures."""
    headers = ["Track", "Median pay", "Projected growth", "U.S. jobs"]
    rows = [
        [s.name, s.median_display, s.growth_display, s.jobs_display] for s in sorted(summaries, key=_by_pay)
    ]
    return headers, rows


def overview_csv(summaries: Iterable) -> tuple[list[str], list[list]]:
    headers = ["track", "median_annual_pay", "projected_growth_percent", "us_jobs"]
    rows = [
        [
            s.name,
            _csv_pay(s.median),
            "" if s.growth is None else s.growth,
            "" if s.jobs is None else s.jobs,
        ]
        for s in sorted(summaries, key=_by_pay)
    ]
    return headers, rows


def _csv_pay(median) -> object:
    """A number, ">=239200" when top-coded, "" when not available."""
    if median is None:
        return ""
    return median.value if median.known else median.csv_value()


def _by_pay(s) -> tuple:
    known = s.median is not None and s.median.known
    return (not known, -(s.median.value if known else 0), s.name.casefold())


def overview_summary(points: Sequence[Point]) -> str:
    """One sentence on the chart's extremes, read from the stored figures."""
    if not points:
        return "No track has all three figures yet."
    top_pay = max(points, key=lambda p: (p.median, p.name))
    fastest = max(points, key=lambda p: (p.growth, p.name))
    largest = max(points, key=lambda p: (p.jobs, p.name))
    return (
        f"Higher is better paid, further right is projected to add more jobs, and a bigger circle means "
        f"more jobs today. {top_pay.name} pays most ({format_dollars(top_pay.median)}), "
        f"{fastest.name} is projected to grow fastest ({format_percent_change(fastest.growth)}) and "
        f"{largest.name} is the largest ({count(largest.jobs)} jobs)."
    )


# --------------------------------------------------------------------------------------------------
# The chart card


def overview_source(oews: str, projections: str) -> str:
    return (
        f"BLS Occupational Employment and Wage Statistics, {oews} (median pay, U.S. jobs); "
        f"BLS Employment Projections, {projections} (projected growth)"
    )


@dataclass(frozen=True)
class KeyEntry:
    number: int
    name: str
    url: str


PAYLOAD_FORMAT = 1  # bump when overview_payload changes shape: a stored payload of another is not read


def overview_payload(summaries: Sequence, *, oews: str, projections: str) -> dict:
    """Everything the home chart card shows, as JSON: built with the snapshots, read by requests."""
    points = chart_points(summaries)
    by_name = {s.name: s for s in summaries}
    key = sorted(
        ([n, p.name, by_name[p.name].url] for p, n in zip(points, numbers(points), strict=True)),
        key=lambda entry: entry[0],
    )
    headers, rows = overview_table(summaries)
    csv_headers, csv_rows = overview_csv(summaries)
    missing = left_off(summaries)
    notes = ["Each circle is numbered by pay, 1 the best paid, and named in the key."]
    if missing:
        notes.append(f"Not on the chart (a figure is not available): {', '.join(missing)}.")
    return {
        "format": PAYLOAD_FORMAT,
        "oews": oews,
        "projections": projections,
        "summary": overview_summary(points),
        "figure": overview_figure(points, projections),
        "headers": headers,
        "rows": rows,
        "csv_headers": csv_headers,
        "csv_rows": csv_rows,
        "source": overview_source(oews, projections),
        "notes": notes,
        "key": key,
    }


def chart_from_payload(payload: dict, *, csv_url: str = ""):
    """The chart card (a :class:`tracks.page.builder.Chart`) and its key (:class:`KeyEntry`, by number)
    from a stored payload: no computation."""
    from pages.charts.families import Chart

    chart = Chart(
        key=KEY,
        title=TITLE,
        summary=payload["summary"],
        figure=payload["figure"],
        headers=payload["headers"],
        rows=payload["rows"],
        csv_headers=payload["csv_headers"],
        csv_rows=payload["csv_rows"],
        source=payload["source"],
        notes=payload["notes"],
        csv_url=csv_url,
    )
    return chart, [KeyEntry(number, name, url) for number, name, url in payload["key"]]


def overview_chart(summaries: Sequence, *, oews: str, projections: str, csv_url: str = ""):
    """:func:`overview_payload` then :func:`chart_from_payload`, in one step (for tests and previews)."""
    payload = overview_payload(summaries, oews=oews, projections=projections)
    return chart_from_payload(payload, csv_url=csv_url)
