"""The wipe certificate PDF a donor administration keeps as proof its data is gone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from inventory.accounts.policy import display_name
from inventory.devices.rows import BatchSummary, BundleCertificate, DeviceRow, WipeRow
from inventory.devices.vocabulary import Category, Verification, WipeMethod, WipeResult
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


def render_wipe_certificate(
    device: DeviceRow,
    wipe: WipeRow,
    *,
    organisation: str,
    locale: str,
    timezone: str,
    report_sha256: str | None = None,
    verification_url: str | None = None,
) -> bytes:
    """The certificate of one passed wipe. It is dated by the wipe (its end, else its start,
    else when it was recorded), never by the download, so every copy of it is the same."""
    number = wipe.certificate_number or ""
    story = certificate_story(
        device,
        wipe,
        organisation=organisation,
        locale=locale,
        timezone=timezone,
        report_sha256=report_sha256,
        verification_url=verification_url,
    )
    return build_pdf(
        story,
        title=f"{gettext(locale, 'Data erasure certificate')} {number}",
        organisation=organisation,
        footer=number,
    )


def certificate_story(
    device: DeviceRow,
    wipe: WipeRow,
    *,
    organisation: str,
    locale: str,
    timezone: str,
    report_sha256: str | None,
    verification_url: str | None,
) -> list[Flowable]:
    """The flowables of one certificate: its own document, or pages of a donor's bundle."""

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    number = wipe.certificate_number or ""
    method = wipe.method
    issued_at = wipe.finished_at or wipe.started_at or wipe.created_at
    story: list[Flowable] = [
        para(t("Data erasure certificate"), TITLE),
        _head(
            [
                para(t("Certificate number: %(number)s", number=number), BODY),
                Spacer(1, 3 * mm),
                Code128Flowable(number, width=80 * mm, height=16 * mm),
            ],
            verification_url,
        ),
        para(t("Device"), HEADING),
        field_table(
            [
                (t("Asset tag"), device.asset_tag),
                (t("Category"), Category.label_of(device.category, locale)),
                (t("Make and model"), f"{device.make} {device.model}"),
                (t("Serial number"), device.serial_number or "—"),
                (t("Donor"), device.donor or "—"),
                (t("Donor reference"), device.donor_ref or "—"),
                # One row per serial: a table splits between rows, so up to 32 serials of 99
                # characters continue on the next page instead of making one row taller than it.
                *_serial_rows(t("Storage serial numbers"), wipe.storage_serials),
            ]
        ),
        para(t("Erasure"), HEADING),
        field_table(
            [
                (t("Method"), WipeMethod.label_of(method, locale)),
                (t("Standard"), t(STANDARDS[method]) if method in STANDARDS else method),
                (t("Tool"), wipe.tool or "—"),
                (t("Passes"), wipe.passes if wipe.passes is not None else "—"),
                (t("Verification"), Verification.label_of(wipe.verification, locale)),
                (t("Started"), format_moment(wipe.started_at, locale, timezone)),
                (t("Finished"), format_moment(wipe.finished_at, locale, timezone)),
                (t("Operator"), display_name(wipe.operator_full_name, wipe.operator_name)),
                (t("Result"), WipeResult.label_of(wipe.result, locale)),
                # The wiping tool's own report, kept unchanged: its digest identifies it.
                (t("Original report (SHA-256)"), _digest_text(report_sha256) if report_sha256 else "—"),
            ]
        ),
        Spacer(1, 4 * mm),
        para(
            t(
                "%(organisation)s certifies that the storage of the device above was erased "
                "with the method stated, so that the data it held cannot be recovered.",
                organisation=organisation,
            ),
            BODY,
        ),
        Spacer(1, 6 * mm),
        signature_blocks([t("Operator"), t("For %(organisation)s", organisation=organisation)], t("Date:")),
        Spacer(1, 4 * mm),
    ]
    if verification_url:
        story.append(_verification_text(t, verification_url))
        story.append(Spacer(1, 2 * mm))
    story.append(para(t("Issued on %(date)s", date=format_moment(issued_at, locale, timezone)), SMALL))
    return story


