"""The loan agreement PDF (convention de prêt), in the beneficiary's language, signed by both parties."""

from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from inventory.accounts.policy import display_name
from inventory.devices.vocabulary import Category
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
from inventory.i18n import format_number, gettext, ngettext, normalise_locale
from inventory.loans.messages import accessory_names
from inventory.loans.printable import visual
from inventory.loans.rows import AgreementView, LoanRow
from labels import Code128Flowable

# The conditions are long in Dutch: a slightly smaller size keeps the agreement on one page.
CONDITION = ParagraphStyle("condition", parent=BODY, fontSize=9, leading=11.5, spaceAfter=1.2 * mm)


def lent_accessories(loan: LoanRow, locale: str) -> str:
    """The kinds lent, in `locale`, then any free text as typed."""
    kinds = accessory_names(loan.accessories, locale)
    listed = ", ".join(part for part in (kinds, *loan.accessories_other) if part)
    return listed[:1].upper() + listed[1:]


def render_agreement(
    view: AgreementView,
    *,
    organisation: str,
    retention_months: int,
    printed_on: date,
) -> bytes:
    """`view` is service.agreement_view(): the loan, its beneficiary, device and site."""
    loan, beneficiary, device, site = view.loan, view.beneficiary, view.device, view.site
    locale = normalise_locale(beneficiary.language)

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    number = f"{loan.id:06d}"
    accessories = lent_accessories(loan, locale) or t("none")
    contact = " · ".join(value for value in (beneficiary.phone, beneficiary.email) if value) or "—"
    place = site.name if site else organisation
    where_to_return = (
        t("at %(site)s", site=f"{site.name}{', ' + site.address if site.address else ''}")
        if site
        else t("to the social worker")
    )
    story = [
        para(t("Loan agreement"), TITLE),
        para(t("Agreement number: %(number)s", number=number), BODY),
        para(t("Parties"), HEADING),
        field_table(
            [
                (t("Lender"), organisation),
                (
                    t("Represented by"),
                    display_name(loan.social_worker_full_name, loan.social_worker_name),
                ),
                (t("Borrower"), visual(beneficiary.full_name)),
                (t("Beneficiary reference"), beneficiary.reference),
                (t("Phone and e-mail"), contact),
            ]
        ),
        para(t("Device lent"), HEADING),
        Spacer(1, 1 * mm),
        Code128Flowable(device.asset_tag, width=70 * mm, height=15 * mm),
        Spacer(1, 2 * mm),
        field_table(
            [
                (t("Asset tag"), device.asset_tag),
                (t("Category"), Category.label_of(device.category, locale)),
                (t("Make and model"), f"{device.make} {device.model}"),
                (t("Serial number"), device.serial_number or "—"),
                (t("Accessories"), visual(accessories)),
                (t("Start date"), format_day(loan.starts_on, locale)),
                (t("Due date"), format_day(loan.due_on, locale)),
            ]
        ),
        para(t("Conditions"), HEADING),
        *[
            para(f"{index}. {text}", CONDITION)
            for index, text in enumerate(
                [
                    t(
                        "The device remains the property of %(organisation)s. It is lent free of "
                        "charge, for the borrower's personal use.",
                        organisation=organisation,
                    ),
                    t(
                        "The borrower takes good care of the device and its accessories, does not "
                        "lend, sell or pledge them, and tells their social worker at once if they "
                        "are lost, stolen or damaged."
                    ),
                    t(
                        "The borrower returns the device with its accessories by the due date, "
                        "%(where)s. The loan can be renewed in agreement with the social worker. "
                        "Reminders are sent before and after the due date.",
                        where=where_to_return,
                    ),
                    t(
                        "Every returned device is wiped before it is lent again: the borrower "
                        "should remove their own files and accounts before returning it."
                    ),
                    ngettext(
                        locale,
                        "%(organisation)s keeps the borrower's name, contact details and language "
                        "only to manage this loan and send its reminders, and anonymises them "
                        "%(months)s month after the last loan ends.",
                        "%(organisation)s keeps the borrower's name, contact details and language "
                        "only to manage this loan and send its reminders, and anonymises them "
                        "%(months)s months after the last loan ends.",
                        retention_months,
                        organisation=organisation,
                        months=format_number(retention_months, locale),
                    ),
                ],
                start=1,
            )
        ],
        Spacer(1, 3 * mm),
        # The place, date and signatures stay together on one page.
        KeepTogether(
            [
                para(
                    t(
                        "Done at %(place)s on %(date)s, in two copies.",
                        place=place,
                        date=format_day(printed_on, locale),
                    ),
                    BODY,
                ),
                Spacer(1, 4 * mm),
                signature_blocks(
                    [t("The borrower"), t("For %(organisation)s", organisation=organisation)],
                    t("Date:"),
                    [view.signature_png],
                ),
            ]
        ),
    ]
    return build_pdf(
        story,
        title=f"{t('Loan agreement')} {number}",
        organisation=organisation,
        footer=f"{t('Loan agreement')} {number} — {beneficiary.reference}",
    )
