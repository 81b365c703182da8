"""How templates read the domains' enumerations: a kind's name → the domain's `Term` enum.

Display names and tones live on the enums themselves (inventory/terms.py); this module only
lets a template say `row.stage|label("stage")` for a value read from a row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inventory.accounts.roles import Role
from inventory.devices.certificate import STANDARDS
from inventory.devices.printing import LAYOUT_NAMES
from inventory.devices.stock_vocabulary import CountScan, CountStatus, Delimiter
from inventory.devices.vocabulary import (
    CORRECTABLE_FIELDS,
    Action,
    Activity,
    Category,
    ChecklistItem,
    CheckResult,
    RetireReason,
    Stage,
    StorageType,
    Verification,
    WipeMethod,
    WipeResult,
)
from inventory.i18n import LANGUAGE_NAMES
from inventory.loans.accessories import AccessoryKind
from inventory.loans.vocabulary import (
    Channel,
    LoanEventAction,
    LoanStatus,
    ReminderKind,
    ReminderStatus,
    ReservationStatus,
    ReturnCondition,
    SkipReason,
)
from inventory.reporting.exports import EXPORT_TITLES
from inventory.schools import service as schools
from inventory.schools import vocabulary as vouchers
from inventory.schools.vocabulary import RedemptionStatus, ReturnReason, VoucherEventAction, VoucherStatus
from inventory.sites.tables import SiteKind
from inventory.terms import Term
from inventory.web.language import N_, current_locale, translate

# Kinds, not one flat map: StrEnum members equal their strings ("other" is a category, a site
# kind and a retirement reason), so the template names which enumeration a value belongs to.
KINDS: dict[str, type[Term]] = {
    "stage": Stage,
    "action": Action,
    "activity": Activity,
    "category": Category,
    "wipe_method": WipeMethod,
    "verification": Verification,
    "wipe_result": WipeResult,
    "check": CheckResult,
    "checklist_item": ChecklistItem,
    "storage_type": StorageType,
    "retire_reason": RetireReason,
    "site_kind": SiteKind,
    "role": Role,
    "loan_status": LoanStatus,
    "return_condition": ReturnCondition,
    "reminder_kind": ReminderKind,
    "channel": Channel,
    "reminder_status": ReminderStatus,
    "skip_reason": SkipReason,
    "accessory": AccessoryKind,
    "reservation_status": ReservationStatus,
    "loan_event": LoanEventAction,
    "voucher_event": VoucherEventAction,
    "voucher_status": VoucherStatus,
    "redemption_status": RedemptionStatus,
    "school_return_reason": ReturnReason,
    "count_status": CountStatus,
    "count_scan": CountScan,
    "delimiter": Delimiter,
}
# Named things that are not enumerations: label stock, exports, languages (in their own words).
NAMED: dict[str, Mapping[str, str]] = {
    "label_layout": LAYOUT_NAMES,
    "export": EXPORT_TITLES,
    "language": LANGUAGE_NAMES,
    "wipe_standard": STANDARDS,
    # The flows of reporting.figures.FLOWS, as the dashboard's monthly chart names them.
    "flow": {
        "received": N_("Received"),
        "wiped": N_("Wiped"),
        "refurbished": N_("Refurbished"),
        "lent": N_("Lent"),
        "returned": N_("Returned"),
        "allocated": N_("Allocated to schools"),
        "retired": N_("Retired"),
    },
    # The views of the loan list (loans.listing.LoanView).
    "loan_view": {
        "active": N_("Active"),
        "due_soon": N_("Due within a week"),
        "overdue": N_("Overdue"),
        "returned": N_("Returned"),
        "lost": N_("Lost"),
    },
    "funding": {
        "donation": N_("Donation"),
        "voucher": N_("Bought with a voucher"),
    },
    # The fields a correction changes (devices.vocabulary.CORRECTABLE_FIELDS), as its history names them.
    "device_field": CORRECTABLE_FIELDS,
}

# Chart fills of the enums' tones (darker than the badges' backgrounds, readable on white).
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
    if kind in NAMED:
        if value is None or value == "":
            return ""
        message = NAMED[kind].get(str(value))
        return (message if kind == "language" else translate(message)) if message else str(value)
    return KINDS[kind].label_of(value, current_locale())


def choices(kind: str) -> list[tuple[str, str]]:
    """(value, translated name) pairs for a select or radio group, in the enumeration's order."""
    if kind in NAMED:
        return [(value, label(value, kind)) for value in NAMED[kind]]
    locale = current_locale()
    return [(member.value, member.label(locale)) for member in KINDS[kind]]


def tone(value: object, kind: str) -> str:
    """The colour of a value's badge; slate for a value without one."""
    member = KINDS[kind].read(value)
    return (member.tone if member is not None else "") or "slate"


def term(kind: str, value: object) -> Term | None:
    """The member a row's value names, so a template asks it (`term("loan_status", s).open`)
    instead of comparing the value with a string."""
    return KINDS[kind].read(value)


def can_redeem(voucher: Any) -> bool:
    """Whether the school may still ask for units of this voucher today (the domain's rule)."""

    def read(name: str) -> Any:
        return voucher[name] if isinstance(voucher, Mapping) else getattr(voucher, name)

    return vouchers.can_redeem(read("status"), read("remaining"), read("expires_on"), schools.today())


def stage_tone(stage: object) -> str:
    return tone(stage, "stage")


def status_tone(status: object) -> str:
    """Voucher and redemption statuses share one badge palette."""
    member = VoucherStatus.read(status) or RedemptionStatus.read(status)
    return (member.tone if member is not None else "") or "slate"


# Recorded values whose display name is one of the maps above, by the field that holds them.
_FIELD_KINDS = {"category": "category", "specs.storage_type": "storage_type"}


def field_value(field: str, value: object) -> str:
    """A device field's value as a correction's history shows it: named, numbered, or a dash."""
    if value is None or value == "":
        return "—"
    if field in _FIELD_KINDS:
        return label(value, _FIELD_KINDS[field])
    return str(value)
