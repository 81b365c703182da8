"""The wipe chain of custody over HTTP, on SQLite and PostgreSQL: no device reaches a beneficiary
or a school without a passed wipe after its last custody change; in transit blocks what would
lose it; retirement needs proof; a lost device found comes back to be wiped."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta

import httpx
import pytest

from inventory.devices.tables import Device, Event
from inventory.loans.tables import Loan
from tests.helpers import PASSED_WIPE, REFURBISHMENT, act, device_at, device_lost, intake
from tests.live_server import live_server

PHYSICAL_DESTRUCTION = {"method": "physical-destruction", "result": "passed", "tool": "shredder"}


@pytest.fixture(autouse=True)
async def sites(client, auth) -> None:
    for code in ("workshop", "bus", "epn"):
        created = await client.post(
            "/api/v1/sites", json={"code": code, "name": code.title(), "kind": "workshop"}, headers=auth.admin
        )
        assert created.status_code == 201, created.text


async def device(client, headers, tag: str) -> dict:
    response = await client.get(f"/api/v1/devices/{tag}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def event_count() -> int:
    return await Event.count()


async def beneficiary(client, headers) -> int:
    response = await client.post(
        "/api/v1/beneficiaries",
        json={
            "full_name": "Samira Haddad",
            "language": "fr",
            "consent_recorded_on": date.today().isoformat(),
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def lend(client, headers, tag: str, beneficiary_id: int | None = None) -> httpx.Response:
    return await client.post(
        "/api/v1/loans",
        json={
            "asset_tag": tag,
            "beneficiary_id": beneficiary_id or await beneficiary(client, headers),
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
        },
        headers=headers,
    )


async def walk(client, headers, tag: str, *steps: tuple[str, dict]) -> None:
    for action, body in steps:
        response = await act(client, headers, tag, action, body)
        assert response.status_code == 200, (action, response.text)


WORKSHOP_PATH = (("wipe", PASSED_WIPE), ("refurbish", REFURBISHMENT), ("label", {}))


async def redemption(client, admin: dict[str, str], quantity: int = 1) -> int:
    """A school's request for `quantity` devices against a new voucher; returns its id."""
    school = await client.post(
        "/api/v1/schools", json={"name": "École du Parc", "fase_number": "4242"}, headers=admin
    )
    assert school.status_code == 201, school.text
    programme = await client.post("/api/v1/programmes", json={"name": "Plan de relance"}, headers=admin)
    assert programme.status_code == 201, programme.text
    voucher = await client.post(
        "/api/v1/vouchers",
        json={
            "programme_id": programme.json()["id"],
            "school_id": school.json()["id"],
            "quantity": quantity,
            "expires_on": (date.today() + timedelta(days=60)).isoformat(),
        },
        headers=admin,
    )
    assert voucher.status_code == 201, voucher.text
    requested = await client.post(
        f"/api/v1/vouchers/{voucher.json()['code']}/redemptions", json={"quantity": quantity}, headers=admin
    )
    assert requested.status_code == 201, requested.text
    return requested.json()["id"]


# Repair never stands in for a wipe ------------------------------------------------------------


async def test_a_never_wiped_device_comes_back_from_repair_received_to_be_wiped(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "received")
    await walk(client, tech, tag, ("send_to_repair", {"reason": "hinge"}))
    finished = await act(client, tech, tag, "finish_repair", {"notes": "new hinge"})
    assert finished.status_code == 200, finished.text
    repaired = finished.json()["device"]
    assert repaired["stage"] == "received"
    assert repaired["wiped_since_custody_change"] is False
    assert finished.json()["event"]["data"]["storage_replaced"] is False
    # It cannot be refurbished or labelled into stock: the next step is a wipe.
    assert repaired["allowed_actions"] == ["wipe", "send_to_repair", "retire", "transfer"]
    assert (await act(client, tech, tag, "refurbish", REFURBISHMENT)).status_code == 409
    certificate = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=tech)
    assert certificate.status_code == 404


