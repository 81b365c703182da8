"""Security headers on every response, and a request id for events and logs."""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Callable, Sequence

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


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.encode(), value.encode()) for name, value in headers.items()]


_ENCODED_HEADERS = _encoded(SECURITY_HEADERS)
_ENCODED_DOCS_HEADERS = _encoded({**SECURITY_HEADERS, "content-security-policy": DOCS_CSP})
_SECURITY_HEADER_NAMES = frozenset(name for name, _ in _ENCODED_HEADERS)


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A before_send hook: it runs for every response, routed or not (404, 405, 400 hosts).

    Async on purpose: Litestar runs a synchronous hook in a worker thread, on every response.
    The headers are appended as prepared bytes: it runs on every request (bench/scan.py).
    """
    if message["type"] != "http.response.start":
        return
    headers = [
        (name, value)
        for name, value in message.get("headers", ())
        if name.lower() not in _SECURITY_HEADER_NAMES
    ]
    headers.extend(_ENCODED_DOCS_HEADERS if _is_docs(scope) else _ENCODED_HEADERS)
    request_id = scope.get("state", {}).get("request_id")
    if request_id:
        headers.append((b"x-request-id", request_id.encode()))
    message["headers"] = headers


def _is_docs(scope: Scope) -> bool:
    return scope.get("path", "").startswith("/schema")


def host_name(host_header: str) -> str:
    """The host of a Host header, without its port ("[::1]:8000" -> "[::1]")."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if ":" in host else host


def host_allowed(host_header: str, allowed: frozenset[str]) -> bool:
    host = host_name(host_header)
    if not host:
        return False
    if "*" in allowed or host in allowed:
        return True
    return any(entry.startswith("*.") and host.endswith(entry[1:]) for entry in allowed)


async def _refuse_host(send: Send) -> None:
    body = json.dumps({"status_code": 400, "detail": "invalid host header"}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def request_guard_middleware(allowed_hosts: Sequence[str]) -> Callable[[ASGIApp], ASGIApp]:
    """Refuses a forged Host header (port-tolerant), and gives each request an id that its
    events and log lines carry."""
    allowed = frozenset(host.strip().lower() for host in allowed_hosts)

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not host_allowed(host, allowed):
                await _refuse_host(send)
                return
            await _with_request_id(app, scope, receive, send)

        return middleware

    return factory


_REQUEST_ID_PREFIX = secrets.token_hex(4)
_request_numbers = itertools.count(1)


async def _with_request_id(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    # Unique, not secret: a per-process random prefix and a counter cost no system call.
    request_id = f"{_REQUEST_ID_PREFIX}{next(_request_numbers):08x}"
    scope.setdefault("state", {})["request_id"] = request_id
    reset = context.request_id.set(request_id)
    try:
        await app(scope, receive, send)
    finally:
        context.request_id.reset(reset)
