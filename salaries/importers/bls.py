"""Reading BLS's published cells: numbers, and the markers that stand in for numbers.

BLS OEWS files mark cells that hold no number:

- ``*``  wage estimate not released (or not available); ``**`` employment estimate not released;
- ``#``  wage at or above the top code (a censored value: "this much or more");
- empty  not applicable (e.g. location quotient for the nation).

A marker never becomes a number. ``resolve`` turns a column of published strings into clean values
(``""`` for NULL) plus, per row, which fields were suppressed and which were top-coded.
"""

import json
import re

import numpy as np
import pandas as pd

SUPPRESSED = frozenset({"*", "**"})
TOP_CODED = "#"
INTEGER = re.compile(r"^\d+$")
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


class SourceFormatError(ValueError):
    """An upstream cell is neither a number nor a marker we know: the source changed; look at it."""


def resolve(frame: pd.DataFrame, mapping: dict[str, str], *, integer: set[str]) -> pd.DataFrame:
    """Map source columns to model fields, turning BLS markers into NULLs and flag lists.

    ``mapping`` is {source column: model field}; fields in ``integer`` must be whole numbers, the others
    decimals. Returns a frame with one column per field (strings, ``""`` = NULL) and the two JSON list
    columns ``suppressed_fields`` and ``top_coded_fields``.
    """
    out = pd.DataFrame(index=frame.index)
    suppressed, top_coded = {}, {}
    for source, field in mapping.items():
        cells = frame[source].fillna("").astype(str).str.strip()
        is_suppressed = cells.isin(SUPPRESSED)
        is_top = cells.eq(TOP_CODED)
        is_empty = cells.eq("")
        values = cells.where(~(is_suppressed | is_top), "")
        # Thousands separators never appear in BLS's CSV, but an xlsx read as text can carry them.
        values = values.str.replace(",", "", regex=False)
        pattern = INTEGER if field in integer else DECIMAL
        bad = ~(is_suppressed | is_top | is_empty) & ~values.str.match(pattern)
        if bad.any():
            sample = cells[bad].unique()[:5].tolist()
            raise SourceFormatError(f"{source}: unexpected values {sample!r} ({int(bad.sum())} cells)")
        out[field] = values
        suppressed[field] = is_suppressed.to_numpy()
        top_coded[field] = is_top.to_numpy()
    out["suppressed_fields"] = _flag_lists(suppressed, len(frame))
    out["top_coded_fields"] = _flag_lists(top_coded, len(frame))
    return out


def _flag_lists(flags: dict[str, np.ndarray], length: int) -> list[str]:
    names = list(flags)
    matrix = np.column_stack([flags[name] for name in names]) if names else np.zeros((length, 0), bool)
    cache: dict[bytes, str] = {}
    result = []
    for row in matrix:
        key = row.tobytes()
        if key not in cache:
            cache[key] = json.dumps([name for name, hit in zip(names, row, strict=True) if hit])
        result.append(cache[key])
    return result


def is_true(column: pd.Series) -> pd.Series:
    """BLS's ``TRUE`` flag columns as ``1``/``0`` (the form both SQLite and PostgreSQL accept)."""
    return column.fillna("").astype(str).str.strip().str.upper().eq("TRUE").map({True: "1", False: "0"})
