"""Views of the careers app: ``site`` (home, methodology, robots, errors) and ``members`` (Get Started,
accounts, career record)."""
