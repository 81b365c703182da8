"""HTTP endpoints of sites."""

from typing import Annotated

import msgspec
from litestar import Controller, get, patch, post
from litestar.params import JSONBody, PathParameter
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import ADMIN, STAFF
from inventory.http.pagination import DEFAULT_LIMIT, Cursor, Limit
from inventory.sites import service
from inventory.sites.schemas import SiteCreate, SiteList, SiteOut, SiteUpdate
from inventory.text import NON_BLANK_LINE_PATTERN

SiteCode = Annotated[
    str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN, description="site code")
]


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

    @patch("/{code:str}", guards=[ADMIN])
    async def update_site(self, code: SiteCode, data: JSONBody[SiteUpdate]) -> SiteOut:
        """Change a site's name, kind, address or `active` (admins only); a field left out keeps
        its value, the code never changes. An inactive site takes no new intake nor transfer."""
        changes = {
            name: value for name, value in msgspec.structs.asdict(data).items() if value is not msgspec.UNSET
        }
        return SiteOut(**await service.update_site(code, changes))


# What sites contribute to the app (collected by inventory/app.py).
ROUTE_HANDLERS: list[ControllerRouterHandler] = [SiteController]
