"""Bad input, field by field: a 400 naming the field, and nothing written."""

from __future__ import annotations

from datetime import timedelta

from inventory.devices.tables import Event
from inventory.loans.tables import Beneficiary, Loan, Reminder
from tests.helpers import device_at
from tests.loans.loan_steps import in_days, lend, local_today, register

GOOD_BENEFICIARY = {"full_name": "Ana Lima", "language": "fr", "consent_recorded_on": "2026-01-15"}

BAD_BENEFICIARY = [
    ("full_name", ""),
    ("full_name", "   "),
    ("full_name", "x" * 201),
    ("full_name", 42),
    ("full_name", "Ana\u0000Lima"),
    ("full_name", None),
    ("language", "de"),
    ("language", ""),
    ("consent_recorded_on", "2026-13-01"),
    ("consent_recorded_on", "15/01/2026"),
    ("consent_recorded_on", "9999-12-31"),
    ("phone", "abc"),
    ("phone", "12"),
    ("phone", "0" * 41),
    ("email", "not-an-address"),
    ("email", "a@b"),
    ("email", "x" * 250 + "@example.org"),
    ("site", "nowhere"),
    ("site", ""),
    ("social_worker_id", 0),
    ("social_worker_id", 2**40),
    ("social_worker_id", 999_999),
    ("nickname", "Ana"),
]


async def test_each_bad_beneficiary_field_is_refused_by_name(client, auth) -> None:
    for field, value in BAD_BENEFICIARY:
        body = {**GOOD_BENEFICIARY, field: value}
        response = await client.post("/api/v1/beneficiaries", json=body, headers=auth.social_worker)
        assert response.status_code == 400, (field, value, response.text)
        assert field in response.json()["detail"], (field, value)
    assert await Beneficiary.count() == 0


async def test_missing_required_beneficiary_fields_are_named(client, auth) -> None:
    for field in ("full_name", "language", "consent_recorded_on"):
        body = {key: value for key, value in GOOD_BENEFICIARY.items() if key != field}
        response = await client.post("/api/v1/beneficiaries", json=body, headers=auth.social_worker)
        assert response.status_code == 400
        assert field in response.json()["detail"]
    assert (
        await client.post("/api/v1/beneficiaries", content=b"{", headers=auth.social_worker)
    ).status_code == 400


async def test_bad_updates_change_nothing(client, auth) -> None:
    beneficiary = await register(client, auth.social_worker, email="ok@example.org")
    url = f"/api/v1/beneficiaries/{beneficiary['id']}"
    for field, value in (
        ("email", "nope"),
        ("language", "xx"),
        ("full_name", ""),
        ("site", "nowhere"),
        ("id", 5),
    ):
        response = await client.patch(url, json={field: value}, headers=auth.social_worker)
        assert response.status_code == 400, (field, response.text)
        assert field in response.json()["detail"]
    unchanged = (await client.get(url, headers=auth.social_worker)).json()
    assert unchanged == beneficiary
    cleared = await client.patch(url, json={"email": None, "language": "nl"}, headers=auth.social_worker)
    assert cleared.status_code == 200
    assert (cleared.json()["email"], cleared.json()["language"]) == (None, "nl")
    for path in ("/api/v1/beneficiaries/0", "/api/v1/beneficiaries/99999999999"):
        assert (await client.get(path, headers=auth.social_worker)).status_code == 400
    assert (await client.get("/api/v1/beneficiaries/999999", headers=auth.social_worker)).status_code == 404


BAD_LOAN = [
    ("asset_tag", ""),
    ("asset_tag", "RL-999999"),
    ("asset_tag", "x" * 41),
    ("beneficiary_id", 0),
    ("beneficiary_id", "one"),
    ("beneficiary_id", 999_999),
    ("due_on", "tomorrow"),
    ("due_on", "today"),
    ("due_on", "past"),
    ("due_on", "far"),
    ("accessories", "chargeur"),
    ("accessories", [""]),
    ("accessories", ["x" * 101]),
    ("accessories", ["a"] * 21),
    ("notes", "x" * 4001),
    ("notes", "nul\u0000byte"),
    ("asset_tag", "RL-\u0000"),
    ("site", "nowhere"),
    ("site", "nord\u0000"),
    ("colour", "red"),
]


