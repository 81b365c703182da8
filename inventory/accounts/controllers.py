"""HTTP endpoints of accounts: tokens and users."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, patch, post
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body, JSONBody, PathParameter
from litestar.types import ControllerRouterHandler
from msgspec import UNSET

from inventory.accounts import service
from inventory.accounts.guards import ADMIN, ANY_ROLE
from inventory.accounts.middleware import bearer_token
from inventory.accounts.schemas import (
    Me,
    PasswordChange,
    PasswordReset,
    PasswordResetOut,
    TokenOut,
    TokenRequest,
    UserCreate,
    UserList,
    UserOut,
    UserUpdate,
)
from inventory.accounts.service import CurrentUser
from inventory.accounts.throttle import client_address
from inventory.http.openapi import BUSY, THROTTLED
from inventory.http.pagination import DEFAULT_LIMIT, Cursor, Limit


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["accounts"]

    @post("/token", exclude_from_auth=True, status_code=200, security=[], responses={**THROTTLED, **BUSY})
    async def create_token(self, request: Request, data: JSONBody[TokenRequest]) -> TokenOut:
        """Exchange a username and password for a bearer token.

        Failed attempts slow down per username and per client address: 429 with Retry-After.
        A user whose password was reset gets a token that only changes the password.
        """
        try:
            user = await service.authenticate_password(data.username, data.password, client_address(request))
        except service.NotAuthenticated as error:
            raise NotAuthorizedException("invalid username or password") from error
        issued = await service.issue_token(user)
        return TokenOut(
            token=issued.token,
            token_type="bearer",
            role=issued.role,
            expires_at=issued.expires_at,
            must_change_password=user.must_change_password,
        )

    @post("/logout", guards=[ANY_ROLE], status_code=204)
    async def revoke(self, request: Request) -> None:
        """Revoke the token this request carries."""
        token = bearer_token(request)
        if token:
            await service.revoke_token(token)

    @get("/me", guards=[ANY_ROLE])
    async def me(self, request: Request[CurrentUser, str, State]) -> Me:
        """Who the token belongs to."""
        user = request.user
        return Me(
            user.id,
            user.username,
            user.role,
            user.school_id,
            user.language,
            user.must_change_password,
            user.full_name,
        )

    @post("/password", guards=[ANY_ROLE], status_code=204, responses={**THROTTLED, **BUSY})
    async def change_password(
        self, request: Request[CurrentUser, str, State], data: JSONBody[PasswordChange]
    ) -> None:
        """Change your own password, giving the current one (throttled like a log-in); your
        other sessions and tokens end, this one stays."""
        await service.change_password(
            request.user,
            data.current_password,
            data.new_password,
            client_address(request),
            bearer_token(request),
        )


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["accounts"]
    guards = [ADMIN]

    @post("/", responses=BUSY)
    async def create_user(self, data: JSONBody[UserCreate]) -> UserOut:
        """Create a user (admins only); school users need the school they belong to."""
        # A school user's school must exist (accounts.service.check_school_id, for the pages too).
        await service.check_school_id(data.school_id)
        user = await service.create_user(
            data.username,
            data.password,
            data.role,
            data.school_id,
            data.language,
            data.full_name,
            email=data.email,
        )
        return UserOut(**user)

    @get("/")
    async def list_users(self, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> UserList:
        """Users, in the order they were created."""
        result = await service.users_page(limit=limit, cursor=cursor)
        return UserList(items=[UserOut(**row) for row in result["items"]], next_cursor=result["next_cursor"])

    @patch("/{user_id:int}")
    async def update_user(
        self,
        request: Request[CurrentUser, str, State],
        user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)],
        data: JSONBody[UserUpdate],
    ) -> UserOut:
        """Change a user's role, school, language, full name, e-mail or whether it is active.

        Only the fields sent change. A role other than `school` clears the school; `school`
        needs the `school_id` of an existing school (400 otherwise), which also fixes a school
        user created with a wrong one. Deactivation ends its tokens at once. A coordinator can
        neither deactivate nor demote their own account (409).
        """
        if isinstance(data.school_id, int):
            await service.check_school_id(data.school_id)
        row = await service.update_user(
            user_id,
            request.user,
            active=None if data.active is UNSET else data.active,
            role=None if data.role is UNSET else data.role,
            school_id=data.school_id,
            language=None if data.language is UNSET else data.language,
            full_name=None if data.full_name is UNSET else data.full_name,
            email=data.email,
        )
        return UserOut(**row)

    @post("/{user_id:int}/password-reset", status_code=200, responses=BUSY)
    async def reset_password(
        self,
        request: Request[CurrentUser, str, State],
        user_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)],
        data: Annotated[PasswordReset | None, Body()] = None,
    ) -> PasswordResetOut:
        """Give a user a temporary password (the one sent, else a generated one, returned once);
        they must change it at their next log-in, and their sessions end at once."""
        reset = await service.reset_password(user_id, request.user, data.password if data else None)
        return PasswordResetOut(**reset)


# What accounts contribute to the app (collected by inventory/app.py).
ROUTE_HANDLERS: list[ControllerRouterHandler] = [AuthController, UserController]
