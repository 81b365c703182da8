"""A social worker's whole loan over HTTP: register, lend, renew, return; and what a technician sees."""

from __future__ import annotations

from datetime import date

from inventory.devices.tables import Event
from inventory.loans.tables import Beneficiary, Loan, Reminder
from tests.helpers import act, device_at
from tests.loans.loan_steps import in_days, lend, local_today, register


async def test_a_loan_from_registration_to_return(client, auth) -> None:
    sw = auth.social_worker
    await client.post(
        "/api/v1/sites",
        json={"code": "antenne-nord", "name": "Antenne Nord", "kind": "antenna"},
        headers=auth.admin,
    )
    beneficiary = await register(
        client,
        sw,
        full_name="  Çağrı   Öztürk ",
        language="nl",
        phone="0470 12 34 56",
        email="cagri@example.org",
        site="antenne-nord",
    )
    assert beneficiary["reference"] == f"B-{local_today().year}-00001"
    assert beneficiary["full_name"] == "Çağrı Öztürk"
    assert beneficiary["social_worker"] == "sw"
    assert beneficiary["site"] == "antenne-nord"

    tag = await device_at(client, auth.technician, "available")
    events_before = await Event.count()
    response = await client.post(
        "/api/v1/loans",
        json={
            "asset_tag": tag.lower(),
            "beneficiary_id": beneficiary["id"],
            "due_on": in_days(60),
            "accessories": ["chargeur", "housse"],
            "notes": "Pour ses démarches en ligne",
        },
        headers=sw,
    )
    assert response.status_code == 201, response.text
    loan = response.json()
    assert loan["status"] == "active"
    assert loan["asset_tag"] == tag
    assert loan["starts_on"] == local_today().isoformat()
    assert loan["due_on"] == in_days(60)
    assert loan["beneficiary_id"] == beneficiary["id"]
    # Words naming a known kind become the kind's code, in the vocabulary's order.
    assert loan["accessories"] == ["charger", "case"]
    assert loan["accessories_other"] == []
    assert loan["site"] == "antenne-nord"
    assert loan["overdue"] is False
    assert await Event.count() == events_before + 1
    device = (await client.get(f"/api/v1/devices/{tag}", headers=sw)).json()
    assert device["stage"] == "on_loan"
    seen_by_workshop = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert seen_by_workshop["on_loan_until"] == in_days(60)
    lend_event = (await client.get(f"/api/v1/devices/{tag}/events", headers=sw)).json()["items"][-1]
    assert lend_event["action"] == "lend"
    assert lend_event["data"] == {"loan_id": loan["id"], "due_on": in_days(60)}

    reminder_list = (await client.get(f"/api/v1/loans/{loan['id']}/reminders", headers=sw)).json()
    assert reminder_list["next_cursor"] is None  # a loan's reminders come in one page
    reminders = reminder_list["items"]
    assert [(r["kind"], r["offset_days"]) for r in reminders] == [
        ("before_due", -7),
        ("due_day", 0),
        ("after_due", 3),
        ("escalation", 10),
        ("decision", 30),
    ]
    assert {r["status"] for r in reminders} == {"scheduled"}
    # No SMTP or SMS configured in this test: the beneficiary would get letters.
    assert [r["channel"] for r in reminders] == ["letter", "letter", "letter", "worklist", "worklist"]

    listed = (await client.get("/api/v1/loans?status=active", headers=sw)).json()["items"]
    assert [item["id"] for item in listed] == [loan["id"]]
    assert (await client.get("/api/v1/loans?status=overdue", headers=sw)).json()["items"] == []
    found = (await client.get("/api/v1/beneficiaries?q=cagri ozturk", headers=sw)).json()["items"]
    assert [item["id"] for item in found] == [beneficiary["id"]]

    renewed = await client.post(f"/api/v1/loans/{loan['id']}/renew", json={"due_on": in_days(90)}, headers=sw)
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["due_on"] == in_days(90)
    assert renewed.json()["renewals"] == 1
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert device["on_loan_until"] == in_days(90)

    returned = await client.post(
        f"/api/v1/loans/{loan['id']}/return", json={"condition": "damaged", "notes": "écran fêlé"}, headers=sw
    )
    assert returned.status_code == 200, returned.text
    body = returned.json()
    assert body["status"] == "returned"
    assert body["return_condition"] == "damaged"
    assert body["closing_notes"] == "écran fêlé"
    device = (await client.get(f"/api/v1/devices/{tag}", headers=sw)).json()
    assert (device["stage"], device["on_loan_until"]) == ("returned", None)
    history = (await client.get(f"/api/v1/devices/{tag}/events", headers=sw)).json()["items"]
    assert [e["action"] for e in history][-2:] == ["lend", "return"]
    assert history[-1]["data"] == {"loan_id": loan["id"], "condition": "damaged"}
    statuses = {
        r["status"]
        for r in (await client.get(f"/api/v1/loans/{loan['id']}/reminders", headers=sw)).json()["items"]
    }
    assert statuses == {"cancelled"}

    # A returned device must be wiped again before it can be lent.
    again = await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": beneficiary["id"], "due_on": in_days(30)},
        headers=sw,
    )
    assert again.status_code == 409
    assert "wipe" in again.json()["allowed_actions"]
    assert (
        await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=sw)
    ).status_code == 409


