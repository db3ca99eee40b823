"""Job-title search (``/search/?q=``): an in-memory index over every title we know (``index``), built
into one stored row when the data or the catalogue changes (``build``), held in each process's memory
(``selectors``) and queried by the view."""
