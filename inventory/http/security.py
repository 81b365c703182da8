"""Security headers on every response, and a request id for events and logs."""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterable, Sequence

from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

from inventory import context

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    # 'wasm-unsafe-eval' lets the vendored barcode decoder compile its WebAssembly (camera
    # scanning where the browser has no BarcodeDetector); it allows no JavaScript eval.
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; "
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
# Pages, PDFs, CSV files and API answers carry personal data (beneficiaries, loans): no
# browser or proxy keeps a copy, unless a response says otherwise (static assets do).
_NO_STORE = (b"cache-control", b"no-store")


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A before_send hook: it runs for every response, routed or not (404, 405, 400 hosts).
    Every response without its own Cache-Control gets `no-store`.

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
    if not any(name.lower() == b"cache-control" for name, _ in headers):
        headers.append(_NO_STORE)
    request_id = scope.get("state", {}).get("request_id")
    if request_id:
        headers.append((b"x-request-id", request_id.encode()))
    message["headers"] = headers


def _is_docs(scope: Scope) -> bool:
    return scope.get("path", "").startswith("/schema")


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_PORT = re.compile(r"^[0-9]{1,5}$")


def parse_host(host_header: str) -> str | None:
    """The host a Host header names, normalised ("LOCALHOST:8000" -> "localhost",
    "[0:0::1]" -> "[::1]"), or None when the header is not a plain `host[:port]`.

    Strict on purpose: a lenient split lets `127.0.0.1:8301@evil.com` or `[::1]evil.com`
    pass as an allowed name while a proxy or a link generator reads another host in it.
    A host is a DNS name (letters, digits and hyphens in dot-separated labels), an IPv4
    address or a bracketed IPv6 address; a port, when present, is 1 to 65535.
    """
    if not host_header or len(host_header) > 300 or host_header != host_header.strip():
        return None
    text = host_header.lower()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        host, rest = text[1:end], text[end + 1 :]
        try:
            address = ipaddress.IPv6Address(host)
        except ValueError:
            return None
        if address.scope_id is not None:  # a zone id (`%eth0`) names no host of ours
            return None
        name = f"[{address.compressed}]"
    else:
        host, colon, port = text.partition(":")
        rest = colon + port
        name = host.removesuffix(".")  # "example.org." names the same host
        if not _valid_name(name):
            return None
    if rest and not (rest.startswith(":") and _valid_port(rest[1:])):
        return None
    return name


def _valid_name(name: str) -> bool:
    if not name or len(name) > 253:
        return False
    labels = name.split(".")
    if all(label.isdigit() for label in labels):  # a numeric name must be a real IPv4 address
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return False
        return True
    return all(_HOST_LABEL.match(label) for label in labels)


def _valid_port(port: str) -> bool:
    return bool(_PORT.match(port)) and 1 <= int(port) <= 65535


def normalise_allowed(entry: str) -> str:
    """An entry of RELAIS_ALLOWED_HOSTS in the form parse_host gives ("[0::1]" -> "[::1]")."""
    entry = entry.strip().lower()
    if entry == "*" or entry.startswith("*."):
        return entry
    return parse_host(entry) or entry


def host_allowed(host_header: str, allowed: frozenset[str]) -> bool:
    host = parse_host(host_header)
    if host is None:
        return False
    if "*" in allowed or host in allowed:
        return True
    return any(entry.startswith("*.") and host.endswith(entry[1:]) for entry in allowed)


def request_host(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The one Host header of a request, or None when there is none or more than one: with
    two, a proxy and this service could each believe a different one."""
    hosts = [value for name, value in headers if name.lower() == b"host"]
    if len(hosts) != 1:
        return None
    try:
        return hosts[0].decode("ascii")
    except UnicodeDecodeError:
        return None


async def _refuse_host(send: Send) -> None:
    body = json.dumps({"status_code": 400, "detail": "invalid host header"}).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
    headers.append(_NO_STORE)
    start: HTTPResponseStartEvent = {"type": "http.response.start", "status": 400, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


def request_guard_middleware(allowed_hosts: Sequence[str]) -> Callable[[ASGIApp], ASGIApp]:
    """Refuses a missing, doubled, malformed or unknown Host header (any valid port), and
    gives each request an id that its events and log lines carry."""
    allowed = frozenset(normalise_allowed(host) for host in allowed_hosts if host.strip())

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            host = request_host(scope["headers"])
            if host is None or not host_allowed(host, allowed):
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
