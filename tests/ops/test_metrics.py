"""/metrics in one process, on SQLite and PostgreSQL: off by default, a bearer token, route
templates as labels, the reminders' outbox read from the database; and the JSON log format."""

from __future__ import annotations

import json
import logging

import httpx

from inventory import context, logs
from inventory.app import create_app
from tests.conftest import TEST_HOST, settings_for

TOKEN = "metrics-token-0123456789-abcdefghij"


def client_for(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{TEST_HOST}")


async def test_metrics_are_off_by_default(database_url: str) -> None:
    async with client_for(create_app(settings_for(database_url), manage_engine=False)) as client:
        assert (await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).status_code == 404


async def test_metrics_need_the_bearer_token_and_label_routes_by_template(database_url: str, auth) -> None:
    app = create_app(settings_for(database_url, metrics_token=TOKEN), manage_engine=False)
    async with client_for(app) as client:
        assert (await client.get("/metrics")).status_code == 401
        assert (
            await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})
        ).status_code == 401
        assert (await client.get("/api/v1/scan/SN-Jean-Dupont", headers=auth.technician)).status_code == 404
        scrape = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scrape.status_code == 200
    assert 'route="/api/v1/scan/{code}"' in scrape.text
    assert "Dupont" not in scrape.text
    assert 'relais_scans_total{outcome="not_found"}' in scrape.text
    assert "relais_reminder_outbox_backlog 0.0" in scrape.text
    assert "relais_reminder_oldest_due_age_seconds 0.0" in scrape.text


def test_the_json_format_writes_one_object_per_line_with_the_request_id() -> None:
    logs.install()
    record = logging.getLogger("relais.test").makeRecord(
        "relais.test", logging.WARNING, __file__, 1, "forged\nline %s", ("value\r\nx",), None
    )
    token = context.request_id.set("abc123")
    try:
        line = logs.JsonFormatter().format(record)
    finally:
        context.request_id.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "warning" and entry["request_id"] == "abc123"
    assert entry["message"] == "forged\\nline value\\r\\nx"
