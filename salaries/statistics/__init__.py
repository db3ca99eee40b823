"""Track statistics: pure functions from federal data to the numbers the pages show, one module a topic.

Nothing here touches the ORM, a request or settings: selectors load rows and build the dataclasses
these modules define; their functions turn them into figures. No words either: the sentences and the
methodology's notes live with the pages (``pages.sentences``, ``pages.methodology.notes``), so this
package stays numbers. Each module's docstring states its rules, which the methodology page repeats
in plain words.

- ``wages``: one occupation's published wages (``WageDistribution``), a wage quantile (``Quantile``,
  censored at the top code), rounding, the dollar notation of a wage and hourly equivalents;
- ``mixture``: a track's employment and pay, the employment-weighted mixture of its occupations' wage
  distributions, and an occupation's pay bands;
- ``location``: price-adjusted and equivalent pay, metro tiers, a track's figures in one place, and
  the rankings of metros;
- ``industries``: industry shares and the overlap of two tracks' industries;
- ``trends``: employment and median pay by survey year, in constant dollars;
- ``projections``: BLS Employment Projections summed over a track's occupations;
- ``skills``: skill profiles and how alike two are.
"""
