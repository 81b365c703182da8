"""Shared steps of the device tests: register a device and walk it to a stage over HTTP."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient as AsyncTestClient

FULL_CHECKLIST = {
    item: "pass"
    for item in (
        "power",
        "battery",
        "screen",
        "keyboard",
        "pointing_device",
        "ports",
        "wifi",
        "camera",
        "audio",
        "charger",
    )
}
PASSED_WIPE = {
    "method": "nist-800-88-purge",
    "result": "passed",
    "tool": "nwipe 0.37",
    "storage_serials": ["WD-WX41A1234567"],
    "passes": 1,
    "verification": "last-pass",
    "started_at": "2026-11-20T09:00:00+01:00",
    "finished_at": "2026-11-20T10:30:00+01:00",
}
REFURBISHMENT = {"checklist": FULL_CHECKLIST, "grade": "A", "os": "Linux Mint 22"}

# The workshop path from `received` to each stage, as (action, body) steps.
PATH = [
    ("wipe", PASSED_WIPE, "wiped"),
    ("refurbish", REFURBISHMENT, "refurbished"),
    ("label", {}, "available"),
]


async def intake(client: AsyncTestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"category": "laptop", "make": "Dell", "model": "Latitude 5490", **fields}
    response = await client.post("/api/v1/devices", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def act(
    client: AsyncTestClient,
    headers: dict[str, str],
    tag: str,
    action: str,
    body: dict | None = None,
):
    return await client.post(f"/api/v1/devices/{tag}/actions/{action}", json=body or {}, headers=headers)


async def device_at(
    client: AsyncTestClient, headers: dict[str, str], stage: str = "available", **fields: Any
) -> str:
    """A new device walked through the workshop to `stage` (received, wiped, refurbished, available)."""
    tag = (await intake(client, headers, **fields))["asset_tag"]
    if stage == "received":
        return tag
    for action, body, reached in PATH:
        response = await act(client, headers, tag, action, body)
        assert response.status_code == 200, response.text
        if reached == stage:
            return tag
    raise ValueError(f"no workshop path to {stage}")


async def device_lost(client: AsyncTestClient, auth: Any) -> str:
    """A new device lent to a new beneficiary, then reported lost; returns its asset tag."""
    from datetime import date, timedelta

    tag = await device_at(client, auth.admin, "available")
    beneficiary = await client.post(
        "/api/v1/beneficiaries",
        json={
            "full_name": "Nadia El Amrani",
            "language": "fr",
            "consent_recorded_on": date.today().isoformat(),
        },
        headers=auth.admin,
    )
    assert beneficiary.status_code == 201, beneficiary.text
    loan = await client.post(
        "/api/v1/loans",
        json={
            "asset_tag": tag,
            "beneficiary_id": beneficiary.json()["id"],
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
        },
        headers=auth.admin,
    )
    assert loan.status_code == 201, loan.text
    lost = await client.post(f"/api/v1/loans/{loan.json()['id']}/report-lost", json={}, headers=auth.admin)
    assert lost.status_code == 200, lost.text
    return tag


async def speaking(auth, language: str) -> None:  # noqa: ANN001 - the conftest's RoleHeaders
    """Every test user's account set to `language`: a signed-in user's pages follow it."""
    from inventory.accounts import service as accounts

    for user in auth.users.values():
        await accounts.set_language(user["id"], language)