def _digest_text(digest: str) -> str:
    # 64 hex digits in groups of 8, so the line wraps between groups and can be read aloud.
    return " ".join(digest[index : index + 8] for index in range(0, len(digest), 8))


QR_SIZE = 30 * mm


# Any of the 8 mask patterns makes a valid code; choosing the "best" one encodes the code 8
# times and scores each (half the time of a certificate in a bundle). A URL's QR code read
# from paper or a screen scans with the first one (tests decode it with zxing-cpp).
QR_MASK_PATTERN = 0


def qr_code(value: str, size: float = QR_SIZE) -> Flowable:
    """A QR code of `value`, `size` wide, its quiet zone of 4 modules included. reportlab's
    flowable draws each run of dark modules as one rectangle straight on the page (its
    graphics widget encoded twice and drew a shape per run, 6 times slower in a bundle of 500
    certificates, bench/wipe_reports.py); it is encoded once, with a fixed mask pattern."""
    code = QrCode(value, width=size, height=size, qrLevel="M", qrBorder=4)
    code.qr = _FixedMaskEncoder(None, qrencoder.QRErrorCorrectLevel.M)  # nothing encoded yet
    code.qr.addData(code.value)
    return code


class _FixedMaskEncoder(qrencoder.QRCode):  # type: ignore[misc]  # reportlab has no type information
    def getBestMaskPattern(self) -> int:
        return QR_MASK_PATTERN


def _head(number_block: list[Flowable], verification_url: str | None) -> Flowable | list[Flowable]:
    """The number and its barcode, with the verification QR code beside them: one page still
    holds the whole certificate."""
    if not verification_url:
        return KeepTogether(number_block)
    table = Table([[number_block, qr_code(verification_url)]], colWidths=[None, QR_SIZE + 4 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _verification_text(t: Any, url: str) -> Flowable:
    return KeepTogether(
        [
            para(
                t("Verify this certificate")
                + " — "
                + t(
                    "Anyone can check this certificate, without an account, at the address below "
                    "or by scanning the code:"
                ),
                SMALL,
            ),
            para(url, BODY),
        ]
    )


def render_certificate_bundle(
    summary: BatchSummary,
    certificates: Sequence[BundleCertificate],
    *,
    organisation: str,
    locale: str,
    timezone: str,
) -> bytes:
    """A donor batch's certificates in one PDF: a summary page, then every certificate."""

    def t(message: str, **values: object) -> str:
        return gettext(locale, message, **values)

    title = t("Data erasure certificates")
    story: list[Flowable] = [
        para(title, TITLE),
        field_table(
            [
                (t("Donor"), summary.donor or "—"),
                (t("Batch"), summary.batch or "—"),
                (t("Devices"), summary.devices),
                (t("Wiped"), summary.wiped),
                (t("Wipe failed"), summary.failed),
                (t("Destroyed"), summary.destroyed),
                (t("Not yet wiped"), summary.pending),
                (t("Certificates in this document"), len(certificates)),
            ]
        ),
        Spacer(1, 4 * mm),
        para(
            t(
                "Wiped: a passed wipe has a certificate in this document. Wipe failed: every "
                "wipe recorded failed. Destroyed: retired with the recycler's certificate of "
                "destruction."
            ),
            SMALL,
        ),
    ]
    for item in certificates:
        story.append(PageBreak())
        story.extend(
            certificate_story(
                item.device,
                item.wipe,
                organisation=organisation,
                locale=locale,
                timezone=timezone,
                report_sha256=item.report_sha256,
                verification_url=item.verification_url,
            )
        )
    footer = " · ".join(part for part in (summary.donor, summary.batch) if part)
    return build_pdf(story, title=title, organisation=organisation, footer=footer)


def _serial_rows(label: str, serials: Sequence[str]) -> list[tuple[str, object]]:
    if not serials:
        return [(label, "—")]
    return [(label if index == 0 else "", serial) for index, serial in enumerate(serials)]
