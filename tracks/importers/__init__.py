"""Importers for editorial content (the tracks catalogue in ``fixtures/tracks/``)."""