async def test_a_returned_device_repaired_before_its_wipe_cannot_be_lent_again(client, auth) -> None:
    tech, sw = auth.technician, auth.social_worker
    tag = await device_at(client, tech, "available")
    loan = await lend(client, sw, tag)
    assert loan.status_code == 201, loan.text
    back = await client.post(
        f"/api/v1/loans/{loan.json()['id']}/return", json={"condition": "damaged"}, headers=sw
    )
    assert back.status_code == 200, back.text
    assert (await device(client, tech, tag))["wiped_since_custody_change"] is False
    await walk(client, tech, tag, ("send_to_repair", {"reason": "screen"}))
    repaired = (await act(client, tech, tag, "finish_repair", {})).json()["device"]
    assert repaired["stage"] == "received"  # not `wiped` on the strength of the previous loan's wipe
    before = await event_count()
    refused = await lend(client, sw, tag)
    assert refused.status_code == 409
    assert "lend" not in refused.json()["allowed_actions"]
    assert await event_count() == before
    assert await Loan.count().where(Loan.status == "active") == 0
    # The wipe after the return makes it lendable, through the whole workshop path.
    await walk(client, tech, tag, *WORKSHOP_PATH)
    assert (await lend(client, sw, tag)).status_code == 201


async def test_a_repair_keeps_the_wipe_only_when_no_storage_was_replaced(client, auth) -> None:
    tech = auth.technician
    kept = await device_at(client, tech, "available")
    await walk(client, tech, kept, ("send_to_repair", {"reason": "keyboard"}))
    back = (await act(client, tech, kept, "finish_repair", {"storage_replaced": False})).json()["device"]
    assert (back["stage"], back["wiped_since_custody_change"]) == ("wiped", True)

    replaced = await device_at(client, tech, "available")
    await walk(client, tech, replaced, ("send_to_repair", {"reason": "disk"}))
    response = await act(
        client, tech, replaced, "finish_repair", {"storage_replaced": True, "notes": "new SSD"}
    )
    assert response.json()["device"]["stage"] == "received"
    assert response.json()["device"]["wiped_since_custody_change"] is False
    assert response.json()["event"]["data"]["storage_replaced"] is True


async def test_every_device_answer_carries_the_same_allowed_actions_as_a_scan(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "available")
    await walk(client, tech, tag, ("transfer", {"site": "bus"}))
    scanned = (await client.get(f"/api/v1/scan/{tag}", headers=tech)).json()
    assert scanned["device"]["allowed_actions"] == scanned["allowed_actions"]
    assert (await device(client, tech, tag))["allowed_actions"] == scanned["allowed_actions"]
    listed = (await client.get("/api/v1/devices", headers=tech)).json()["items"]
    assert [d["allowed_actions"] for d in listed if d["asset_tag"] == tag] == [scanned["allowed_actions"]]


# In transit -----------------------------------------------------------------------------------


async def test_a_device_in_transit_can_be_neither_lent_labelled_nor_retired(client, auth) -> None:
    tech, sw = auth.technician, auth.social_worker
    available = await device_at(client, tech, "available")
    refurbished = await device_at(client, tech, "refurbished")
    for tag in (available, refurbished):
        await walk(client, tech, tag, ("transfer", {"site": "bus"}))
    before = await event_count()
    lent = await lend(client, sw, available)
    assert lent.status_code == 409
    assert lent.json()["reason"] == "in_transit"
    assert "cancel_transfer" in lent.json()["allowed_actions"]
    for tag, action, body in (
        (refurbished, "label", {}),
        (available, "retire", {"reason": "recycled", "destruction_certificate_ref": "DC-1"}),
    ):
        refused = await act(client, tech, tag, action, body)
        assert refused.status_code == 409, refused.text
        assert refused.json()["reason"] == "in_transit"
    assert await event_count() == before
    assert await Loan.count() == 0
    assert (await device(client, tech, available))["stage"] == "available"


