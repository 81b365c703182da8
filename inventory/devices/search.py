"""Finding devices in the register: the folded search key every device row carries, and the
filters, sort orders and paging of the device list (web /devices, its CSV and its labels).

Search is case- and accent-insensitive on SQLite and PostgreSQL alike without a function
index: the searched fields are folded once, when they are written, into `device.search_key`
(`inventory.text.search_fold`), and the typed words are folded the same way; each word must
appear somewhere in the key. The key is written by every path that writes those fields
(intake, bulk intake, corrections) through `search_key()` below.

How a word is found depends on the database, never what is found:
- SQLite: words of three characters or more through `device_search`, an FTS5 trigram index of
  the key (kept by triggers, migration devices 2026-12-07T09:00:00): a substring of the key is
  found without reading every row. Shorter words, which a trigram index cannot look up, are a
  LIKE on the key.
- PostgreSQL: a LIKE on the key for every word, which a GIN trigram index (pg_trgm, when the
  database has it) answers for words of three characters or more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from piccolo.columns import Column
from piccolo.columns.combination import And, Where, WhereRaw
from piccolo.query import Select

from inventory import db
from inventory.devices.rows import DEVICE_COLUMNS, DeviceRow, device_row
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category, Funding, Grade, Stage
from inventory.text import search_fold

# The fields a search box looks in, in the order they are folded into the key.
SEARCHED_FIELDS = ("asset_tag", "serial_number", "donor_ref", "make", "model", "donor", "batch")
# A query of more words than this is cut: each word is one LIKE over the filtered rows.
MAX_WORDS = 6
# A trigram index looks up words of at least this many characters.
TRIGRAM = 3
PER_PAGE = 50


def search_key(values: Mapping[str, Any]) -> str:
    """The folded text a device is found by, from its row (or intake) values."""
    return search_fold(" ".join(str(values.get(name) or "") for name in SEARCHED_FIELDS))


def query_words(q: str | None) -> list[str]:
    return search_fold(q or "").split()[:MAX_WORDS]


class Sort(StrEnum):
    """The columns the device list can be sorted by (the default: newest intake first)."""

    ASSET_TAG = "asset_tag"
    CATEGORY = "category"
    MAKE = "make"
    MODEL = "model"
    DONOR = "donor"
    BATCH = "batch"
    SITE = "site"
    STAGE = "stage"
    GRADE = "grade"
    UPDATED = "updated_at"


def _sort_column(sort: Sort) -> Column:
    return {
        Sort.ASSET_TAG: Device.id,  # tags are numbered in intake order: the id is the same order
        Sort.CATEGORY: Device.category,
        Sort.MAKE: Device.make_key,
        Sort.MODEL: Device.model,
        Sort.DONOR: Device.donor,
        Sort.BATCH: Device.batch,
        Sort.SITE: Device.site.name,
        Sort.STAGE: Device.stage,
        Sort.GRADE: Device.grade,
        Sort.UPDATED: Device.updated_at,
    }[sort]


@dataclass(frozen=True)
class DeviceFilter:
    """What the device list shows: every field optional, all of them must hold."""

    q: str = ""
    stage: Stage | None = None
    category: Category | None = None
    site: str = ""  # a site code; "-" for devices with no site
    donor: str = ""
    batch: str = ""
    grade: Grade | None = None
    funding: Funding | None = None

    def is_empty(self) -> bool:
        return self == DeviceFilter()

    def without(self, name: str) -> DeviceFilter:
        cleared: Any = DeviceFilter.__dataclass_fields__[name].default
        return replace(self, **{name: cleared})


NO_SITE = "-"


def _fts_string(word: str) -> str:
    """A word as an FTS5 string: a trigram index finds it anywhere in the key, as LIKE would."""
    return '"' + word.replace('"', '""') + '"'


def _text_conditions(words: list[str]) -> list[Where | WhereRaw]:
    if db.is_postgres(db.current_engine()):
        return [db.contains(Device.search_key, word, case_sensitive=True) for word in words]
    indexed = [word for word in words if len(word) >= TRIGRAM]
    where: list[Where | WhereRaw] = []
    if indexed:
        where.append(
            WhereRaw(
                "device.id IN (SELECT rowid FROM device_search WHERE device_search MATCH {})",
                " AND ".join(_fts_string(word) for word in indexed),
            )
        )
    short = [word for word in words if len(word) < TRIGRAM]
    return where + [db.contains(Device.search_key, word, case_sensitive=True) for word in short]


def conditions(wanted: DeviceFilter) -> list[Where | And | WhereRaw]:
    """The filter as WHERE conditions on `device` (its site code compared through the join)."""
    where: list[Where | And | WhereRaw] = []
    if wanted.stage:
        where.append(Device.stage == wanted.stage.value)
    if wanted.category:
        where.append(Device.category == wanted.category.value)
    if wanted.grade:
        where.append(Device.grade == wanted.grade.value)
    if wanted.funding:
        where.append(Device.funding == wanted.funding.value)
    if wanted.donor:
        where.append(Device.donor == wanted.donor)
    if wanted.batch:
        where.append(Device.batch == wanted.batch)
    if wanted.site == NO_SITE:
        where.append(Device.site.is_null())
    elif wanted.site:
        where.append(Device.site.code == wanted.site.strip().lower())
    where += _text_conditions(query_words(wanted.q))
    return where


def filtered(query: Select[Any], wanted: DeviceFilter) -> Select[Any]:
    for condition in conditions(wanted):
        query = query.where(condition)
    return query


@dataclass
class DevicePage:
    rows: list[DeviceRow]
    total: int
    page: int
    pages: int
    per_page: int = PER_PAGE
    first: int = field(init=False)

    def __post_init__(self) -> None:
        self.first = (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


async def count(wanted: DeviceFilter) -> int:
    query = Device.count()
    for condition in conditions(wanted):
        query = query.where(condition)
    return int(await query)


async def find(
    wanted: DeviceFilter,
    *,
    sort: Sort | None = None,
    descending: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
    total: int | None = None,
) -> DevicePage:
    """One page of the filter's devices, and how many there are in all.

    Pages are numbered (links a person can bookmark); a page past the last shows the last.
    `total` may be given when the caller counted already.
    """
    total = await count(wanted) if total is None else total
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    query = filtered(Device.select(*DEVICE_COLUMNS), wanted)
    if sort is None:
        query = query.order_by(Device.id, ascending=False)
    else:
        query = query.order_by(_sort_column(sort), ascending=not descending)
        query = query.order_by(Device.id, ascending=not descending)
    rows = [device_row(row) for row in await query.limit(per_page).offset((page - 1) * per_page)]
    return DevicePage(rows=rows, total=total, page=page, pages=pages, per_page=per_page)


async def tags(wanted: DeviceFilter, limit: int) -> list[str]:
    """The asset tags of the filter's devices, in intake order, at most `limit` of them."""
    rows = await filtered(Device.select(Device.asset_tag), wanted).order_by(Device.id).limit(limit)
    return [row["asset_tag"] for row in rows]


