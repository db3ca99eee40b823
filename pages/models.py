"""The one table the public pages are served from: ``Snapshot``, one row per precomputed page part.

Every snapshot is derived data: built by the builders in ``pages.snapshots`` whenever the federal data
or the catalogue changes, and read by requests (one query, no figure computed). Writing goes through
``pages.store.write_snapshots``, which writes only the rows whose payload changed.
"""

from django.db import models


class Snapshot(models.Model):
    """One precomputed page (or part of one) as plain JSON.

    ``kind`` and ``key`` name it (a track's slug, ``<slug>/<CBSA code>`` for a track's metro panel, an
    SOC code, a CBSA code, a state's postal code, …). ``digest`` is the sha256 of the payload's
    canonical JSON (sorted keys, no spaces), so a rebuild compares digests and writes only what changed.
    ``schema`` names the shape the payload was written in (``pages.store.schema_digest`` of the
    classes a kind is decoded into, or a kind's payload version): a row whose ``schema`` is not the one
    the running code expects counts as not built.
    """

    class Kind(models.TextChoices):
        TRACK = "track", "Track page"
        TRACK_FRAME = "track_frame", "Track page's pre-rendered body"
        TRACK_SUMMARY = "track_summary", "Track's summary (home table)"
        TRACK_METRO = "track_metro", "Track page's metro panel"
        HOME = "home", "Home chart of every track"
        OCCUPATION = "occupation", "Occupation page"
        OCCUPATION_METRO = "occupation_metro", "Occupation page's metro views"
        METRO = "metro", "Metro page"
        STATE = "state", "State page"
        SEARCH = "search", "Job-title search index"
        COMPARE = "compare", "Compare data"
        MOVES = "moves", "Career moves of an occupation"
        MOVES_METRO = "moves_metro", "Career moves' figures in one metro"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=96)
    payload = models.JSONField()
    digest = models.CharField(max_length=64, help_text="sha256 of the payload's canonical JSON")
    schema = models.CharField(max_length=32, blank=True, help_text="the payload's shape (see pages.store)")
    built_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_snapshot_kind_key")]

    def __str__(self):
        return f"{self.kind}:{self.key}"
