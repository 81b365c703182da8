"""Donors' records: the language each donor's wipe certificates are written in.

A donor is the name devices carry (`Device.donor`, compared exactly, as the register's donor
filter does). A record holds its language; a donor named on devices without one reads as
French, the default, like the records the upgrade wrote for the donors it found.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from inventory import db
from inventory.devices.schemas import DonorLanguage, DonorOut
from inventory.devices.tables import Donor
from inventory.i18n import DEFAULT_LOCALE, Language

# Every donor named on a device or holding a record, with its language and its devices.
DONORS = """
    SELECT names.name AS name, COALESCE(donor.language, {}) AS language,
           (SELECT COUNT(*) FROM device WHERE device.donor = names.name) AS devices
    FROM (SELECT donor AS name FROM device WHERE donor <> '' UNION SELECT name FROM donor) AS names
    LEFT JOIN donor ON donor.name = names.name
    ORDER BY names.name
"""


def donor_out(row: dict[str, Any]) -> DonorOut:
    return DonorOut(name=row["name"], language=Language(row["language"]), devices=row["devices"])


async def language_of(name: str) -> str:
    """The language of the donor's certificates: its record's, else French."""
    row = await Donor.select(Donor.language).where(Donor.name == name).first()
    return row["language"] if row else DEFAULT_LOCALE


async def list_donors() -> list[DonorOut]:
    """Every donor, by name: a few dozen administrations and companies, listed in one page."""
    return [donor_out(row) for row in await db.fetch(DONORS, DEFAULT_LOCALE)]


async def set_language(record: DonorLanguage) -> DonorOut:
    """Write the donor's language, creating its record if it has none (one statement: two
    people setting it at once each leave a whole record, the last one's language)."""
    at = datetime.now(UTC)
    name = record.name.strip()
    await Donor.insert(Donor(name=name, language=record.language, created_at=at, updated_at=at)).on_conflict(
        target=Donor.name, action="DO UPDATE", values=[Donor.language, Donor.updated_at]
    )
    rows = await db.fetch("SELECT COUNT(*) AS devices FROM device WHERE donor = {}", name)
    return DonorOut(name=name, language=record.language, devices=rows[0]["devices"])
