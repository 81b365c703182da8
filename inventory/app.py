"""create_app(): plugins, routers, exception handlers and lifespan.

The composition root of the service: it collects what each domain contributes (its
controllers' ROUTE_HANDLERS, its jobs through inventory/scheduler.py, its hooks through
inventory/hooks.py). Nothing below imports this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

from litestar import Litestar
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.htmx import HTMXConfig, HTMXPlugin

from inventory import db, hooks, logs, metrics, offload, scheduler
from inventory.accounts.controllers import ROUTE_HANDLERS as ACCOUNT_ROUTES
from inventory.accounts.middleware import TokenAuthenticationMiddleware
from inventory.devices.controllers import ROUTE_HANDLERS as DEVICE_ROUTES
from inventory.health import health
from inventory.http import openapi
from inventory.http.bodies import RelaisRequest
from inventory.http.errors import EXCEPTION_HANDLERS
from inventory.http.openapi import ClosedStructSchemaPlugin
from inventory.http.params import parameter_guard_middleware
from inventory.http.security import add_security_headers, request_guard_middleware
from inventory.loans.controllers import ROUTE_HANDLERS as LOAN_ROUTES
from inventory.reporting.controllers import ROUTE_HANDLERS as REPORT_ROUTES
from inventory.schools.controllers import ROUTE_HANDLERS as SCHOOL_ROUTES
from inventory.settings import Settings, get_settings, use_settings
from inventory.sites.controllers import ROUTE_HANDLERS as SITE_ROUTES
from inventory.web.routes import static_files_router, template_config, web_router

PUBLIC_PATHS = ["^/health$", "^/schema", "^/api/v1/auth/token$"]
# What the worker processes draw (offload.Work.PRINT_BATCH), imported in each as the server starts.
BATCH_DOCUMENT_MODULES = (
    "inventory.loans.letters",
    "inventory.reporting.impact_report",
    "inventory.schools.voucher_pdf",
    "inventory.devices.certificate",
    "labels.render",
)


def create_app(settings: Settings | None = None, *, manage_engine: bool = True) -> Litestar:
    """The Relais ASGI app. Tests pass their settings and bind the engine themselves."""
    logs.install()
    if settings is not None:
        use_settings(settings)
    settings = get_settings()
    hooks.install()

    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        engine = db.current_engine()
        if not manage_engine:
            yield
            return
        engine = db.engine_for_url(settings.database_url)
        db.use_engine(engine)
        await db.start(engine)
        metrics.observe_pool(engine)
        jobs = scheduler.build_scheduler(scheduler.domain_jobs())
        jobs.start()
        offload.prefer_the_loop()
        workers = asyncio.create_task(offload.start_workers(BATCH_DOCUMENT_MODULES))
        # What start-up built (routes, signature models, templates) lives as long as the
        # process: kept out of the garbage collector's full passes, which otherwise walk it
        # again and again under load (bench/scan.py).
        gc.freeze()
        try:
            yield
        finally:
            # Requests in flight are done (uvicorn waits for them on SIGTERM); a reminder sweep
            # finishes its current send and releases the reminders it claimed but did not send.
            await scheduler.stop(jobs)
            workers.cancel()
            await db.stop(engine)

    app = Litestar(
        route_handlers=[
            health,
            *ACCOUNT_ROUTES,
            *SITE_ROUTES,
            *DEVICE_ROUTES,
            *LOAN_ROUTES,
            *SCHOOL_ROUTES,
            *REPORT_ROUTES,
            *metrics.route_handlers(settings),
            web_router(settings),
            static_files_router(),
        ],
        plugins=[HTMXPlugin(HTMXConfig(set_request_class_globally=False)), ClosedStructSchemaPlugin()],
        template_config=template_config(),
        request_class=RelaisRequest,
        middleware=[
            request_guard_middleware(settings.allowed_hosts),
            *metrics.middleware(settings),
            DefineMiddleware(TokenAuthenticationMiddleware, exclude=PUBLIC_PATHS),
            parameter_guard_middleware,
        ],
        before_send=[add_security_headers],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_request_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Relais",
            version="1",
            path="/schema",
            render_plugins=openapi.render_plugins(PUBLIC_PATHS),
            security=[{"bearer": []}],
            components=Components(security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}),
        ),
        lifespan=[lifespan],
        debug=False,
        # Logging is configured by `relais serve` (inventory/logs.py: plain or JSON), not by Litestar.
        logging_config=None,
    )
    return app
