"""Each role against each school endpoint: 401 without a token, 403 for a role that may not,
nothing written when refused, success for the roles that may."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from inventory.devices.tables import Device, Event
from inventory.schools.tables import Programme, Redemption, RedemptionDevice, School, Voucher, VoucherBatch
from tests.helpers import device_at
from tests.schools.conftest import in_days, issue, request_units

ROLES = ["technician", "social_worker", "admin", "school"]
ADMIN = ["admin"]
SCHOOL_OR_ADMIN = ["school", "admin"]
WORKSHOP = ["technician", "admin"]
REDEMPTION_READERS = ["technician", "school", "admin"]

_fase = itertools.count(5000)

Target = tuple[str, dict[str, Any] | None]
Build = Callable[[Any, Any, Any], Awaitable[Target]]


async def _voucher(client, auth, schools, quantity: int = 3) -> dict:
    return await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=quantity)


async def _request(client, auth, schools, quantity: int = 1) -> dict:
    voucher = await _voucher(client, auth, schools, quantity)
    return (await request_units(client, auth.school, voucher["code"], quantity)).json()


async def _reserved(client, auth, schools) -> tuple[dict, str]:
    redemption = await _request(client, auth, schools)
    tag = await device_at(client, auth.technician, "available")
    await client.post(
        f"/api/v1/redemptions/{redemption['id']}/reserve", json={"asset_tag": tag}, headers=auth.admin
    )
    return redemption, tag


async def _handed_over(client, auth, schools) -> tuple[dict, str]:
    redemption, tag = await _reserved(client, auth, schools)
    await client.post(f"/api/v1/redemptions/{redemption['id']}/hand-over", headers=auth.admin)
    return redemption, tag


async def _batch(client, auth, schools) -> dict:
    body = {
        "programme_id": schools.programme["id"],
        "school_ids": [1],
        "quantity": 1,
        "expires_on": in_days(9),
    }
    return (await client.post("/api/v1/voucher-batches", json=body, headers=auth.admin)).json()


async def new_school(client, auth, schools) -> Target:
    return "/api/v1/schools", {"name": "École", "fase_number": str(next(_fase))}


async def own_school(client, auth, schools) -> Target:
    return "/api/v1/schools/1", None


async def patch_school(client, auth, schools) -> Target:
    return "/api/v1/schools/1", {"contact_email": "direction@ecole.example"}


async def school_devices(client, auth, schools) -> Target:
    return "/api/v1/schools/1/devices", None


async def give_back(client, auth, schools) -> Target:
    _, tag = await _handed_over(client, auth, schools)
    return f"/api/v1/schools/1/devices/{tag}/return", {"reason": "not_needed"}


async def programmes(client, auth, schools) -> Target:
    return "/api/v1/programmes", {"name": "Plan 2027"}


async def programme(client, auth, schools) -> Target:
    return f"/api/v1/programmes/{schools.programme['id']}", {"funder": "Région"}


async def vouchers(client, auth, schools) -> Target:
    body = {"programme_id": schools.programme["id"], "school_id": 1, "quantity": 2, "expires_on": in_days(30)}
    return "/api/v1/vouchers", body


async def voucher(client, auth, schools) -> Target:
    return f"/api/v1/vouchers/{(await _voucher(client, auth, schools))['code']}", {"expires_on": in_days(99)}


async def voucher_cancel(client, auth, schools) -> Target:
    return f"/api/v1/vouchers/{(await _voucher(client, auth, schools))['code']}/cancel", {
        "reason": "school closed"
    }


async def voucher_pdf(client, auth, schools) -> Target:
    return f"/api/v1/vouchers/{(await _voucher(client, auth, schools))['code']}/voucher.pdf", None


async def voucher_redemptions(client, auth, schools) -> Target:
    return f"/api/v1/vouchers/{(await _voucher(client, auth, schools))['code']}/redemptions", {"quantity": 1}


async def equipment(client, auth, schools) -> Target:
    code = (await _voucher(client, auth, schools))["code"]
    return f"/api/v1/vouchers/{code}/equipment", {"category": "laptop", "make": "Acer", "model": "TravelMate"}


async def batches(client, auth, schools) -> Target:
    body = {
        "programme_id": schools.programme["id"],
        "school_ids": [1, 2],
        "quantity": 1,
        "expires_on": in_days(9),
    }
    return "/api/v1/voucher-batches", body


async def batch(client, auth, schools) -> Target:
    return f"/api/v1/voucher-batches/{(await _batch(client, auth, schools))['id']}", None


async def batch_pdf(client, auth, schools) -> Target:
    return f"/api/v1/voucher-batches/{(await _batch(client, auth, schools))['id']}/vouchers.pdf", None


async def redemptions(client, auth, schools) -> Target:
    return "/api/v1/redemptions", None


async def redemption(client, auth, schools) -> Target:
    return f"/api/v1/redemptions/{(await _request(client, auth, schools))['id']}", None


async def reserve(client, auth, schools) -> Target:
    redemption_id = (await _request(client, auth, schools))["id"]
    tag = await device_at(client, auth.technician, "available")
    return f"/api/v1/redemptions/{redemption_id}/reserve", {"asset_tag": tag}


async def unreserve(client, auth, schools) -> Target:
    redemption, tag = await _reserved(client, auth, schools)
    return f"/api/v1/redemptions/{redemption['id']}/unreserve", {"asset_tag": tag}


async def hand_over(client, auth, schools) -> Target:
    redemption, _ = await _reserved(client, auth, schools)
    return f"/api/v1/redemptions/{redemption['id']}/hand-over", None


async def cancel_request(client, auth, schools) -> Target:
    redemption, _ = await _reserved(client, auth, schools)
    return f"/api/v1/redemptions/{redemption['id']}/cancel", {"reason": "changed our mind"}


async def delivery_note(client, auth, schools) -> Target:
    redemption, _ = await _handed_over(client, auth, schools)
    return f"/api/v1/redemptions/{redemption['id']}/delivery-note.pdf", None


ENDPOINTS: list[tuple[str, Build, list[str]]] = [
    ("POST", new_school, ADMIN),
    ("GET", new_school, SCHOOL_OR_ADMIN),
    ("GET", own_school, SCHOOL_OR_ADMIN),
    ("PATCH", patch_school, ADMIN),
    ("GET", school_devices, SCHOOL_OR_ADMIN),
    ("POST", give_back, SCHOOL_OR_ADMIN),
    ("POST", programmes, ADMIN),
    ("GET", programmes, ADMIN),
    ("GET", programme, ADMIN),
    ("PATCH", programme, ADMIN),
    ("POST", vouchers, ADMIN),
    ("GET", vouchers, SCHOOL_OR_ADMIN),
    ("GET", voucher, SCHOOL_OR_ADMIN),
    ("PATCH", voucher, ADMIN),
    ("POST", voucher_cancel, ADMIN),
    ("GET", voucher_pdf, SCHOOL_OR_ADMIN),
    ("POST", voucher_redemptions, SCHOOL_OR_ADMIN),
    ("GET", voucher_redemptions, SCHOOL_OR_ADMIN),
    ("POST", equipment, SCHOOL_OR_ADMIN),
    ("POST", batches, ADMIN),
    ("GET", batch, ADMIN),
    ("GET", batch_pdf, ADMIN),
    ("GET", redemptions, REDEMPTION_READERS),
    ("GET", redemption, REDEMPTION_READERS),
    ("POST", reserve, WORKSHOP),
    ("POST", unreserve, WORKSHOP),
    ("POST", hand_over, WORKSHOP),
    ("POST", cancel_request, SCHOOL_OR_ADMIN),
    ("GET", delivery_note, REDEMPTION_READERS),
]


async def rows() -> tuple[int, ...]:
    tables = (School, Programme, VoucherBatch, Voucher, Redemption, RedemptionDevice, Device, Event)
    counts = [await table.count() for table in tables]
    states = await Voucher.select(Voucher.remaining, Voucher.status).order_by(Voucher.id)
    stages = await Device.select(Device.stage).order_by(Device.id)
    return (*counts, hash(str(states)), hash(str(stages)))


@pytest.mark.parametrize(
    ("method", "build", "allowed"),
    ENDPOINTS,
    ids=[f"{method} {build.__name__}" for method, build, _ in ENDPOINTS],
)
async def test_role_matrix(client, auth, schools, method, build, allowed) -> None:
    # Refusals change nothing, so one target serves them all; each success gets a fresh one.
    url, body = await build(client, auth, schools)
    json = body if method in ("POST", "PATCH") else None
    before = await rows()
    assert (await client.request(method, url, json=json)).status_code == 401
    for role in ROLES:
        if role not in allowed:
            response = await client.request(method, url, json=json, headers=auth.of(role))
            assert response.status_code == 403, (role, response.text)
    assert await rows() == before
    for role in allowed:
        url, body = await build(client, auth, schools)
        json = body if method in ("POST", "PATCH") else None
        response = await client.request(method, url, json=json, headers=auth.of(role))
        assert response.status_code in (200, 201), (role, response.text)
