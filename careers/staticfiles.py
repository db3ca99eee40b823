"""The static files storage: WhiteNoise's compressed manifest storage, with each file's URL worked out
once per process.

Every page asks for the same few URLs (the stylesheet, the icon, the chart script) and the manifest
storage parses, looks up and unparses each name on every ``{% static %}`` (about a tenth of a cache
miss's time on the compare page). The manifest does not change while a process runs, so the answer is
kept, keyed by everything it depends on: the name, ``force``, ``DEBUG`` (unhashed names in
development), ``STATIC_URL`` and the manifest loaded.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MAX_URLS = 10_000  # far more than the site's static files: a bound, not a limit that is ever met


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple, str] = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG, settings.STATIC_URL, id(self.hashed_files))
        found = self._urls.get(key)
        if found is None:
            found = super().url(name, force)
            if len(self._urls) >= MAX_URLS:
                self._urls.clear()
            self._urls[key] = found
        return found
