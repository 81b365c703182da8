"""Prometheus metrics at /metrics, and the request line of the JSON logs.

Off by default. With RELAIS_METRICS_TOKEN set, `/metrics` answers requests that bear it
(`Authorization: Bearer <token>`) in the Prometheus text format; without it, 401; with metrics
off there is no such route (404).

Several workers: `relais serve` points PROMETHEUS_MULTIPROC_DIR at a folder emptied at start
(inventory/serving.py); each worker writes its samples there (prometheus-client's multiprocess
mode) and a scrape, whichever worker answers it, adds up every worker's. What the database
knows (the reminders' outbox) is read at scrape time instead.

What is measured:
- `relais_http_requests_total{method,route,status}` and `relais_http_request_duration_seconds
  {method,route}`: by route template (`/api/v1/devices/{asset_tag:str}`), never the raw path;
- `relais_scans_total{outcome}`: codes looked up at the scan station or the scan API;
- `relais_device_actions_total{action}`: device events written (intake, wipe, lend...);
- `relais_reminders_total{outcome,channel}`: reminders sent, failed or skipped;
- `relais_reminder_outbox_backlog` and `relais_reminder_oldest_due_age_seconds`: reminders due
  and not yet sent, and how long the oldest of them has waited;
- `relais_db_pool_waits_total{pool}` and `relais_db_pool_wait_seconds{pool}`: acquisitions
  that found no free connection (PostgreSQL's pool, SQLite's readers and its single writer).
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from inventory import context
from inventory.settings import Settings, get_settings

if TYPE_CHECKING:
    from piccolo.engine.base import Engine

log = logging.getLogger("relais.request")

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
WAIT_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0)


def enabled() -> bool:
    return get_settings().metrics_token is not None


@functools.cache
def _instruments() -> Any:
    """The process's metrics, made on first use: after `relais serve` has set
    PROMETHEUS_MULTIPROC_DIR, which prometheus-client reads when it is imported."""
    from types import SimpleNamespace

    from prometheus_client import Counter, Histogram

    return SimpleNamespace(
        requests=Counter("relais_http_requests", "HTTP requests answered", ["method", "route", "status"]),
        latency=Histogram(
            "relais_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
        ),
        scans=Counter("relais_scans", "Codes looked up at a scan station or the scan API", ["outcome"]),
        actions=Counter("relais_device_actions", "Device events written, by action", ["action"]),
        reminders=Counter(
            "relais_reminders", "Reminders sent, failed or skipped, by channel", ["outcome", "channel"]
        ),
        pool_waits=Counter(
            "relais_db_pool_waits", "Connection acquisitions that had to wait for a free one", ["pool"]
        ),
        pool_wait_seconds=Histogram(
            "relais_db_pool_wait_seconds",
            "How long acquisitions that had to wait waited",
            ["pool"],
            buckets=WAIT_BUCKETS,
        ),
    )


# What domains call: no-ops while metrics are off. ------------------------------------------------


def record_scan(outcome: str) -> None:
    if enabled():
        _instruments().scans.labels(outcome).inc()


def record_action(action: str) -> None:
    if enabled():
        _instruments().actions.labels(str(action)).inc()


def record_reminder(outcome: str, channel: str) -> None:
    if enabled():
        _instruments().reminders.labels(outcome, channel).inc()


def _record_pool_wait(pool: str, seconds: float) -> None:
    instruments = _instruments()
    instruments.pool_waits.labels(pool).inc()
    instruments.pool_wait_seconds.labels(pool).observe(seconds)


# Database pools -----------------------------------------------------------------------------------


class _ObservedLock(asyncio.Lock):
    """SQLite's write lock, counting the writers that queue for it."""

    async def acquire(self) -> Literal[True]:
        if not self.locked():
            return await super().acquire()
        started = time.perf_counter()
        result = await super().acquire()
        _record_pool_wait("sqlite_writer", time.perf_counter() - started)
        return result


class _ObservedPool:
    """asyncpg's pool (its attributes are fixed), with acquisitions that wait counted."""

    def __init__(self, pool: Any) -> None:
        self._pool = pool

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)

    async def _acquire(self, timeout: float | None) -> Any:  # noqa: ASYNC109 - asyncpg's signature
        pool = self._pool
        if pool.get_idle_size() > 0 or pool.get_size() < pool.get_max_size():
            return await pool.acquire(timeout=timeout)
        started = time.perf_counter()
        connection = await pool.acquire(timeout=timeout)
        _record_pool_wait("postgres", time.perf_counter() - started)
        return connection

    def acquire(self, *, timeout: float | None = None) -> _ObservedAcquisition:
        return _ObservedAcquisition(self, timeout)


class _ObservedAcquisition:
    """Like asyncpg's acquire(): awaited, or used with `async with`."""

    def __init__(self, pool: _ObservedPool, timeout: float | None) -> None:
        self.pool = pool
        self.timeout = timeout
        self.connection: Any = None

    def __await__(self) -> Any:
        return self.pool._acquire(self.timeout).__await__()

    async def __aenter__(self) -> Any:
        self.connection = await self.pool._acquire(self.timeout)
        return self.connection

    async def __aexit__(self, *exception: object) -> None:
        connection, self.connection = self.connection, None
        await self.pool.release(connection)


