"""Enumerations of the device domain, shared by tables, schemas, documents and templates."""

from enum import StrEnum

from inventory.errors import N_


class Category(StrEnum):
    LAPTOP = "laptop"
    DESKTOP = "desktop"
    TABLET = "tablet"
    PHONE = "phone"
    MONITOR = "monitor"
    OTHER = "other"


CATEGORY_NAMES: dict[str, str] = {
    Category.LAPTOP: N_("Laptop"),
    Category.DESKTOP: N_("Desktop"),
    Category.TABLET: N_("Tablet"),
    Category.PHONE: N_("Phone"),
    Category.MONITOR: N_("Monitor"),
    Category.OTHER: N_("Other"),
}


class Stage(StrEnum):
    RECEIVED = "received"
    WIPED = "wiped"
    REFURBISHED = "refurbished"
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    RETURNED = "returned"
    RESERVED = "reserved"
    ALLOCATED = "allocated"
    IN_REPAIR = "in_repair"
    RETIRED = "retired"
    LOST = "lost"


class Action(StrEnum):
    WIPE = "wipe"
    REFURBISH = "refurbish"
    LABEL = "label"
    LEND = "lend"
    RETURN = "return"
    RESERVE = "reserve"
    UNRESERVE = "unreserve"
    HAND_OVER = "hand_over"
    SEND_TO_REPAIR = "send_to_repair"
    FINISH_REPAIR = "finish_repair"
    RETIRE = "retire"
    REPORT_LOST = "report_lost"
    TRANSFER = "transfer"
    RECEIVE_TRANSFER = "receive_transfer"
    CANCEL_TRANSFER = "cancel_transfer"
    FOUND = "found"
    INTAKE = "intake"


class Funding(StrEnum):
    DONATION = "donation"
    VOUCHER = "voucher"


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class WipeMethod(StrEnum):
    NIST_CLEAR = "nist-800-88-clear"
    NIST_PURGE = "nist-800-88-purge"
    ATA_SECURE_ERASE = "ata-secure-erase"
    NVME_FORMAT = "nvme-format"
    CRYPTO_ERASE = "crypto-erase"
    OVERWRITE_1 = "overwrite-1-pass"
    OVERWRITE_3 = "overwrite-3-pass"
    FACTORY_RESET = "factory-reset"
    PHYSICAL_DESTRUCTION = "physical-destruction"


# A method in words, for people and documents (translated where shown).
WIPE_METHOD_NAMES: dict[str, str] = {
    WipeMethod.NIST_CLEAR: N_("NIST 800-88 Clear"),
    WipeMethod.NIST_PURGE: N_("NIST 800-88 Purge"),
    WipeMethod.ATA_SECURE_ERASE: N_("ATA Secure Erase"),
    WipeMethod.NVME_FORMAT: N_("NVMe Format"),
    WipeMethod.CRYPTO_ERASE: N_("Cryptographic erase"),
    WipeMethod.OVERWRITE_1: N_("Overwrite, 1 pass"),
    WipeMethod.OVERWRITE_3: N_("Overwrite, 3 passes"),
    WipeMethod.FACTORY_RESET: N_("Factory reset"),
    WipeMethod.PHYSICAL_DESTRUCTION: N_("Physical destruction"),
}


class Verification(StrEnum):
    NONE = "none"
    LAST_PASS = "last-pass"
    ALL_PASSES = "all-passes"


class WipeResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class CheckResult(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


class ChecklistItem(StrEnum):
    POWER = "power"
    BATTERY = "battery"
    SCREEN = "screen"
    KEYBOARD = "keyboard"
    POINTING_DEVICE = "pointing_device"
    PORTS = "ports"
    WIFI = "wifi"
    CAMERA = "camera"
    AUDIO = "audio"
    CHARGER = "charger"


class StorageType(StrEnum):
    HDD = "hdd"
    SSD = "ssd"
    NVME = "nvme"
    EMMC = "emmc"
    FLASH = "flash"
    NONE = "none"


class RetireReason(StrEnum):
    RECYCLED = "recycled"
    PARTS = "parts"
    BEYOND_REPAIR = "beyond_repair"
    OTHER = "other"
