"""HTTP endpoints of sites."""

from litestar import Controller, get, post
from litestar.params import JSONBody
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import ADMIN, STAFF
from inventory.http.pagination import DEFAULT_LIMIT, Cursor, Limit
from inventory.sites import service
from inventory.sites.schemas import SiteCreate, SiteList, SiteOut


class SiteController(Controller):
    path = "/api/v1/sites"
    tags = ["sites"]

    @post("/", guards=[ADMIN])
    async def create_site(self, data: JSONBody[SiteCreate]) -> SiteOut:
        """Register a site (admins only)."""
        return SiteOut(**await service.create_site(data.code, data.name, data.kind, data.address))

    @get("/", guards=[STAFF])
    async def list_sites(self, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> SiteList:
        """Sites, in the order they were registered."""
        result = await service.sites_page(limit=limit, cursor=cursor)
        return SiteList(
            items=[SiteOut(**row) for row in result["items"]],
            next_cursor=result["next_cursor"],
        )


# What sites contribute to the app (collected by inventory/app.py).
ROUTE_HANDLERS: list[ControllerRouterHandler] = [SiteController]
