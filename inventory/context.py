"""Per-request context that services record in events without depending on the HTTP layer."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
# The device version a client's If-Match names: the action applies only to that version.
expected_version: ContextVar[int | None] = ContextVar("expected_version", default=None)
