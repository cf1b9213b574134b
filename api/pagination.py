"""Keyset pagination: rows ordered by primary key, the cursor an opaque token naming the last key served.

Each page is one indexed range scan (``pk > last ORDER BY pk LIMIT n+1``), as fast on the millionth row as
on the first; a row added or removed meanwhile never shifts the pages as offsets would.
"""

import base64
import binascii

PREFIX = "k1:"


class CursorError(ValueError):
    pass


def cursor_encode(last_pk: int) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{last_pk}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str | None) -> int:
    """The last primary key served (0 for the first page); CursorError for anything not made by us."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise CursorError(cursor) from error
    if not text.startswith(PREFIX) or not text[len(PREFIX) :].isdigit():
        raise CursorError(cursor)
    value = int(text[len(PREFIX) :])
    if value > 2**63 - 1:
        raise CursorError(cursor)
    return value


def keyset_page(
    queryset, *, cursor: str | None, limit: int, fields: tuple[str, ...]
) -> tuple[list, str | None]:
    """One page of ``queryset`` after ``cursor``: (rows, next cursor or None on the last page). One query.

    Rows are tuples of ``fields`` (``values_list()``: names or expressions), whose first must be "pk".
    """
    if fields[0] != "pk":
        raise ValueError("the first field of a keyset page is its key, pk")
    after = cursor_decode(cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk").values_list(*fields)[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, cursor_encode(rows[-1][0])
