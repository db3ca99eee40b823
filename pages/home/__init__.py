"""The home page (``/``): every track as a card or a table row, sortable and searchable, and every track
on one chart (``chart``), from the summaries stored with the track snapshots (``build``)."""
