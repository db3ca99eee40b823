"""The one way a page answers with CSV: the numbers behind a chart or a table, each row with its source."""

import csv

from django.http import HttpResponse


def csv_response(filename: str, headers, rows, source: str) -> HttpResponse:
    """A CSV download: ``headers`` and a "source" column, then each row with ``source`` in that column."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([*headers, "source"])
    for row in rows:
        writer.writerow([*row, source])
    return response
