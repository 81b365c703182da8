"""The delivery note signed when the workshop hands devices over to a school."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from inventory.devices.vocabulary import Category
from inventory.documents import (
    BODY,
    HEADING,
    LABEL,
    SMALL,
    TITLE,
    build_pdf,
    field_table,
    format_moment,
    para,
    signature_blocks,
)
from inventory.i18n import gettext, ngettext, reader_locale
from inventory.schools import codes
from inventory.schools.rows import DeliveryNote, RedemptionLineRow


def render_delivery_note(
    note: DeliveryNote,
    *,
    organisation: str,
    override: str | None,
    timezone: str,
) -> bytes:
    """The hand-over of `note`, with the devices that went to the school. In the school's
    language unless `override` names another."""
    from labels import Code128Flowable

    redemption, school, voucher, devices = note.redemption, note.school, note.voucher, note.devices

    locale = reader_locale(override, school.language)

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    # A redemption has its number from the hand-over on, and only a hand-over has a note.
    number = redemption.delivery_note_number or ""
    story: list[Flowable] = [
        para(t("Delivery note"), TITLE),
        para(t("Delivery note number: %(number)s", number=number), BODY),
        Spacer(1, 3 * mm),
        para(t("School"), HEADING),
        field_table(
            [
                (t("School"), school.name),
                (t("FASE number"), school.fase_number),
                (t("Address"), school.address or "—"),
            ]
        ),
        para(t("Voucher"), HEADING),
        field_table(
            [
                (t("Voucher code"), codes.display(voucher.code)),
                (t("Programme"), voucher.programme_name),
                (t("Redemption"), f"#{redemption.id}"),
                (t("School's reference"), redemption.reference or "—"),
                (t("Requested on"), format_moment(redemption.requested_at, locale, timezone)),
                (t("Handed over on"), format_moment(redemption.handed_over_at, locale, timezone)),
                (t("Handed over by"), note.handed_over_by_name or redemption.handed_over_by),
            ]
        ),
        para(t("Devices"), HEADING),
        _device_table(devices, t, Code128Flowable, locale),
        Spacer(1, 2 * mm),
        para(
            ngettext(locale, "%(num)s device handed over.", "%(num)s devices handed over.", len(devices)),
            BODY,
        ),
        Spacer(1, 3 * mm),
        para(
            t(
                "The school confirms it received the devices above in working order. They remain "
                "registered to the school under this programme; a device that breaks or is no longer "
                "needed is given back to %(organisation)s, which wipes it before anyone else uses it.",
                organisation=organisation,
            ),
            BODY,
        ),
        Spacer(1, 6 * mm),
        signature_blocks(
            [t("For %(organisation)s", organisation=organisation), t("For the school (name and signature)")],
            t("Date:"),
        ),
        Spacer(1, 4 * mm),
        para(t("Delivery note %(number)s", number=number), SMALL),
    ]
    return build_pdf(story, title=f"{t('Delivery note')} {number}", organisation=organisation, footer=number)


def _device_table(devices: Sequence[RedemptionLineRow], t: Any, barcode: Any, locale: str) -> Table:
    header = [para(text, LABEL) for text in ("#", t("Asset tag"), t("Category"), t("Make and model"))]
    header.append(para(t("Serial number"), LABEL))
    rows: list[list[Any]] = [header]
    for position, device in enumerate(devices, start=1):
        rows.append(
            [
                para(position),
                [
                    para(device.asset_tag, LABEL),
                    barcode(device.asset_tag, width=48 * mm, height=11 * mm, human_readable=False),
                ],
                para(Category.label_of(device.category, locale)),
                para(f"{device.make} {device.model}"),
                para(device.serial_number or "—"),
            ]
        )
    table = Table(rows, colWidths=[8 * mm, 54 * mm, 28 * mm, 46 * mm, None], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.grey),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
