"""A technician counts the northern antenna's shelves: what is missing, what belongs elsewhere,
what should not be on a shelf at all, and the count kept as history."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from inventory.devices.stock_tables import StockCount, StockScan
from inventory.devices.tables import Event
from tests.helpers import act, device_at

SITE = "antenne-nord"


async def open_count(client, headers, site: str = SITE):
    return await client.post(
        "/api/v1/stock-counts", json={"site": site, "notes": "Inventaire"}, headers=headers
    )


async def scan(client, headers, count_id: int, code: str) -> dict:
    response = await client.post(
        f"/api/v1/stock-counts/{count_id}/scans", json={"code": code}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def lend(client, auth, tag: str) -> None:
    beneficiary = await client.post(
        "/api/v1/beneficiaries",
        json={
            "full_name": "Olena Kovalenko",
            "language": "en",
            "consent_recorded_on": date.today().isoformat(),
        },
        headers=auth.social_worker,
    )
    assert beneficiary.status_code == 201, beneficiary.text
    due_on = (date.today() + timedelta(days=30)).isoformat()
    loan = await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": beneficiary.json()["id"], "due_on": due_on},
        headers=auth.social_worker,
    )
    assert loan.status_code == 201, loan.text


async def shelves(client, auth) -> dict[str, str]:
    """Devices of the northern antenna and around it, each in a telling situation."""
    tech = auth.technician
    tags = {
        "a": await device_at(client, tech, "available", site=SITE, serial_number="SER-A"),
        "b": await device_at(client, tech, "available", site=SITE),
        "c": await device_at(client, tech, "available", site=SITE),
        "f": await device_at(client, tech, "received", site=SITE, donor_ref="FIN/77"),
        "d": await device_at(client, tech, "available", site="epn-marolles"),
        "e": await device_at(client, tech, "available", site=SITE),
        "g": await device_at(client, tech, "received", site=SITE),
        "h": await device_at(client, tech, "available", site=SITE),
    }
    await lend(client, auth, tags["e"])
    retirement = {"reason": "broken", "destruction_certificate_ref": "DC-77"}
    assert (await act(client, tech, tags["g"], "retire", retirement)).status_code == 200
    assert (await act(client, tech, tags["h"], "transfer", {"site": "epn-marolles"})).status_code == 200
    return tags


async def test_a_count_finds_missing_misplaced_and_off_shelf_devices(client, auth, sites) -> None:
    tech = auth.technician
    tags = await shelves(client, auth)
    opened = await open_count(client, tech)
    assert opened.status_code == 201, opened.text
    count = opened.json()
    assert (count["site"], count["status"], count["opened_by"], count["scanned"]) == (SITE, "open", "tech", 0)
    count_id = count["id"]

    first = await scan(client, tech, count_id, tags["a"])
    assert (first["status"], first["finding"], first["message"]) == (
        "counted",
        "found",
        f"{tags['a']} compté.",
    )
    again = await scan(client, tech, count_id, " ser-a ")  # the same laptop, by its serial
    assert (again["status"], again["message"]) == ("already_counted", f"{tags['a']} était déjà compté.")
    assert (await scan(client, tech, count_id, "fin/77"))["device"]["asset_tag"] == tags["f"]
    misplaced = await scan(client, tech, count_id, tags["d"])
    assert misplaced["finding"] == "misplaced"
    assert misplaced["message"] == (
        f"{tags['d']} est enregistré à Epn-Marolles\u202f: transférez-le ici une fois le comptage terminé."
    )
    off_shelf = await scan(client, tech, count_id, tags["e"])
    assert off_shelf["finding"] == "off_shelf"
    assert off_shelf["message"] == f"{tags['e']} ne devrait pas être en rayon\u202f: il est en prêt."
    for _ in range(2):
        unknown = await scan(client, tech, count_id, "NOPE-1")
        assert (unknown["status"], unknown["device"]) == ("unknown", None)
        assert (
            unknown["message"]
            == "Aucun appareil n'a le code NOPE-1\u202f: mettez-le de côté et enregistrez-le."
        )
    # Each device and each unknown code once.
    assert await StockScan.count() == 5

    live = (await client.get(f"/api/v1/stock-counts/{count_id}/result", headers=tech)).json()
    closed = await client.post(f"/api/v1/stock-counts/{count_id}/close", headers=tech)
    assert closed.status_code == 200, closed.text
    result = closed.json()
    assert live | {"status": "closed", "closed_at": None, "closed_by": ""} == result | {
        "closed_at": None,
        "closed_by": "",
    }
    assert (result["status"], result["closed_by"]) == ("closed", "tech")
    # A, B, C and F are on this site's shelves; the lent, retired and sent-away ones are not.
    assert (result["expected"], result["scanned"], result["found"]) == (4, 4, 2)
    assert [d["asset_tag"] for d in result["missing"]] == sorted([tags["b"], tags["c"]])
    assert [(d["asset_tag"], d["site"]) for d in result["misplaced"]] == [(tags["d"], "epn-marolles")]
    assert [(d["asset_tag"], d["stage"]) for d in result["off_shelf"]] == [(tags["e"], "on_loan")]
    assert result["unknown_codes"] == ["NOPE-1"]

    refused = await client.post(
        f"/api/v1/stock-counts/{count_id}/scans", json={"code": tags["b"]}, headers=tech
    )
    assert refused.status_code == 409
    assert await StockScan.count() == 5


async def test_one_click_transfer_registers_a_misplaced_device_here(client, auth, sites) -> None:
    tech = auth.technician
    here = await device_at(client, tech, "available", site=SITE)
    elsewhere = await device_at(client, tech, "available", site="epn-marolles")
    not_scanned = await device_at(client, tech, "available", site="epn-marolles")
    count_id = (await open_count(client, tech)).json()["id"]
    await scan(client, tech, count_id, elsewhere)
    await scan(client, tech, count_id, here)
    frozen = (await client.post(f"/api/v1/stock-counts/{count_id}/close", headers=tech)).json()

    events_before = await Event.count()
    moved = await client.post(
        f"/api/v1/stock-counts/{count_id}/move-here", json={"asset_tag": elsewhere}, headers=tech
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["device"]["site"] == SITE
    assert moved.json()["device"]["transfer_to"] is None
    assert [(e["action"], e["data"].get("to_site")) for e in moved.json()["events"]] == [
        ("transfer", SITE),
        ("receive_transfer", SITE),
    ]
    assert await Event.count() == events_before + 2
    # The count keeps what it found that day.
    assert (await client.get(f"/api/v1/stock-counts/{count_id}/result", headers=tech)).json() == frozen

    for tag, status in ((not_scanned, 400), (here, 409), (elsewhere, 409)):
        response = await client.post(
            f"/api/v1/stock-counts/{count_id}/move-here", json={"asset_tag": tag}, headers=tech
        )
        assert response.status_code == status, (tag, response.text)
    assert await Event.count() == events_before + 2


async def test_one_count_open_per_site_and_counts_kept_as_history(client, auth, sites) -> None:
    tech = auth.technician
    first = (await open_count(client, tech)).json()
    second = await open_count(client, auth.admin)
    assert second.status_code == 409
    assert second.json()["count_id"] == first["id"]
    assert (await open_count(client, tech, "epn-marolles")).status_code == 201
    await scan(client, tech, first["id"], "UNKNOWN-9")
    await client.post(f"/api/v1/stock-counts/{first['id']}/close", headers=tech)
    assert (await open_count(client, tech)).status_code == 201
    listed = (await client.get("/api/v1/stock-counts", params={"site": SITE}, headers=tech)).json()["items"]
    assert [(c["status"], c["unknown"]) for c in listed] == [("open", 0), ("closed", 1)]
    scans = (await client.get(f"/api/v1/stock-counts/{first['id']}/scans", headers=tech)).json()["items"]
    assert [(s["code"], s["asset_tag"], s["scanned_by"]) for s in scans] == [("UNKNOWN-9", None, "tech")]
    closed_again = await client.post(f"/api/v1/stock-counts/{first['id']}/close", headers=tech)
    assert closed_again.status_code == 409
    assert (await client.get("/api/v1/stock-counts/999", headers=tech)).status_code == 404
    assert (await open_count(client, tech, "nowhere")).status_code == 400


async def test_a_code_shared_by_two_devices_asks_for_the_asset_tag(client, auth, sites) -> None:
    await device_at(client, auth.technician, "available", site=SITE, make="Dell", serial_number="SAME-1")
    await device_at(client, auth.technician, "available", site=SITE, make="HP", serial_number="SAME-1")
    count_id = (await open_count(client, auth.technician)).json()["id"]
    outcome = await scan(client, auth.technician, count_id, "same-1")
    assert (outcome["status"], outcome["device"]) == ("ambiguous", None)
    assert (
        outcome["message"]
        == "Plusieurs appareils ont le code same-1\u202f: scannez l'étiquette d'inventaire."
    )
    assert await StockScan.count() == 0


async def test_stations_scanning_the_same_device_at_once_count_it_once(client, auth, sites) -> None:
    tag = await device_at(client, auth.technician, "available", site=SITE)
    count_id = (await open_count(client, auth.technician)).json()["id"]
    outcomes = await asyncio.gather(*(scan(client, auth.technician, count_id, tag) for _ in range(6)))
    assert sorted(o["status"] for o in outcomes) == ["already_counted"] * 5 + ["counted"]
    assert await StockScan.count() == 1


async def test_who_may_take_stock(client, auth, sites) -> None:
    tag = await device_at(client, auth.technician, "available", site=SITE)
    assert (await open_count(client, {})).status_code == 401
    for role in ("social_worker", "school"):
        assert (await open_count(client, auth.of(role))).status_code == 403
    assert await StockCount.count() == 0
    count_id = (await open_count(client, auth.technician)).json()["id"]
    assert await StockCount.count() == 1
    url = f"/api/v1/stock-counts/{count_id}/scans"
    assert (await client.post(url, json={"code": tag})).status_code == 401
    for role in ("social_worker", "school"):
        assert (await client.post(url, json={"code": tag}, headers=auth.of(role))).status_code == 403
        assert (
            await client.get(f"/api/v1/stock-counts/{count_id}/result", headers=auth.of(role))
        ).status_code == 403
    assert await StockScan.count() == 0
    assert (await client.post(url, json={"code": tag}, headers=auth.admin)).status_code == 200
    assert await StockScan.count() == 1
    for body in ({}, {"code": ""}, {"code": "x" * 101}, {"code": "A", "extra": 1}):
        response = await client.post(url, json=body, headers=auth.technician)
        assert response.status_code == 400, body
    assert await StockScan.count() == 1
