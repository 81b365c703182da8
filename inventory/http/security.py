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


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        reset = context.request_id.set(request_id)
        is_docs = scope["path"].startswith("/schema")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in SECURITY_HEADERS.items():
                    if name == "content-security-policy" and is_docs:
                        value = DOCS_CSP
                    headers[name] = value
                headers["x-request-id"] = request_id
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            context.request_id.reset(reset)

    return middleware
