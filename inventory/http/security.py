"""Security headers on every response, and a request id for events and logs."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from inventory import context

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'"
    ),
    "permissions-policy": "camera=(self), microphone=(), geolocation=()",
}
# The interactive API docs load their own scripts and styles; they get a looser policy.
DOCS_CSP = "frame-ancestors 'none'; base-uri 'none'"


def add_security_headers(message: Message, scope: Scope) -> None:
    """A before_send hook: it runs for every response, routed or not (404, 405, 400 hosts)."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        headers[name] = DOCS_CSP if name == "content-security-policy" and _is_docs(scope) else value
    request_id = scope.get("state", {}).get("request_id")
    if request_id:
        headers["x-request-id"] = request_id


def _is_docs(scope: Scope) -> bool:
    return scope.get("path", "").startswith("/schema")


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Gives each request an id that its events and log lines carry."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        reset = context.request_id.set(request_id)
        try:
            await app(scope, receive, send)
        finally:
            context.request_id.reset(reset)

    return middleware
