"""The waiting list: positions per category and site in order of request, cancellations move the
ones behind up, fulfilment lends through the loan rules (once), and a device that becomes
available reaches the social worker of the first person waiting."""

from __future__ import annotations

import asyncio

import pytest

from inventory.loans.tables import Loan, Reminder, Reservation, WorklistEntry
from tests.helpers import act, device_at, intake
from tests.loans.loan_steps import in_days, register


async def _site(client, admin: dict[str, str], code: str) -> str:
    response = await client.post(
        "/api/v1/sites", json={"code": code, "name": f"Antenne {code}", "kind": "antenna"}, headers=admin
    )
    assert response.status_code == 201, response.text
    return code


async def _wait(client, headers, beneficiary: dict, category: str = "laptop", **fields) -> dict:
    response = await client.post(
        "/api/v1/reservations",
        json={"beneficiary_id": beneficiary["id"], "category": category, **fields},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_positions_follow_the_order_of_request_per_category_and_site(client, auth) -> None:
    sw = auth.social_worker
    nord = await _site(client, auth.admin, "nord")
    people = [await register(client, sw, full_name=f"Personne {n}") for n in range(4)]
    first = await _wait(client, sw, people[0], site=nord, needed_by=in_days(20), notes="pour ses cours")
    second = await _wait(client, sw, people[1], site=nord)
    elsewhere = await _wait(client, sw, people[2])  # any site: its own queue
    tablet = await _wait(client, sw, people[3], "tablet", site=nord)
    assert (first["position"], first["status"], first["site"]) == (1, "waiting", "nord")
    assert (second["position"], elsewhere["position"], tablet["position"]) == (2, 1, 1)
    assert first["needed_by"] == in_days(20) and first["notes"] == "pour ses cours"

    # Already waiting in that queue: refused, nothing added.
    again = await client.post(
        "/api/v1/reservations",
        json={"beneficiary_id": people[0]["id"], "category": "laptop", "site": nord},
        headers=sw,
    )
    assert again.status_code == 409 and again.json()["reason"] == "already_waiting"

    third = await _wait(client, sw, people[2], site=nord)
    queue = (
        await client.get(f"/api/v1/reservations?category=laptop&site={nord}&status=waiting", headers=sw)
    ).json()
    assert [(item["id"], item["position"]) for item in queue["items"]] == [
        (first["id"], 1),
        (second["id"], 2),
        (third["id"], 3),
    ]

    cancelled = await client.post(
        f"/api/v1/reservations/{first['id']}/cancel", json={"reason": "a trouvé un ordinateur"}, headers=sw
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["position"]) == ("cancelled", None)
    assert cancelled.json()["cancel_reason"] == "a trouvé un ordinateur"
    moved = (await client.get(f"/api/v1/reservations/{third['id']}", headers=sw)).json()
    assert moved["position"] == 2
    assert (await client.get(f"/api/v1/reservations/{second['id']}", headers=sw)).json()["position"] == 1
    twice = await client.post(f"/api/v1/reservations/{first['id']}/cancel", json={"reason": "x"}, headers=sw)
    assert twice.status_code == 409
    assert (await client.get("/api/v1/reservations/999999", headers=sw)).status_code == 404


async def test_two_social_workers_adding_at_once_get_distinct_positions(client, auth) -> None:
    people = [await register(client, auth.social_worker, full_name=f"Personne {n}") for n in range(12)]
    headers = [auth.social_worker, auth.admin]
    responses = await asyncio.gather(
        *(
            client.post(
                "/api/v1/reservations",
                json={"beneficiary_id": person["id"], "category": "laptop"},
                headers=headers[n % 2],
            )
            for n, person in enumerate(people)
        )
    )
    assert [r.status_code for r in responses] == [201] * 12, [r.text for r in responses]
    positions = sorted(r.json()["position"] for r in responses)
    assert positions == list(range(1, 13))
    # And the positions are the order of the ids (the order of request).
    by_id = sorted((r.json()["id"], r.json()["position"]) for r in responses)
    assert [position for _, position in by_id] == list(range(1, 13))


async def test_fulfilling_the_same_reservation_twice_at_once_lends_once(client, auth) -> None:
    sw = auth.social_worker
    person = await register(client, sw)
    reservation = await _wait(client, sw, person)
    tags = [await device_at(client, auth.technician, "available") for _ in range(2)]
    responses = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/reservations/{reservation['id']}/fulfil",
                json={"asset_tag": tag, "due_on": in_days(30), "accessories": ["charger"]},
                headers=sw,
            )
            for tag in tags
        )
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.text for r in responses]
    won = next(r for r in responses if r.status_code == 200).json()
    assert won["reservation"]["status"] == "fulfilled"
    assert won["reservation"]["loan_id"] == won["loan"]["id"]
    assert won["loan"]["beneficiary_id"] == person["id"] and won["loan"]["accessories"] == ["charger"]
    assert await Loan.count() == 1
    stages = {tag: (await client.get(f"/api/v1/devices/{tag}", headers=sw)).json()["stage"] for tag in tags}
    assert sorted(stages.values()) == ["available", "on_loan"]


