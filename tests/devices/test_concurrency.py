"""Racing actions on one device: exactly one wins, the others get 409, nothing half-done stays."""

from __future__ import annotations

import asyncio

from inventory.devices.tables import Event, WipeRecord
from tests.helpers import PASSED_WIPE, REFURBISHMENT, act, device_at


async def test_twenty_concurrent_wipes_of_one_device_give_exactly_one_success(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    events_before = await Event.count()
    responses = await asyncio.gather(
        *(act(client, auth.technician, tag, "wipe", PASSED_WIPE) for _ in range(20))
    )
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] + [409] * 19, [r.text for r in responses if r.status_code not in (200, 409)]
    assert await Event.count() == events_before + 1
    # The losers' wipe records and certificate numbers were rolled back with them.
    assert await WipeRecord.count() == 1
    refused = next(r for r in responses if r.status_code == 409).json()
    assert "refurbish" in refused["allowed_actions"]


async def test_twenty_concurrent_mixed_actions_leave_a_consistent_history(client, auth) -> None:
    """Different actions may legitimately succeed one after the other (refurbish, then repair);
    what must hold is that every success is a step of one unbroken chain of stages."""
    tag = await device_at(client, auth.technician, "wiped")
    calls = [
        act(client, auth.technician, tag, "refurbish", REFURBISHMENT)
        if index % 2
        else act(client, auth.technician, tag, "send_to_repair", {"reason": "race"})
        for index in range(20)
    ]
    responses = await asyncio.gather(*calls)
    winners = [r for r in responses if r.status_code == 200]
    assert all(r.status_code in (200, 409) for r in responses)
    assert 1 <= len(winners) <= 2
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    history = (await client.get(f"/api/v1/devices/{tag}/events", headers=auth.technician)).json()["items"]
    assert len(history) == 2 + len(winners)  # intake, wipe, then one event per success
    for previous, event in zip(history, history[1:], strict=False):
        assert event["from_stage"] == previous["to_stage"]
    assert history[-1]["to_stage"] == device["stage"]


async def test_concurrent_intakes_get_distinct_tags(client, auth) -> None:
    bodies = [
        {"category": "phone", "make": "Samsung", "model": "A52", "serial_number": f"S{i}"} for i in range(20)
    ]
    responses = await asyncio.gather(
        *(client.post("/api/v1/devices", json=body, headers=auth.technician) for body in bodies)
    )
    assert all(r.status_code == 201 for r in responses)
    tags = {r.json()["asset_tag"] for r in responses}
    assert tags == {f"RL-{n:06d}" for n in range(1, 21)}


async def test_concurrent_intakes_of_the_same_serial_register_it_once(client, auth) -> None:
    body = {"category": "phone", "make": "Samsung", "model": "A52", "serial_number": "SAME"}
    responses = await asyncio.gather(
        *(client.post("/api/v1/devices", json=body, headers=auth.technician) for _ in range(10))
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9


async def test_twenty_wipes_racing_through_two_server_processes_give_exactly_one_success(
    client, auth, database_url, tmp_path
) -> None:
    """As with `relais serve --workers 2`: the processes share only the database, which alone
    decides the winner (on SQLite, the in-process write lock does not span processes)."""
    import contextlib

    import httpx

    from tests.live_server import live_server

    tag = await device_at(client, auth.technician, "received")
    events_before = await Event.count()
    with contextlib.ExitStack() as servers:
        urls = [servers.enter_context(live_server(database_url, tmp_path)) for _ in range(2)]
        async with httpx.AsyncClient(timeout=60) as http:
            responses = await asyncio.gather(
                *(
                    http.post(
                        f"{urls[index % 2]}/api/v1/devices/{tag}/actions/wipe",
                        json=PASSED_WIPE,
                        headers=auth.technician,
                    )
                    for index in range(20)
                )
            )
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] + [409] * 19, [r.text for r in responses if r.status_code not in (200, 409)]
    assert await Event.count() == events_before + 1
    assert await WipeRecord.count() == 1
