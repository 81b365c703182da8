"""Accessories as things that come back: kinds lent, ticked on return, the missing ones recorded on
the loan, the device's history and the worklist; corrections while active go into the loan's history."""

from __future__ import annotations

import asyncio

from inventory.loans.accessories import offered, split, unknown
from inventory.loans.tables import Loan, LoanEvent, WorklistEntry
from inventory.settings import load_settings
from tests.loans.loan_steps import lend, register


def test_known_words_in_three_languages_become_kinds_and_the_rest_stays_text() -> None:
    assert split(["Chargeur", "oplader", "SOURIS", "Sacoche", "clé 4G", "stylet USB-C", "câble"]) == (
        ["charger", "mouse", "bag", "dongle_4g"],
        ["stylet USB-C", "câble"],
    )
    assert split(["charger", "dongle_4g", "  hoes  "]) == (["charger", "case", "dongle_4g"], [])


def test_the_desk_offers_the_configured_kinds_in_their_order() -> None:
    configured = load_settings({"RELAIS_ACCESSORY_KINDS": " Mouse,charger,,teleporter "}).accessory_kinds
    assert configured == ("mouse", "charger", "teleporter")
    assert offered(configured) == ["mouse", "charger"]
    assert unknown(configured) == ["teleporter"]
    assert offered(()) == ["charger", "mouse", "bag", "case", "headset", "keyboard", "dongle_4g", "stylus"]


async def test_a_charger_that_does_not_come_back_makes_the_return_incomplete(client, auth) -> None:
    sw = auth.social_worker
    loan = await lend(
        client, sw, auth.technician, accessories=["chargeur", "mouse", "sacoche", "stylet USB-C"]
    )
    assert loan["accessories"] == ["charger", "mouse", "bag"]
    assert loan["accessories_other"] == ["stylet USB-C"]
    assert (loan["accessories_returned"], loan["accessories_missing"]) == (None, [])

    returned = await client.post(
        f"/api/v1/loans/{loan['id']}/return",
        json={"condition": "good", "accessories_returned": ["mouse", "bag"]},
        headers=sw,
    )
    assert returned.status_code == 200, returned.text
    body = returned.json()
    assert body["return_condition"] == "incomplete"
    assert (body["accessories_returned"], body["accessories_missing"]) == (["mouse", "bag"], ["charger"])

    # The device's history says so (no beneficiary in it) ...
    events = (await client.get(f"/api/v1/devices/{loan['asset_tag']}/events", headers=sw)).json()["items"]
    assert events[-1]["action"] == "return"
    assert events[-1]["data"]["accessories_missing"] == ["charger"]
    # ... and the social worker's worklist asks them to recover it.
    worklist = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    missing = [item for item in worklist if item["action"] == "accessories_missing"]
    assert len(missing) == 1 and missing[0]["loan_id"] == loan["id"]
    assert missing[0]["accessories_missing"] == ["charger"]
    assert "chargeur" in missing[0]["message"]
    # The loan's own history records the return.
    history = (await client.get(f"/api/v1/loans/{loan['id']}/events", headers=sw)).json()["items"]
    assert [event["action"] for event in history] == ["lend", "return"]
    assert history[-1]["data"]["accessories_missing"] == ["charger"]


async def test_a_return_without_a_list_of_accessories_means_all_came_back(client, auth) -> None:
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, accessories=["charger"])
    body = (
        await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "damaged"}, headers=sw)
    ).json()
    assert (body["return_condition"], body["accessories_returned"], body["accessories_missing"]) == (
        "damaged",
        ["charger"],
        [],
    )
    assert await WorklistEntry.count().where(WorklistEntry.action == "accessories_missing") == 0


async def test_an_accessory_that_was_not_lent_cannot_come_back_and_nothing_is_stored(client, auth) -> None:
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, accessories=["charger"])
    for extra in (["charger", "mouse"], ["a banana"]):
        refused = await client.post(
            f"/api/v1/loans/{loan['id']}/return",
            json={"condition": "good", "accessories_returned": extra},
            headers=sw,
        )
        assert refused.status_code == 400, refused.text
        assert refused.json()["field"] == "accessories_returned"
    still = (await client.get(f"/api/v1/loans/{loan['id']}", headers=sw)).json()
    assert still["status"] == "active"


