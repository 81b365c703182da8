"""Fits user text into a fixed width: cleaned, shrunk down to a minimum size, then cut with an ellipsis."""

from __future__ import annotations

import math
import string
import struct
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

ELLIPSIS = "…"

# The room a line keeps above and below its baseline, in ems: DejaVu's accented capitals (Ż,
# Å, Ğ) reach 0.93 em and its descenders (ç, ş, ą, j) 0.24 em. reportlab's own ascent (0.76 em)
# stops at plain capitals. Taller glyphs (Vietnamese stacked accents, 1.05 em) make their line
# smaller instead, so that no line ever reaches into its neighbour.
ASCENT = 0.94
DESCENT = 0.24


class Fitted(NamedTuple):
    text: str
    size: float
    width: float


def clean(text: str) -> str:
    """One line of printable text: composed accents, control and invisible characters as spaces."""
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    composed = unicodedata.normalize("NFC", text)
    # Category C covers controls, format characters and lone surrogates, which would either
    # move the text cursor, draw nothing measurable, or break the PDF's text encoding.
    visible = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in composed)
    return " ".join(visible.split())


@lru_cache(maxsize=8192)
def fit(
    text: str,
    font: str,
    size: float,
    min_size: float,
    width: float,
    ascent: float = ASCENT,
    descent: float = DESCENT,
) -> Fitted:
    """`text` cleaned, at the largest size from `size` down to `min_size` at which it fits in
    `width`, else its longest prefix that fits at `min_size` followed by an ellipsis.

    Its glyphs stay within `ascent` and `descent` ems of `size` around the baseline: a glyph
    that would not lowers the largest size, below `min_size` if it must.
    Cached: a run of labels repeats the organisation, the line and most models.
    """
    text = clean(text)
    top, bottom = vertical_extent(text, font)
    room = min(1.0, ascent / top if top > 0 else 1.0, descent / -bottom if bottom < 0 else 1.0)
    if room < 1.0:
        size = math.floor(size * room * 10) / 10
        min_size = min(min_size, size)
    em_width = stringWidth(text, font, 1.0)
    if em_width * size <= width:
        return Fitted(text, size, em_width * size)
    # Width grows linearly with size; tenths of a point keep the rounding on the safe side.
    shrunk = math.floor(width / em_width * 10) / 10
    if shrunk >= min_size:
        return Fitted(text, shrunk, em_width * shrunk)
    cut = _truncate(text, font, min_size, width)
    return Fitted(cut, min_size, stringWidth(cut, font, min_size))


def _truncate(text: str, font: str, size: float, width: float) -> str:
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return ELLIPSIS if stringWidth(ELLIPSIS, font, size) <= width else ""
    return text[:low].rstrip() + ELLIPSIS


def vertical_extent(text: str, font: str) -> tuple[float, float]:
    """The highest top and lowest bottom of `text`'s glyphs around the baseline, in ems."""
    if text.isascii():
        return _ascii_extent(font)
    extents = [_glyph_extent(font, char) for char in text] or [(0.0, 0.0)]
    return max(top for top, _ in extents), min(bottom for _, bottom in extents)


@cache
def _ascii_extent(font: str) -> tuple[float, float]:
    # Every printable ASCII character at once: labels are mostly ASCII, and one
    # look-up per string beats one per character.
    extents = [_glyph_extent(font, char) for char in string.printable if char.isprintable()]
    return max(top for top, _ in extents), min(bottom for _, bottom in extents)


@lru_cache(maxsize=65536)
def _glyph_extent(font: str, char: str) -> tuple[float, float]:
    """(top, bottom) of `char`'s glyph in ems, from the bounding box in its glyph header."""
    face = getFont(font).face
    try:
        glyph = face.charToGlyph.get(ord(char), 0)
        start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
        if start == end:
            return 0.0, 0.0
        header = face.table["glyf"]["offset"] + start
        _, y_min, _, y_max = struct.unpack(">4h", _font_file(face.filename)[header + 2 : header + 10])
        return y_max / face.unitsPerEm, y_min / face.unitsPerEm
    except (AttributeError, KeyError, IndexError, OSError, struct.error):
        # A font whose glyph table reportlab did not parse: assume its tallest, deepest glyph.
        return face.bbox[3] / 1000, face.bbox[1] / 1000


@cache
def _font_file(path: str) -> bytes:
    with open(path, "rb") as font_file:
        return font_file.read()