async def test_a_fulfilment_racing_a_plain_loan_of_the_same_device_leaves_one_loan(client, auth) -> None:
    """The fulfilment lends inside its own transaction: when the plain loan's row gets in
    first, the database refuses the fulfilment's (PostgreSQL aborting what it wrote so far),
    and the answer must still be the 409 of a device lent meanwhile, the reservation waiting.
    On PostgreSQL most rounds take that path (the fulfilment does more before its insert)."""
    sw = auth.social_worker
    for round_number in range(8):
        tag = await device_at(client, auth.technician, "available")
        reservation = await _wait(client, sw, await register(client, sw, full_name=f"Attente {round_number}"))
        walk_in = await register(client, sw, full_name=f"Guichet {round_number}")
        fulfil = client.post(
            f"/api/v1/reservations/{reservation['id']}/fulfil",
            json={"asset_tag": tag, "due_on": in_days(30)},
            headers=sw,
        )
        plain = client.post(
            "/api/v1/loans",
            json={"asset_tag": tag, "beneficiary_id": walk_in["id"], "due_on": in_days(30)},
            headers=sw,
        )
        # Each starts first in turn, so both orders of their statements are tried.
        calls = (fulfil, plain) if round_number % 2 else (plain, fulfil)
        responses = await asyncio.gather(*calls)
        by_path = {str(r.request.url.path): r for r in responses}
        fulfilled, lent = (
            by_path[f"/api/v1/reservations/{reservation['id']}/fulfil"],
            by_path["/api/v1/loans"],
        )
        codes = (fulfilled.status_code, lent.status_code)
        assert codes in ((200, 409), (409, 201)), [r.text for r in responses]
        loser = fulfilled if fulfilled.status_code == 409 else lent
        assert "allowed_actions" in loser.json(), loser.text
        loans = await Loan.select(Loan.id, Loan.beneficiary).where(Loan.device.asset_tag == tag)
        assert len(loans) == 1
        after = (await client.get(f"/api/v1/reservations/{reservation['id']}", headers=sw)).json()
        if fulfilled.status_code == 200:
            assert (after["status"], after["loan_id"]) == ("fulfilled", loans[0]["id"])
            assert loans[0]["beneficiary"] == reservation["beneficiary_id"]
        else:
            assert (after["status"], after["loan_id"], after["position"]) == ("waiting", None, 1)
            assert loans[0]["beneficiary"] == walk_in["id"]
            # Nothing else is left waiting in front of the next round's reservation.
            cancelled = await client.post(
                f"/api/v1/reservations/{reservation['id']}/cancel", json={"reason": "test"}, headers=sw
            )
            assert cancelled.status_code == 200
    # The losers' reminders went with their transactions (or their savepoints).
    kept = [row["id"] for row in await Loan.select(Loan.id)]
    assert await Reminder.count() == await Reminder.count().where(Reminder.loan.is_in(kept))


