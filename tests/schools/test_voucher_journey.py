"""A voucher from issue to hand-over over HTTP: the admin issues, the school asks, the workshop
reserves by scanning and hands over, the school registers its own purchase and gives a
broken device back. Every step checks the rows and events it must write, and no more."""

from __future__ import annotations

from inventory.devices.tables import Event
from inventory.schools.tables import Redemption, RedemptionDevice, Voucher
from tests.helpers import device_at
from tests.schools.conftest import issue, request_units


async def counts() -> tuple[int, int, int]:
    return await Redemption.count(), await RedemptionDevice.count(), await Event.count()


async def test_full_voucher_journey_for_admin_school_and_technician(client, auth, schools) -> None:
    admin, school, tech = auth.admin, schools.school_a, auth.technician
    voucher = await issue(
        client, admin, schools.programme["id"], schools.a["id"], quantity=3, category="laptop"
    )
    code = voucher["code"]
    assert voucher["status"] == "issued"
    assert (voucher["quantity"], voucher["remaining"]) == (3, 3)
    assert len(code) == 14 and code[4] == code[9] == "-"

    # The school finds its voucher however it types the code.
    typed = code.replace("-", "").lower()
    seen = await client.get(f"/api/v1/vouchers/{typed}", headers=school)
    assert seen.status_code == 200, seen.text
    assert seen.json()["code"] == code

    before = await counts()
    asked = await request_units(client, school, typed, 2)
    assert asked.status_code == 201, asked.text
    redemption = asked.json()
    assert (redemption["status"], redemption["quantity"], redemption["reserved"]) == ("requested", 2, 0)
    assert await counts() == (before[0] + 1, before[1], before[2])
    voucher = (await client.get(f"/api/v1/vouchers/{code}", headers=school)).json()
    assert (voucher["status"], voucher["remaining"]) == ("partially_redeemed", 1)

    # The workshop's queue shows the request.
    queue = await client.get("/api/v1/redemptions", params={"status": "requested"}, headers=tech)
    assert [item["id"] for item in queue.json()["items"]] == [redemption["id"]]

    laptops = [await device_at(client, tech, "available") for _ in range(3)]
    tablet = await device_at(client, tech, "available", category="tablet", make="Lenovo", model="Tab M10")
    rid = redemption["id"]
    reserve = f"/api/v1/redemptions/{rid}/reserve"

    before = await counts()
    wrong_kind = await client.post(reserve, json={"asset_tag": tablet}, headers=tech)
    assert wrong_kind.status_code == 409
    assert wrong_kind.json()["reason"] == "wrong_category"
    assert tablet in wrong_kind.json()["detail"]
    assert await counts() == before

    first = await client.post(reserve, json={"asset_tag": laptops[0].lower()}, headers=tech)
    assert first.status_code == 200, first.text
    assert first.json()["reserved"] == 1
    assert [d["asset_tag"] for d in first.json()["devices"]] == [laptops[0]]
    assert await counts() == (before[0], before[1] + 1, before[2] + 1)
    device = (await client.get(f"/api/v1/devices/{laptops[0]}", headers=tech)).json()
    assert device["stage"] == "reserved"

    too_early = await client.post(f"/api/v1/redemptions/{rid}/hand-over", headers=tech)
    assert too_early.status_code == 409
    assert "1 of 2" in too_early.json()["detail"]

    assert (await client.post(reserve, json={"asset_tag": laptops[1]}, headers=tech)).status_code == 200
    before = await counts()
    full = await client.post(reserve, json={"asset_tag": laptops[2]}, headers=tech)
    assert full.status_code == 409
    assert await counts() == before
    assert (await client.get(f"/api/v1/devices/{laptops[2]}", headers=tech)).json()["stage"] == "available"

    handed = await client.post(f"/api/v1/redemptions/{rid}/hand-over", headers=tech)
    assert handed.status_code == 200, handed.text
    assert handed.json()["status"] == "handed_over"
    assert handed.json()["delivery_note_number"] == "RL-DN-000001"
    assert await counts() == (before[0], before[1], before[2] + 2)
    for tag in laptops[:2]:
        device = (await client.get(f"/api/v1/devices/{tag}", headers=tech)).json()
        assert (device["stage"], device["school_id"], device["owner"]) == ("allocated", 1, "school")
        history = (await client.get(f"/api/v1/devices/{tag}/events", headers=tech)).json()["items"]
        assert [e["action"] for e in history][-2:] == ["reserve", "hand_over"]
        assert history[-1]["data"]["voucher_code"] == code
        assert history[-1]["data"]["delivery_note_number"] == "RL-DN-000001"
    again = await client.post(f"/api/v1/redemptions/{rid}/hand-over", headers=tech)
    assert again.status_code == 409

    note = await client.get(f"/api/v1/redemptions/{rid}/delivery-note.pdf", headers=school)
    assert note.status_code == 200
    assert note.headers["content-type"] == "application/pdf"

    # The last unit: asked, then cancelled, then spent on the school's own purchase.
    last = await request_units(client, school, code, 1)
    assert last.status_code == 201
    assert (await client.get(f"/api/v1/vouchers/{code}", headers=school)).json()["status"] == "redeemed"
    refused = await request_units(client, school, code, 1)
    assert refused.status_code == 409
    assert "fully redeemed" in refused.json()["detail"]
    cancelled = await client.post(
        f"/api/v1/redemptions/{last.json()['id']}/cancel",
        json={"reason": "ordered ourselves"},
        headers=school,
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    voucher = (await client.get(f"/api/v1/vouchers/{code}", headers=school)).json()
    assert (voucher["status"], voucher["remaining"]) == ("partially_redeemed", 1)

    before = await counts()
    bought = await client.post(
        f"/api/v1/vouchers/{code}/equipment",
        json={
            "category": "laptop",
            "make": "HP",
            "model": "ProBook 450",
            "serial_number": "5CD1234XYZ",
            "supplier": "Informatique Sàrl",
            "invoice_ref": "F-2026-118",
        },
        headers=school,
    )
    assert bought.status_code == 201, bought.text
    purchase = bought.json()
    assert purchase["device"]["funding"] == "voucher"
    assert purchase["device"]["voucher_code"] == code
    assert (purchase["device"]["school_id"], purchase["device"]["owner"]) == (1, "school")
    # The school's own new equipment never passes the workshop: it is the school's at once.
    assert purchase["device"]["stage"] == "allocated"
    assert (purchase["redemption"]["kind"], purchase["redemption"]["status"]) == ("purchase", "registered")
    assert purchase["redemption"]["reference"] == "F-2026-118"
    assert await counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
    voucher = (await client.get(f"/api/v1/vouchers/{code}", headers=school)).json()
    assert (voucher["status"], voucher["remaining"]) == ("redeemed", 0)

    # The school's own view: what it holds, and its redemptions.
    holding = (await client.get("/api/v1/schools/1/devices", headers=school)).json()["items"]
    assert sorted(d["asset_tag"] for d in holding) == sorted([*laptops[:2], purchase["device"]["asset_tag"]])
    mine = (await client.get("/api/v1/redemptions", headers=school)).json()["items"]
    assert [(r["kind"], r["status"]) for r in mine] == [
        ("workshop", "handed_over"),
        ("workshop", "cancelled"),
        ("purchase", "registered"),
    ]

    # A broken laptop goes back to the workshop, which must wipe it before anyone else gets it.
    before = await counts()
    given_back = await client.post(
        f"/api/v1/schools/1/devices/{laptops[0]}/return",
        json={"reason": "broken", "notes": "screen cracked"},
        headers=school,
    )
    assert given_back.status_code == 200, given_back.text
    assert given_back.json()["device"]["stage"] == "returned"
    assert given_back.json()["device"]["school_id"] is None
    assert given_back.json()["event"]["data"] == {
        "school_id": 1,
        "reason": "broken",
        "notes": "screen cracked",
    }
    assert await counts() == (before[0], before[1], before[2] + 1)
    holding = (await client.get("/api/v1/schools/1/devices", headers=school)).json()["items"]
    assert laptops[0] not in {d["asset_tag"] for d in holding}
    lend_attempt = await client.post(
        f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": laptops[0]}, headers=tech
    )
    assert lend_attempt.status_code == 409

    assert await Voucher.count() == 1
