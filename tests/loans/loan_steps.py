"""Shared steps of the loan tests: register a beneficiary, lend a device, over HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from httpx import AsyncClient

from inventory.settings import get_settings
from tests.helpers import device_at


def local_today() -> date:
    return datetime.now(UTC).astimezone(get_settings().tz).date()


def in_days(days: int) -> str:
    return (local_today() + timedelta(days=days)).isoformat()


def local_moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """`hour:minute` local time on `day` (what `relais send-reminders --now` is given)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=get_settings().tz)


async def register(client: AsyncClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {
        "full_name": "Łukasz Wójcik",
        "language": "fr",
        "consent_recorded_on": local_today().isoformat(),
        **fields,
    }
    response = await client.post("/api/v1/beneficiaries", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def lend(
    client: AsyncClient,
    headers: dict[str, str],
    workshop: dict[str, str],
    *,
    due_in_days: int = 30,
    beneficiary: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A new available device lent to `beneficiary` (a new one if not given)."""
    tag = await device_at(client, workshop, "available")
    if beneficiary is None:
        beneficiary = await register(client, headers)
    body = {
        "asset_tag": tag,
        "beneficiary_id": beneficiary["id"],
        "due_on": in_days(due_in_days),
        **fields,
    }
    response = await client.post("/api/v1/loans", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()
