"""Domain errors raised by services; one exception handler maps them to HTTP answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """A refusal of a use case.

    `message` is English with `%(name)s` placeholders for `values`; marked with `N_` where it is
    written, it is also the key of its French and Dutch translations in the domain's catalogue.
    `detail` is the message filled in: what the API answers. `reason`, when set, is a stable
    code that callers (the web UI) may match on.
    """

    status_code = 400

    def __init__(
        self, message: str, *, reason: str | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        self.message = message
        self.values = dict(values or {})
        self.detail = message % self.values if self.values else message
        super().__init__(self.detail)
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

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        values: Mapping[str, object] | None = None,
        **fields: object,
    ) -> None:
        super().__init__(message, reason=reason, values=values)
        self.fields = fields

    def extra(self) -> dict[str, object]:
        return dict(self.fields)


class ActionNotAllowed(Conflict):
    """An action refused from the device's current stage; carries what is allowed instead."""

    def __init__(
        self,
        message: str,
        allowed_actions: Sequence[str],
        *,
        reason: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, reason=reason, values=values)
        self.allowed_actions = list(allowed_actions)

    def extra(self) -> dict[str, object]:
        return {"allowed_actions": self.allowed_actions}


class TooManyAttempts(DomainError):
    status_code = 429

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def N_(message: str) -> str:  # noqa: N802 - the conventional name that extraction looks for
    """Mark a domain message for extraction into the catalogues; translated where it is shown."""
    return message
