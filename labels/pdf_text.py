"""PDF text operators for the TrueType fonts registered with reportlab, for many short lines fast."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas


class Line(NamedTuple):
    """One line of text and where its baseline starts, relative to some origin, in points."""

    font: str
    size: float
    text: str
    x: float
    y: float


class TextOperators:
    """PDF text-showing operators for one document, for the TrueType fonts registered here.

    Does what reportlab's text object does (glyph subsets, escaping) without measuring each
    string again after drawing it. Encodes each (font, size, text) once, since the organisation,
    the line and most models repeat on every label, and asks the font for each character's glyph
    code once, since the asset tags, all different, share a dozen characters. Lines are placed
    by moves relative to the previous one, which repeat from label to label and so compress
    well: a page's stream is what reportlab spends the most time encoding.
    """

    def __init__(self, canvas: Canvas) -> None:
        # The glyph subsets of a TrueType font are numbered per document, which reportlab keeps
        # on the canvas; its own text objects reach it the same way.
        self._document = canvas._doc
        self._glyphs: dict[tuple[str, str], tuple[int, str]] = {}
        self._subset_names: dict[tuple[str, int], str] = {}
        self._encoded: dict[tuple[str, float, str], str] = {}
        self._blocks: dict[tuple[Line, ...], tuple[str, tuple[int, int], tuple[int, int]]] = {}
        self.begin()

    def begin(self) -> None:
        """Start a text block (BT), where the line position starts at the origin."""
        self._x, self._y = 0, 0

    def show(self, font: str, size: float, text: str, x: float, y: float) -> str:
        """Operators showing `text` with its baseline starting at (x, y)."""
        encoded = self._encoded.get((font, size, text))
        if encoded is None:
            encoded = self._encoded[font, size, text] = self._encode(font, size, text)
        return f"{self._move_to(round(x * 100), round(y * 100))} {encoded}"

    def show_lines(self, lines: tuple[Line, ...], x: float, y: float) -> str:
        """Operators showing `lines`, placed relative to (x, y). The operators between the first
        line and the last are built once per distinct `lines`: labels repeat them."""
        block = self._blocks.get(lines)
        if block is None:
            block = self._blocks[lines] = self._block(lines)
        inner, first, last = block
        origin_x, origin_y = round(x * 100), round(y * 100)
        move = self._move_to(origin_x + first[0], origin_y + first[1])
        self._x, self._y = origin_x + last[0], origin_y + last[1]
        return f"{move} {inner}"

    def _move_to(self, x: int, y: int) -> str:
        """The move from the current line start to (x, y), both in hundredths of a point: whole
        hundredths make the relative moves add up exactly to every absolute place."""
        move = f"{(x - self._x) / 100:.2f} {(y - self._y) / 100:.2f} Td"
        self._x, self._y = x, y
        return move

    def _block(self, lines: tuple[Line, ...]) -> tuple[str, tuple[int, int], tuple[int, int]]:
        places = [(round(line.x * 100), round(line.y * 100)) for line in lines]
        shown = [self._encoded_line(lines[0])]
        for line, before, place in zip(lines[1:], places, places[1:], strict=False):
            move = f"{(place[0] - before[0]) / 100:.2f} {(place[1] - before[1]) / 100:.2f} Td"
            shown.append(f"{move} {self._encoded_line(line)}")
        return " ".join(shown), places[0], places[-1]

    def _encoded_line(self, line: Line) -> str:
        return self._encode(line.font, line.size, line.text)

    def _encode(self, font: str, size: float, text: str) -> str:
        return " ".join(
            f"{self._subset_name(font, subset)} {size:g} Tf ({codes}) Tj"
            for subset, codes in self._runs(font, text)
        )

    def _runs(self, font: str, text: str) -> Iterator[tuple[int, str]]:
        """Consecutive characters of the same glyph subset, as (subset, escaped glyph codes)."""
        current, codes = -1, list[str]()
        for char in text:
            subset, code = self._glyph(font, char)
            if subset != current and codes:
                yield current, "".join(codes)
                codes = []
            current = subset
            codes.append(code)
        if codes:
            yield current, "".join(codes)

    def _glyph(self, font: str, char: str) -> tuple[int, str]:
        """The subset of `char`'s glyph and its code there, escaped for a PDF string."""
        glyph = self._glyphs.get((font, char))
        if glyph is None:
            [(subset, code)] = getFont(font).splitString(char, self._document)
            glyph = self._glyphs[font, char] = (subset, escapePDF(code))
        return glyph

    def _subset_name(self, font: str, subset: int) -> str:
        name = self._subset_names.get((font, subset))
        if name is None:
            name = self._subset_names[font, subset] = getFont(font).getSubsetInternalName(
                subset, self._document
            )
        return name
