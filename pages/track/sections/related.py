"""Related tracks: the editors' links, each with the evidence the data show (how alike what sets the
two apart is, and how much their industries overlap)."""

from __future__ import annotations

from pages.formatting import vintage_label
from pages.links import track_path
from pages.sentences import and_list
from pages.track import guidance as page_guidance
from pages.track.figures import TrackFigures
from salaries.models import DataRelease
from salaries.statistics.industries import industry_overlap
from tracks.models import RelatedTrack

# The industry-overlap rule, as the page states it beside the figure (``industry_overlap``).
OVERLAP_FORMULA = (
    "the sum, over industry sectors, of the smaller of the two tracks' shares of their jobs in that sector"
)


def related_section(figures: TrackFigures) -> dict:
    own_mix = {s.code: s.share for s in figures.shares}
    groups = {RelatedTrack.Kind.SKILLS_TRANSFER: [], RelatedTrack.Kind.TEAMS_COLLABORATE: []}
    for link in sorted(figures.links, key=lambda link: (link.kind, link.order)):
        related = link.related
        codes = figures.related_codes.get(link.related_id or related.slug, [])
        mix = figures.industry_mix(codes) if codes else {}
        evidence = []
        similarity = page_guidance.link_evidence(figures.track_profile, codes, figures.guidance_rows)
        if similarity is not None:
            evidence.append(
                f"What sets the two apart matches {similarity['score']} out of 100 "
                f"({page_guidance.SIMILARITY_MEANING})"
                + (
                    f"; both need more {and_list(similarity['shared'])} than the average job"
                    if similarity["shared"]
                    else ""
                )
            )
        if mix and own_mix:
            overlap = industry_overlap(own_mix, mix)
            evidence.append(f"{overlap:.0%} overlap in the industries that employ them ({OVERLAP_FORMULA})")
        groups.setdefault(link.kind, []).append(
            {
                "name": related.name,
                "url": track_path(related),
                "note": link.note,
                "evidence": evidence,
            }
        )
    onet = figures.releases.get(DataRelease.Source.ONET)
    return {
        "skills": groups[RelatedTrack.Kind.SKILLS_TRANSFER],
        "teams": groups[RelatedTrack.Kind.TEAMS_COLLABORATE],
        "source": f"O*NET {vintage_label(onet)} skill and knowledge ratings (each track against the "
        f"average job) and {figures.oews_label} jobs by industry",
    }
