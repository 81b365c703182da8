"""What create_app() needs for the web UI: its router, static files and CSRF configuration."""

from __future__ import annotations

import hashlib

from litestar import Request, Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.plugins.htmx import HTMXRequest
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from inventory.settings import Settings
from inventory.web.controllers.account import AccountController
from inventory.web.controllers.coordinator import CoordinatorController
from inventory.web.controllers.exports import ExportDownloads
from inventory.web.controllers.lists import DeviceList, LoanList
from inventory.web.controllers.operations import ImportPages, StockTakePages
from inventory.web.controllers.school import RedemptionDesk, SchoolAdministration, SchoolEditing, SchoolPortal
from inventory.web.controllers.setup import SetupPages
from inventory.web.controllers.social import SocialDesk
from inventory.web.controllers.verify import CertificateVerification
from inventory.web.controllers.workshop import (
    CertificateBundlePages,
    DeviceActionPages,
    DonorPages,
    IntakePages,
    LabelPages,
    ScanStation,
)
from inventory.web.errors import WEB_EXCEPTION_HANDLERS
from inventory.web.language import use_locale
from inventory.web.templating import STATIC_DIR, template_config

__all__ = ["static_files_router", "template_config", "web_router"]

CSRF_COOKIE = "relais_csrf"


async def _set_locale(request: Request) -> None:
    use_locale(request)


def web_router(settings: Settings) -> Router:
    """The pages, with what only they need: CSRF checks on their forms and htmx's request.

    Both are set here rather than app-wide so that API calls (bearer tokens, no forms) do not
    pay for them on every request (bench/scan.py).
    """
    handlers: list[ControllerRouterHandler] = [
        AccountController,
        SetupPages,
        DeviceList,
        LoanList,
        ScanStation,
        DeviceActionPages,
        StockTakePages,
        IntakePages,
        ImportPages,
        LabelPages,
        CoordinatorController,
        ExportDownloads,
        SocialDesk,
        SchoolPortal,
        RedemptionDesk,
        SchoolAdministration,
        SchoolEditing,
        CertificateVerification,
        CertificateBundlePages,
        DonorPages,
    ]
    return Router(
        path="/",
        route_handlers=handlers,
        exception_handlers=WEB_EXCEPTION_HANDLERS,
        before_request=_set_locale,
        include_in_schema=False,
        middleware=[DefineMiddleware(CSRFMiddleware, config=csrf_config(settings))],
        request_class=HTMXRequest,
    )


def static_files_router() -> Router:
    # URLs carry a content hash (templating.static_url), so a long cache lifetime is safe;
    # it matters on the bus's mobile connection.
    return create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        opt={"exclude_from_auth": True},
        cache_control=CacheControlHeader(max_age=31_536_000, public=True),
        include_in_schema=False,
    )


def csrf_config(settings: Settings) -> CSRFConfig:
    """Every web form carries a token that must match this cookie; the API uses bearer tokens."""
    secret = hashlib.sha256(f"csrf:{settings.secret_key}".encode()).hexdigest()
    return CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        cookie_secure=settings.https,
        cookie_httponly=True,
        cookie_samesite="lax",
    )
