"""Fixtures of the operations tests: sites to import into and count at."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

SITES = [("atelier", "workshop"), ("antenne-nord", "antenna"), ("epn-marolles", "digital_space")]


@pytest.fixture
async def sites(client: AsyncClient, auth) -> list[str]:
    for code, kind in SITES:
        response = await client.post(
            "/api/v1/sites", json={"code": code, "name": code.title(), "kind": kind}, headers=auth.admin
        )
        assert response.status_code == 201, response.text
    return [code for code, _ in SITES]
