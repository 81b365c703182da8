"""Input and output structs of the sites API."""

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from inventory import text
from inventory.sites.tables import Site, SiteKind

SiteCode = Annotated[str, Meta(min_length=1, max_length=Site.code.length, pattern=r"^[A-Za-z0-9_-]+$(?!\n)")]
SiteName = Annotated[str, text.line_meta(Site.name, required=True)]
SiteAddress = Annotated[str, text.line_meta(Site.address)]


class SiteCreate(Struct, forbid_unknown_fields=True):
    code: SiteCode
    name: SiteName
    kind: SiteKind = SiteKind.OTHER
    address: SiteAddress = ""


class SiteUpdate(Struct, forbid_unknown_fields=True):
    """A site's name, kind, address or whether it takes devices; a field left out keeps its
    value. The code never changes: devices, loans and exports name the site by it."""

    name: SiteName | UnsetType = UNSET
    kind: SiteKind | UnsetType = UNSET
    address: SiteAddress | UnsetType = UNSET
    # An inactive site takes no new device (intake, transfer); those there stay listed.
    active: bool | UnsetType = UNSET


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
