"""The state pages: one state's page (the metro page's template) and its CSV, read from the stored
snapshots (one query each)."""

import re

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pages.cache import public_page
from pages.links import canonical_url
from pages.metro.views import place_csv, place_or_404
from pages.state import selectors

POSTAL_RE = re.compile(r"^[A-Z]{2}$")


def _state_or_404(postal: str) -> dict:
    return place_or_404(postal, POSTAL_RE, selectors.state_snapshot, "state")


@require_safe
@public_page
def state_detail(request, postal: str):
    page = _state_or_404(postal)
    return render(
        request,
        "pages/metro/detail.html",
        {
            "page": page,
            "is_state": True,
            "csv_url": reverse("state_csv", kwargs={"postal": postal}),
            "canonical_url": canonical_url("state", postal=postal),
        },
    )


@require_safe
@public_page
def state_csv(request, postal: str):
    return place_csv(_state_or_404(postal), f"state-{postal}-tracks.csv")
