"""Answers of the web UI: pages and partials with their shared context, and redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.plugins.htmx import ClientRedirect, HTMXDetails, HTMXTemplate
from litestar.response import Redirect

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.web.language import N_, translate

# Where each role lands after logging in, and what its navigation offers.
HOME_BY_ROLE: dict[Role, str] = {
    Role.TECHNICIAN: "/scan",
    Role.SOCIAL_WORKER: "/desk",
    Role.SCHOOL: "/school",
    Role.ADMIN: "/dashboard",
}


def user_of(connection: ASGIConnection) -> CurrentUser | None:
    user = connection.scope.get("user")
    return user if isinstance(user, CurrentUser) else None


def signed_in(connection: ASGIConnection) -> CurrentUser:
    """The user of a page whose guard admits only signed-in users."""
    user = user_of(connection)
    if user is None:
        raise NotAuthorizedException()
    return user


def page(
    request: Request,
    template: str,
    *,
    status_code: int = 200,
    trigger: tuple[str, dict[str, Any]] | None = None,
    **context: Any,
) -> HTMXTemplate:
    """A template rendered with what every page needs: the user and the path.

    `trigger` names a client-side event (and its details) that htmx fires once the answer is
    in the page: how the scanner script learns to beep.
    """
    return HTMXTemplate(
        template_name=template,
        status_code=status_code,
        trigger_event=trigger[0] if trigger else None,
        params=trigger[1] if trigger else None,
        after="settle" if trigger else None,
        context={
            "user": user_of(request),
            "path": request.url.path,
            "is_htmx": wants_partial(request),
            **context,
        },
    )


def htmx_of(request: Request) -> HTMXDetails:
    """What htmx sent. Pages get an HTMXRequest; an error raised before routing (the log-in
    check) reaches its handler with a plain request, so the details are read here too."""
    details = getattr(request, "htmx", None)
    return details if isinstance(details, HTMXDetails) else HTMXDetails(request)


def wants_partial(request: Request) -> bool:
    """An htmx request that swaps part of a page (not a history restore, which needs it all)."""
    htmx = htmx_of(request)
    return bool(htmx) and not htmx.history_restore_request and not htmx.boosted


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; anything else (another host, a scheme) falls back to `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def go(request: Request, target: str) -> Response:
    """Post/redirect/get for plain forms; htmx requests are told to navigate themselves."""
    if htmx_of(request):
        return ClientRedirect(redirect_to=target)
    return Redirect(path=target, status_code=303)


def login_url(request: ASGIConnection) -> str:
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    return "/login" if path == "/" else "/login?next=" + quote(path, safe="")


# The main menu of each role: (path, message), translated when shown.
NAVIGATION: dict[Role, list[tuple[str, str]]] = {
    Role.TECHNICIAN: [
        ("/scan", N_("Scan")),
        ("/devices", N_("Devices")),
        ("/loans", N_("Loans")),
        ("/scan/batch", N_("Batch")),
        ("/scan/counts", N_("Stock-take")),
        ("/intake", N_("Intake")),
        ("/intake/import", N_("Import")),
        ("/labels", N_("Labels")),
        ("/donors", N_("Donors")),
        ("/redemptions", N_("School requests")),
    ],
    Role.SOCIAL_WORKER: [
        ("/desk", N_("Desk")),
        ("/loans", N_("Loans")),
        ("/desk/lend", N_("New loan")),
        ("/desk/return", N_("Returns")),
        ("/beneficiaries", N_("Beneficiaries")),
        ("/waiting-list", N_("Waiting list")),
        ("/scan", N_("Scan")),
        ("/devices", N_("Devices")),
    ],
    Role.SCHOOL: [
        ("/school", N_("My school")),
    ],
    Role.ADMIN: [
        ("/dashboard", N_("Dashboard")),
        ("/devices", N_("Devices")),
        ("/loans", N_("Loans")),
        ("/scan", N_("Scan")),
        ("/scan/counts", N_("Stock-take")),
        ("/intake/import", N_("Import")),
        ("/labels", N_("Labels")),
        ("/donors", N_("Donors")),
        ("/redemptions", N_("School requests")),
        ("/desk", N_("Desk")),
        ("/beneficiaries", N_("Beneficiaries")),
        ("/waiting-list", N_("Waiting list")),
        ("/admin/schools", N_("Schools")),
        ("/admin/users", N_("Users")),
        ("/admin/sites", N_("Sites")),
    ],
}


def navigation(user: CurrentUser | None, current_path: str = "") -> list[tuple[str, str, bool]]:
    """(path, text, is the current section) for the user's menu; the longest matching entry wins."""
    if user is None:
        return []
    entries = NAVIGATION[user.role]
    matching = [p for p, _ in entries if current_path == p or current_path.startswith(p.rstrip("/") + "/")]
    current = max(matching, key=len, default="")
    return [(p, translate(message), p == current) for p, message in entries]
