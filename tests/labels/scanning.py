"""Test helpers that read printed labels back: rasterise at 300 dpi, decode, locate on the page."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageChops, ImageFilter
from reportlab.lib.units import mm

from labels import Layout

DPI = 300
PIXELS_PER_MM = DPI / 25.4


@dataclass(frozen=True)
class Scanned:
    """A decoded barcode and its centre on the page, in millimetres from the top-left corner."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Glyph:
    """One character's box on the page, in millimetres from the top-left corner."""

    char: str
    left: float
    top: float
    right: float
    bottom: float


def rasterise(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()


def scan(image: Image.Image) -> list[Scanned]:
    found = []
    for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128):
        corners = barcode.position
        points = (corners.top_left, corners.top_right, corners.bottom_right, corners.bottom_left)
        x = sum(point.x for point in points) / 4 / PIXELS_PER_MM
        y = sum(point.y for point in points) / 4 / PIXELS_PER_MM
        found.append(Scanned(barcode.text, x, y))
    return found


def scan_pdf(pdf: bytes) -> list[list[Scanned]]:
    """Every page's barcodes."""
    return [scan(image) for image in rasterise(pdf)]


def position_at(layout: Layout, x: float, y: float) -> int | None:
    """The position whose label contains the point (mm from the page's top-left), if any."""
    for position in range(1, layout.positions_per_page + 1):
        cell = layout.cell(position)
        if cell.left <= x <= cell.left + cell.width and cell.top <= y <= cell.top + cell.height:
            return position
    return None


def glyphs(pdf: bytes) -> list[list[Glyph]]:
    """Every page's visible characters with their tight boxes, as pdfium lays them out."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            height = page.get_height()
            text_page = page.get_textpage()
            found = []
            for index in range(text_page.count_chars()):
                char = text_page.get_text_range(index, 1)
                if not char.strip():
                    continue
                left, bottom, right, top = text_page.get_charbox(index)
                found.append(Glyph(char, left / mm, (height - top) / mm, right / mm, (height - bottom) / mm))
            pages.append(found)
    finally:
        document.close()
    return pages


def print_gain(image: Image.Image, *, spread: int, blur: float, noise: int, seed: int = 1) -> Image.Image:
    """A crude printer and scanner: bars `spread` dots wider (negative: narrower), optics blur
    of `blur` dots, and uniform grey noise of +/- `noise` levels, on a black-and-white page."""
    printed = image.point(lambda level: 255 if level >= 128 else 0)
    for _ in range(abs(spread)):
        shifted = ImageChops.offset(printed, 1, 0)
        printed = ImageChops.darker(printed, shifted) if spread > 0 else ImageChops.lighter(printed, shifted)
    blurred = printed.filter(ImageFilter.GaussianBlur(blur))
    random_bytes = random.Random(seed).randbytes(blurred.width * blurred.height)
    grain = Image.frombytes("L", blurred.size, random_bytes).point(lambda level: level * 2 * noise // 255)
    return ImageChops.add(blurred, grain, offset=-noise)
