"""Maps every failure to the error body of API.md; nothing internal ever reaches a client."""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from inventory.errors import DomainError, TooManyAttempts

log = logging.getLogger("relais")


def _body(status_code: int, detail: str, **extra: object) -> dict[str, object]:
    return {"status_code": status_code, "detail": detail, **extra}


def domain_error(_: Request, error: DomainError) -> Response:
    headers = {}
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after_seconds)
    return Response(
        _body(error.status_code, error.detail, **error.extra()),
        status_code=error.status_code,
        headers=headers,
        media_type=MediaType.JSON,
    )


def _field_errors(error: ValidationException) -> list[dict[str, str]]:
    problems = []
    for item in error.extra if isinstance(error.extra, list) else []:
        if isinstance(item, dict):
            field = str(item.get("key") or "body")
            problems.append({"field": field, "message": str(item.get("message", "invalid"))})
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


EXCEPTION_HANDLERS = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: internal_error,
}
