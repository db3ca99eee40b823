"""The guidance sections of the track page (issue 11) against independent recomputations from the
upstream files in ../shared/data (O*NET 29.3, OEWS May 2025, BLS projections 2024-34)."""

import itertools
import re
from html import unescape

import pandas as pd
import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from pages.snapshots import build_track
from pages.track import guidance as page_guidance
from salaries.guidance_selectors import guidance_rows
from salaries.models import SocGuidance
from tests.caches import clear_caches
from tests.pages.upstream import OEWS_FILE, UPSTREAM, needs_upstream, upstream_file
from tracks.models import RelatedTrack, Track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]

ONET = UPSTREAM / "onet"
PROJECTIONS_FILE = UPSTREAM / "projections" / "ep_occupation_projections_2024_34.csv"


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="module")
def national():
    columns = ["AREA", "NAICS", "OCC_CODE", "O_GROUP", "TOT_EMP", "H_PCT25", "H_PCT75", "HOURLY"]
    frame = pd.read_csv(upstream_file(OEWS_FILE), dtype=str, keep_default_na=False, usecols=columns)
    return frame[(frame.AREA == "99") & (frame.NAICS == "000000")].set_index("OCC_CODE")


def onet(name):
    return pd.read_csv(upstream_file(ONET / name), sep="\t", dtype=str, keep_default_na=False, na_values=[])


