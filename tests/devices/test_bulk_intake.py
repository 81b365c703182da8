"""Devices own intake, single and bulk: a bulk intake (what the CSV import calls) writes the rows
a single intake writes, all of them or none."""

from __future__ import annotations

import msgspec
import pytest

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.schemas import DeviceIntake, Specs
from inventory.devices.tables import Counter, Device, Event
from inventory.devices.vocabulary import Category, StorageType
from inventory.errors import InvalidInput
from inventory.sites import service as sites
from inventory.sites.tables import SiteKind

# What differs between two registrations by nature: who they are and when they were written.
OWN_COLUMNS = {"id", "asset_tag", "serial_number", "serial_key", "search_key", "created_at", "updated_at"}


def _intake(serial: str, site: str = "Atelier") -> DeviceIntake:
    return DeviceIntake(
        category=Category.LAPTOP,
        make="  Dell ",
        model=" Latitude 5490 ",
        serial_number=f" {serial} ",
        donor=" SPF Finances ",
        donor_ref=" inv-7 ",
        batch="2026-12",
        site=site,
        specs=Specs(ram_gb=8, storage_type=StorageType.SSD),
        notes="screen scratched",
    )


async def _stored(asset_tag: str) -> tuple[dict[str, object], dict[str, object]]:
    device = (await db.fetch('SELECT * FROM "device" WHERE asset_tag = {}', asset_tag))[0]
    event = (await db.fetch('SELECT * FROM "device_event" WHERE device = {}', device["id"]))[0]
    return device, event


@pytest.fixture
def actor(auth) -> CurrentUser:
    return CurrentUser(id=auth.users["technician"]["id"], username="tech", role=Role.TECHNICIAN)


async def test_a_bulk_intake_writes_the_rows_a_single_intake_writes(database_url, actor) -> None:
    await sites.create_site("atelier", "Atelier", SiteKind.WORKSHOP)
    single = await devices.intake(_intake("sn-1"), actor)
    (bulk_tag,) = await devices.intake_batch([_intake("sn-2")], actor)

    single_device, single_event = await _stored(single.device.asset_tag)
    bulk_device, bulk_event = await _stored(bulk_tag)
    assert {k: v for k, v in bulk_device.items() if k not in OWN_COLUMNS} == {
        k: v for k, v in single_device.items() if k not in OWN_COLUMNS
    }
    assert (bulk_device["serial_number"], bulk_device["serial_key"]) == ("sn-2", "SN-2")
    assert (single_device["make"], single_device["make_key"], single_device["stage"]) == (
        "Dell",
        "DELL",
        "received",
    )
    event_columns = {"action", "from_stage", "to_stage", "actor", "actor_id"}
    assert {k: bulk_event[k] for k in event_columns} == {k: single_event[k] for k in event_columns}
    assert msgspec.json.decode(bulk_event["details"]) == msgspec.json.decode(single_event["details"])
    assert bulk_tag == "RL-000002"


async def test_a_bulk_intake_adds_each_rows_own_details_to_its_event(database_url, actor) -> None:
    await sites.create_site("atelier", "Atelier", SiteKind.WORKSHOP)
    tags = await devices.intake_batch(
        [_intake("a"), _intake("b")], actor, details=[{"import_row": 2}, {"import_row": 3}]
    )
    details = [msgspec.json.decode((await _stored(tag))[1]["details"]) for tag in tags]
    assert [(detail["batch"], detail["import_row"]) for detail in details] == [("2026-12", 2), ("2026-12", 3)]


async def test_a_bulk_intake_writes_all_its_devices_or_none(database_url, actor) -> None:
    await sites.create_site("atelier", "Atelier", SiteKind.WORKSHOP)
    counter_before = await Counter.select(Counter.value).where(Counter.name == "asset_tag").first()
    with pytest.raises(Exception) as refused:
        await devices.intake_batch([_intake("same"), _intake("SAME")], actor)
    assert db.is_unique_violation(refused.value)
    assert (await Device.count(), await Event.count()) == (0, 0)
    assert await Counter.select(Counter.value).where(Counter.name == "asset_tag").first() == counter_before


async def test_a_bulk_intake_refuses_an_unknown_site_and_writes_nothing(database_url, actor) -> None:
    with pytest.raises(InvalidInput) as refused:
        await devices.intake_batch([_intake("x", site=""), _intake("y", site="nowhere")], actor)
    assert refused.value.fields == {"field": "site"}
    assert await Device.count() == 0


async def test_an_intake_built_with_plain_strings_is_stored_as_with_enumerations(database_url, actor) -> None:
    """Callers inside the service (the demo data, benches) build intakes without msgspec's
    conversion: a category or funding given as a plain string is stored the same."""
    plain = DeviceIntake(category="tablet", make="Apple", model="iPad 6", funding="donation")  # type: ignore[arg-type]  # on purpose
    single = await devices.intake(plain, actor)
    (bulk_tag,) = await devices.intake_batch([plain], actor)
    for tag in (single.device.asset_tag, bulk_tag):
        device, _ = await _stored(tag)
        assert (device["category"], device["funding"]) == ("tablet", "donation")
