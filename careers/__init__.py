"""The project package and the people-facing app.

Holds settings, root URLs and WSGI/ASGI, plus the custom user model, the home page, the Get Started
flow and each member's career record. Depends on ``tracks`` and ``salaries``; nothing depends on it.
"""
