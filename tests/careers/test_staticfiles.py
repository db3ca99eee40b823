"""The static files storage (careers.staticfiles): each URL worked out once per process, and still
what WhiteNoise's manifest storage answers, with DEBUG (unhashed names) and the manifest taken into
account."""

import json

from whitenoise.storage import CompressedManifestStaticFilesStorage

from careers.staticfiles import StaticFilesStorage


def _storage(tmp_path, paths):
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "x"}))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_url_is_the_manifest_s_and_worked_out_once(tmp_path, settings, monkeypatch):
    settings.DEBUG = False
    storage = _storage(tmp_path, {"css/site.css": "css/site.0123abcd.css"})
    calls = []
    parent = CompressedManifestStaticFilesStorage.url
    monkeypatch.setattr(
        CompressedManifestStaticFilesStorage,
        "url",
        lambda self, *a, **k: calls.append(a) or parent(self, *a, **k),
    )
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert len(calls) == 1
    settings.DEBUG = True  # development: the name as it is, never the answer kept for DEBUG off
    assert storage.url("css/site.css") == "/static/css/site.css"
    assert len(calls) == 2


def test_a_new_manifest_is_never_answered_from_the_old_one(tmp_path, settings):
    settings.DEBUG = False
    storage = _storage(tmp_path, {"css/site.css": "css/site.0123abcd.css"})
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"css/site.css": "css/site.4567ef01.css"}, "version": "1.1", "hash": "y"})
    )
    storage.hashed_files, storage.manifest_hash = storage.load_manifest()  # as at start-up
    assert storage.url("css/site.css") == "/static/css/site.4567ef01.css"
