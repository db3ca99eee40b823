"""State pages (``/states/<postal>/``): every track's jobs and median pay in one state, built like the
metro pages (``pages.metro.build``: the same inputs and payload) from each state's rows."""

from __future__ import annotations

from pages.metro.build import PlaceInputs, metro_areas, place_payload
from pages.store import Kind, Written, write_snapshots
from pages.track.data import distribution
from salaries import snapshot_reads
from salaries.statistics.location import (
    adjusted_rank_value,
    median_rank_value,
    metro_track_figures,
    ranked_count,
    ranks,
)
from salaries.statistics.reliability import pooled


def state_track_figures(tracks, per_track_metro, oews, rpp: dict[str, float]):
    """For each track, the same shape as ``track_figures_by_metro`` but over states (one query)."""
    codes = sorted({c for t in tracks for c in (t.codes.split(",") if t.codes else [])})
    rows = snapshot_reads.state_rows(oews.pk, codes)
    by_state: dict[str, dict[str, dict]] = {}
    names = {}
    for row in rows:
        by_state.setdefault(row["area_id"], {})[row["occupation_id"]] = row
        names[row["area_id"]] = row["area__name"]
    results = []
    for track, metro_entry in zip(tracks, per_track_metro, strict=True):
        track_codes = sorted(track.codes.split(",")) if track.codes else []
        pay = metro_entry["pay"]
        national_mix = metro_entry["national_mix"]
        figures = {}
        for state, found in by_state.items():
            dists = [distribution(found[c]) for c in track_codes if c in found]
            if not any(d.employment for d in dists):
                continue
            figures[state] = metro_track_figures(
                area_code=state,
                area_name=names[state],
                distributions=dists,
                rpp=rpp.get(state),
                tier="state",
                national_mix=national_mix,
                reliability=pooled(found[c] for c in track_codes if c in found),
            )
        results.append(
            {
                "track": track,
                "pay": pay,
                "employment": metro_entry["employment"],
                "figures": figures,
                "rank_median": ranks(figures.values(), median_rank_value),
                "rank_adjusted": ranks(figures.values(), adjusted_rank_value),
                "ranked_count": ranked_count(figures.values()),
            }
        )
    return results


def rebuild_state_snapshots(places: PlaceInputs | None) -> Written:
    """Store every state page's snapshot (in the caller's transaction), writing only what changed."""
    if places is None:
        return Written()
    metros_by_state: dict[str, list[dict]] = {}
    for metro in metro_areas(places):
        for state in metro["states"]:
            metros_by_state.setdefault(state, []).append({"code": metro["code"], "name": metro["name"]})
    per_state_track = state_track_figures(places.tracks, places.per_track, places.oews, places.rpp)
    payloads = {}
    for state in (a for a in places.areas if a["area_type"] == "state"):
        payload = place_payload(
            state,
            "state",
            None,
            places.rpp.get(state["code"]),
            places.rpp_year,
            per_state_track,
            places.oews.vintage,
        )
        payload["metros"] = sorted(metros_by_state.get(state["state"], []), key=lambda m: m["name"])
        payloads[state["state"]] = payload
    return write_snapshots(Kind.STATE, payloads)
