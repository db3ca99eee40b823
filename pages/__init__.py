"""The public pages: one subpackage a page (``track``, ``home``, ``occupation``, ``metro``, ``state``,
``search``, ``compare``, ``methodology``, ``sitemap``), each with its builder, reads, views, URLs and
templates (``templates/pages/<page>/``).

What several pages share sits beside them: the chart builders by family (``charts``), the one
formatter module (``formatting``), the sentences around the numbers (``sentences``), the CSV download
(``csv``), canonical addresses (``links``), JSON-LD (``jsonld``), the public-page cache (``cache``), the
snapshot rows' COPY (``bulk_writes``), and the one list of snapshot builders (``snapshots``), which the
app registers with ``salaries.generation`` (``apps``).

Depends on ``tracks`` and ``salaries``; ``careers`` depends on it. Public pages are built when the data
or the catalogue changes and served from snapshots: no request computes a figure.
"""