async def test_a_cancelled_transfer_leaves_the_device_where_it_was_and_free_again(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "available", site="workshop")
    await walk(client, tech, tag, ("transfer", {"site": "bus"}))
    cancelled = await act(client, tech, tag, "cancel_transfer", {"notes": "van broke down"})
    assert cancelled.status_code == 200, cancelled.text
    body = cancelled.json()
    assert (body["device"]["site"], body["device"]["transfer_to"]) == ("workshop", None)
    assert body["event"]["data"] == {"from_site": "workshop", "to_site": "bus", "notes": "van broke down"}
    assert "lend" in body["device"]["allowed_actions"]
    again = await act(client, tech, tag, "cancel_transfer", {})
    assert again.status_code == 409
    assert (await lend(client, auth.social_worker, tag)).status_code == 201


async def test_the_destination_is_cleared_whenever_the_transfer_ends(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "available", site="workshop")
    await walk(client, tech, tag, ("transfer", {"site": "bus"}), ("receive_transfer", {}))
    arrived = await device(client, tech, tag)
    assert (arrived["site"], arrived["transfer_to"]) == ("bus", None)
    assert await Device.count().where(Device.transfer_to.is_not_null()) == 0


async def test_a_device_in_transit_cannot_be_reserved_or_handed_over_to_a_school(client, auth) -> None:
    tech, admin = auth.technician, auth.admin
    rid = await redemption(client, admin, quantity=1)
    moving = await device_at(client, tech, "available")
    await walk(client, tech, moving, ("transfer", {"site": "bus"}))
    reserve = await client.post(
        f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": moving}, headers=tech
    )
    assert reserve.status_code == 409
    assert reserve.json()["reason"] == "in_transit"
    # Reserved, then sent away: the hand-over waits for it, and nothing of it is kept.
    tag = await device_at(client, tech, "available")
    reserved = await client.post(f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": tag}, headers=tech)
    assert reserved.status_code == 200, reserved.text
    await walk(client, tech, tag, ("transfer", {"site": "bus"}))
    before = await event_count()
    handed = await client.post(f"/api/v1/redemptions/{rid}/hand-over", headers=tech)
    assert handed.status_code == 409, handed.text
    assert await event_count() == before
    status = (await client.get(f"/api/v1/redemptions/{rid}", headers=admin)).json()["status"]
    assert status == "requested"
    await walk(client, tech, tag, ("receive_transfer", {}))
    assert (await client.post(f"/api/v1/redemptions/{rid}/hand-over", headers=tech)).status_code == 200
    assert (await device(client, tech, tag))["stage"] == "allocated"


async def test_a_school_gets_no_device_without_a_wipe_since_its_last_custody_change(client, auth) -> None:
    """The school path reads the same rule: a device on the shelf that no wipe covers (a row
    from before the rule) is refused at reservation, then wiped where it stands."""
    tech, admin = auth.technician, auth.admin
    rid = await redemption(client, admin, quantity=1)
    tag = await device_at(client, tech, "available")
    await Device.update({Device.wiped_since_custody_change: False}).where(Device.asset_tag == tag)
    before = await event_count()
    refused = await client.post(f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": tag}, headers=tech)
    assert refused.status_code == 409, refused.text
    assert refused.json()["reason"] == "not_wiped_since_custody_change"
    assert "wipe" in refused.json()["allowed_actions"]
    assert await event_count() == before
    assert (await client.get(f"/api/v1/redemptions/{rid}", headers=admin)).json()["reserved"] == 0
    await walk(client, tech, tag, *WORKSHOP_PATH)
    reserved = await client.post(f"/api/v1/redemptions/{rid}/reserve", json={"asset_tag": tag}, headers=tech)
    assert reserved.status_code == 200, reserved.text
    assert (await client.post(f"/api/v1/redemptions/{rid}/hand-over", headers=tech)).status_code == 200
    # Given back by the school: a custody change, so the wipe no longer covers it.
    school_id = (await device(client, tech, tag))["school_id"]
    back = await client.post(
        f"/api/v1/schools/{school_id}/devices/{tag}/return", json={"reason": "broken"}, headers=admin
    )
    assert back.status_code == 200, back.text
    returned = await device(client, tech, tag)
    assert (returned["stage"], returned["wiped_since_custody_change"]) == ("returned", False)


# Racing a transfer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("retire", {"reason": "recycled"}),
        ("transfer", {"site": "epn"}),
    ],
)
async def test_a_transfer_racing_an_action_it_blocks_lets_exactly_one_win(client, auth, action, body) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "available", site="workshop")
    before = await event_count()
    responses = await asyncio.gather(
        *(
            act(client, tech, tag, "transfer", {"site": "bus"})
            if index % 2
            else act(client, tech, tag, action, body)
            for index in range(10)
        )
    )
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] + [409] * 9, [r.text for r in responses if r.status_code not in (200, 409)]
    assert await event_count() == before + 1
    final = await device(client, tech, tag)
    winner = next(r for r in responses if r.status_code == 200).json()
    assert final["stage"] == winner["device"]["stage"]
    assert (final["transfer_to"] is not None) == (winner["event"]["action"] == "transfer")


