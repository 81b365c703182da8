"""Maps every failure to the error body (docs/product.md, HTTP conventions); nothing internal leaks."""

from __future__ import annotations

import logging
import re

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from inventory.errors import DomainError, RetryLater
from inventory.text import PATTERN_MESSAGES

log = logging.getLogger("relais")


def _body(status_code: int, detail: str, **extra: object) -> dict[str, object]:
    return {"status_code": status_code, "detail": detail, **extra}


def domain_error(_: Request, error: DomainError) -> Response:
    headers = {}
    if isinstance(error, RetryLater):
        headers["Retry-After"] = str(error.retry_after_seconds)
    reason = {"reason": error.reason} if error.reason else {}
    return Response(
        _body(error.status_code, error.detail, **reason, **error.extra()),
        status_code=error.status_code,
        headers=headers,
        media_type=MediaType.JSON,
    )


# msgspec names a missing or unexpected field only in its message; the key is then the body's.
_NAMED_FIELD = re.compile(r"(?:missing required|unknown) field `([^`]+)`")
_BODY_KEYS = {"", "data", "body"}


def _field_name(key: str, message: str) -> str:
    named = _NAMED_FIELD.search(message)
    # msgspec writes a dictionary's value as `[...]`; the field is the dictionary.
    key = key.replace("[...]", "")
    parent = "" if key in _BODY_KEYS else key
    if named:
        return f"{parent}.{named.group(1)}" if parent else named.group(1)
    return parent or "body"


_PATTERN_MESSAGES = {
    f"Expected `str` matching regex {pattern!r}": text for pattern, text in PATTERN_MESSAGES.items()
}


def _readable(message: str) -> str:
    """A refused text pattern said in words rather than as the regular expression."""
    return _PATTERN_MESSAGES.get(message, message)


def _field_errors(error: ValidationException) -> list[dict[str, str]]:
    problems = []
    for item in error.extra if isinstance(error.extra, list) else []:
        if isinstance(item, dict):
            message = _readable(str(item.get("message", "invalid")))
            problems.append({"field": _field_name(str(item.get("key") or ""), message), "message": message})
    return problems


def validation_error(request: Request, error: ValidationException) -> Response:
    errors = _field_errors(error)
    if errors:
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    else:
        detail = str(error.detail)
    return Response(
        _body(400, f"invalid input: {detail}", errors=errors),
        status_code=400,
        media_type=MediaType.JSON,
    )


def http_error(_: Request, error: HTTPException) -> Response:
    status = error.status_code
    if status >= 500:
        return internal_error(_, error)
    return Response(
        _body(status, str(error.detail)),
        status_code=status,
        headers=error.headers,
        media_type=MediaType.JSON,
    )


def internal_error(request: Request, error: Exception) -> Response:
    # The trace goes to the server log (path only: query strings may hold personal data).
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return Response(
        _body(500, "internal server error"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=MediaType.JSON,
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: internal_error,
}
