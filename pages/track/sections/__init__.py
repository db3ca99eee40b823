"""The track page's sections, one module each, in page order: ``hero``, ``trend`` (employment and pay
over time), ``location`` (pay by location), ``changing``, ``ladder`` (roles), ``industries``, ``skills``
(with the guidance), ``related``, ``about`` (the data); and ``metro_panel`` for a metro view.

Each is a function of the track's ``TrackFigures`` (``pages.track.figures``: the rows, read once, and the
figures several sections share, computed once); sections with charts add their cards to the page's
``charts_by_key``. ``pages.track.build`` calls them and assembles the page.
"""
