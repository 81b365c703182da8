"""Use cases of sites: create, list, and resolve a site code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from piccolo.columns import Column

from inventory import db
from inventory.errors import N_, Conflict, InvalidInput, NotFound
from inventory.http.pagination import keyset_page
from inventory.sites.tables import Site, SiteKind

SITE_COLUMNS = (Site.id, Site.code, Site.name, Site.kind, Site.address, Site.active)


async def create_site(code: str, name: str, kind: SiteKind, address: str = "") -> dict:
    code = code.strip().lower()
    try:
        async with db.transaction():
            if await Site.exists().where(Site.code == code):
                raise Conflict(N_("site code '%(code)s' is already used"), values={"code": code})
            rows = await Site.insert(
                Site(code=code, name=name, kind=kind, address=address, created_at=datetime.now(UTC))
            ).returning(*SITE_COLUMNS)
    except Exception as error:
        if db.is_unique_violation(error):
            raise Conflict(N_("site code '%(code)s' is already used"), values={"code": code}) from error
        raise
    return rows[0]


async def get_site(code: str) -> dict:
    row = await Site.select(*SITE_COLUMNS).where(Site.code == code.strip().lower()).first()
    if row is None:
        raise NotFound(N_("no site '%(code)s'"), values={"code": code})
    return row


async def update_site(code: str, changes: dict[str, object]) -> dict:
    """Change a site's name, kind, address or active flag (`changes` by column name)."""
    allowed = {"name": Site.name, "kind": Site.kind, "address": Site.address, "active": Site.active}
    values: dict[Column | str, Any] = {
        allowed[name]: value for name, value in changes.items() if name in allowed
    }
    async with db.transaction():
        site = await get_site(code)
        if values:
            await Site.update(values).where(Site.id == site["id"])
        return await get_site(code)


async def list_sites() -> list[dict]:
    return await Site.select(*SITE_COLUMNS).order_by(Site.code)


async def sites_page(*, limit: int, cursor: str | None) -> dict[str, Any]:
    return await keyset_page(Site.select(*SITE_COLUMNS), Site.id, limit, cursor)


async def site_ids(codes: Iterable[str]) -> dict[str, int]:
    """The ids of the active sites among these codes, by their stored (lower-case) code."""
    wanted = sorted({code.strip().lower() for code in codes})
    if not wanted:
        return {}
    rows = await Site.select(Site.id, Site.code).where(
        Site.code.is_in(wanted) & (Site.active == True)  # noqa: E712
    )
    return {row["code"]: row["id"] for row in rows}


async def site_id(code: str, *, field: str = "site") -> int:
    """The id of an active site, or a 400 naming the unknown code."""
    row = (
        await Site.select(Site.id)
        .where((Site.code == code.strip().lower()) & (Site.active == True))  # noqa: E712
        .first()
    )
    if row is None:
        raise InvalidInput(N_("unknown site '%(code)s'"), values={"code": code}, field=field)
    return row["id"]
