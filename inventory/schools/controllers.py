"""HTTP endpoints of schools."""

from litestar.types import ControllerRouterHandler

ROUTE_HANDLERS: list[ControllerRouterHandler] = []
