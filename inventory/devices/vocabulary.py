"""Enumerations of the device domain, shared by tables, schemas, documents and templates."""

from enum import StrEnum

from inventory.errors import N_
from inventory.terms import Term


class Category(Term):
    LAPTOP = "laptop", N_("Laptop")
    DESKTOP = "desktop", N_("Desktop")
    TABLET = "tablet", N_("Tablet")
    PHONE = "phone", N_("Phone")
    MONITOR = "monitor", N_("Monitor")
    OTHER = "other", N_("Other")


class Stage(Term):
    RECEIVED = "received", N_("Received"), "slate"
    WIPED = "wiped", N_("Wiped"), "blue"
    REFURBISHED = "refurbished", N_("Refurbished"), "violet"
    AVAILABLE = "available", N_("Available"), "green"
    ON_LOAN = "on_loan", N_("On loan"), "amber"
    RETURNED = "returned", N_("Returned"), "teal"
    RESERVED = "reserved", N_("Reserved"), "indigo"
    ALLOCATED = "allocated", N_("Allocated"), "cyan"
    IN_REPAIR = "in_repair", N_("In repair"), "orange"
    RETIRED = "retired", N_("Retired"), "grey"
    LOST = "lost", N_("Lost"), "red"


class Action(Term):
    WIPE = "wipe", N_("Data erasure")
    REFURBISH = "refurbish", N_("Refurbish")
    LABEL = "label", N_("Confirm label")
    LEND = "lend", N_("Lend")
    RETURN = "return", N_("Return")
    RESERVE = "reserve", N_("Reserve")
    UNRESERVE = "unreserve", N_("Unreserve")
    HAND_OVER = "hand_over", N_("Hand over")
    SEND_TO_REPAIR = "send_to_repair", N_("Send to repair")
    FINISH_REPAIR = "finish_repair", N_("Finish repair")
    RETIRE = "retire", N_("Retire")
    REPORT_LOST = "report_lost", N_("Report lost")
    TRANSFER = "transfer", N_("Transfer")
    RECEIVE_TRANSFER = "receive_transfer", N_("Receive transfer")
    CANCEL_TRANSFER = "cancel_transfer", N_("Cancel transfer")
    FOUND = "found", N_("Found")
    INTAKE = "intake", N_("Intake")
    # A correction of what was typed at intake (make, serial, ...): never a stage change.
    CORRECT = "correct", N_("Correction")


# What a correction may change, each with its name in words (translated where shown); the
# stage, site, funding and owner never change this way. Specs are corrected key by key.
CORRECTABLE_FIELDS: dict[str, str] = {
    "category": N_("Category"),
    "make": N_("Make"),
    "model": N_("Model"),
    "serial_number": N_("Serial number"),
    "donor": N_("Donor"),
    "donor_ref": N_("Donor's inventory number"),
    "batch": N_("Intake batch"),
    "specs.cpu": N_("Processor"),
    "specs.ram_gb": N_("Memory (GB)"),
    "specs.storage_gb": N_("Storage (GB)"),
    "specs.storage_type": N_("Storage type"),
    "specs.screen_inches": N_("Screen (inches)"),
    "specs.os": N_("Operating system"),
    "notes": N_("Notes"),
}


class Funding(StrEnum):
    DONATION = "donation"
    VOUCHER = "voucher"

    @property
    def bought_with_voucher(self) -> bool:
        """A school's own purchase with a voucher, not a donated device."""
        return self is Funding.VOUCHER


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class WipeMethod(Term):
    NIST_CLEAR = "nist-800-88-clear", N_("NIST 800-88 Clear")
    NIST_PURGE = "nist-800-88-purge", N_("NIST 800-88 Purge")
    ATA_SECURE_ERASE = "ata-secure-erase", N_("ATA Secure Erase")
    NVME_FORMAT = "nvme-format", N_("NVMe Format")
    CRYPTO_ERASE = "crypto-erase", N_("Cryptographic erase")
    OVERWRITE_1 = "overwrite-1-pass", N_("Overwrite, 1 pass")
    OVERWRITE_3 = "overwrite-3-pass", N_("Overwrite, 3 passes")
    FACTORY_RESET = "factory-reset", N_("Factory reset")
    PHYSICAL_DESTRUCTION = "physical-destruction", N_("Physical destruction")