async def exact_match(wanted: DeviceFilter) -> str | None:
    """The asset tag of the device the search text names exactly (its asset tag, serial number
    or donor reference, as a scan reads them), if one device alone has that code and it is
    within the filter. Index lookups only: call it when the filter found one device."""
    code = (wanted.q or "").strip().upper()
    if not code:
        return None
    rows = await filtered(
        Device.select(Device.asset_tag).where(
            (Device.asset_tag == code) | (Device.serial_key == code) | (Device.donor_ref_key == code)
        ),
        wanted,
    ).limit(2)
    return rows[0]["asset_tag"] if len(rows) == 1 else None


CHOICE_COLUMNS = ("donor", "batch")


async def distinct_values(column: Column, limit: int = 500) -> list[str]:
    """The values of a text column (donor, batch) for a filter's choices, in the database's
    order (alphabetical), at most `limit`.

    Asked at every full load of the list, so it reads one index entry per distinct value (the
    column's (value, stage) index, from the smallest value up), never every device: a loose
    index scan that SQLite and PostgreSQL both run as a few hundred index lookups at most.
    """
    name = column._meta.db_column_name
    if name not in CHOICE_COLUMNS:
        raise ValueError(name)
    rows = await db.fetch(
        f"""WITH RECURSIVE choice (value) AS (
            SELECT MIN({name}) FROM device WHERE {name} > ''
            UNION ALL
            SELECT (SELECT MIN({name}) FROM device WHERE {name} > choice.value)
            FROM choice WHERE choice.value IS NOT NULL
        )
        SELECT value FROM choice WHERE value IS NOT NULL LIMIT {{}}""",  # noqa: S608
        limit,
    )
    return [row["value"] for row in rows]
