"""Domain errors raised by services; one exception handler maps them to HTTP answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date


class DomainError(Exception):
    """A refusal of a use case.

    `message` is English with `%(name)s` placeholders for `values`; marked with `N_` where it is
    written, it is also the key of its French and Dutch translations in the domain's catalogue.
    `detail` is the message filled in: what the API answers. `reason`, when set, is a stable
    code that callers may match on: a member of the domain's `Reason` enum, whose display name
    is the refusal's one sentence, used when no `message` is given. The web shows the same
    sentence translated (inventory.web.language.said), never a rewording of its own.
    """

    status_code = 400

    def __init__(
        self,
        message: str | None = None,
        *,
        reason: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        message = message or str(getattr(reason, "text", "") or reason or "")
        self.message = message
        self.values = dict(values or {})
        # The API's detail writes dates as ISO dates; pages write them in the reader's language.
        if isinstance(message, Counted):
            message = message.form(self.values[message.counted_by])
        self.detail = message % _plain(self.values) if self.values else message
        super().__init__(self.detail)
        self.reason = str(reason) if reason else None

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
        message: str | None = None,
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
        message: str | None,
        allowed_actions: Sequence[str],
        *,
        reason: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, reason=reason, values=values)
        self.allowed_actions = list(allowed_actions)

    def extra(self) -> dict[str, object]:
        return {"allowed_actions": self.allowed_actions}


class RetryLater(DomainError):
    """A refusal that passes: the answer says in how many seconds to try again (Retry-After)."""

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class TooManyAttempts(RetryLater):
    """This username or client address must wait (the log-in throttle)."""

    status_code = 429


class Busy(RetryLater):
    """The server has as much of this work waiting as it lets wait; nothing was done."""

    status_code = 503


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()}


def N_(message: str) -> str:  # noqa: N802 - the conventional name that extraction looks for
    """Mark a domain message for extraction into the catalogues; translated where it is shown."""
    return message


class Counted(str):
    """A message that counts: its English singular (the string itself), its plural, and the
    name of the value that counts, so that each language takes its own form for the number
    ("1 caractère", "12 caractères"; French counts 0 as singular)."""

    plural: str
    counted_by: str

    def __new__(cls, singular: str, plural: str, counted_by: str) -> Counted:
        counted = super().__new__(cls, singular)
        counted.plural = plural
        counted.counted_by = counted_by
        return counted

    def form(self, number: object) -> str:
        """The English form for `number`."""
        return str(self) if number == 1 else self.plural


def Nn_(singular: str, plural: str, counted_by: str) -> Counted:  # noqa: N802 - extracted like ngettext
    """Mark a counted domain message for extraction (singular and plural); `counted_by` names
    the value that counts."""
    return Counted(singular, plural, counted_by)
