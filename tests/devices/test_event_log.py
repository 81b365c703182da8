"""Events are append-only in the database itself, whatever code path tries to change them."""

from __future__ import annotations

import pytest

from inventory.devices.tables import Event
from tests.helpers import device_at


async def test_the_database_refuses_to_update_or_delete_events(client, auth) -> None:
    await device_at(client, auth.technician, "wiped")
    with pytest.raises(Exception, match="append-only"):
        await Event.update({Event.actor: "someone else"}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await Event.delete(force=True)
    assert {row["actor"] for row in await Event.select(Event.actor)} == {"tech"}
    assert await Event.count() == 2


async def test_postgresql_refuses_to_truncate_events(client, auth, backend) -> None:
    """SQLite has no TRUNCATE (its DELETE without WHERE meets the delete trigger above)."""
    await device_at(client, auth.technician, "wiped")
    if backend == "postgres":
        with pytest.raises(Exception, match="append-only"):
            await Event.raw("TRUNCATE device_event CASCADE")
    else:
        with pytest.raises(Exception, match="append-only"):
            await Event.raw("DELETE FROM device_event")
    assert await Event.count() == 2
