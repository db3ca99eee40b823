"""Job-title search (``/search/?q=``): an in-memory index over every title we know (``index``), built
into one stored row when the data or the catalogue changes (``build``), kept on each host as one
memory-mapped file that every process shares (``store``, ``mapped``), found by ``selectors`` and
queried by the view."""
