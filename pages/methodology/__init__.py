"""The methodology page (``/methodology/``): every rule behind the figures in plain words (``notes``, the
one place the methodology text lives), with the loaded releases and their vintages."""
