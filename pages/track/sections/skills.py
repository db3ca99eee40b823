"""Skills and guidance: what sets the track apart (skills and knowledge against the average job),
tools and technology, training, hourly pay and what the pay figure includes."""

from __future__ import annotations

from pages.formatting import vintage_label
from pages.track import guidance as page_guidance
from pages.track.figures import TrackFigures
from salaries.models import DataRelease


def skills_section(figures: TrackFigures) -> dict:
    onet = figures.releases.get(DataRelease.Source.ONET)
    return {
        **figures.apart,
        "source": f"O*NET {vintage_label(onet)} importance ratings (1 to 5), weighted by "
        f"{figures.oews_label} employment; the average job weights every occupation the same way",
    }


def guidance_section(figures: TrackFigures) -> dict:
    onet = figures.releases.get(DataRelease.Source.ONET)
    projections = figures.releases.get(DataRelease.Source.PROJECTIONS)
    rows = figures.guidance_rows
    return {
        "technology": page_guidance.technology(figures.track_codes, figures.roles, rows, figures.titles()),
        "technology_source": f"O*NET {vintage_label(onet)} Technology Skills (hot and in-demand "
        f"technologies), weighted by {figures.oews_label} employment",
        "training": page_guidance.track_training(figures.track_codes, rows),
        "training_rungs": [
            {
                "title": role.title,
                "sentence": page_guidance.training_for(role.occupation_id, rows).sentence,
            }
            for role in figures.roles
        ],
        "training_source": f"BLS Employment Projections {vintage_label(projections)} and O*NET "
        f"{vintage_label(onet)} job zones",
        "hourly": page_guidance.hourly(figures.track_codes, rows, figures.pay),
        "pay_note": page_guidance.PAY_NOTE,
        "pay_note_source": page_guidance.PAY_NOTE_SOURCE,
        "composition": figures.track.composition_note,
        "similarity_meaning": page_guidance.SIMILARITY_MEANING,
    }
