"""State pages (/states/<postal>/): figures against the independent recomputation from the upstream files
(tests/pages/upstream.py), its metros, and 404s for unknown codes.
"""

import pytest
from django.urls import reverse

from tests.pages.track.test_views import catalogue_codes, expected_figures
from tests.pages.upstream import (
    RPP_STATE,
    at_us_prices,
    fact,
    needs_upstream,
    rpp,
    table_rows,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------------
# States


@needs_upstream
def test_state_figures_equal_an_independent_recomputation(client, oews, page_snapshots):
    response = client.get(reverse("state", kwargs={"postal": "CA"}))
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html, "Tracks in California")
    cells = rows["Nursing"]
    expected = expected_figures(oews, catalogue_codes("nursing"), area="06")
    assert cells[0] == expected["jobs"]
    assert cells[1].split(" (")[0] == expected["median"]
    parity = rpp(RPP_STATE, "06000")
    assert cells[2] == at_us_prices(expected["median"].strip("$").replace(",", ""), parity)
    assert fact(html, "rpp") == f"{parity:.1f}"
    assert 'href="/metros/41940/"' in html  # its metros are listed


@pytest.mark.parametrize("postal", ["ca", "ZZ", "C", "CAL", "06"])
def test_unknown_state_codes_are_404(client, page_snapshots, postal):
    assert client.get(f"/states/{postal}/").status_code == 404
