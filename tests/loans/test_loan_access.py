"""Each role against each loan endpoint: 401 without a token, 403 for a role that may not, success
with exactly the expected new rows and device events for one that may."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from inventory.devices.tables import Event
from inventory.loans import reminders
from inventory.loans.tables import Beneficiary, Loan, Reminder, WorklistEntry
from tests.loans.loan_steps import in_days, lend, local_moment, local_today, register

ROLES = ["technician", "school", "social_worker", "admin"]
SOCIAL = {"social_worker", "admin"}
STAFF = {"technician", "social_worker", "admin"}


@dataclass
class World:
    """A beneficiary with an active loan due in 10 days whose first reminder went out as a letter."""

    beneficiary: dict[str, Any]
    loan: dict[str, Any]
    entry_id: int
    spare_tag: str


async def make_world(client, auth) -> World:
    from tests.helpers import device_at

    beneficiary = await register(client, auth.admin)
    loan = await lend(client, auth.admin, auth.admin, beneficiary=beneficiary, due_in_days=10)
    await reminders.sweep(local_moment(local_today() + timedelta(days=3)))
    entry = await WorklistEntry.select(WorklistEntry.id).where(WorklistEntry.loan == loan["id"]).first()
    # Admin-made loans belong to the beneficiary's referrer (the admin); give the entry to the
    # social worker too, so that both social roles have something in their worklist.
    await WorklistEntry.update({WorklistEntry.social_worker: auth.users["social_worker"]["id"]}).where(
        WorklistEntry.id == entry["id"]
    )
    await Loan.update({Loan.social_worker: auth.users["social_worker"]["id"]}).where(Loan.id == loan["id"])
    return World(beneficiary, loan, entry["id"], await device_at(client, auth.admin, "available"))


async def snapshot() -> dict[str, int]:
    return {
        "beneficiaries": await Beneficiary.count(),
        "loans": await Loan.count(),
        "active": await Loan.count().where(Loan.status == "active"),
        "events": await Event.count(),
        "reminders": await Reminder.count(),
        "scheduled": await Reminder.count().where(Reminder.status == "scheduled"),
        "open_entries": await WorklistEntry.count().where(WorklistEntry.done_at.is_null()),
    }


def request_for(endpoint: str, world: World) -> tuple[str, str, Any]:
    loan, beneficiary = world.loan["id"], world.beneficiary["id"]
    return {
        "create beneficiary": (
            "POST",
            "/api/v1/beneficiaries",
            {"full_name": "Ana", "language": "fr", "consent_recorded_on": in_days(0)},
        ),
        "list beneficiaries": ("GET", "/api/v1/beneficiaries?q=wój", None),
        "get beneficiary": ("GET", f"/api/v1/beneficiaries/{beneficiary}", None),
        "update beneficiary": ("PATCH", f"/api/v1/beneficiaries/{beneficiary}", {"phone": "0470 00 00 00"}),
        "lend": (
            "POST",
            "/api/v1/loans",
            {"asset_tag": world.spare_tag, "beneficiary_id": beneficiary, "due_on": in_days(20)},
        ),
        "list loans": ("GET", "/api/v1/loans?status=active", None),
        "get loan": ("GET", f"/api/v1/loans/{loan}", None),
        "return": ("POST", f"/api/v1/loans/{loan}/return", {"condition": "good"}),
        "renew": ("POST", f"/api/v1/loans/{loan}/renew", {"due_on": in_days(40)}),
        "report lost": ("POST", f"/api/v1/loans/{loan}/report-lost", {"notes": "perdu"}),
        "agreement": ("GET", f"/api/v1/loans/{loan}/agreement.pdf", None),
        "reminders": ("GET", f"/api/v1/loans/{loan}/reminders", None),
        "worklist": ("GET", "/api/v1/worklist", None),
        "tick off": ("POST", "/api/v1/worklist/done", {"ids": [world.entry_id]}),
        "letters": ("GET", "/api/v1/worklist/letters.pdf", None),
    }[endpoint]


# endpoint -> (roles allowed, how the counts move on success)
MATRIX: dict[str, tuple[set[str], dict[str, int]]] = {
    "create beneficiary": (SOCIAL, {"beneficiaries": 1}),
    "list beneficiaries": (SOCIAL, {}),
    "get beneficiary": (SOCIAL, {}),
    "update beneficiary": (SOCIAL, {}),
    "lend": (SOCIAL, {"loans": 1, "active": 1, "events": 1, "reminders": 5, "scheduled": 5}),
    "list loans": (SOCIAL, {}),
    "get loan": (STAFF, {}),
    "return": (STAFF, {"active": -1, "events": 1, "scheduled": -4, "open_entries": -1}),
    "renew": (SOCIAL, {"reminders": 5, "scheduled": 1, "open_entries": -1}),
    "report lost": (SOCIAL, {"active": -1, "events": 1, "scheduled": -4, "open_entries": -1}),
    "agreement": (SOCIAL, {}),
    "reminders": (SOCIAL, {}),
    "worklist": (SOCIAL, {}),
    "tick off": (SOCIAL, {"open_entries": -1}),
    "letters": (SOCIAL, {}),
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
async def test_role_matrix(client, auth, endpoint) -> None:
    allowed, moves = MATRIX[endpoint]
    world = await make_world(client, auth)
    method, url, body = request_for(endpoint, world)
    anonymous = await client.request(method, url, json=body)
    assert anonymous.status_code == 401
    for role in ROLES:
        before = await snapshot()
        response = await client.request(method, url, json=body, headers=auth.of(role))
        after = await snapshot()
        if role not in allowed:
            assert response.status_code == 403, (role, response.text)
            assert after == before, role
            continue
        assert response.status_code in (200, 201), (role, response.text)
        expected = {name: count + moves.get(name, 0) for name, count in before.items()}
        assert after == expected, role
        if moves:
            # The next role gets a world of its own: the loan it acts on is still active.
            world = await make_world(client, auth)
            method, url, body = request_for(endpoint, world)


async def test_a_technician_never_receives_beneficiary_data(client, auth) -> None:
    loan = await lend(client, auth.social_worker, auth.technician)
    for response in (
        await client.get(f"/api/v1/loans/{loan['id']}", headers=auth.technician),
        await client.post(
            f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=auth.technician
        ),
    ):
        assert set(response.json()) == {"id", "asset_tag", "status", "due_on"}
        assert "Łukasz" not in response.text


async def test_a_social_worker_ticks_off_only_their_own_worklist(client, auth) -> None:
    from inventory.accounts.roles import Role
    from tests.conftest import make_user, token_headers

    world = await make_world(client, auth)
    colleague = await token_headers(await make_user("sw2", Role.SOCIAL_WORKER))
    assert (await client.get("/api/v1/worklist", headers=colleague)).json()["items"] == []
    refused = await client.post("/api/v1/worklist/done", json={"ids": [world.entry_id]}, headers=colleague)
    assert refused.status_code == 404
    assert await WorklistEntry.count().where(WorklistEntry.done_at.is_null()) == 1
    assert (await client.get("/api/v1/worklist/letters.pdf", headers=colleague)).status_code == 404
    # An admin sees and may tick off everyone's.
    assert len((await client.get("/api/v1/worklist", headers=auth.admin)).json()["items"]) == 1
