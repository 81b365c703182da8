"""Devices, their append-only events, wipe records and the asset tag counter."""

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from inventory.accounts.tables import User
from inventory.devices.vocabulary import (
    Category,
    Funding,
    Grade,
    Stage,
    Verification,
    WipeMethod,
    WipeResult,
)
from inventory.i18n import Language
from inventory.sites.tables import Site


class Device(Table):
    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    asset_tag = Varchar(length=20, unique=True)
    category = Varchar(length=20, choices=Category, index=True)
    make = Varchar(length=100)
    model = Varchar(length=200)
    serial_number = Varchar(length=100, null=True, default=None)
    # Upper-cased, trimmed copies that scans and the duplicate check compare against.
    serial_key = Varchar(length=100, null=True, default=None, index=True)
    make_key = Varchar(length=100)
    donor = Varchar(length=200, default="")
    donor_ref = Varchar(length=100, null=True, default=None)
    donor_ref_key = Varchar(length=100, null=True, default=None, index=True)
    batch = Varchar(length=100, default="")
    site = ForeignKey(references=Site, null=True, default=None, index=True)
    transfer_to = ForeignKey(references=Site, null=True, default=None)
    specs = JSON(default="{}")
    grade = Varchar(length=1, choices=Grade, null=True, default=None)
    stage = Varchar(length=20, choices=Stage, default=Stage.RECEIVED, index=True)
    funding = Varchar(length=20, choices=Funding, default=Funding.DONATION)
    voucher_code = Varchar(length=20, null=True, default=None)
    # The school that owns the device (voucher-funded equipment) or holds it (allocated).
    school_id = Integer(null=True, default=None, index=True)
    notes = Text(default="")
    # Case- and accent-folded asset tag, serial, donor reference, make, model, donor and batch
    # (devices.search.search_key): what the register's search box compares against, on any
    # database. Written with the fields it folds, by every path that writes them.
    search_key = Text(default="")
    # Set by loans while the device is lent: technicians may see until when, never to whom.
    loan_due_on = Date(null=True, default=None)
    # A passed wipe was recorded after the last custody change (intake, return, found): what
    # the stage rules need before the device may reach a beneficiary or a school. Kept by the
    # devices service in the same transaction as each event.
    wiped_since_custody_change = Boolean(default=False)
    # Bumped by every change; writers update "where version = what I read" so racing
    # actions cannot both succeed.
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Donor(Table):
    """An administration or company that gives devices, by the name devices carry
    (`Device.donor`, compared exactly): the language its wipe certificates are written in. A
    donor named on devices with no record yet reads as French, the default."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    name = Varchar(length=200, unique=True)
    language = Varchar(length=2, choices=Language, default=Language.FR)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Event(Table, tablename="device_event"):
    """One action on a device. Append-only: database triggers refuse UPDATE and DELETE."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    device = ForeignKey(references=Device, null=False, index=True)
    action = Varchar(length=30)
    from_stage = Varchar(length=20, null=True, default=None)
    to_stage = Varchar(length=20)
    actor = Varchar(length=64)
    actor_id = Integer(null=True, default=None)
    request_id = Varchar(length=64, default="")
    at = Timestamptz()
    details = JSON(default="{}")


class WipeRecord(Table):
    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    device = ForeignKey(references=Device, null=False, index=True)
    certificate_number = Varchar(length=40, null=True, default=None, unique=True)
    method = Varchar(length=30, choices=WipeMethod)
    tool = Varchar(length=100, default="")
    storage_serials = JSON(default="[]")
    passes = Integer(null=True, default=None)
    verification = Varchar(length=20, choices=Verification, default=Verification.NONE)
    result = Varchar(length=10, choices=WipeResult)
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    operator = ForeignKey(references=User, null=True, default=None)
    operator_name = Varchar(length=64)
    notes = Text(default="")
    created_at = Timestamptz()


class WipeReport(Table):
    """The wiping tool's own report of one recorded wipe (an nwipe log or PDF certificate), kept
    byte for byte with its SHA-256 as the evidence a certificate points to. A file is the
    evidence of one wipe only: the digest is unique."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    device = ForeignKey(references=Device, null=False, index=True)
    wipe = ForeignKey(references=WipeRecord, null=False, unique=True)
    sha256 = Varchar(length=64, unique=True)
    filename = Varchar(length=255, default="")
    media_type = Varchar(length=100, default="")
    size_bytes = Integer(default=0)
    # nwipe's report kind ("log", "pdf-certificate") and what it said, drive by drive.
    kind = Varchar(length=20, default="")
    summary = JSON(default="{}")
    content = Bytea()
    uploaded_by = Varchar(length=64)
    created_at = Timestamptz()


class Counter(Table):
    """Named monotonic counters (asset tags, certificate numbers): numbers are never reused."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    name = Varchar(length=40, unique=True)
    value = Integer(default=0)


class EventTally(Table, tablename="device_event_tally"):
    """How many events of each kind each local month saw, kept by the devices service in the
    same transaction as each event (and by bulk intake for its rows): what the dashboard and
    the reports count without reading every event. One row per distinct key; a unique index
    on the key makes each write an upsert."""

    month = Varchar(length=7)  # local month (settings.timezone) of the event, YYYY-MM
    action = Varchar(length=30)
    to_stage = Varchar(length=20)
    moved = Boolean(default=True)  # the event changed the stage (a failed wipe does not)
    funding = Varchar(length=20, choices=Funding)  # the device's: donations and purchases differ
    events = Integer(default=0)
