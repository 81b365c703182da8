"""/metrics in one process, on SQLite and PostgreSQL: off by default, a bearer token, route
templates as labels, the reminders' outbox read from the database; and the JSON log format."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx

from inventory import context, logs
from inventory.app import create_app
from tests.conftest import TEST_HOST, settings_for
from tests.loans.conftest import mail, smtp_server  # noqa: F401 - fixtures used below

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


# What the domains count, and the outbox read at scrape time ---------------------------------------


def _value(name: str, **labels: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_actions_reminders_and_the_outbox_are_measured(client, auth, mail) -> None:  # noqa: F811
    from datetime import timedelta

    from inventory.loans import reminders
    from inventory.settings import get_settings, use_settings
    from tests.loans.loan_steps import lend, local_moment, local_today, register

    use_settings(get_settings().with_overrides(metrics_token=TOKEN))
    lends, intakes = (
        _value("relais_device_actions_total", action="lend"),
        _value("relais_device_actions_total", action="intake"),
    )
    sent_email = _value("relais_reminders_total", outcome="sent", channel="email")
    sent_letter = _value("relais_reminders_total", outcome="sent", channel="letter")
    sw = auth.social_worker
    anna = await register(client, sw, full_name="Anna De Smet", email="anna@example.org")
    await lend(client, sw, auth.technician, due_in_days=10, beneficiary=anna)
    await lend(client, sw, auth.technician, due_in_days=10)
    assert _value("relais_device_actions_total", action="lend") == lends + 2
    assert _value("relais_device_actions_total", action="intake") >= intakes + 2
    # Seven days before the due date, at the send hour: both first reminders are due, unsent.
    due_moment = local_moment(local_today() + timedelta(days=3))
    backlog, oldest = await reminders.outbox_state(due_moment)
    assert backlog == 2 and oldest == due_moment
    assert await reminders.outbox_state(due_moment - timedelta(minutes=1)) == (0, None)
    await reminders.sweep(due_moment)
    assert await reminders.outbox_state(due_moment) == (0, None)
    assert _value("relais_reminders_total", outcome="sent", channel="email") == sent_email + 1
    assert _value("relais_reminders_total", outcome="sent", channel="letter") == sent_letter + 1


async def test_waits_for_a_database_connection_are_counted(database_url: str) -> None:
    from inventory import db, metrics
    from inventory.settings import use_settings
    from tests.conftest import settings_for

    use_settings(settings_for(database_url, metrics_token=TOKEN))
    engine = db.current_engine()
    metrics.observe_pool(engine)
    if db.is_postgres(engine):
        pool_name, pool = "postgres", engine.pool
        before = _value("relais_db_pool_waits_total", pool=pool_name)
        held = [await pool.acquire() for _ in range(pool.get_max_size())]
        waiting = asyncio.ensure_future(pool.acquire())
        await asyncio.sleep(0)
        assert not waiting.done()
        await pool.release(held.pop())
        await pool.release(await waiting)
        for connection in held:
            await pool.release(connection)
        assert _value("relais_db_pool_waits_total", pool=pool_name) == before + 1
        return
    readers = _value("relais_db_pool_waits_total", pool="sqlite_readers")
    writers = _value("relais_db_pool_waits_total", pool="sqlite_writer")
    held = [await engine.acquire() for _ in range(engine.READERS)]
    waiting = asyncio.ensure_future(engine.acquire())
    await asyncio.sleep(0)
    assert not waiting.done()
    await engine.release(held.pop())
    await engine.release(await waiting)
    for connection in held:
        await engine.release(connection)
    assert _value("relais_db_pool_waits_total", pool="sqlite_readers") == readers + 1
    lock = engine.write_lock()
    await lock.acquire()
    queued = asyncio.ensure_future(lock.acquire())
    await asyncio.sleep(0)
    lock.release()
    await queued
    lock.release()
    assert _value("relais_db_pool_waits_total", pool="sqlite_writer") == writers + 1