async def test_a_transfer_racing_a_loan_lets_exactly_one_win(client, auth) -> None:
    tech, sw = auth.technician, auth.social_worker
    tag = await device_at(client, tech, "available", site="workshop")
    person = await beneficiary(client, sw)
    before = await event_count()
    responses = await asyncio.gather(
        *(
            act(client, tech, tag, "transfer", {"site": "bus"})
            if index % 2
            else lend(client, sw, tag, person)
            for index in range(10)
        )
    )
    codes = sorted(response.status_code for response in responses)
    assert codes in ([200] + [409] * 9, [201] + [409] * 9), [r.text for r in responses]
    assert await event_count() == before + 1
    final = await device(client, tech, tag)
    assert (final["stage"] == "on_loan") == (final["transfer_to"] is None)
    assert await Loan.count() == (1 if final["stage"] == "on_loan" else 0)


async def test_a_transfer_and_a_retirement_racing_through_two_server_processes_let_one_win(
    client, auth, database_url, tmp_path
) -> None:
    """As with `relais serve --workers 2`: only the database decides the winner."""
    tech = auth.technician
    tags = [await device_at(client, tech, "available", site="workshop") for _ in range(3)]
    before = await event_count()
    with contextlib.ExitStack() as servers:
        urls = [servers.enter_context(live_server(database_url, tmp_path)) for _ in range(2)]
        async with httpx.AsyncClient(timeout=60) as http:
            calls = []
            for tag in tags:
                for index in range(6):
                    action, body = (
                        ("transfer", {"site": "bus"}) if index % 2 else ("retire", {"reason": "recycled"})
                    )
                    calls.append(
                        http.post(
                            f"{urls[index % 2]}/api/v1/devices/{tag}/actions/{action}",
                            json=body,
                            headers=tech,
                        )
                    )
            responses = await asyncio.gather(*calls)
    for position, tag in enumerate(tags):
        mine = responses[position * 6 : position * 6 + 6]
        codes = sorted(response.status_code for response in mine)
        assert codes == [200] + [409] * 5, (tag, [r.text for r in mine])
        final = await device(client, tech, tag)
        assert (final["stage"] == "retired") == (final["transfer_to"] is None)
    assert await event_count() == before + len(tags)


@pytest.mark.parametrize(
    ("stage", "action", "body"),
    [
        ("available", "send_to_repair", {"reason": "race"}),
        ("refurbished", "label", {}),
        ("received", "wipe", PASSED_WIPE),
    ],
)
async def test_with_if_match_a_transfer_racing_any_action_lets_exactly_one_win(
    client, auth, stage, action, body
) -> None:
    """Actions a transfer does not block could follow it; clients who name the version they
    saw (If-Match) get exactly one winner among them whatever the actions."""
    tech = auth.technician
    tag = await device_at(client, tech, stage, site="workshop")
    seen = await client.get(f"/api/v1/devices/{tag}", headers=tech)
    assert seen.headers["etag"] == f'"{seen.json()["version"]}"'
    headers = {**tech, "If-Match": seen.headers["etag"]}
    before = await event_count()
    responses = await asyncio.gather(
        *(
            act(client, headers, tag, "transfer", {"site": "bus"})
            if index % 2
            else act(client, headers, tag, action, body)
            for index in range(10)
        )
    )
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] + [409] * 9, [r.text for r in responses if r.status_code not in (200, 409)]
    assert await event_count() == before + 1


