"""Asset labels and Code 128 barcodes rendered to PDF, with no web or database code."""

from labels.barcode import BarcodeTooSmall, Code128Flowable, code128_modules, draw_code128
from labels.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, register_fonts
from labels.layouts import LAYOUTS, Layout, UnknownLayout, get_layout
from labels.render import (
    CalibrationText,
    InvalidStartPosition,
    LabelContent,
    english_calibration_text,
    render_calibration,
    render_labels,
)

__all__ = [
    "CONDENSED",
    "CONDENSED_BOLD",
    "LAYOUTS",
    "SANS",
    "SANS_BOLD",
    "BarcodeTooSmall",
    "CalibrationText",
    "Code128Flowable",
    "InvalidStartPosition",
    "LabelContent",
    "Layout",
    "UnknownLayout",
    "code128_modules",
    "draw_code128",
    "english_calibration_text",
    "get_layout",
    "register_fonts",
    "render_calibration",
    "render_labels",
]
