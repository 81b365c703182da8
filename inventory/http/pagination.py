"""Keyset pagination: `limit` and an opaque `cursor` that names the last id seen."""

from __future__ import annotations

import base64
from typing import Any

from inventory.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


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
        raise InvalidInput("cursor is not one this service issued", field="cursor") from error


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    return limit


def page(rows: list[dict[str, Any]], limit: int, items: list[Any]) -> dict[str, Any]:
    """Rows were fetched with limit + 1: the extra row only tells whether a next page exists."""
    has_more = len(rows) > limit
    next_cursor = encode_cursor(rows[limit - 1]["id"]) if has_more else None
    return {"items": items[:limit], "next_cursor": next_cursor}
