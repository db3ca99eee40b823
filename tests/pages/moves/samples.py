"""A hand-made moves snapshot (the shape ``pages.moves.build`` stores) and a metro's stored figures."""


def move(code, title, similarity, kind, median, *, top=False, employment=1000, reasons=(), **extra):
    return {
        "code": code,
        "title": title,
        "similarity": similarity,
        "tier": extra.get("tier", ""),
        "type": kind,
        "score": float(similarity),
        "job_zone": extra.get("job_zone", 3),
        "zone_step": extra.get("zone_step", 0),
        "education": extra.get("education", "High school diploma or equivalent"),
        "experience": "None",
        "training": "Short-term on-the-job training",
        "growth": extra.get("growth", 2.5),
        "openings": extra.get("openings", 12.3),
        "no_new_degree": extra.get("no_new_degree", True),
        "growing": extra.get("growing", True),
        "national": {"median": median, "top": top, "employment": employment, "reasons": list(reasons)},
        "why": [["skill", "Speaking", 3.5, 3.4]],
        "build": [["knowledge", "Mathematics", 3.9, 2.4]],
    }


PAYLOAD = {
    "code": "10-0001",
    "title": "Origin Workers",
    "origin": {"median": 50_000, "top": False, "published": True, "job_zone": 2, "education": ""},
    "moves": [
        move("10-0002", "Better Paid Workers", 91, "step up", 60_000, tier="Primary-Short", zone_step=1),
        move("10-0003", "Top Coded Workers", 80, "step up", None, top=True, no_new_degree=False),
        move(
            "10-0004", "Rough Workers", 75, "lateral", 51_000, reasons=["fewer than 100 jobs"], growing=False
        ),
        move(
            "10-0005", "Unpublished Workers", 60, "lateral", None, employment=None, growth=None, openings=None
        ),
        move("10-0006", "Cheaper Workers", 55, "step back", 40_000, growth=-1.0, growing=False),
    ],
    "metros": ["11111", "22222"],
    "oews_vintage": "May 2025",
    "projections_vintage": "2024-34",
    "onet_vintage": "29.3",
    "rpp_year": 2023,
}

# One metro's stored row: [jobs, median, top-coded, median at U.S. prices, location quotient, reasons]
METRO = {
    "name": "Alpha, ST",
    "rpp": 110.0,
    "jobs": {
        "10-0001": [5000, 55_000, 0, 50_000, 1.1, ""],
        "10-0002": [800, 52_000, 0, 47_270, 0.8, "employment error 31%, above 25%"],
        "10-0003": [120, None, 1, None, 2.5, ""],
        "10-0006": [60, 66_000, 0, 60_000, 0.4, "fewer than 100 jobs"],
    },
}
