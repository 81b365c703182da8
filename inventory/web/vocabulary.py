"""How the web UI names and colours the domain's enumerations: one map, spelled once."""

from __future__ import annotations

from inventory.accounts.roles import Role
from inventory.devices.vocabulary import (
    CATEGORY_NAMES,
    WIPE_METHOD_NAMES,
    Action,
    ChecklistItem,
    CheckResult,
    RetireReason,
    Stage,
    StorageType,
    Verification,
    WipeResult,
)
from inventory.loans.accessories import ACCESSORY_NAMES
from inventory.loans.vocabulary import (
    LOAN_EVENT_NAMES,
    REMINDER_STATUS_NAMES,
    RESERVATION_STATUS_NAMES,
    RETURN_CONDITION_NAMES,
    SKIP_REASON_NAMES,
)
from inventory.sites.tables import SiteKind
from inventory.web.language import N_, translate

# Display names by kind: StrEnum members equal their strings ("other" is a category, a site
# kind and a retirement reason), so one flat map would mix them up.
LABELS: dict[str, dict[str, str]] = {
    "stage": {
        Stage.RECEIVED: N_("Received"),
        Stage.WIPED: N_("Wiped"),
        Stage.REFURBISHED: N_("Refurbished"),
        Stage.AVAILABLE: N_("Available"),
        Stage.ON_LOAN: N_("On loan"),
        Stage.RETURNED: N_("Returned"),
        Stage.RESERVED: N_("Reserved"),
        Stage.ALLOCATED: N_("Allocated"),
        Stage.IN_REPAIR: N_("In repair"),
        Stage.RETIRED: N_("Retired"),
        Stage.LOST: N_("Lost"),
    },
    "action": {
        Action.WIPE: N_("Wipe"),
        Action.REFURBISH: N_("Refurbish"),
        Action.LABEL: N_("Confirm label"),
        Action.LEND: N_("Lend"),
        Action.RETURN: N_("Return"),
        Action.RESERVE: N_("Reserve"),
        Action.UNRESERVE: N_("Unreserve"),
        Action.HAND_OVER: N_("Hand over"),
        Action.SEND_TO_REPAIR: N_("Send to repair"),
        Action.FINISH_REPAIR: N_("Finish repair"),
        Action.RETIRE: N_("Retire"),
        Action.REPORT_LOST: N_("Report lost"),
        Action.TRANSFER: N_("Transfer"),
        Action.RECEIVE_TRANSFER: N_("Receive transfer"),
        Action.CANCEL_TRANSFER: N_("Cancel transfer"),
        Action.FOUND: N_("Found"),
        Action.INTAKE: N_("Intake"),
    },
    "category": dict(CATEGORY_NAMES),
    "wipe_method": dict(WIPE_METHOD_NAMES),
    "verification": {
        Verification.NONE: N_("No verification"),
        Verification.LAST_PASS: N_("Last pass verified"),
        Verification.ALL_PASSES: N_("All passes verified"),
    },
    "wipe_result": {
        WipeResult.PASSED: N_("Passed"),
        WipeResult.FAILED: N_("Failed"),
    },
    "check": {
        CheckResult.PASS: N_("Pass"),
        CheckResult.FAIL: N_("Fail"),
        CheckResult.NOT_APPLICABLE: N_("N/A"),
    },
    "checklist_item": {
        ChecklistItem.POWER: N_("Power"),
        ChecklistItem.BATTERY: N_("Battery"),
        ChecklistItem.SCREEN: N_("Screen"),
        ChecklistItem.KEYBOARD: N_("Keyboard"),
        ChecklistItem.POINTING_DEVICE: N_("Pointing device"),
        ChecklistItem.PORTS: N_("Ports"),
        ChecklistItem.WIFI: N_("Wi-Fi"),
        ChecklistItem.CAMERA: N_("Camera"),
        ChecklistItem.AUDIO: N_("Audio"),
        ChecklistItem.CHARGER: N_("Charger"),
    },
    "storage_type": {
        StorageType.HDD: N_("Hard disk (HDD)"),
        StorageType.SSD: N_("SSD"),
        StorageType.NVME: N_("NVMe SSD"),
        StorageType.EMMC: N_("eMMC"),
        StorageType.FLASH: N_("Flash"),
        StorageType.NONE: N_("No storage"),
    },
    "retire_reason": {
        RetireReason.RECYCLED: N_("Recycled"),
        RetireReason.PARTS: N_("Used for parts"),
        RetireReason.BEYOND_REPAIR: N_("Beyond repair"),
        RetireReason.OTHER: N_("Other reason"),
    },
    "site_kind": {
        SiteKind.WORKSHOP: N_("Workshop"),
        SiteKind.ANTENNA: N_("Social antenna"),
        SiteKind.DIGITAL_SPACE: N_("Digital public space"),
        SiteKind.BUS: N_("Mobile bus"),
        SiteKind.REST_HOME: N_("Rest home"),
        SiteKind.SCHOOL: N_("School"),
        SiteKind.OTHER: N_("Other site"),
    },
    "role": {
        Role.TECHNICIAN: N_("Technician"),
        Role.SOCIAL_WORKER: N_("Social worker"),
        Role.SCHOOL: N_("School staff"),
        Role.ADMIN: N_("Coordinator"),
    },
}

