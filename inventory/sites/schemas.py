"""Input and output structs of the sites API."""

from typing import Annotated

from msgspec import Meta, Struct

from inventory.sites.tables import SiteKind


class SiteCreate(Struct, forbid_unknown_fields=True):
    code: Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
    name: Annotated[str, Meta(min_length=1, max_length=200)]
    kind: SiteKind = SiteKind.OTHER
    address: Annotated[str, Meta(max_length=300)] = ""


class SiteOut(Struct):
    id: int
    code: str
    name: str
    kind: SiteKind
    address: str
    active: bool


class SiteList(Struct):
    items: list[SiteOut]
    next_cursor: str | None
