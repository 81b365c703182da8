"""The beneficiary's card: their reference as a barcode, so that a loan at a desk is two scans."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from inventory.documents import BODY, LABEL, SMALL, para
from inventory.i18n import gettext, normalise_locale
from inventory.loans.printable import visual
from inventory.loans.rows import BeneficiaryRow
from labels import Code128Flowable

# ISO/IEC 7810 ID-1, the size of a bank card: it fits a wallet.
CARD_SIZE = (85.6 * mm, 53.98 * mm)
MARGIN = 4 * mm
NAME = ParagraphStyle("card-name", parent=BODY, fontSize=10, leading=12)
CAPTION = ParagraphStyle("card-caption", parent=SMALL, fontSize=6.5, leading=8)


def render_card(beneficiary: BeneficiaryRow, *, organisation: str) -> bytes:
    locale = normalise_locale(beneficiary.language)
    width = CARD_SIZE[0] - 2 * MARGIN
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=CARD_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=beneficiary.reference,
        author=organisation,
        creator="Relais",
    )
    document.build(
        [
            para(organisation, LABEL),
            para(visual(beneficiary.full_name), NAME),
            Spacer(1, 1.5 * mm),
            Code128Flowable(beneficiary.reference, width=width, height=15 * mm),
            Spacer(1, 1 * mm),
            para(gettext(locale, "Show this card when you borrow or return a device."), CAPTION),
        ]
    )
    return buffer.getvalue()
