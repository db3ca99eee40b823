"""What every track page carries, shared by the view, layout and browser tests."""

CHART_KEYS = [
    "employment-trend",
    "pay-trend",
    "metro-pay",
    "pay-goes-furthest",
    "projections",
    "ladder",
    "industries",
]
SECTION_IDS = [
    "top",
    "understanding",
    "over-time",
    "pay-by-location",
    "changing",
    "roles",
    "industries",
    "skills",
    "related",
    "about-the-data",
    "get-started",
    "credits",
]
