"""Asset labels and Code 128 barcodes rendered to PDF, with no web or database code."""

from labels.barcode import BarcodeTooSmall, Code128Flowable, code128_modules, draw_code128
from labels.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, register_fonts
from labels.layouts import LAYOUTS, Layout, UnknownLayout, get_layout
from labels.render import InvalidStartPosition, LabelContent, render_calibration, render_labels

__all__ = [
    "CONDENSED",
    "CONDENSED_BOLD",
    "LAYOUTS",
    "SANS",
    "SANS_BOLD",
    "BarcodeTooSmall",
    "Code128Flowable",
    "InvalidStartPosition",
    "LabelContent",
    "Layout",
    "UnknownLayout",
    "code128_modules",
    "draw_code128",
    "get_layout",
    "register_fonts",
    "render_calibration",
    "render_labels",
]