def catalogue(slug):
    with open(settings.FIXTURES_DIR / "tracks" / f"{slug}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def page(client, slug) -> str:
    build_track(Track.objects.get(slug=slug))  # with this code, whatever snapshot a reused test DB holds
    response = client.get(reverse("tracks:detail", kwargs={"slug": slug}))
    assert response.status_code == 200
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def employment(national, code) -> int:
    return int(national.loc[code, "TOT_EMP"])


def weighted(values: dict[str, float], weights: dict[str, int]) -> float:
    return sum(values[c] * weights[c] for c in values) / sum(weights[c] for c in values)


# --------------------------------------------------------------------------------------------------
# What sets the track apart


@needs_upstream
def test_operations_distinctive_skill_and_average_job_equal_a_recomputation(client, national):
    skills = onet("Skills.txt.gz")
    skills = skills[skills["Scale ID"].eq("IM")].copy()
    skills["soc"] = skills["O*NET-SOC Code"].str[:7]
    skills["value"] = skills["Data Value"].astype(float)
    element = "Management of Personnel Resources"
    by_soc = skills[skills["Element Name"].eq(element)].groupby("soc")["value"].mean()

    codes = [entry["code"] for entry in catalogue("operations")["occupations"]]
    assert all(code in by_soc for code in codes)  # every Operations code is rated by O*NET itself
    track = weighted({c: by_soc[c] for c in codes}, {c: employment(national, c) for c in codes})

    # The average job: every detailed code with employment; a code O*NET does not rate uses the mean of
    # the stand-ins the page names (their values read from the file here).
    stand_ins = dict(SocGuidance.objects.exclude(stand_ins=[]).values_list("soc_code", "stand_ins"))
    by_onet = skills[skills["Element Name"].eq(element)].set_index("O*NET-SOC Code")["value"]
    detailed = national[national.O_GROUP.eq("detailed") & national.TOT_EMP.str.fullmatch(r"\d+")]
    values, weights = {}, {}
    for code in detailed.index:
        if code in by_soc:
            values[code] = by_soc[code]
        elif code in stand_ins:
            values[code] = sum(by_onet[c] for c, _ in stand_ins[code]) / len(stand_ins[code])
        else:
            continue
        weights[code] = employment(national, code)
    average = weighted(values, weights)

    rows = guidance_rows(codes)
    assert rows[SocGuidance.ALL_JOBS]["skills"][element] == pytest.approx(average, abs=1e-9)
    html = text_of(page(client, "operations"))
    assert f"{element} {track:.1f} {average:.1f} {track - average:+.1f}" in html


def test_software_engineering_shows_programming_first_with_its_stand_in_named(client):
    html = text_of(page(client, "software-engineering"))
    raw = page(client, "software-engineering")
    table = raw[raw.index('id="apart-caption"') : raw.index('id="knowledge-caption"')]
    listed = re.findall(r'<th scope="row">([^<]+)</th><td>', table)
    assert "Programming" in listed[:3]
    assert (
        "O*NET does not rate Software Developers (15-1252); its ratings are borrowed from Computer Systems "
        "Engineers/Architects (15-1299.08) and Computer Programmers (15-1251.00)." in html
    )
    # Reading, speaking and listening are foundations, not what sets the track apart.
    foundations = html[html.index("Foundations every job asks for:") :][:400]
    assert "Active Listening" in foundations and "Reading Comprehension" in foundations


def test_no_track_leads_with_a_generic_skill():
    generic = {"Reading Comprehension", "Speaking", "Critical Thinking", "Active Listening"}
    tracks = Track.objects.published().prefetch_related("occupations")
    leads = {}
    for track in tracks:
        codes = [o.occupation_id for o in track.occupations.all()]
        apart = page_guidance.apart(codes, guidance_rows(codes), {})
        leads[track.slug] = apart["skills"][0]["name"] if apart["skills"] else None
    assert len(leads) == 24
    assert not {slug: lead for slug, lead in leads.items() if lead in generic or lead is None}


# --------------------------------------------------------------------------------------------------
# Related tracks


def test_similarity_discriminates_between_tracks():
    tracks = list(Track.objects.published().prefetch_related("occupations"))
    codes = {t.pk: [o.occupation_id for o in t.occupations.all()] for t in tracks}
    rows = guidance_rows({c for cs in codes.values() for c in cs})
    profiles = {pk: page_guidance.combined_profile(cs, rows) for pk, cs in codes.items()}
    links = list(RelatedTrack.objects.filter(track__status="published", related__status="published"))
    assert len(links) >= 150
    scores = [
        page_guidance.link_evidence(profiles[link.track_id], codes[link.related_id], rows)["score"]
        for link in links
    ]
    assert sum(score >= 95 for score in scores) <= len(scores) / 4
    # No two different tracks are "100 out of 100" alike, linked or not.
    for a, b in itertools.combinations(tracks, 2):
        evidence = page_guidance.link_evidence(profiles[a.pk], codes[b.pk], rows)
        assert evidence["score"] < 100, (a.slug, b.slug)


def test_related_evidence_on_the_page_states_its_scale(client):
    html = text_of(page(client, "accounting"))
    assert re.search(
        r"Finance : .*? What sets the two apart matches \d{1,2} out of 100 \(100 = the same emphasis, 0 = "
        r"unrelated or opposite\); both need more Economics and Accounting",
        html,
    )


# --------------------------------------------------------------------------------------------------
# Tools, training, hourly pay, composition, the pay note


@needs_upstream
def test_nursing_technology_share_equals_a_recomputation(client, national):
    tech = onet("Technology Skills.txt.gz")
    flagged = tech[tech["Hot Technology"].eq("Y") | tech["In Demand"].eq("Y")].copy()
    flagged["soc"] = flagged["O*NET-SOC Code"].str[:7]
    codes = [entry["code"] for entry in catalogue("nursing")["occupations"]]
    share, mass = 0.0, 0
    for code in codes:
        parts = flagged[flagged.soc.eq(code)]
        occupations = parts["O*NET-SOC Code"].nunique()
        if not occupations:
            continue
        listing = parts[parts.Example.eq("Epic Systems")]["O*NET-SOC Code"].nunique()
        share += employment(national, code) * listing / occupations
        mass += employment(national, code)
    html = text_of(page(client, "nursing"))
    assert f"Epic Systems ({share / mass:.0%} of the track’s jobs;" in html


@needs_upstream
def test_training_and_hourly_pay_per_rung_equal_the_files(client, national):
    projections = pd.read_csv(upstream_file(PROJECTIONS_FILE), dtype=str, keep_default_na=False).set_index(
        "occ_code"
    )
    assert (projections.loc["47-2111", "education"], projections.loc["47-2111", "training"]) == (
        "High school diploma or equivalent",
        "Apprenticeship",
    )
    html = text_of(page(client, "skilled-trades"))
    rung = html[html.index("Journeyman Electrician") :]
    low, high = national.loc["47-2111", "H_PCT25"], national.loc["47-2111", "H_PCT75"]
    assert f"By the hour: ${low} to ${high} an hour" in rung
    assert (
        "Training: Typically a high school diploma or equivalent to start; no prior work experience "
        "required; an apprenticeship." in rung
    )
    assert "O*NET job zone 3 of 5: medium preparation." in rung

    software = text_of(page(client, "software-engineering"))
    assert projections.loc["15-1252", "education"] == "Bachelor's degree"
    assert "Typical entry education Bachelor's degree" in software
    assert "By the hour:" not in software  # a bachelor's-degree track: annual pay only


def test_the_hero_carries_the_composition_note_and_what_the_pay_figure_is(client):
    html = text_of(page(client, "product-management"))
    hero = html[: html.index("The work")]
    assert "How this track is counted: No federal occupation code covers product managers." in hero
    assert "What the pay figure is: OEWS pay is straight-time gross pay" in hero
    assert "Stock awards are not among the pay BLS counts" in hero
    nursing = text_of(page(client, "nursing"))
    assert "How this track is counted" not in nursing  # nursing shares no occupation


def test_an_all_top_coded_rung_is_said_not_drawn(client):
    raw = page(client, "software-engineering")
    rung = raw[raw.index("<h3>Chief Technology Officer") :]
    rung = rung[: rung.index("</li>")]
    assert "BLS publishes this whole band only as “$239,200 or more” (top-coded)" in text_of(rung)
    assert 'class="dist-band"' not in rung
    director = raw[raw.index("<h3>Director of Engineering") :]
    assert 'class="dist-band"' in director[: director.index("</li>")]
