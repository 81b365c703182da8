"""The coordinator's pages: the dashboard, users and sites."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from babel.dates import format_date
from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, QueryParameter

from inventory import offload
from inventory.accounts import policy
from inventory.accounts import service as accounts
from inventory.accounts.guards import ADMIN
from inventory.accounts.schemas import UserCreate, UserUpdate
from inventory.devices.vocabulary import Stage
from inventory.errors import DomainError, InvalidInput
from inventory.i18n import babel_locale
from inventory.reporting import dashboard
from inventory.reporting.impact_report import FIRST_YEAR, LAST_YEAR, impact_pdf
from inventory.schools import service as schools
from inventory.sites import service as sites
from inventory.sites.schemas import SiteCreate, SiteUpdate
from inventory.text import NON_BLANK_LINE_PATTERN, QUERY_TEXT_PATTERN
from inventory.web import charts
from inventory.web.forms import REQUIRED, form_dict, parse
from inventory.web.language import current_locale, gettext, said, told
from inventory.web.pages import go, page, signed_in
from inventory.web.vocabulary import TONE_FILLS, label, stage_tone

Done = Annotated[str | None, QueryParameter(name="done", max_length=40, pattern=QUERY_TEXT_PATTERN)]
ReportYear = Annotated[int, QueryParameter(name="year", ge=FIRST_YEAR, le=LAST_YEAR)]
ReportLanguage = Annotated[str | None, QueryParameter(name="lang", pattern=r"^(fr|nl|en)$")]
SiteCodeParameter = Annotated[str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN)]

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
        this_year = date.today().year
        return page(
            request,
            "coordinator/dashboard.html",
            report_years=list(range(this_year, max(FIRST_YEAR, this_year - 9) - 1, -1)),
            **await _charts(),
        )

    @get("/dashboard/impact.pdf", media_type="application/pdf")
    async def impact_report(self, year: ReportYear, lang: ReportLanguage = None) -> Response[bytes]:
        """The yearly impact report for funders, as the API renders it, in the chosen language
        (the interface's unless `lang` says otherwise)."""
        pdf = await impact_pdf(year, lang or current_locale())
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="impact-{year}.pdf"'},
        )

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
        school_options = await schools.school_names()
        return page(
            request,
            "coordinator/users.html",
            status_code=status_code,
            users=await accounts.list_users(),
            school_options=school_options,
            school_names=dict(school_options),
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
                errors["username"] = told(problem[0], **problem[1])
            if "password" in errors:
                # Only the schema's limits failed: the policy says which, before it reads any list.
                password_problem = await offload.run(
                    offload.Work.PASSWORD, policy.password_problem, str(values.get("password", "")), username
                )
                if password_problem:
                    errors["password"] = told(password_problem[0], **password_problem[1])
            return await self._users(request, values, errors, status_code=400)
        new = parsed.value
        assert new is not None
        try:
            await accounts.check_school_id(new.school_id)
            await accounts.create_user(
                new.username, new.password, new.role, new.school_id, new.language, new.full_name
            )
        except DomainError as error:
            field = getattr(error, "fields", {}).get("field")
            errors = {str(field): said(error)} if field else {}
            return await self._users(
                request, values, errors, message=said(error), status_code=error.status_code
            )
        return go(request, "/admin/users?done=created")

    async def _user_form(
        self,
        request: Request,
        account: dict[str, Any],
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        school_options = await schools.school_names()
        known = {school_id for school_id, _ in school_options}
        return page(
            request,
            "coordinator/user_edit.html",
            status_code=status_code,
            account=account,
            values=values,
            errors=errors,
            message=message,
            school_options=school_options,
            # A school user created with a school id that does not exist: said, to be fixed.
            missing_school=account["school_id"] if account["school_id"] not in (None, *known) else None,
        )

    @get("/admin/users/{user_id:int}/edit")
    async def edit_user_form(
        self, request: Request, user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
    ) -> Response:
        """An account's role, school, language, full name and whether it is active."""
        account = await accounts.get_user(user_id)
        values = {
            "full_name": account["full_name"],
            "role": account["role"],
            "school_id": "" if account["school_id"] is None else str(account["school_id"]),
            "language": account["language"],
            "active": "true" if account["active"] else "false",
        }
        return await self._user_form(request, account, values, {})

    @post("/admin/users/{user_id:int}/edit")
    async def edit_user(
        self, request: Request, user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
    ) -> Response:
        """Save the account with the API's rules: a school user's school must exist."""
        account = await accounts.get_user(user_id)
        values = form_dict(await request.form())
        parsed = parse(UserUpdate, values)
        errors = dict(parsed.errors)
        if not str(values.get("full_name") or "").strip():
            errors["full_name"] = gettext(REQUIRED)
        if values.get("role") == "school" and not str(values.get("school_id") or "").strip():
            errors["school_id"] = gettext(REQUIRED)
        if errors or parsed.value is None:
            return await self._user_form(request, account, values, errors, status_code=400)
        update = parsed.value
        try:
            if isinstance(update.school_id, int):
                await accounts.check_school_id(update.school_id)
            await accounts.update_user(
                user_id,
                signed_in(request),
                active=update.active if isinstance(update.active, bool) else None,
                role=update.role if isinstance(update.role, str) else None,
                school_id=update.school_id if isinstance(update.school_id, int) else None,
                language=update.language if isinstance(update.language, str) else None,
                full_name=update.full_name if isinstance(update.full_name, str) else None,
            )
        except DomainError as error:
            field = getattr(error, "fields", {}).get("field") if isinstance(error, InvalidInput) else None
            errors = {str(field): said(error)} if field else {}
            return await self._user_form(
                request, account, values, errors, message=said(error), status_code=error.status_code
            )
        return go(request, "/admin/users?done=updated")

    @post("/admin/users/{user_id:int}/active")
    async def set_active(
        self, request: Request, user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
    ) -> Response:
        """Deactivate (which ends its sessions at once) or reactivate an account."""
        values = form_dict(await request.form())
        try:
            await accounts.set_active(user_id, values.get("active") == "true", signed_in(request))
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
            reset = await accounts.reset_password(user_id, signed_in(request))
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

    async def _site_form(
        self,
        request: Request,
        site: dict[str, Any],
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            "coordinator/site_edit.html",
            status_code=status_code,
            site=site,
            values=values,
            errors=errors,
            message=message,
        )

    @get("/admin/sites/{code:str}/edit")
    async def edit_site_form(self, request: Request, code: SiteCodeParameter) -> Response:
        """A site's name, kind, address and whether it takes devices."""
        site = await sites.get_site(code)
        values = {**site, "active": "true" if site["active"] else "false"}
        return await self._site_form(request, site, values, {})

    @post("/admin/sites/{code:str}/edit")
    async def edit_site(self, request: Request, code: SiteCodeParameter) -> Response:
        """Save the site with the API's rules (SiteUpdate)."""
        site = await sites.get_site(code)
        values = form_dict(await request.form())
        parsed = parse(SiteUpdate, values)
        errors = dict(parsed.errors)
        if not str(values.get("name") or "").strip():
            errors["name"] = gettext(REQUIRED)
        if errors or parsed.value is None:
            return await self._site_form(request, site, values, errors, status_code=400)
        changes = {
            name: value
            for name, value in msgspec.structs.asdict(parsed.value).items()
            if value is not msgspec.UNSET
        }
        if "address" in values and not str(values.get("address") or "").strip():
            changes["address"] = ""
        await sites.update_site(code, changes)
        return go(request, "/admin/sites?done=updated")
