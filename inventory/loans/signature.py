"""A signature drawn at the desk: a PNG, checked chunk by chunk before it is stored (pure)."""

from __future__ import annotations

import base64
import binascii
import struct
import zlib

from inventory.errors import N_, InvalidInput, Nn_

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A signature pad's PNG is a few KB; this leaves room for a large tablet at full resolution.
MAX_BYTES = 150_000
MAX_SIDE = 4000
DATA_URL_PREFIX = "data:image/png;base64,"
_TOO_LARGE = Nn_("signature: larger than %(limit)s byte", "signature: larger than %(limit)s bytes", "limit")


def _refuse(message: str, **values: object) -> InvalidInput:
    return InvalidInput(message, values=values, field="signature", reason="invalid_signature")


def decode(text: str) -> bytes:
    """The PNG of a data URL or plain base64, refused (400) unless it is a whole, valid PNG."""
    payload = text.strip()
    if payload.startswith(DATA_URL_PREFIX):
        payload = payload[len(DATA_URL_PREFIX) :]
    if len(payload) > MAX_BYTES * 4 // 3 + 4:
        raise _refuse(_TOO_LARGE, limit=MAX_BYTES)
    try:
        png = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise _refuse(N_("signature: not base64")) from None
    check(png)
    return png


def check(png: bytes) -> None:
    """A PNG: the magic bytes, an IHDR of sane size first, every chunk's CRC right, IEND last."""
    if len(png) > MAX_BYTES:
        raise _refuse(_TOO_LARGE, limit=MAX_BYTES)
    if not png.startswith(PNG_MAGIC):
        raise _refuse(N_("signature: not a PNG image"))
    position = len(PNG_MAGIC)
    first = True
    while position + 12 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        end = position + 12 + length
        if end > len(png):
            break
        body = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : end])
        if zlib.crc32(kind + body) != crc:
            raise _refuse(N_("signature: a damaged PNG image"))
        if first:
            if kind != b"IHDR" or length != 13:
                raise _refuse(N_("signature: not a PNG image"))
            width, height = struct.unpack(">II", body[:8])
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise _refuse(
                    Nn_(
                        "signature: the image must be at most %(side)s pixel wide and high",
                        "signature: the image must be at most %(side)s pixels wide and high",
                        "side",
                    ),
                    side=MAX_SIDE,
                )
            first = False
        if kind == b"IEND":
            if end != len(png):
                raise _refuse(N_("signature: a damaged PNG image"))
            return
        position = end
    raise _refuse(N_("signature: a damaged PNG image"))
