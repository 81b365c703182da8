"""The voucher PDF a school receives by post: its code as text and as a Code 128 barcode."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from inventory.documents import (
    BODY,
    HEADING,
    SMALL,
    TITLE,
    build_pdf,
    field_table,
    format_day,
    format_moment,
    para,
)
from inventory.i18n import gettext, reader_locale
from inventory.schools import codes
from inventory.schools.rows import VoucherRow
from labels.fonts import SANS_BOLD

CODE = ParagraphStyle(
    "voucher-code", parent=BODY, fontName=SANS_BOLD, fontSize=26, leading=32, alignment=TA_CENTER
)


def render_vouchers(
    vouchers: Sequence[VoucherRow],
    *,
    organisation: str,
    address: str,
    override: str | None,
    timezone: str,
    printed_at: datetime,
) -> bytes:
    """One page per voucher, in the order given (a batch is posted in one envelope run), each
    in its school's language (`school_language`) unless `override` names another. `address` is
    where schools sign in (Settings.base_url)."""
    story: list[Flowable] = []
    for index, voucher in enumerate(vouchers):
        if index:
            story.append(PageBreak())
        locale = reader_locale(override, voucher.school_language)
        story.extend(_voucher_page(voucher, address, locale, timezone, printed_at))
    title = gettext(reader_locale(override, vouchers[0].school_language), "Equipment voucher")
    if len(vouchers) == 1:
        title = f"{title} {codes.display(vouchers[0].code)}"
    footer = codes.display(vouchers[0].code) if len(vouchers) == 1 else ""
    return build_pdf(story, title=title, organisation=organisation, footer=footer)


def _voucher_page(
    voucher: VoucherRow, address: str, locale: str, timezone: str, printed_at: datetime
) -> list[Flowable]:
    from labels import Code128Flowable

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    code = voucher.code
    category = t(voucher.category) if voucher.category else t("any kind of device")
    return [
        para(t("Equipment voucher"), TITLE),
        para(t("Programme: %(name)s", name=voucher.programme_name), BODY),
        Spacer(1, 6 * mm),
        para(codes.display(code), CODE),
        Spacer(1, 3 * mm),
        Code128Flowable(code, width=90 * mm, height=18 * mm, human_readable=False),
        Spacer(1, 4 * mm),
        para(t("For the school"), HEADING),
        field_table(
            [
                (t("School"), voucher.school_name),
                (t("FASE number"), voucher.school_fase_number),
                (t("Address"), voucher.school_address or "—"),
            ]
        ),
        para(t("What this voucher gives"), HEADING),
        field_table(
            [
                (t("Number of devices"), voucher.quantity),
                (t("Category"), category),
                (t("Valid until"), format_day(voucher.expires_on, locale)),
                (t("Programme"), voucher.programme_name),
                (t("Funder"), voucher.programme_funder or "—"),
                (t("Issued on"), format_day(voucher.issued_at.date(), locale)),
            ]
        ),
        Spacer(1, 5 * mm),
        para(
            t(
                "To redeem this voucher, sign in at %(address)s with your school's account and enter "
                "the code, with or without dashes. Ask for devices from the refurbished stock, or "
                "register the equipment your school buys with it. Units asked for are taken from the "
                "voucher at once.",
                address=address,
            ),
            BODY,
        ),
        Spacer(1, 3 * mm),
        para(
            t(
                "Keep this voucher safe until %(date)s: the code is your school's. A code with a typo is "
                "refused, never mistaken for another school's.",
                date=format_day(voucher.expires_on, locale),
            ),
            BODY,
        ),
        Spacer(1, 6 * mm),
        para(t("Printed on %(date)s", date=format_moment(printed_at, locale, timezone)), SMALL),
    ]
