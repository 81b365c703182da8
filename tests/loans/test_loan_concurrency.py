"""Racing loans of one device: exactly one wins; the database itself refuses a second active loan."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from inventory import db
from inventory.devices.tables import Device, Event
from inventory.loans import service
from inventory.loans.tables import Loan, Reminder
from tests.helpers import device_at
from tests.loans.loan_steps import in_days, lend, local_today, register


async def test_twenty_concurrent_loans_of_one_device_give_exactly_one_201(client, auth) -> None:
    tag = await device_at(client, auth.technician, "available")
    people = [await register(client, auth.social_worker, full_name=f"Personne {n}") for n in range(20)]
    events_before = await Event.count()
    responses = await asyncio.gather(
        *(
            client.post(
                "/api/v1/loans",
                json={"asset_tag": tag, "beneficiary_id": person["id"], "due_on": in_days(30)},
                headers=auth.social_worker,
            )
            for person in people
        )
    )
    codes = sorted(response.status_code for response in responses)
    assert codes == [201] + [409] * 19, [r.text for r in responses if r.status_code not in (201, 409)]
    assert await Loan.count() == 1
    assert await Event.count() == events_before + 1
    winner = next(r for r in responses if r.status_code == 201).json()
    # Only the winner's reminders exist: the losers' rows went with their transactions.
    assert await Reminder.count() == await Reminder.count().where(Reminder.loan == winner["id"])
    refused = next(r for r in responses if r.status_code == 409).json()
    assert "allowed_actions" in refused


async def test_the_database_refuses_a_second_active_loan_of_a_device(client, auth) -> None:
    loan = await lend(client, auth.social_worker, auth.technician)
    row = await Loan.select().where(Loan.id == loan["id"]).first()
    now = datetime.now(UTC)
    with pytest.raises(Exception) as refused:
        async with db.transaction():
            await Loan.insert(
                Loan(
                    device=row["device"],
                    beneficiary=row["beneficiary"],
                    social_worker=row["social_worker"],
                    starts_on=local_today(),
                    due_on=row["due_on"],
                    status="active",
                    created_at=now,
                    updated_at=now,
                )
            )
    assert db.is_unique_violation(refused.value)
    assert service._device_already_lent(refused.value)
    # Closed loans of the same device are fine: the index only covers active ones.
    async with db.transaction():
        await Loan.update({Loan.status: "returned", Loan.closed_at: now}).where(Loan.id == loan["id"])
        await Loan.insert(
            Loan(
                device=row["device"],
                beneficiary=row["beneficiary"],
                social_worker=row["social_worker"],
                starts_on=local_today(),
                due_on=row["due_on"],
                status="active",
                created_at=now,
                updated_at=now,
            )
        )
    assert await Loan.count().where(Loan.device == row["device"]) == 2
    assert await Device.count() == 1


async def test_a_return_racing_a_report_of_loss_leaves_one_outcome(client, auth) -> None:
    loan = await lend(client, auth.social_worker, auth.technician)
    url = f"/api/v1/loans/{loan['id']}"
    calls = [
        client.post(f"{url}/return", json={"condition": "good"}, headers=auth.social_worker)
        if index % 2
        else client.post(f"{url}/report-lost", json={}, headers=auth.social_worker)
        for index in range(10)
    ]
    responses = await asyncio.gather(*calls)
    winners = [r for r in responses if r.status_code == 200]
    assert len(winners) == 1, [r.text for r in responses]
    assert all(r.status_code == 409 for r in responses if r not in winners)
    final = (await client.get(url, headers=auth.social_worker)).json()
    device = (await client.get(f"/api/v1/devices/{loan['asset_tag']}", headers=auth.social_worker)).json()
    assert final["status"] == winners[0].json()["status"]
    assert device["stage"] == {"returned": "returned", "lost": "lost"}[final["status"]]
