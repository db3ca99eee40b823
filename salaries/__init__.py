"""The federal workforce data: models, importers, fixtures, the reads of the data (``selectors``,
``snapshot_reads``), the statistics by topic (``statistics``), the guidance rules, and the data
generation (``generation``: how a change reaches the pages built from the data).

Depends on nothing else in the project; every other app depends on it.
"""
