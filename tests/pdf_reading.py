"""Reading documents back as a person would: their text, and their barcodes scanned from a
300-dpi rendering by a real decoder (zxing-cpp)."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader

DPI = 300


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def decoded_barcodes(pdf: bytes, dpi: int = DPI) -> list[list[str]]:
    """Per page, the Code 128 values a scanner reads from a rendering at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
        pages.append([result.text for result in results])
    document.close()
    return pages
