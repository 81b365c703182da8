"""Printing asset labels for registered devices; the drawing itself is the labels package's."""

from __future__ import annotations

from collections.abc import Sequence

from inventory.devices import donors, service, wipe_reports
from inventory.devices.certificate import render_certificate_bundle, render_wipe_certificate
from inventory.devices.rows import DeviceRow, WipeRow
from inventory.errors import N_, InvalidInput, Nn_
from inventory.i18n import DEFAULT_LOCALE, gettext, reader_locale
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.settings import get_settings
from labels import (
    BarcodeTooSmall,
    CalibrationText,
    InvalidStartPosition,
    LabelContent,
    UnknownLayout,
    get_layout,
    render_calibration,
    render_labels,
)

MAX_LABELS = 2000

# The label stock of each layout of labels/layouts.py, as people choosing one read it.
LAYOUT_NAMES: dict[str, str] = {
    "a4-63x38": N_("A4 sheet, 21 labels of 63.5 × 38.1 mm (Avery L7160 and equivalents)"),
    "a4-38x21": N_("A4 sheet, 65 labels of 38.1 × 21.2 mm (Avery L7651 and equivalents)"),
    "roll-62x29": N_("Roll of 62 × 29 mm labels (Brother DK-11209)"),
    "roll-57x32": N_("Roll of 57 × 32 mm labels"),
}


async def device_labels(
    asset_tags: Sequence[str], layout: str, start_position: int = 1, locale: str = DEFAULT_LOCALE
) -> bytes:
    """A PDF of labels in the order given; every unknown tag is named and nothing is rendered.

    Printing does not change a device's stage: the `label` action records the label was stuck.
    """
    wanted = [tag.strip().upper() for tag in asset_tags]
    if not wanted:
        raise InvalidInput(N_("asset_tags must name at least one device"), field="asset_tags")
    if len(wanted) > MAX_LABELS:
        raise InvalidInput(
            Nn_(
                "at most %(max_labels)s label at once",
                "at most %(max_labels)s labels at once",
                "max_labels",
            ),
            values={"max_labels": MAX_LABELS},
            field="asset_tags",
        )
    found = {device.asset_tag: device for device in await service.get_devices(wanted)}
    unknown = [tag for tag in dict.fromkeys(wanted) if tag not in found]
    if unknown:
        raise InvalidInput(
            N_("unknown asset tags: %(asset_tags)s"),
            values={"asset_tags": ", ".join(unknown)},
            field="asset_tags",
            unknown_asset_tags=unknown,
        )
    settings = get_settings()
    contents = [
        LabelContent(
            asset_tag=tag,
            organisation=settings.org_name,
            line=settings.label_line,
            category=gettext("fr", found[tag].category),
            model=f"{found[tag].make} {found[tag].model}",
        )
        for tag in wanted
    ]
    try:
        # Up to MAX_LABELS labels on dozens of pages: a worker process draws them.
        title = gettext(locale, "Asset labels (%(layout)s)", layout=layout)
        return await offload(Work.PRINT_BATCH, render_labels, contents, layout, start_position, title=title)
    except InvalidStartPosition as error:
        raise InvalidInput(
            N_("start_position: %(error)s"), values={"error": str(error)}, field="start_position"
        ) from error
    except UnknownLayout as error:
        raise InvalidInput(N_("layout: %(error)s"), values={"error": str(error)}, field="layout") from error
    except BarcodeTooSmall as error:
        # A long prefix can make a tag too wide for the smallest labels.
        raise InvalidInput(
            N_("layout: %(error)s; choose a larger layout"), values={"error": str(error)}, field="layout"
        ) from error


# What a calibration page says (labels/ draws it, knowing no language).
CALIBRATION_WARNING = N_("Print at 100% / actual size — do not scale")
CALIBRATION_SHEET = N_(
    "%(layout)s: %(description)s. Each cross is 10 mm across; each outline should sit on a label."
)
CALIBRATION_ROLL = N_("%(layout)s; the cross is 10 mm across")


async def calibration_page(layout: str, locale: str = DEFAULT_LOCALE) -> bytes:
    """The layout's calibration page, its title and instructions in `locale` (the reader's)."""
    try:
        chosen = get_layout(layout)
    except UnknownLayout as error:
        raise InvalidInput(N_("layout: %(error)s"), values={"error": str(error)}, field="layout") from error
    title = gettext(locale, "Calibration page (%(layout)s)", layout=layout)
    if chosen.is_roll:
        details = gettext(locale, CALIBRATION_ROLL, layout=chosen.name)
    else:
        description = gettext(locale, LAYOUT_NAMES.get(chosen.name, chosen.description))
        details = gettext(locale, CALIBRATION_SHEET, layout=chosen.name, description=description)
    text = CalibrationText(gettext(locale, CALIBRATION_WARNING), details)
    return await offload(Work.DOCUMENT, render_calibration, chosen.name, title=title, text=text)


async def wipe_certificate_pdf(device: DeviceRow, wipe: WipeRow, override: str | None = None) -> bytes:
    """One wipe's certificate as a PDF, drawn in a worker thread (not on the event loop): the
    original report's digest and the verification address (text and QR code) on it. In the
    donor's language unless the download asks for another (`override`)."""
    settings = get_settings()
    locale = reader_locale(override, await donors.language_of(device.donor))
    digest = (await wipe_reports.report_digests([wipe.id])).get(wipe.id)
    return await offload(
        Work.DOCUMENT,
        render_wipe_certificate,
        device,
        wipe,
        organisation=settings.org_name,
        locale=locale,
        timezone=settings.timezone,
        report_sha256=digest,
        verification_url=wipe_reports.verification_url(device.asset_tag, wipe, digest),
    )


async def certificate_bundle_pdf(donor: str, batch: str | None, override: str | None = None) -> bytes:
    """Every certificate of a donor's batch after a summary page, drawn by a worker process, in
    the donor's language unless the download asks for another (`override`)."""
    settings = get_settings()
    locale = reader_locale(override, await donors.language_of(donor))
    summary, certificates = await wipe_reports.donor_batch(donor, batch)
    return await offload(
        Work.PRINT_BATCH,
        render_certificate_bundle,
        summary,
        certificates,
        organisation=settings.org_name,
        locale=locale,
        timezone=settings.timezone,
    )