# The flows of reporting.figures.FLOWS, as the dashboard's monthly chart names them.
LABELS["flow"] = {
    "received": N_("Received"),
    "wiped": N_("Wiped"),
    "refurbished": N_("Refurbished"),
    "lent": N_("Lent"),
    "returned": N_("Returned"),
    "allocated": N_("Allocated to schools"),
    "retired": N_("Retired"),
}

LABELS["label_layout"] = {
    "a4-63x38": N_("A4 sheet, 21 labels of 63.5 × 38.1 mm (Avery L7160 and equivalents)"),
    "a4-38x21": N_("A4 sheet, 65 labels of 38.1 × 21.2 mm (Avery L7651 and equivalents)"),
    "roll-62x29": N_("Roll of 62 × 29 mm labels (Brother DK-11209)"),
    "roll-57x32": N_("Roll of 57 × 32 mm labels"),
}

LABELS["language"] = {"fr": "Français", "nl": "Nederlands", "en": "English"}
LABELS["funding"] = {
    "donation": N_("Donation"),
    "voucher": N_("Bought with a voucher"),
}
# The views of the loan list (loans.listing.LoanView).
LABELS["loan_view"] = {
    "active": N_("Active"),
    "due_soon": N_("Due within a week"),
    "overdue": N_("Overdue"),
    "returned": N_("Returned"),
    "lost": N_("Lost"),
}
LABELS["loan_status"] = {
    "active": N_("Active"),
    "returned": N_("Returned"),
    "lost": N_("Lost"),
}
LABELS["return_condition"] = dict(RETURN_CONDITION_NAMES)
LABELS["reminder_kind"] = {
    "before_due": N_("Before the due date"),
    "due_day": N_("On the due date"),
    "after_due": N_("After the due date"),
    "escalation": N_("Escalation"),
    "decision": N_("Decision to take"),
}
LABELS["channel"] = {
    "email": N_("E-mail"),
    "sms": N_("SMS"),
    "letter": N_("Letter"),
    "worklist": N_("Worklist"),
}
LABELS["reminder_status"] = dict(REMINDER_STATUS_NAMES)
LABELS["skip_reason"] = dict(SKIP_REASON_NAMES)
LABELS["accessory"] = dict(ACCESSORY_NAMES)
LABELS["reservation_status"] = dict(RESERVATION_STATUS_NAMES)
LABELS["loan_event"] = dict(LOAN_EVENT_NAMES)
LABELS["voucher_status"] = {
    "issued": N_("Issued"),
    "partially_redeemed": N_("Partly used"),
    "redeemed": N_("Fully used"),
    "expired": N_("Expired"),
    "cancelled": N_("Cancelled"),
}
LABELS["redemption_status"] = {
    "requested": N_("Requested"),
    "handed_over": N_("Handed over"),
    "registered": N_("Registered"),
    "cancelled": N_("Cancelled"),
}
LABELS["school_return_reason"] = {
    "broken": N_("Broken"),
    "not_needed": N_("No longer needed"),
    "other": N_("Other reason"),
}
# The separator of a CSV file, as the import's dry run names it.
LABELS["delimiter"] = {
    ";": N_("semicolon"),
    ",": N_("comma"),
    "\t": N_("tab"),
}
# The CSV exports (inventory/operations/exports.py), as their download links name them.
LABELS["export"] = {
    "devices": N_("Devices"),
    "events": N_("Device history"),
    "wipes": N_("Wipes and certificates"),
    "sites": N_("Sites"),
    "stock-counts": N_("Stock-takes"),
    "imports": N_("Spreadsheet imports"),
    "loans": N_("Loans"),
    "beneficiaries": N_("Beneficiaries"),
    "schools": N_("Schools"),
    "programmes": N_("Programmes"),
    "vouchers": N_("Vouchers"),
    "redemptions": N_("School requests"),
    "equipment": N_("School equipment"),
}
LABELS["count_status"] = {
    "open": N_("Open"),
    "closed": N_("Closed"),
}
# What one scan of a stock count did, as the scan station names it.
LABELS["count_scan"] = {
    "found": N_("Counted"),
    "already_counted": N_("Already counted"),
    "misplaced": N_("Misplaced"),
    "off_shelf": N_("Off the shelf"),
    "unknown": N_("Unknown code"),
    "ambiguous": N_("Several devices"),
    "closed": N_("Count closed"),
}
# Colours of those scans: ok (green), info (blue), warn (amber), refused (red).
COUNT_SCAN_TONES: dict[str, str] = {
    "found": "ok",
    "already_counted": "info",
    "misplaced": "warn",
    "off_shelf": "warn",
    "unknown": "refused",
    "ambiguous": "refused",
    "closed": "refused",
}
# Badge tones of voucher and redemption statuses.
STATUS_TONES: dict[str, str] = {
    "issued": "blue",
    "partially_redeemed": "indigo",
    "redeemed": "green",
    "expired": "grey",
    "cancelled": "grey",
    "requested": "amber",
    "handed_over": "green",
    "registered": "teal",
}

