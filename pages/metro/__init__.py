"""Metro pages (``/metros/``, ``/metros/<CBSA>/``): every track's jobs and pay in one metro, from one
stored payload per metro (``build``); the state pages (``pages.state``) are built and served the same
way."""
