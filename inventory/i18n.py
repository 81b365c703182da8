"""Translations: French first, Dutch and English from Babel catalogues in inventory/locale."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from inventory.errors import Counted


class Language(StrEnum):
    """The languages Relais speaks: what a reader's record (account, beneficiary, donor, school)
    may hold and what tables, schemas and forms offer."""

    FR = "fr"
    NL = "nl"
    EN = "en"


LOCALES = tuple(language.value for language in Language)
# A language as a download's `?lang=` override names it.
LOCALE_PATTERN = "^(" + "|".join(LOCALES) + ")$"
# Babel's locales for dates and numbers: Belgian usage, day before month in English too.
BABEL_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_BE"}
DEFAULT_LOCALE = "fr"
# Each language in its own words, as a language switch offers it.
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
PACKAGE_DIR = Path(__file__).parent
# The gettext plural rules every catalogue declares in its header.
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "nl": "nplurals=2; plural=(n != 1);"}

NARROW_NO_BREAK_SPACE = "\u202f"
# French sets : ; ? ! apart with a narrow no-break space, so a phone never wraps the mark alone
# onto a line. Markup and entities are kept as they are; a mark glued to a letter gets the space
# only when a space or the end follows it, so 14:30, https:// and a?b=1 are left alone.
_FRENCH_MARK = re.compile(
    r"(?P<keep><[^>]*>|&#?\w+;)"
    r"|[ \u00a0\u202f]+(?P<spaced>[:;?!])"
    r"|(?<=[^\W\d_]|[»)\]])(?P<glued>[:;?!])(?=\s|$)"
)


def french_typography(text: str) -> str:
    """`text` with a narrow no-break space before each : ; ? ! (French typography)."""

    def mark(match: re.Match[str]) -> str:
        if match["keep"]:
            return match["keep"]
        return NARROW_NO_BREAK_SPACE + (match["spaced"] or match["glued"])

    return _FRENCH_MARK.sub(mark, text)


def typography(locale: str, text: str) -> str:
    """`text` punctuated as `locale` writes it: for text that is not a catalogue's (a colon a
    template or a document writes after a translated label); catalogue texts already are."""
    return french_typography(text) if normalise_locale(locale) == "fr" else text


def normalise_locale(value: str | None) -> str:
    """A supported locale from a user's choice or an Accept-Language entry, else French."""
    if value:
        code = value.strip().lower().replace("_", "-").split("-")[0]
        if code in LOCALES:
            return code
    return DEFAULT_LOCALE


def reader_locale(override: str | None, reader: str | None) -> str:
    """The language of a document: the download's override (`?lang=`) if given, else its
    reader's (the donor's, the school's, the beneficiary's), else French."""
    return normalise_locale(override or reader)


def best_locale(accept_language: str | None) -> str:
    """The first supported language in an Accept-Language header, by its q weights."""
    if not accept_language:
        return DEFAULT_LOCALE
    weighted = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, tag))
    for _, _, tag in sorted(weighted):
        code = tag.strip().lower().split("-")[0]
        if code in LOCALES:
            return code
    return DEFAULT_LOCALE


def catalogue_files(locale: str) -> list[Path]:
    """Each domain keeps its own catalogue: inventory/<domain>/locale/<locale>/LC_MESSAGES/messages.po."""
    return sorted(PACKAGE_DIR.glob(f"*/locale/{locale}/LC_MESSAGES/messages.po"))


def _compile(po_file: Path, locale: str) -> Translations:
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    # Merged catalogues share the first one's plural rule, so each must state the same rule
    # rather than take Babel's CLDR default, which changes between Babel releases.
    if catalog.plural_forms != PLURAL_FORMS[locale]:
        raise ValueError(f"{po_file}: Plural-Forms must be {PLURAL_FORMS[locale]!r}")
    if locale == "fr":
        # Typography is the language's, not each entry's: applied here, every French text has
        # it, on pages, in e-mails and on documents alike, and the catalogues stay readable.
        for message in catalog:
            if message.id and message.string:
                message.string = (
                    french_typography(message.string)
                    if isinstance(message.string, str)
                    else tuple(french_typography(form) for form in message.string)
                )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> NullTranslations:
    """Every domain's catalogue for `locale`, compiled in memory once and merged."""
    locale = normalise_locale(locale)
    merged: NullTranslations = NullTranslations()
    for po_file in catalogue_files(locale):
        compiled = _compile(po_file, locale)
        if isinstance(merged, Translations):
            merged.merge(compiled)
        else:
            merged = compiled
    return merged


# The one placeholder style of every message, in Python and in templates alike: %(name)s, the
# style Jinja's i18n extension fills. A count is %(num)s, as in Jinja's {% trans count=... %}.


def gettext(locale: str, message: str, **values: object) -> str:
    """`message` in `locale`, its %(name)s placeholders filled (the English message if the
    catalogues have no translation)."""
    text = translations(normalise_locale(locale)).gettext(message)
    return text % values if values else text


def ngettext(locale: str, singular: str, plural: str, count: int, **values: object) -> str:
    """The form of a counted message for `count` in `locale` (French: 0 and 1 are singular),
    with %(num)s the count, written with the locale's digits and separators."""
    locale = normalise_locale(locale)
    text = translations(locale).ngettext(singular, plural, count)
    return text % {"num": format_number(count, locale), **values}


def told(locale: str, message: str, **values: object) -> str:
    """A message marked with N_ or Nn_ in `locale`, its placeholders filled: a counted one
    (errors.Counted) in the form its count takes ("1 caractère", "12 caractères"), the count
    written as the locale writes numbers."""
    if isinstance(message, Counted):
        number = values[message.counted_by]
        count = number if isinstance(number, int) else int(str(number))
        values = {**values, message.counted_by: format_number(count, locale)}
        return ngettext(locale, message, message.plural, count, **values)
    return gettext(locale, message, **values)


def babel_locale(locale: str) -> str:
    """The Babel locale of a language: Belgian usage (day before month in English too)."""
    return BABEL_LOCALES[normalise_locale(locale)]


def format_day(value: date, locale: str, format: str = "long") -> str:
    """A date as the reader's locale writes it: 1 février 2027, 1 februari 2027, 1 February 2027."""
    return format_date(value, format=format, locale=babel_locale(locale))


def format_moment(value: datetime | None, locale: str, timezone: str, format: str = "medium") -> str:
    """A moment in the organisation's time zone, as the reader's locale writes it; "—" if unknown."""
    if value is None:
        return "—"
    return format_datetime(value.astimezone(ZoneInfo(timezone)), format=format, locale=babel_locale(locale))


def format_number(value: float | int, locale: str) -> str:
    """A number as the reader's locale writes it (1 234 in French, 1.234 in Dutch)."""
    return format_decimal(value, locale=BABEL_LOCALES[normalise_locale(locale)])
