"""Keyset pagination: `limit` and an opaque `cursor` that names the last id seen."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from litestar.params import QueryParameter
from piccolo.columns import Column
from piccolo.query import Select

from inventory.errors import N_, InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

# The query parameters of every list endpoint.
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="page size")]
Cursor = Annotated[
    str | None, QueryParameter(max_length=100, description="the `next_cursor` of the previous page")
]


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = text.partition(":")
        if prefix != "id":
            raise ValueError(prefix)
        return int(value)
    except (ValueError, UnicodeDecodeError) as error:
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
