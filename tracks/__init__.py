"""Editorial content: tracks, their ladders of roles, industry notes and related-track links; the
editors' admin, the catalogue loader, Markdown and placeholders, revisions.

Depends on ``salaries`` for the federal data it links to; never on ``pages`` or ``careers``. An editor's
save or a catalogue load tells the pages through ``salaries.generation`` (``tracks.services``).
"""
