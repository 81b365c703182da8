"""Domain errors raised by services; one exception handler maps them to HTTP answers."""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """`detail` is for people (English, may change); `reason`, when set, is a stable code that
    callers such as the web UI match on to say it in the user's language."""

    status_code = 400

    def __init__(self, detail: str, *, reason: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.reason = reason

    def extra(self) -> dict[str, object]:
        return {}


class NotFound(DomainError):
    status_code = 404


class NotPermitted(DomainError):
    """The caller's role may not do this (an object outside its scope is NotFound instead)."""

    status_code = 403


class Conflict(DomainError):
    status_code = 409


class InvalidInput(DomainError):
    """Input that is well-formed but makes no sense (an unknown site, an unknown tag)."""

    status_code = 400

    def __init__(self, detail: str, *, reason: str | None = None, **fields: object) -> None:
        super().__init__(detail, reason=reason)
        self.fields = fields

    def extra(self) -> dict[str, object]:
        return dict(self.fields)


class ActionNotAllowed(Conflict):
    """An action refused from the device's current stage; carries what is allowed instead."""

    def __init__(self, detail: str, allowed_actions: Sequence[str], *, reason: str | None = None) -> None:
        super().__init__(detail, reason=reason)
        self.allowed_actions = list(allowed_actions)

    def extra(self) -> dict[str, object]:
        return {"allowed_actions": self.allowed_actions}


class TooManyAttempts(DomainError):
    status_code = 429

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds
