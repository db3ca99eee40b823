"""Signals other apps may listen to (``salaries`` imports no other app of the project).

``workforce_data_loaded`` is sent after a ``load_all`` that changed data has committed, with
``sources``: the sources of the releases it loaded. ``careers`` listens to tell followers what changed.
"""

from django.dispatch import Signal

workforce_data_loaded = Signal()
