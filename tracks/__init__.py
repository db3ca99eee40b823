"""Editorial content: tracks, their ladders of roles, industry notes and related-track links,
the editors' admin and the public track page.

Depends on ``salaries`` for the federal data it links to and computes from; never on ``careers``.
"""
