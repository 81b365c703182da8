"""The SQLite engine's reader connections: handed over in the order asked for, never lost."""

from __future__ import annotations

import asyncio

from inventory import db


async def test_readers_are_handed_over_first_come_first_served_and_never_lost(tmp_path) -> None:
    engine = db.engine_for_url(f"sqlite:///{tmp_path / 'pool.sqlite3'}")
    assert isinstance(engine, db.RelaisSQLiteEngine)
    try:
        held = [await engine.acquire() for _ in range(engine.READERS)]
        served: list[str] = []

        async def reader(name: str) -> None:
            connection = await engine.acquire()
            served.append(name)
            await asyncio.sleep(0)
            await engine.release(connection)

        first = asyncio.create_task(reader("first"))
        await asyncio.sleep(0)
        cancelled = asyncio.create_task(reader("cancelled"))
        await asyncio.sleep(0)
        second = asyncio.create_task(reader("second"))
        await asyncio.sleep(0)
        cancelled.cancel()
        await engine.release(held.pop())
        # A newcomer arriving while others wait queues behind them.
        late = asyncio.create_task(reader("late"))
        await asyncio.gather(first, second, late, return_exceptions=False)
        assert served == ["first", "second", "late"]
        await engine.release(held.pop())
        # Every connection came back: as many can be taken at once as there are readers.
        again = [await asyncio.wait_for(engine.acquire(), 1) for _ in range(engine.READERS)]
        assert len({id(connection) for connection in again}) == engine.READERS
        for connection in again:
            await engine.release(connection)
        rows = await engine._run_in_new_connection("SELECT 1 AS one")
        assert [dict(row) for row in rows] == [{"one": 1}]
    finally:
        await db.stop(engine)