def observe_pool(engine: Engine) -> None:
    """Count the waits for a database connection of this engine (once it is started)."""
    if not enabled():
        return
    from inventory.db import RelaisSQLiteEngine, is_postgres

    if is_postgres(engine) and engine.pool is not None:
        if not isinstance(engine.pool, _ObservedPool):
            engine.pool = _ObservedPool(engine.pool)
    elif isinstance(engine, RelaisSQLiteEngine):
        engine._write_lock = _ObservedLock()
        reader = engine.acquire

        async def observed_reader(*, writer: bool = False) -> Any:
            if writer or engine._idle or engine._open < engine.READERS:
                return await reader(writer=writer)
            started = time.perf_counter()
            connection = await reader(writer=writer)
            _record_pool_wait("sqlite_readers", time.perf_counter() - started)
            return connection

        engine.acquire = observed_reader  # type: ignore[method-assign]  # wrapped on this engine only, and only when metrics are on


# Requests -----------------------------------------------------------------------------------------


def observe_requests(settings: Settings) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware timing each request: metrics by route template, and (JSON logs) one line
    per request with its id, route, status, duration and user id."""
    count = settings.metrics_token is not None
    log_lines = settings.log_format == "json"

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = 500

            async def observed_send(message: Any) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, observed_send)
            except BaseException as error:
                status = getattr(error, "status_code", 500)
                raise
            finally:
                elapsed = time.perf_counter() - started
                route = scope.get("path_template") or "unmatched"
                method = scope["method"]
                if count:
                    instruments = _instruments()
                    instruments.requests.labels(method, route, str(status)).inc()
                    instruments.latency.labels(method, route).observe(elapsed)
                if log_lines:
                    user = scope.get("user")
                    log.info(
                        "%s %s %s",
                        method,
                        route,
                        status,
                        extra={
                            "request_id": context.request_id.get() or None,
                            "method": method,
                            "route": route,
                            "status": status,
                            "duration_ms": round(elapsed * 1000, 2),
                            "user_id": getattr(user, "id", None),
                        },
                    )

        return middleware

    return factory


# The scrape ---------------------------------------------------------------------------------------


def _database_families(backlog: int, oldest_age: float) -> list[Any]:
    from prometheus_client.core import GaugeMetricFamily

    return [
        GaugeMetricFamily("relais_reminder_outbox_backlog", "Reminders due and not sent yet", value=backlog),
        GaugeMetricFamily(
            "relais_reminder_oldest_due_age_seconds",
            "How long the oldest reminder due and not sent yet has waited (0 when none)",
            value=oldest_age,
        ),
    ]


class _Gathered:
    def __init__(self, families: list[Any]) -> None:
        self.families = families

    def collect(self) -> list[Any]:
        return self.families


def _exposition(backlog: int, oldest_age: float) -> bytes:
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    _instruments()  # so a scrape before any request still lists every metric
    registry = CollectorRegistry()
    registry.register(_Gathered(_database_families(backlog, oldest_age)))
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY) + generate_latest(registry)


def _authorised(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, offered = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode())


OutboxState = Callable[[datetime], Awaitable[tuple[int, datetime | None]]]
_outbox_state: list[OutboxState] = []


def observe_outbox(state: OutboxState) -> None:
    """Loans say how many reminders are waiting and since when (installed by
    inventory/loans/hooks.py as the app starts): this module serves every domain and imports none."""
    _outbox_state[:] = [state]


@get("/metrics", exclude_from_auth=True, include_in_schema=False)
async def metrics_endpoint(request: Request) -> Response[bytes]:
    """The metrics in the Prometheus text format, to a scraper bearing RELAIS_METRICS_TOKEN."""
    token = get_settings().metrics_token
    if token is None or not _authorised(request, token):
        return Response(
            b"a bearer token is required\n",
            status_code=401,
            media_type="text/plain",
            headers={"www-authenticate": 'Bearer realm="metrics"'},
        )
    backlog, oldest_due = await _outbox_state[0](datetime.now(UTC)) if _outbox_state else (0, None)
    oldest_age = max(0.0, (datetime.now(UTC) - oldest_due).total_seconds()) if oldest_due else 0.0
    return Response(_exposition(backlog, oldest_age), media_type=CONTENT_TYPE)


def route_handlers(settings: Settings) -> list[Any]:
    """What create_app() registers: /metrics only when metrics are on."""
    return [metrics_endpoint] if settings.metrics_token is not None else []


def middleware(settings: Settings) -> list[Any]:
    """The request observer, only when metrics or JSON logs need it (no cost otherwise)."""
    if settings.metrics_token is None and settings.log_format != "json":
        return []
    return [observe_requests(settings)]
