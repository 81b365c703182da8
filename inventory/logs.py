"""Log lines no request can forge: every value written into a log line is escaped.

A path, a header or an exception message can carry a line break or another control character
(`GET /static/x%00%0AWARNING%20forged`); written raw, it starts a new line that reads like one
the service wrote. `install()` puts a log record factory in place, for every logger of the
process (ours, Litestar's, uvicorn's, the scheduler's), that escapes each value as the record
is made, before any handler or formatter sees it:

- the message and every text argument: control characters, line and paragraph separators and
  invisible format characters become `\\n`, `\\r`, `\\t`, `\\xNN` or `\\uNNNN`, and a backslash
  becomes `\\\\`, so an escaped value is never mistaken for an escape;
- other arguments are escaped when they are turned into text (`%s` or `%r`); numbers stay numbers;
- a traceback keeps its own line structure (frames are the service's code), but each
  exception's message in it is escaped onto its single line.
"""

from __future__ import annotations

import json
import logging
import traceback
import unicodedata
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from inventory import context

_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
# The pieces of a formatted traceback that the traceback module itself writes.
_TRACEBACK_FURNITURE = frozenset(
    {
        "Traceback (most recent call last):\n",
        "\nThe above exception was the direct cause of the following exception:\n\n",
        "\nDuring handling of the above exception, another exception occurred:\n\n",
    }
)
_FRAME_STARTS = ("  File ", "  [Previous line repeated")


def _escaped_character(character: str) -> str:
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    if unicodedata.category(character) in _ESCAPED_CATEGORIES:
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return character


def escape(text: str) -> str:
    """`text` with nothing that could break or disguise a log line."""
    if text.isprintable() and "\\" not in text:
        return text  # the common case, at C speed
    return "".join(_escaped_character(character) for character in text)


class _Escaped:
    """An argument that is escaped when a format turns it into text."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return escape(str(self.value))

    def __repr__(self) -> str:
        return escape(repr(self.value))


def _escaped_argument(value: object) -> object:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, int | float) or value is None:
        return value  # %d and %.2f keep working
    return _Escaped(value)


# What sys.exc_info() returns, as a log record keeps it: (None, None, None) outside an `except`.
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def format_exception(exc_info: ExcInfo) -> str:
    """A traceback whose exception messages cannot add lines of their own."""
    pieces = []
    for piece in traceback.format_exception(*exc_info):
        if piece in _TRACEBACK_FURNITURE or piece.startswith(_FRAME_STARTS):
            pieces.append(piece)
        else:  # `ValueError: <message>`, a note, a syntax error's text: one line each
            pieces.append(escape(piece.removesuffix("\n")) + "\n")
    return "".join(pieces).removesuffix("\n")


_previous_factory = logging.getLogRecordFactory()


def _escaping_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _previous_factory(*args, **kwargs)
    if isinstance(record.msg, str):
        record.msg = escape(record.msg)
    else:
        record.msg = _Escaped(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_escaped_argument(value) for value in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _escaped_argument(value) for key, value in record.args.items()}
    if record.exc_info and record.exc_info[1] is not None:
        # Formatters use exc_text when it is set, instead of formatting the exception again.
        record.exc_text = format_exception(record.exc_info)
    return record


_escaping_record.relais_escaping = True  # type: ignore[attr-defined]  # a marker attribute on the function object, read back with getattr


def install() -> None:
    """Escape every log record of this process from now on (idempotent)."""
    if not getattr(logging.getLogRecordFactory(), "relais_escaping", False):
        logging.setLogRecordFactory(_escaping_record)


# Structured logs (RELAIS_LOG_FORMAT=json) ---------------------------------------------------------

# The fields a record may carry (`extra=`) that the JSON format writes out.
_STRUCTURED_FIELDS = ("request_id", "method", "route", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request's fields
    (request_id, method, route, status, duration_ms, user_id) when there are any.

    Values were escaped by the record factory already; json.dumps escapes the rest, so a line
    is always one line and always valid JSON.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = context.request_id.get()
        if request_id:
            entry["request_id"] = request_id
        for name in _STRUCTURED_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = record.exc_text or format_exception(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def logging_config(log_format: str) -> dict[str, Any]:
    """The logging configuration of `relais serve` (its workers get it through uvicorn).

    Plain text keeps uvicorn's own format for its lines and `LEVEL name: message` for the
    service's; JSON writes every line, uvicorn's included, as one object. The service's loggers
    (`relais.*`) log from INFO, the libraries' from WARNING (the scheduler's INFO lines would
    say nothing but "job ran" every few minutes). Access logs stay off either way: JSON lines
    of requests come from the service (`relais.request`), with the route's template instead of
    the path, which can hold search text.
    """
    json_format = log_format == "json"
    formatter = {"()": JsonFormatter} if json_format else {"format": "%(levelname)s %(name)s: %(message)s"}
    uvicorn_formatter = (
        {"()": JsonFormatter}
        if json_format
        else {
            "()": "uvicorn.logging.DefaultFormatter",
            "fmt": "%(levelprefix)s %(message)s",
            "use_colors": None,
        }
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"relais": formatter, "uvicorn": uvicorn_formatter},
        "handlers": {
            "relais": {"class": "logging.StreamHandler", "formatter": "relais", "stream": "ext://sys.stderr"},
            "uvicorn": {
                "class": "logging.StreamHandler",
                "formatter": "uvicorn",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"handlers": ["relais"], "level": "WARNING"},
        "loggers": {
            "relais": {"level": "INFO"},
            "uvicorn": {"handlers": ["uvicorn"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