async def test_each_bad_loan_field_is_refused_by_name_and_the_device_stays_available(client, auth) -> None:
    tag = await device_at(client, auth.technician, "available")
    beneficiary = await register(client, auth.social_worker)
    special = {
        "today": local_today().isoformat(),
        "past": (local_today() - timedelta(days=3)).isoformat(),
        "far": (local_today() + timedelta(days=5 * 366)).isoformat(),
    }
    events_before = await Event.count()
    for field, value in BAD_LOAN:
        body = {"asset_tag": tag, "beneficiary_id": beneficiary["id"], "due_on": in_days(30)}
        body[field] = special.get(value, value) if isinstance(value, str) else value
        response = await client.post("/api/v1/loans", json=body, headers=auth.social_worker)
        assert response.status_code == 400, (field, value, response.text)
        assert field in response.json()["detail"], (field, value)
    assert await Loan.count() == 0
    assert await Reminder.count() == 0
    assert await Event.count() == events_before
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.social_worker)).json()
    assert device["stage"] == "available"


async def test_an_unavailable_device_is_a_conflict_with_what_is_allowed(client, auth) -> None:
    tag = await device_at(client, auth.technician, "wiped")
    beneficiary = await register(client, auth.social_worker)
    response = await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": beneficiary["id"], "due_on": in_days(30)},
        headers=auth.social_worker,
    )
    assert response.status_code == 409
    assert "refurbish" in response.json()["allowed_actions"]
    assert await Loan.count() == 0


async def test_bad_return_renewal_and_loss_bodies_are_refused(client, auth) -> None:
    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=20)
    url = f"/api/v1/loans/{loan['id']}"
    sw = auth.social_worker
    for body in (
        {},
        {"condition": "broken"},
        {"condition": "good", "notes": "x" * 4001},
        {"condition": "good", "x": 1},
    ):
        response = await client.post(f"{url}/return", json=body, headers=sw)
        assert response.status_code == 400, body
    for due_on in (in_days(20), in_days(10), "2026-02-30", local_today().isoformat()):
        response = await client.post(f"{url}/renew", json={"due_on": due_on}, headers=sw)
        assert response.status_code == 400, due_on
        assert response.json().get("field") == "due_on" or "due_on" in response.json()["detail"]
    assert (await client.post(f"{url}/report-lost", json={"notes": 3}, headers=sw)).status_code == 400
    after = (await client.get(url, headers=sw)).json()
    assert (after["status"], after["due_on"], after["renewals"]) == ("active", in_days(20), 0)
    assert await Reminder.count().where(Reminder.status == "scheduled") == 5
    for path in ("/api/v1/loans/0", "/api/v1/loans/99999999999"):
        assert (await client.get(path, headers=sw)).status_code == 400
    assert (await client.get("/api/v1/loans/424242", headers=sw)).status_code == 404
    assert (
        await client.post("/api/v1/loans/424242/return", json={"condition": "good"}, headers=sw)
    ).status_code == 404


async def test_bad_list_parameters_are_refused(client, auth) -> None:
    sw = auth.social_worker
    for url, field in (
        ("/api/v1/loans?status=late", "status"),
        ("/api/v1/loans?limit=0", "limit"),
        ("/api/v1/loans?limit=501", "limit"),
        ("/api/v1/loans?cursor=garbage", "cursor"),
        ("/api/v1/beneficiaries?limit=-1", "limit"),
        ("/api/v1/beneficiaries?cursor=%%%", "cursor"),
        ("/api/v1/worklist?limit=9999", "limit"),
        ("/api/v1/beneficiaries?q=a%00b", "q"),
        ("/api/v1/loans?asset_tag=RL%00", "asset_tag"),
    ):
        response = await client.get(url, headers=sw)
        assert response.status_code == 400, url
        assert field in response.json()["detail"], url


async def test_bad_worklist_ticks_are_refused(client, auth) -> None:
    sw = auth.social_worker
    for body in ({}, {"ids": []}, {"ids": [0]}, {"ids": ["a"]}, {"ids": list(range(1, 502))}):
        response = await client.post("/api/v1/worklist/done", json=body, headers=sw)
        assert response.status_code == 400, body
        assert "ids" in response.json()["detail"]
    assert (await client.post("/api/v1/worklist/done", json={"ids": [77]}, headers=sw)).status_code == 404


async def test_an_anonymised_beneficiary_cannot_borrow_or_be_changed(client, auth) -> None:
    beneficiary = await register(client, auth.social_worker)
    await Beneficiary.update({Beneficiary.anonymised_at: Beneficiary.created_at}).where(
        Beneficiary.id == beneficiary["id"]
    )
    tag = await device_at(client, auth.technician, "available")
    lent = await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": beneficiary["id"], "due_on": in_days(30)},
        headers=auth.social_worker,
    )
    assert lent.status_code == 409
    changed = await client.patch(
        f"/api/v1/beneficiaries/{beneficiary['id']}",
        json={"phone": "0470 11 22 33"},
        headers=auth.social_worker,
    )
    assert changed.status_code == 409
