"""The web UI's language: the signed-in account's, else the switch kept in a cookie, else
Accept-Language, else French."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date

from litestar.connection import ASGIConnection

from inventory import i18n
from inventory.errors import DomainError
from inventory.i18n import DEFAULT_LOCALE, LOCALES, best_locale, translations

LANGUAGE_COOKIE = "relais_lang"

# The locale of the request being rendered. Templates, macros and error pages all read it, so
# nothing has to thread it through every template context.
_current: ContextVar[str] = ContextVar("web_locale", default=DEFAULT_LOCALE)


def locale_of(connection: ASGIConnection) -> str:
    # The account's language wins: a shared desk PC or a phone set to another language
    # still shows each user their own (scope["user"] is set once the session is checked).
    user = connection.scope.get("user")
    if user is not None and getattr(user, "language", "") in LOCALES:
        return str(user.language)
    chosen = connection.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LOCALES:
        return chosen
    return best_locale(connection.headers.get("accept-language"))


def use_locale(connection: ASGIConnection) -> str:
    locale = locale_of(connection)
    _current.set(locale)
    return locale


def current_locale() -> str:
    return _current.get()


def translate(message: str) -> str:
    """The bare lookup that Jinja's i18n extension calls; Jinja itself fills the placeholders
    (escaping them, since the translated text is markup)."""
    return translations(current_locale()).gettext(message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, count)


def gettext(message: str, **values: object) -> str:
    """inventory.i18n.gettext in the language of the request being rendered."""
    return i18n.gettext(current_locale(), message, **values)


def told(message: str, **values: object) -> str:
    """inventory.i18n.told (a marked message, counted or not) in the language of the request
    being rendered."""
    return i18n.told(current_locale(), message, **values)


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    """inventory.i18n.ngettext in the language of the request being rendered."""
    return i18n.ngettext(current_locale(), singular, plural, count, **values)


def said(error: DomainError) -> str:
    """A domain's refusal in the user's language: its message, translated in the domain's
    catalogue, with its values filled in (the English message if no translation exists)."""
    locale = current_locale()
    values = {
        key: i18n.format_day(value, locale) if isinstance(value, date) else value
        for key, value in error.values.items()
    }
    text = i18n.told(locale, error.message, **values)
    # A refusal is a sentence shown to a person: it starts with a capital, in English too,
    # where the message is the API's lower-case detail.
    return text[:1].upper() + text[1:]


def N_(message: str) -> str:  # noqa: N802 - the conventional name that extraction looks for
    """Mark a message for extraction; it is translated when displayed."""
    return message
