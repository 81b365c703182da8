"""The wipe certificate PDF a donor administration keeps as proof its data is gone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from inventory.accounts.policy import display_name
from inventory.devices.vocabulary import WIPE_METHOD_NAMES, Verification, WipeMethod
from inventory.documents import (
    BODY,
    HEADING,
    SMALL,
    TITLE,
    build_pdf,
    field_table,
    format_moment,
    para,
    signature_blocks,
)
from inventory.errors import N_
from inventory.i18n import gettext
from labels import Code128Flowable

STANDARDS: Mapping[str, str] = {
    WipeMethod.NIST_CLEAR: N_("NIST SP 800-88 Rev. 1 — Clear"),
    WipeMethod.NIST_PURGE: N_("NIST SP 800-88 Rev. 1 — Purge"),
    WipeMethod.ATA_SECURE_ERASE: N_("ATA Secure Erase (NIST SP 800-88 Purge)"),
    WipeMethod.NVME_FORMAT: N_("NVMe Format, Secure Erase (NIST SP 800-88 Purge)"),
    WipeMethod.CRYPTO_ERASE: N_("Cryptographic erase (NIST SP 800-88 Purge)"),
    WipeMethod.OVERWRITE_1: N_("Overwrite, 1 pass (NIST SP 800-88 Clear)"),
    WipeMethod.OVERWRITE_3: N_("Overwrite, 3 passes (DoD 5220.22-M)"),
    WipeMethod.FACTORY_RESET: N_("Factory reset with encryption (NIST SP 800-88 Clear, mobile)"),
    WipeMethod.PHYSICAL_DESTRUCTION: N_("Physical destruction (NIST SP 800-88 Destroy)"),
}
VERIFICATIONS: Mapping[str, str] = {
    Verification.NONE: N_("No verification"),
    Verification.LAST_PASS: N_("Last pass verified"),
    Verification.ALL_PASSES: N_("All passes verified"),
}


def render_wipe_certificate(
    device: Mapping[str, Any],
    wipe: Mapping[str, Any],
    *,
    organisation: str,
    locale: str,
    timezone: str,
) -> bytes:
    """The certificate of one passed wipe. It is dated by the wipe (its end, else its start,
    else when it was recorded), never by the download, so every copy of it is the same."""

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    number = wipe["certificate_number"]
    method = wipe["method"]
    issued_at = wipe["finished_at"] or wipe["started_at"] or wipe["created_at"]
    story = [
        para(t("Data erasure certificate"), TITLE),
        para(t("Certificate number: {number}", number=number), BODY),
        Spacer(1, 3 * mm),
        Code128Flowable(number, width=80 * mm, height=16 * mm),
        para(t("Device"), HEADING),
        field_table(
            [
                (t("Asset tag"), device["asset_tag"]),
                (t("Category"), t(device["category"])),
                (t("Make and model"), f"{device['make']} {device['model']}"),
                (t("Serial number"), device["serial_number"] or "—"),
                (t("Donor"), device["donor"] or "—"),
                (t("Donor reference"), device["donor_ref"] or "—"),
                # One row per serial: a table splits between rows, so up to 32 serials of 99
                # characters continue on the next page instead of making one row taller than it.
                *_serial_rows(t("Storage serial numbers"), wipe["storage_serials"] or []),
            ]
        ),
        para(t("Erasure"), HEADING),
        field_table(
            [
                (t("Method"), t(WIPE_METHOD_NAMES.get(method, method))),
                (t("Standard"), t(STANDARDS[method]) if method in STANDARDS else method),
                (t("Tool"), wipe["tool"] or "—"),
                (t("Passes"), wipe["passes"] if wipe["passes"] is not None else "—"),
                (t("Verification"), t(VERIFICATIONS.get(wipe["verification"], wipe["verification"]))),
                (t("Started"), format_moment(wipe["started_at"], locale, timezone)),
                (t("Finished"), format_moment(wipe["finished_at"], locale, timezone)),
                (t("Operator"), display_name(wipe.get("operator_full_name"), wipe["operator_name"])),
                (t("Result"), t(wipe["result"])),
            ]
        ),
        Spacer(1, 4 * mm),
        para(
            t(
                "{organisation} certifies that the storage of the device above was erased "
                "with the method stated, so that the data it held cannot be recovered.",
                organisation=organisation,
            ),
            BODY,
        ),
        Spacer(1, 6 * mm),
        signature_blocks([t("Operator"), t("For {organisation}", organisation=organisation)], t("Date")),
        Spacer(1, 4 * mm),
        para(
            t("Issued on {date}", date=format_moment(issued_at, locale, timezone)),
            SMALL,
        ),
    ]
    return build_pdf(
        story,
        title=f"{t('Data erasure certificate')} {number}",
        organisation=organisation,
        footer=number,
    )


def _serial_rows(label: str, serials: Sequence[str]) -> list[tuple[str, object]]:
    if not serials:
        return [(label, "—")]
    return [(label if index == 0 else "", serial) for index, serial in enumerate(serials)]
