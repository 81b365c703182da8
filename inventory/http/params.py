"""Every query and path parameter, of every route, free of NUL and control characters.

The API's parameters say so in their types (inventory/text.py); this net catches the rest (web
pages, a parameter a handler reads itself) before anything reaches the database: PostgreSQL
refuses a NUL in any text (a 500), SQLite would compare or store it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from litestar.exceptions import NotFoundException, ValidationException
from litestar.types import ASGIApp, Receive, Scope, Send

from inventory.text import has_control_characters, is_single_line

STATIC_PREFIX = "/static/"


def _refuse(field: str, message: str) -> ValidationException:
    return ValidationException(
        detail=f"{field}: {message}", extra=[{"key": field, "message": message, "source": "query"}]
    )


def check_parameters(scope: Scope) -> None:
    """A 400 naming the first parameter that holds a control character (a 404 for a file)."""
    for name, value in scope.get("path_params", {}).items():
        # A scanner's tab or line break around a code is trimmed by the service; inside, refused.
        if isinstance(value, str) and not is_single_line(value.strip(" \t\r\n")):
            if scope.get("path", "").startswith(STATIC_PREFIX):
                raise NotFoundException()  # no file has such a name
            raise _refuse(name, "must be a single line without control characters")
    query = scope.get("query_string", b"")
    if not query:
        return
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8"):
        if has_control_characters(name):
            raise _refuse("query", "a parameter's name must not contain control characters")
        if has_control_characters(value):
            raise _refuse(name, "must not contain control characters")


def parameter_guard_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            check_parameters(scope)
        await app(scope, receive, send)

    return middleware
