"""Registers the vendored DejaVu fonts with reportlab, for labels and every document."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
SANS = "RelaisSans"
SANS_BOLD = "RelaisSans-Bold"
CONDENSED = "RelaisSansCondensed"
CONDENSED_BOLD = "RelaisSansCondensed-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}


@cache
def register_fonts() -> None:
    """Idempotent and cheap after the first call: reportlab keeps fonts for the life of the process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    pdfmetrics.registerFontFamily(
        CONDENSED, normal=CONDENSED, bold=CONDENSED_BOLD, italic=CONDENSED, boldItalic=CONDENSED_BOLD
    )
