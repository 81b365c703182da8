"""Log-in, log-out, the language switch and the role-aware home page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.response import Redirect

from inventory import text
from inventory.accounts import policy
from inventory.accounts import service as accounts
from inventory.accounts.guards import ANY_ROLE
from inventory.accounts.middleware import SESSION_COOKIE
from inventory.accounts.throttle import client_address
from inventory.errors import DomainError, RetryLater, TooManyAttempts
from inventory.i18n import LOCALES
from inventory.settings import get_settings
from inventory.setup import service as setup
from inventory.text import QUERY_TEXT_PATTERN
from inventory.web.language import LANGUAGE_COOKIE, gettext, said
from inventory.web.pages import HOME_BY_ROLE, go, page, safe_next, user_of

FormBody = Body(media_type=RequestEncodingType.URL_ENCODED)
NextPath = Annotated[str | None, QueryParameter(name="next", max_length=2000, pattern=QUERY_TEXT_PATTERN)]
Done = Annotated[str | None, QueryParameter(name="done", max_length=40)]
PASSWORD_PAGE = "/account/password"


def too_many_attempts(error: RetryLater) -> str:
    """Why a log-in must wait: this name or address (429), or the server's queue (503)."""
    if not isinstance(error, TooManyAttempts):
        return said(error)
    return gettext(
        "Too many failed attempts. Try again in %(seconds)s s.",
        seconds=error.retry_after_seconds,
    )


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
        return page(
            request,
            "account/login.html",
            next_path=safe_next(next_path, ""),
            error="",
            username="",
            first_run=not await setup.has_users(),
        )

    @post("/login", exclude_from_auth=True)
    async def login(
        self,
        request: Request,
        data: Annotated[dict[str, str], FormBody],
        next_path: NextPath = None,
    ) -> Response:
        """Check the credentials; the session cookie holds a token that log-out revokes."""
        # Kept whole: a name too long is no one's, and the throttle counts it all the same.
        username = data.get("username", "")
        if not text.is_single_line(username):
            username = ""  # no account has such a name: a wrong log-in, never a database error
        target = data.get("next") or next_path
        try:
            user = await accounts.authenticate_password(
                username, data.get("password", ""), client_address(request)
            )
        except RetryLater as refusal:
            answer = page(
                request,
                "account/login.html",
                status_code=refusal.status_code,
                error=too_many_attempts(refusal),
                username=username[: policy.USERNAME_MAX_LENGTH],
                next_path=safe_next(target, ""),
            )
            answer.headers["Retry-After"] = str(refusal.retry_after_seconds)
            return answer
        except accounts.NotAuthenticated:
            error = gettext("Wrong username or password.")
            return page(
                request,
                "account/login.html",
                status_code=401,
                error=error,
                username=username[: policy.USERNAME_MAX_LENGTH],
                next_path=safe_next(target, ""),
            )
        issued = await accounts.issue_token(user)
        home = PASSWORD_PAGE if user.must_change_password else safe_next(target, HOME_BY_ROLE[user.role])
        response = Redirect(path=home, status_code=303)
        _session_cookie(response, issued.token, issued.expires_at)
        return response

    def _password_page(
        self,
        request: Request,
        errors: dict[str, str] | None = None,
        message: str = "",
        status_code: int = 200,
        done: str | None = None,
    ) -> Response:
        return page(
            request,
            "account/password.html",
            status_code=status_code,
            errors=errors or {},
            message=message,
            done=done,
            min_length=policy.MIN_PASSWORD_LENGTH,
        )

    @get(PASSWORD_PAGE, guards=[ANY_ROLE])
    async def password_form(self, request: Request, done: Done = None) -> Response:
        """Change one's own password (the only page open after a coordinator's reset)."""
        return self._password_page(request, done=done)

    @post(PASSWORD_PAGE, guards=[ANY_ROLE])
    async def change_password(self, request: Request, data: Annotated[dict[str, str], FormBody]) -> Response:
        """Check the current password (throttled like a log-in), then store the new one; the
        user's other sessions end, this one stays."""
        user = user_of(request)
        assert user is not None  # the guard admitted a signed-in user
        current = data.get("current_password", "")
        new = data.get("new_password", "")
        errors = {}
        for name in ("current_password", "new_password", "confirm_password"):
            if not data.get(name):
                errors[name] = gettext("This field is required.")
        if not errors and new != data.get("confirm_password"):
            errors["confirm_password"] = gettext("The two new passwords differ.")
        if errors:
            return self._password_page(request, errors, status_code=400)
        try:
            await accounts.change_password(
                user, current, new, client_address(request), request.cookies.get(SESSION_COOKIE)
            )
        except RetryLater as refusal:
            answer = self._password_page(
                request, message=too_many_attempts(refusal), status_code=refusal.status_code
            )
            answer.headers["Retry-After"] = str(refusal.retry_after_seconds)
            return answer
        except DomainError as error:
            field = getattr(error, "fields", {}).get("field")
            errors = {str(field): said(error)} if field else {}
            return self._password_page(
                request, errors, message="" if field else said(error), status_code=error.status_code
            )
        return go(request, PASSWORD_PAGE + "?done=changed")

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
    async def choose_language(self, request: Request, data: Annotated[dict[str, str], FormBody]) -> Response:
        """Switch the interface language: for a signed-in user it becomes the account's language
        (which wins on every device); it is also kept in a cookie for the pages before sign-in."""
        response = Redirect(path=safe_next(data.get("next"), "/"), status_code=303)
        language = data.get("language", "")
        if language in LOCALES:
            token = request.cookies.get(SESSION_COOKIE)
            if token:
                try:
                    user = await accounts.user_for_token(token)
                except accounts.NotAuthenticated:
                    user = None
                if user is not None:
                    await accounts.set_language(user.id, language)
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
