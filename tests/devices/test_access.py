"""Each role against each device endpoint: 401 without a token, 403 for a role that may not."""

from __future__ import annotations

import pytest

from inventory.devices.tables import Event
from tests.helpers import PASSED_WIPE, device_at

READ = ["technician", "social_worker", "admin"]
WORKSHOP = ["technician", "admin"]
ROLES = ["technician", "social_worker", "admin", "school"]

ENDPOINTS = [
    (
        "POST",
        "/api/v1/devices",
        {"category": "phone", "make": "Apple", "model": "iPhone 8"},
        WORKSHOP,
    ),
    ("GET", "/api/v1/devices", None, READ),
    ("GET", "/api/v1/devices/{tag}", None, READ),
    ("GET", "/api/v1/devices/{tag}/events", None, READ),
    ("GET", "/api/v1/scan/{tag}", None, READ),
    ("POST", "/api/v1/devices/{tag}/actions/wipe", PASSED_WIPE, WORKSHOP),
    ("GET", "/api/v1/devices/{tag}/wipe-certificate.pdf", None, WORKSHOP),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS]
)
async def test_role_matrix(client, auth, method, path, body, allowed) -> None:
    tag = await device_at(client, auth.admin, "received")
    if path.endswith("certificate.pdf"):
        await client.post(f"/api/v1/devices/{tag}/actions/wipe", json=PASSED_WIPE, headers=auth.admin)
    url = path.format(tag=tag)
    anonymous = await client.request(method, url, json=body)
    assert anonymous.status_code == 401
    for role in ROLES:
        events_before = await Event.count()
        response = await client.request(method, url, json=body, headers=auth.of(role))
        if role in allowed:
            assert response.status_code in (200, 201), (role, response.text)
            if method == "POST":
                assert await Event.count() == events_before + 1
                if "actions/wipe" in url:  # back to a stage where the next role can wipe again
                    await client.post(
                        f"/api/v1/devices/{tag}/actions/send_to_repair",
                        json={"reason": "t"},
                        headers=auth.admin,
                    )
                    await client.post(
                        f"/api/v1/devices/{tag}/actions/finish_repair", json={}, headers=auth.admin
                    )
                    await client.post(
                        f"/api/v1/devices/{tag}/actions/retire",
                        json={"reason": "t"},
                        headers=auth.admin,
                    )
                    tag = await device_at(client, auth.admin, "received")
                    url = path.format(tag=tag)
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
