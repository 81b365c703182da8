"""The first-run pages: `/setup/<token>` asks for the first coordinator's account, then signs
them in. Public (no one can log in yet), CSRF-checked like every form, and 404 once used."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from litestar.response import Redirect

from inventory.accounts import policy
from inventory.accounts import service as accounts
from inventory.setup import service
from inventory.web.controllers.account import FormBody, _session_cookie
from inventory.web.language import current_locale, gettext, said
from inventory.web.pages import HOME_BY_ROLE, page

SetupToken = Annotated[str, Parameter(max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]
FIELDS = ("username", "full_name", "language", "password", "confirm_password")


class SetupPages(Controller):
    path = "/setup"
    include_in_schema = False

    def _form(
        self,
        request: Request,
        token: str,
        values: dict[str, str],
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            "account/setup.html",
            status_code=status_code,
            token=token,
            values={name: values.get(name, "") for name in ("username", "full_name", "language")},
            errors=errors or {},
            min_length=policy.MIN_PASSWORD_LENGTH,
            full_name_max_length=service.FULL_NAME_MAX_LENGTH,
        )

    @get("/{token:str}", exclude_from_auth=True)
    async def setup_form(self, request: Request, token: SetupToken) -> Response:
        """The first coordinator's account form; 404 for an unknown or used token."""
        if not await service.is_open(token):
            raise NotFoundException()
        return self._form(request, token, {"language": current_locale()})

    @post("/{token:str}", exclude_from_auth=True)
    async def create_account(
        self, request: Request, token: SetupToken, data: Annotated[dict[str, str], FormBody]
    ) -> Response:
        """Create the coordinator, use the token up, and sign them in."""
        values = {name: data.get(name, "") for name in FIELDS}
        errors = {}
        for name in FIELDS:
            if not values[name]:
                errors[name] = gettext("This field is required.")
        if not errors and values["password"] != values["confirm_password"]:
            errors["confirm_password"] = gettext("The two new passwords differ.")
        if errors:
            return self._form(request, token, values, errors, status_code=400)
        account = service.FirstAccount(
            username=values["username"],
            full_name=values["full_name"],
            language=values["language"],
            password=values["password"],
        )
        try:
            user = await service.create_first_coordinator(token, account)
        except service.SetupRefused as refusal:
            errors = {name: said(problem) for name, problem in refusal.problems.items()}
            return self._form(request, token, values, errors, status_code=400)
        issued = await accounts.issue_token(user)
        response = Redirect(path=HOME_BY_ROLE[user.role], status_code=303)
        _session_cookie(response, issued.token, issued.expires_at)
        return response
