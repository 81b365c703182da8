"""Authentication: a bearer token for the API, the same token in a session cookie for the web UI."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from inventory.accounts import service

SESSION_COOKIE = "relais_session"

# What a user whose password was reset may still reach: changing it, leaving, and (API) who
# they are; everything else answers 403 with the reason `password_change_required`.
OPEN_WHILE_PASSWORD_CHANGE_REQUIRED = frozenset(
    {
        "/api/v1/auth/password",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/account/password",
        "/logout",
        "/language",
    }
)


def bearer_token(connection: ASGIConnection) -> str | None:
    # Read from the raw ASGI headers (names arrive lower-cased): every request asks, and
    # building Litestar's Headers object for it cost a twentieth of a scan (bench/scan.py).
    for name, value in connection.scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


class TokenAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = bearer_token(connection)
        # The cookie is honoured outside the API only: the web UI's forms carry a CSRF token,
        # API clients send a bearer header, so a forged cross-site API call has no credential.
        if token is None and not connection.scope["path"].startswith("/api/"):
            token = connection.cookies.get(SESSION_COOKIE) or None
        if token is None:
            raise NotAuthorizedException("authentication required")
        try:
            user = await service.user_for_token(token)
        except service.NotAuthenticated as error:
            raise NotAuthorizedException(str(error)) from error
        if user.must_change_password and connection.scope["path"] not in OPEN_WHILE_PASSWORD_CHANGE_REQUIRED:
            # Authenticated all the same, so the web UI's handler can send them to the change page.
            connection.scope["user"] = user
            raise service.PasswordChangeRequired()
        return AuthenticationResult(user=user, auth=token)
