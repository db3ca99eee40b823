"""The home page's chart of all tracks, its key, its table and its CSV: the figures are the tracks'
stored summaries (the same as each track page's hero), recomputed independently from the federal files
for two tracks; the page reads them within the query budget and computes nothing."""

import csv
import io
import re
from html import unescape

import pytest

from pages import snapshots
from pages.home import chart as home_chart
from pages.home.build import home_chart_payload, track_summaries
from pages.home.chart import KEY
from pages.models import Snapshot
from tests.caches import clear_caches
from tests.pages.home.test_views import table_rows
from tests.pages.track.test_views import (  # noqa: F401 - oews is a fixture
    catalogue_codes,
    chart_json,
    expected_figures,
    expected_growth,
    needs_upstream,
    oews,
)
from tracks import services
from tracks.models import Track

# Needs the real federal data (loaded once per session: tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.federal]


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def money(text: str) -> float:
    return float(text.strip("$").replace(",", ""))


def percent(text: str) -> float:
    return float(text.replace("\u2212", "-").strip("+%"))


def chart_table(html: str) -> list[list[str]]:
    card = html[html.index(f'id="chart-{KEY}"') :]
    body = card[card.index("<tbody>") : card.index("</tbody>")]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def chart_key(html: str) -> list[tuple[int, str, str]]:
    block = html[
        html.index('<ol class="chart-key"') : html.index("</ol>", html.index('<ol class="chart-key"'))
    ]
    return [
        (int(n), unescape(name), href)
        for n, href, name in re.findall(r'<li value="(\d+)"><a href="([^"]+)">(.*?)</a></li>', block)
    ]


