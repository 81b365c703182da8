"""Enumerations of schools and vouchers, shared by tables, schemas, documents and services."""

from enum import StrEnum


class VoucherStatus(StrEnum):
    ISSUED = "issued"
    PARTIALLY_REDEEMED = "partially_redeemed"
    REDEEMED = "redeemed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


# Statuses whose units can still be asked for (the expiry date is checked separately).
REDEEMABLE = (VoucherStatus.ISSUED, VoucherStatus.PARTIALLY_REDEEMED)
# Statuses that follow from what remains; expired and cancelled are decisions, not counts.
COUNTED = (VoucherStatus.ISSUED, VoucherStatus.PARTIALLY_REDEEMED, VoucherStatus.REDEEMED)


class RedemptionKind(StrEnum):
    # Devices from the programme's refurbished stock, reserved and handed over by the workshop.
    WORKSHOP = "workshop"
    # Equipment the school bought itself with the voucher, registered as its own devices.
    PURCHASE = "purchase"


class RedemptionStatus(StrEnum):
    REQUESTED = "requested"
    HANDED_OVER = "handed_over"
    REGISTERED = "registered"
    CANCELLED = "cancelled"


class ReturnReason(StrEnum):
    """Why a school gives back a device it was allocated."""

    BROKEN = "broken"
    NOT_NEEDED = "not_needed"
    OTHER = "other"


def counted_status(quantity: int, remaining: int) -> VoucherStatus:
    """The status a voucher in use has once `remaining` of its `quantity` units are left."""
    if remaining >= quantity:
        return VoucherStatus.ISSUED
    if remaining <= 0:
        return VoucherStatus.REDEEMED
    return VoucherStatus.PARTIALLY_REDEEMED