async def test_a_technician_sees_that_a_device_is_on_loan_and_until_when_but_not_who_holds_it(
    client, auth
) -> None:
    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=20)
    seen = await client.get(f"/api/v1/loans/{loan['id']}", headers=auth.technician)
    assert seen.status_code == 200
    assert seen.json() == {
        "id": loan["id"],
        "asset_tag": loan["asset_tag"],
        "status": "active",
        "due_on": in_days(20),
    }
    assert (await client.get("/api/v1/loans", headers=auth.technician)).status_code == 403
    returned = await client.post(
        f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=auth.technician
    )
    assert returned.status_code == 200
    assert returned.json() == {
        "id": loan["id"],
        "asset_tag": loan["asset_tag"],
        "status": "returned",
        "due_on": in_days(20),
    }
    from inventory.loans.service import active_loan_for_device

    device_id = (await Loan.select(Loan.device).where(Loan.id == loan["id"]).first())["device"]
    assert await active_loan_for_device(device_id) is None


async def test_report_lost_ends_the_loan_and_the_device(client, auth) -> None:
    loan = await lend(client, auth.social_worker, auth.technician)
    lost = await client.post(
        f"/api/v1/loans/{loan['id']}/report-lost", json={"notes": "volé"}, headers=auth.social_worker
    )
    assert lost.status_code == 200, lost.text
    assert lost.json()["status"] == "lost"
    device = (await client.get(f"/api/v1/devices/{loan['asset_tag']}", headers=auth.social_worker)).json()
    assert device["stage"] == "lost"
    assert await Reminder.count().where(Reminder.status != "cancelled") == 0
    assert (await client.get("/api/v1/loans?status=lost", headers=auth.social_worker)).json()["items"][0][
        "id"
    ] == loan["id"]


async def test_active_loan_for_device_gives_id_and_due_date(client, auth) -> None:
    from inventory.loans.service import active_loan_for_device

    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=12)
    device_id = (await Loan.select(Loan.device).where(Loan.id == loan["id"]).first())["device"]
    found = await active_loan_for_device(device_id)
    assert found is not None
    assert found.id == loan["id"]
    assert found.due_on.isoformat() == in_days(12)


async def test_references_count_up_within_the_year(client, auth) -> None:
    first = await register(client, auth.social_worker)
    second = await register(client, auth.admin, full_name="محمد علي")
    year = local_today().year
    assert (first["reference"], second["reference"]) == (f"B-{year}-00001", f"B-{year}-00002")
    assert await Beneficiary.count() == 2
    by_reference = (
        await client.get(f"/api/v1/beneficiaries?q={second['reference'].lower()}", headers=auth.social_worker)
    ).json()
    assert [b["id"] for b in by_reference["items"]] == [second["id"]]
    assert by_reference["items"][0]["full_name"] == "محمد علي"


async def test_the_wipe_after_return_makes_the_device_lendable_again(client, auth) -> None:
    loan = await lend(client, auth.social_worker, auth.technician)
    await client.post(
        f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=auth.technician
    )
    from tests.helpers import PASSED_WIPE, REFURBISHMENT

    for action, body in (("wipe", PASSED_WIPE), ("refurbish", REFURBISHMENT), ("label", {})):
        assert (await act(client, auth.technician, loan["asset_tag"], action, body)).status_code == 200
    second = await client.post(
        "/api/v1/loans",
        json={
            "asset_tag": loan["asset_tag"],
            "beneficiary_id": loan["beneficiary_id"],
            "due_on": in_days(10),
        },
        headers=auth.social_worker,
    )
    assert second.status_code == 201, second.text
    assert await Loan.count().where(Loan.status == "active") == 1


