"""What the import and stock-take pages show: a delivery's shared values from a form, the file
carried from the dry run to the import, and how each stock-take scan is shown and tallied."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from inventory.devices import service as devices
from inventory.devices.importing import FIELD_LABELS, MAX_FILE_BYTES, Defaults
from inventory.devices.imports import digest
from inventory.devices.stock_schemas import CountOut, CountResult, ScanOutcome
from inventory.devices.stock_vocabulary import CountScan, Finding, Reason, ScanStatus
from inventory.devices.vocabulary import Action, Category
from inventory.errors import DomainError, InvalidInput, NotFound
from inventory.web import workshop
from inventory.web.forms import count_of
from inventory.web.language import N_, gettext, translate
from inventory.web.vocabulary import label

# The confirm form carries the file as base64, a third longer than the file itself.
CARRIED_FILE_CHARS = 4 * -(-MAX_FILE_BYTES // 3)
FORM_OVERHEAD_BYTES = 64 * 1024

# Tally boxes of the stock-take scan station, in the order shown.
TALLY_KINDS = (
    Finding.FOUND,
    ScanStatus.ALREADY_COUNTED,
    Finding.MISPLACED,
    Finding.OFF_SHELF,
    ScanStatus.UNKNOWN,
)
COUNT_CLOSED = "closed"
UPLOAD_LIMIT_MB = MAX_FILE_BYTES // 1_048_576
FILE_TOO_LARGE = N_(
    "This file is larger than %(limit)s MB, the most an import takes. Save only the sheet of the"
    " delivery as CSV, or split it into several files."
)


class ImportOptions(Struct):
    """What a delivery's rows share, for cells left empty or columns the file lacks."""

    category: Category | None = None
    donor: Annotated[str, Meta(max_length=200)] = ""
    batch: Annotated[str, Meta(max_length=100)] = ""
    site: Annotated[str, Meta(max_length=40)] | None = None

    def defaults(self) -> Defaults:
        return Defaults(
            category=self.category, donor=self.donor.strip(), batch=self.batch.strip(), site=self.site or None
        )

    def fields(self) -> list[tuple[str, str]]:
        """The options as hidden fields of the confirm form."""
        return [(name, str(value)) for name, value in msgspec.structs.asdict(self).items() if value]


def too_large() -> str:
    """Why a file was refused before it was read, in the technician's language."""
    return gettext(FILE_TOO_LARGE, limit=UPLOAD_LIMIT_MB)


def upload_limit() -> dict[str, object]:
    """The import form's size limit: said in its hint, checked before sending where scripts run."""
    return {"megabytes": UPLOAD_LIMIT_MB, "bytes": MAX_FILE_BYTES, "refusal": too_large()}


def upload_name(name: object) -> str:
    """The file's own name, without any folder a browser may send along."""
    return PurePosixPath(str(name or "").replace("\\", "/")).name[:200]


def carry(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


def carried(text: object, sha256: object) -> bytes | None:
    """The file the dry run checked, back from the confirm form; None unless it is that very file."""
    try:
        content = base64.b64decode(str(text or ""), validate=True)
    except (binascii.Error, ValueError):
        return None
    return content if content and digest(content) == str(sha256 or "") else None


def field_label(field: str | None) -> str:
    """How the import names a field to a person (its own catalogue translates the names)."""
    return translate(FIELD_LABELS.get(field, field)) if field else ""


# Stock-taking


COUNT_CLOSED_TEXT = N_("This count is closed: it takes no more scans.")


def scan_result(outcome: ScanOutcome) -> dict[str, Any]:
    """One scan as the log shows it: the tally box it counts in, its tone and the backend's message."""
    kind: ScanStatus | Finding
    shown: ScanStatus | Finding
    if outcome.status in (ScanStatus.UNKNOWN, ScanStatus.AMBIGUOUS):
        kind = shown = outcome.status
    elif outcome.status == ScanStatus.ALREADY_COUNTED:
        # Tallied once, but a misplaced device scanned again still shows as misplaced.
        kind = ScanStatus.ALREADY_COUNTED
        shown = outcome.finding if outcome.finding in (Finding.MISPLACED, Finding.OFF_SHELF) else kind
    else:
        kind = shown = outcome.finding or Finding.FOUND
    return _logged(kind, shown, outcome.code, outcome.message, outcome.device)


def closed_result(code: str) -> dict[str, Any]:
    return _logged(COUNT_CLOSED, COUNT_CLOSED, code, gettext(COUNT_CLOSED_TEXT), None)


def _logged(kind: str, shown: str, code: str, message: str, device: object) -> dict[str, Any]:
    return {
        "kind": str(kind),
        "tone": CountScan(str(shown)).tone,
        "title": label(shown, "count_scan"),
        "code": code,
        "message": message,
        "device": device,
    }


def tally_counts(values: Mapping[str, Any]) -> dict[str, int]:
    """This station's tally so far, carried by the scan form."""
    return {kind.value: count_of(values.get(kind.value)) for kind in TALLY_KINDS}


def tally(counts: Mapping[str, int]) -> list[tuple[str, int, str, str]]:
    """(field, count, text, tone) of each tally box."""
    return [
        (kind.value, counts.get(kind.value, 0), label(kind, "count_scan"), CountScan(str(kind)).tone)
        for kind in TALLY_KINDS
    ]


def progress(count: CountOut) -> str:
    """The whole count so far, every station's scans together (the tally is this station's)."""
    return gettext(
        "Whole count, all stations together — devices: %(devices)s · unknown codes: %(unknown)s",
        devices=count.scanned,
        unknown=count.unknown,
    )


async def registered_at(asset_tag: str, site: str) -> bool:
    """Whether the device is registered at the site now, not on its way there or elsewhere."""
    try:
        current = await devices.get_device(asset_tag)
    except NotFound:
        return False
    return current.site_code == site and current.transfer_to_code is None


async def moved_here(result: CountResult) -> set[str]:
    """The misplaced devices of a count registered at its site by now (moved here since)."""
    return {
        device.asset_tag for device in result.misplaced if await registered_at(device.asset_tag, result.site)
    }


def already_here(error: DomainError) -> bool:
    """A move refused because the device is registered at the count's site already (a second click)."""
    return error.reason == Reason.ALREADY_HERE


async def move_refusal(error: DomainError, asset_tag: str) -> str:
    """Why a device cannot be moved to the count's site, in the technician's language."""
    if isinstance(error, InvalidInput) and error.fields.get("field") == "asset_tag":
        return gettext("%(tag)s was not scanned in this count.", tag=asset_tag)
    return await workshop.refusal(error, Action.TRANSFER, asset_tag)
