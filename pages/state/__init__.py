"""State pages (``/states/<postal>/``): the metro pages' payload and template over each state's rows
(``pages.metro``'s inputs, ``build``), with the metros in that state."""