class Verification(Term):
    NONE = "none", N_("No verification")
    LAST_PASS = "last-pass", N_("Last pass verified")
    ALL_PASSES = "all-passes", N_("All passes verified")


MAX_WIPE_PASSES = 10_000
"""The most write passes a wipe may record: a Gutmann wipe is 35 passes a round, and nwipe repeats
rounds on request (`--rounds`), so 100 rounds of it fit with room to spare."""


class WipeResult(Term):
    PASSED = "passed", N_("Passed")
    FAILED = "failed", N_("Failed")


class CheckResult(Term):
    PASS = "pass", N_("Pass")
    FAIL = "fail", N_("Fail")
    NOT_APPLICABLE = "n/a", N_("N/A")


class ChecklistItem(Term):
    POWER = "power", N_("Power")
    BATTERY = "battery", N_("Battery")
    SCREEN = "screen", N_("Screen")
    KEYBOARD = "keyboard", N_("Keyboard")
    POINTING_DEVICE = "pointing_device", N_("Pointing device")
    PORTS = "ports", N_("Ports")
    WIFI = "wifi", N_("Wi-Fi")
    CAMERA = "camera", N_("Camera")
    AUDIO = "audio", N_("Audio")
    CHARGER = "charger", N_("Charger")


class StorageType(Term):
    HDD = "hdd", N_("Hard disk (HDD)")
    SSD = "ssd", N_("SSD")
    NVME = "nvme", N_("NVMe SSD")
    EMMC = "emmc", N_("eMMC")
    FLASH = "flash", N_("Flash")
    NONE = "none", N_("No storage")


class RetireReason(Term):
    RECYCLED = "recycled", N_("Recycled")
    PARTS = "parts", N_("Used for parts")
    BEYOND_REPAIR = "beyond_repair", N_("Beyond repair")
    OTHER = "other", N_("Other reason")


class Activity(Term):
    """The actions a year of work is counted by (dashboard, impact report), named as results."""

    INTAKE = "intake", N_("Received")
    WIPE = "wipe", N_("Wiped")
    LABEL = "label", N_("Made available")
    LEND = "lend", N_("Lent")
    HAND_OVER = "hand_over", N_("Allocated to schools")


class Reason(Term):
    """Why the device domain refuses something: the code callers match on, and the one
    sentence people read (the API's detail, translated on pages)."""

    IN_TRANSIT = "in_transit", N_("The device is in transit: receive the transfer or cancel it first.")
    NOT_WIPED_SINCE_CUSTODY_CHANGE = (
        "not_wiped_since_custody_change",
        N_("No passed wipe since the device last came in (intake, return, found): wipe it first."),
    )
    CHECKLIST_FAILED = "checklist_failed", N_("A check failed (%(checks)s): send the device to repair.")
    DESTRUCTION_PROOF_MISSING = (
        "destruction_proof_missing",
        N_(
            "No passed wipe since the device last came in: record a physical destruction "
            "of its storage first, or give the recycler's destruction certificate number."
        ),
    )
    ALREADY_REGISTERED = (
        "already_registered",
        N_("A device with this make and serial number is already registered as %(asset_tag)s."),
    )
    AMBIGUOUS_CODE = (
        "ambiguous_code",
        N_("The code %(code)s matches several devices (%(asset_tags)s): scan the asset tag instead."),
    )
    VERSION_CHANGED = (
        "version_changed",
        N_("Device %(asset_tag)s changed since version %(expected)s: it is now version %(version)s."),
    )
    NO_SUCH_CERTIFICATE = (
        "no_such_certificate",
        N_("Device %(asset_tag)s has no wipe certificate %(number)s."),
    )
    NEVER_WIPED = "never_wiped", N_("Device %(asset_tag)s has no passed wipe.")
    NO_CHANGE = "no_change", N_("Nothing was changed: correct at least one field.")
