"""One definition of a device row: the scan's SQL, the query builder's list and the device list
read the same typed row, with the sites it is at and bound for."""

from __future__ import annotations

import pytest

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import search
from inventory.devices import service as devices
from inventory.devices.rows import DeviceRow
from inventory.devices.schemas import DeviceIntake, Specs
from inventory.devices.search import DeviceFilter
from inventory.devices.vocabulary import Category, Funding, Stage
from inventory.sites import service as sites
from inventory.sites.tables import SiteKind


@pytest.fixture
def actor(auth) -> CurrentUser:
    return CurrentUser(id=auth.users["technician"]["id"], username="tech", role=Role.TECHNICIAN)


async def test_every_way_of_reading_a_device_gives_the_same_typed_row(database_url, actor) -> None:
    await sites.create_site("atelier", "Atelier", SiteKind.WORKSHOP)
    await sites.create_site("bus", "Bus", SiteKind.BUS)
    intake = DeviceIntake(
        category=Category.LAPTOP,
        make="Dell",
        model="Latitude 5490",
        serial_number="sn-1",
        site="atelier",
        specs=Specs(ram_gb=8),
    )
    tag = (await devices.intake(intake, actor)).device.asset_tag
    await devices.transfer(tag, "bus", actor)

    scanned = await devices.scan("SN-1")
    assert isinstance(scanned, DeviceRow)
    # The stored text comes back as the vocabulary's enumerations.
    expected = [Stage.RECEIVED, Category.LAPTOP, Funding.DONATION]
    assert [scanned.stage, scanned.category, scanned.funding] == expected
    assert [type(scanned.stage), type(scanned.category), type(scanned.funding)] == [Stage, Category, Funding]
    assert (scanned.site_code, scanned.site_name, scanned.transfer_to_code) == ("atelier", "Atelier", "bus")
    assert scanned.specs == {"ram_gb": 8}
    assert scanned.wiped_since_custody_change is False
    assert await devices.get_device(tag) == scanned
    assert await devices.get_device_by_id(scanned.id) == scanned
    assert await devices.get_devices([tag, "RL-999999"]) == [scanned]
    assert (await search.find(DeviceFilter(q="latitude"))).rows == [scanned]
