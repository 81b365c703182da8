"""Log-in, log-out, the language switch and the role-aware home page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.response import Redirect

from inventory import text
from inventory.accounts import service as accounts
from inventory.accounts.guards import ANY_ROLE
from inventory.accounts.middleware import SESSION_COOKIE
from inventory.errors import TooManyAttempts
from inventory.i18n import LOCALES
from inventory.settings import get_settings
from inventory.text import QUERY_TEXT_PATTERN
from inventory.web.language import LANGUAGE_COOKIE, gettext
from inventory.web.pages import HOME_BY_ROLE, page, safe_next, user_of

FormBody = Body(media_type=RequestEncodingType.URL_ENCODED)
NextPath = Annotated[str | None, QueryParameter(name="next", max_length=2000, pattern=QUERY_TEXT_PATTERN)]

# A year: the language is a preference of the device (a shared desk PC, a phone), not a secret.
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


async def _signed_in(request: Request) -> accounts.CurrentUser | None:
    """The user of the session cookie on pages that do not require one (the log-in page)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return await accounts.user_for_token(token)
    except accounts.NotAuthenticated:
        return None


def _session_cookie(response: Response, token: str, expires_at: datetime) -> None:
    seconds = max(0, int((expires_at - accounts.now()).total_seconds()))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=get_settings().https,
    )


class AccountController(Controller):
    include_in_schema = False

    @get("/login", exclude_from_auth=True)
    async def login_form(self, request: Request, next_path: NextPath = None) -> Response:
        """The log-in page; someone already signed in goes to their home page."""
        user = await _signed_in(request)
        if user is not None:
            return Redirect(path=safe_next(next_path, HOME_BY_ROLE[user.role]), status_code=303)
        return page(request, "account/login.html", next_path=safe_next(next_path, ""), error="", username="")

    @post("/login", exclude_from_auth=True)
    async def login(
        self,
        request: Request,
        data: Annotated[dict[str, str], FormBody],
        next_path: NextPath = None,
    ) -> Response:
        """Check the credentials; the session cookie holds a token that log-out revokes."""
        username = data.get("username", "")[:64]
        if not text.is_single_line(username):
            username = ""  # no account has such a name: a wrong log-in, never a database error
        target = data.get("next") or next_path
        try:
            user = await accounts.authenticate_password(username, data.get("password", ""))
        except TooManyAttempts:
            error = gettext("Too many failed attempts. Wait a few minutes and try again.")
            return page(
                request,
                "account/login.html",
                status_code=429,
                error=error,
                username=username,
                next_path=safe_next(target, ""),
            )
        except accounts.NotAuthenticated:
            error = gettext("Wrong username or password.")
            return page(
                request,
                "account/login.html",
                status_code=401,
                error=error,
                username=username,
                next_path=safe_next(target, ""),
            )
        issued = await accounts.issue_token(user)
        response = Redirect(path=safe_next(target, HOME_BY_ROLE[user.role]), status_code=303)
        _session_cookie(response, issued.token, issued.expires_at)
        return response

    @post("/logout", guards=[ANY_ROLE])
    async def logout(self, request: Request) -> Response:
        """End the session: its token is revoked, so a copied cookie is worthless too."""
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await accounts.revoke_token(token)
        response = Redirect(path="/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @post("/language", exclude_from_auth=True)
    async def choose_language(self, data: Annotated[dict[str, str], FormBody]) -> Response:
        """Switch the interface language; the choice is kept in a cookie on this device."""
        response = Redirect(path=safe_next(data.get("next"), "/"), status_code=303)
        language = data.get("language", "")
        if language in LOCALES:
            response.set_cookie(
                LANGUAGE_COOKIE,
                language,
                max_age=LANGUAGE_COOKIE_SECONDS,
                path="/",
                httponly=True,
                samesite="lax",
                secure=get_settings().https,
            )
        return response

    @get("/", guards=[ANY_ROLE])
    async def home(self, request: Request) -> Response:
        """Each role starts on its own page."""
        user = user_of(request)
        assert user is not None  # the guard admitted a signed-in user
        return Redirect(path=HOME_BY_ROLE[user.role], status_code=303)
