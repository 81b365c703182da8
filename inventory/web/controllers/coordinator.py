"""The coordinator's pages: the dashboard, users and sites."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, QueryParameter

from inventory import offload
from inventory.accounts import policy
from inventory.accounts import service as accounts
from inventory.accounts.guards import ADMIN
from inventory.accounts.schemas import UserCreate
from inventory.devices.vocabulary import Stage
from inventory.errors import DomainError
from inventory.i18n import babel_locale
from inventory.reporting import dashboard
from inventory.sites import service as sites
from inventory.sites.schemas import SiteCreate
from inventory.text import QUERY_TEXT_PATTERN
from inventory.web import charts
from inventory.web.forms import form_dict, parse
from inventory.web.language import current_locale, gettext, said
from inventory.web.pages import go, page, user_of
from inventory.web.vocabulary import TONE_FILLS, label, stage_tone

Done = Annotated[str | None, QueryParameter(name="done", max_length=40, pattern=QUERY_TEXT_PATTERN)]

# Series colours of the monthly chart, one per step of a device's way.
MONTHLY_FILLS = ("#475569", "#1d4ed8", "#15803d", "#b45309", "#0e7490")


def _month_name(month: str) -> str:
    first_day = date(int(month[:4]), int(month[5:]), 1)
    return format_date(first_day, format="MMM yy", locale=babel_locale(current_locale()))


async def _charts() -> dict[str, Any]:
    figures = await dashboard.dashboard()
    stage_chart = charts.horizontal_bars(
        [
            (label(stage, "stage"), count, TONE_FILLS[stage_tone(stage)])
            for stage, count in figures.by_stage.items()
            if count
        ]
    )
    site_chart = charts.horizontal_bars(
        [
            (tally.label if tally.key else gettext("No site"), tally.count, "#1d4ed8")
            for tally in figures.by_site
        ]
    )
    month_chart = charts.grouped_columns(
        [_month_name(month.month) for month in figures.by_month],
        [
            (label(flow, "flow"), [getattr(month, flow) for month in figures.by_month], fill)
            for flow, fill in zip(dashboard.MONTHLY_FLOWS, MONTHLY_FILLS, strict=True)
        ],
    )
    return {
        "figures": figures,
        "stage_chart": stage_chart,
        "site_chart": site_chart,
        "month_chart": month_chart,
        "available": figures.by_stage[Stage.AVAILABLE],
        "on_loan": figures.by_stage[Stage.ON_LOAN],
    }


class CoordinatorController(Controller):
    include_in_schema = False
    guards = [ADMIN]

    @get("/dashboard")
    async def dashboard(self, request: Request) -> Response:
        """Counts by stage, site and month, as charts drawn on the server."""
        return page(request, "coordinator/dashboard.html", **await _charts())

    async def _users(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
        done: str | None = None,
        reset: dict[str, Any] | None = None,
    ) -> Response:
        return page(
            request,
            "coordinator/users.html",
            status_code=status_code,
            users=await accounts.list_users(),
            values=values,
            errors=errors,
            message=message,
            done=done,
            reset=reset,
            min_length=policy.MIN_PASSWORD_LENGTH,
            username_max_length=policy.USERNAME_MAX_LENGTH,
        )

    @get("/admin/users")
    async def users(self, request: Request, done: Done = None) -> Response:
        """Every account, and a form to add one."""
        return await self._users(request, {}, {}, done=done)

    @post("/admin/users")
    async def create_user(self, request: Request) -> Response:
        """Add an account; its password is given to the person by the coordinator."""
        values = form_dict(await request.form())
        # People type names as they come (capitals, full-width letters): the one username rule
        # judges the normalised form, and its own message says what is wrong.
        username = policy.normalise_username(str(values.get("username", "")))
        values["username"] = username
        parsed = parse(UserCreate, values)
        if not parsed.ok:
            errors = dict(parsed.errors)
            problem = policy.username_problem(username)
            if "username" in errors and problem:
                errors["username"] = gettext(problem[0], **problem[1])
            if "password" in errors:
                # Only the schema's limits failed: the policy says which, before it reads any list.
                password_problem = await offload.run(
                    offload.Work.PASSWORD, policy.password_problem, str(values.get("password", "")), username
                )
                if password_problem:
                    errors["password"] = gettext(password_problem[0], **password_problem[1])
            return await self._users(request, values, errors, status_code=400)
        new = parsed.value
        assert new is not None
        try:
            await accounts.create_user(new.username, new.password, new.role, new.school_id, new.language)
        except DomainError as error:
            field = getattr(error, "fields", {}).get("field")
            errors = {str(field): said(error)} if field else {}
            return await self._users(
                request, values, errors, message=said(error), status_code=error.status_code
            )
        return go(request, "/admin/users?done=created")

    @post("/admin/users/{user_id:int}/active")
    async def set_active(
        self, request: Request, user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
    ) -> Response:
        """Deactivate (which ends its sessions at once) or reactivate an account."""
        values = form_dict(await request.form())
        try:
            await accounts.set_active(user_id, values.get("active") == "true", user_of(request))  # type: ignore[arg-type]
        except DomainError as error:
            return await self._users(request, {}, {}, message=said(error), status_code=error.status_code)
        return go(request, "/admin/users?done=updated")

    @post("/admin/users/{user_id:int}/password-reset")
    async def reset_password(
        self, request: Request, user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
    ) -> Response:
        """Give the account a temporary password, shown once on this page; its sessions end and
        it must choose a new password at its next log-in."""
        try:
            reset = await accounts.reset_password(user_id, user_of(request))  # type: ignore[arg-type]
        except DomainError as error:
            return await self._users(request, {}, {}, message=said(error), status_code=error.status_code)
        response = await self._users(request, {}, {}, reset=reset)
        # The temporary password is on this page: never kept by a browser or a proxy.
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _sites(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
        done: str | None = None,
    ) -> Response:
        return page(
            request,
            "coordinator/sites.html",
            status_code=status_code,
            sites=await sites.list_sites(),
            values=values,
            errors=errors,
            message=message,
            done=done,
        )

    @get("/admin/sites")
    async def sites(self, request: Request, done: Done = None) -> Response:
        """Every site, and a form to add one."""
        return await self._sites(request, {}, {}, done=done)

    @post("/admin/sites")
    async def create_site(self, request: Request) -> Response:
        """Add a site (an antenna, a digital public space, the bus, ...)."""
        values = form_dict(await request.form())
        parsed = parse(SiteCreate, values)
        if not parsed.ok:
            return await self._sites(request, values, parsed.errors, status_code=400)
        new = parsed.value
        assert new is not None
        try:
            await sites.create_site(new.code, new.name, new.kind, new.address)
        except DomainError as error:
            return await self._sites(request, values, {"code": said(error)}, status_code=error.status_code)
        return go(request, "/admin/sites?done=created")