async def test_fulfilment_goes_through_the_loan_rules(client, auth) -> None:
    sw = auth.social_worker
    person = await register(client, sw)
    reservation = await _wait(client, sw, person)
    not_ready = (await intake(client, auth.technician))["asset_tag"]
    refused = await client.post(
        f"/api/v1/reservations/{reservation['id']}/fulfil",
        json={"asset_tag": not_ready, "due_on": in_days(30)},
        headers=sw,
    )
    assert refused.status_code == 409 and "allowed_actions" in refused.json()
    phone = await device_at(client, auth.technician, "available", category="phone")
    wrong = await client.post(
        f"/api/v1/reservations/{reservation['id']}/fulfil",
        json={"asset_tag": phone, "due_on": in_days(30)},
        headers=sw,
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "asset_tag", wrong.text
    unknown = await client.post(
        f"/api/v1/reservations/{reservation['id']}/fulfil",
        json={"asset_tag": "RL-999999", "due_on": in_days(30)},
        headers=sw,
    )
    assert unknown.status_code == 400
    # Nothing of the refused attempts stayed: the reservation still waits, first in line.
    still = (await client.get(f"/api/v1/reservations/{reservation['id']}", headers=sw)).json()
    assert (still["status"], still["position"]) == ("waiting", 1)
    assert await Loan.count() == 0


async def test_a_device_that_becomes_available_reaches_the_first_waiting_persons_social_worker(
    client, auth
) -> None:
    sw, admin = auth.social_worker, auth.admin
    nord = await _site(client, admin, "nord")
    sud = await _site(client, admin, "sud")
    first = await _wait(client, sw, await register(client, sw, full_name="Première"), site=nord)
    second = await _wait(client, admin, await register(client, sw, full_name="Deuxième"))
    await _wait(client, sw, await register(client, sw, full_name="Au sud"), site=sud)
    assert await WorklistEntry.count() == 0

    # A laptop labelled at the north antenna: the first waiting there (or anywhere) is told.
    tag = await device_at(client, auth.technician, "refurbished", site=nord)
    assert (await act(client, auth.technician, tag, "label")).status_code == 200
    worklist = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    assert [(item["action"], item["reservation_id"], item["asset_tag"]) for item in worklist] == [
        ("device_available", first["id"], tag)
    ]
    item = worklist[0]
    assert item["loan_id"] is None and item["due_on"] is None
    assert item["beneficiary_name"] == "Première"
    assert "attente" in item["message"]  # the social worker's language (French by default)

    # A second laptop there: the next person who has not been offered one (waiting anywhere).
    other = await device_at(client, auth.technician, "refurbished", site=nord)
    await act(client, auth.technician, other, "label")
    offers = await WorklistEntry.select(WorklistEntry.reservation, WorklistEntry.social_worker).where(
        WorklistEntry.reservation.is_not_null()
    )
    assert [row["reservation"] for row in offers] == [first["id"], second["id"]]
    # The admin added the second one, for a beneficiary of the social worker: the worker is told.
    assert {row["social_worker"] for row in offers} == {auth.users["social_worker"]["id"]}

    # A tablet changes nothing for laptop queues.
    tablet = await device_at(client, auth.technician, "refurbished", site=nord, category="tablet")
    await act(client, auth.technician, tablet, "label")
    assert await WorklistEntry.count() == 2

    # Lending the offered device fulfils the reservation and settles its worklist entry.
    done = await client.post(
        f"/api/v1/reservations/{first['id']}/fulfil",
        json={"asset_tag": tag, "due_on": in_days(30)},
        headers=sw,
    )
    assert done.status_code == 200, done.text
    left = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    assert [item["reservation_id"] for item in left] == [second["id"]]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/reservations", None),
        ("POST", "/api/v1/reservations", {"beneficiary_id": 1, "category": "laptop"}),
        ("GET", "/api/v1/reservations/1", None),
        ("POST", "/api/v1/reservations/1/cancel", {"reason": "x"}),
        ("POST", "/api/v1/reservations/1/fulfil", {"asset_tag": "RL-000001", "due_on": "2030-01-01"}),
    ],
)
async def test_the_waiting_list_is_for_social_workers_and_coordinators(
    client, auth, method, path, body
) -> None:
    assert (await client.request(method, path, json=body)).status_code == 401
    for role in ("technician", "school"):
        assert (await client.request(method, path, json=body, headers=auth.of(role))).status_code == 403
    assert await Reservation.count() == 0


async def test_bad_input_is_a_400_naming_the_field(client, auth) -> None:
    sw = auth.social_worker
    person = await register(client, sw)
    for body, field in (
        ({"beneficiary_id": person["id"], "category": "spaceship"}, "category"),
        ({"beneficiary_id": 999_999, "category": "laptop"}, "beneficiary_id"),
        ({"beneficiary_id": person["id"], "category": "laptop", "site": "nowhere"}, "site"),
    ):
        response = await client.post("/api/v1/reservations", json=body, headers=sw)
        assert response.status_code == 400, response.text
        assert field in response.text
    assert await Reservation.count() == 0
    reservation = await _wait(client, sw, person)
    empty = await client.post(
        f"/api/v1/reservations/{reservation['id']}/cancel", json={"reason": " "}, headers=sw
    )
    assert empty.status_code == 400
