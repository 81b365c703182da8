"""Racing redemptions for the last units of a voucher: exactly what is left is given, never more."""

from __future__ import annotations

import asyncio

from inventory.devices.tables import Device
from inventory.schools.tables import Redemption, RedemptionDevice
from tests.helpers import device_at
from tests.schools.conftest import issue, request_units


async def test_ten_concurrent_requests_for_the_last_units_give_exactly_one(client, auth, schools) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=5)
    code = voucher["code"]
    assert (await request_units(client, schools.school_a, code, 3)).status_code == 201
    responses = await asyncio.gather(*(request_units(client, schools.school_a, code, 2) for _ in range(10)))
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9, [r.text for r in responses]
    assert await Redemption.count() == 2
    left = (await client.get(f"/api/v1/vouchers/{code}", headers=schools.school_a)).json()
    assert (left["remaining"], left["status"]) == (0, "redeemed")
    refused = next(r for r in responses if r.status_code == 409).json()
    assert "fully redeemed" in refused["detail"]


async def test_ten_concurrent_single_units_against_three_left_give_exactly_three(
    client, auth, schools
) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=3)
    responses = await asyncio.gather(
        *(request_units(client, schools.school_a, voucher["code"], 1) for _ in range(10))
    )
    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 7
    granted = await Redemption.select(Redemption.quantity)
    assert sum(row["quantity"] for row in granted) == 3


async def test_a_purchase_and_requests_racing_for_the_last_unit_give_it_once(client, auth, schools) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=1)
    code = voucher["code"]
    purchase = {"category": "tablet", "make": "Apple", "model": "iPad 9"}
    calls = [
        client.post(f"/api/v1/vouchers/{code}/equipment", json=purchase, headers=schools.school_a)
        if index % 2
        else request_units(client, schools.school_a, code, 1)
        for index in range(10)
    ]
    responses = await asyncio.gather(*calls)
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    assert await Redemption.count() == 1
    # A losing purchase left no device behind.
    assert await Device.count().where(Device.school_id == schools.a["id"]) == await RedemptionDevice.count()


async def test_two_technicians_scanning_for_the_last_slot_reserve_one_device(client, auth, schools) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=1)
    redemption = (await request_units(client, schools.school_a, voucher["code"], 1)).json()
    tags = [await device_at(client, auth.technician, "available") for _ in range(6)]
    responses = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/redemptions/{redemption['id']}/reserve",
                json={"asset_tag": tag},
                headers=auth.technician,
            )
            for tag in tags
        )
    )
    assert sorted(r.status_code for r in responses) == [200] + [409] * 5
    stages = await Device.select(Device.stage).where(Device.asset_tag.is_in(tags))
    assert sorted(row["stage"] for row in stages) == ["available"] * 5 + ["reserved"]
    assert await RedemptionDevice.count() == 1


async def test_one_device_scanned_for_two_requests_at_once_is_reserved_once(client, auth, schools) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=10)
    requests = [(await request_units(client, schools.school_a, voucher["code"], 1)).json() for _ in range(5)]
    tag = await device_at(client, auth.technician, "available")
    responses = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/redemptions/{r['id']}/reserve", json={"asset_tag": tag}, headers=auth.technician
            )
            for r in requests
        )
    )
    assert sorted(r.status_code for r in responses) == [200] + [409] * 4
    reserved = await Redemption.select(Redemption.reserved)
    assert sorted(row["reserved"] for row in reserved) == [0, 0, 0, 0, 1]
