"""Each role against each device endpoint: 401 without a token, 403 for a role that may not."""

from __future__ import annotations

import pytest

from inventory.devices.tables import Event
from tests.helpers import PASSED_WIPE, REFURBISHMENT, act, device_at, device_lost

READ = ["technician", "social_worker", "admin"]
WORKSHOP = ["technician", "admin"]
ROLES = ["technician", "social_worker", "admin", "school"]

# (method, path, body, who may, the device's stage before, whether it writes one event)
ENDPOINTS = [
    (
        "POST",
        "/api/v1/devices",
        {"category": "phone", "make": "Apple", "model": "iPhone 8"},
        WORKSHOP,
        None,
        True,
    ),
    ("GET", "/api/v1/devices", None, READ, "received", False),
    ("GET", "/api/v1/devices/{tag}", None, READ, "received", False),
    ("GET", "/api/v1/devices/{tag}/events", None, READ, "received", False),
    (
        "PATCH",
        "/api/v1/devices/{tag}",
        {"reason": "model mistyped at intake", "model": "Latitude 5491"},
        WORKSHOP,
        "received",
        True,
    ),
    ("GET", "/api/v1/scan/{tag}", None, READ, "received", False),
    ("POST", "/api/v1/devices/{tag}/actions/wipe", PASSED_WIPE, WORKSHOP, "received", True),
    ("POST", "/api/v1/devices/{tag}/actions/refurbish", REFURBISHMENT, WORKSHOP, "wiped", True),
    ("POST", "/api/v1/devices/{tag}/actions/label", {}, WORKSHOP, "refurbished", True),
    ("POST", "/api/v1/devices/{tag}/actions/send_to_repair", {"reason": "hinge"}, WORKSHOP, "received", True),
    ("POST", "/api/v1/devices/{tag}/actions/finish_repair", {}, WORKSHOP, "in_repair", True),
    (
        "POST",
        "/api/v1/devices/{tag}/actions/retire",
        {"reason": "recycled", "destruction_certificate_ref": "RECUPEL-2026-0042"},
        WORKSHOP,
        "received",
        True,
    ),
    ("POST", "/api/v1/devices/{tag}/actions/transfer", {"site": "bus"}, WORKSHOP, "received", True),
    ("POST", "/api/v1/devices/{tag}/actions/receive_transfer", {}, WORKSHOP, "in_transit", True),
    ("POST", "/api/v1/devices/{tag}/actions/cancel_transfer", {}, WORKSHOP, "in_transit", True),
    ("POST", "/api/v1/devices/{tag}/actions/found", {}, WORKSHOP, "lost", True),
    ("GET", "/api/v1/devices/{tag}/wipe-certificate.pdf", None, WORKSHOP, "wiped", False),
    ("POST", "/api/v1/labels", {"asset_tags": ["{tag}"], "layout": "a4-63x38"}, WORKSHOP, "available", False),
    ("GET", "/api/v1/labels/calibration.pdf", None, WORKSHOP, None, False),
]


async def prepared(client, auth, stage: str | None) -> str:
    """A new device in `stage` (or none), so that each role meets the endpoint afresh."""
    if stage is None:
        return ""
    if stage == "in_repair":
        tag = await device_at(client, auth.admin, "received")
        await act(client, auth.admin, tag, "send_to_repair", {"reason": "screen"})
        return tag
    if stage == "lost":
        return await device_lost(client, auth)
    if stage == "in_transit":
        tag = await device_at(client, auth.admin, "received")
        await act(client, auth.admin, tag, "transfer", {"site": "bus"})
        return tag
    return await device_at(client, auth.admin, stage)


def filled(value, tag: str):
    if isinstance(value, str):
        return value.format(tag=tag)
    if isinstance(value, list):
        return [filled(item, tag) for item in value]
    if isinstance(value, dict):
        return {key: filled(item, tag) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed", "stage", "writes"),
    ENDPOINTS,
    ids=[f"{method} {path}" for method, path, *_ in ENDPOINTS],
)
async def test_role_matrix(client, auth, method, path, body, allowed, stage, writes) -> None:
    await client.post("/api/v1/sites", json={"code": "bus", "name": "Bus", "kind": "bus"}, headers=auth.admin)
    tag = await prepared(client, auth, stage)
    anonymous = await client.request(method, filled(path, tag), json=filled(body, tag))
    assert anonymous.status_code == 401
    for role in ROLES:
        tag = await prepared(client, auth, stage)
        events_before = await Event.count()
        response = await client.request(
            method, filled(path, tag), json=filled(body, tag), headers=auth.of(role)
        )
        if role in allowed:
            assert response.status_code in (200, 201), (role, response.text)
            assert await Event.count() == events_before + (1 if writes else 0)
        elif role == "school" and (method, path) == ("POST", "/api/v1/devices"):
            # A school may register only its own voucher-funded equipment.
            assert response.status_code == 400, response.text
            assert "voucher_code" in response.json()["detail"]
            assert await Event.count() == events_before
        else:
            assert response.status_code == 403, (role, response.text)
            assert await Event.count() == events_before


async def test_a_garbage_token_is_401(client) -> None:
    response = await client.get("/api/v1/devices", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "invalid or expired token"}
