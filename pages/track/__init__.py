"""The track page (``/tracks/<slug>/``, ``?metro=<CBSA>``, and the CSV behind each chart).

Built when the data or the catalogue changes: ``selectors`` reads the rows, ``figures`` computes what
several sections share, ``sections`` write each part of the page and ``build`` assembles it;
``render`` renders its body once, ``snapshots`` stores and reads it. ``views`` serve the stored page;
``preview`` renders an unsaved one for editors.
"""
