"""The workshop actions a web form or a batch scan can apply, each through the devices service.

Each action takes the same msgspec struct as its API endpoint, so a form is validated exactly
as a JSON body would be, and calls the same service function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec
from msgspec import Struct

from inventory.accounts.service import CurrentUser
from inventory.devices import printing
from inventory.devices import service as devices
from inventory.devices.rows import EventRow
from inventory.devices.schemas import (
    DeviceCorrection,
    DeviceIntake,
    DeviceOut,
)
from inventory.devices.tags import asset_tag
from inventory.devices.vocabulary import Action, WipeResult
from inventory.errors import ActionNotAllowed, DomainError, InvalidInput, NotFound
from inventory.settings import get_settings
from inventory.web.forms import REQUIRED, Invalid, Parsed, Valid, parse
from inventory.web.language import N_, current_locale, gettext, said
from inventory.web.vocabulary import label
from labels import LAYOUTS, Layout

# The same pairs as the API's action endpoints: (body struct, service call).
ACTIONS = devices.WORKSHOP_ACTION_HANDLERS


# Fields the API leaves optional but a technician's form asks for: a certificate printed from
# the form then always says when the wipe started and ended. The form pre-fills them with now.
FORM_REQUIRED: dict[Action, tuple[str, ...]] = {Action.WIPE: ("started_at", "finished_at")}


def form_defaults(action: Action) -> dict[str, str]:
    """What a fresh form of `action` starts with: the required times set to now, local time."""
    now = devices.now().astimezone(get_settings().tz).strftime("%Y-%m-%dT%H:%M")
    return {name: now for name in FORM_REQUIRED.get(action, ())}


def missing_required(action: Action, values: dict) -> dict[str, str]:
    """The form-only required fields left empty, each with its message."""
    return {
        name: gettext(REQUIRED)
        for name in FORM_REQUIRED.get(action, ())
        if not str(values.get(name) or "").strip()
    }


# The workshop's way forward, in order: the one of these a device allows is its next step.
FORWARD = (
    Action.RECEIVE_TRANSFER,
    Action.FOUND,
    Action.WIPE,
    Action.REFURBISH,
    Action.LABEL,
    Action.FINISH_REPAIR,
)


# Workshop actions that cannot be undone ask before they are applied (data-confirm).
CONFIRMATIONS: dict[Action, str] = {
    Action.RETIRE: N_(
        "Retire %(tag)s for good? It leaves the stock and can never be lent, handed over or labelled again."
    ),
}


# A batch applies its action at each scan, with no question in between: an action that cannot
# be undone asks once, as the batch starts.
BATCH_CONFIRMATIONS: dict[Action, str] = {
    Action.RETIRE: N_(
        "Retire every device you scan in this batch for good? Each one leaves the stock as it is scanned"
        " and can never be lent, handed over or labelled again."
    ),
}


def batch_confirm_question(action: Action) -> str:
    """The question asked before a batch of `action` starts, or "" for an action that needs none."""
    question = BATCH_CONFIRMATIONS.get(action)
    return gettext(question) if question else ""


def confirm_question(action: Action, tag: str) -> str:
    """The question asked before `action` is applied to `tag`, or "" for an action that needs none."""
    question = CONFIRMATIONS.get(action)
    return gettext(question, tag=tag) if question else ""


def is_failed_wipe(event: EventRow | None) -> bool:
    """Whether `event` records a failed wipe (the device then stays where it was)."""
    if event is None:
        return False
    return event.action == Action.WIPE and event.details.get("result") == WipeResult.FAILED


# A batch sends back the asset tags it has done (a hidden field of its tally), so a device
# scanned twice reads "already done" rather than "refused". Beyond this many, the oldest go.
BATCH_MEMORY = 2000


def batch_done(value: object) -> list[str]:
    """The asset tags a batch has done so far, as its form carries them."""
    return str(value or "").split()[-BATCH_MEMORY:]


def next_step(allowed: list[Action]) -> Action | None:
    """The action that moves the device on, shown first and largest; None for a finished one."""
    return next((action for action in FORWARD if action in allowed), None)


def workshop_actions(allowed: list[Action]) -> list[Action]:
    """The allowed actions a technician triggers from the scan station (not loans or schools')."""
    return [action for action in allowed if action in ACTIONS]


async def apply(tag: str, action: Action, body: Struct, actor: CurrentUser) -> devices.Transition:
    _, call = ACTIONS[action]
    return await call(tag, body, actor)


async def intake(body: DeviceIntake, actor: CurrentUser) -> devices.Transition:
    return await devices.intake(body, actor)


# The correction form shows every field: one left empty clears it (None for the optional codes,
# "" for the texts); category, make and model cannot be emptied.
_CLEARED_AS_NONE = ("serial_number", "donor_ref")
_CLEARED_AS_EMPTY = ("donor", "batch", "notes")
_KEPT_REQUIRED = ("category", "make", "model")


def correction_form(device: DeviceOut) -> dict[str, Any]:
    """The correction form's starting values: what is recorded now, and the version read."""
    values: dict[str, Any] = {
        "category": device.category,
        "make": device.make,
        "model": device.model,
        "serial_number": device.serial_number or "",
        "donor": device.donor,
        "donor_ref": device.donor_ref or "",
        "batch": device.batch,
        "notes": device.notes,
        "version": str(device.version),
    }
    for key, value in (device.specs or {}).items():
        values[f"specs.{key}"] = "" if value is None else str(value)
    return values


def parse_correction(values: Mapping[str, Any]) -> Parsed[DeviceCorrection]:
    """The correction the form describes, validated by the API's own struct, or each field's error."""
    parsed = parse(DeviceCorrection, values)
    errors = dict(parsed.errors)
    for name in _KEPT_REQUIRED:
        if not str(values.get(name) or "").strip():
            errors[name] = gettext(REQUIRED)
    if errors or parsed.value is None:
        return Invalid(errors)
    cleared: dict[str, Any] = {}
    for name in (*_CLEARED_AS_NONE, *_CLEARED_AS_EMPTY):
        if name in values and not str(values.get(name) or "").strip():
            cleared[name] = None if name in _CLEARED_AS_NONE else ""
    has_specs_fields = any(key.startswith("specs.") for key in values)
    if has_specs_fields and parsed.value.specs is msgspec.UNSET:
        cleared["specs"] = None
    return Valid(msgspec.structs.replace(parsed.value, **cleared))


def form_version(values: Mapping[str, Any]) -> int | None:
    """The device version the form was opened at (its If-Match), if it carries a sound one."""
    version = str(values.get("version") or "").strip()
    return int(version) if version.isdigit() and len(version) <= 12 else None


async def refusal(
    error: DomainError, action: Action | None = None, tag: str | None = None, *, workshop: bool = True
) -> str:
    """What a technician reads when a scan or form is refused, in their language."""
    if isinstance(error, NotFound):
        return gettext("Unknown code: no device has this asset tag, serial number or donor reference.")
    if isinstance(error, ActionNotAllowed) and error.reason == "version_changed":
        return gettext(
            "Someone changed this device since you opened the form: check its details and try again."
        )
    if isinstance(error, ActionNotAllowed):
        stage = ""
        if tag:
            try:
                stage = label((await devices.get_device(tag)).stage, "stage")
            except NotFound:
                stage = ""
        allowed = ", ".join(
            label(a, "action") for a in workshop_actions([Action(a) for a in error.allowed_actions])
        )
        message = gettext("%(action)s is not possible now.", action=label(action, "action") if action else "")
        if stage:
            message += " " + gettext("The device is: %(stage)s.", stage=stage)
        if error.reason:
            # The domain's reason, in its one sentence (the generic refusal is said above).
            message += " " + said(error)
        if allowed and workshop:
            message += " " + gettext("Possible: %(actions)s.", actions=allowed)
        return message
    if isinstance(error, InvalidInput) and error.fields.get("field") == "site":
        return gettext("Unknown site.")
    unknown_tags = error.fields.get("unknown_asset_tags") if isinstance(error, InvalidInput) else None
    if isinstance(unknown_tags, list) and unknown_tags:
        return gettext("Unknown asset tags: %(tags)s.", tags=", ".join(unknown_tags))
    if isinstance(error, InvalidInput) and error.fields.get("field") == "asset_tags":
        return gettext("Choose or scan at least one device, and at most 2,000.")
    if isinstance(error, InvalidInput) and error.fields.get("field") == "start_position":
        return gettext("This position does not exist on the chosen labels.")
    return said(error)


def label_layouts() -> list[Layout]:
    return list(LAYOUTS.values())


async def label_sheet(asset_tags: list[str], layout: str, start_position: int) -> bytes:
    """The labels PDF, drawn by the same function as POST /api/v1/labels.

    A tag ticked and also typed is printed once: on a form, that is a slip, not a request.
    """
    tags = list(dict.fromkeys(tag.strip().upper() for tag in asset_tags if tag.strip()))
    return await printing.device_labels(tags, layout, start_position, current_locale())


_ASSET_TAG = re.compile(r"^([A-Z0-9]{1,10})-(\d{6,9})$")


def _numbers(first: object, last: object) -> tuple[str, int, int] | None:
    """The prefix and numbers of a run of asset tags, or None if the two tags do not make one."""
    start, stop = (_ASSET_TAG.match(str(tag or "").strip().upper()) for tag in (first, last))
    if not start or not stop or start[1] != stop[1] or int(start[2]) > int(stop[2]):
        return None
    return start[1], int(start[2]), int(stop[2])


def tag_range(first: object, last: object) -> list[str]:
    """Every asset tag from `first` to `last` (a device import's tags are consecutive); empty
    when they are not a run of one prefix, or a longer one than a label sheet takes at once."""
    numbers = _numbers(first, last)
    if numbers is None or numbers[2] - numbers[1] >= printing.MAX_LABELS:
        return []
    prefix, start, stop = numbers
    return [asset_tag(number, prefix) for number in range(start, stop + 1)]


def label_runs(first: object, last: object) -> list[tuple[str, str]]:
    """A run of asset tags cut into pieces that one label print takes."""
    numbers = _numbers(first, last)
    if numbers is None:
        return []
    prefix, start, stop = numbers
    return [
        (asset_tag(number, prefix), asset_tag(min(number + printing.MAX_LABELS - 1, stop), prefix))
        for number in range(start, stop + 1, printing.MAX_LABELS)
    ]


async def calibration_page(layout: str) -> bytes:
    return await printing.calibration_page(layout, current_locale())
