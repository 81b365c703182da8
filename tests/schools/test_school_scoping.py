"""The scoping matrix: a school user never sees another school's voucher, redemption, device or
PDF, by id or by code, and finds none of them in any list. Out of scope answers like unknown."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from inventory.accounts.roles import Role
from inventory.devices.tables import Device, Event
from inventory.schools import codes
from inventory.schools.tables import Redemption, RedemptionDevice, Voucher
from tests.conftest import make_user, token_headers
from tests.helpers import device_at
from tests.schools.conftest import issue, request_units


@dataclass
class Holdings:
    """Everything one school has: a voucher, a hand-over, an open request, a purchase."""

    school_id: int
    code: str
    handed_over_id: int
    open_id: int
    allocated_tag: str
    purchased_tag: str


async def holdings(client, auth, schools, school_id: int, headers: dict[str, str]) -> Holdings:
    voucher = await issue(client, auth.admin, schools.programme["id"], school_id, quantity=4)
    code = voucher["code"]
    handed = (await request_units(client, headers, code, 1)).json()
    tag = await device_at(client, auth.technician, "available")
    reserved = await client.post(
        f"/api/v1/redemptions/{handed['id']}/reserve", json={"asset_tag": tag}, headers=auth.technician
    )
    assert reserved.status_code == 200, reserved.text
    assert (
        await client.post(f"/api/v1/redemptions/{handed['id']}/hand-over", headers=auth.technician)
    ).is_success
    still_open = (await request_units(client, headers, code, 1)).json()
    bought = await client.post(
        f"/api/v1/vouchers/{code}/equipment",
        json={"category": "tablet", "make": "Samsung", "model": f"Tab {school_id}"},
        headers=headers,
    )
    assert bought.status_code == 201, bought.text
    return Holdings(
        school_id, code, handed["id"], still_open["id"], tag, bought.json()["device"]["asset_tag"]
    )


def spellings(code: str) -> list[str]:
    return [code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()]


async def database_rows() -> tuple[int, ...]:
    return (
        await Voucher.count(),
        await Redemption.count(),
        await RedemptionDevice.count(),
        await Device.count(),
        await Event.count(),
    )


@pytest.mark.parametrize("direction", ["a_looks_at_b", "b_looks_at_a"])
async def test_a_school_sees_nothing_of_another_school(client, auth, schools, direction) -> None:
    mine = await holdings(client, auth, schools, schools.a["id"], schools.school_a)
    theirs = await holdings(client, auth, schools, schools.b["id"], schools.school_b)
    me = schools.school_a
    if direction == "b_looks_at_a":
        mine, theirs, me = theirs, mine, schools.school_b
    before = await database_rows()

    # By id and by code, every read and every write: 404, as for something that does not exist.
    reads = [
        f"/api/v1/schools/{theirs.school_id}",
        f"/api/v1/schools/{theirs.school_id}/devices",
        f"/api/v1/redemptions/{theirs.handed_over_id}",
        f"/api/v1/redemptions/{theirs.open_id}",
        f"/api/v1/redemptions/{theirs.handed_over_id}/delivery-note.pdf",
    ]
    for code in spellings(theirs.code):
        reads += [
            f"/api/v1/vouchers/{code}",
            f"/api/v1/vouchers/{code}/voucher.pdf",
            f"/api/v1/vouchers/{code}/redemptions",
        ]
    for url in reads:
        response = await client.get(url, headers=me)
        assert response.status_code == 404, (url, response.text)

    writes = [
        (f"/api/v1/vouchers/{theirs.code}/redemptions", {"quantity": 1}),
        (
            f"/api/v1/vouchers/{theirs.code.lower()}/equipment",
            {"category": "laptop", "make": "Dell", "model": "Latitude"},
        ),
        (f"/api/v1/redemptions/{theirs.open_id}/cancel", {"reason": "not mine"}),
        (f"/api/v1/schools/{theirs.school_id}/devices/{theirs.allocated_tag}/return", {"reason": "broken"}),
        # Another school's device through my own school's path.
        (f"/api/v1/schools/{mine.school_id}/devices/{theirs.allocated_tag}/return", {"reason": "broken"}),
        (f"/api/v1/schools/{mine.school_id}/devices/{theirs.purchased_tag}/return", {"reason": "broken"}),
    ]
    for url, body in writes:
        response = await client.post(url, json=body, headers=me)
        assert response.status_code == 404, (url, response.text)
    assert await database_rows() == before

    # Their objects answer exactly like ones that never existed.
    unknown_id = 999_999
    for kind, known in (("redemption", theirs.open_id), ("school", theirs.school_id)):
        path = "redemptions" if kind == "redemption" else "schools"
        got = (await client.get(f"/api/v1/{path}/{known}", headers=me)).json()["detail"]
        never = (await client.get(f"/api/v1/{path}/{unknown_id}", headers=me)).json()["detail"]
        assert got.replace(str(known), "N") == never.replace(str(unknown_id), "N")
    fresh = codes.display(codes.new_code())
    got = (await client.get(f"/api/v1/vouchers/{theirs.code}", headers=me)).json()["detail"]
    never = (await client.get(f"/api/v1/vouchers/{fresh}", headers=me)).json()["detail"]
    assert got.replace(theirs.code, "X") == never.replace(fresh, "X")

    # Every list: mine only, even when asked for theirs.
    async def items(url: str, **params: object) -> list[dict]:
        response = await client.get(url, params=params, headers=me)
        assert response.status_code == 200, (url, response.text)
        return response.json()["items"]

    assert [s["id"] for s in await items("/api/v1/schools")] == [mine.school_id]
    assert (
        await items("/api/v1/schools", q=schools.b["name"] if me == schools.school_a else schools.a["name"])
        == []
    )
    assert [v["code"] for v in await items("/api/v1/vouchers")] == [mine.code]
    assert await items("/api/v1/vouchers", school_id=theirs.school_id) == []
    redemptions = await items("/api/v1/redemptions")
    assert {r["id"] for r in redemptions} == {mine.handed_over_id, mine.open_id, mine.open_id + 1}
    assert all(r["school_id"] == mine.school_id for r in redemptions)
    assert await items("/api/v1/redemptions", school_id=theirs.school_id) == []
    assert await items("/api/v1/redemptions", voucher=theirs.code) == []
    held = {d["asset_tag"] for d in await items(f"/api/v1/schools/{mine.school_id}/devices")}
    assert held == {mine.allocated_tag, mine.purchased_tag}
    assert [r["id"] for r in await items(f"/api/v1/vouchers/{mine.code}/redemptions")] == sorted(
        {mine.handed_over_id, mine.open_id, mine.open_id + 1}
    )


async def test_the_admin_sees_every_school_and_the_workshop_every_request(client, auth, schools) -> None:
    a = await holdings(client, auth, schools, schools.a["id"], schools.school_a)
    b = await holdings(client, auth, schools, schools.b["id"], schools.school_b)
    vouchers = (await client.get("/api/v1/vouchers", headers=auth.admin)).json()["items"]
    assert {v["code"] for v in vouchers} == {a.code, b.code}
    queue = (await client.get("/api/v1/redemptions?status=requested", headers=auth.technician)).json()[
        "items"
    ]
    assert {r["id"] for r in queue} == {a.open_id, b.open_id}
    for url in (
        f"/api/v1/redemptions/{b.handed_over_id}",
        f"/api/v1/redemptions/{b.handed_over_id}/delivery-note.pdf",
    ):
        assert (await client.get(url, headers=auth.technician)).status_code == 200
    # The workshop never sees vouchers themselves.
    for url in ("/api/v1/vouchers", f"/api/v1/vouchers/{b.code}", f"/api/v1/vouchers/{b.code}/voucher.pdf"):
        assert (await client.get(url, headers=auth.technician)).status_code == 403


async def test_a_school_user_without_a_school_sees_nothing(client, auth, schools) -> None:
    await holdings(client, auth, schools, schools.a["id"], schools.school_a)
    orphan = await token_headers(await make_user("orphan", Role.SCHOOL, school_id=None))
    for url in ("/api/v1/vouchers", "/api/v1/redemptions", "/api/v1/schools"):
        response = await client.get(url, headers=orphan)
        assert response.status_code == 200
        assert response.json()["items"] == []