async def test_accessories_and_notes_are_corrected_while_the_loan_is_active(client, auth) -> None:
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, accessories=["charger"], notes="")
    edited = await client.patch(
        f"/api/v1/loans/{loan['id']}",
        json={"accessories": ["charger", "souris", "housse bleue"], "notes": "La souris a été oubliée"},
        headers=sw,
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["accessories"], body["accessories_other"], body["notes"]) == (
        ["charger", "mouse"],
        ["housse bleue"],
        "La souris a été oubliée",
    )
    history = (await client.get(f"/api/v1/loans/{loan['id']}/events", headers=sw)).json()["items"]
    edit = history[-1]
    assert (edit["action"], edit["actor"]) == ("edit", "sw")
    assert edit["data"]["before"] == {"accessories": ["charger"], "accessories_other": [], "notes": ""}
    assert edit["data"]["after"]["accessories"] == ["charger", "mouse"]
    # Nothing changed: no event.
    same = await client.patch(
        f"/api/v1/loans/{loan['id']}", json={"notes": "La souris a été oubliée"}, headers=sw
    )
    assert same.status_code == 200
    assert await LoanEvent.count().where(LoanEvent.action == "edit") == 1
    # A technician may not; a closed loan cannot be edited.
    assert (
        await client.patch(f"/api/v1/loans/{loan['id']}", json={"notes": "x"}, headers=auth.technician)
    ).status_code == 403
    assert (await client.patch(f"/api/v1/loans/{loan['id']}", json={"notes": "x"})).status_code == 401
    await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=sw)
    closed = await client.patch(f"/api/v1/loans/{loan['id']}", json={"notes": "x"}, headers=sw)
    assert closed.status_code == 409 and closed.json()["reason"] == "loan_closed"


async def test_two_corrections_at_once_one_wins(client, auth) -> None:
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician)
    responses = await asyncio.gather(
        *(
            client.patch(f"/api/v1/loans/{loan['id']}", json={"notes": f"version {n}"}, headers=sw)
            for n in range(4)
        )
    )
    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 200 and set(codes) <= {200, 409}
    edits = await LoanEvent.count().where(LoanEvent.action == "edit")
    assert edits == codes.count(200)
    stored = await Loan.select(Loan.notes).where(Loan.id == loan["id"]).first()
    last = (
        await LoanEvent.select(LoanEvent.data)
        .where(LoanEvent.action == "edit")
        .order_by(LoanEvent.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    assert stored["notes"] == last["data"]["after"]["notes"]


async def test_anonymisation_clears_the_address_the_signature_and_the_waiting_list(client, auth) -> None:
    from inventory.loans import service
    from inventory.loans.tables import Beneficiary, Reservation
    from tests.loans.test_beneficiary_retention import months_from_today
    from tests.loans.test_signature import SIGNATURE

    sw = auth.social_worker
    person = await register(client, sw, postal_address="Rue Haute 12\n1000 Bruxelles")
    assert person["postal_address"] == "Rue Haute 12\n1000 Bruxelles"
    loan = await lend(client, sw, auth.technician, beneficiary=person, signature=SIGNATURE)
    assert loan["signed"] is True
    waiting = await client.post(
        "/api/v1/reservations", json={"beneficiary_id": person["id"], "category": "tablet"}, headers=sw
    )
    assert waiting.status_code == 201
    await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=sw)

    assert await service.anonymise_expired(months_from_today(25)) == 1
    row = await Beneficiary.select(Beneficiary.postal_address).where(Beneficiary.id == person["id"]).first()
    assert row["postal_address"] is None
    signed = await Loan.select(Loan.signature_png).where(Loan.id == loan["id"]).first()
    assert signed["signature_png"] is None
    assert await Reservation.count() == 0
