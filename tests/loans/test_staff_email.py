"""Escalations (D+10) and decisions (D+30) are also e-mailed to the social worker who has an
address, in their language, through the reminders' outbox: exactly once, and after downtime only
the latest step, as for beneficiaries. Received by a real SMTP server on loopback."""

from __future__ import annotations

from datetime import timedelta

from inventory.loans import reminders
from inventory.loans.tables import Reminder, WorklistEntry
from tests.loans.loan_steps import lend, local_moment, local_today, register


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
