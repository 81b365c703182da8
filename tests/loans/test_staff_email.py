"""Escalations (D+10), decisions (D+30) and waiting-list matches are also e-mailed to the social
worker who has an address, in their language, through the reminders' outbox: exactly once, and
after downtime only the latest step, as for beneficiaries. Received by a real SMTP server on
loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inventory.loans import reminders
from inventory.loans.tables import Reminder, WorklistEntry
from tests.helpers import device_at
from tests.loans.loan_steps import in_days, lend, local_moment, local_today, register


async def _staff_address(client, auth, email: str | None, language: str = "nl") -> None:
    from inventory.accounts.tables import User

    await User.update({User.language: language}).where(User.id == auth.users["social_worker"]["id"])
    response = await client.patch(
        f"/api/v1/users/{auth.users['social_worker']['id']}", json={"email": email}, headers=auth.admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["email"] == email


async def test_escalation_and_decision_reach_the_social_workers_mailbox_once_each(client, auth, mail) -> None:
    await _staff_address(client, auth, "sophie@cpas.example")
    sw = auth.social_worker
    person = await register(client, sw, full_name="Geen E-mail")
    loan = await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    due = local_today() + timedelta(days=10)

    await reminders.sweep(local_moment(due + timedelta(days=10)))
    await reminders.sweep(local_moment(due + timedelta(days=10), 11))  # a second sweep sends nothing new
    staff = [m for m in mail.received if m.recipients == ["sophie@cpas.example"]]
    assert len(staff) == 1
    escalation = staff[0]
    assert escalation.language == "nl"
    assert (
        escalation.subject == f"De lening van {loan['asset_tag']} ({person['reference']}) is 10 dagen te laat"
    )
    assert "neem contact op met de begunstigde" in escalation.body
    assert "Geen E-mail" not in escalation.body  # a reference, never the name
    assert "loan-" in str(escalation.message["Message-ID"])

    await reminders.sweep(local_moment(due + timedelta(days=30)))
    staff = [m for m in mail.received if m.recipients == ["sophie@cpas.example"]]
    assert len(staff) == 2 and "Beslis" in staff[1].subject
    rows = {
        row["kind"]: row
        for row in await Reminder.select().where(
            (Reminder.loan == loan["id"]) & (Reminder.recipient == "social_worker")
        )
    }
    assert {kind: (row["status"], row["channel"]) for kind, row in rows.items()} == {
        "escalation": ("sent", "email"),
        "decision": ("sent", "email"),
    }
    # The worklist still has both entries: e-mail is in addition, not instead.
    actions = sorted(
        row["action"]
        for row in await WorklistEntry.select(WorklistEntry.action).where(WorklistEntry.loan == loan["id"])
    )
    assert actions.count("contact_beneficiary") == 1 and actions.count("decide") == 1


async def test_after_downtime_the_social_worker_gets_only_the_latest_step(client, auth, mail) -> None:
    await _staff_address(client, auth, "sophie@cpas.example", language="fr")
    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, due_in_days=10)
    await reminders.sweep(local_moment(local_today() + timedelta(days=60)))
    staff = [m for m in mail.received if m.recipients == ["sophie@cpas.example"]]
    assert len(staff) == 1 and staff[0].language == "fr"
    assert staff[0].subject.startswith("Décidez")
    escalation = (
        await Reminder.select().where((Reminder.loan == loan["id"]) & (Reminder.kind == "escalation")).first()
    )
    assert escalation["status"] == "skipped" and escalation["skip_reason"] == "superseded"


async def test_without_an_address_the_social_worker_has_only_the_worklist(client, auth, mail) -> None:
    await _staff_address(client, auth, None)
    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=10)
    await reminders.sweep(local_moment(local_today() + timedelta(days=20)))
    escalation = (
        await Reminder.select().where((Reminder.loan == loan["id"]) & (Reminder.kind == "escalation")).first()
    )
    assert (escalation["status"], escalation["channel"]) == ("sent", "worklist")
    assert mail.received == []


async def test_only_a_coordinator_sets_a_staff_address_and_it_must_be_one(client, auth) -> None:
    target = f"/api/v1/users/{auth.users['social_worker']['id']}"
    assert (
        await client.patch(target, json={"email": "a@b.example"}, headers=auth.social_worker)
    ).status_code == 403
    assert (
        await client.patch(target, json={"email": "not an address"}, headers=auth.admin)
    ).status_code == 400
    listed = (await client.get("/api/v1/users", headers=auth.admin)).json()["items"]
    assert all(user["email"] is None for user in listed)


async def _waiting(client, auth, full_name: str, **fields) -> dict:
    person = await register(client, auth.social_worker, full_name=full_name, **fields)
    response = await client.post(
        "/api/v1/reservations",
        json={"beneficiary_id": person["id"], "category": "laptop"},
        headers=auth.social_worker,
    )
    assert response.status_code == 201, response.text
    return {**response.json(), "reference": person["reference"]}


def _to_staff(mail) -> list:
    return [m for m in mail.received if m.recipients == ["sophie@cpas.example"]]


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("fr", "Liste d'attente\u202f: {tag} est prêt pour {reference}", "premier sur la liste d'attente"),
        ("nl", "Wachtlijst: {tag} staat klaar voor {reference}", "eerste op de wachtlijst"),
    ],
)
async def test_a_device_ready_for_a_waiting_person_is_emailed_to_their_social_worker_once(
    client, auth, mail, language, subject, words
) -> None:
    await _staff_address(client, auth, "sophie@cpas.example", language=language)
    site = await client.post(
        "/api/v1/sites", json={"code": "nord", "name": "Antenne Nord", "kind": "antenna"}, headers=auth.admin
    )
    assert site.status_code == 201, site.text
    waiting = await _waiting(
        client,
        auth,
        "Aïcha Attente",
        email="aicha@example.org",
        postal_address="Rue Haute 12\n1000 Bruxelles",
    )
    tag = await device_at(client, auth.technician, "available", site="nord")

    await reminders.sweep()
    await reminders.sweep()  # a second sweep sends nothing new
    staff = _to_staff(mail)
    assert len(staff) == 1 and len(mail.received) == 1  # nothing to the beneficiary
    match = staff[0]
    assert match.language == language
    assert match.subject == subject.format(tag=tag, reference=waiting["reference"])
    assert words in match.body and "Antenne Nord" in match.body and "Latitude 5490" in match.body
    # The reference and the device, as escalations carry: never the name, address or e-mail.
    for personal in ("Aïcha", "Attente", "Rue Haute", "Bruxelles", "aicha@"):
        assert personal not in match.body and personal not in match.subject
    assert f"reservation-{waiting['id']}" in str(match.message["Message-ID"])

    row = await Reminder.select().where(Reminder.reservation == waiting["id"]).first()
    assert (row["status"], row["channel"], row["language"], row["loan"]) == ("sent", "email", language, None)
    # The worklist keeps the one entry written with the match: e-mail is in addition, not instead.
    entries = await WorklistEntry.select(WorklistEntry.action, WorklistEntry.reminder)
    assert entries == [{"action": "device_available", "reminder": row["id"]}]


async def test_a_match_is_not_emailed_once_the_reservation_is_closed_or_the_entry_settled(
    client, auth, mail
) -> None:
    """The sweep comes after the desk: a reservation fulfilled or cancelled meanwhile, or an
    entry ticked done, makes the news stale, and the match is cancelled rather than sent."""
    await _staff_address(client, auth, "sophie@cpas.example", language="fr")
    sw = auth.social_worker
    fulfilled = await _waiting(client, auth, "Première")
    cancelled = await _waiting(client, auth, "Deuxième")
    ticked = await _waiting(client, auth, "Troisième")
    tags = [await device_at(client, auth.technician, "available") for _ in range(3)]
    offers = {
        row["reservation"]: row
        for row in await WorklistEntry.select(
            WorklistEntry.id, WorklistEntry.reservation, WorklistEntry.device
        )
    }
    assert set(offers) == {fulfilled["id"], cancelled["id"], ticked["id"]}

    done = await client.post(
        f"/api/v1/reservations/{fulfilled['id']}/fulfil",
        json={"asset_tag": tags[0], "due_on": in_days(30)},
        headers=sw,
    )
    assert done.status_code == 200, done.text
    gone = await client.post(
        f"/api/v1/reservations/{cancelled['id']}/cancel", json={"reason": "parti"}, headers=sw
    )
    assert gone.status_code == 200, gone.text
    ticked_off = await client.post(
        "/api/v1/worklist/done", json={"ids": [offers[ticked["id"]]["id"]]}, headers=sw
    )
    assert ticked_off.status_code == 200, ticked_off.text

    report = await reminders.sweep()
    assert mail.received == []
    rows = await Reminder.select(Reminder.reservation, Reminder.status).where(
        Reminder.reservation.is_not_null()
    )
    assert {row["reservation"]: row["status"] for row in rows} == {
        fulfilled["id"]: "cancelled",
        cancelled["id"]: "cancelled",
        ticked["id"]: "cancelled",
    }
    # Closing the reservation cancelled its match at once; only the ticked one reached the sweep.
    assert report.cancelled == 1


async def test_a_match_to_a_social_worker_without_an_address_stays_in_the_worklist(
    client, auth, mail
) -> None:
    await _staff_address(client, auth, None)
    waiting = await _waiting(client, auth, "Sans Adresse")
    await device_at(client, auth.technician, "available")
    await reminders.sweep(datetime.now(UTC) + timedelta(days=1))
    assert mail.received == []
    row = await Reminder.select().where(Reminder.reservation == waiting["id"]).first()
    assert (row["status"], row["channel"]) == ("sent", "worklist")
    assert await WorklistEntry.count() == 1