def test_the_chart_table_key_and_cards_carry_every_track_s_stored_figures(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # generation, the stored chart, the summaries
        html = client.get("/").content.decode()
    summaries = {s.name: s for s in track_summaries()["tracks"]}
    published = set(Track.objects.published().values_list("name", flat=True))
    assert set(summaries) == published

    figure = chart_json(html, KEY)
    trace = figure["data"][0]
    charted = {name: (x, y) for name, x, y in zip(trace["text"], trace["x"], trace["y"], strict=True)}
    assert set(charted) == published  # every published track has all three figures
    for name, (x, y) in charted.items():
        assert (x, y) == (summaries[name].growth, summaries[name].median.value)

    # The numbers on the chart are the key's, best paid first, and each key entry links to its track.
    labels = {figure["data"][0]["text"][i]: a["text"] for i, a in enumerate(figure["layout"]["annotations"])}
    key = chart_key(html)
    by_pay = sorted(published, key=lambda n: (-summaries[n].median.value, n.casefold()))
    assert [name for _, name, _ in key] == by_pay
    assert [n for n, _, _ in key] == list(range(1, len(published) + 1))
    assert {name: str(n) for n, name, _ in key} == labels
    assert {name: url for _, name, url in key} == {n: s.url for n, s in summaries.items()}

    # The chart's table and the track cards show the same figures, the same way.
    cards = {row[0]: row[1:] for row in table_rows(html)}
    for name, pay, growth, jobs in chart_table(html):
        assert [pay, jobs, growth] == cards[name]
        assert money(pay) == summaries[name].median.value
        assert percent(growth) == summaries[name].growth


@needs_upstream
@pytest.mark.parametrize("slug", ["operations", "software-engineering"])
def test_home_figures_equal_an_independent_recomputation(client, oews, slug):  # noqa: F811
    codes = catalogue_codes(slug)
    expected = expected_figures(oews, codes)
    growth = expected_growth(codes)
    html = client.get("/").content.decode()
    name = Track.objects.get(slug=slug).name
    assert {row[0]: row[1:] for row in table_rows(html)}[name] == [
        expected["median"],
        expected["jobs"],
        growth,
    ]
    assert {row[0]: row[1:] for row in chart_table(html)}[name] == [
        expected["median"],
        growth,
        expected["jobs"],
    ]
    trace = chart_json(html, KEY)["data"][0]
    i = trace["text"].index(name)
    assert (trace["x"][i], trace["y"][i]) == (percent(growth), money(expected["median"]))


def test_the_csv_has_the_chart_s_rows_and_a_source(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # generation, the stored chart
        response = client.get("/tracks.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["track", "median_annual_pay", "projected_growth_percent", "us_jobs", "source"]
    summaries = {s.name: s for s in track_summaries()["tracks"]}
    assert len(rows) == len(summaries) + 1
    for name, pay, growth, jobs, source in rows[1:]:
        s = summaries[name]
        assert (float(pay), float(growth), int(jobs)) == (s.median.value, s.growth, s.jobs)
        assert "BLS Employment Projections" in source
    html = client.get("/").content.decode()
    assert 'href="/tracks.csv" download' in html


def test_the_chart_is_the_same_whatever_the_sort_or_search(client):
    everything = chart_json(client.get("/").content.decode(), KEY)
    assert chart_json(client.get("/", {"sort": "-growth"}).content.decode(), KEY) == everything
    assert chart_json(client.get("/", {"q": "nurs"}).content.decode(), KEY) == everything


def test_cards_carry_a_one_line_description_and_the_composition_notes_stay(client):
    html = client.get("/").content.decode()
    for s in track_summaries()["tracks"]:
        assert f'<span class="home-track-desc">{s.short_description}</span>' in unescape(html)
        if s.composition_note:
            assert f"<dd>{s.composition_note}</dd>" in unescape(html)
    assert "<details" in html and "How tracks that share occupations are counted" in html


def test_the_lede_and_the_job_title_search_come_first(client):
    html = client.get("/").content.decode()
    lede = html.index('class="lead-sentence"')
    search = html.index('id="home-title-search"')
    assert lede < search < html.index('id="tracks"') < html.index(f'id="chart-{KEY}"')
    assert 'action="/search/"' in html[lede : search + 200]


# --------------------------------------------------------------------------------------------------
# Stored with the snapshots, read by requests


def test_the_stored_chart_is_the_pure_builder_s_output_for_the_stored_summaries():
    payload = home_chart_payload()
    summary = track_summaries()
    assert payload == home_chart.overview_payload(
        summary["tracks"], oews=summary["oews"], projections=summary["projections"]
    )
    assert (payload["oews"], payload["projections"]) == (summary["oews"], summary["projections"])


def test_a_request_computes_nothing(client, monkeypatch):
    def no(*args, **kwargs):
        raise AssertionError("a request built the chart")

    for name in ("overview_payload", "overview_figure", "place_labels", "overview_table", "overview_csv"):
        monkeypatch.setattr(home_chart, name, no)
    html = client.get("/").content.decode()
    assert len(chart_json(html, KEY)["data"][0]["x"]) == Track.objects.published().count()
    assert client.get("/tracks.csv").status_code == 200


def test_saving_a_track_rebuilds_the_chart(client):
    track = Track.objects.published().get(slug="operations")
    track.name = "Operations Management"
    track.save()
    services.track_saved(track)
    names = chart_json(client.get("/").content.decode(), KEY)["data"][0]["text"]
    assert "Operations Management" in names and "Operations" not in names
    track.status = Track.Status.DRAFT
    track.save()
    services.track_saved(track)
    html = client.get("/").content.decode()
    assert "Operations Management" not in chart_json(html, KEY)["data"][0]["text"]
    assert "Operations Management" not in [name for _, name, _ in chart_key(html)]


def test_a_catalogue_load_rebuilds_the_chart_once_after_its_tracks(monkeypatch):
    calls = []
    monkeypatch.setattr(snapshots, "build_track", lambda track, **kw: calls.append((track.slug, kw)) or 0)
    monkeypatch.setattr(snapshots, "build_home_chart", lambda *a, **kw: calls.append(("home chart", {})))
    monkeypatch.setattr(snapshots, "rebuild_all", lambda: None)  # not the home's (slow)
    services.catalogue_loaded(["legal"])  # legal and the tracks linking to it
    tracks, last = calls[:-1], calls[-1]
    assert len(tracks) >= 2 and all(kw == {"home": False} for _, kw in tracks)
    assert last == ("home chart", {})


def test_without_a_stored_chart_the_home_page_still_lists_the_tracks(client):
    Snapshot.objects.filter(kind=Snapshot.Kind.HOME).delete()
    html = client.get("/").content.decode()
    assert len(table_rows(html)) == Track.objects.published().count()
    assert f'id="chart-{KEY}"' not in html and "chart-key" not in html
    assert client.get("/tracks.csv").status_code == 404
