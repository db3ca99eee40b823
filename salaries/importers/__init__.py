"""Importers for the federal workforce data.

- ``oews``, ``oews_history``, ``projections``, ``rpp``, ``cpi``, ``crosswalk``, ``onet``: read one upstream
  source as published (pandas, every cell as text, BLS markers understood) into clean tables;
- ``build.build_all``: write them as compact fixtures + ``manifest.json`` (``build_workforce_fixtures``);
- ``loader.load_all``: load the fixtures into the database, idempotently and atomically
  (``load_workforce_data``).
"""
