# The upstream OEWS file as a frame, for the pages' independent recomputations (tests/pages/upstream.py).
from tests.pages.upstream import oews  # noqa: F401