async def test_a_stale_if_match_is_refused_and_changes_nothing(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "available", site="workshop")
    version = (await device(client, tech, tag))["version"]
    await walk(client, tech, tag, ("transfer", {"site": "bus"}))
    before = await event_count()
    stale = await act(client, {**tech, "If-Match": f'"{version}"'}, tag, "cancel_transfer", {})
    assert stale.status_code == 409
    assert stale.json()["reason"] == "version_changed"
    assert await event_count() == before
    current = (await device(client, tech, tag))["version"]
    assert (
        await act(client, {**tech, "If-Match": str(current)}, tag, "cancel_transfer", {})
    ).status_code == 200


@pytest.mark.parametrize("value", ["abc", '"1', "1,2", "-1"])
async def test_a_malformed_if_match_is_400_naming_it(client, auth, value) -> None:
    tag = await device_at(client, auth.technician, "received")
    response = await act(
        client, {**auth.technician, "If-Match": value}, tag, "send_to_repair", {"reason": "x"}
    )
    assert response.status_code == 400, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["if_match"]


# Retirement with proof ------------------------------------------------------------------------


async def test_an_unwiped_device_is_retired_only_with_a_proof_of_destruction(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "received")
    before = await event_count()
    refused = await act(client, tech, tag, "retire", {"reason": "recycled", "recycler_ref": "REC-1"})
    assert refused.status_code == 409
    assert refused.json()["reason"] == "destruction_proof_missing"
    assert refused.json()["reason"] == "destruction_proof_missing"
    assert "destruction certificate number" in refused.json()["detail"]
    assert "physical destruction" in refused.json()["detail"]
    assert "retire" in refused.json()["allowed_actions"]
    assert await event_count() == before
    retired = await act(
        client,
        tech,
        tag,
        "retire",
        {"reason": "recycled", "destruction_certificate_ref": "  RECUPEL-2026-00017 "},
    )
    assert retired.status_code == 200, retired.text
    assert retired.json()["event"]["data"]["destruction_certificate_ref"] == "RECUPEL-2026-00017"
    assert retired.json()["device"]["stage"] == "retired"


async def test_a_physical_destruction_recorded_first_is_proof_enough(client, auth) -> None:
    tech = auth.technician
    tag = await device_at(client, tech, "available")
    loan = await lend(client, auth.social_worker, tag)
    await client.post(
        f"/api/v1/loans/{loan.json()['id']}/return", json={"condition": "damaged"}, headers=tech
    )
    await walk(client, tech, tag, ("wipe", PHYSICAL_DESTRUCTION))
    retired = await act(client, tech, tag, "retire", {"reason": "parts"})
    assert retired.status_code == 200, retired.text
    assert "destruction_certificate_ref" not in retired.json()["event"]["data"]


async def test_a_wiped_device_is_retired_without_more_proof(client, auth) -> None:
    tag = await device_at(client, auth.technician, "wiped")
    assert (await act(client, auth.technician, tag, "retire", {"reason": "parts"})).status_code == 200


@pytest.mark.parametrize(
    "reference",
    ["RECUPEL\n2026", "DC-1\n", "a\rb", "tab\there", "", "   ", "R" * 101, 42, ["DC-1"], "line\u2028break"],
    ids=[
        "newline",
        "trailing-newline",
        "carriage-return",
        "tab",
        "empty",
        "blank",
        "too-long",
        "number",
        "list",
        "line-separator",
    ],
)
async def test_a_bad_destruction_certificate_reference_is_400_naming_it(client, auth, reference) -> None:
    tag = await device_at(client, auth.technician, "received")
    before = await event_count()
    response = await act(
        client,
        auth.technician,
        tag,
        "retire",
        {"reason": "recycled", "destruction_certificate_ref": reference},
    )
    assert response.status_code == 400, response.text
    assert "destruction_certificate_ref" in [error["field"] for error in response.json()["errors"]]
    assert await event_count() == before
    assert (await device(client, auth.technician, tag))["stage"] == "received"


