"""Route guards: each one a small function that refuses a role with 403."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser


def current_user(connection: ASGIConnection) -> CurrentUser:
    user = connection.scope.get("user")
    if not isinstance(user, CurrentUser):
        raise NotAuthorizedException("authentication required")
    return user


def requires(*roles: Role) -> Guard:
    """A guard admitting only these roles."""
    allowed = frozenset(roles)

    # Async on purpose: Litestar runs a synchronous guard in a worker thread, on every request.
    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if current_user(connection).role not in allowed:
            raise PermissionDeniedException("your role may not do this")

    guard.__name__ = "requires_" + "_or_".join(sorted(allowed))
    return guard


ADMIN = requires(Role.ADMIN)
WORKSHOP = requires(Role.TECHNICIAN, Role.ADMIN)
STAFF = requires(Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
SOCIAL = requires(Role.SOCIAL_WORKER, Role.ADMIN)
ANY_ROLE = requires(*Role)
