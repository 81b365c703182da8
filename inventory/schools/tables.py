"""Schools, programmes, vouchers, redemptions and the devices each redemption reserved."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category
from inventory.i18n import Language
from inventory.schools.vocabulary import RedemptionKind, RedemptionStatus, VoucherEventAction, VoucherStatus


class School(Table):
    """A school; its users have the `school` role and its id. Vouchers and redemptions keep
    their school, so references restrict deletion rather than cascade."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    name = Varchar(length=200)
    # The school's number in the Fédération Wallonie-Bruxelles administration (FASE).
    fase_number = Varchar(length=20, unique=True)
    address = Varchar(length=300, default="")
    contact_email = Varchar(length=254, default="")
    # The language of its vouchers and delivery notes.
    language = Varchar(length=2, choices=Language, default=Language.FR)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Programme(Table):
    """A funder's plan that gives vouchers to schools (e.g. a recovery plan for 150 schools)."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    name = Varchar(length=200)
    funder = Varchar(length=200, default="")
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class VoucherBatch(Table, tablename="voucher_batch"):
    """Vouchers issued together, one per school of a list, printed as one PDF for posting."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    programme = ForeignKey(references=Programme, on_delete=OnDelete.restrict, null=False)
    quantity = Integer()
    category = Varchar(length=20, choices=Category, null=True, default=None)
    expires_on = Date()
    size = Integer()
    issued_at = Timestamptz()
    issued_by = Varchar(length=64)


class Voucher(Table):
    # Compact form: 12 characters without dashes; the printed form is computed.
    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    code = Varchar(length=16, unique=True)
    programme = ForeignKey(references=Programme, on_delete=OnDelete.restrict, null=False, index=True)
    school = ForeignKey(references=School, on_delete=OnDelete.restrict, null=False, index=True)
    # Indexed by the raw migration: Piccolo would name the index voucher_batch, like the table.
    batch = ForeignKey(references=VoucherBatch, on_delete=OnDelete.restrict, null=True, default=None)
    quantity = Integer()
    # Units not yet asked for. Redemptions decrement it when they are requested, with a
    # conditional update, so racing requests can never take more than is left.
    remaining = Integer()
    category = Varchar(length=20, choices=Category, null=True, default=None)
    expires_on = Date()
    status = Varchar(length=20, choices=VoucherStatus, default=VoucherStatus.ISSUED, index=True)
    issued_at = Timestamptz()
    issued_by = Varchar(length=64)
    cancelled_at = Timestamptz(null=True, default=None)
    cancelled_by = Varchar(length=64, default="")
    cancel_reason = Text(default="")
    updated_at = Timestamptz()
    # Counts the voucher's history (one per voucher_event): a client's If-Match names the
    # history it saw, so of two coordinators acting on the same voucher exactly one acts.
    # Requests taking units do not change it.
    version = Integer(default=1)


class VoucherEvent(Table, tablename="voucher_event"):
    """A voucher's history, append-only: issued, expiry date moved, cancelled (who, when, what)."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    voucher = ForeignKey(references=Voucher, on_delete=OnDelete.restrict, null=False, index=True)
    action = Varchar(length=20, choices=VoucherEventAction)
    actor = Varchar(length=64, default="")
    actor_id = Integer(null=True, default=None)
    at = Timestamptz()
    # {"before": {...}, "after": {...}} for a new expiry date; {"reason": ...} for a cancellation.
    data = JSON(default="{}")


class Redemption(Table):
    """Units of a voucher taken by a school: devices from the workshop, or its own purchase."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    voucher = ForeignKey(references=Voucher, on_delete=OnDelete.restrict, null=False, index=True)
    # Copied from the voucher so that scoping a school's redemptions is one indexed filter.
    school = ForeignKey(references=School, on_delete=OnDelete.restrict, null=False, index=True)
    kind = Varchar(length=20, choices=RedemptionKind, default=RedemptionKind.WORKSHOP)
    status = Varchar(length=20, choices=RedemptionStatus, default=RedemptionStatus.REQUESTED, index=True)
    quantity = Integer()
    # Devices currently reserved for it; bumped with a conditional update, never above quantity.
    reserved = Integer(default=0)
    # The school's own reference: its order number, or the invoice of a purchase.
    reference = Varchar(length=100, default="")
    notes = Text(default="")
    requested_at = Timestamptz()
    requested_by = Varchar(length=64)
    handed_over_at = Timestamptz(null=True, default=None)
    handed_over_by = Varchar(length=64, default="")
    delivery_note_number = Varchar(length=40, null=True, default=None, unique=True)
    cancelled_at = Timestamptz(null=True, default=None)
    cancelled_by = Varchar(length=64, default="")
    cancel_reason = Text(default="")
    updated_at = Timestamptz()


class RedemptionDevice(Table, tablename="redemption_device"):
    """A device reserved for, handed over by, or registered through a redemption.

    A row released (unreserved, its request cancelled, or the device given back by the school)
    keeps its history; a device has at most one unreleased row (a partial unique index).
    """

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    redemption = ForeignKey(references=Redemption, on_delete=OnDelete.restrict, null=False, index=True)
    device = ForeignKey(references=Device, on_delete=OnDelete.restrict, null=False, index=True)
    asset_tag = Varchar(length=20)
    reserved_at = Timestamptz()
    reserved_by = Varchar(length=64)
    released_at = Timestamptz(null=True, default=None)
    released_by = Varchar(length=64, default="")


# A line that went to the school (handed over or registered): not released before the hand-over.
# Needs `redemption` joined; redemptions.delivered() says the same in Python.
DELIVERED_LINE_SQL = (
    "(redemption_device.released_at IS NULL OR redemption_device.released_at >= "
    "COALESCE(redemption.handed_over_at, redemption.requested_at))"
)
