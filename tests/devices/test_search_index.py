"""The device list's search through its index (FTS5 trigram on SQLite, LIKE answered by a
pg_trgm index on PostgreSQL) finds exactly what the folded LIKE found, on both databases:
case and accents ignored, short words too, every word required; the index follows every
write of the key; the counts by stage and the donor and batch choices read indexes only."""

from __future__ import annotations

import msgspec
import pytest

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import search
from inventory.devices import service as devices
from inventory.devices.schemas import DeviceIntake
from inventory.devices.search import DeviceFilter
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category, Stage
from inventory.reporting import figures

TECH = CurrentUser(id=1, username="tech", role=Role.TECHNICIAN, school_id=None)


async def _intake(**fields: str) -> str:
    body = {"category": "laptop", "make": "Dell", "model": "Latitude 5490", **fields}
    return (await devices.intake(DeviceIntake(**body), TECH)).device.asset_tag


async def _found(q: str, **filters) -> list[str]:
    page = await search.find(DeviceFilter(q=q, **filters))
    assert page.total == len(page.rows)
    counts = await figures.devices_by_stage(DeviceFilter(q=q, **filters))
    assert sum(counts.values()) == page.total
    return sorted(row.asset_tag for row in page.rows)


async def _like_found(q: str) -> list[str]:
    """What a plain LIKE on the folded key finds: the meaning the index must keep."""
    query = Device.select(Device.asset_tag)
    for word in search.query_words(q):
        query = query.where(db.contains(Device.search_key, word, case_sensitive=True))
    return sorted(row["asset_tag"] for row in await query)


async def test_the_index_finds_what_the_folded_like_finds(database_url: str) -> None:
    hp = await _intake(
        make="HP", model="EliteBook 840 G5", donor="Société Générale", batch="SG-2026", serial_number="5CG8"
    )
    dell = await _intake(
        donor="Hôpital Saint-Pierre", batch="HSP-1", serial_number="ABC123", donor_ref="Ñandú-7"
    )
    phone = await _intake(
        category="phone", make="Samsung", model="Galaxy A52", donor="Œuvre Ø", serial_number="X"
    )
    cases = {
        "elitebook": [hp],
        "ELITEBOOK société": [hp],
        "societe GENERALE elite": [hp],
        "hopital": [dell],
        "HÔPITAL pierre abc123": [dell],
        "nandu-7": [dell],
        "oeuvre": [phone],
        "hp": [hp],  # two letters: below the trigram index, still found
        "g5 5cg8": [hp],
        "a5": [phone],
        "latitude": [dell],
        "rl-": sorted([hp, dell, phone]),
        "elitebook galaxy": [],
        'quote"s': [],
        "100%": [],
        "under_score": [],
        "nothing-like-this": [],
    }
    for q, expected in cases.items():
        assert await _found(q) == expected, q
        assert await _like_found(q) == expected, q


async def test_a_search_combines_with_the_filters(database_url: str) -> None:
    hp = await _intake(make="HP", model="EliteBook", donor="SPF Finances")
    await _intake(make="HP", model="EliteBook", donor="Proximus")
    await _intake(category="phone", make="HP", model="EliteBook phone", donor="SPF Finances")
    assert await _found("elitebook", donor="SPF Finances", category=Category.LAPTOP) == [hp]
    assert await _found("hp", donor="SPF Finances", category=Category.LAPTOP) == [hp]
    assert await _found("elitebook", stage=Stage.WIPED) == []


async def test_the_index_follows_every_write_of_the_key(database_url: str) -> None:
    """A correction rewrites the key (whatever path writes it): the old words no longer find
    the device, the new ones do; a stage change leaves the key and the index as they were."""
    tag = await _intake(make="Lenovo", model="ThinkPad T480", donor="Proximus")
    row = await devices.get_device(tag)
    changed = {"model": "ThinkCentre M720", "donor": "Électrabel"}
    key = search.search_key({**msgspec.structs.asdict(row), **changed})
    await db.fetch(
        "UPDATE device SET model = {}, donor = {}, search_key = {} WHERE id = {}",
        "ThinkCentre M720",
        "Électrabel",
        key,
        row.id,
    )
    assert await _found("thinkpad") == []
    assert await _found("proximus") == []
    assert await _found("thinkcentre electrabel") == [tag]
    await db.fetch("UPDATE device SET stage = {} WHERE id = {}", Stage.WIPED.value, row.id)
    assert await _found("electrabel", stage=Stage.WIPED) == [tag]
    if not db.is_postgres(db.current_engine()):
        # FTS5 compares its index with the content table and raises if they differ.
        await db.fetch("INSERT INTO device_search (device_search) VALUES ('integrity-check')")


@pytest.mark.parametrize("column", ["donor", "batch"])
async def test_the_choice_lists_hold_each_value_once_in_order(database_url: str, column: str) -> None:
    for value in ["Zèbre", "Alpha", "", "Alpha", "Mid"]:
        await _intake(**{column: value})
    values = await search.distinct_values(getattr(Device, column))
    assert values == ["Alpha", "Mid", "Zèbre"]
    assert len(await search.distinct_values(getattr(Device, column), limit=2)) == 2


async def test_the_choice_lists_refuse_other_columns(database_url: str) -> None:
    with pytest.raises(ValueError):
        await search.distinct_values(Device.notes)