# Stage colours: a CSS modifier per stage (badges and chart bars), each with AA contrast.
STAGE_TONES: dict[Stage, str] = {
    Stage.RECEIVED: "slate",
    Stage.WIPED: "blue",
    Stage.REFURBISHED: "violet",
    Stage.AVAILABLE: "green",
    Stage.ON_LOAN: "amber",
    Stage.RETURNED: "teal",
    Stage.RESERVED: "indigo",
    Stage.ALLOCATED: "cyan",
    Stage.IN_REPAIR: "orange",
    Stage.RETIRED: "grey",
    Stage.LOST: "red",
}

# Chart fills matching STAGE_TONES (darker than the badges' backgrounds, readable on white).
TONE_FILLS: dict[str, str] = {
    "slate": "#475569",
    "blue": "#1d4ed8",
    "violet": "#6d28d9",
    "green": "#15803d",
    "amber": "#b45309",
    "teal": "#0f766e",
    "indigo": "#4338ca",
    "cyan": "#0e7490",
    "orange": "#c2410c",
    "grey": "#57534e",
    "red": "#b91c1c",
}


def label(value: object, kind: str) -> str:
    """The translated display name of an enumeration value; unknown values show as they are."""
    if value is None or value == "":
        return ""
    message = LABELS[kind].get(str(value))
    return translate(message) if message else str(value)


def choices(kind: str) -> list[tuple[str, str]]:
    """(value, translated name) pairs for a select or radio group, in the enumeration's order."""
    return [(value, translate(message)) for value, message in LABELS[kind].items()]


def status_tone(status: object) -> str:
    return STATUS_TONES.get(str(status), "slate")


def stage_tone(stage: object) -> str:
    try:
        return STAGE_TONES[Stage(str(stage))]
    except ValueError:
        return "slate"
