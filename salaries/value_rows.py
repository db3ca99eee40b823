"""``value_rows(queryset)``: the rows of a large ``.values()`` queryset, read faster.

Snapshot builds read hundreds of thousands of wage rows at once. Django runs each column's converters
on every row; on SQLite that means turning each stored number into a ``Decimal`` and parsing each
row's JSON list of suppressed fields, which was most of such a read. Here each column's converters run
once per distinct raw value. What comes out is what iterating the queryset gives: the same SQL, the
same converters, equal dicts with their keys in the same order.
"""

from collections.abc import Iterator
from decimal import Decimal
from itertools import chain

from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI

# Values a converter may hand to every row that holds the same raw value: immutable ones, and lists of
# them (copied for each row, so no two rows share one list).
_SHARED_SCALARS = (str, int, float, bool, Decimal, type(None))
# Raw values kept as keys: text, and numbers (an int and a float that are equal convert alike: Django's
# numeric converters read the number, not its type). Bytes and anything else are converted every time.
_RAW_KEYS = (str, int, float)


def value_rows(queryset: QuerySet) -> Iterator[dict]:
    """The rows of a ``.values()`` queryset (as ``list(queryset)`` gives them), each column's
    converters run once per distinct raw value. A converted value is reused only when no row can change
    it for another: an immutable value, or a list of immutable values (each row gets its own copy);
    anything else is converted again for every row."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    names = (
        list(query.selected)
        if query.selected
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    results = compiler.execute_sql(MULTI)
    connection = compiler.connection
    columns = None
    for raw_row in chain.from_iterable(results):
        if columns is None:  # the compiler knows its columns once the query has run
            converters = compiler.get_converters([s[0] for s in compiler.select[0 : compiler.col_count]])
            columns = [(pos, convs, expression, {}) for pos, (convs, expression) in converters.items()]
        row = list(raw_row)
        for pos, convs, expression, memo in columns:
            raw = row[pos]
            try:
                value = memo[raw]
            except (KeyError, TypeError):  # not seen yet, or unhashable
                value = raw
                for converter in convs:
                    value = converter(value, expression, connection)
                if isinstance(raw, _RAW_KEYS) and (
                    isinstance(value, _SHARED_SCALARS)
                    or (type(value) is list and all(isinstance(item, _SHARED_SCALARS) for item in value))
                ):
                    memo[raw] = list(value) if type(value) is list else value
                row[pos] = value
                continue
            row[pos] = list(value) if type(value) is list else value
        yield dict(zip(names, row, strict=True))
