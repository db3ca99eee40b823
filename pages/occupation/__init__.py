"""The occupation pages (``/occupations/``, ``/occupations/<SOC>/``): one stored JSON payload per
occupation, built from the federal data when it changes (``build``, ``snapshots``), read and rendered
by the views; ``compare`` lines occupations up for the compare page."""
