"""The return receipt PDF, in the beneficiary's language: what came back, in what condition, and
that the device's storage is erased before anyone else gets it (with the date, once it was)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from inventory.documents import (
    BODY,
    HEADING,
    TITLE,
    build_pdf,
    field_table,
    format_day,
    para,
    signature_blocks,
)
from inventory.i18n import gettext, normalise_locale
from inventory.loans.messages import accessory_names
from inventory.loans.printable import visual
from inventory.loans.rows import AgreementView
from inventory.loans.vocabulary import ReturnCondition


def _capitalised(text: str) -> str:
    """A list that fills a table cell starts with a capital, as the other cells do."""
    return text[:1].upper() + text[1:]


def render_return_receipt(
    view: AgreementView,
    *,
    organisation: str,
    timezone: str,
    printed_on: date,
) -> bytes:
    """`view` is service.return_receipt_view(): the returned loan, its beneficiary, device, site
    and `wiped_at` (None until the device was wiped after this return)."""
    from zoneinfo import ZoneInfo

    loan, beneficiary, device = view.loan, view.beneficiary, view.device
    locale = normalise_locale(beneficiary.language)

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    number = f"{loan.id:06d}"
    returned_on = loan.closed_on or printed_on
    back = _capitalised(accessory_names(loan.accessories_returned or [], locale))
    missing = _capitalised(accessory_names(loan.accessories_missing, locale))
    condition = ReturnCondition.label_of(loan.return_condition, locale) or "—"
    wiped_at = view.wiped_at
    if wiped_at is not None:
        wiped_day = format_day(wiped_at.astimezone(ZoneInfo(timezone)).date(), locale)
        erasure = t(
            "The device's storage was erased on %(date)s: nothing of what you kept on it remains.",
            date=wiped_day,
        )
    else:
        erasure = t(
            "The device's storage will be erased before it is lent to anyone else: nothing of what "
            "you kept on it will remain."
        )
    rows = [
        (t("Borrower"), visual(beneficiary.full_name)),
        (t("Beneficiary reference"), beneficiary.reference),
        (t("Asset tag"), device.asset_tag),
        (t("Make and model"), f"{device.make} {device.model}"),
        (t("Lent on"), format_day(loan.starts_on, locale)),
        (t("Returned on"), format_day(returned_on, locale)),
        (t("Condition"), condition),
        (t("Accessories returned"), back or t("none")),
    ]
    if missing:
        rows.append((t("Accessories missing"), missing))
    if loan.accessories_other:
        rows.append((t("Other accessories lent"), visual(", ".join(loan.accessories_other))))
    story = [
        para(t("Return receipt"), TITLE),
        para(t("Loan number: %(number)s", number=number), BODY),
        para(t("What came back"), HEADING),
        field_table(rows),
        para(t("Your data"), HEADING),
        para(erasure, BODY),
        Spacer(1, 6 * mm),
        signature_blocks([t("For %(organisation)s", organisation=organisation)], t("Date:")),
    ]
    return build_pdf(
        story,
        title=f"{t('Return receipt')} {number}",
        organisation=organisation,
        footer=f"{t('Return receipt')} {number} — {beneficiary.reference}",
    )
