"""What every response shares: health, error bodies, hosts, body limits and security headers."""

from __future__ import annotations

import httpx

from inventory.app import create_app
from tests.conftest import settings_for


async def test_health_needs_no_authentication(client) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_health_is_503_when_the_database_is_unreachable(client, database_url) -> None:
    from inventory import db

    broken = db.engine_for_url("postgresql://nobody@127.0.0.1:1/none")
    working = db.current_engine()
    db.use_engine(broken)
    try:
        response = await client.get("/health")
    finally:
        db.use_engine(working)
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_security_headers_on_every_response(client, auth) -> None:
    for response in (
        await client.get("/health"),
        await client.get("/api/v1/devices"),
        await client.get("/api/v1/devices", headers=auth.technician),
        await client.get("/nowhere"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "same-origin"


async def test_a_forged_host_header_is_400(database_url) -> None:
    app = create_app(settings_for(database_url), manage_engine=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://evil.example") as evil:
        response = await evil.get("/health")
    assert response.status_code == 400


async def test_an_oversized_body_is_refused_before_parsing(client, auth) -> None:
    body = b'{"category": "laptop", "make": "' + b"x" * 2_000_000 + b'", "model": "m"}'
    response = await client.post(
        "/api/v1/devices", content=body, headers={**auth.technician, "content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_errors_never_leak_internals(client, auth) -> None:
    response = await client.get("/api/v1/devices", params={"cursor": "%%%"}, headers=auth.technician)
    assert response.status_code == 400
    text = response.text
    for leak in ("Traceback", 'File "', "SELECT", "/work/", "site-packages"):
        assert leak not in text


async def test_openapi_document_is_published(client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/devices/{asset_tag}/actions/wipe" in paths
    assert "/api/v1/scan/{code}" in paths


async def test_limit_out_of_range_is_400(client, auth) -> None:
    for limit in (0, 501, -3):
        response = await client.get("/api/v1/devices", params={"limit": limit}, headers=auth.technician)
        assert response.status_code == 400
        assert "limit" in response.json()["detail"]


def test_host_check_ignores_the_port_and_understands_wildcards() -> None:
    from inventory.http.security import host_allowed

    allowed = frozenset({"localhost", "127.0.0.1", "[::1]", "*.relais.example"})
    for good in ("localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST", "desk.relais.example:443"):
        assert host_allowed(good, allowed), good
    for bad in ("evil.example", "", "localhost.evil.example", "relais.example.evil.com"):
        assert not host_allowed(bad, allowed), bad