async def test_changing_a_beneficiarys_details_replans_their_pending_reminders(client, auth, mail) -> None:
    sw = auth.social_worker
    person = await register(client, sw, language="fr")
    loan = await lend(client, sw, auth.technician, beneficiary=person, due_in_days=20)
    url = f"/api/v1/loans/{loan['id']}/reminders"
    before = (await client.get(url, headers=sw)).json()["items"]
    assert [(r["channel"], r["language"]) for r in before if r["recipient"] == "beneficiary"] == [
        ("letter", "fr")
    ] * 3
    changed = await client.patch(
        f"/api/v1/beneficiaries/{person['id']}",
        json={"email": "new@example.org", "language": "en"},
        headers=sw,
    )
    assert changed.status_code == 200
    after = (await client.get(url, headers=sw)).json()["items"]
    assert [(r["channel"], r["language"]) for r in after if r["recipient"] == "beneficiary"] == [
        ("email", "en")
    ] * 3
    # The social worker's reminders keep the social worker's language.
    assert {r["language"] for r in after if r["recipient"] == "social_worker"} == {"fr"}


async def test_lists_page_with_a_cursor(client, auth) -> None:
    sw = auth.social_worker
    people = [await register(client, sw, full_name=f"Personne {n}") for n in range(5)]
    first = (await client.get("/api/v1/beneficiaries?limit=3", headers=sw)).json()
    assert [b["id"] for b in first["items"]] == [p["id"] for p in people[:3]]
    rest = (
        await client.get(f"/api/v1/beneficiaries?limit=3&cursor={first['next_cursor']}", headers=sw)
    ).json()
    assert [b["id"] for b in rest["items"]] == [p["id"] for p in people[3:]]
    assert rest["next_cursor"] is None


async def test_a_schedule_with_two_kinds_on_one_day_still_lends(client, auth) -> None:
    from inventory.settings import ReminderSettings, get_settings, use_settings

    rules = ReminderSettings(after_due_days=(3, 10), escalation_days=10)
    use_settings(get_settings().with_overrides(reminders=rules))
    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=20)
    reminders = (await client.get(f"/api/v1/loans/{loan['id']}/reminders", headers=auth.social_worker)).json()
    assert [(r["kind"], r["offset_days"]) for r in reminders["items"]] == [
        ("before_due", -7),
        ("due_day", 0),
        ("after_due", 3),
        ("after_due", 10),
        ("escalation", 10),
        ("decision", 30),
    ]


async def test_a_loan_is_overdue_from_the_day_after_its_due_date_in_brussels(
    client, auth, monkeypatch
) -> None:
    """Due on the 10th: still on time at 23:30 on the 10th in Brussels (22:30 UTC), overdue
    half an hour later (23:00 UTC on the 10th, already the 11th in Brussels)."""
    from datetime import UTC, datetime

    from inventory.loans import service

    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, due_in_days=30)
    await Loan.update({Loan.due_on: date(2026, 12, 10)}).where(Loan.id == loan["id"])

    async def overdue_ids() -> list[int]:
        listed = await client.get("/api/v1/loans", params={"status": "overdue"}, headers=sw)
        return [item["id"] for item in listed.json()["items"]]

    monkeypatch.setattr(service, "now", lambda: datetime(2026, 12, 10, 22, 30, tzinfo=UTC))
    assert await overdue_ids() == []
    assert (await client.get(f"/api/v1/loans/{loan['id']}", headers=sw)).json()["overdue"] is False

    monkeypatch.setattr(service, "now", lambda: datetime(2026, 12, 10, 23, 0, tzinfo=UTC))
    assert await overdue_ids() == [loan["id"]]
    seen = (await client.get(f"/api/v1/loans/{loan['id']}", headers=sw)).json()
    assert (seen["overdue"], seen["status"]) == (True, "active")
    # Returned, it is no longer overdue.
    returned = await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=sw)
    assert returned.status_code == 200 and returned.json()["overdue"] is False
    assert await overdue_ids() == []
