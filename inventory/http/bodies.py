"""JSON request bodies: nesting limited before decoding, then decoded strictly into the body's struct.

Litestar decodes a body into plain Python objects first (msgspec recurses: a body nested 1,000
deep raised RecursionError, a 500), then converts it leniently (`"5"` passed as an integer,
which the OpenAPI schema does not promise). Here the depth is counted on the raw bytes first,
then the body is converted strictly into the handler's `data` type; errors name the field as
the client wrote it.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException
from litestar.types import Empty

MAX_JSON_DEPTH = 32

# A JSON string (escapes included) or one bracket: strings are skipped whole, so a bracket
# inside a string never counts.
_STRUCTURE = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset(b"[{")
# msgspec's "... - at `$.specs.ram_gb`" suffix: the field's path in the body.
_AT = re.compile(r" - at (?:`key` in )?`\$(?P<path>[^`]*)`$")


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in `body` (0 for a scalar)."""
    depth = deepest = 0
    for match in _STRUCTURE.finditer(body):
        token = match.group()
        if len(token) != 1:
            continue  # a string
        if token[0] in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest  # no need to read further
        else:
            depth -= 1
    return deepest


def _invalid(message: str, key: str = "body") -> ValidationException:
    return ValidationException(detail=message, extra=[{"key": key, "message": message, "source": "body"}])


def _field_error(error: msgspec.ValidationError) -> ValidationException:
    text = str(error)
    found = _AT.search(text)
    if not found:
        return _invalid(text)
    path = found.group("path").lstrip(".")
    return _invalid(text[: found.start()], path)


def decode_body(body: bytes, target: Any) -> Any:
    """The body as `target` (Any: plain JSON values); a 400 for a body nested too deep,
    malformed, or not of the target's shape."""
    if json_depth(body) > MAX_JSON_DEPTH:
        raise _invalid(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        # Plain values first (safe: the depth is bounded), then converted strictly.
        value = _integral(msgspec.json.decode(body))
    except msgspec.DecodeError as error:
        raise _invalid(f"malformed JSON: {error}") from error
    try:
        return msgspec.convert(value, type=target, strict=True)
    except msgspec.ValidationError as error:
        raise _field_error(error) from error


def _integral(value: Any) -> Any:
    """JSON does not tell 3 from 3.0, and JSON Schema's `integer` accepts both: a float with no
    fraction becomes an int (a float field takes it back as a float)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    return value


class RelaisRequest(Request):
    """The request of every route: its JSON body is checked and decoded by `decode_body`."""

    async def json(self) -> Any:
        if self._json is Empty:
            if (cached := self._connection_state.json) is not Empty:
                self._json = cached
            else:
                body = await self.body()
                field = self.route_handler.parsed_data_field
                target = field.annotation if field is not None and body else Any
                self._json = self._connection_state.json = decode_body(body or b"null", target)
        return self._json
