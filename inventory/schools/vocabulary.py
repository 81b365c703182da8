"""Enumerations of schools and vouchers, shared by tables, schemas, documents and services."""

from datetime import date
from enum import StrEnum

from inventory.errors import N_
from inventory.terms import Term


class VoucherStatus(Term):
    ISSUED = "issued", N_("Issued"), "blue"
    PARTIALLY_REDEEMED = "partially_redeemed", N_("Partly used"), "indigo"
    REDEEMED = "redeemed", N_("Fully used"), "green"
    EXPIRED = "expired", N_("Expired"), "grey"
    CANCELLED = "cancelled", N_("Cancelled"), "grey"


class VoucherEventAction(Term):
    """A line of a voucher's history (the `voucher_event` table)."""

    ISSUE = "issue", N_("Issued")
    EXTEND = "extend", N_("Expiry date moved")
    CANCEL = "cancel", N_("Cancelled")


# Statuses whose units can still be asked for (the expiry date is checked separately).
REDEEMABLE = (VoucherStatus.ISSUED, VoucherStatus.PARTIALLY_REDEEMED)


def can_redeem(status: str, remaining: int, expires_on: date, today: date) -> bool:
    """Whether a school may still ask for units of a voucher: the rule `take_units` applies
    in its conditional update (units left, a redeemable status, not past its expiry date)."""
    return remaining > 0 and status in REDEEMABLE and expires_on >= today


# Statuses that follow from what remains; expired and cancelled are decisions, not counts.
COUNTED = (VoucherStatus.ISSUED, VoucherStatus.PARTIALLY_REDEEMED, VoucherStatus.REDEEMED)


class RedemptionKind(StrEnum):
    # Devices from the programme's refurbished stock, reserved and handed over by the workshop.
    WORKSHOP = "workshop"
    # Equipment the school bought itself with the voucher, registered as its own devices.
    PURCHASE = "purchase"


class RedemptionStatus(Term):
    REQUESTED = "requested", N_("Requested"), "amber"
    HANDED_OVER = "handed_over", N_("Handed over"), "green"
    REGISTERED = "registered", N_("Registered"), "teal"
    CANCELLED = "cancelled", N_("Cancelled"), "grey"

    @property
    def open(self) -> bool:
        """Still being prepared: devices may be reserved for it, and the school may withdraw it."""
        return self is RedemptionStatus.REQUESTED

    @property
    def delivered(self) -> bool:
        """Handed over to the school, with a delivery note."""
        return self is RedemptionStatus.HANDED_OVER


class ReturnReason(Term):
    """Why a school gives back a device it was allocated."""

    BROKEN = "broken", N_("Broken")
    NOT_NEEDED = "not_needed", N_("No longer needed")
    OTHER = "other", N_("Other reason")


def counted_status(quantity: int, remaining: int) -> VoucherStatus:
    """The status a voucher in use has once `remaining` of its `quantity` units are left."""
    if remaining >= quantity:
        return VoucherStatus.ISSUED
    if remaining <= 0:
        return VoucherStatus.REDEEMED
    return VoucherStatus.PARTIALLY_REDEEMED


class Reason(Term):
    """Why the schools domain refuses something: the code callers match on, and the one
    sentence people read (the API's detail, translated on pages)."""

    VOUCHER_CANCELLED = "voucher_cancelled", N_("Voucher %(code)s was cancelled.")
    VOUCHER_EXPIRED = "voucher_expired", N_("Voucher %(code)s expired on %(expires_on)s.")
    VOUCHER_REDEEMED = "voucher_redeemed", N_("Voucher %(code)s is fully redeemed.")
    VOUCHER_CHANGED = (
        "voucher_changed",
        N_("Voucher %(code)s was changed by someone else meanwhile: look at it again before changing it."),
    )
    NOT_ENOUGH_LEFT = (
        "not_enough_left",
        N_(
            "Voucher %(code)s does not have that many devices left: "
            "%(quantity)s asked for, %(remaining)s left."
        ),
    )
    NO_REDEMPTION = "no_redemption", N_("No school request %(redemption_id)s.")
    WRONG_CATEGORY = (
        "wrong_category",
        N_("Device %(asset_tag)s is not of the category the voucher is for."),
    )
    SCHOOL_OWNED = (
        "school_owned",
        N_("Device %(asset_tag)s belongs to a school, not to the programme's stock."),
    )
    CATEGORY_BOUND = (
        "category_bound",
        N_(
            "Device %(asset_tag)s is on request %(redemption_id)s of voucher %(code)s, which is "
            "for one category of devices only: its category cannot change while the school has "
            "it or it is reserved."
        ),
    )
    FULLY_RESERVED = "fully_reserved", N_("Every device of this request is already reserved.")
