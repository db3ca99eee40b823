"""The compare page (``/compare/``): tracks side by side, from one stored snapshot per track built from
its track page (``build``), or occupations side by side, from their pages' snapshots
(``pages.occupation.compare``)."""
