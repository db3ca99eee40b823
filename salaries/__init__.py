"""The federal workforce data: models, importers, fixtures, statistics and chart builders.

Depends on nothing else in the project; ``tracks`` and ``careers`` depend on it.
"""
