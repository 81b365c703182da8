"""POST /api/v1/devices by a school (docs/product.md, roles): only its own voucher-funded equipment."""

from __future__ import annotations

from tests.conftest import make_user, token_headers


async def test_a_school_registers_what_it_bought_through_the_devices_endpoint(client, auth) -> None:
    school = await client.post(
        "/api/v1/schools", json={"name": "École A", "fase_number": "1001"}, headers=auth.admin
    )
    other = await client.post(
        "/api/v1/schools", json={"name": "École B", "fase_number": "1002"}, headers=auth.admin
    )
    programme = await client.post("/api/v1/programmes", json={"name": "Plan de relance"}, headers=auth.admin)
    vouchers = {}
    for name, created in (("a", school), ("b", other)):
        voucher = await client.post(
            "/api/v1/vouchers",
            json={
                "programme_id": programme.json()["id"],
                "school_id": created.json()["id"],
                "quantity": 1,
                "expires_on": "2030-06-30",
            },
            headers=auth.admin,
        )
        assert voucher.status_code == 201, voucher.text
        vouchers[name] = voucher.json()["code"]
    staff = await token_headers(await make_user("ecole.b", "school", school_id=other.json()["id"]))
    body = {"category": "tablet", "make": "Lenovo", "model": "Tab M10", "funding": "voucher"}

    theirs = await client.post("/api/v1/devices", json={**body, "voucher_code": vouchers["a"]}, headers=staff)
    assert theirs.status_code == 404  # another school's voucher is not revealed

    mine = await client.post(
        "/api/v1/devices", json={**body, "voucher_code": vouchers["b"].lower()}, headers=staff
    )
    assert mine.status_code == 201, mine.text
    device = mine.json()
    assert (device["stage"], device["owner"], device["funding"]) == ("allocated", "school", "voucher")
    voucher = (await client.get(f"/api/v1/vouchers/{vouchers['b']}", headers=staff)).json()
    assert (voucher["remaining"], voucher["status"]) == (0, "redeemed")
