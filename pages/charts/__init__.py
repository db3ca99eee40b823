"""Chart builders by family: figures, tables, CSV rows and one-line summaries, as pure functions.

Every ``*_chart`` function returns a JSON-safe Plotly figure dict ``{"data", "layout", "config"}``
(plain Python types only) that ``static/js/charts.js`` draws. For each chart there is also:

- ``*_table``: ``(headers, rows)`` of display strings, the HTML table beside the chart (the page is
  complete without JavaScript);
- ``*_csv``: ``(headers, rows)`` of raw values for the CSV download (the view writes the file).
  Top-coded wages are written ``>=239200``; unknown values are empty;
  the metro, pay-goes-furthest and ladder CSVs carry hourly columns for every track (``*_hourly``:
  the annual figure / 2,080 hours, BLS's full-year conversion, to the cent; top-coded ``>=115.00``);
- ``*_summary``: the one-line text summary.

The families: ``trends`` (employment and pay over time), ``location`` (pay by location), ``industries``,
``ladder`` and ``projections``; ``families`` lists them (``FAMILIES``) and builds a page's chart card
from one (``chart_card``); ``base`` holds what they share.

Phone rules, applied to every figure: no drag or scroll zoom (``dragmode`` False, every axis
``fixedrange``), no hover at all (``hovermode`` False), so nothing is hover-only: values are printed on
the bars or in the axis labels; legends sit horizontally below the plot (container-referenced, so they
never cover data); long labels wrap; fonts are at least 13px. Colours reach at least 4.5:1 contrast on
white, and no series is told apart by colour alone (labels, dash styles or marker shapes differ too).
"""
