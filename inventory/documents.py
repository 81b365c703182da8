"""Shared PDF helpers: fonts, styles, escaped paragraphs, page furniture and dates."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Table, TableStyle

from inventory.i18n import NARROW_NO_BREAK_SPACE

# Documents write dates as their reader's locale does; the formatting itself is inventory.i18n's.
from inventory.i18n import format_day as format_day
from inventory.i18n import format_moment as format_moment
from labels.fonts import SANS, SANS_BOLD, register_fonts

register_fonts()

BODY = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.grey)
TITLE = ParagraphStyle("title", parent=BODY, fontName=SANS_BOLD, fontSize=17, leading=21, spaceAfter=4 * mm)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=SANS_BOLD,
    fontSize=11.5,
    leading=15,
    spaceBefore=4 * mm,
    spaceAfter=1.5 * mm,
)
LABEL = ParagraphStyle("label", parent=BODY, fontName=SANS_BOLD, fontSize=9, leading=12)


def safe(text: object) -> str:
    """User text made literal for a reportlab Paragraph: markup is escaped, never interpreted."""
    # reportlab wraps lines at a narrow no-break space (French typography, inventory.i18n) as at
    # any space; a no-break space it keeps with its word, so the colon never starts a line.
    text = escape("" if text is None else str(text)).replace("\n", "<br/>")
    return text.replace(NARROW_NO_BREAK_SPACE, "\u00a0")


def para(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(safe(text), style)


def field_table(rows: Sequence[tuple[str, object]], label_width: float = 55 * mm) -> Table:
    """Two columns, label and value; both escaped."""
    table = Table(
        [[para(label, LABEL), para(value)] for label, value in rows],
        colWidths=[label_width, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def signature_blocks(
    captions: Sequence[str], date_caption: str, signatures: Sequence[bytes | None] = ()
) -> Table:
    """Boxes to sign in; a signature already drawn (a PNG) is printed in its box.
    `date_caption` is translated with its colon ("Date :" in French), a line to write on follows."""
    drawn = [*signatures, *([None] * (len(captions) - len(signatures)))]
    cells = [
        [para(caption, LABEL) for caption in captions],
        [para(f"{date_caption} ....................", SMALL) for _ in captions],
        [_signature_image(png) if png else "" for png in drawn],
    ]
    table = Table(cells, colWidths=[85 * mm] * len(captions), rowHeights=[None, None, 22 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
                ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _signature_image(png: bytes) -> Image:
    return Image(io.BytesIO(png), width=70 * mm, height=20 * mm, kind="proportional")


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    organisation: str,
    footer: str = "",
) -> bytes:
    """A4 document with the organisation in the header and page numbers in the footer."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=organisation,
        creator="Relais",
    )
    furniture = _page_furniture(organisation, footer)
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def _page_furniture(organisation: str, footer: str) -> Callable:
    def draw(canvas, document) -> None:
        canvas.saveState()
        width, height = A4
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawString(18 * mm, height - 13 * mm, organisation)
        canvas.setStrokeColor(colors.lightgrey)
        canvas.line(18 * mm, height - 15 * mm, width - 18 * mm, height - 15 * mm)
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(width - 18 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    return draw