@pytest.mark.parametrize(
    ("stage", "action", "body", "field"),
    [
        ("in_repair", "finish_repair", {"storage_replaced": "yes"}, "storage_replaced"),
        ("in_repair", "finish_repair", {"storage_replaced": [True]}, "storage_replaced"),
        ("in_transit", "cancel_transfer", {"notes": "n" * 4001}, "notes"),
        ("in_transit", "cancel_transfer", {"site": "bus"}, "site"),
        ("lost", "found", {"notes": 7}, "notes"),
        ("lost", "found", {"found_on": "2026-01-01"}, "found_on"),
    ],
)
async def test_a_bad_body_of_a_new_action_is_400_naming_the_field(
    client, auth, stage, action, body, field
) -> None:
    tech = auth.technician
    if stage == "lost":
        tag = await device_lost(client, auth)
    else:
        tag = await device_at(client, tech, "available")
        step = ("send_to_repair", {"reason": "x"}) if stage == "in_repair" else ("transfer", {"site": "bus"})
        await walk(client, tech, tag, step)
    before = await event_count()
    response = await act(client, tech, tag, action, body)
    assert response.status_code == 400, response.text
    assert field in [error["field"] for error in response.json()["errors"]], response.text
    assert await event_count() == before


# Lost, then found -----------------------------------------------------------------------------


async def test_a_found_device_comes_back_returned_to_be_wiped_and_its_loan_stays_lost(client, auth) -> None:
    tech = auth.technician
    tag = await device_lost(client, auth)
    lost = await device(client, tech, tag)
    assert lost["stage"] == "lost"
    assert "found" in lost["allowed_actions"]
    found = await act(client, tech, tag, "found", {"notes": "left at the antenna's desk"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["device"]["stage"] == "returned"
    assert body["device"]["wiped_since_custody_change"] is False
    assert body["device"]["allowed_actions"] == ["wipe", "send_to_repair", "retire", "transfer"]
    assert body["event"]["from_stage"] == "lost"
    loan = (await Loan.select().where(Loan.device.asset_tag == tag))[0]
    assert loan["status"] == "lost"
    assert loan["found_on"] is not None
    assert body["event"]["data"]["loan_id"] == loan["id"]
    assert body["event"]["data"]["found_on"] == loan["found_on"].isoformat()
    shown = (await client.get(f"/api/v1/loans/{loan['id']}", headers=auth.social_worker)).json()
    assert (shown["status"], shown["found_on"]) == ("lost", loan["found_on"].isoformat())
    # Found is a custody change: lent again only after a new wipe.
    assert (await lend(client, auth.social_worker, tag)).status_code == 409
    await walk(client, tech, tag, *WORKSHOP_PATH)
    assert (await lend(client, auth.social_worker, tag)).status_code == 201


async def test_only_a_lost_device_can_be_found(client, auth) -> None:
    tag = await device_at(client, auth.technician, "available")
    before = await event_count()
    refused = await act(client, auth.technician, tag, "found", {})
    assert refused.status_code == 409
    assert "found" not in refused.json()["allowed_actions"]
    assert await event_count() == before


async def test_a_device_found_twice_is_refused_the_second_time(client, auth) -> None:
    tag = await device_lost(client, auth)
    responses = await asyncio.gather(*(act(client, auth.technician, tag, "found", {}) for _ in range(6)))
    assert sorted(r.status_code for r in responses) == [200] + [409] * 5
    assert await Event.count().where(Event.action == "found") == 1


async def test_the_new_actions_write_one_event_for_an_admin_and_refuse_other_roles(client, auth) -> None:
    tag = (await intake(client, auth.technician, site="workshop"))["asset_tag"]
    await walk(client, auth.technician, tag, ("transfer", {"site": "bus"}))
    for role in (auth.social_worker, auth.school):
        assert (await act(client, role, tag, "cancel_transfer", {})).status_code == 403
    assert (await client.post(f"/api/v1/devices/{tag}/actions/cancel_transfer", json={})).status_code == 401
    before = await event_count()
    assert (await act(client, auth.admin, tag, "cancel_transfer", {})).status_code == 200
    assert await event_count() == before + 1
