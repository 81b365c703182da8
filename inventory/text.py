"""Text as the service accepts it: one set of constrained string types, each as long as its column.

Every API struct, web form, CSV import row and command-line argument takes its text through
these constraints, spelled `Annotated[str, text.line_meta(Column)]` (a type the type checker
reads), so a rule is written once and a schema can never accept what the database refuses:

- `line_meta(column)`: single-line text (names, makes, models, references). No control
  character at all (NUL, line breaks, tabs, DEL, C1 controls, Unicode line and paragraph
  separators): such text goes into e-mail headers, CSV cells, PDF lines and log lines.
- `code_meta(column)`: an identifier as printed or scanned (asset tag, serial number, site
  code): single-line, never blank. `scanned_meta` also allows a scanner's surrounding tab.
- `email_meta(column)`: one @, a dot after it, no white space inside.
- `notes_meta(max_length)`: multi-line free text. Line breaks and tabs are allowed; NUL and
  every other control character are not (PostgreSQL refuses a NUL in any text, SQLite would
  store it).

The maximum length is read from the Piccolo column the text is stored in. Text is stored as
sent (services trim it); it is not Unicode-normalised, because a serial number or a name must
read back exactly as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from msgspec import Meta
from piccolo.columns import Varchar

# Control characters: C0, DEL, C1, and the Unicode line and paragraph separators (which
# e-mail and CSV readers treat as line breaks).
_CONTROLS = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
# Multi-line text allows tab, line feed and carriage return.
_NOTE_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"

# Python's `$` also matches before a final line feed: `(?!\n)` makes it the end of the text, as
# it is in the OpenAPI (ECMAScript) reading of the same pattern.
_END = r"$(?!\n)"
SINGLE_LINE_PATTERN = f"^[^{_CONTROLS}]*{_END}"
# Not blank: at least one character that is neither a control nor white space.
NON_BLANK_LINE_PATTERN = f"^[^{_CONTROLS}]*[^\\s{_CONTROLS}][^{_CONTROLS}]*{_END}"
NOTES_PATTERN = f"^[^{_NOTE_CONTROLS}]*$"
# A query parameter (`?q=`, `?code=`): trimmed by the service, so a scanner's tab or line break
# around it is harmless; inside it, no control character. May be empty.
QUERY_TEXT_PATTERN = f"^[\\t\\r\\n ]*[^{_CONTROLS}]*[\\t\\r\\n ]*$"
# A scanned code: a keyboard-wedge scanner may end it with a tab or a line break, which the
# service trims; inside the code, no control character.
SCANNED_PATTERN = f"^[\\t\\r\\n ]*[^{_CONTROLS}]*[^\\s{_CONTROLS}][^{_CONTROLS}]*[\\t\\r\\n ]*$"
NON_BLANK_NOTES_PATTERN = f"^[^{_NOTE_CONTROLS}]*[^\\s{_CONTROLS}][^{_NOTE_CONTROLS}]*$"

NOTES_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 2000

_CONTROL_CHARACTERS = re.compile(f"[{_CONTROLS}]")
_NOTE_CONTROL_CHARACTERS = re.compile(f"[{_NOTE_CONTROLS}]")
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")


def column_length(column: Varchar | int) -> int:
    """The number of characters the column holds (an int is taken as the length itself)."""
    if isinstance(column, int):
        return column
    if not isinstance(column, Varchar):
        raise TypeError(f"{column!r} has no length: give the maximum length as a number")
    if column.length is None:
        raise TypeError(f"{column!r} has no maximum length: give one as a number")
    return column.length


def line_meta(column: Varchar | int, *, required: bool = False, description: str | None = None) -> Meta:
    """The constraints of single-line text as long as `column` holds; `required`: at least one
    visible character. `Annotated[str, text.line_meta(...)]` is a type the type checker reads."""
    return Meta(
        min_length=1 if required else 0,
        max_length=column_length(column),
        pattern=NON_BLANK_LINE_PATTERN if required else SINGLE_LINE_PATTERN,
        description=description,
    )


def code_meta(column: Varchar | int, *, description: str | None = None) -> Meta:
    """The constraints of an identifier as printed or scanned: single-line, never blank."""
    return line_meta(column, required=True, description=description)


def scanned_meta(column: Varchar | int, *, description: str | None = None) -> Meta:
    """The constraints of a code as a scanner sends it: surrounding white space (a scanner's
    tab) allowed."""
    return Meta(
        min_length=1, max_length=column_length(column), pattern=SCANNED_PATTERN, description=description
    )


EMAIL_PATTERN = (
    r"^ *[^@\s\x00-\x1f\x7f-\x9f\u2028\u2029]+@[^@\s\x00-\x1f\x7f-\x9f\u2028\u2029]+"
    r"\.[^@\s\x00-\x1f\x7f-\x9f\u2028\u2029]+ *$(?!\n)"
)


def email_meta(column: Varchar | int) -> Meta:
    """The constraints of an e-mail address (one @, a dot after it, no white space inside), as
    long as `column` holds."""
    return Meta(min_length=3, max_length=column_length(column), pattern=EMAIL_PATTERN)


def notes_meta(
    max_length: int = NOTES_MAX_LENGTH, *, required: bool = False, description: str | None = None
) -> Meta:
    """The constraints of multi-line text: line breaks and tabs allowed, no NUL nor other
    control character."""
    return Meta(
        min_length=1 if required else 0,
        max_length=max_length,
        pattern=NON_BLANK_NOTES_PATTERN if required else NOTES_PATTERN,
        description=description,
    )


def is_single_line(text: str) -> bool:
    return _CONTROL_CHARACTERS.search(text) is None


def has_control_characters(text: str) -> bool:
    """True when `text` holds a character no text of the service may hold (NUL, DEL, ...)."""
    return _NOTE_CONTROL_CHARACTERS.search(text) is not None


def as_single_line(text: str) -> str:
    """A line out of any text: line breaks and tabs become one space, other controls go.

    For text that comes from elsewhere (a spreadsheet's multi-line cell, rows stored before
    these rules): never for what a client sends, which is refused instead.
    """
    joined = _LINE_BREAKS.sub(" ", text)
    return _CONTROL_CHARACTERS.sub("", joined)


def without_control_characters(text: str) -> str:
    """Multi-line text without NUL or other control characters (line breaks and tabs kept)."""
    return _NOTE_CONTROL_CHARACTERS.sub("", text)


def header_safe(text: str) -> str:
    """Text for a mail header or a log line: one line, NFC, no control character."""
    return unicodedata.normalize("NFC", as_single_line(text)).strip()


def path_code_parameter(
    max_length: Varchar | int, *, scanned: bool = False, description: str | None = None
) -> Any:
    """The parameter of a code in a path; `Annotated[str, text.path_code_parameter(...)]` is a
    type the type checker reads."""
    from litestar.params import PathParameter

    return PathParameter(
        min_length=1,
        max_length=column_length(max_length),
        pattern=SCANNED_PATTERN if scanned else NON_BLANK_LINE_PATTERN,
        description=description,
    )


# What a refused pattern means, in the error a client reads.
PATTERN_MESSAGES = {
    SINGLE_LINE_PATTERN: "must be a single line without control characters",
    NON_BLANK_LINE_PATTERN: "must be a single line without control characters, not blank",
    QUERY_TEXT_PATTERN: "must not contain control characters",
    SCANNED_PATTERN: "must be a code without control characters, not blank",
    NOTES_PATTERN: "must not contain NUL or other control characters (line breaks and tabs are allowed)",
    NON_BLANK_NOTES_PATTERN: (
        "must not be blank nor contain NUL or other control characters (line breaks and tabs are allowed)"
    ),
}


def argument(kind: Any) -> Callable[[str], Any]:
    """An argparse `type=` that checks a command-line argument with the API's type for it."""
    import argparse

    import msgspec

    def convert(value: str) -> Any:
        try:
            return msgspec.convert(value, type=kind, strict=False)
        except msgspec.ValidationError as error:
            message = str(error)
            for pattern, readable in PATTERN_MESSAGES.items():
                if repr(pattern) in message:
                    message = readable
            raise argparse.ArgumentTypeError(f"{value!r}: {message}") from error

    return convert


# Searching -----------------------------------------------------------------------------------------

# Letters that no accent or case folding decomposes, mapped so that "cagri" finds "Çağrı".
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ø": "o", "œ": "oe", "æ": "ae", "ħ": "h"})


def search_fold(text: str) -> str:
    """How search boxes compare text: case, accents and spacing ignored ("Société  Générale"
    and "societe generale" fold alike). Stored search keys and typed queries both go through
    here, so that a plain LIKE on the key is case- and accent-insensitive on every database."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_UNDECOMPOSABLE).split())
