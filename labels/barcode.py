"""Code 128 barcodes drawn as vector bars: the one place that knows how a scannable barcode is printed."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from barcode.codex import Code128
from barcode.errors import BarcodeError
from barcode.writer import SVGWriter
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from labels.fitting import fit
from labels.fonts import SANS, register_fonts

# Bars are snapped to whole dots of a 300-dpi device: at 300, 600 and 1200 dpi (thermal label
# printers, office lasers, inkjets) every module is then the same number of device pixels, so
# rasterising cannot make one bar a dot wider than its neighbour. With a module of 2.5 dots,
# equal bars print 2 or 3 dots wide, and a dot thinner some no longer decode (tested).
DOT: float = inch / 300

# Three dots (0.254 mm, 10 mil) is the narrowest module we print. Two dots (0.169 mm) decodes in
# a perfect rasterisation, but one dot of toner spread or thermal bleed is then half a module;
# with that spread, a dot of blur and some noise, two-dot barcodes stop decoding while
# three-dot ones still all do (tests/labels/test_labels_barcode.py). 10 mil is also the usual
# floor for general-purpose handheld scanners and phone cameras.
MIN_MODULE = 3 * DOT

# ISO/IEC 15417 asks for a light margin of at least ten modules on each side of the symbol.
QUIET_MODULES = 10


_BARS = re.compile("1+")
# python-barcode builds a new SVG writer for every barcode unless given one; we never render
# through it, so one shared instance saves that per-label cost.
_UNUSED_WRITER = SVGWriter()


class _Code128(Code128):  # type: ignore[misc]  # python-barcode has no type information
    """python-barcode's Code 128 without its leading-`99` bug.

    python-barcode 0.16.1 always starts in code set C and then, to save a symbol, folds
    "Start C" followed by a code-set switch into the start character of that set. In code set
    C the value 99 is the digit pair "99", but the fold reads it as "switch to C" and drops
    it: "99-000005" was encoded as "-000005" (upstream issue #251, fixed by PR #263, in no
    release yet). Only the symbols 100 and 101 (switch to B or A) can follow Start C as a
    switch, so only those are folded here.

    Remove this class, and use `barcode.codex.Code128` again, once a python-barcode release
    contains the upstream fix: tests/labels/test_code128_decoding.py then still passes with it.
    """

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if len(encoded) > 1 and encoded[1] in _SWITCH_FROM_C:
            encoded[:2] = [_SWITCH_FROM_C[encoded[1]]]
        return encoded


# In code set C, symbol 100 switches to B and 101 to A; a barcode opening "Start C, switch"
# is the same as opening with that set's start character (103 = Start A, 104 = Start B).
_SWITCH_FROM_C = {100: 104, 101: 103}


class BarcodeTooSmall(ValueError):
    """The box cannot hold the barcode at a module width that scans."""


@lru_cache(maxsize=4096)
def code128_modules(value: str) -> str:
    """The '1'/'0' module string (start, data, check and stop characters; no quiet zones)."""
    if not value:
        raise ValueError("a Code 128 barcode needs at least one character")
    try:
        return str(_Code128(value, writer=_UNUSED_WRITER).build()[0])
    except BarcodeError as error:
        raise ValueError(f"{value!r} cannot be encoded in Code 128 (ASCII only): {error}") from error


def module_width_for(value: str, width: float, *, min_module: float = MIN_MODULE) -> float:
    """The widest whole-dot module (points) at which `value` and its quiet zones fit in `width`."""
    count = len(code128_modules(value)) + 2 * QUIET_MODULES
    dots = math.floor(width / count / DOT + 1e-9)
    module = dots * DOT
    if dots < 1 or module < min_module - 1e-9:
        needed = count * max(min_module, DOT) / mm
        raise BarcodeTooSmall(
            f"the Code 128 barcode for {value!r} needs {needed:.1f} mm of width "
            f"({count} modules of at least {min_module / mm:.3f} mm, quiet zones included); "
            f"the box is {width / mm:.1f} mm wide"
        )
    return module


def bars_width(value: str, module: float) -> float:
    """Width of the bars alone (no quiet zones) at `module` points per module."""
    return len(code128_modules(value)) * module


def bars_operators(value: str, x: float, y: float, module: float, height: float) -> str:
    """PDF operators filling the bars as one path; `x` is the left edge of the first bar."""
    # Writing the operators directly costs a fraction of one reportlab call per rectangle,
    # which matters when a run prints a thousand labels.
    parts = ["0 g"]
    for bar in _BARS.finditer(code128_modules(value)):
        start, end = bar.span()
        parts.append(f"{x + start * module:.3f} {y:.3f} {(end - start) * module:.3f} {height:.3f} re")
    parts.append("f")
    return "\n".join(parts)


def draw_code128(
    canvas: Canvas,
    value: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    min_module: float = MIN_MODULE,
) -> float:
    """Draw `value` centred in the box (x, y bottom-left, points), quiet zones inside the box.

    Returns the module width used; raises BarcodeTooSmall when the box is too narrow.
    """
    if height <= 0:
        raise BarcodeTooSmall(f"the barcode box for {value!r} has no height")
    module = module_width_for(value, width, min_module=min_module)
    left = snap_to_dot(x + (width - bars_width(value, module)) / 2)
    canvas.saveState()
    canvas.addLiteral(bars_operators(value, left, y, module, height))
    canvas.restoreState()
    return module


def snap_to_dot(position: float) -> float:
    """Nearest 300-dpi dot boundary, so bar edges fall on device pixels when the page is not moved."""
    return round(position / DOT) * DOT


class Code128Flowable(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """A Code 128 barcode for platypus documents; `height` includes the text under the bars."""

    def __init__(
        self,
        value: str,
        width: float,
        height: float,
        *,
        human_readable: bool = True,
        font_size: float = 8.0,
        min_module: float = MIN_MODULE,
    ) -> None:
        super().__init__()
        self.value = value
        self.width = width
        self.height = height
        self.human_readable = human_readable
        self.font_size = font_size
        self.min_module = min_module
        # Fail while the story is built, where the caller can see which value, not mid-page.
        self.module = module_width_for(value, width, min_module=min_module)
        if human_readable:
            register_fonts()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        text_height = self.font_size * 1.25 if self.human_readable else 0.0
        bars_height = self.height - text_height
        if bars_height <= 0:
            raise BarcodeTooSmall(f"the barcode for {self.value!r} leaves no height for its bars")
        draw_code128(canvas, self.value, 0, text_height, self.width, bars_height, min_module=self.min_module)
        if self.human_readable:
            # Long all-digit values pack two digits per symbol and can outgrow their own bars.
            fitted = fit(self.value, SANS, self.font_size, self.font_size / 2, self.width)
            canvas.setFont(SANS, fitted.size)
            canvas.drawString((self.width - fitted.width) / 2, self.font_size * 0.25, fitted.text)
