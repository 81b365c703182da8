"""Keyset pagination: `limit` and an opaque `cursor` that names the last id seen."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from litestar.params import QueryParameter
from piccolo.columns import Column
from piccolo.query import Select

from inventory.errors import N_, InvalidInput
from inventory.numbers import MAX_ROW_ID

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

# A cursor is URL-safe base64 (unpadded) of `id:<last id>`: 6 to 18 characters for ids up to 2³¹−1.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{6,20}$"

# The query parameters of every list endpoint.
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="page size")]
Cursor = Annotated[
    str | None,
    QueryParameter(
        min_length=6,
        max_length=20,
        pattern=CURSOR_PATTERN,
        description="the `next_cursor` of the previous page, as the service issued it",
    ),
]


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The id a cursor names; a cursor the service cannot have issued is a 400 on `cursor`."""
    if not cursor:
        return None
    try:
        if len(cursor) > 20 or not cursor.isascii():
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        prefix, _, value = raw.decode("ascii").partition(":")
        if prefix != "id" or not value.isdigit() or len(value) > 10:
            raise ValueError(prefix)
        last_id = int(value)
        if not 0 <= last_id <= MAX_ROW_ID:
            raise ValueError(value)
        return last_id
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise InvalidInput(N_("cursor is not one this service issued"), field="cursor") from error


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            N_("limit must be between 1 and %(max_limit)s"), values={"max_limit": MAX_LIMIT}, field="limit"
        )
    return limit


def page(rows: list[dict[str, Any]], limit: int, items: list[Any]) -> dict[str, Any]:
    """Rows were fetched with limit + 1: the extra row only tells whether a next page exists."""
    has_more = len(rows) > limit
    next_cursor = encode_cursor(rows[limit - 1]["id"]) if has_more else None
    return {"items": items[:limit], "next_cursor": next_cursor}


async def keyset_page(query: Select, id_column: Column, limit: int, cursor: str | None) -> dict[str, Any]:
    """One page of `query` in id order: `{"items": rows, "next_cursor": ...}`."""
    check_limit(limit)
    after = decode_cursor(cursor)
    if after is not None:
        query = query.where(id_column > after)
    rows = await query.order_by(id_column).limit(limit + 1)
    return page(rows, limit, rows)
