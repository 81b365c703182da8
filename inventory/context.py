"""Per-request context that services record in events without depending on the HTTP layer."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
