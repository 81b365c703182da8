"""Enumerations people read: each value carries its display name (an English msgid) and its colour.

A domain declares its statuses, stages and reasons once, as `Term` members::

    class Stage(Term):
        RECEIVED = "received", N_("Received"), "slate"

The stored and API value is the first element (a `StrEnum`, so `Stage.RECEIVED == "received"`);
the display name is translated where it is shown (`Stage.RECEIVED.label("nl")`) and the tone is
a CSS modifier of badges and chart bars. Pages, documents and exports all read these, so adding
a status touches its enum and the catalogues, nothing else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from inventory.i18n import gettext


class Term(StrEnum):
    """A `StrEnum` whose members are `value, display name[, tone]`."""

    text: str
    tone: str

    def __new__(cls, value: str, text: str = "", tone: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.text = text or value
        member.tone = tone
        return member

    def label(self, locale: str) -> str:
        """The display name in `locale`."""
        return gettext(locale, self.text)

    @classmethod
    def read(cls, value: object) -> Self | None:
        """The member a stored value names, or None for a value the enum does not know."""
        try:
            return cls(str(value))
        except ValueError:
            return None

    @classmethod
    def label_of(cls, value: object, locale: str) -> str:
        """The display name of a stored value in `locale`; an unknown value shows as it is."""
        if value is None or value == "":
            return ""
        member = cls.read(value)
        return member.label(locale) if member is not None else str(value)
