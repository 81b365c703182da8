"""Fixtures of the school tests: two schools with a user each, a programme, vouchers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from inventory.accounts.roles import Role
from tests.conftest import make_user, token_headers


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@dataclass
class Schools:
    """School A (id 1, the `auth.school` user's) and school B with its own user."""

    a: dict[str, Any]
    b: dict[str, Any]
    programme: dict[str, Any]
    school_a: dict[str, str]
    school_b: dict[str, str]


async def issue(
    client: AsyncClient,
    headers: dict[str, str],
    programme_id: int,
    school_id: int,
    quantity: int = 3,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "programme_id": programme_id,
        "school_id": school_id,
        "quantity": quantity,
        "expires_on": in_days(60),
        **fields,
    }
    response = await client.post("/api/v1/vouchers", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def request_units(client: AsyncClient, headers: dict[str, str], code: str, quantity: int):
    return await client.post(
        f"/api/v1/vouchers/{code}/redemptions", json={"quantity": quantity}, headers=headers
    )


@pytest.fixture
async def schools(client: AsyncClient, auth) -> Schools:
    created = []
    for name, fase in (("École des Tilleuls", "1001"), ("Athénée Royal", "2002")):
        response = await client.post(
            "/api/v1/schools",
            json={"name": name, "fase_number": fase, "address": f"Rue {fase}, 1000 Bruxelles"},
            headers=auth.admin,
        )
        assert response.status_code == 201, response.text
        created.append(response.json())
    a, b = created
    assert a["id"] == auth.users["school"]["school_id"] == 1
    programme = await client.post(
        "/api/v1/programmes",
        json={"name": "Plan de relance numérique", "funder": "Ville de Bruxelles"},
        headers=auth.admin,
    )
    assert programme.status_code == 201, programme.text
    user_b = await make_user("school2", Role.SCHOOL, school_id=b["id"])
    return Schools(
        a=a,
        b=b,
        programme=programme.json(),
        school_a=auth.school,
        school_b=await token_headers(user_b),
    )
